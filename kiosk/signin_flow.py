"""Signing in at the kiosk: building by touch, room on a number pad, then the unit's PIN.

Steps: ``building`` -> ``room`` -> ``pin`` -> signed in (the caller takes over). Back from any
step goes one step back; from ``building`` it leaves the flow.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial

from nicegui import app, run, ui

from desk.catalog import say
from desk.signin import OwnerSession, SignIn
from kiosk.keypad import Keypad
from kiosk.pin_help import forgot_pin_line


class SignInFlow:
    """Draws the sign-in steps into a container and reports a session when the PIN is right."""

    def __init__(self, sign_in: SignIn, lang: str, on_signed_in: Callable[[OwnerSession], None],
                 on_leave: Callable[[], None], touch: Callable[[], None]) -> None:
        self.sign_in = sign_in
        self.lang = lang
        self.on_signed_in = on_signed_in
        self.on_leave = on_leave
        self.touch = touch
        self.step = "building"
        self.building = ""
        self.room = ""
        # The screen's throttle counts this browser's wrong PINs, across every unit tried here.
        self.screen = str(app.storage.browser.get("id", ""))
        # Where the page came from: phones spraying PINs fill the site's window, never the lobby screen's.
        page = ui.context.client
        self.address = page.ip
        self.lobby_screen = sign_in.is_lobby_screen(self.address, page.request.headers.keys())
        # One PIN at a time from a screen: two tries at one unit at once count as a race, and a right
        # PIN that raced is refused. A second tap on OK waits for the first answer.
        self.checking = asyncio.Lock()
        self.signed_in = False
        self.area = ui.column().classes("w-full items-center gap-6")

    def draw(self) -> None:
        """Draw the current step."""
        self.area.clear()
        with self.area:
            {"building": self._building, "room": self._room, "pin": self._pin}[self.step]()

    def _go(self, step: str) -> None:
        self.touch()
        self.step = step
        self.draw()

    def _back(self) -> None:
        previous = {"pin": "room", "room": "building"}.get(self.step)
        if previous is None:
            self.on_leave()
        else:
            self._go(previous)

    def _back_button(self) -> None:
        ui.button(say("back", self.lang), on_click=self._back).classes("kiosk-button").props("outline no-caps")\
            .mark("signin-back")

    def _building(self) -> None:
        ui.label(say("choose_building", self.lang)).classes("text-5xl font-bold")
        buildings = self.sign_in.units.buildings()
        if not buildings:
            ui.label(say("no_units", self.lang)).classes("text-3xl")
        with ui.grid().classes("gap-4 grid-cols-4"):
            for building in buildings:
                ui.button(say("building_n", self.lang, n=building),
                          on_click=lambda _, b=building: self._choose_building(b))\
                    .classes("kiosk-key w-full").props("outline no-caps").mark(f"building-{building}")
        self._back_button()

    def _choose_building(self, building: str) -> None:
        self.building = building
        self._go("room")

    def _room(self) -> None:
        ui.label(say("enter_room", self.lang, building=self.building)).classes("text-5xl font-bold")
        self.message = ui.label("").classes("text-3xl text-red-800").mark("signin-message")
        Keypad(max_digits=6, secret=False, on_ok=self._choose_room, marker="room").build(say("next", self.lang))
        self._back_button()

    def _choose_room(self, room: str) -> None:
        self.touch()
        if self.sign_in.units.find(self.building, room) is None:
            self.message.set_text(say("no_such_room", self.lang, building=self.building, room=room))
            return
        self.room = room
        self._go("pin")

    def _pin(self) -> None:
        ui.label(say("enter_pin", self.lang, unit=f"{self.building}-{self.room}")).classes("text-5xl font-bold")
        self.message = ui.label("").classes("text-3xl text-red-800").mark("signin-message")
        self.pad = Keypad(max_digits=8, secret=True, on_ok=self._check_pin, marker="pin")
        self.pad.build(say("sign_in", self.lang))
        forgot_pin_line(self.lang)
        self._back_button()

    async def _check_pin(self, pin: str) -> None:
        self.touch()
        async with self.checking:
            if self.signed_in:  # a second tap on OK, after the first signed in
                return
            result = await run.io_bound(partial(self.sign_in.sign_in, self.building, self.room, pin,
                                                screen=self.screen, address=self.address,
                                                lobby_screen=self.lobby_screen))
        if result is None:
            return
        self.pad.clear()
        if result.session is not None:
            self.signed_in = True
            self.on_signed_in(result.session)
        elif result.problem == "locked" and result.locked_until is not None:
            self.message.set_text(say("pin_locked", self.lang, time=f"{result.locked_until:%H:%M}"))
        elif result.problem == "throttled" and result.locked_until is not None:
            self.message.set_text(say("pin_throttled", self.lang, time=f"{result.locked_until:%H:%M}"))
        else:  # wrong, or no PIN yet: the same words, so the kiosk never tells which units have a PIN
            self.message.set_text(say("pin_wrong", self.lang, n=result.tries_left))
