"""Repair requests: reported at the kiosk with a due time, limited per unit, rated and reopened by owners."""

from __future__ import annotations

from datetime import datetime

import pytest

from desk.clock import FixedClock
from desk.feedback import Department, Feedback, FeedbackKind
from desk.repairs import (
    Location,
    RatingReason,
    Repair,
    RepairCategory,
    RepairDesk,
    RepairRefusedError,
    RepairReport,
    RepairStatus,
    Urgency,
    VisitWindow,
)
from desk.service_levels import LevelCategory, ServiceLevel
from desk.store import Store
from tests.desk.conftest import SHANGHAI


def leak(**changes: object) -> RepairReport:
    values: dict[str, object] = {"unit_id": "SUNNY-U1", "unit_label": "3-1202", "category": RepairCategory.PLUMBING,
                                 "phrases": ["水龙头漏水"], "free_text": ""}
    return RepairReport(**{**values, **changes})  # type: ignore[arg-type]


def set_status(store: Store, clock: FixedClock, repair: Repair, status: RepairStatus) -> None:
    """What the sync does when staff set a status in the sheet."""
    with store.transaction() as tx:
        current = tx.get(Repair, repair.id)
        assert current is not None
        tx.put(Repair.model_validate({**current.model_dump(), "status": status}), actor="staff", at=clock.now())


def test_a_report_gets_a_number_a_due_time_a_department_and_a_slip(repairs: RepairDesk, store: Store) -> None:
    repair = repairs.report(leak(free_text="厨房 🚰 under the sink", visit_window=VisitWindow.MORNING,
                                 language="zh"))

    assert repair.number == "R0001"
    assert repair.description == "水龙头漏水; 厨房 🚰 under the sink"
    assert repair.status is RepairStatus.NEW
    assert repair.department is Department.ENGINEERING
    assert repair.due_at == datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI)  # 72 hours for a normal repair
    assert repair.place() == "3-1202"
    with store.transaction() as tx:
        job = tx.pending_print_jobs()[0]
        assert (job.kind, job.ref, job.payload) == ("repair_slip", repair.id, {"lang": "zh", "urgent": False})
        assert tx.open_alerts() == []


def test_an_emergency_alerts_staff_at_once_and_prints_an_urgent_slip(repairs: RepairDesk, store: Store) -> None:
    repair = repairs.report(leak(category=RepairCategory.ELECTRICAL, phrases=["Sparks from a socket"],
                                 urgency=Urgency.EMERGENCY, language="en"))

    with store.transaction() as tx:
        assert [alert.message for alert in tx.open_alerts()] == [
            "EMERGENCY repair R0001: electrical at 3-1202 紧急报修"]
        assert tx.pending_print_jobs()[0].payload == {"lang": "en", "urgent": True}
    assert repair.due_at == datetime(2026, 11, 27, 11, 0, tzinfo=SHANGHAI)  # 2 hours


def test_the_words_of_an_emergency_make_a_report_one_by_themselves(repairs: RepairDesk, store: Store) -> None:
    repair = repairs.report(leak(category=RepairCategory.OTHER, phrases=[], free_text="燃气味很大",
                                 visit_window=VisitWindow.EVENING, language="zh"))

    assert (repair.urgency, repair.visit_window) == (Urgency.EMERGENCY, VisitWindow.ANY)  # now, not this evening
    assert repair.due_at == datetime(2026, 11, 27, 11, 0, tzinfo=SHANGHAI)
    with store.transaction() as tx:
        assert [alert.message for alert in tx.open_alerts()] == ["EMERGENCY repair R0001: other at 3-1202 紧急报修"]
        assert tx.pending_print_jobs()[0].payload == {"lang": "zh", "urgent": True}


def test_nobody_books_a_visit_to_a_public_place(repairs: RepairDesk) -> None:
    corridor = repairs.report(leak(category=RepairCategory.PUBLIC_AREA, phrases=["Corridor light out"],
                                   location=Location.PUBLIC, building="2", visit_window=VisitWindow.MORNING))
    home = repairs.report(leak(visit_window=VisitWindow.MORNING))

    assert (corridor.urgency, corridor.visit_window) == (Urgency.NORMAL, VisitWindow.ANY)
    assert (home.urgency, home.visit_window) == (Urgency.NORMAL, VisitWindow.MORNING)


def test_the_alert_closes_once_staff_take_the_emergency(
    repairs: RepairDesk, store: Store, clock: FixedClock
) -> None:
    repair = repairs.report(leak(urgency=Urgency.EMERGENCY))
    repairs.review()
    with store.transaction() as tx:
        assert len(tx.open_alerts()) == 1

    set_status(store, clock, repair, RepairStatus.ASSIGNED)
    repairs.review()

    with store.transaction() as tx:
        assert tx.open_alerts() == []


def test_a_public_area_says_which_building_and_floor(repairs: RepairDesk) -> None:
    repair = repairs.report(leak(category=RepairCategory.PUBLIC_AREA, phrases=["Corridor light out"],
                                 location=Location.PUBLIC, building="2", floor="8"))
    assert repair.place() == "public area, building 2 floor 8"
    with pytest.raises(RepairRefusedError) as refused:
        repairs.report(leak(location=Location.PUBLIC, building=""))
    assert refused.value.code == "where"


def test_the_service_levels_staff_keep_set_the_due_time(
    repairs: RepairDesk, store: Store, clock: FixedClock
) -> None:
    with store.transaction() as tx:
        tx.put(ServiceLevel(id="SUNNY-L1", category=LevelCategory.ANY, urgency=Urgency.NORMAL, target_hours=48),
               actor="staff", at=clock.now())
        tx.put(ServiceLevel(id="SUNNY-L2", category=LevelCategory.ELEVATOR, urgency=Urgency.NORMAL, target_hours=8),
               actor="staff", at=clock.now())

    plumbing = repairs.report(leak())
    elevator = repairs.report(leak(category=RepairCategory.ELEVATOR, phrases=["Stuck on floor 3"]))

    assert plumbing.due_at == datetime(2026, 11, 29, 9, 0, tzinfo=SHANGHAI)
    assert elevator.due_at == datetime(2026, 11, 27, 17, 0, tzinfo=SHANGHAI)


def test_the_same_request_twice_within_an_hour_points_to_the_first(
    repairs: RepairDesk, clock: FixedClock
) -> None:
    first = repairs.report(leak())
    clock.advance(minutes=59)
    with pytest.raises(RepairRefusedError) as refused:
        repairs.report(leak())
    assert refused.value.code == "duplicate"
    assert refused.value.existing is not None and refused.value.existing.number == first.number

    clock.advance(minutes=2)
    assert repairs.report(leak()).number == "R0002"


def test_a_unit_reports_at_most_ten_a_day(repairs: RepairDesk, clock: FixedClock) -> None:
    for n in range(10):
        repairs.report(leak(free_text=f"tap {n}"))
    with pytest.raises(RepairRefusedError) as refused:
        repairs.report(leak(free_text="tap 10"))
    assert refused.value.code == "limit"
    assert repairs.report(leak(unit_id="SUNNY-U2", unit_label="5-301")).number == "R0011"

    clock.advance(days=1)
    assert repairs.report(leak(free_text="tap 10")).number == "R0012"


def test_text_is_capped_and_kept_exactly(repairs: RepairDesk) -> None:
    with pytest.raises(RepairRefusedError) as refused:
        repairs.report(leak(free_text="x" * 301))
    assert refused.value.code == "too-long"
    with pytest.raises(RepairRefusedError):
        repairs.report(leak(phrases=[], free_text="   "))

    repair = repairs.report(leak(phrases=[], free_text="=SUM(A1:A9) 漏水 😀"))
    assert repair.description == "=SUM(A1:A9) 漏水 😀"


@pytest.mark.parametrize(("old", "new", "refused"), [
    (RepairStatus.DONE, RepairStatus.NEW, True),
    (RepairStatus.DONE, RepairStatus.IN_PROGRESS, True),
    (RepairStatus.CANCELLED, RepairStatus.ASSIGNED, True),
    (RepairStatus.IN_PROGRESS, RepairStatus.NEW, True),
    (RepairStatus.NEW, RepairStatus.ASSIGNED, False),
    (RepairStatus.ON_HOLD, RepairStatus.IN_PROGRESS, False),
    (RepairStatus.DONE, RepairStatus.REOPENED, False),
    (RepairStatus.REOPENED, RepairStatus.DONE, False),
])
def test_only_the_transitions_of_a_repairs_life_are_taken(
    repairs: RepairDesk, old: RepairStatus, new: RepairStatus, refused: bool
) -> None:
    repair = repairs.report(leak())
    before = Repair.model_validate({**repair.model_dump(), "status": old})
    after = Repair.model_validate({**repair.model_dump(), "status": new})
    reasons = before.change_refused(after)
    assert bool(reasons) is refused
    if refused:
        assert list(reasons) == ["status"]
        assert reasons["status"].startswith(f"a {old.value} repair cannot become {new.value}")


def test_done_is_noted_and_the_owner_rates_once(repairs: RepairDesk, store: Store, clock: FixedClock) -> None:
    repair = repairs.report(leak())
    with pytest.raises(RepairRefusedError):
        repairs.rate(repair.id, "SUNNY-U1", 5)  # not done yet

    set_status(store, clock, repair, RepairStatus.DONE)
    clock.advance(hours=1)
    repairs.review()
    done = repairs.get(repair.id)
    assert done is not None and done.done_at == clock.now()

    assert repairs.rate(repair.id, "SUNNY-U1", 4) is None
    rated = repairs.get(repair.id)
    assert rated is not None and (rated.rating, rated.status) == (4, RepairStatus.DONE)
    with pytest.raises(RepairRefusedError):
        repairs.rate(repair.id, "SUNNY-U1", 1)
    with pytest.raises(RepairRefusedError):
        repairs.rate(repair.id, "SUNNY-U2", 1)  # another unit's repair


def test_a_rating_of_two_files_a_complaint_routed_to_the_center(
    repairs: RepairDesk, store: Store, clock: FixedClock
) -> None:
    repair = repairs.report(leak())
    set_status(store, clock, repair, RepairStatus.DONE)
    repairs.review()

    complaint = repairs.rate(repair.id, "SUNNY-U1", 2, [RatingReason.SLOW, RatingReason.NOT_FIXED], language="en")

    assert complaint is not None
    with store.transaction() as tx:
        assert tx.find(Feedback) == [complaint]
    assert (complaint.kind, complaint.department, complaint.repair, complaint.unit) == (
        FeedbackKind.COMPLAINT, Department.CENTER, repair.id, "SUNNY-U1")
    assert complaint.text == "R0001 (plumbing) rated 2/5: slow, not fixed"
    stored = repairs.get(repair.id)
    assert stored is not None and stored.rating_reasons == "slow, not fixed"


def test_a_low_rating_files_its_complaint_in_the_language_the_owner_rates_in(
    repairs: RepairDesk, store: Store, clock: FixedClock
) -> None:
    reported_in_english = repairs.report(leak(language="en"))
    reported_in_chinese = repairs.report(leak(category=RepairCategory.HEATING, phrases=["暖气不热"], language="zh"))
    for repair in (reported_in_english, reported_in_chinese):
        set_status(store, clock, repair, RepairStatus.DONE)
    repairs.review()

    rated_in_chinese = repairs.rate(reported_in_english.id, "SUNNY-U1", 2, [RatingReason.NOT_FIXED], language="zh")
    rated_as_reported = repairs.rate(reported_in_chinese.id, "SUNNY-U1", 1)

    assert rated_in_chinese is not None and rated_as_reported is not None
    assert (rated_in_chinese.text, rated_in_chinese.language) == ("R0001（水管 / 漏水）评价 2/5 星：没修好", "zh")
    assert (rated_as_reported.text, rated_as_reported.language) == ("R0002（暖气）评价 1/5 星", "zh")
    assert rated_in_chinese.department is Department.CENTER


def test_a_done_repair_reopens_within_seven_days_only(repairs: RepairDesk, store: Store, clock: FixedClock) -> None:
    repair = repairs.report(leak())
    set_status(store, clock, repair, RepairStatus.DONE)
    repairs.review()
    clock.advance(days=6, hours=23)

    reopened = repairs.reopen(repair.id, "SUNNY-U1")

    assert (reopened.status, reopened.reopened, reopened.done_at) == (RepairStatus.REOPENED, 1, None)
    set_status(store, clock, repair, RepairStatus.DONE)
    repairs.review()
    clock.advance(days=7, minutes=1)
    with pytest.raises(RepairRefusedError) as refused:
        repairs.reopen(repair.id, "SUNNY-U1")
    assert refused.value.code == "not-reopenable"


def test_open_repairs_past_their_due_time_are_flagged_overdue(
    repairs: RepairDesk, store: Store, clock: FixedClock
) -> None:
    late = repairs.report(leak(urgency=Urgency.URGENT))
    later = repairs.report(leak(category=RepairCategory.HEATING, phrases=["Radiator cold"]))
    clock.advance(hours=25)

    assert repairs.review() == 1
    assert repairs.review() == 0  # idempotent: nothing differs the second time
    flags = {r.id: r.overdue for r in [repairs.get(late.id), repairs.get(later.id)] if r}
    assert flags == {late.id: True, later.id: False}
    assert [r.id for r in repairs.open_repairs()] == [late.id, later.id]

    set_status(store, clock, late, RepairStatus.DONE)
    repairs.review()
    done = repairs.get(late.id)
    assert done is not None and not done.overdue


def test_review_reads_only_repairs_that_can_change_and_forgets_done_at_when_staff_reopen(
    repairs: RepairDesk, store: Store, clock: FixedClock
) -> None:
    repair = repairs.report(leak())
    cancelled = repairs.report(leak(free_text="never mind"))
    set_status(store, clock, repair, RepairStatus.DONE)
    set_status(store, clock, cancelled, RepairStatus.CANCELLED)
    assert repairs.review() == 1  # done_at noted; the cancelled one is not even read

    set_status(store, clock, repair, RepairStatus.REOPENED)
    assert repairs.review() == 1
    reopened = repairs.get(repair.id)
    assert reopened is not None and (reopened.done_at, reopened.is_open) == (None, True)
    assert [r.id for r in repairs.open_repairs()] == [repair.id]
