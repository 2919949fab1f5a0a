"""One repair worked from the console: the owner's words and photos, its history and SLA clock, the clerk's changes."""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime
from functools import partial

from nicegui import run, ui

from admin.auth import StaffPage, StaffSession, actor_of
from desk.feedback import Department
from desk.repair_status import ALLOWED, RepairStatus
from desk.repair_words import name
from desk.repair_work import RepairWork, RepairWorkError
from desk.repairs import Repair


def clerk_words(value: enum.Enum) -> str:
    """A status, category, department or urgency as the console shows it: Chinese, then English."""
    return f"{name(value, 'zh')} {name(value, 'en')}"


def sla_clock(due: datetime, now: datetime, done: bool) -> str:
    """How the repair stands against its due time, in hours and minutes, both languages."""
    if done:
        return "Done 已完成"
    minutes = int((due - now).total_seconds() // 60)
    hours, rest = divmod(abs(minutes), 60)
    span = f"{hours} h {rest} min" if hours else f"{rest} min"
    return f"Due in {span} 剩余 {span}" if minutes >= 0 else f"Overdue by {span} 已超时 {span}"


class RepairDetail:
    """The right-hand panel of one Repairs page: the repair it shows, redrawn after each change."""

    def __init__(self, work: RepairWork, page: StaffPage, area: ui.column, after_change: Callable[[], None]) -> None:
        self.work = work
        self.page = page
        self.area = area
        self.after_change = after_change
        self.repair_id = ""
        self.drawn: Repair | None = None

    def show(self, repair_id: str) -> None:
        """Open a repair in the panel."""
        self.repair_id = repair_id
        self.drawn = None
        self.refresh()

    def refresh(self) -> None:
        """Redraw when the repair changed (here, in the sheet, or at another console)."""
        if not self.repair_id:
            return
        repair = self.work.get(self.repair_id)
        if repair is None or repair == self.drawn:
            return
        self.drawn = repair
        self.area.clear()
        with self.area, ui.card().classes("w-full gap-3 p-4").mark("repair-detail"):
            self._facts(repair)
            self._assign(repair)
            self._statuses(repair)
            self._notes(repair)
            self._history(repair)

    def _facts(self, repair: Repair) -> None:
        tz = self.work.now().tzinfo
        ui.label(f"{repair.number} · {clerk_words(repair.category)} · {repair.unit_label or repair.place()}")\
            .classes("text-xl font-bold").mark("detail-heading")
        ui.label(f"{clerk_words(repair.status)} · {clerk_words(repair.urgency)} · "
                 f"reported 报修 {repair.reported_at.astimezone(tz):%m-%d %H:%M}").mark("detail-status")\
            .props("data-testid=detail-status")
        ui.label(sla_clock(repair.due_at, self.work.now(), repair.status is RepairStatus.DONE))\
            .classes("text-lg font-bold " + ("text-red-800" if repair.overdue else "text-gray-800")).mark("sla-clock")
        ui.label("The owner said 业主描述").classes("text-gray-700")
        ui.label(repair.description or "—").classes("text-lg whitespace-pre-wrap bg-slate-50 rounded p-2")\
            .mark("detail-description")
        links = [line for line in repair.photos.splitlines() if line.strip()]
        if links:
            with ui.row().classes("gap-2"):
                for link in links:
                    ui.image(link).classes("w-32 h-32 rounded").mark("detail-photo")

    def _assign(self, repair: Repair) -> None:
        with ui.row().classes("items-end gap-2"):
            department = ui.select({d.value: clerk_words(d) for d in Department}, value=repair.department.value,
                                   label="Department 部门").classes("w-56").mark("assign-department")
            assignee = ui.input("Person 维修人员", value=repair.assignee).classes("w-40").mark("assign-person")

            async def assign(staff: StaffSession) -> None:
                await self._change(lambda: self.work.assign(
                    repair.id, department=Department(department.value), assignee=assignee.value or "",
                    by=actor_of(staff)), "Assigned 已派单")

            self.page.button("Assign 派单", "repairs.assign", assign, mark="assign").props("no-caps")

    def _statuses(self, repair: Repair) -> None:
        with ui.row().classes("gap-2 flex-wrap"):
            for status in sorted(ALLOWED[repair.status], key=list(RepairStatus).index):
                self.page.button(f"→ {clerk_words(status)}", "repairs.move", partial(self._move, status=status),
                                 mark=f"move-{status.value.replace(' ', '-')}").props("outline no-caps")

    async def _move(self, staff: StaffSession, status: RepairStatus) -> None:
        repair_id = self.repair_id
        await self._change(lambda: self.work.move(repair_id, status, by=actor_of(staff)),
                           f"Now {clerk_words(status)}")

    def _notes(self, repair: Repair) -> None:
        to_owner = ui.textarea("Note the owner sees 给业主的说明", value=repair.note_to_owner)\
            .classes("w-full").props("maxlength=500 counter").mark("note-to-owner")
        internal = ui.textarea("Internal note (staff only) 内部备注", value=repair.internal_note)\
            .classes("w-full").props("maxlength=1000 counter").mark("internal-note")

        async def save(staff: StaffSession) -> None:
            await self._change(lambda: self.work.write_notes(
                repair.id, to_owner=to_owner.value or "", internal=internal.value or "", by=actor_of(staff)),
                "Notes saved 备注已保存")

        self.page.button("Save notes 保存备注", "repairs.notes", save, mark="save-notes").props("no-caps")

    def _history(self, repair: Repair) -> None:
        with ui.expansion("History 处理记录").classes("w-full").mark("detail-history"):
            previous: dict[str, object] = {}
            for entry in self.work.history(repair.id):
                changed = [key for key in ("status", "department", "assignee", "note_to_owner", "internal_note")
                           if entry.body.get(key) != previous.get(key) and entry.body.get(key)]
                previous = entry.body
                what = ", ".join(f"{key.replace('_', ' ')}: {entry.body[key]}" for key in changed) or "reported"
                ui.label(f"{entry.at[:16].replace('T', ' ')} · {entry.actor} · {what}").classes("text-sm")\
                    .mark("history-line")

    async def _change(self, change: Callable[[], Repair], done: str) -> None:
        try:
            await run.io_bound(change)
        except RepairWorkError as refused:
            ui.notify(str(refused), type="warning")
        else:
            ui.notify(done, type="positive")
        self.drawn = None
        self.after_change()
