"""``/staff/events``: check people in at the door (pass number typed, or the pass QR scanned), and who signed up.

The pass's QR code opens the owner's public pass page ``/e/<sign-up ID>``; its "Staff: check in" link
is ``/staff/events?checkin=<sign-up ID>``, which opens this page (after logging in) and checks the
pass in at once.
"""

from __future__ import annotations

from nicegui import run, ui

from admin.auth import StaffPage, StaffSession, actor_of
from desk.events import CheckIn, EventDesk, EventError, SignupStatus


class EventsConsole:
    """Check-in at the door and the sign-up lists of upcoming events."""

    def __init__(self, events: EventDesk) -> None:
        self.events = events

    def build(self, page: StaffPage) -> None:
        """Draw the page; check in the pass named in the address, if any."""
        _CheckInPage(self.events, page).build()


class _CheckInPage:
    """One open check-in page (each browser its own, so two doors never draw into each other's page)."""

    def __init__(self, events: EventDesk, page: StaffPage) -> None:
        self.events = events
        self.page = page

    def build(self) -> None:
        with ui.column().classes("w-full max-w-5xl mx-auto p-6 gap-6"):
            ui.label("Check-in 活动签到").classes("text-2xl font-bold")
            with ui.row().classes("items-center gap-4"):
                code = ui.input("Pass number 入场号").classes("w-64 text-xl").mark("checkin-code")

                async def typed(staff: StaffSession) -> None:
                    await self._check_in(code.value or "", actor_of(staff))

                self.page.button("Check in 签到", "events.check-in", typed, mark="checkin-submit").props("size=lg")
                code.on("keydown.enter", self.page.action("events.check-in", typed))
            self.result = ui.column().classes("w-full gap-2")
            self.lists = ui.column().classes("w-full gap-4")
        scanned = ui.context.client.request.query_params.get("checkin", "")
        if scanned:  # the page was just opened with a live session: the scan is this press
            self._show_check_in(self._attempt(scanned, actor_of(self.page.session)))
        else:
            self._draw_lists()

    def _attempt(self, code: str, actor: str) -> CheckIn | EventError | None:
        """Check a pass in; the refusal is returned, not raised, so it can cross a thread."""
        if not code.strip():
            return None
        try:
            return self.events.check_in(code, actor=actor)
        except EventError as refused:
            return refused

    async def _check_in(self, code: str, actor: str) -> None:
        self._show_check_in(await run.io_bound(self._attempt, code, actor))

    def _show_check_in(self, outcome: CheckIn | EventError | None) -> None:
        self.result.clear()
        with self.result:
            if outcome is None:
                ui.label("Type the pass number 请输入入场号").classes("text-red-800").mark("checkin-result")
                return
            if isinstance(outcome, EventError):
                with ui.row().classes("w-full bg-red-100 text-red-950 rounded p-4"):
                    ui.label(f"✗ {outcome}").classes("text-2xl").mark("checkin-result")
            else:
                self._checked(outcome)
        self._draw_lists()

    @staticmethod
    def _checked(checked: CheckIn) -> None:
        signup, event = checked.signup, checked.event
        when = f"{signup.attended_at:%H:%M}" if signup.attended_at else ""
        words = f"already checked in at {when} 已签到" if checked.already else "checked in 签到成功"
        colour = "bg-amber-100 text-amber-950" if checked.already else "bg-green-100 text-green-950"
        with ui.column().classes(f"w-full {colour} rounded p-4 gap-1"):
            ui.label(f"✓ Pass {signup.pass_number}: {words}").classes("text-2xl font-bold").mark("checkin-result")
            ui.label(f"{event.title('en')} · {event.title('zh')} · unit {signup.unit_label} · "
                     f"{signup.people} people 人").classes("text-xl")

    def _draw_lists(self) -> None:
        self.lists.clear()
        with self.lists:
            for event in self.events.upcoming():
                signups = self.events.signups(event.id)
                attended = sum(s.people for s in signups if s.status is SignupStatus.ATTENDED)
                title = (f"{event.title('en')} {event.title('zh')} · {event.starts:%Y-%m-%d %H:%M} · "
                         f"{event.taken}/{event.capacity} places, {event.waiting} waiting, {attended} attended")
                with ui.expansion(title).classes("w-full bg-white rounded").mark(f"event-list-{event.id}"):
                    rows = [{"pass": s.pass_number, "unit": s.unit_label, "people": s.people,
                             "status": s.status.value, "line": s.line} for s in signups
                            if s.status is not SignupStatus.CANCELLED]
                    ui.table(rows=rows, columns=[
                        {"name": key, "label": label, "field": key, "align": "left"}
                        for key, label in [("pass", "Pass 入场号"), ("unit", "Unit 房号"), ("people", "People 人数"),
                                           ("status", "Status 状态"), ("line", "Line 顺序")]
                    ]).classes("w-full").props("dense flat").mark(f"signups-{event.id}")
