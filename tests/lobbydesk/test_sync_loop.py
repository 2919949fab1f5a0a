"""Stories of the sync loop on fake time: it idles slower and slower, wakes for a ticket, and keeps to its quota."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.queue import QueueDesk, Service
from desk.store import Store
from lobbydesk.settings import load_settings
from lobbydesk.sync_loop import CountedCycle, SyncLoop, free_look, newest_revision, pace_rules
from sync.memory import MemoryWorkbook
from sync.pace import Pace, PaceRules, PaceSnapshot, QuotaShare, RequestTally
from sync.report import CycleReport
from sync.xlsx import XlsxWorkbook

START = datetime(2024, 5, 6, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


class FakeTime:
    """A monotonic clock that moves only when the loop sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


class Site:
    """A site whose store gets a ticket at given times, and whose cycles say what they found."""

    def __init__(self, time: FakeTime, tickets_at: list[float], cycles: int, *, refuse_first: bool = False) -> None:
        self.time = time
        self.tickets_at = tickets_at
        self.cycles_left = cycles
        self.refuse_first = refuse_first
        self.cycle_times: list[float] = []
        self.remembered: list[PaceSnapshot] = []
        self.sent_revision = 0

    def revision(self) -> int:
        return sum(1 for at in self.tickets_at if at <= self.time.now)

    async def store_revision(self) -> int:
        return self.revision()

    async def run_cycle(self) -> CountedCycle | None:
        if self.cycles_left == 0:
            return None  # the app stops
        self.cycles_left -= 1
        self.cycle_times.append(self.time.now)
        report = CycleReport(workbook="the fake", started_at=START)
        tally = RequestTally(checks=1)
        if self.refuse_first:
            self.refuse_first = False
            tally.refused(retry_after=None)  # the read refused: nothing counted in the quota
            report.busy = "Google Sheets is rate limiting lobbydesk"
        elif self.revision() != self.sent_revision:  # something to send: a read and a write
            self.sent_revision = self.revision()
            tally.reads, tally.writes = 1, 1
            report.reads = report.writes = 1
        self.time.now += 0.5  # the cycle takes half a second
        return CountedCycle(report, tally)

    async def remember(self, counted: CountedCycle | None, pace: PaceSnapshot) -> None:
        self.remembered.append(pace)


def loop_for(site: Site, rules: PaceRules) -> SyncLoop:
    return SyncLoop(Pace(rules), site.run_cycle, store_revision=site.store_revision, remember=site.remember,
                    clock=site.time.clock, sleep=site.time.sleep)


async def test_an_idle_site_slows_down_then_a_ticket_wakes_it_at_once() -> None:
    time = FakeTime()
    site = Site(time, tickets_at=[100.0], cycles=8)
    await loop_for(site, PaceRules(fast=5.0, idle_ceiling=30.0)).run()
    gaps = [later - earlier for earlier, later in zip(site.cycle_times, site.cycle_times[1:], strict=False)]
    assert gaps[:4] == [10.5, 20.5, 30.5, 30.5]  # 10, 20, 30 s and the half-second cycle
    ticket_cycle = next(at for at in site.cycle_times if at >= 100.0)
    assert ticket_cycle - 100.0 <= 5.0  # seen within one look at the store, not after the idle wait
    assert site.remembered[-1].state in ("fast", "idle")
    assert "s to the next cycle" in site.remembered[0].describe()


async def test_fifty_sites_on_one_account_a_site_waits_for_its_share_after_a_write() -> None:
    time = FakeTime()
    share = QuotaShare(sites=50)
    site = Site(time, tickets_at=[0.0, 3.0, 20.0], cycles=3)
    await loop_for(site, PaceRules(fast=5.0, idle_ceiling=30.0, quota=share)).run()
    first, second, _third = site.cycle_times
    assert second - first >= share.seconds_per_read  # the tickets at 3 and 20 s waited for the share
    assert second - first <= share.seconds_per_read + 5.0


async def test_a_refused_cycle_slows_the_site_down() -> None:
    time = FakeTime()
    share = QuotaShare(sites=2)
    site = Site(time, tickets_at=[0.0], cycles=2, refuse_first=True)
    await loop_for(site, PaceRules(fast=5.0, idle_ceiling=30.0, quota=share)).run()
    assert site.remembered[0].state == "throttled"
    assert site.cycle_times[1] - site.cycle_times[0] >= share.spacing(1, 1)  # a full share, not 5 s


def test_a_google_site_shares_its_accounts_quota_as_the_settings_say(tmp_path: object) -> None:
    settings = load_settings(
        data_dir=str(tmp_path), workbook="gsheets://company", google_api_base="http://127.0.0.1:9",
        google_sites_per_account=50, sync_interval=5, sync_idle_ceiling=40,
    )
    rules = pace_rules(settings)
    assert rules.quota == QuotaShare(sites=50)
    assert (rules.fast, rules.idle_ceiling) == (5, 40)
    google = pace_rules(load_settings(data_dir=str(tmp_path), workbook="gsheets://company", sync_interval=2,
                                      google_api_base="http://127.0.0.1:9"))
    assert google.idle_ceiling == 4  # by default two fast cycles: a staff edit is read within 15 s
    local = pace_rules(load_settings(data_dir=str(tmp_path), sync_interval=2))
    assert local.quota is None and local.idle_ceiling == 2  # an idle look at an .xlsx file is a stat: no slowing
    slow = pace_rules(load_settings(data_dir=str(tmp_path), sync_interval=60, sync_idle_ceiling=30))
    assert slow.idle_ceiling == 60  # a ceiling below the fast pace is raised to it



class SavedFile:
    """A workbook file staff save at given times; each save moves what a look at it shows."""

    def __init__(self, time: FakeTime, saved_at: list[float]) -> None:
        self.time = time
        self.saved_at = saved_at
        self.looks = 0

    async def look(self) -> str:
        self.looks += 1
        return f"saved {sum(1 for at in self.saved_at if at <= self.time.now)} times"


async def test_a_staff_save_starts_the_next_cycle_within_a_second() -> None:
    time = FakeTime()
    site = Site(time, tickets_at=[], cycles=3)
    saved = SavedFile(time, saved_at=[7.2])
    loop = SyncLoop(Pace(PaceRules(fast=5.0, idle_ceiling=5.0)), site.run_cycle, store_revision=site.store_revision,
                    remember=site.remember, workbook_look=saved.look, clock=time.clock, sleep=time.sleep)
    await loop.run()
    _first, second, third = site.cycle_times
    assert second == 5.5  # nothing changed: the idle wait of 5 s after the half-second cycle
    assert 7.2 < third <= 8.2  # the save at 7.2 s seen by the next look, not at the next idle cycle (11 s)


async def test_a_site_without_a_free_look_at_its_workbook_waits_for_the_pace() -> None:
    time = FakeTime()
    site = Site(time, tickets_at=[], cycles=3)
    await loop_for(site, PaceRules(fast=5.0, idle_ceiling=5.0)).run()
    assert site.cycle_times == [0.0, 5.5, 11.0]


async def test_the_loop_looks_at_an_xlsx_file_for_free_and_not_at_a_spreadsheet_elsewhere(tmp_path: Path) -> None:
    path = tmp_path / "desk.xlsx"
    look = free_look(XlsxWorkbook(path), asyncio.to_thread)
    assert look is not None
    assert free_look(MemoryWorkbook(), asyncio.to_thread) is None  # no file: each cycle asks the backend

    before = await look()
    path.write_bytes(b"staff saved")
    after = await look()
    (tmp_path / "~$desk.xlsx").write_text("Excel")
    opened = await look()

    assert len({before, after, opened}) == 3
    assert before.startswith("no file")


async def test_a_file_the_look_cannot_reach_looks_unavailable_and_the_loop_goes_on(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "desk-share"
    not_a_folder.write_text("the share is not mounted: a file where the folder should be")
    look = free_look(XlsxWorkbook(not_a_folder / "desk.xlsx"), asyncio.to_thread)
    assert look is not None

    seen = await look()

    assert seen.startswith("unavailable: could not look at")


def test_the_loops_look_at_the_store_does_not_wait_for_a_merge_holding_the_write_lock(store: Store) -> None:
    desk = QueueDesk(store, FixedClock(START), SequentialIds("SUNNY"))
    desk.take_number(Service.INQUIRY)
    committed = newest_revision(store)
    merge = sqlite3.connect(store.path, timeout=0.1)  # the sync child, mid-merge in its own transaction
    merge.execute("BEGIN IMMEDIATE")
    merge.execute("UPDATE history SET actor = actor")
    try:
        started = time.monotonic()
        seen = newest_revision(store)
        took = time.monotonic() - started
    finally:
        merge.rollback()
        merge.close()

    assert seen == committed
    assert took < 1.0  # a write transaction would wait for the merge (the store's busy timeout)
