"""Two communities, two site servers, one spreadsheet: each keeps its own rows and leaves the other's alone."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.queue import QueueDesk, QueueTicket, Service, TicketStatus
from desk.site_settings import SiteSettings, current_site_settings
from desk.store import Store
from sync.backend import Grid, WorkbookBackend
from sync.engine import SyncEngine
from sync.memory import MemoryWorkbook
from sync.report import CycleReport
from tests.sync.conftest import PassThroughWorkbook
from tests.sync.kinds import Bulletin
from tests.sync.sheets_fake import SheetsFake

KINDS = (QueueTicket, Bulletin)


@dataclass
class Site:
    code: str
    store: Store
    desk: QueueDesk
    engine: SyncEngine

    def records(self, kind: type[QueueTicket] | type[Bulletin]) -> list[str]:
        with self.store.transaction() as tx:
            return sorted(record.id for record in tx.find(kind))


@pytest.fixture
def sites(tmp_path: Path, sheet: MemoryWorkbook, clock: FixedClock) -> Iterator[tuple[Site, Site]]:
    made = []
    for code in ("SUNNY", "MOON"):
        store = Store(tmp_path / code / "desk.sqlite3")
        store.open()
        ids = SequentialIds(code)
        made.append(Site(code, store, QueueDesk(store, clock, ids), SyncEngine(store, sheet, KINDS, clock, ids=ids)))
    yield made[0], made[1]
    for site in made:
        site.store.close()


class AtTheSameMoment(PassThroughWorkbook):
    """Lets two sites read the workbook, and only then lets either write: a cycle each, fully overlapped."""

    def __init__(self, inner: WorkbookBackend, barrier: threading.Barrier) -> None:
        super().__init__(inner)
        self.barrier = barrier

    def read(self, tabs: Sequence[str]) -> dict[str, Grid]:
        grids = self.inner.read(tabs)
        self.barrier.wait(timeout=10)
        return grids


def both_at_once(
    sites: tuple[Site, Site], workbooks: Sequence[WorkbookBackend], clock: FixedClock
) -> list[CycleReport]:
    """One cycle of each site (each through its own workbook connection), both reading before either writes."""
    barrier = threading.Barrier(2)
    reports: list[CycleReport] = []
    engines = [
        SyncEngine(site.store, AtTheSameMoment(workbook, barrier), KINDS, clock, ids=SequentialIds(site.code))
        for site, workbook in zip(sites, workbooks, strict=True)
    ]
    threads = [threading.Thread(target=lambda engine=engine: reports.append(engine.run_once())) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    return reports


def problems_of(sheet: MemoryWorkbook, code: str) -> list[tuple[object, ...]]:
    return [(row["Tab"], row["ID"], row["Column"]) for row in sheet.rows_by_header("Problems") if row["Site"] == code]


def test_each_site_keeps_its_own_tickets_in_the_one_queue_tab(sites: tuple[Site, Site], sheet: MemoryWorkbook) -> None:
    sunny, moon = sites
    sunny_ticket = sunny.desk.take_number(Service.INQUIRY).ticket
    moon_ticket = moon.desk.take_number(Service.REPAIR).ticket
    sunny.engine.run_once()
    moon.engine.run_once()

    sheet.sort_rows("Queue", "Service", descending=True)
    sheet.type_into("Queue", row_id=moon_ticket.id, header="Status", value="called")
    sheet.type_into("Queue", row_id=sunny_ticket.id, header="Status", value="lunch break")
    for _ in range(2):
        sunny.engine.run_once()
        moon.engine.run_once()

    assert sorted(row["ID"] for row in sheet.rows_by_header("Queue")) == sorted([sunny_ticket.id, moon_ticket.id])
    assert (sunny.records(QueueTicket), moon.records(QueueTicket)) == ([sunny_ticket.id], [moon_ticket.id])
    with moon.store.transaction() as tx:
        called = tx.get(QueueTicket, moon_ticket.id)
        assert called is not None and called.status is TicketStatus.CALLED
    assert problems_of(sheet, "SUNNY") == [("Queue", sunny_ticket.id, "Status")]
    assert problems_of(sheet, "MOON") == []


def test_a_deleted_row_is_put_back_by_its_own_site_only(sites: tuple[Site, Site], sheet: MemoryWorkbook) -> None:
    sunny, moon = sites
    ticket = moon.desk.take_number(Service.PAYMENT).ticket
    moon.engine.run_once()
    sheet.delete_row("Queue", 1)

    sunny.engine.run_once()
    assert sheet.rows_by_header("Queue") == []
    moon.engine.run_once()
    assert [row["ID"] for row in sheet.rows_by_header("Queue")] == [ticket.id]


def test_a_new_row_is_numbered_by_the_site_it_names_or_by_the_primary_site(
    sites: tuple[Site, Site], sheet: MemoryWorkbook
) -> None:
    sunny, moon = sites
    sunny.engine.run_once()
    sheet.type_at("Settings", sheet.find_row("Settings", "Key", "primary_site"), "Value", "SUNNY")
    sheet.add_row("Bulletins", {"Title": "Moon Court pool opens", "Starts": "2024-06-01", "Site": "moon"})
    sheet.add_row("Bulletins", {"Title": "Company holiday", "Starts": "2024-06-10"})

    for _ in range(2):
        moon.engine.run_once()
        sunny.engine.run_once()

    assert [(row["ID"], row["Site"]) for row in sheet.rows_by_header("Bulletins")] == [
        ("MOON-N000001", "moon"),
        ("SUNNY-N000001", None),
    ]
    # Each site keeps its own; the shared one (no site named) is read by both, kept by SUNNY.
    assert sunny.records(Bulletin) == ["SUNNY-N000001"]
    assert moon.records(Bulletin) == ["MOON-N000001", "SUNNY-N000001"]
    with moon.store.transaction() as tx:
        assert [entry.actor for entry in tx.history_entries("SUNNY-N000001")] == ["staff (a row another site keeps)"]

    sheet.type_into("Bulletins", row_id="SUNNY-N000001", header="Title", value="Company holiday (all sites)")
    sunny.engine.run_once()
    moon.engine.run_once()
    with moon.store.transaction() as tx:
        shared = tx.get(Bulletin, "SUNNY-N000001")
        assert shared is not None and shared.title == "Company holiday (all sites)"


def test_a_new_row_gets_exactly_one_id_when_two_sites_sync_at_the_same_moment(
    sites: tuple[Site, Site], sheet: MemoryWorkbook, clock: FixedClock
) -> None:
    sunny, moon = sites
    sunny.engine.run_once()  # the tabs exist; no primary site is named, so either site may number a row
    sheet.add_row("Bulletins", {"Title": "Gas inspection", "Starts": "2024-06-03"})

    first = both_at_once(sites, [sheet, sheet], clock)
    assert [report.ids_given for report in first] == [1, 1]  # both numbered the row; the sheet kept one ID
    for _ in range(2):
        both_at_once(sites, [sheet, sheet], clock)

    ids = [row["ID"] for row in sheet.rows_by_header("Bulletins")]
    assert len(ids) == 1 and ids[0] in ("SUNNY-N000001", "MOON-N000001")
    assert sunny.records(Bulletin) == moon.records(Bulletin) == ids
    assert problems_of(sheet, "SUNNY") == problems_of(sheet, "MOON") == []


def test_settings_a_site_names_are_for_that_site_alone(sites: tuple[Site, Site], sheet: MemoryWorkbook) -> None:
    sunny, moon = sites
    sunny.engine.run_once()
    sheet.add_row("Settings", {"Key": "community_name", "Value": "明月小区 Moon Court", "Site": "MOON"})

    moon.engine.run_once()
    sunny.engine.run_once()

    with moon.store.transaction() as tx:
        assert current_site_settings(tx, SiteSettings(community_name="?")).community_name == "明月小区 Moon Court"
    with sunny.store.transaction() as tx:
        assert current_site_settings(tx, SiteSettings(community_name="?")).community_name == "lobbydesk"


def test_on_the_sheets_fake_too_a_new_row_gets_exactly_one_id_when_two_sites_sync_at_once(
    sites: tuple[Site, Site], clock: FixedClock
) -> None:
    sunny, moon = sites
    with SheetsFake.running() as fake:
        book = fake.add_spreadsheet("shared-key")
        servers = [fake.backend("shared-key"), fake.backend("shared-key")]  # one connection per site server
        for server in servers:
            server.open()
        SyncEngine(sunny.store, servers[0], KINDS, clock, ids=SequentialIds("SUNNY")).run_once()
        header = book.tab("Bulletins")[0]
        book.type_cell("Bulletins", 1, header.index("Title"), "Gas inspection")
        book.type_cell("Bulletins", 1, header.index("Starts"), "2024-06-03")

        first = both_at_once(sites, servers, clock)
        assert [report.ids_given for report in first] == [1, 1]
        for _ in range(2):
            both_at_once(sites, servers, clock)

        ids = [row["ID"] for row in book.rows_by_header("Bulletins")]
        assert len(ids) == 1 and ids[0] in ("SUNNY-N000001", "MOON-N000001")
        assert sunny.records(Bulletin) == moon.records(Bulletin) == ids
        assert [row for row in book.rows_by_header("Problems") if row.get("Site")] == []
