"""The restore drill: a busy morning, a backup while the site runs, the folder lost, and every part back elsewhere.

The site serves (numbers, a payment, a repair, a new staff login and PIN), the nightly backup runs
while it is open, the data folder is deleted, and the backup is restored into another folder. The site
opened there has every record, counter, credential, print job, secret, photo and the workbook as they
were, and goes on numbering where it stopped. The one thing a backup leaves out on purpose is which unit
made each anonymous suggestion (kept two days in the live store, for the limits).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from desk.clock import FixedClock
from desk.credentials import Outcome, StaffRole
from desk.feedback import AnonymousSender
from desk.queue import Service
from desk.repairs import RepairCategory, RepairReport
from lobbydesk.cli import main
from lobbydesk.demo import DEMO_UNIT, seed_demo
from lobbydesk.site import Site
from tests.lobbydesk.site_folders import add_secret_and_photo, morning, open_site, site_folder

# Everything the store keeps, table by table, in a stable order: but who made each anonymous suggestion.
NOT_BACKED_UP = f"tab <> '{AnonymousSender.TAB}'"
TABLES = {
    "records": f"SELECT tab, id, body, revision FROM records WHERE {NOT_BACKED_UP} ORDER BY tab, id",
    "history": f"SELECT revision, tab, id, at, actor, body FROM history WHERE {NOT_BACKED_UP} ORDER BY revision",
    "sequences": "SELECT scope, value FROM sequences ORDER BY scope",
    "credentials": "SELECT kind, subject, role, hash, failures, locked_until FROM credentials ORDER BY kind, subject",
    "print_jobs": "SELECT id, kind, ref, payload, status, attempts, reprint FROM print_jobs ORDER BY id",
    "sync_rows": "SELECT tab, id, revision, agreed FROM sync_rows ORDER BY tab, id",
    "site_state": "SELECT key, value FROM site_state ORDER BY key",
}


def _everything(store_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(store_path) as conn:
        return {table: conn.execute(query).fetchall() for table, query in TABLES.items()}


def _senders(store_path: Path) -> int:
    with sqlite3.connect(store_path) as conn:
        return int(conn.execute("SELECT count(*) FROM history WHERE tab = ?", (AnonymousSender.TAB,)).fetchone()[0])


def _a_busy_morning(site: Site) -> dict[str, str]:
    """Numbers taken, a payment confirmed, a repair reported, a new clerk and a new PIN; what to check later."""
    seed_demo(site)
    building, room, _pin = DEMO_UNIT
    unit = site.units.find(building, room)
    assert unit is not None
    site.queue.take_number(Service.INQUIRY)
    site.queue.take_number(Service.PAYMENT, unit=unit.id)
    pending = site.fees.payments.pending_payments()[0]
    receipt = site.fees.payments.confirm(pending.id, by="desk").payment.receipt_number
    repair = site.repairs.repairs.report(RepairReport(
        unit_id=unit.id, unit_label=unit.label, category=RepairCategory.PLUMBING, free_text="厨房水龙头漏水"))
    site.credentials.add_staff("li", StaffRole.DESK, "li-morning-shift-2026")
    other = site.units.find("1", "301")
    assert other is not None
    site.credentials.set_pin(other.id, "8642")
    site.sync.run_once()
    return {"unit": unit.id, "other_unit": other.id, "receipt": receipt, "repair": repair.number}


def test_a_site_restored_from_last_nights_backup_into_another_folder_works_as_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = site_folder(tmp_path / "lobbydesk")
    clock = morning()
    site = open_site(home, clock)
    facts = _a_busy_morning(site)
    secret, photo = add_secret_and_photo(home)
    photo_bytes, workbook = photo.read_bytes(), (home / "workbook.xlsx").read_bytes()

    # The timer's backup, while the site is still open and serving.
    assert main(["backup", "--data", str(home), "--to", str(tmp_path / "offsite")]) == 0
    before = _everything(home / "lobbydesk.sqlite3")
    senders = _senders(home / "lobbydesk.sqlite3")
    assert senders > 0, "the demo's morning made anonymous suggestions"
    site.close()
    archive = next((tmp_path / "offsite").glob("lobbydesk-backup-SUNNY-*.tar.gz"))
    shutil.rmtree(home)

    new_home = tmp_path / "new-disk" / "lobbydesk"
    assert main(["restore", str(archive), "--data", str(new_home)]) == 0
    assert "Restored" in capsys.readouterr().out

    assert _everything(new_home / "lobbydesk.sqlite3") == before, "every record, counter, login and print job"
    assert _senders(new_home / "lobbydesk.sqlite3") == 0, "but not who made an anonymous suggestion"
    assert (new_home / "secrets" / "storage_secret").read_text().strip() == secret
    assert (new_home / "photos" / photo.name).read_bytes() == photo_bytes
    assert (new_home / "workbook.xlsx").read_bytes() == workbook
    clock.advance(minutes=30)
    with open_site(new_home, clock) as restored:
        _the_site_goes_on_where_it_stopped(restored, facts)


def _the_site_goes_on_where_it_stopped(site: Site, facts: dict[str, str]) -> None:
    assert site.settings.data_dir == site.settings.store_path.parent
    assert site.credentials.check_pin(facts["unit"], DEMO_UNIT[2]).outcome is Outcome.OK
    assert site.credentials.check_pin(facts["other_unit"], "8642").outcome is Outcome.OK
    assert site.credentials.check_staff("li", "li-morning-shift-2026").outcome is Outcome.OK
    assert site.credentials.check_staff("desk", "desk-demo-2026").outcome is Outcome.OK
    with site.store.transaction() as tx:
        assert tx.pending_print_jobs(), "the slips not yet printed are still waiting"

    year, number = facts["receipt"].split("-")
    account = site.fees.payments.account(facts["unit"])
    payment = site.fees.payments.start_payment(facts["unit"], [account.open_charges[0].charge.id], "desk")
    receipt = site.fees.payments.confirm(payment.id, by="desk").payment.receipt_number
    assert receipt == f"{year}-{int(number) + 1:06d}", "receipt numbers run on without a gap or a repeat"

    numbers = sorted(ticket.number for ticket in site.queue.waiting_tickets())
    issued = site.queue.take_number(Service.INQUIRY)
    assert issued.ticket.number not in numbers
    repair = site.repairs.repairs.report(RepairReport(
        unit_id=facts["unit"], unit_label="3-1202", category=RepairCategory.ELECTRICAL, free_text="走廊灯不亮"))
    assert int(repair.number[1:]) == int(facts["repair"][1:]) + 1

    report = site.sync.run_once()
    assert not report.error and not report.busy, "the restored workbook and store agree and sync on"


def test_a_restore_keeps_times_to_the_microsecond(tmp_path: Path) -> None:
    """The store's copy is exact, not rounded to whole seconds like a sheet cell."""
    home = site_folder(tmp_path / "lobbydesk")
    clock = FixedClock(morning().now().replace(microsecond=123456))
    with open_site(home, clock) as site:
        issued = site.queue.take_number(Service.INQUIRY)
    assert main(["backup", "--data", str(home), "--to", str(tmp_path / "offsite")]) == 0
    archive = next((tmp_path / "offsite").glob("*.tar.gz"))
    assert main(["restore", str(archive), "--data", str(tmp_path / "restored")]) == 0
    with open_site(tmp_path / "restored", clock) as restored:
        assert restored.queue.waiting_tickets()[0] == issued.ticket
