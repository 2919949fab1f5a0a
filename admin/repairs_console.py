"""The console's Repairs page ``/staff/repairs``: the list with filters, then one repair worked in place.

The list comes most pressing first (emergencies, urgent, overdue, then by due time). Opening a
repair shows what the owner said, the photos, its history and its SLA clock, and lets the clerk
assign it, move it along its life and write the owner's and the internal note
(``admin/repair_detail.py``). Every change is a new version of the row the workbook shows, so the
sheet and the console agree after one sync cycle; an emergency also raises an alert at the top of
every console page until someone takes it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from nicegui import ui

from admin.auth import StaffPage, StaffSession
from admin.repair_detail import RepairDetail, clerk_words
from admin.sections import ConsoleSection
from desk.clock import Clock
from desk.feedback import Department
from desk.repair_status import OPEN, RepairStatus
from desk.repair_work import RepairFilter, RepairWork
from desk.repairs import Repair, RepairDesk
from desk.service_levels import Urgency


class RepairsConsole:
    """Builds the Repairs section and the "Open repairs" line about a unit."""

    def __init__(self, repairs: RepairDesk, work: RepairWork, clock: Clock, open_alerts: Callable[[], list[str]],
                 refresh_seconds: float = 2.0) -> None:
        self.repairs = repairs
        self.work = work
        self.clock = clock
        self.open_alerts = open_alerts
        self.refresh_seconds = refresh_seconds

    def section(self) -> ConsoleSection:
        """The staff page, for desk clerks and managers."""
        return ConsoleSection("repairs", "Repairs 报修", self.build)

    def build(self, page: StaffPage) -> None:
        """Draw the page and keep it current."""
        _RepairsPage(self, page).build()

    def unit_facts(self, unit_id: str) -> list[str]:
        """``Open repairs: 2 (R0003 assigned, R0005 new)`` for the called owner's unit; nothing when none."""
        mine = [r for r in self.repairs.for_unit(unit_id) if r.is_open]
        if not mine:
            return []
        listed = ", ".join(f"{r.number} {r.status.value}" + (" OVERDUE" if r.overdue else "") for r in mine[:5])
        return [f"Open repairs: {len(mine)} ({listed})"]


class _RepairsPage:
    """One open Repairs page: its filters, its list, and the repair it has open."""

    def __init__(self, console: RepairsConsole, page: StaffPage) -> None:
        self.console = console
        self.page = page
        self.drawn: object = None

    def build(self) -> None:
        self.alerts = ui.column().classes("w-full px-6 pt-4 gap-2")
        with ui.row().classes("w-full items-end gap-4 px-6"):
            self.statuses = ui.select({s.value: clerk_words(s) for s in RepairStatus}, multiple=True,
                                      value=sorted(s.value for s in OPEN), label="Status 状态")\
                .classes("min-w-[20rem]").props("use-chips").mark("filter-status")
            self.department = ui.select({"": "Any 全部", **{d.value: clerk_words(d) for d in Department}}, value="",
                                        label="Department 部门").classes("w-56").mark("filter-department")
            self.building = ui.input("Building 楼号").classes("w-32").mark("filter-building")
            self.overdue = ui.switch("Overdue 超时").mark("filter-overdue", "staff-action", "action:repairs.filter")
            self.urgent = ui.switch("Urgent 紧急").mark("filter-urgent", "staff-action", "action:repairs.filter")
            for control in (self.statuses, self.department, self.building, self.overdue, self.urgent):
                control.on_value_change(self.page.action("repairs.filter", lambda _: self.refresh(force=True)))
        with ui.row().classes("w-full items-start gap-6 p-6 flex-nowrap"):
            self.listing = ui.column().classes("flex-1 gap-2 min-w-0")
            self.detail = ui.column().classes("w-[40rem] gap-3")
        self.open_detail = RepairDetail(self.console.work, self.page, self.detail, after_change=self.changed)
        wanted = ui.context.client.request.query_params.get("open", "")
        if wanted:  # opened from the search box: the page was just opened with a live session
            self.open_detail.show(wanted)
        self.refresh()
        ui.timer(self.console.refresh_seconds, self.refresh)

    def wanted(self) -> RepairFilter:
        """The filters as chosen now."""
        department = str(self.department.value or "")
        return RepairFilter(statuses=frozenset(RepairStatus(v) for v in self.statuses.value or []),
                            department=Department(department) if department else None,
                            building=(self.building.value or "").strip(), overdue_only=bool(self.overdue.value),
                            urgent_only=bool(self.urgent.value))

    def changed(self) -> None:
        """Something was changed from this page: redraw the list now."""
        self.refresh(force=True)

    def refresh(self, force: bool = False) -> None:
        """Redraw the alerts and the list when what they show changed."""
        alerts = self.console.open_alerts()
        repairs = self.console.work.listed(self.wanted())
        state = (tuple(alerts), tuple(repairs), self.console.clock.now().replace(second=0, microsecond=0))
        if state == self.drawn and not force:
            return
        self.drawn = state
        self.alerts.clear()
        with self.alerts:
            for alert in alerts:
                with ui.row().classes("w-full items-center gap-3 bg-amber-100 text-amber-950 rounded px-4 py-2"):
                    ui.icon("warning")
                    ui.label(alert).mark("alert")
        self.listing.clear()
        with self.listing:
            ui.label(f"Repairs 报修 ({len(repairs)})").classes("text-2xl font-bold").mark("repairs-count")
            for repair in repairs:
                self._row(repair)
        self.open_detail.refresh()

    def _row(self, repair: Repair) -> None:
        tz = self.console.clock.tz
        colour = "bg-red-100" if repair.urgency is Urgency.EMERGENCY else \
            "bg-amber-50" if repair.overdue or repair.urgency is Urgency.URGENT else "bg-white"
        with ui.row().classes(f"w-full items-center gap-3 rounded p-2 {colour}").mark(f"repair-row-{repair.number}"):
            ui.label(repair.number).classes("font-mono text-lg w-20")
            ui.label(clerk_words(repair.urgency)).classes("w-40")
            ui.label(clerk_words(repair.category)).classes("w-40")
            ui.label(repair.unit_label or repair.place()).classes("w-32")
            ui.label(clerk_words(repair.status)).classes("w-32").mark(f"repair-status-{repair.number}")
            ui.label(repair.assignee or clerk_words(repair.department)).classes("w-40")
            due = repair.due_at.astimezone(tz).strftime("%m-%d %H:%M")
            ui.label(f"{due}{' OVERDUE 超时' if repair.overdue else ''}").classes("w-40")
            self.page.button("Open 查看", "repairs.open", partial(self._open, repair_id=repair.id),
                             mark=f"open-{repair.number}")\
                .props(f"outline no-caps dense data-testid=open-{repair.number}")

    def _open(self, staff: StaffSession, repair_id: str) -> None:
        self.open_detail.show(repair_id)
