"""The staff console at ``/staff``: call, recall, serve, no-show and transfer at one counter.

The page keeps no state of its own beyond the counter it works for: every button calls the queue
rules, then the page is brought up to date from the store, so two consoles never disagree for long.
Each part (alerts, this counter's ticket, the lines) is redrawn only when its own facts changed:
with a busy lobby the waiting line changes every few seconds, and rebuilding the whole console
for each change cost every console ~10 ms a second of the server's one event loop.
"""

from __future__ import annotations

from collections.abc import Callable

from nicegui import app, run, ui

from admin.auth import StaffPage, StaffSession
from admin.context import AdminContext
from admin.frame import staff_header
from desk.queue import QueueError, QueueTicket, Service
from desk.words import service_name
from printers.printer_seam import PrinterUnavailable


class Console:
    """One staff member's console at one counter."""

    def __init__(self, admin: AdminContext, staff: StaffPage) -> None:
        self.admin = admin
        self.staff = staff
        self.counters = admin.queue.counters() or ["1"]
        saved = app.storage.user.get("counter")
        self.counter = saved if saved in self.counters else self.counters[0]
        self.drawn_alerts: tuple[str, ...] | None = None
        self.drawn_current: tuple[str, QueueTicket | None, bool] | None = None
        self.drawn_lines: tuple[object, ...] | None = None

    def build(self) -> None:
        """Draw the console and keep it current."""
        controls = staff_header(self.admin.community_name, self.staff, self.admin.sections, here="")
        with controls:
            self.counter_choice = ui.select(self.counters, value=self.counter, label="Counter 窗口",
                                            on_change=self.staff.action("queue.counter", self._set_counter))\
                .classes("w-32 bg-white rounded px-2").mark("counter", "staff-action", "action:queue.counter")\
                .move(controls, target_index=0)
        self.alerts_area = ui.column().classes("w-full px-6 pt-4 gap-2")
        with ui.row().classes("w-full items-start gap-6 p-6"):
            self.current_area = ui.column().classes("w-[36rem] gap-4")
            with ui.column().classes("flex-1 gap-4"):
                self._build_lists()
        self.pin_area = ui.column().classes("w-full px-6 pb-6")
        self.refresh()
        self._build_pin_tools()
        ui.timer(self.admin.console_refresh_seconds, self.refresh)

    def refresh(self, force: bool = False) -> None:
        """Redraw the counter's ticket and the lines when the store has changed them.

        Redrawing only on change keeps a half-made choice (the transfer list) open between ticks.
        """
        counters = self.admin.queue.counters() or ["1"]
        if counters != self.counters:  # staff changed the counters in the Settings tab
            self.counters = counters
            self.counter_choice.set_options(counters, value=self.counter if self.counter in counters else counters[0])
        waiting = self.admin.queue.waiting_tickets()
        called = self.admin.queue.called_tickets()
        minute = self.admin.clock.now().replace(second=0, microsecond=0)
        alerts = tuple(self.admin.open_alerts())
        if alerts != self.drawn_alerts or force:
            self.drawn_alerts = alerts
            self._draw_alerts(alerts)
        ticket = next((t for t in called if t.counter == self.counter), None)
        # Whether a no-show may be recorded yet is part of what is drawn: the button opens when it may.
        no_show_ready = ticket is not None and self.admin.clock.now() >= self.admin.queue.no_show_ready_at(ticket)
        current = (self.counter, ticket, no_show_ready)
        if current != self.drawn_current or force:
            self.drawn_current = current
            self._draw_current(ticket, no_show_ready)
        lines = (minute, tuple(waiting), tuple(called))
        if lines != self.drawn_lines or force:
            self.drawn_lines = lines
            self._draw_lists(waiting, called)

    def _draw_alerts(self, alerts: tuple[str, ...]) -> None:
        self.alerts_area.clear()
        with self.alerts_area:
            for message in alerts:
                with ui.row().classes("w-full items-center gap-3 bg-amber-100 text-amber-950 rounded px-4 py-2"):
                    ui.icon("warning")
                    ui.label(message).mark("alert")

    def _set_counter(self, staff: StaffSession) -> None:
        self.counter = str(self.counter_choice.value or self.counter)
        app.storage.user["counter"] = self.counter
        self.refresh(force=True)

    def _draw_current(self, ticket: QueueTicket | None, no_show_ready: bool) -> None:
        self.current_area.clear()
        with self.current_area, ui.card().classes("w-full gap-3 p-6"):
            ui.label(f"Counter {self.counter} 窗口").classes("text-lg text-gray-700")
            if ticket is None:
                ui.label("Nobody called yet 尚未叫号").classes("text-2xl").mark("no-current-ticket")
                self.staff.button("Call next 叫下一位", "queue.call-next", self._call_next, mark="call-next")\
                    .props("size=lg")
            else:
                ui.label(ticket.number).classes("text-7xl font-extrabold").mark("current-ticket")
                priority = " · PRIORITY 优先" if ticket.priority else ""
                ui.label(f"{service_name(ticket.service, 'en')} {service_name(ticket.service, 'zh')}{priority}")\
                    .classes("text-xl").mark("current-service")
                ui.label(f"Waited {ticket.wait_minutes or 0} min 等候 {ticket.wait_minutes or 0} 分钟")\
                    .classes("text-gray-700")
                self._unit_context(ticket)
                self._current_actions(ticket, no_show_ready)
            if ticket is not None:
                with ui.row().classes("items-center gap-2"):
                    options = {s.value: f"{service_name(s, 'en')} {service_name(s, 'zh')}"
                               for s in Service if s is not ticket.service}
                    target = ui.select(options, label="Transfer to 转至").classes("w-56").mark("transfer-service")
                    self.staff.button("Transfer 转办", "queue.transfer",
                                      lambda _: self._transfer(ticket, target.value), mark="transfer")

    def _current_actions(self, ticket: QueueTicket, no_show_ready: bool) -> None:
        """What became of the called owner: served (and the next called), a no-show, or back in line."""
        with ui.row().classes("gap-2 flex-wrap"):
            self.staff.button("Served, call next 完成并叫下一位", "queue.served-next",
                              lambda staff: self._served_then_next(staff, ticket), mark="served-next")\
                .props("size=lg color=positive")
            self.staff.button("Served 完成", "queue.served",
                              lambda _: self._act(self.admin.queue.serve, ticket), mark="served")\
                .props("color=positive outline")
            self.staff.button("Recall 重呼", "queue.recall", lambda _: self._act(self._recall, ticket), mark="recall")
            no_show = self.staff.button("No-show 过号", "queue.no-show",
                                        lambda _: self._act(self.admin.queue.no_show, ticket), mark="no-show")\
                .props("color=warning text-color=black")
            if not no_show_ready:
                ready = self.admin.queue.no_show_ready_at(ticket)
                no_show.disable()
                ui.label(f"No-show from {ready:%H:%M} 可于 {ready:%H:%M} 后过号").classes("text-gray-700")\
                    .mark("no-show-from")
            self.staff.button("Back in line 退回排队", "queue.back-in-line",
                              lambda _: self._act(self.admin.queue.back_in_line, ticket), mark="back-in-line")\
                .props("outline")

    def _unit_context(self, ticket: QueueTicket) -> None:
        if not ticket.unit:
            ui.label("Anonymous ticket 未登录").classes("text-gray-700")
            return
        unit = self.admin.units.get(ticket.unit)
        if unit is None:
            ui.label(f"Unit {ticket.unit} is not in the Units tab").classes("text-red-800")
            return
        with ui.column().classes("gap-1 bg-slate-100 rounded p-3 w-full").mark("unit-context"):
            ui.label(f"Unit 房号 {unit.label}").classes("text-xl font-bold")
            for resident in self.admin.units.residents(unit.id):
                ui.label(f"{resident.name} · {resident.role.value} · {resident.phone}")
            ui.label(f"Area {unit.area_m2} m² · heating {'yes' if unit.heating else 'no'} · "
                     f"PIN {'set' if unit.pin_set else 'not set'}").classes("text-gray-700")
            for facts in self.admin.unit_facts:
                for line in facts(unit.id):
                    ui.label(line).mark("unit-fact")

    def _build_lists(self) -> None:
        """The waiting line's card and the now-serving card, filled by :meth:`_draw_lists`."""
        with ui.card().classes("w-full"):
            self.waiting_title = ui.label().classes("text-lg font-bold")
            self.waiting_table = ui.table(rows=[], row_key="id", columns=[
                {"name": key, "label": label, "field": key, "align": "left"}
                for key, label in [("number", "No."), ("service", "Service"), ("priority", "Priority"),
                                   ("waited", "Waited")]
            ]).classes("w-full").props("dense flat").mark("waiting-list")
        with ui.card().classes("w-full"):
            ui.label("Now serving 正在办理").classes("text-lg font-bold")
            self.serving_rows = ui.column().classes("gap-1")

    def _draw_lists(self, waiting: list[QueueTicket], called: list[QueueTicket]) -> None:
        """The waiting line (its table updated in place) and who is being served."""
        now = self.admin.clock.now()
        self.waiting_title.set_text(f"Waiting 等候 ({len(waiting)})")
        self.waiting_table.rows = [
            {"id": t.id, "number": t.number, "service": service_name(t.service, "en"),
             "priority": "★" if t.priority else "",
             "waited": f"{int((now - t.issued_at).total_seconds() // 60)} min"} for t in waiting
        ]
        self.serving_rows.clear()
        with self.serving_rows:
            for ticket in called:
                ui.label(f"{ticket.number} → counter {ticket.counter}").mark("serving-row")

    async def _call_next(self, staff: StaffSession) -> None:
        try:
            ticket = await run.io_bound(self.admin.queue.call_next, self.counter)
        except QueueError as problem:  # another console at this counter called meanwhile
            ui.notify(str(problem), type="warning")
            self.refresh()
            return
        if ticket is None:
            ui.notify("Nobody is waiting for this counter 没有等候的号码")
        else:
            self.admin.announcer.announce(ticket.number, ticket.counter)
        self.refresh()

    async def _served_then_next(self, staff: StaffSession, ticket: QueueTicket) -> None:
        try:
            await run.io_bound(self.admin.queue.serve, ticket.id)
        except QueueError as problem:
            ui.notify(str(problem), type="warning")
            self.refresh()
            return
        await self._call_next(staff)

    def _recall(self, ticket_id: str) -> QueueTicket:
        ticket = self.admin.queue.recall(ticket_id)
        self.admin.announcer.announce(ticket.number, ticket.counter)
        return ticket

    async def _act(self, action: Callable[[str], QueueTicket], ticket: QueueTicket) -> None:
        try:
            await run.io_bound(action, ticket.id)
        except QueueError as problem:
            ui.notify(str(problem), type="warning")
        self.refresh()

    async def _transfer(self, ticket: QueueTicket, target: object) -> None:
        if not target:
            ui.notify("Choose the service to transfer to 请选择业务", type="warning")
            return
        try:
            await run.io_bound(self.admin.queue.transfer, ticket.id, Service(str(target)))
        except QueueError as problem:
            ui.notify(str(problem), type="warning")
        self.refresh()

    def _build_pin_tools(self) -> None:
        with self.pin_area, ui.expansion("Unit PIN 业主密码").classes("w-full bg-white rounded"), \
                ui.row().classes("items-center gap-2 p-2"):
            building = ui.select(self.admin.units.buildings(), label="Building 楼号").classes("w-32")\
                .mark("pin-building")
            room = ui.input("Room 房号").classes("w-32").mark("pin-room")

            async def reset(staff: StaffSession) -> None:
                unit = self.admin.units.find(str(building.value or ""), (room.value or "").strip())
                if unit is None:
                    ui.notify("No such unit in the Units tab 没有这个房号", type="warning")
                    return
                # The PIN hash is slow on purpose and the slip goes to a printer: both off the event loop.
                pin = await run.io_bound(self.admin.credentials.new_pin, unit.id)
                if pin is None:  # the server is stopping
                    return
                await run.io_bound(self.admin.units.mark_pin_set, unit)
                try:
                    await run.io_bound(self.admin.print_pin_slip, unit.id, pin)
                except PrinterUnavailable as problem:
                    # The PIN exists nowhere else in the clear: show it once, for the clerk to hand over.
                    with ui.dialog() as dialog, ui.card():
                        ui.label(f"The printer failed ({problem}). New PIN for {unit.label}:")
                        ui.label(pin).classes("text-5xl font-mono").mark("pin-shown")
                        ui.button("Done 完成", on_click=dialog.close)
                    dialog.open()
                    return
                ui.notify(f"New PIN for {unit.label} is printing 新密码正在打印", type="positive")

            self.staff.button("Set new PIN and print 重置并打印", "units.pin-reset", reset, mark="pin-reset")
