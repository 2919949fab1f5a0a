"""Event sign-ups: places counted in people, a waitlist in order, moving up on cancellations, check-in."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desk.clock import FixedClock
from desk.events import EVENT_PASS, Event, EventDesk, EventError, EventStatus, Signup, SignupStatus
from desk.ids import SequentialIds
from desk.store import Store


def add_event(store: Store, clock: FixedClock, **values: object) -> Event:
    event = Event.model_validate({
        "id": "SUNNY-E1", "title_zh": "中秋晚会", "title_en": "Moon festival party",
        "starts": clock.now() + timedelta(days=3), "place": "Clubhouse", "capacity": 4, "per_unit": 3, **values})
    with store.transaction() as tx:
        tx.put(event, actor="staff", at=clock.now())
    return event


@pytest.fixture
def events(store: Store, clock: FixedClock) -> EventDesk:
    add_event(store, clock)
    return EventDesk(store, clock, SequentialIds("SUNNY"))


def statuses(events: EventDesk) -> list[tuple[str, int, str]]:
    return [(s.unit_label, s.people, s.status.value) for s in events.signups("SUNNY-E1")]


def test_a_unit_signs_up_gets_a_pass_number_and_its_pass_is_journalled(events: EventDesk, store: Store) -> None:
    outcome = events.sign_up("SUNNY-E1", "U1", "3-1202", 2, lang="en")

    assert outcome.signup.status is SignupStatus.SIGNED_UP
    assert outcome.signup.pass_number == "0001"
    assert outcome.waitlist_place == 0
    assert (outcome.event.taken, outcome.event.waiting) == (2, 0)
    with store.transaction() as tx:
        [job] = tx.pending_print_jobs()
    assert (job.kind, job.ref, job.payload) == (EVENT_PASS, outcome.signup.id, {"lang": "en"})


def test_when_the_people_do_not_fit_the_unit_joins_the_waitlist_without_a_pass(
    events: EventDesk, store: Store
) -> None:
    events.sign_up("SUNNY-E1", "U1", "1-301", 3)
    late = events.sign_up("SUNNY-E1", "U2", "2-801", 2)

    assert late.signup.status is SignupStatus.WAITLISTED
    assert late.waitlist_place == 1
    assert (late.event.taken, late.event.waiting) == (3, 2)
    with store.transaction() as tx:
        assert [job.ref for job in tx.pending_print_jobs()] == ["SUNNY-S000001"]


def test_nobody_jumps_the_waitlist_even_a_party_that_would_fit(events: EventDesk) -> None:
    events.sign_up("SUNNY-E1", "U1", "1-301", 3)
    events.sign_up("SUNNY-E1", "U2", "2-801", 2)  # does not fit: waits
    small = events.sign_up("SUNNY-E1", "U3", "3-1202", 1)  # would fit, but someone waits already

    assert small.signup.status is SignupStatus.WAITLISTED
    assert small.waitlist_place == 2


def test_a_cancellation_moves_the_waitlist_up_in_order(events: EventDesk) -> None:
    first = events.sign_up("SUNNY-E1", "U1", "1-301", 3)
    events.sign_up("SUNNY-E1", "U2", "2-801", 2)
    events.sign_up("SUNNY-E1", "U3", "3-1202", 2)

    moved = events.cancel(first.signup.id)

    assert [s.unit_label for s in moved] == ["2-801", "3-1202"]
    assert statuses(events) == [("1-301", 3, "cancelled"), ("2-801", 2, "signed-up"), ("3-1202", 2, "signed-up")]
    assert events.get("SUNNY-E1").taken == 4  # type: ignore[union-attr]


def test_the_first_in_line_who_does_not_fit_stops_the_line(events: EventDesk) -> None:
    events.sign_up("SUNNY-E1", "U1", "1-301", 2)
    second = events.sign_up("SUNNY-E1", "U2", "1-302", 2)
    events.sign_up("SUNNY-E1", "U3", "2-801", 3)  # waits
    events.sign_up("SUNNY-E1", "U4", "3-1202", 1)  # waits behind

    assert events.cancel(second.signup.id) == []  # 2 places free: not enough for the party of 3
    assert statuses(events)[2:] == [("2-801", 3, "waitlisted"), ("3-1202", 1, "waitlisted")]


def test_raising_the_capacity_in_the_sheet_moves_the_waitlist_up_after_the_sync(
    events: EventDesk, store: Store, clock: FixedClock
) -> None:
    events.sign_up("SUNNY-E1", "U1", "1-301", 3)
    events.sign_up("SUNNY-E1", "U2", "2-801", 3)
    add_event(store, clock, capacity=6, taken=3, waiting=3)  # staff typed 6

    moved = events.move_waitlists_up()

    assert [s.unit_label for s in moved] == ["2-801"]
    assert events.move_waitlists_up() == []  # runs after every sync: a second run changes nothing


def test_sign_up_rules_say_why_not(events: EventDesk, store: Store, clock: FixedClock) -> None:
    events.sign_up("SUNNY-E1", "U1", "1-301", 1)
    with pytest.raises(EventError, match="already signed up") as already:
        events.sign_up("SUNNY-E1", "U1", "1-301", 1)
    assert already.value.reason == "already"
    with pytest.raises(EventError, match="1 to 3 people"):
        events.sign_up("SUNNY-E1", "U2", "2-801", 4)
    add_event(store, clock, signup_closes=clock.now() - timedelta(minutes=1))
    with pytest.raises(EventError, match="not open"):
        events.sign_up("SUNNY-E1", "U2", "2-801", 1)
    add_event(store, clock, status=EventStatus.CANCELLED)
    with pytest.raises(EventError, match="not open"):
        events.sign_up("SUNNY-E1", "U2", "2-801", 1)


def test_a_unit_that_cancelled_may_sign_up_again_at_the_back_of_the_line(events: EventDesk) -> None:
    first = events.sign_up("SUNNY-E1", "U1", "1-301", 1)
    events.cancel(first.signup.id)

    again = events.sign_up("SUNNY-E1", "U1", "1-301", 2)

    assert again.signup.status is SignupStatus.SIGNED_UP
    assert again.signup.line == 2


def test_check_in_by_pass_number_or_qr_marks_attended_once(events: EventDesk, clock: FixedClock) -> None:
    signed = events.sign_up("SUNNY-E1", "U1", "1-301", 2).signup

    checked = events.check_in("1", actor="desk wang")  # staff type the number without its zeros
    again = events.check_in(signed.id.lower(), actor="desk wang")

    assert checked.signup.status is SignupStatus.ATTENDED
    assert checked.signup.attended_at == clock.now()
    assert not checked.already
    assert again.already
    assert events.get("SUNNY-E1").taken == 2  # type: ignore[union-attr]


def test_a_waitlisted_or_unknown_pass_cannot_check_in(events: EventDesk) -> None:
    events.sign_up("SUNNY-E1", "U1", "1-301", 3)
    waiting = events.sign_up("SUNNY-E1", "U2", "2-801", 3).signup

    with pytest.raises(EventError, match="waitlisted"):
        events.check_in(waiting.pass_number, actor="desk")
    with pytest.raises(EventError, match="no pass 9999"):
        events.check_in("9999", actor="desk")


def test_staff_cannot_give_a_place_past_the_waitlist_in_the_sheet() -> None:
    waiting = Signup(id="S1", event="E1", unit="U1", people=1, pass_number="0001", line=1,
                     signed_at=datetime(2026, 11, 27, 9, 0).astimezone(), status=SignupStatus.WAITLISTED)
    cancelled = waiting.model_copy(update={"status": SignupStatus.CANCELLED})

    assert "moves up by itself" in waiting.change_refused(waiting.model_copy(update={"status": "signed-up"}))["status"]
    assert waiting.change_refused(cancelled) == {}
    assert "stays cancelled" in cancelled.change_refused(waiting)["status"]


def test_unit_facts_name_the_next_events(events: EventDesk) -> None:
    events.sign_up("SUNNY-E1", "U1", "1-301", 2)

    assert events.unit_facts("U1") == ["Next events 活动: Moon festival party 11-30 09:00 (2, pass 0001)"]
    assert events.unit_facts("U2") == []
