"""The clerk opens Operations 运行状况: last sync, last backup, disk free and printer paper, flagged when stale."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from datetime import timedelta

import pytest
from nicegui.testing.user import User

from desk.clock import FixedClock
from desk.ids import SequentialIds
from lobbydesk.settings import Settings
from lobbydesk.site import Site
from printers.spool import PRINTER_ALERTS, PrinterAlert
from sync.backend import Grid, WorkbookUnavailable
from sync.memory import MemoryWorkbook
from sync.status import LAST_GOOD_AT
from tests.admin.test_console_and_display import _log_in
from tests.fakes import label_texts


class UnreachableWorkbook(MemoryWorkbook):
    """A workbook whose every read fails, as Google does while the office's internet is down."""

    def read(self, tabs: Sequence[str]) -> dict[str, Grid]:
        raise WorkbookUnavailable("the network is unreachable")


@pytest.fixture
def workbook_down() -> bool:
    """Whether the office's internet is down (a test says so by parametrizing it)."""
    return False


@pytest.fixture
def site(workbook_down: bool, site_settings: Settings, site_clock: FixedClock) -> Iterator[Site]:
    """The site, with a workbook that cannot be reached while ``workbook_down``."""
    site = Site(site_settings, clock=site_clock, ids=SequentialIds("SUNNY"),
                workbook=UnreachableWorkbook() if workbook_down else None)
    site.open()
    yield site
    site.close()


def _backed_up(site: Site, hours_ago: float) -> None:
    folder = site.settings.data_dir / "backups"
    folder.mkdir(exist_ok=True)
    archive = folder / "lobbydesk-backup-SUNNY-20261127-020000.tar.gz"
    archive.write_bytes(b"archive")
    written = (site.clock.now() - timedelta(hours=hours_ago)).timestamp()
    os.utime(archive, (written, written))


async def _open_operations(new_browser: Callable[[], User]) -> User:
    staff = new_browser()
    await _log_in(staff)
    await staff.open("/staff/operations")
    await staff.should_see(marker="ops-checked-at")
    return staff


async def test_a_well_site_shows_four_calm_panels(new_browser: Callable[[], User], community: Site) -> None:
    _backed_up(community, hours_ago=6)

    staff = await _open_operations(new_browser)

    for check in ("sync", "backup", "disk", "printer"):
        await staff.should_see(marker=f"ops-{check}-ok")
    await staff.should_not_see(marker="ops-stale")
    assert label_texts(staff, "ops-sync-words") == ["The workbook synced 0 seconds ago"]  # the clock stands still
    assert label_texts(staff, "ops-backup-words") == ["The last backup was made 6 hours ago"]


@pytest.mark.parametrize("workbook_down", [True])
async def test_stale_sync_old_backup_and_paper_running_out_are_flagged(
    new_browser: Callable[[], User], community: Site, site_clock: FixedClock
) -> None:
    with community.store.transaction() as tx:
        tx.set_site_state({LAST_GOOD_AT: (site_clock.now() - timedelta(minutes=40)).isoformat()})
        tx.raise_alert(PRINTER_ALERTS, PrinterAlert.PAPER_NEAR_END, "paper is running out", at=site_clock.now())
    _backed_up(community, hours_ago=50)

    staff = await _open_operations(new_browser)

    for check in ("sync", "backup", "printer"):
        await staff.should_see(marker=f"ops-{check}-warn")
    await staff.should_see(marker="ops-disk-ok")
    assert label_texts(staff, "ops-sync-words") == [
        "The workbook has not synced for 40 minutes: the sync keeps failing"]
    await staff.should_see("the network is unreachable")
    assert label_texts(staff, "ops-printer-words") == [
        "The ticket printer's paper is running out: change the roll soon"]
    await staff.should_see("warns after 10 minutes · 超过10分钟提醒")


async def test_check_now_shows_the_new_roll_at_once(
    new_browser: Callable[[], User], community: Site, site_clock: FixedClock
) -> None:
    with community.store.transaction() as tx:
        tx.raise_alert(PRINTER_ALERTS, PrinterAlert.PAPER_NEAR_END, "paper is running out", at=site_clock.now())
    staff = await _open_operations(new_browser)
    await staff.should_see(marker="ops-printer-warn")

    with community.store.transaction() as tx:  # the clerk changed the roll; the print worker saw it
        tx.clear_alerts(PRINTER_ALERTS, at=site_clock.now())
    staff.find(marker="ops-check-now").click()

    await staff.should_see("Checked just now 已重新检查")
    await staff.should_see(marker="ops-printer-ok")
