"""The site's background work on the event loop: the print worker and the sync loop.

Both hand their blocking calls (printer sockets, workbook files, Google) to a thread with
``run.io_bound``, so a slow printer or sheet never stalls a tap.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress

from nicegui import run

from lobbydesk.site import Site
from lobbydesk.sync_child import SyncChild
from lobbydesk.sync_loop import CountedCycle, SyncLoop, counted_cycle, free_look, newest_revision, pace_rules
from sync.pace import Pace, PaceSnapshot
from sync.report import CycleReport
from sync.status import remember_pace

log = logging.getLogger(__name__)

# With nothing to print, the worker still looks at the journal this often (a job another process queued).
IDLE_PRINT_CHECK_SECONDS = 60.0


class Workers:
    """Starts and stops the print and sync loops of one site."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._sync_child = SyncChild(site.settings) if site.settings.sync_process and site.rebuildable else None

    def wake_printer(self) -> None:
        """A job was journalled: send it now instead of at the next retry."""
        self._wake.set()

    def start(self) -> None:
        """Start both loops on the running event loop."""
        self._tasks = [
            asyncio.create_task(self._print_loop(), name="lobbydesk-print"),
            asyncio.create_task(self._sync_loop(), name="lobbydesk-sync"),
        ]

    async def stop(self) -> None:
        """Cancel both loops and wait for them to end."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        if self._sync_child is not None:
            # Not run.io_bound: NiceGUI refuses it while the app stops, and the child would be left behind.
            await asyncio.to_thread(self._sync_child.stop)

    async def _print_loop(self) -> None:
        recovered = await run.io_bound(self.site.spool.recover_interrupted)
        if recovered:
            log.warning("reprinting %d print job(s) cut short by the last shutdown", len(recovered))
        alerts: tuple[str, ...] = ()
        while True:
            self._wake.clear()  # before the pass, so a wake-up during it is not lost
            report = await run.io_bound(self.site.spool.send_pending)
            if report is None:
                return  # NiceGUI answers None instead of raising when the app stops mid-call
            for message in sorted(set(report.alerts) - set(alerts)):
                log.warning("printer alert: %s", message)
            alerts = report.alerts
            if report.failed:
                log.warning("printer %s: %s", self.site.printer.describe(), report.last_error)
            delay = report.wait_seconds(self.site.clock.now(), idle=IDLE_PRINT_CHECK_SECONDS)
            with suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=delay)

    async def _sync_cycle(self) -> CountedCycle | None:
        """One cycle and the after-sync rules, in the child process when there is one."""
        if self._sync_child is not None:
            return await self._sync_child.run_counted_cycle()
        return await run.io_bound(counted_cycle, self.site)

    async def _store_revision(self) -> int:
        return await run.io_bound(newest_revision, self.site.store) or 0

    async def _remember_pace(self, counted: CountedCycle | None, pace: PaceSnapshot) -> None:
        def remember() -> None:
            with self.site.store.transaction() as tx:
                remember_pace(tx, pace, counted.tally if counted else None, counted.size if counted else None)

        await run.io_bound(remember)

    def _after_report(self, report: CycleReport) -> None:
        if report.error or report.busy:
            log.warning("sync: %s", report.summary())
        elif report.writes or report.rejected:
            log.info("sync: %s", report.summary())
        self.wake_printer()  # what staff confirmed may have a slip to print (a receipt)

    async def _sync_loop(self) -> None:
        """Cycles at the pace the settings and the quota allow (:mod:`lobbydesk.sync_loop`)."""
        pace = Pace(pace_rules(self.site.settings))
        await SyncLoop(
            pace, self._sync_cycle, store_revision=self._store_revision, remember=self._remember_pace,
            after_report=self._after_report, workbook_look=free_look(self.site.workbook, run.io_bound),
        ).run()
