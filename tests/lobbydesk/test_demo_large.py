"""The large demo, made small: a seeded community with years of history, and `lobbydesk archive` on it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desk.clock import FixedClock
from desk.ledger import Charge, Payment, PaymentStatus
from desk.queue import QueueTicket
from desk.repairs import Repair
from desk.store import Store
from desk.units import Unit
from lobbydesk.cli import main
from lobbydesk.demo import DEMO_UNIT
from lobbydesk.demo_community import DEMO_SECOND_UNIT
from lobbydesk.demo_large import LARGE, CommunitySize, generate_community, seed_large_demo
from lobbydesk.settings import load_settings
from lobbydesk.site import Site
from sync.xlsx import XlsxWorkbook

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2022, 6, 15, 9, 0, tzinfo=SHANGHAI)
SMALL = LARGE.scaled(0.01)  # 20 buildings of one unit (the years stay five), 500 repairs, 1,500 tickets


def generated(path: Path, size: CommunitySize = SMALL, seed: int = 2026) -> tuple[Store, dict[str, int]]:
    store = Store(path)
    store.open()
    return store, generate_community(store, "DEMO", NOW, size, seed=seed)


def bodies(store: Store) -> list[tuple[str, str]]:
    with store.transaction() as tx:
        return [(record.id, record.model_dump_json()) for kind in (Charge, Repair, QueueTicket)
                for record in tx.find(kind)]


def test_the_scaled_community_has_five_years_of_monthly_charges_and_the_counts_asked_for(tmp_path: Path) -> None:
    store, counts = generated(tmp_path / "a.sqlite3")

    assert counts["Units"] == SMALL.buildings * SMALL.units_per_building == 20
    assert counts["Charges"] == 20 * 60 * 2  # two fees a month, five years
    assert counts["Repairs"] == SMALL.repairs and counts["Queue"] == SMALL.tickets
    with store.transaction() as tx:
        periods = {charge.period for charge in tx.find(Charge)}
        payments = tx.find(Payment)
        assert tx.last_revision() == sum(counts.values())  # one version each, numbered in order
    assert min(periods) == "2017-07" and max(periods) == "2022-06"
    assert {payment.status for payment in payments} >= {PaymentStatus.CONFIRMED, PaymentStatus.PENDING}
    store.close()


def test_the_same_seed_and_time_give_the_same_community_and_another_seed_another(tmp_path: Path) -> None:
    first, _ = generated(tmp_path / "a.sqlite3")
    second, _ = generated(tmp_path / "b.sqlite3")
    other, _ = generated(tmp_path / "c.sqlite3", seed=7)

    assert bodies(first) == bodies(second)
    assert bodies(first) != bodies(other)
    for store in (first, second, other):
        store.close()


def test_the_numbers_go_on_where_the_history_stopped(tmp_path: Path) -> None:
    store, counts = generated(tmp_path / "a.sqlite3")
    with store.transaction() as tx:
        assert tx.next_in_sequence("repairs:DEMO") == counts["Repairs"] + 1
        assert tx.next_in_sequence("receipt:DEMO:2022") > 1
    store.close()


def test_the_large_demo_seeds_once_with_its_logins_and_syncs_the_workbook(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path, site_code="DEMO", workbook=f"xlsx://{tmp_path / 'workbook.xlsx'}",
                             printer="none")
    site = Site(settings, clock=FixedClock(NOW))
    site.open()
    said: list[str] = []
    try:
        added = seed_large_demo(site, SMALL, say=said.append)
        assert seed_large_demo(site, SMALL, say=said.append) == 0  # a second start adds nothing
        unit = site.units.find("1", "101")
        assert unit is not None
    finally:
        site.close()
    assert added > 5_000
    assert any(line.startswith("  first sync:") for line in said)
    book = XlsxWorkbook(tmp_path / "workbook.xlsx")
    book.open()
    assert len(book.read(["Charges"])["Charges"]) == 20 * 60 * 2 + 1


@pytest.fixture
def large_site_data(tmp_path: Path) -> Path:
    """A data folder with a small "large" community synced to its .xlsx workbook (history up to June 2022)."""
    data = tmp_path / "site"
    (data).mkdir()
    (data / "lobbydesk.toml").write_text('site_code = "DEMO"\nprinter = "none"\n', encoding="utf-8")
    site = Site(load_settings(data_dir=data), clock=FixedClock(NOW))
    site.open()
    try:
        seed_large_demo(site, LARGE.scaled(0.005), say=lambda line: None)
    finally:
        site.close()
    return data


def test_lobbydesk_archive_moves_2020_to_its_own_file_and_history_still_shows_it(
    large_site_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = large_site_data
    assert main(["archive", "--year", "2020", "--data", str(data), "--dry-run"]) == 0
    assert "would move" in capsys.readouterr().out
    assert not (data / "archive").exists()

    assert main(["archive", "--year", "2020", "--data", str(data)]) == 0
    said = capsys.readouterr().out
    assert "Archive of 2020" in said and "rows taken out of the live workbook" in said

    archive_book = XlsxWorkbook(data / "archive" / "2020.xlsx")
    archive_book.open()
    header, *archived_tickets = archive_book.read(["Queue"])["Queue"]
    issued = header.index("Issued")
    assert archived_tickets and all(str(row[issued]).startswith("2020-") for row in archived_tickets)
    ticket_id = str(archived_tickets[0][0])
    live = XlsxWorkbook(data / "workbook.xlsx")
    live.open()
    assert ticket_id not in {row[0] for row in live.read(["Queue"])["Queue"]}

    assert main(["sync", "--once", "--data", str(data)]) == 0
    assert ticket_id not in {row[0] for row in live.read(["Queue"])["Queue"]}
    capsys.readouterr()
    assert main(["history", ticket_id, "--data", str(data)]) == 0
    assert ticket_id in capsys.readouterr().out


def test_the_current_year_is_refused_and_a_memory_workbook_has_no_archive(
    large_site_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["archive", "--year", "2999", "--data", str(large_site_data)]) == 2
    assert "not over yet" in capsys.readouterr().err
    memory = large_site_data / "memory.toml"
    memory.write_text('site_code = "DEMO"\nworkbook = "memory://"\nprinter = "none"\n', encoding="utf-8")
    assert main(["archive", "--year", "2020", "--config", str(memory), "--data", str(large_site_data)]) == 2
    assert "--to" in capsys.readouterr().err


def test_a_scaled_community_keeps_its_twenty_buildings_with_fewer_units_in_each(tmp_path: Path) -> None:
    store, _ = generated(tmp_path / "a.sqlite3", LARGE.scaled(0.02))
    with store.transaction() as tx:
        rooms = sorted(unit.room for unit in tx.find(Unit))
    assert rooms == ["101"] * 20 + ["102"] * 20
    store.close()


def test_both_owners_the_printed_logins_name_can_sign_in(tmp_path: Path) -> None:
    few_rooms_tall = CommunitySize(buildings=3, units_per_building=48, years=1, repairs=5, tickets=5, feedback=1,
                                   events_per_month=1, signups_per_event=1, visitors=1)
    settings = load_settings(data_dir=tmp_path, site_code="DEMO", workbook="memory://", printer="none")
    with Site(settings, clock=FixedClock(NOW)) as site:
        seed_large_demo(site, few_rooms_tall, say=lambda line: None)

        for building, room, pin in (DEMO_UNIT, DEMO_SECOND_UNIT):
            assert site.sign_in.sign_in(building, room, pin).session is not None, f"{building}-{room}"
