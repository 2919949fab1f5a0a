"""Sync cycles in a child process, so the merge and openpyxl never hold the server's GIL during a tap.

The child opens its own :class:`~lobbydesk.site.Site` from the same settings (the store is SQLite in
WAL mode, shared safely between processes) and keeps it open between cycles. A child that dies,
even mid-cycle, loses nothing (the sync is crash-safe by design); the next cycle starts a new one.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.util import Finalize
from typing import TYPE_CHECKING, Any

from lobbydesk.sync_loop import CountedCycle, counted_cycle
from sync.child_process import follow_the_parent
from sync.freed_memory import give_back_freed_memory, keep_large_blocks_apart
from sync.report import CycleReport

if TYPE_CHECKING:
    from lobbydesk.settings import Settings
    from lobbydesk.site import Site

_child_site: Site | None = None


def _open_child_site(values: dict[str, Any]) -> None:
    """In the child: open the site once, from the parent's checked settings, and close it when the child ends."""
    from lobbydesk.settings import Settings
    from lobbydesk.site import Site

    global _child_site
    follow_the_parent("follow-the-server")
    keep_large_blocks_apart()
    _child_site = Site(Settings.model_construct(**values))
    _child_site.open()
    Finalize(None, _child_site.close, exitpriority=10)


def _child_counted_cycle() -> CountedCycle:
    """In the child: one sync cycle, then the rules that act on what staff changed, with what it cost."""
    assert _child_site is not None, "the sync child was not opened"
    return cycle_giving_back(_child_site)


def cycle_giving_back(site: Site) -> CountedCycle:
    """One counted cycle, then the memory it freed given back (what the child runs; the bench too)."""
    counted = counted_cycle(site)
    if not counted.report.unchanged:  # an idle look frees nothing worth a walk through the heap
        give_back_freed_memory()
    return counted


def _child_cycle() -> CycleReport:
    """In the child: one sync cycle, then the rules that act on what staff changed."""
    return _child_counted_cycle().report


class SyncChild:
    """One child process running sync cycles on request; :meth:`stop` ends it."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._pool: ProcessPoolExecutor | None = None

    async def run_cycle(self) -> CycleReport:
        """Run one cycle in the child (starting it when needed) and return its report."""
        return (await self.run_counted_cycle()).report

    async def run_counted_cycle(self) -> CountedCycle:
        """Run one cycle in the child (starting it when needed): its report, requests and the workbook's size."""
        if self._pool is None:
            # spawn, not fork: the server has threads (uvicorn, the print worker) a fork would copy mid-step.
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                # The values, not the object: settings loaded from a TOML file are of a class made at run time.
                initializer=_open_child_site, initargs=(self._settings.model_dump(),),
            )
        try:
            return await asyncio.get_running_loop().run_in_executor(self._pool, _child_counted_cycle)
        except BrokenProcessPool:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
            raise

    def stop(self) -> None:
        """End the child, letting a cycle in progress finish first."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
