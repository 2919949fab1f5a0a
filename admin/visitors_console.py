"""``/staff/visitors``: today's visitors for security, latest first, with who has left; a scanned pass stands out."""

from __future__ import annotations

from nicegui import ui

from admin.auth import StaffSession
from desk.visitors import Visitor, VisitorDesk


class VisitorsConsole:
    """Today's visitor list, refreshed every few seconds."""

    def __init__(self, visitors: VisitorDesk, refresh_seconds: float = 5.0) -> None:
        self.visitors = visitors
        self.refresh_seconds = refresh_seconds

    def build(self, staff: StaffSession) -> None:
        """Draw the list and keep it current."""
        self.actor = f"{staff.role} {staff.name}"
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
                        ui.button("Left 已离开", on_click=lambda _, v=visitor: self._left(v))\
                            .props("outline").mark(f"visitor-left-{visitor.pass_number}")

    def _left(self, visitor: Visitor) -> None:
        self.visitors.mark_left(visitor.id, actor=self.actor)
        self.refresh()
