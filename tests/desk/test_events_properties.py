"""Whatever owners and staff do, an event never holds more people than it takes, and the waitlist keeps its order."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.clock import FixedClock
from desk.events import HOLDS_A_PLACE, Event, EventDesk, EventError, SignupStatus
from desk.ids import SequentialIds
from desk.store import Store

START = datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

sign_up = st.tuples(st.just("sign up"), st.integers(0, 7), st.integers(1, 3))
actions = st.lists(
    st.one_of(
        sign_up, sign_up, sign_up,  # mostly sign-ups, so events fill and waitlists form
        st.tuples(st.just("cancel"), st.integers(0, 20), st.just(0)),
        st.tuples(st.just("capacity"), st.integers(0, 8), st.just(0)),
        st.tuples(st.just("check in"), st.integers(0, 20), st.just(0)),
    ),
    min_size=4,
    max_size=25,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(capacity=st.integers(0, 6), steps=actions)
def test_places_never_exceed_capacity_and_nobody_with_a_place_came_after_someone_waiting(
    capacity: int, steps: list[tuple[str, int, int]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "site.sqlite3")
        store.open()
        clock = FixedClock(START)
        event = Event(id="E1", title_en="Party", starts=START + timedelta(days=1), capacity=capacity, per_unit=3)
        with store.transaction() as tx:
            tx.put(event, actor="staff", at=START)
        desk = EventDesk(store, clock, SequentialIds("SUNNY"))
        taken = 0
        try:
            for action, number, people in steps:
                clock.advance(minutes=1)
                signups = desk.signups("E1")
                try:
                    if action == "sign up":
                        desk.sign_up("E1", f"U{number}", f"1-{number}", people)
                    elif action == "cancel" and signups:
                        desk.cancel(signups[number % len(signups)].id)
                    elif action == "check in" and signups:
                        desk.check_in(signups[number % len(signups)].pass_number, actor="desk")
                    elif action == "capacity":
                        current = desk.get("E1")
                        assert current is not None
                        with store.transaction() as tx:
                            tx.put(current.model_copy(update={"capacity": number}), actor="staff", at=clock.now())
                        desk.move_waitlists_up()
                except EventError:
                    pass
                taken = _check(desk, taken)
        finally:
            store.close()


def _check(desk: EventDesk, taken_before: int) -> int:
    """Check the rules after one step; returns the people holding a place now."""
    event = desk.get("E1")
    assert event is not None
    signups = desk.signups("E1")
    placed = [s for s in signups if s.status in HOLDS_A_PLACE]
    waiting = [s for s in signups if s.status is SignupStatus.WAITLISTED]
    taken = sum(s.people for s in placed)
    # Staff may lower the capacity under the people already placed: nobody loses a place, nobody gains one.
    assert taken <= event.capacity or taken <= taken_before, "a place was given beyond the capacity"
    if waiting:
        assert max((s.line for s in placed), default=0) < min(s.line for s in waiting), "someone jumped the line"
        assert taken + waiting[0].people > event.capacity, "the first in line would fit: the waitlist is stuck"
    assert (event.taken, event.waiting) == (taken, sum(s.people for s in waiting))
    units = [s.unit for s in signups if s.status is not SignupStatus.CANCELLED]
    assert len(units) == len(set(units)), "a unit holds one sign-up per event"
    return taken
