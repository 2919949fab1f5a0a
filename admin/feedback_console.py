"""``/staff/feedback``: owners' complaints, suggestions, praise and inquiries, answered from the console.

An answer is written to the same Feedback row the workbook shows (Response and Status), so the sheet
and the console agree after a sync cycle. An anonymous item shows no unit: anonymity is what staff see.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from nicegui import run, ui

from admin.auth import StaffPage, StaffSession, actor_of
from admin.repair_detail import clerk_words
from admin.sections import ConsoleSection
from desk.feedback import Feedback
from desk.repair_work import RepairWork, RepairWorkError


class FeedbackConsole:
    """The Feedback section over the console's repair and feedback work."""

    def __init__(self, work: RepairWork, now: Callable[[], datetime], refresh_seconds: float = 5.0) -> None:
        self.work = work
        self.now = now
        self.refresh_seconds = refresh_seconds

    def section(self) -> ConsoleSection:
        """The staff page, for desk clerks and managers."""
        return ConsoleSection("feedback", "Feedback 意见反馈", self.build)

    def build(self, page: StaffPage) -> None:
        """Draw the open feedback, oldest first, and keep it current."""
        _FeedbackPage(self, page).build()


class _FeedbackPage:
    """One open Feedback page."""

    def __init__(self, console: FeedbackConsole, page: StaffPage) -> None:
        self.console = console
        self.page = page
        self.drawn: tuple[Feedback, ...] | None = None

    def build(self) -> None:
        with ui.column().classes("w-full max-w-5xl mx-auto p-6 gap-4"):
            self.heading = ui.label().classes("text-2xl font-bold").mark("feedback-count")
            self.area = ui.column().classes("w-full gap-3")
        self.refresh()
        ui.timer(self.console.refresh_seconds, self.refresh)

    def refresh(self, force: bool = False) -> None:
        """Redraw when the open feedback changed (here, in the sheet or at another console)."""
        items = tuple(self.console.work.open_feedback())
        if items == self.drawn and not force:
            return
        self.drawn = items
        self.heading.set_text(f"Open feedback 待处理意见 ({len(items)})")
        self.area.clear()
        with self.area:
            for item in items:
                self._item(item)

    def _item(self, item: Feedback) -> None:
        tz = self.console.now().tzinfo
        who = "Anonymous 匿名" if item.anonymous else (item.unit_label or "—")
        with ui.card().classes("w-full gap-2 p-4").mark(f"feedback-{item.id}"):
            ui.label(f"{clerk_words(item.kind)} · {clerk_words(item.category)} · {who} · "
                     f"{item.filed_at.astimezone(tz):%m-%d %H:%M} · {clerk_words(item.status)} · "
                     f"{clerk_words(item.department)}").classes("text-gray-700")
            ui.label(item.text or "—").classes("text-lg whitespace-pre-wrap").mark("feedback-text")
            answer = ui.textarea("Answer 回复", value=item.response).classes("w-full")\
                .props("maxlength=1000 counter").mark(f"answer-{item.id}")
            with ui.row().classes("gap-2"):
                self.page.button("Answer 回复", "feedback.answer",
                                 partial(self._answer, feedback_id=item.id, box=answer, close=False),
                                 mark=f"answer-send-{item.id}").props("no-caps color=primary")
                self.page.button("Answer and close 回复并关闭", "feedback.close",
                                 partial(self._answer, feedback_id=item.id, box=answer, close=True),
                                 mark=f"answer-close-{item.id}").props("no-caps outline")

    async def _answer(self, staff: StaffSession, feedback_id: str, box: ui.textarea, close: bool) -> None:
        typed = box.value or ""
        try:
            await run.io_bound(lambda: self.console.work.answer(feedback_id, typed, by=actor_of(staff), close=close))
        except RepairWorkError as refused:
            ui.notify(str(refused), type="warning")
            return
        ui.notify("Answered 已回复" if not close else "Answered and closed 已回复并关闭", type="positive")
        self.refresh(force=True)
