"""``/staff/movein``: open move-in cases and their checklists (documents, keys, meter readings), then done."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from nicegui import ui

from admin.auth import StaffSession
from desk.movein import METERS, MoveIn, MoveInDesk, MoveInError


class MoveInConsole:
    """One card per open case; every change goes through the move-in rules, then the page redraws."""

    def __init__(self, movein: MoveInDesk) -> None:
        self.movein = movein

    def build(self, staff: StaffSession) -> None:
        """Draw the open cases."""
        self.actor = f"{staff.role} {staff.name}"
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
            ui.checkbox("Documents signed 文件已签", value=case.documents_signed,
                        on_change=lambda e, c=case: self._do(lambda: self.movein.tick(
                            c.id, actor=self.actor, documents_signed=bool(e.value))))\
                .mark(f"documents-{case.unit_label}")
            ui.checkbox("Keys handed over 钥匙已交", value=case.keys_handed,
                        on_change=lambda e, c=case: self._do(lambda: self.movein.tick(
                            c.id, actor=self.actor, keys_handed=bool(e.value))))\
                .mark(f"keys-{case.unit_label}")
            inputs = {}
            with ui.row().classes("items-end gap-4"):
                for name, words, unit in METERS:
                    value = getattr(case, name)
                    inputs[name] = ui.input(f"{words} ({unit})", value="" if value is None else str(value))\
                        .classes("w-44").mark(f"{name}-{case.unit_label}")
                ui.button("Save readings 保存读数", on_click=lambda c=case, i=inputs: self._readings(c, i))\
                    .mark(f"save-readings-{case.unit_label}")
            if case.missing():
                ui.label("Still to do 待办: " + ", ".join(case.missing())).classes("text-amber-900")
            ui.button("Move-in done 办理完成", on_click=lambda c=case: self._finish(c)).props("color=positive")\
                .mark(f"finish-{case.unit_label}")

    def _readings(self, case: MoveIn, inputs: dict[str, ui.input]) -> None:
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
        self._do(lambda: self.movein.tick(case.id, actor=self.actor, readings=readings))

    def _finish(self, case: MoveIn) -> None:
        if self._do(lambda: self.movein.finish(case.id, actor=self.actor)):
            ui.notify(f"{case.unit_label}: move-in done, meter readings filed 入住完成", type="positive")

    def _do(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except MoveInError as refused:
            ui.notify(str(refused), type="warning")
            return False
        self.refresh()
        return True
