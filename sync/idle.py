"""When a cycle may skip reading the workbook: nothing changed on either side since the last full cycle.

A full cycle is a function of the workbook's contents, the store's records and the time (notices in
the Problems tab expire). When the workbook's version and the store's revision are both as the last
full cycle left them, running it again would read the same cells, merge to the same plan, and write
nothing, so the engine skips it. See :class:`sync.backend.VersionedWorkbook`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from desk.store import SyncProblem

# However quiet both sides look, read the whole workbook at least this often. A version can miss a
# change: an .xlsx saved within one timestamp tick at the same size, or with its timestamp put back
# (a copy or a restore), on a file system whose clock is behind ours; Google's Drive version lagging
# an edit in Sheets; a backend's bug. Reading anyway now and then means such a change waits minutes,
# never forever.
FULL_CYCLE_AT_LEAST_EVERY = timedelta(minutes=10)


@dataclass(frozen=True)
class QuietPoint:
    """What the last full cycle saw, when running it again on the same workbook and store changes nothing."""

    version: str  # the workbook's version, asked just before that cycle's read
    store_revision: int  # the store's newest revision once that cycle's merge was done
    read_at: datetime
    notice_expires: datetime | None  # the Problems tab must be rewritten then
    # The write was refused while the workbook is open elsewhere: the same version refuses it again,
    # so new changes in the store are held back until the version moves (the office suite saved or
    # closed the file) instead of reading the whole workbook every cycle only to be refused.
    write_refused: str | None = None


def needs_reading(
    quiet: QuietPoint | None, version: str | None, store_revision: int, now: datetime, every: timedelta
) -> bool:
    """False only when the last full cycle still stands: same version, nothing new to send, nothing expired."""
    if quiet is None or version is None or version != quiet.version:
        return True
    if not quiet.read_at <= now < quiet.read_at + every:  # a clock put back counts as time up
        return True
    if quiet.notice_expires is not None and now >= quiet.notice_expires:
        return True
    return store_revision != quiet.store_revision and quiet.write_refused is None


def first_expiry(problems: Sequence[SyncProblem]) -> datetime | None:
    """When the first notice of the Problems list stops being listed, if any is timed."""
    return min((datetime.fromisoformat(problem.until) for problem in problems if problem.until), default=None)
