"""A number pad for touch screens: digits, delete, OK; no keyboard needed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui


class Keypad:
    """Collects up to ``max_digits`` digits; shows them, or dots when ``secret``."""

    def __init__(self, *, max_digits: int, secret: bool, on_ok: Callable[[str], Awaitable[None] | None],
                 marker: str) -> None:
        self.value = ""
        self.max_digits = max_digits
        self.secret = secret
        self.on_ok = on_ok
        self.marker = marker
        self.shown: ui.label | None = None

    def build(self, ok_label: str) -> None:
        """Draw the entered value and the pad."""
        self.shown = ui.label("").classes("text-6xl font-mono tracking-widest min-h-[5rem]")
        self.shown.mark(f"{self.marker}-value")
        with ui.grid(columns=3).classes("gap-4"):
            for key in ["1", "2", "3", "4", "5", "6", "7", "8", "9"]:
                ui.button(key, on_click=lambda _, k=key: self.press(k)).classes("kiosk-key")\
                    .props("outline").mark(f"{self.marker}-{key}")
            ui.button(icon="backspace", on_click=self.delete).classes("kiosk-key").props("outline")\
                .mark(f"{self.marker}-delete")
            ui.button("0", on_click=lambda: self.press("0")).classes("kiosk-key").props("outline")\
                .mark(f"{self.marker}-0")
            ui.button(ok_label, on_click=self.submit).classes("kiosk-key").props("color=primary")\
                .mark(f"{self.marker}-ok")

    def press(self, digit: str) -> None:
        """Add a digit, up to the limit."""
        if len(self.value) < self.max_digits:
            self.value += digit
            self._show()

    def delete(self) -> None:
        """Remove the last digit."""
        self.value = self.value[:-1]
        self._show()

    def clear(self) -> None:
        """Start again from nothing."""
        self.value = ""
        self._show()

    async def submit(self) -> None:
        """Hand the entered digits to ``on_ok`` (nothing happens with no digits)."""
        if not self.value:
            return
        outcome = self.on_ok(self.value)
        if outcome is not None:
            await outcome

    def _show(self) -> None:
        if self.shown is not None:
            self.shown.set_text("●" * len(self.value) if self.secret else self.value)
