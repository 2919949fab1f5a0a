"""Move-in at the kiosk: a new owner (who has no PIN yet) chooses the unit by touch and takes a move-in number."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from nicegui import ui

from desk.catalog import CATALOG, say
from desk.movein import MoveInDesk, MoveInStarted
from desk.units import Unit, UnitDirectory
from kiosk.features import FeatureHost, HomeTile, PerScreen
from kiosk.visitors_unit_picker import UnitPicker


@dataclass
class _Screen:
    unit: Unit | None = None
    started: MoveInStarted | None = None


class MoveInFeature:
    """The Moving-in tile: only while the desk is open, since a clerk does the formalities."""

    tile = HomeTile(key="movein", icon="key", title=CATALOG["movein"], hint=CATALOG["movein_hint"], needs_clerk=True,
                    order=80)

    def __init__(self, movein: MoveInDesk, units: UnitDirectory,
                 wake_printer: Callable[[], None] | None = None) -> None:
        self.movein = movein
        self.units = units
        self.wake_printer = wake_printer
        # Each screen's step, forgotten with the screen (a browser closed).
        self.screens = PerScreen(_Screen)

    def start(self, host: FeatureHost) -> None:
        """Choose the unit first."""
        self.screens.reset(host)

    def register_pages(self) -> None:
        """No pages of its own: the ticket's QR is the queue's status page."""

    def draw(self, host: FeatureHost) -> None:
        """Draw the current step."""
        screen = self.screens.of(host)
        lang = host.lang
        if screen.started is not None:
            ui.label(say("movein_number", lang)).classes("text-4xl")
            ui.label(screen.started.issued.ticket.number).classes("kiosk-number").mark("movein-number")
            ui.label(screen.started.case.unit_label).classes("text-4xl font-bold")
            ui.label(say("movein_bring", lang)).classes("text-3xl text-center")
            ui.button(say("done", lang), on_click=lambda: host.go_home()).classes("kiosk-button")\
                .props("color=primary no-caps").mark("movein-done")
        elif screen.unit is not None:
            unit = screen.unit
            ui.label(say("movein_confirm", lang, unit=unit.label)).classes("text-5xl font-bold text-center")
            with ui.row().classes("gap-6"):
                ui.button(say("movein_start", lang), on_click=lambda: self._start(host, screen, unit))\
                    .classes("kiosk-button").props("color=primary no-caps").mark("movein-start")
                ui.button(say("back", lang), on_click=lambda: self._choose(host, screen, None))\
                    .classes("kiosk-button").props("outline no-caps").mark("movein-back")
        else:
            UnitPicker(self.units, lang, say("movein_which", lang),
                       on_unit=lambda unit: self._choose(host, screen, unit),
                       on_leave=lambda: host.go_home(), touch=host.touch).draw()

    def _choose(self, host: FeatureHost, screen: _Screen, unit: Unit | None) -> None:
        screen.unit = unit
        host.redraw()

    async def _start(self, host: FeatureHost, screen: _Screen, unit: Unit) -> None:
        host.touch()
        started = await host.in_background(partial(self.movein.start, lang=host.lang), unit.id, unit.label)
        if started is None:
            return
        screen.started = started
        if self.wake_printer is not None:
            self.wake_printer()
        host.redraw()
