"""Move-in at the kiosk: a new owner (who has no PIN yet) chooses the unit by touch and takes a move-in number."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from nicegui import ui

from desk.catalog import CATALOG, say
from desk.movein import MoveInDesk, MoveInStarted
from desk.units import Unit, UnitDirectory
from kiosk.features import FeatureHost, HomeTile, StepFeature
from kiosk.visitors_unit_picker import UnitPicker
from kiosk.widgets import action, title


@dataclass
class _Screen:
    unit: Unit | None = None
    started: MoveInStarted | None = None


class MoveInFeature(StepFeature[_Screen]):
    """The Moving-in tile: only while the desk is open, since a clerk does the formalities.

    No pages of its own: the ticket's QR is the queue's status page.
    """

    tile = HomeTile(key="movein", icon="key", title=CATALOG["movein"], hint=CATALOG["movein_hint"], needs_clerk=True,
                    order=80)

    def __init__(self, movein: MoveInDesk, units: UnitDirectory,
                 wake_printer: Callable[[], None] | None = None) -> None:
        super().__init__(_Screen)
        self.movein = movein
        self.units = units
        self.wake_printer = wake_printer

    def draw_step(self, host: FeatureHost, screen: _Screen) -> None:
        """The unit picker, the unit to confirm, or the move-in number."""
        lang = host.lang
        if screen.started is not None:
            ui.label(say("movein_number", lang)).classes("text-4xl")
            ui.label(screen.started.issued.ticket.number).classes("kiosk-number").mark("movein-number")
            ui.label(screen.started.case.unit_label).classes("text-4xl font-bold")
            ui.label(say("movein_bring", lang)).classes("text-3xl text-center")
            action(say("done", lang), lambda: host.go_home(), "movein-done", testid=False)
        elif screen.unit is not None:
            unit = screen.unit
            title(say("movein_confirm", lang, unit=unit.label))
            with ui.row().classes("gap-6"):
                action(say("movein_start", lang), lambda: self._start(host, screen, unit), "movein-start", testid=False)
                action(say("back", lang), lambda: self._choose(host, screen, None), "movein-back", primary=False,
                       testid=False)
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
