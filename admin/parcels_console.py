"""``/staff/parcels``: register a parcel (its label prints), hand parcels over by code, see those left too long.

A photo of the parcel is optional. It is checked as a repair photo is (JPEG or PNG, at most 5 MB, checked
by the browser and again here, a file over the limit never read) and kept in the page until the clerk
presses Register: only that guarded press stores it, so a tab whose session ended stores nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from nicegui import events, run, ui

from admin.auth import StaffPage, StaffSession
from desk.parcels import Parcel, ParcelDesk, ParcelError, photo_name
from desk.photos import PHOTO_MAX_BYTES, PhotoRefusedError, clean_photo, is_photo_name
from desk.units import Unit

FindUnit = Callable[[str], Unit | None]  # a unit by its label as a clerk types it (3-1202), or None

PHOTO_MB = PHOTO_MAX_BYTES // (1024 * 1024)
PHOTO_TOO_LARGE = f"The photo is over {PHOTO_MB} MB: not taken 照片超过 {PHOTO_MB} MB，未采用"
PHOTO_REFUSED = (f"Photo not taken: one JPEG or PNG up to {PHOTO_MB} MB; remove the one shown to choose another "
                 f"照片未采用：仅限一张 {PHOTO_MB} MB 以内的 JPEG/PNG")
PHOTO_NOT_AN_IMAGE = (f"Not a photo: only one JPEG or PNG up to {PHOTO_MB} MB "
                      f"不是照片：仅限一张 {PHOTO_MB} MB 以内的 JPEG/PNG")


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
        self.photo: bytes | None = None  # checked, not yet stored: Register stores it

    def build(self) -> None:
        with ui.column().classes("w-full max-w-6xl mx-auto p-6 gap-4"):
            ui.label("Register a parcel 包裹登记").classes("text-2xl font-bold")
            with ui.row().classes("items-end gap-4"):
                self.unit = ui.input("Unit 房号 (e.g. 3-1202)").classes("w-48").mark("parcel-unit")
                self.carrier = ui.input("Carrier 快递").classes("w-48").mark("parcel-carrier")
                self.shelf = ui.input("Shelf 货架").classes("w-32").mark("parcel-shelf")
                self.page.button("Register and print label 登记并打印", "parcels.register", self._register,
                                 mark="parcel-register").props("data-testid=parcel-register")
            # Neither handler is a staff action: a photo is only kept in the page (and only for a live
            # session, checked on arrival); Register, which stores it, is the guarded press.
            self.uploader = ui.upload(label="Photo 照片 (optional)", on_upload=self._received,
                                      on_rejected=self._rejected, auto_upload=True, max_file_size=PHOTO_MAX_BYTES,
                                      max_files=1)\
                .props('accept="image/jpeg,image/png" flat bordered data-testid=parcel-photo').classes("w-80")\
                .mark("parcel-photo")
            self.photo_status = ui.label("").classes("text-base").mark("parcel-photo-status")\
                .props("data-testid=parcel-photo-status")
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
                    self._thumbnail(parcel)
                    ui.label(parcel.unit_label).classes("text-xl w-28")
                    ui.label(parcel.shelf).classes("w-20")
                    ui.label(parcel.carrier).classes("w-32")
                    ui.label(f"{parcel.arrived_at:%m-%d %H:%M}" + (" overdue 超期" if late else "")).classes("w-48")
                    self.page.button("Hand over 交付", "parcels.hand-over", partial(self._hand_over, parcel=parcel),
                                     mark=f"hand-over-{parcel.pickup_code}").props("outline")

    @staticmethod
    def _thumbnail(parcel: Parcel) -> None:
        """The parcel's photo, small, served by the route repair photos use; a blank of the same width if none."""
        name = photo_name(parcel.photo)
        if not is_photo_name(name):
            ui.element("div").classes("w-16")
            return
        ui.image(f"/photos/{name}").classes("w-16 h-16 rounded").props("fit=cover")\
            .mark(f"parcel-thumbnail-{parcel.pickup_code}")

    async def _received(self, event: events.UploadEventArguments) -> None:
        """Keep the photo once it is known to be one (cleaned again when the parcel is registered).

        Only for a live session: a tab logged out elsewhere has its photo dropped unread.
        """
        self.photo = None
        if self.page.gate.current() is None:
            self.photo_status.set_text("")
            return
        if event.file.size() > PHOTO_MAX_BYTES:  # the browser checks too, but a client can lie
            self.photo_status.set_text(PHOTO_TOO_LARGE)
            return
        data = await event.file.read()
        try:
            await run.io_bound(clean_photo, data)
        except PhotoRefusedError as refused:
            self.photo_status.set_text(PHOTO_TOO_LARGE if refused.code == "size" else PHOTO_NOT_AN_IMAGE)
            return
        self.photo = data
        self.photo_status.set_text("Photo added 已添加照片")

    def _rejected(self, _event: events.UiEventArguments) -> None:
        """The browser refused a file before sending it (too big, not a JPEG or PNG, a second one)."""
        self.photo = None
        self.photo_status.set_text(PHOTO_REFUSED)

    async def _register(self, staff: StaffSession) -> None:
        unit = self.console.find_unit(self.unit.value or "")
        if unit is None:
            ui.notify(f"No unit {self.unit.value!r} in the Units tab 没有这个房号", type="warning")
            return
        try:
            parcel = await run.io_bound(partial(self.parcels.register, unit.id, unit.label,
                                                carrier=self.carrier.value or "", shelf=self.shelf.value or "",
                                                staff=staff.name, photo=self.photo))
        except PhotoRefusedError as refused:  # checked on arrival, so only a changed rule gets here
            self.photo_status.set_text(f"The photo was refused 照片无法使用: {refused}")
            return
        if parcel is None:
            return
        self.registered.set_text(f"{parcel.unit_label}: pickup code 取件码 {parcel.pickup_code}, "
                                 "label printing 正在打印")
        self.unit.value, self.carrier.value, self.shelf.value = "", "", ""
        self.photo = None
        self.uploader.reset()
        self.photo_status.set_text("")
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
