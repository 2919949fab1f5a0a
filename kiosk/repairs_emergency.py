"""The emergency pieces of a repair report: the red signs to tap, and whom to call, large and red.

Both speak only the owner's language and never show a sign's key or a record's ID.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from nicegui import ui

from desk.catalog import say
from desk.emergencies import PUBLIC_NUMBERS, EmergencySign


def sign_buttons(signs: Sequence[EmergencySign], lang: str, on_tap: Callable[[EmergencySign], Any]) -> None:
    """The signs as big red buttons, first on the category step: one tap makes the report an emergency."""
    with ui.column().classes("w-full gap-4 p-6 rounded-2xl border-4 border-red-700 bg-red-50").mark("emergency-signs"):
        ui.label(say("emergency_signs", lang)).classes("text-4xl font-bold text-red-800")
        with ui.grid().classes("w-full gap-4 grid-cols-2"):
            for index, sign in enumerate(signs):
                marker = f"sign-{sign.sign or index}"
                button = ui.button(sign.button(lang), icon="warning", on_click=lambda _, s=sign: on_tap(s))
                button.classes("kiosk-button w-full text-3xl font-bold").style("min-height: 112px")
                button.props(f"color=negative unelevated no-caps data-testid={marker}").mark(marker)


class EmergencyPanel:
    """Whom to call now (the duty phone, 110, 119, 120) and what to do, drawn as soon as a report is an emergency.

    It is drawn in place, hidden until needed: redrawing the whole step would lose what the owner
    typed a moment ago.
    """

    def __init__(self, lang: str, duty_phone: str, *, before_sending: bool) -> None:
        self.lang = lang
        self.duty_phone = duty_phone
        self.before_sending = before_sending
        self.showing: EmergencySign | bool | None = False  # False: hidden; None: shown without a sign
        self.box = ui.column().classes("w-full items-center gap-4 p-6 rounded-2xl bg-red-700 text-white")
        self.box.mark("emergency-panel").props("data-testid=emergency-panel")
        self.box.set_visibility(False)

    def show(self, sign: EmergencySign | None) -> None:
        """Show whom to call, with the sign's advice when there is one."""
        if self.showing is not False and self.showing == sign:
            return
        self.showing = sign
        self.box.clear()
        with self.box:
            self._draw(sign)
        self.box.set_visibility(True)

    def hide(self) -> None:
        """Take the panel away (the owner took back the words that made it an emergency)."""
        self.showing = False
        self.box.set_visibility(False)

    def _draw(self, sign: EmergencySign | None) -> None:
        lang = self.lang
        ui.label(say("emergency_now", lang)).classes("text-4xl font-bold text-center").mark("emergency-now")
        if sign is not None and sign.advice(lang):
            ui.label(sign.advice(lang)).classes("text-3xl text-center").mark("emergency-advice")
        if self.duty_phone:
            with ui.column().classes("items-center gap-0"):
                ui.label(say("duty_phone", lang)).classes("text-3xl")
                ui.label(self.duty_phone).classes("text-6xl font-extrabold").mark("emergency-duty-phone")
        with ui.row().classes("w-full justify-around"):
            for public in PUBLIC_NUMBERS:
                with ui.column().classes("items-center gap-0"):
                    ui.label(public.number).classes("text-7xl font-extrabold").mark(f"emergency-call-{public.number}")
                    ui.label(public.words(lang)).classes("text-3xl").mark(f"emergency-for-{public.number}")
        if self.before_sending:
            ui.label(say("emergency_send", lang)).classes("text-2xl text-center").mark("emergency-send-hint")
