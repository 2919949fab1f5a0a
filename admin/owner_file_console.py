"""``/staff/owners``: a unit's owner file — everyone who lived there, and every change with who and when."""

from __future__ import annotations

from nicegui import run, ui

from admin.auth import StaffPage, StaffSession, actor_of
from desk.owner_file import OwnerFile, OwnerFiles
from desk.units import Resident


class OwnerFileConsole:
    """Look a unit up by its label; show its residents (moved-out ones kept) and its history."""

    def __init__(self, files: OwnerFiles) -> None:
        self.files = files

    def build(self, page: StaffPage) -> None:
        """Draw the look-up and, once a unit is chosen, its file."""
        _OwnerFilePage(self.files, page).build()


class _OwnerFilePage:
    """One open owner-file page: what it shows is its own; each look-up and change passes the gate."""

    def __init__(self, files: OwnerFiles, page: StaffPage) -> None:
        self.files = files
        self.page = page

    def build(self) -> None:
        with ui.column().classes("w-full max-w-6xl mx-auto p-6 gap-4"):
            ui.label("Owner file 业主档案").classes("text-2xl font-bold")
            with ui.row().classes("items-center gap-4"):
                unit = ui.input("Unit 房号 (e.g. 3-1202)").classes("w-64").mark("owner-file-unit")
                # Reading a file is an action too: an owner's phone and history are not for a logged-out tab.
                self.page.button("Open 查看", "owners.open", lambda _: self.show(unit.value or ""),
                                 mark="owner-file-open")
                unit.on("keydown.enter", self.page.action("owners.open", lambda _: self.show(unit.value or "")))
            self.area = ui.column().classes("w-full gap-4")
        wanted = ui.context.client.request.query_params.get("unit", "")
        if wanted:
            self.show(wanted)

    def show(self, label: str) -> None:
        """Draw a unit's file."""
        self.area.clear()
        found = self.files.find_unit(label)
        with self.area:
            if found is None:
                ui.label(f"No unit {label} in the Units tab 没有这个房号").classes("text-red-800")\
                    .mark("owner-file-missing")
                return
            self._file(self.files.file_of(found.id))

    def _file(self, owner_file: OwnerFile) -> None:
        unit = owner_file.unit
        ui.label(f"Unit 房号 {unit.label} · {unit.area_m2} m² · owner of record {unit.owner_of_record}")\
            .classes("text-xl font-bold").mark("owner-file-heading")
        for resident in owner_file.residents:
            self._resident(resident, unit.label)
        ui.label("History 变更记录 (oldest first)").classes("text-lg font-bold")
        rows = [{"at": change.at.strftime("%Y-%m-%d %H:%M"), "who": change.actor, "what": change.subject,
                 "change": change.describe()} for change in owner_file.changes]
        ui.table(rows=rows, columns=[
            {"name": key, "label": label, "field": key, "align": "left"}
            for key, label in [("at", "When 时间"), ("who", "By 操作人"), ("what", "Record 记录"),
                               ("change", "Change 变更")]
        ]).classes("w-full").props("dense flat wrap-cells").mark("owner-file-history")

    def _resident(self, resident: Resident, unit_label: str) -> None:
        gone = f" · moved out 已迁出 {resident.moved_out}" if resident.moved_out else ""
        with ui.row().classes("w-full items-center gap-4 bg-white rounded p-3").mark("owner-file-resident"):
            ui.label(f"{resident.name} · {resident.role.value} · {resident.phone} · "
                     f"moved in {resident.move_in or '?'}{gone}").classes("text-lg")
            if resident.moved_out is None:
                self.page.button("Mark moved out 标记迁出", "owners.move-out",
                                 lambda staff: self._move_out(staff, resident, unit_label),
                                 mark=f"move-out-{resident.id}").props("outline")

    async def _move_out(self, staff: StaffSession, resident: Resident, unit_label: str) -> None:
        await run.io_bound(self.files.mark_moved_out, resident.id, self.files.today(), actor=actor_of(staff))
        self.show(unit_label)
