"""The sync loop's pace: how long to wait before the next cycle, from what recent cycles did and the quota.

A :class:`Pace` is a small state machine, told about each cycle as it ends (:meth:`Pace.after_cycle`)
and about a change in the store or the workbook file between cycles (:meth:`Pace.changed`). Its states:

- ``fast``: the last cycle changed something on either side (or either changed since): the next
  cycle comes after the configured cycle (``sync_interval``, 5 s by default);
- ``idle``: the last cycles found nothing to do: each one doubles the wait, up to the idle ceiling;
- ``throttled``: Google refused a request for quota (429) in the last cycle: the next waits one full
  spacing of the site's share (even if the refused cycle spent nothing), twice that after a second
  such cycle in a row, and so on up to the throttle ceiling, or as long as Google's ``Retry-After``
  asks. A change in the store does not cut it short; the first cycle without a 429 leaves it.

Whatever the state, a site keeps within its share of the service account's quota (:class:`QuotaShare`):
after a cycle that spent R read and W write requests, no cycle starts before R x (seconds per read)
and W x (seconds per write) have passed. Idle cycles spend no Sheets request (they only ask Drive for
the spreadsheet's version), so they leave that spacing as it was. Times are seconds on a monotonic
clock the caller passes in; nothing here sleeps or reads a clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

if TYPE_CHECKING:
    from sync.report import CycleReport

PaceState = Literal["fast", "idle", "throttled"]

# Google's Sheets quota, per minute and per user (a service account is one user): read and write
# requests are counted apart. The project's own limit (300 a minute) is shared by all its accounts.
GOOGLE_READS_PER_MINUTE = 60
GOOGLE_WRITES_PER_MINUTE = 60
# Plan for this fraction of the quota: sites are not in step, so a minute's window can catch a site
# twice; the rest absorbs that, and the extra read a cycle sometimes needs (the list of tabs).
QUOTA_HEADROOM = 0.9
THROTTLE_CEILING = 300.0  # seconds: however often Google refuses, look again at least this often


@dataclass
class RequestTally:
    """Requests a backend sent since it was last asked: what the quota counts, and what it refused."""

    # Requests Google took (a 429 is not counted in its quota, so not here either):
    reads: int = 0  # Sheets read requests (values.batchGet, spreadsheets.get)
    writes: int = 0  # Sheets write requests (spreadsheets.batchUpdate)
    checks: int = 0  # version checks (Drive's files.get, counted in Drive's quota, not Sheets')
    rate_limited: int = 0  # answers 429, retried or not
    retry_after: float | None = None  # the longest Retry-After Google asked for

    def refused(self, retry_after: float | None) -> None:
        """Note one 429 answer and how long Google asked to wait, if it said."""
        self.rate_limited += 1
        if retry_after is not None:
            self.retry_after = max(retry_after, self.retry_after or 0.0)

    def describe(self) -> str:
        """``1 read, 1 write, 1 version check; no 429``."""
        parts = [_count(self.reads, "read"), _count(self.writes, "write"), _count(self.checks, "version check")]
        refused = f"{self.rate_limited} refused for quota (429)" if self.rate_limited else "no 429"
        return f"{', '.join(parts)}; {refused}"


@runtime_checkable
class TalliedWorkbook(Protocol):
    """A backend that counts its requests, so the pace knows what a cycle spent of the quota."""

    def take_tally(self) -> RequestTally:
        """The requests sent since the last call, and start counting afresh."""


@dataclass(frozen=True)
class QuotaShare:
    """One site's share of a service account's per-minute quota, split evenly between the sites using it."""

    sites: int = 1
    reads_per_minute: float = GOOGLE_READS_PER_MINUTE
    writes_per_minute: float = GOOGLE_WRITES_PER_MINUTE
    headroom: float = QUOTA_HEADROOM

    def __post_init__(self) -> None:
        if self.sites < 1 or self.reads_per_minute <= 0 or self.writes_per_minute <= 0:
            raise ValueError("a quota share needs at least one site and a positive quota")
        if not 0 < self.headroom <= 1:
            raise ValueError("the headroom is the fraction of the quota planned for, in (0, 1]")

    @property
    def seconds_per_read(self) -> float:
        """How long one read request of this site's share lasts."""
        return 60.0 * self.sites / (self.reads_per_minute * self.headroom)

    @property
    def seconds_per_write(self) -> float:
        """How long one write request of this site's share lasts."""
        return 60.0 * self.sites / (self.writes_per_minute * self.headroom)

    def spacing(self, reads: int, writes: int) -> float:
        """How long after a cycle that spent these requests the next one may start."""
        return max(reads * self.seconds_per_read, writes * self.seconds_per_write)

    def describe(self) -> str:
        """``1 read every 55.6 s, 1 write every 55.6 s (50 sites on 60 reads and 60 writes a minute, 90 %)``."""
        return (
            f"1 read every {self.seconds_per_read:.1f} s, 1 write every {self.seconds_per_write:.1f} s "
            f"({_count(self.sites, 'site')} on {self.reads_per_minute:g} reads and {self.writes_per_minute:g} "
            f"writes a minute, planned at {self.headroom:.0%})"
        )


@dataclass(frozen=True)
class PaceRules:
    """The waits the pace chooses between: fast after a change, up to a ceiling when idle or refused."""

    fast: float  # seconds: the configured cycle
    idle_ceiling: float  # seconds: the longest wait while nothing changes
    quota: QuotaShare | None = None  # None: the workbook has no request quota (.xlsx, memory)
    throttle_ceiling: float = THROTTLE_CEILING

    def __post_init__(self) -> None:
        if not 0 < self.fast <= self.idle_ceiling <= self.throttle_ceiling:
            raise ValueError("the pace needs 0 < fast <= idle ceiling <= throttle ceiling")


@dataclass(frozen=True)
class CycleOutcome:
    """What one cycle did, as far as the pace is concerned."""

    changed: bool  # it wrote to the workbook or took something from it
    reads: int = 0
    writes: int = 0
    rate_limited: bool = False
    retry_after: float | None = None


def outcome_of(report: CycleReport, tally: RequestTally | None) -> CycleOutcome:
    """The pace's view of a cycle: its report, and the backend's count of requests when it keeps one."""
    changed = bool(
        report.writes or report.values_taken or report.rows_adopted or report.rows_mirrored or report.settings_taken
    )
    if tally is None:  # a backend without a quota: the engine's own count is all there is
        return CycleOutcome(changed, reads=report.reads, writes=report.writes)
    return CycleOutcome(changed, tally.reads, tally.writes, tally.rate_limited > 0, tally.retry_after)


@dataclass(frozen=True)
class PaceSnapshot:
    """Where the pace stands, in words and numbers, for ``lobbydesk sync --status``."""

    state: PaceState
    wait: float  # seconds until the next cycle, as chosen after the last one
    fast: float
    idle_ceiling: float
    quota: str | None  # the quota share in words, if the workbook has one

    def describe(self) -> str:
        """``idle: 20 s between cycles (5 s after a change, up to 30 s when idle)``."""
        return (
            f"{self.state}: {self.wait:.1f} s to the next cycle "
            f"({self.fast:g} s after a change, up to {self.idle_ceiling:g} s when idle)"
        )


class Pace:
    """Chooses the wait before each sync cycle; see the module's docstring for its states."""

    def __init__(self, rules: PaceRules) -> None:
        self.rules = rules
        self.state: PaceState = "fast"
        self.wait = rules.fast
        self._steps = 0  # idle cycles in a row, or refused cycles in a row while throttled
        self._spend_again_at = -math.inf  # no cycle starts before this (the quota's spacing)
        self.next_cycle_at = -math.inf

    def after_cycle(self, outcome: CycleOutcome, started_at: float, now: float) -> float:
        """Take in a cycle that started at ``started_at`` and ended at ``now``; the seconds to wait from now."""
        quota = self.rules.quota
        if quota is not None and (outcome.reads or outcome.writes):
            spent_until = started_at + quota.spacing(outcome.reads, outcome.writes)
            self._spend_again_at = max(self._spend_again_at, spent_until)
        if outcome.rate_limited:
            self._steps = self._steps + 1 if self.state == "throttled" else 1
            self.state = "throttled"
            spacing = quota.spacing(1, 1) if quota is not None else 0.0
            doubled = max(self.rules.fast, spacing) * 2.0 ** (self._steps - 1)
            self.wait = min(self.rules.throttle_ceiling, max(doubled, outcome.retry_after or 0.0))
        elif outcome.changed:
            self.state, self._steps, self.wait = "fast", 0, self.rules.fast
        else:
            self._steps = self._steps + 1 if self.state == "idle" else 1
            self.state = "idle"
            self.wait = min(self.rules.idle_ceiling, self.rules.fast * 2.0 ** self._steps)
        self.next_cycle_at = max(now + self.wait, self._spend_again_at)
        return self.next_cycle_at - now

    def changed(self, now: float) -> float:
        """Something changed in the store or the workbook since the last cycle: the seconds until the next may start.

        As soon as the quota allows, unless Google asked for quiet (throttled).
        """
        if self.state != "throttled":
            self.state, self._steps, self.wait = "fast", 0, self.rules.fast
            self.next_cycle_at = min(self.next_cycle_at, max(now, self._spend_again_at))
        return max(0.0, self.next_cycle_at - now)

    def snapshot(self, now: float) -> PaceSnapshot:
        """The pace as it stands now."""
        quota = self.rules.quota
        return PaceSnapshot(
            self.state, max(0.0, self.next_cycle_at - now), self.rules.fast, self.rules.idle_ceiling,
            quota.describe() if quota is not None else None,
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
