"""The sync loop's rhythm: one cycle, then the wait the pace chooses, cut short when the store changes.

After each cycle the loop tells the :class:`~sync.pace.Pace` what the cycle did (changed anything? how
many requests? a 429?) and waits as long as it says. While it waits, it looks at the store's newest
revision every second (a local SQLite query, no request): a ticket taken at the kiosk starts the next
cycle as soon as the quota allows, however long the idle wait had grown. A workbook that can be looked
at for free (an .xlsx file: one ``stat``) is looked at as often, so a staff save starts the next cycle
within a second. Google's workbook is seen by the next cycle's version check (a request), so the idle
ceiling bounds the wait for staff's edits there.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sync.backend import LookedAtWorkbook, WorkbookUnavailable
from sync.pace import CycleOutcome, Pace, PaceRules, PaceSnapshot, QuotaShare, RequestTally, TalliedWorkbook, outcome_of
from sync.report import CycleReport
from sync.size import SizedWorkbook, WorkbookSize

if TYPE_CHECKING:
    from desk.store import Store
    from lobbydesk.settings import Settings
    from lobbydesk.site import Site

log = logging.getLogger(__name__)

# How often a waiting loop looks at the store and at a file workbook: both looks are free, and a staff save
# or a ticket waits at most this long to start a cycle.
LOOK_SECONDS = 1.0
# Unless the settings say otherwise, an idle Google site slows down to this many fast cycles apart (5 s ->
# 10 s): each idle cycle is one Drive version check (Drive's quota, not Sheets'), and a staff edit typed in
# the spreadsheet waits at most that long before its read (about 3 s on the large demo): within 15 s.
IDLE_CEILING_IN_CYCLES = 2


@dataclass(frozen=True)
class CountedCycle:
    """A cycle's report with what the backend counted: its requests and the workbook's size."""

    report: CycleReport
    tally: RequestTally | None = None  # None: the backend keeps no count (no quota)
    size: WorkbookSize | None = None


def counted_cycle(site: Site) -> CountedCycle:
    """One sync cycle and the after-sync rules, with the requests it made and the size it found (blocking)."""
    report = site.sync.run_once()
    site.after_sync(quiet=report.unchanged)
    workbook = site.workbook
    tally = workbook.take_tally() if isinstance(workbook, TalliedWorkbook) else None
    size = workbook.size() if isinstance(workbook, SizedWorkbook) else None
    return CountedCycle(report, tally, size)


def newest_revision(store: Store) -> int:
    """The store's newest revision, from a read snapshot (blocking).

    Not a write transaction: the loop looks every second, under the store's lock, and a write transaction
    would wait out the sync child's merge, holding every tap and page of the server up meanwhile.
    """
    with store.reading() as tx:
        return tx.last_revision()


def pace_rules(settings: Settings) -> PaceRules:
    """The pace a site's settings ask for; a Google workbook shares its account's quota with other sites."""
    quota = None
    if settings.workbook.startswith("gsheets:"):
        per_minute = settings.google_quota_per_minute
        quota = QuotaShare(settings.google_sites_per_account, per_minute, per_minute)
    fast = settings.sync_interval
    # An idle look at an .xlsx file is one stat: no reason to look less often and keep a staff edit waiting.
    default_ceiling = IDLE_CEILING_IN_CYCLES * fast if quota is not None else fast
    ceiling = settings.sync_idle_ceiling or default_ceiling
    return PaceRules(fast=fast, idle_ceiling=max(fast, ceiling), quota=quota)


def free_look(
    workbook: object, io_bound: Callable[[Callable[[], str]], Awaitable[str | None]]
) -> Callable[[], Awaitable[str]] | None:
    """How the loop looks at the workbook between cycles, if that is free (a file's stat); None for Google.

    ``io_bound`` runs the look off the event loop (NiceGUI's ``run.io_bound``, which answers None while
    the app stops). A file the look cannot reach looks "unavailable": the next cycle says why, and retries.
    """
    if not isinstance(workbook, LookedAtWorkbook):
        return None
    looked_at = workbook

    async def look() -> str:
        try:
            return await io_bound(looked_at.look) or ""
        except WorkbookUnavailable as error:
            return f"unavailable: {error}"

    return look


class SyncLoop:
    """Runs sync cycles until ``run_cycle`` answers None (the app is stopping), at the pace's rhythm.

    Everything that blocks is passed in as a coroutine (the cycle, the store's revision, remembering
    the pace for ``sync --status``), and so are the clock and the sleep, so a test drives it on fake time.
    """

    def __init__(
        self,
        pace: Pace,
        run_cycle: Callable[[], Awaitable[CountedCycle | None]],
        *,
        store_revision: Callable[[], Awaitable[int]],
        remember: Callable[[CountedCycle | None, PaceSnapshot], Awaitable[None]],
        after_report: Callable[[CycleReport], None] = lambda report: None,
        workbook_look: Callable[[], Awaitable[str]] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        """``workbook_look``: the workbook file as a free look shows it (a stat), if it has one."""
        self.pace = pace
        self._workbook_look = workbook_look
        self._run_cycle = run_cycle
        self._store_revision = store_revision
        self._remember = remember
        self._after_report = after_report
        self._clock = clock
        self._sleep = sleep

    async def run(self) -> None:
        """Cycle, wait, cycle ... until the app stops."""
        while True:
            seen = await self._store_revision()  # before the cycle: a change made during it counts
            started = self._clock()
            counted: CountedCycle | None = None
            try:
                counted = await self._run_cycle()
            except Exception:
                log.exception("sync cycle failed; the next cycle will retry")
                outcome = CycleOutcome(changed=False)
            else:
                if counted is None:
                    return
                self._after_report(counted.report)
                outcome = outcome_of(counted.report, counted.tally)
            self.pace.after_cycle(outcome, started, self._clock())
            await self._remember(counted, self.pace.snapshot(self._clock()))
            # Looked at after the cycle, so its own write is not taken for a staff save; a save made during
            # the cycle is seen by the next one's version check, at the pace's time.
            looked = await self._workbook_look() if self._workbook_look is not None else ""
            await self._wait(seen, looked)

    async def _wait(self, seen: int, looked: str) -> None:
        """Sleep until the pace's next cycle, looking at the store and the workbook file for a change."""
        step = min(self.pace.rules.fast, LOOK_SECONDS)
        while (left := self.pace.next_cycle_at - self._clock()) > 0:
            await self._sleep(min(left, step))
            if self.pace.next_cycle_at - self._clock() <= 0:
                return
            revision = await self._store_revision()
            if revision != seen:
                seen = revision
                self.pace.changed(self._clock())
            elif self._workbook_look is not None and (look := await self._workbook_look()) != looked:
                looked = look
                self.pace.changed(self._clock())
