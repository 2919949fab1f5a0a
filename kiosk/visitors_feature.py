"""Visitor registration at the kiosk: the unit visited (by touch), the visitor's name, why; a dated pass.

One visit, one pass: while a pass is being made, or once it is on screen, another tap on a purpose
shows that pass and makes (and prints) nothing; "Done" ends the visit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from nicegui import ui

from desk.catalog import CATALOG, say
from desk.print_journal import NOT_PRINTED
from desk.units import Unit, UnitDirectory
from desk.visitors import Visitor, VisitorDesk, VisitPurpose
from kiosk.features import FeatureHost, HomeTile, StepFeature
from kiosk.keyboard import TypingLayout, attach_keyboard, typing_field
from kiosk.visitors_unit_picker import UnitPicker
from kiosk.widgets import action


@dataclass
class _Screen:
    """One screen's step: choosing the unit, the name and purpose, or the pass."""

    unit: Unit | None = None
    visitor: Visitor | None = None
    registering: bool = False  # the pass is being made: a second tap must not make another


class VisitorsFeature(StepFeature[_Screen]):
    """The Visitors tile: no sign-in; the pass prints with the unit and how long it is valid.

    No pages of its own: the pass QR opens the staff visitors page.
    """

    tile = HomeTile(key="visitors", icon="badge", title=CATALOG["visitors"], hint=CATALOG["visitors_hint"], order=70)

    def __init__(self, visitors: VisitorDesk, units: UnitDirectory,
                 wake_printer: Callable[[], None] | None = None) -> None:
        super().__init__(_Screen)
        self.visitors = visitors
        self.units = units
        self.wake_printer = wake_printer

    def draw_step(self, host: FeatureHost, screen: _Screen) -> None:
        """The unit picker, the name and purpose, or the pass."""
        if screen.visitor is not None:
            self._pass(host, screen.visitor)
        elif screen.unit is not None:
            self._details(host, screen, screen.unit)
        else:
            UnitPicker(self.units, host.lang, say("visiting_which", host.lang),
                       on_unit=lambda unit: self._chose(host, screen, unit),
                       on_leave=lambda: host.go_home(), touch=host.touch).draw()

    def _chose(self, host: FeatureHost, screen: _Screen, unit: Unit | None) -> None:
        screen.unit = unit
        host.redraw()

    def _details(self, host: FeatureHost, screen: _Screen, unit: Unit) -> None:
        lang = host.lang
        layout = TypingLayout()
        with layout.text:
            ui.label(say("visit_purpose", lang, unit=unit.label)).classes("text-4xl font-bold text-center")
            name = typing_field(say("visitor_name", lang), "visitor-name")
            message = ui.label("").classes("text-3xl text-red-800").mark("visitor-message")
        with layout.keys:
            attach_keyboard(name, host, names=True)
        with layout.actions, ui.grid().classes("w-full max-w-4xl gap-6 grid-cols-2"):
            for purpose in VisitPurpose:
                register = partial(self._register, host, screen, unit)
                ui.button(say(f"purpose_{purpose.value}", lang),
                          on_click=lambda _, p=purpose, go=register: go(name.value or "", p, message))\
                    .classes("kiosk-button w-full").props("color=primary no-caps").mark(f"purpose-{purpose.value}")
        with layout.actions:
            action(say("back", lang), lambda: self._chose(host, screen, None), "visitor-back", primary=False,
                   testid=False)

    async def _register(self, host: FeatureHost, screen: _Screen, unit: Unit, name: str, purpose: VisitPurpose,
                        message: ui.label) -> None:
        host.touch()
        if screen.registering or screen.visitor is not None:
            return  # the first tap's pass is on its way to the screen, or on it
        if not name.strip():
            message.set_text(say("name_needed", host.lang))
            return
        screen.registering = True
        try:
            visitor = await host.in_background(partial(self.visitors.register, lang=host.lang), unit.id,
                                               unit.label, name, purpose)
        finally:
            screen.registering = False
        if visitor is None:
            return
        screen.visitor = visitor
        if self.wake_printer is not None:
            self.wake_printer()
        host.redraw()

    def _pass(self, host: FeatureHost, visitor: Visitor) -> None:
        lang = host.lang
        ui.label(say("visitor_pass", lang)).classes("text-4xl")
        ui.label(visitor.pass_number).classes("kiosk-number").mark("visitor-pass-number")
        ui.label(visitor.unit_label).classes("text-4xl font-bold")
        ui.label(say("pass_valid_until", lang, time=visitor.valid_until.strftime("%m-%d %H:%M"))).classes("text-3xl")\
            .mark("visitor-valid-until")
        if host.print_outcome(visitor.id) == NOT_PRINTED:
            ui.label(say("no_printer", lang)).classes("text-3xl font-bold text-red-800").mark("visitor-no-printer")
        else:
            ui.label(say("visitor_pass_printing", lang)).classes("text-3xl").mark("visitor-pass-printing")
        action(say("done", lang), lambda: host.go_home(), "visitor-done", testid=False)
