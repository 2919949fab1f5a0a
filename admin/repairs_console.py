"""The console's Repairs page ``/staff/repairs``: emergencies and overdue requests first, then the rest open.

Staff work repairs in the workbook's Repairs tab; this page is for what cannot wait for a look at
the sheet. An emergency also raises an alert at the top of every console page until someone sets
its status in the sheet (assigned, in progress...).
"""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from admin.auth import StaffPage
from admin.sections import ConsoleSection
from desk.clock import Clock
from desk.repairs import Repair, RepairDesk, Urgency


class RepairsConsole:
    """Builds the Repairs section and the "Open repairs" line about a unit."""

    def __init__(self, repairs: RepairDesk, clock: Clock, open_alerts: Callable[[], list[str]],
                 refresh_seconds: float = 2.0) -> None:
        self.repairs = repairs
        self.clock = clock
        self.open_alerts = open_alerts
        self.refresh_seconds = refresh_seconds

    def section(self) -> ConsoleSection:
        """The staff page, for desk clerks and managers."""
        return ConsoleSection("repairs", "Repairs 报修", self.build)

    def build(self, page: StaffPage) -> None:
        """Draw the page and keep it current."""
        area = ui.column().classes("w-full p-6 gap-4")
        drawn: list[object] = [None]

        def refresh() -> None:
            alerts = self.open_alerts()
            repairs = self.repairs.open_repairs()
            state = (tuple(alerts), tuple(repairs), self.clock.now().replace(second=0, microsecond=0))
            if state == drawn[0]:
                return
            drawn[0] = state
            area.clear()
            with area:
                self._draw(alerts, repairs)

        refresh()
        ui.timer(self.refresh_seconds, refresh)

    def _draw(self, alerts: list[str], repairs: list[Repair]) -> None:
        for alert in alerts:
            with ui.row().classes("w-full items-center gap-3 bg-amber-100 text-amber-950 rounded px-4 py-2"):
                ui.icon("warning")
                ui.label(alert).mark("alert")
        pressing = [r for r in repairs if r.urgency is not Urgency.NORMAL or r.overdue]
        ui.label(f"Urgent and overdue 紧急与超时 ({len(pressing)})").classes("text-2xl font-bold")
        self._table(pressing, "repairs-pressing")
        ui.label(f"All open 全部未完成 ({len(repairs)})").classes("text-2xl font-bold")
        self._table(repairs, "repairs-open")
        ui.label("Staff set status, department, assignee, visit and notes in the workbook's Repairs tab.")\
            .classes("text-gray-700")

    def _table(self, repairs: list[Repair], marker: str) -> None:
        tz = self.clock.tz
        rows = [{
            "number": r.number, "urgency": r.urgency.value, "category": r.category.value, "where": r.place(),
            "status": r.status.value, "department": r.department.value, "assignee": r.assignee,
            "due": r.due_at.astimezone(tz).strftime("%m-%d %H:%M"), "overdue": "OVERDUE" if r.overdue else "",
        } for r in repairs]
        columns = [{"name": key, "label": key.capitalize(), "field": key, "align": "left"}
                   for key in ("number", "urgency", "category", "where", "status", "department", "assignee", "due",
                               "overdue")]
        ui.table(columns=columns, rows=rows, row_key="number").classes("w-full").mark(marker)

    def unit_facts(self, unit_id: str) -> list[str]:
        """``Open repairs: 2 (R0003 assigned, R0005 new)`` for the called owner's unit; nothing when none."""
        mine = [r for r in self.repairs.for_unit(unit_id) if r.is_open]
        if not mine:
            return []
        listed = ", ".join(f"{r.number} {r.status.value}" + (" OVERDUE" if r.overdue else "") for r in mine[:5])
        return [f"Open repairs: {len(mine)} ({listed})"]
