"""``/staff/movein``: open move-in cases and their checklists (documents, keys, meter readings), then done."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import partial

from nicegui import run, ui

from admin.auth import StaffPage, StaffSession, actor_of
from desk.movein import METERS, MoveIn, MoveInDesk, MoveInError


class MoveInConsole:
    """One card per open case; every change goes through the move-in rules, then the page redraws."""

    def __init__(self, movein: MoveInDesk) -> None:
        self.movein = movein

    def build(self, page: StaffPage) -> None:
        """Draw the open cases."""
        _MoveInPage(self.movein, page).build()


class _MoveInPage:
    """One open move-in page: its own area, its actions signed by the session live at each press."""

    def __init__(self, movein: MoveInDesk, page: StaffPage) -> None:
        self.movein = movein
        self.page = page

    def build(self) -> None:
        with ui.column().classes("w-full max-w-5xl mx-auto p-6 gap-4"):
            ui.label("Move-in 入住办理").classes("text-2xl font-bold")
            self.area = ui.column().classes("w-full gap-4")
        self.refresh()

    def refresh(self) -> None:
        """Redraw every open case."""
        self.area.clear()
        with self.area:
            cases = self.movein.open_cases()
            if not cases:
                ui.label("No move-in is open 暂无入住办理").classes("text-xl").mark("no-movein")
            for case in cases:
                self._case(case)

    def _case(self, case: MoveIn) -> None:
        with ui.card().classes("w-full gap-3 p-4").mark(f"movein-{case.unit_label}"):
            ui.label(f"{case.unit_label} · number {case.number} · {case.status.value} · "
                     f"since {case.started_at:%m-%d %H:%M}").classes("text-xl font-bold")
            for field, words, ticked in (("documents_signed", "Documents signed 文件已签", case.documents_signed),
                                         ("keys_handed", "Keys handed over 钥匙已交", case.keys_handed)):
                box = ui.checkbox(words, value=ticked)
                tick = partial(self._tick, case=case, field=field, box=box)
                box.on_value_change(self.page.action("movein.tick", tick))
                box.mark(f"{field.split('_')[0]}-{case.unit_label}", "staff-action", "action:movein.tick")
            inputs = {}
            with ui.row().classes("items-end gap-4"):
                for name, words, unit in METERS:
                    value = getattr(case, name)
                    inputs[name] = ui.input(f"{words} ({unit})", value="" if value is None else str(value))\
                        .classes("w-44").mark(f"{name}-{case.unit_label}")
                self.page.button("Save readings 保存读数", "movein.readings",
                                 lambda staff: self._readings(staff, case, inputs),
                                 mark=f"save-readings-{case.unit_label}")
            if case.missing():
                ui.label("Still to do 待办: " + ", ".join(case.missing())).classes("text-amber-900")
            self.page.button("Move-in done 办理完成", "movein.finish", lambda staff: self._finish(staff, case),
                             mark=f"finish-{case.unit_label}").props("color=positive")

    async def _tick(self, staff: StaffSession, case: MoveIn, field: str, box: ui.checkbox) -> None:
        ticked = bool(box.value)
        if field == "documents_signed":
            await self._do(lambda: self.movein.tick(case.id, actor=actor_of(staff), documents_signed=ticked))
        else:
            await self._do(lambda: self.movein.tick(case.id, actor=actor_of(staff), keys_handed=ticked))

    async def _readings(self, staff: StaffSession, case: MoveIn, inputs: dict[str, ui.input]) -> None:
        readings = {}
        for name, field in inputs.items():
            typed = (field.value or "").strip()
            if not typed:
                continue
            try:
                readings[name] = Decimal(typed)
            except InvalidOperation:
                ui.notify(f"{typed!r} is not a number 不是数字", type="warning")
                return
        await self._do(lambda: self.movein.tick(case.id, actor=actor_of(staff), readings=readings))

    async def _finish(self, staff: StaffSession, case: MoveIn) -> None:
        if await self._do(lambda: self.movein.finish(case.id, actor=actor_of(staff))):
            ui.notify(f"{case.unit_label}: move-in done, meter readings filed 入住完成", type="positive")

    async def _do(self, action: Callable[[], object]) -> bool:
        try:
            await run.io_bound(action)
        except MoveInError as refused:
            ui.notify(str(refused), type="warning")
            return False
        self.refresh()
        return True
