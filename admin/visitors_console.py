"""``/staff/visitors``: today's visitors for security, latest first, with who has left; a scanned pass stands out."""

from __future__ import annotations

from functools import partial

from nicegui import run, ui

from admin.auth import StaffPage, StaffSession, actor_of
from desk.visitors import Visitor, VisitorDesk


class VisitorsConsole:
    """Today's visitor list, refreshed every few seconds."""

    def __init__(self, visitors: VisitorDesk, refresh_seconds: float = 5.0) -> None:
        self.visitors = visitors
        self.refresh_seconds = refresh_seconds

    def build(self, page: StaffPage) -> None:
        """Draw the list and keep it current."""
        _VisitorsPage(self.visitors, page, self.refresh_seconds).build()


class _VisitorsPage:
    """One open visitor list, redrawn when today's visitors change."""

    def __init__(self, visitors: VisitorDesk, page: StaffPage, refresh_seconds: float) -> None:
        self.visitors = visitors
        self.page = page
        self.refresh_seconds = refresh_seconds

    def build(self) -> None:
        self.scanned = ui.context.client.request.query_params.get("pass", "")
        with ui.column().classes("w-full max-w-6xl mx-auto p-6 gap-4"):
            self.heading = ui.label().classes("text-2xl font-bold")
            self.area = ui.column().classes("w-full gap-2")
        self.drawn: tuple[Visitor, ...] | None = None
        self.refresh()
        ui.timer(self.refresh_seconds, self.refresh)

    def refresh(self) -> None:
        """Redraw when today's visitors changed."""
        today = tuple(self.visitors.today())
        if today == self.drawn:
            return
        self.drawn = today
        self.heading.set_text(f"Today's visitors 今日访客 ({len(today)})")
        self.area.clear()
        with self.area:
            for visitor in today:
                scanned = visitor.id == self.scanned
                colour = "bg-sky-100 border-2 border-sky-800" if scanned else "bg-white"
                with ui.row().classes(f"w-full items-center gap-6 rounded p-3 {colour}").mark("visitor-row"):
                    ui.label(visitor.pass_number).classes("text-2xl font-bold w-20")
                    ui.label(visitor.name).classes("text-xl w-48").mark("visitor-name")
                    ui.label(f"→ {visitor.unit_label}").classes("text-xl w-32")
                    ui.label(visitor.purpose.value).classes("w-24")
                    ui.label(f"{visitor.arrived_at:%H:%M}–{visitor.valid_until:%H:%M}").classes("w-32")
                    if visitor.left_at is not None:
                        ui.label(f"left {visitor.left_at:%H:%M} 已离开").classes("text-gray-700")
                    else:
                        self.page.button("Left 已离开", "visitors.left", partial(self._left, visitor=visitor),
                                         mark=f"visitor-left-{visitor.pass_number}").props("outline")

    async def _left(self, staff: StaffSession, visitor: Visitor) -> None:
        await run.io_bound(self.visitors.mark_left, visitor.id, actor=actor_of(staff))
        self.refresh()
