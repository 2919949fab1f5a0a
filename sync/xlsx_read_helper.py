"""A second process that parses some of a large read's tabs while the reading process parses the others.

An office suite's save rewrites every part of the file, so the read after it parses every tab: on the
large demo's unarchived workbook, 430 MB of sheet XML and about 20 s of CPU in one process, which kept a
staff edit from the kiosk that long. The machines lobbydesk runs on have two cores or more, so such a
read hands about half of its XML (:func:`split_for_helper`) to a helper process and parses the rest.

- The helper is spawned for that read only, and ends with it: idle, it would hold 35 MB all day.
- It opens the file by its path and parses only if the file's SHA-256 is the one the reading process
  read: a save that replaced the file meanwhile makes it decline (it says nothing).
- It gives each tab as soon as it is parsed, in read form (trimmed, packed when large); the reading
  process puts in the values its formulas show, as for any tab.
- A tab it does not give (it declined, stopped at something the fast reader would not read exactly,
  failed or died) is parsed by the reading process, which then reads it exactly as a read in one
  process would, falling back to openpyxl and saying why included.

States of a :class:`ParseHelper`: running (tabs may still come), done (its end marker came, or it
died), stopped (ended by the reader).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

try:
    import resource  # not on Windows: the helper's peak is then 0, not told
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

from sync.child_process import follow_the_parent
from sync.freed_memory import keep_large_blocks_apart
from sync.xlsx_cells import TabCells
from sync.xlsx_package import file_digest

log = logging.getLogger(__name__)

# A read parsing less sheet XML than this is done in one process. Parsed here at about 40 ns a byte with
# the merge after it, 200 MiB is a 12 s cycle: under it a staff edit reaches the kiosk within 15 s anyway
# (the large demo archived, 180 MiB), and the helper's memory (80-100 MiB while it parses) is not worth it.
HELPER_FROM_BYTES = 200 * 2**20
# The helper's start counted as this much XML when the tabs are split between the two processes: its
# spawn, imports and giving its tabs back cost about 1.5 s, what 40 MiB take to parse. Counted as 8 MiB,
# the unarchived large demo's helper got 219 MiB against the reader's 208 and the read waited for it
# (10.0-10.4 s); counted as 32, it gets 179 MiB, the reader keeps Repairs, and the read takes 9.1 s.
HELPER_START_BYTES = 32 * 2**20
# How long the reader waits for the helper's next tab before it looks whether the helper is still alive.
POLL_SECONDS = 0.5


@dataclass(frozen=True)
class HelperOffer:
    """What a read may give a helper: the file's path and SHA-256 as the read opened it, and when to."""

    path: str
    digest: bytes
    packed_from: int  # tabs of this many cells or more are given packed, as the reader holds them
    from_bytes: int = HELPER_FROM_BYTES
    start_bytes: int = HELPER_START_BYTES  # counted as at most ``from_bytes``: a small threshold, a small start
    cores: int | None = None  # the cores this process may use; None: ask the system

    def task(self, sizes: Mapping[str, int], rows_piece: int | None) -> HelperTask | None:
        """The helper's share of a read parsing tabs of these sizes, or None when one process will do.

        One core: a helper would only take turns with the reader, and cost its start.
        """
        if (self.cores if self.cores is not None else usable_cores()) < 2:
            return None
        tabs = split_for_helper(sizes, self.from_bytes, min(self.start_bytes, self.from_bytes))
        return HelperTask(self.path, self.digest, tabs, rows_piece, self.packed_from) if tabs else None


@dataclass(frozen=True)
class HelperTask:
    """What the helper is asked: these tabs of the file at ``path``, if its SHA-256 is still ``digest``."""

    path: str
    digest: bytes
    tabs: list[str]
    rows_piece: int | None
    packed_from: int


@dataclass(frozen=True)
class HelperEnd:
    """The helper's last word: the CPU seconds it spent and its peak memory (MiB), for the bench."""

    cpu_seconds: float
    peak_mib: int

    def describe(self) -> str:
        """``8.1 s CPU, peak 180 MiB``."""
        return f"{self.cpu_seconds:.1f} s CPU, peak {self.peak_mib} MiB"


@dataclass
class HelperTab:
    """One tab the helper parsed."""

    name: str
    cells: TabCells


def usable_cores() -> int:
    """How many cores this process may run on (its CPU affinity where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def split_for_helper(sizes: Mapping[str, int], from_bytes: int = HELPER_FROM_BYTES,
                     start_bytes: int = HELPER_START_BYTES) -> list[str]:
    """The tabs to hand to a helper, given the XML bytes of each tab to parse; none when one process will do.

    Largest first, each tab goes to the process with less XML so far; the helper's start counts as
    ``start_bytes`` of it.
    """
    if len(sizes) < 2 or sum(sizes.values()) < from_bytes:
        return []
    here, helper, handed = 0, start_bytes, []
    for name in sorted(sizes, key=lambda name: sizes[name], reverse=True):
        if helper < here:
            helper += sizes[name]
            handed.append(name)
        else:
            here += sizes[name]
    return handed


class ParseHelper:
    """A helper process parsing the task's tabs; :meth:`results` gives them as they come, :meth:`stop` ends it."""

    def __init__(self, task: HelperTask) -> None:
        context = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing of this process is copied
        self.tabs = list(task.tabs)
        self._results: multiprocessing.Queue[HelperTab | HelperEnd] = context.Queue()
        self._process = context.Process(target=_help, args=(task, self._results), name="lobbydesk-read-helper",
                                        daemon=True)
        self._process.start()
        self._done = False
        self.given: list[str] = []  # the tabs it gave, in its order
        self.ended: HelperEnd | None = None  # its last word, once it came

    @property
    def pid(self) -> int | None:
        """The helper's process ID."""
        return self._process.pid

    @property
    def left(self) -> list[str]:
        """Its tabs it has not given (yet, or ever once it is done)."""
        return [name for name in self.tabs if name not in self.given]

    def results(self) -> Iterator[HelperTab]:
        """Each tab the helper gives, until it has given all it will (some, or none, when it declined or failed)."""
        while not self._done:
            try:
                tab = self._results.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if self._process.is_alive():
                    continue
                try:  # it ended: what it put before it did is in the pipe, if anything
                    tab = self._results.get(timeout=POLL_SECONDS)
                except queue.Empty:
                    self._done = True
                    log.warning("the read helper ended without a word (exit code %s)", self._process.exitcode)
                    continue
            if isinstance(tab, HelperEnd):
                self._done, self.ended = True, tab
            else:
                self.given.append(tab.name)
                yield tab

    def stop(self) -> None:
        """End the helper, whether or not it is done, and let go of its queue."""
        self._done = True
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._results.close()
        self._results.cancel_join_thread()  # what a terminated helper left in the pipe is not wanted


def _help(task: HelperTask, results: multiprocessing.Queue[HelperTab | HelperEnd]) -> None:
    """In the helper: parse the task's tabs and put each on the queue, then its end (also when it stops early)."""
    from sync.xlsx_read import parse_exactly

    follow_the_parent("follow-the-reader")
    keep_large_blocks_apart()  # each run's XML and workbook are large blocks: they pinned the heap (peak 101 -> 81 MiB)
    try:
        with open(task.path, "rb") as file:
            if file_digest(file) != task.digest:
                return  # replaced since the reader opened it: the reader parses these tabs from its own file
            for name, cells in parse_exactly(file, task.tabs, task.rows_piece, task.packed_from):
                results.put(HelperTab(name, cells))
    except BaseException as error:  # whatever it is, the reader parses the tabs left itself
        log.info("the read helper stopped: %s: %s", error.__class__.__name__, error)
    finally:
        results.put(HelperEnd(round(time.process_time(), 2), _peak_mib()))


def _peak_mib() -> int:
    """This process's peak memory: the kernel's high-water mark where there is one (``ru_maxrss`` would count
    the memory of the process that started this one, kept across its exec on Linux)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    if resource is None:
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 2**20 if sys.platform == "darwin" else peak // 1024  # bytes on macOS, KiB elsewhere
