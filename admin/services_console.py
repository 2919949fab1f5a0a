"""``/staff/services``: owners' special-service requests to work, and keys left at the desk for decorators.

A key goes out only to the person named when it was left: the clerk types the collector's name and
the last four digits of their phone or ID number, and anyone else is refused in words to read out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import partial

from nicegui import run, ui

from admin.auth import StaffPage, StaffSession, actor_of
from admin.parcels_console import FindUnit
from desk.clock import Clock
from desk.key_custody import KeyCustody, KeyDesk, KeyRefusedError
from desk.special_services import NEXT_STATES, RequestStatus, ServiceError, ServiceRequest, SpecialServices

MOVE_WORDS = {RequestStatus.IN_PROGRESS: "Start 处理", RequestStatus.DONE: "Done 完成",
              RequestStatus.CANCELLED: "Cancel 取消"}


class ServicesConsole:
    """The services page: open requests, the key form and the keys held."""

    def __init__(self, services: SpecialServices, keys: KeyDesk, find_unit: FindUnit, clock: Clock,
                 refresh_seconds: float = 5.0) -> None:
        self.services = services
        self.keys = keys
        self.find_unit = find_unit
        self.clock = clock
        self.refresh_seconds = refresh_seconds

    def build(self, page: StaffPage) -> None:
        """Draw the page and keep its lists current."""
        _ServicesPage(self, page).build()


class _ServicesPage:
    """One open services page."""

    def __init__(self, console: ServicesConsole, page: StaffPage) -> None:
        self.console = console
        self.page = page
        self.drawn: tuple[tuple[ServiceRequest, ...], tuple[KeyCustody, ...], tuple[str, ...]] | None = None

    def build(self) -> None:
        with ui.column().classes("w-full max-w-6xl mx-auto p-6 gap-4"):
            self.requests_heading = ui.label().classes("text-2xl font-bold")
            self.requests_area = ui.column().classes("w-full gap-2")
            ui.label("Leave a key 钥匙代管").classes("text-2xl font-bold")
            with ui.row().classes("items-end gap-4"):
                self.unit = ui.input("Unit 房号").classes("w-32").mark("key-unit")
                self.key_label = ui.input("Key 钥匙").classes("w-40").mark("key-label")
                self.collector = ui.input("Who may collect 领取人").classes("w-40").mark("key-collector")
                self.tail = ui.input("Phone or ID last 4 后四位").classes("w-40").mark("key-tail")
                self.days = ui.number("Days 天数", value=7, min=1, max=90).classes("w-24").mark("key-days")
                self.page.button("Take the key 收存", "keys.leave", self._leave, mark="key-leave")\
                    .props("data-testid=key-leave")
            self.outcome = ui.label("").classes("text-xl font-bold").mark("key-outcome")\
                .props("data-testid=key-outcome")
            self.keys_heading = ui.label().classes("text-2xl font-bold")
            self.keys_area = ui.column().classes("w-full gap-2")
        self.refresh()
        ui.timer(self.console.refresh_seconds, self.refresh)

    def refresh(self) -> None:
        """Redraw the lists when they changed."""
        requests = tuple(self.console.services.open_requests())
        held = tuple(self.console.keys.held())
        expired = tuple(key.id for key in self.console.keys.expired())
        if (requests, held, expired) == self.drawn:
            return
        self.drawn = (requests, held, expired)
        self._requests(requests)
        self._keys(held, expired)

    def _requests(self, requests: tuple[ServiceRequest, ...]) -> None:
        self.requests_heading.set_text(f"Service requests 特约服务申请 ({len(requests)})")
        self.requests_area.clear()
        with self.requests_area:
            for request in requests:
                with ui.row().classes("w-full items-center gap-4 rounded p-3 bg-white").mark("request-row"):
                    ui.label(request.service_name).classes("text-xl font-bold w-48")
                    ui.label(request.unit_label).classes("text-xl w-24")
                    ui.label(request.details).classes("w-64")
                    ui.label(f"{request.requested_at:%m-%d %H:%M}").classes("w-28")
                    ui.label(request.status.value + (f" · {request.handled_by}" if request.handled_by else ""))\
                        .classes("w-40").mark("request-status")
                    for status in NEXT_STATES[request.status]:
                        self.page.button(MOVE_WORDS[status], f"services.{status.name.lower()}",
                                         partial(self._move, request=request, status=status),
                                         mark=f"request-{status.name.lower()}-{request.id}").props("outline")

    def _keys(self, held: tuple[KeyCustody, ...], expired: tuple[str, ...]) -> None:
        self.keys_heading.set_text(f"Keys held 代管钥匙 ({len(held)}) · expired 已过期 ({len(expired)})")
        self.keys_area.clear()
        with self.keys_area:
            for key in held:
                late = key.id in expired
                colour = "bg-red-100 border-2 border-red-800" if late else "bg-white"
                with ui.row().classes(f"w-full items-center gap-4 rounded p-3 {colour}")\
                        .mark("key-row", *(["key-expired"] if late else [])):
                    ui.label(f"{key.unit_label} {key.key_label}").classes("text-xl font-bold w-40")
                    ui.label(f"for 领取人 {key.collector_name}").classes("w-48")
                    ui.label(f"until {key.until:%m-%d %H:%M}" + (" expired 已过期" if late else "")).classes("w-48")
                    name = ui.input("Collector's name 姓名").classes("w-40").mark(f"collect-name-{key.id}")\
                        .props(f"data-testid=collect-name-{key.unit_label}")
                    tail = ui.input("Last 4 后四位").classes("w-28").mark(f"collect-tail-{key.id}")\
                        .props(f"data-testid=collect-tail-{key.unit_label}")
                    self.page.button("Hand out 交出", "keys.collect",
                                     partial(self._collect, key=key, name=name, tail=tail),
                                     mark=f"collect-{key.id}").props(f"data-testid=collect-{key.unit_label}")
                    self.page.button("Back to owner 退还业主", "keys.return", partial(self._return, key=key),
                                     mark=f"return-{key.id}").props("outline")

    async def _move(self, staff: StaffSession, request: ServiceRequest, status: RequestStatus) -> None:
        try:
            await run.io_bound(partial(self.console.services.move, request.id, status, staff=staff.name,
                                       actor=actor_of(staff)))
        except ServiceError as refused:
            ui.notify(str(refused), type="warning")
        self.refresh()

    async def _leave(self, staff: StaffSession) -> None:
        unit = self.console.find_unit(self.unit.value or "")
        if unit is None:
            self.outcome.set_text(f"No unit {self.unit.value!r} in the Units tab 没有这个房号")
            return
        until = self.console.clock.now() + timedelta(days=float(self.days.value or 7))
        await self._settle(partial(self.console.keys.leave, unit.id, unit.label, key_label=self.key_label.value or "",
                                   collector_name=self.collector.value or "", collector_tail=self.tail.value or "",
                                   until=until, staff=staff.name),
                           lambda key: f"{key.unit_label}: key held for {key.collector_name} until "
                                       f"{key.until:%m-%d %H:%M} 已收存")

    async def _collect(self, staff: StaffSession, key: KeyCustody, name: ui.input, tail: ui.input) -> None:
        await self._settle(partial(self.console.keys.collect, key.id, name=name.value or "", tail=tail.value or "",
                                   staff=staff.name),
                           lambda done: f"{done.unit_label}: key handed to {done.collector_name}, receipt printing "
                                        f"已交出，正在打印回执")

    async def _return(self, staff: StaffSession, key: KeyCustody) -> None:
        await self._settle(partial(self.console.keys.return_to_owner, key.id, staff=staff.name),
                           lambda done: f"{done.unit_label}: key back to the owner 已退还业主")

    async def _settle(self, work: Callable[[], KeyCustody], said: Callable[[KeyCustody], str]) -> None:
        try:
            key = await run.io_bound(work)
        except KeyRefusedError as refused:
            self.outcome.set_text(f"Refused 拒绝: {refused}")
            return
        if key is not None:
            self.outcome.set_text(said(key))
        self.refresh()
