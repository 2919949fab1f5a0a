"""Visitors register with the unit they visit and why; their pass is dated and today's list is for security."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.store import Store
from desk.visitors import VISITOR_PASS, VisitorDesk, VisitorError, VisitPurpose


@pytest.fixture
def visitors(store: Store, clock: FixedClock) -> VisitorDesk:
    return VisitorDesk(store, clock, SequentialIds("SUNNY"))


def test_a_visitor_gets_a_numbered_pass_valid_for_four_hours(
    visitors: VisitorDesk, store: Store, clock: FixedClock
) -> None:
    visitor = visitors.register("U1", "3-1202", "  Li   Wei ", VisitPurpose.VISIT, lang="en")

    assert (visitor.pass_number, visitor.name, visitor.unit_label) == ("V001", "Li Wei", "3-1202")
    assert visitor.valid_until == clock.now() + timedelta(hours=4)
    with store.transaction() as tx:
        [job] = tx.pending_print_jobs()
    assert (job.kind, job.ref, job.payload) == (VISITOR_PASS, visitor.id, {"lang": "en"})


def test_a_late_pass_ends_before_midnight_and_numbers_restart_each_day(
    visitors: VisitorDesk, clock: FixedClock
) -> None:
    clock.advance(hours=13, minutes=30)  # 22:30
    late = visitors.register("U1", "3-1202", "王师傅", VisitPurpose.SERVICE)
    clock.advance(hours=2)  # 00:30 the next day
    next_day = visitors.register("U1", "3-1202", "快递", VisitPurpose.DELIVERY)

    assert late.valid_until.strftime("%H:%M") == "23:59"
    assert next_day.pass_number == "V001"


def test_security_sees_todays_visitors_latest_first_and_marks_who_left(
    visitors: VisitorDesk, clock: FixedClock
) -> None:
    clock.advance(days=-1)
    visitors.register("U1", "3-1202", "Yesterday", VisitPurpose.VISIT)
    clock.advance(days=1)
    first = visitors.register("U1", "3-1202", "First", VisitPurpose.VISIT)
    clock.advance(minutes=5)
    visitors.register("U2", "5-301", "Second", VisitPurpose.DELIVERY)

    assert [v.name for v in visitors.today()] == ["Second", "First"]
    left = visitors.mark_left(first.id, actor="guard")
    assert left.left_at == datetime(2026, 11, 27, 9, 5, tzinfo=clock.tz)


def test_a_visitor_without_a_name_is_not_registered(visitors: VisitorDesk) -> None:
    with pytest.raises(VisitorError, match="name"):
        visitors.register("U1", "3-1202", "   ", VisitPurpose.OTHER)
