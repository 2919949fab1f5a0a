"""Clerks answer owners' feedback in the console; an anonymous suggestion shows no unit."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from nicegui import ui
from nicegui.testing.user import User

from desk.feedback import Feedback, FeedbackCategory, FeedbackKind, FeedbackStatus
from lobbydesk.site import Site
from sync.memory import MemoryWorkbook
from tests.admin.test_console_and_display import _log_in


async def test_a_clerk_answers_a_complaint_and_the_sheet_shows_the_answer(
    new_browser: Callable[[], User], community: Site
) -> None:
    complaint = community.repairs.feedback.file(
        kind=FeedbackKind.COMPLAINT, category=FeedbackCategory.PARKING, text="Car on the lawn again",
        unit_id="SUNNY-U1", unit_label="3-1202")
    community.repairs.feedback.file(
        kind=FeedbackKind.SUGGESTION, category=FeedbackCategory.CLEANING, text="More bins by gate 2",
        unit_id="SUNNY-U2", unit_label="5-301", anonymous=True)
    staff = new_browser()
    await _log_in(staff)
    await staff.open("/staff/feedback")
    await staff.should_see("Open feedback 待处理意见 (2)")
    shown = sorted(staff.find(marker="feedback-text").elements, key=lambda element: element.id)  # page order
    assert [element.text for element in shown if isinstance(element, ui.label)] == [
        "Car on the lawn again", "More bins by gate 2"], "oldest first"
    await staff.should_see("Anonymous 匿名", retries=5)
    await staff.should_not_see("5-301")  # anonymity is what staff see

    staff.find(marker=f"answer-{complaint.id}").type("Security will tow it today. 今天拖走。")
    staff.find(marker=f"answer-close-{complaint.id}").click()
    await staff.should_see("Open feedback 待处理意见 (1)", retries=30)

    with community.store.transaction() as tx:
        answered = tx.get(Feedback, complaint.id)
        actor = tx.history_entries(complaint.id)[-1].actor
    assert answered is not None
    assert (answered.status, answered.response) == (FeedbackStatus.CLOSED, "Security will tow it today. 今天拖走。")
    assert actor == "desk wang"
    sheet = community.workbook
    assert isinstance(sheet, MemoryWorkbook)
    for _ in range(100):
        row = next((r for r in sheet.rows_by_header("Feedback") if r.get("ID") == complaint.id), {})
        if row.get("Status") == "closed":
            break
        await asyncio.sleep(0.05)
    assert (row.get("Status"), row.get("Response")) == ("closed", "Security will tow it today. 今天拖走。")


async def test_an_empty_answer_is_refused_with_the_reason(new_browser: Callable[[], User], community: Site) -> None:
    question = community.repairs.feedback.file(
        kind=FeedbackKind.INQUIRY, category=FeedbackCategory.FEES, text="When is the heating fee due?",
        unit_id="SUNNY-U1", unit_label="3-1202")
    staff = new_browser()
    await _log_in(staff)
    await staff.open("/staff/feedback")
    staff.find(marker=f"answer-send-{question.id}").click()
    await staff.should_see("write the answer first · 请先填写回复", retries=30)
    with community.store.transaction() as tx:
        assert tx.get(Feedback, question.id).status is FeedbackStatus.NEW  # type: ignore[union-attr]
