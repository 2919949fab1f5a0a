"""``/staff/parcels``: register a parcel (its label prints), hand parcels over by code, see those left too long."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from nicegui import run, ui

from admin.auth import StaffPage, StaffSession
from desk.parcels import Parcel, ParcelDesk, ParcelError
from desk.units import Unit

FindUnit = Callable[[str], Unit | None]  # a unit by its label as a clerk types it (3-1202), or None


class ParcelsConsole:
    """The parcels page: the form, the handover by code, and the shelf."""

    def __init__(self, parcels: ParcelDesk, find_unit: FindUnit, overdue_days: Callable[[], int],
                 refresh_seconds: float = 5.0) -> None:
        self.parcels = parcels
        self.find_unit = find_unit
        self.overdue_days = overdue_days
        self.refresh_seconds = refresh_seconds

    def build(self, page: StaffPage) -> None:
        """Draw the page and keep the shelf current."""
        _ParcelsPage(self, page).build()


class _ParcelsPage:
    """One open parcels page."""

    def __init__(self, console: ParcelsConsole, page: StaffPage) -> None:
        self.console = console
        self.parcels = console.parcels
        self.page = page
        self.drawn: tuple[tuple[Parcel, ...], tuple[str, ...]] | None = None

    def build(self) -> None:
        with ui.column().classes("w-full max-w-6xl mx-auto p-6 gap-4"):
            ui.label("Register a parcel 包裹登记").classes("text-2xl font-bold")
            with ui.row().classes("items-end gap-4"):
                self.unit = ui.input("Unit 房号 (e.g. 3-1202)").classes("w-48").mark("parcel-unit")
                self.carrier = ui.input("Carrier 快递").classes("w-48").mark("parcel-carrier")
                self.shelf = ui.input("Shelf 货架").classes("w-32").mark("parcel-shelf")
                self.page.button("Register and print label 登记并打印", "parcels.register", self._register,
                                 mark="parcel-register").props("data-testid=parcel-register")
            self.registered = ui.label("").classes("text-xl font-bold").mark("parcel-registered")\
                .props("data-testid=parcel-registered")
            ui.label("Hand over 交付").classes("text-2xl font-bold")
            with ui.row().classes("items-end gap-4"):
                self.code = ui.input("Pickup code 取件码").classes("w-48").mark("parcel-code")\
                    .props("data-testid=parcel-code")
                self.page.button("Hand over 交付", "parcels.hand-over-code", self._hand_over_by_code,
                                 mark="parcel-hand-over-code").props("data-testid=parcel-hand-over-code")
            self.outcome = ui.label("").classes("text-xl font-bold").mark("parcel-outcome")\
                .props("data-testid=parcel-outcome")
            self.heading = ui.label().classes("text-2xl font-bold").mark("parcels-heading")
            self.shelf_area = ui.column().classes("w-full gap-2")
        self.refresh()
        ui.timer(self.console.refresh_seconds, self.refresh)

    def refresh(self) -> None:
        """Redraw the shelf when it changed."""
        waiting = tuple(self.parcels.waiting())
        overdue = tuple(parcel.id for parcel in self.parcels.overdue())
        if (waiting, overdue) == self.drawn:
            return
        self.drawn = (waiting, overdue)
        days = self.console.overdue_days()
        self.heading.set_text(f"On the shelf 待取 ({len(waiting)}) · over {days} days 超期 ({len(overdue)})")
        self.shelf_area.clear()
        with self.shelf_area:
            for parcel in sorted(waiting, key=lambda p: (p.id not in overdue, p.arrived_at)):
                late = parcel.id in overdue
                colour = "bg-amber-100 border-2 border-amber-700" if late else "bg-white"
                with ui.row().classes(f"w-full items-center gap-6 rounded p-3 {colour}")\
                        .mark("parcel-row", *(["parcel-overdue"] if late else [])):
                    ui.label(parcel.pickup_code).classes("text-2xl font-bold w-20")
                    ui.label(parcel.unit_label).classes("text-xl w-28")
                    ui.label(parcel.shelf).classes("w-20")
                    ui.label(parcel.carrier).classes("w-32")
                    ui.label(f"{parcel.arrived_at:%m-%d %H:%M}" + (" overdue 超期" if late else "")).classes("w-48")
                    self.page.button("Hand over 交付", "parcels.hand-over", partial(self._hand_over, parcel=parcel),
                                     mark=f"hand-over-{parcel.pickup_code}").props("outline")

    async def _register(self, staff: StaffSession) -> None:
        unit = self.console.find_unit(self.unit.value or "")
        if unit is None:
            ui.notify(f"No unit {self.unit.value!r} in the Units tab 没有这个房号", type="warning")
            return
        parcel = await run.io_bound(partial(self.parcels.register, unit.id, unit.label,
                                            carrier=self.carrier.value or "", shelf=self.shelf.value or "",
                                            staff=staff.name))
        if parcel is None:
            return
        self.registered.set_text(f"{parcel.unit_label}: pickup code 取件码 {parcel.pickup_code}, "
                                 "label printing 正在打印")
        self.unit.value, self.carrier.value, self.shelf.value = "", "", ""
        self.refresh()

    async def _hand_over_by_code(self, staff: StaffSession) -> None:
        await self._settle(partial(self.parcels.hand_over_by_code, self.code.value or "", staff=staff.name))

    async def _hand_over(self, staff: StaffSession, parcel: Parcel) -> None:
        await self._settle(partial(self.parcels.hand_over, parcel.id, staff=staff.name))

    async def _settle(self, hand_over: Callable[[], Parcel]) -> None:
        try:
            parcel = await run.io_bound(hand_over)
        except ParcelError as refused:
            self.outcome.set_text(str(refused))
            return
        if parcel is None:
            return
        self.code.value = ""
        when = parcel.picked_up_at.strftime("%H:%M") if parcel.picked_up_at else ""
        self.outcome.set_text(f"{parcel.unit_label} {parcel.pickup_code}: handed over at {when} by "
                              f"{parcel.handed_over_by} 已交付")
        self.refresh()
