"""Stories of the sync's pace: fast after a change, slower while idle or refused, always within the quota share.

Fifty sites share one service account's 60 reads and 60 writes a minute; each may spend its share
(planned at 90 %: one read every 55.6 s), whatever its own pace would like.
"""

from __future__ import annotations

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync.pace import CycleOutcome, Pace, PaceRules, QuotaShare, RequestTally, outcome_of
from sync.report import CycleReport

FIFTY = QuotaShare(sites=50)
CHANGED = CycleOutcome(changed=True, reads=1, writes=1)
IDLE = CycleOutcome(changed=False)  # found the version unchanged: no Sheets request


def pace_for(quota: QuotaShare | None = FIFTY) -> Pace:
    return Pace(PaceRules(fast=5.0, idle_ceiling=30.0, quota=quota))


def test_fifty_sites_on_one_account_each_read_about_once_a_minute() -> None:
    assert FIFTY.seconds_per_read == pytest.approx(60 * 50 / (60 * 0.9))
    assert FIFTY.spacing(reads=2, writes=1) == pytest.approx(2 * FIFTY.seconds_per_read)
    assert QuotaShare(sites=1, headroom=1.0).seconds_per_read == 1.0
    assert "50 sites on 60 reads and 60 writes a minute" in FIFTY.describe()


def test_a_quiet_site_backs_off_step_by_step_to_the_ceiling() -> None:
    pace = pace_for(quota=None)
    waits = [pace.after_cycle(IDLE, started_at=t, now=t) for t in range(6)]
    assert waits == [10.0, 20.0, 30.0, 30.0, 30.0, 30.0]
    assert pace.state == "idle"


def test_a_change_on_either_side_brings_the_pace_back_to_fast() -> None:
    pace = pace_for(quota=None)
    for _ in range(5):
        pace.after_cycle(IDLE, 0.0, 0.0)
    assert pace.after_cycle(CycleOutcome(changed=True, reads=1), started_at=100.0, now=101.0) == 5.0
    assert pace.state == "fast"


def test_a_ticket_taken_while_the_site_idles_starts_the_next_cycle_at_once() -> None:
    pace = pace_for(quota=None)
    for t in range(4):
        pace.after_cycle(IDLE, float(t), float(t))
    assert pace.next_cycle_at == pytest.approx(33.0)
    assert pace.changed(now=10.0) == 0.0
    assert pace.state == "fast"


def test_after_a_busy_cycle_the_next_waits_for_the_sites_share_of_the_quota() -> None:
    pace = pace_for()
    wait = pace.after_cycle(CHANGED, started_at=0.0, now=1.5)
    assert wait == pytest.approx(FIFTY.seconds_per_read - 1.5)
    # A kiosk change cannot buy a read the share does not have; it comes when the share allows.
    assert pace.changed(now=10.0) == pytest.approx(FIFTY.seconds_per_read - 10.0)
    # An idle cycle spends nothing, and leaves the spacing of the last busy one standing.
    pace.after_cycle(IDLE, started_at=FIFTY.seconds_per_read, now=FIFTY.seconds_per_read + 0.1)
    assert pace.changed(now=FIFTY.seconds_per_read + 1) == 0.0


def test_a_429_slows_the_site_down_doubling_until_a_clean_cycle() -> None:
    pace = pace_for()
    refused = CycleOutcome(changed=False, reads=0, rate_limited=True)
    first = pace.after_cycle(refused, 0.0, 0.0)
    second = pace.after_cycle(refused, 200.0, 200.0)
    assert pace.state == "throttled"
    assert first == pytest.approx(FIFTY.seconds_per_read)  # a full share, though the refused read cost nothing
    assert second == pytest.approx(2 * FIFTY.seconds_per_read)
    assert pace.changed(now=201.0) == pytest.approx(second - 1.0)  # a change waits out the refusal
    pace.after_cycle(CHANGED, 500.0, 500.0)
    assert pace.state == "fast"


def test_google_asking_for_a_longer_quiet_is_heard() -> None:
    pace = pace_for(quota=QuotaShare(sites=1))
    assert pace.after_cycle(CycleOutcome(False, 1, 0, True, retry_after=90.0), 0.0, 0.0) == 90.0


def test_a_cycle_is_seen_as_a_change_when_it_wrote_or_took_something() -> None:
    report = CycleReport(workbook="w", started_at=datetime(2024, 5, 6, tzinfo=ZoneInfo("UTC")))
    assert not outcome_of(report, None).changed
    report.values_taken = 1
    tally = RequestTally(reads=2, writes=0, checks=1)
    tally.refused(retry_after=3.0)
    outcome = outcome_of(report, tally)
    assert outcome == CycleOutcome(changed=True, reads=2, writes=0, rate_limited=True, retry_after=3.0)
    assert tally.describe() == "2 reads, 0 writes, 1 version check; 1 refused for quota (429)"


# --- properties: any run of cycles, store changes and refusals ---

events = st.lists(
    st.tuples(
        st.sampled_from(["changed", "idle", "refused", "store"]),
        st.integers(0, 3),  # reads
        st.integers(0, 2),  # writes
        st.floats(0.0, 30.0),  # how long the cycle took
    ),
    max_size=40,
)
quotas = st.one_of(st.none(), st.builds(QuotaShare, sites=st.integers(1, 200)))


def _play(pace: Pace, run: list[tuple[str, int, int, float]]) -> list[tuple[float, int, int, float]]:
    """Drive the pace as the loop does; the cycles as (start, reads, writes, wait chosen after it)."""
    now, cycles = 0.0, []
    for what, reads, writes, took in run:
        if what == "store":
            now += took / 10
            pace.changed(now)
            continue
        now = max(now, pace.next_cycle_at)
        started = now
        now += took
        outcome = CycleOutcome(what == "changed", reads, writes, rate_limited=what == "refused")
        cycles.append((started, reads, writes, pace.after_cycle(outcome, started, now)))
    return cycles


@given(events, quotas)
def test_property_a_site_never_spends_more_than_its_share(run: list[tuple[str, int, int, float]],
                                                         quota: QuotaShare | None) -> None:
    cycles = _play(pace_for(quota), run)
    if quota is None:
        return
    spent = [(start, reads, writes) for start, reads, writes, _wait in cycles if reads or writes]
    for (start, reads, writes), (next_start, _r, _w) in itertools.pairwise(spent):
        assert next_start - start >= quota.spacing(reads, writes) - 1e-9


@given(events, quotas)
def test_property_the_wait_is_bounded(run: list[tuple[str, int, int, float]], quota: QuotaShare | None) -> None:
    pace = pace_for(quota)
    for _start, reads, writes, wait in _play(pace, run):
        longest = max(pace.rules.throttle_ceiling, quota.spacing(reads, writes) if quota else 0.0)
        assert 0.0 <= wait <= longest + 1e-9


@given(events, quotas)
def test_property_a_change_brings_back_the_fast_pace(run: list[tuple[str, int, int, float]],
                                                     quota: QuotaShare | None) -> None:
    pace = pace_for(quota)
    cycles = _play(pace, run)
    now = max(0.0, pace.next_cycle_at)
    wait = pace.after_cycle(CycleOutcome(changed=True), now, now)  # a change that cost no Sheets request
    assert pace.state == "fast"
    # Fast, unless the share spent by an earlier busy cycle is not back yet.
    share_back_at = max(
        (start + quota.spacing(reads, writes) for start, reads, writes, _wait in cycles if quota), default=0.0
    )
    assert wait == pytest.approx(max(pace.rules.fast, share_back_at - now))
