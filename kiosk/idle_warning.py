"""The "Still there?" dialog: asked before the idle return signs the owner out and forgets them.

An elderly owner reading the screen may not touch it for a while; the dialog counts down the last
seconds and one tap on its button keeps them where they were.
"""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from desk.catalog import say

IDLE_WARNING_SECONDS = 10  # how long "Still there?" shows before the idle return signs the owner out


class IdleWarning:
    """One screen's "Still there?" dialog, closed until asked."""

    def __init__(self, on_stay: Callable[[], None]) -> None:
        with ui.dialog().props("persistent").mark("idle-warning-dialog") as self.dialog, \
                ui.card().classes("items-center gap-6 p-10").mark("idle-warning"):
            self.text = ui.label().classes("text-4xl text-center").mark("idle-warning-text")
            self.stay = ui.button(on_click=on_stay).props("no-caps data-testid=idle-stay")\
                .classes("kiosk-button").mark("idle-stay")

    def ask(self, lang: str, seconds_left: int) -> None:
        """Open the dialog (or keep it open) with the seconds left before the idle return."""
        self.text.set_text(say("idle_warning", lang, n=seconds_left))
        self.stay.set_text(say("idle_stay", lang))
        self.dialog.open()

    def close(self) -> None:
        """Someone touched the screen, or the idle return came: no question on screen."""
        self.dialog.close()
