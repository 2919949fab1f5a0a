"""Choosing a unit by touch without a PIN (a visitor, a new owner): building buttons, then the room pad."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from desk.catalog import say
from desk.units import Unit, UnitDirectory
from kiosk.keypad import Keypad


class UnitPicker:
    """Two steps into a container: the building, then the room; calls ``on_unit`` with the unit found."""

    def __init__(self, units: UnitDirectory, lang: str, question: str, on_unit: Callable[[Unit], None],
                 on_leave: Callable[[], None], touch: Callable[[], None]) -> None:
        self.units = units
        self.lang = lang
        self.question = question
        self.on_unit = on_unit
        self.on_leave = on_leave
        self.touch = touch
        self.building = ""
        self.area = ui.column().classes("w-full items-center gap-6")

    def draw(self) -> None:
        """Draw the current step."""
        self.area.clear()
        with self.area:
            if self.building:
                self._room()
            else:
                self._building()

    def _building(self) -> None:
        ui.label(self.question).classes("text-5xl font-bold text-center")
        with ui.grid().classes("gap-4 grid-cols-4"):
            for building in self.units.buildings():
                ui.button(say("building_n", self.lang, n=building),
                          on_click=lambda _, b=building: self._choose(b))\
                    .classes("kiosk-key w-full").props("outline no-caps").mark(f"pick-building-{building}")
        ui.button(say("back", self.lang), on_click=self.on_leave).classes("kiosk-button")\
            .props("outline no-caps").mark("pick-back")

    def _choose(self, building: str) -> None:
        self.touch()
        self.building = building
        self.draw()

    def _room(self) -> None:
        ui.label(say("enter_room", self.lang, building=self.building)).classes("text-5xl font-bold")
        self.message = ui.label("").classes("text-3xl text-red-800").mark("pick-message")
        Keypad(max_digits=6, secret=False, on_ok=self._room_typed, marker="pick-room").build(say("next", self.lang))
        ui.button(say("back", self.lang), on_click=lambda: self._choose("")).classes("kiosk-button")\
            .props("outline no-caps").mark("pick-back")

    def _room_typed(self, room: str) -> None:
        self.touch()
        unit = self.units.find(self.building, room)
        if unit is None:
            self.message.set_text(say("no_such_room", self.lang, building=self.building, room=room))
            return
        self.on_unit(unit)
