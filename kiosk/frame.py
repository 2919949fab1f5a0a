"""The frame every kiosk screen shares: community name, clock, language switch, styles."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from kiosk.i18n import LANGUAGE_NAMES

# Dark blue on white and white on dark blue both pass WCAG AA (contrast above 6:1); Quasar's
# default primary (#5898d4) does not.
KIOSK_PRIMARY = "#1d5a96"

# Body text 24 px and up, touch targets 64 px and up, dark text on light backgrounds (WCAG AA).
KIOSK_CSS = """
body { font-size: 24px; background: #f4f6f8; color: #102a43; }
.q-btn { text-transform: none; }
.kiosk-tile { min-height: 160px; min-width: 64px; font-size: 32px; border-radius: 20px; }
.kiosk-tile .q-icon { font-size: 56px; }
.kiosk-tile-hero { min-height: 360px; }
.kiosk-tile-hero .q-icon { font-size: 120px; }
@media (orientation: landscape) {
  .kiosk-tile-hero { min-height: 200px; }
  .kiosk-tile-hero .q-icon { font-size: 72px; }
}
.kiosk-button { min-height: 72px; min-width: 160px; font-size: 28px; border-radius: 16px; }
.kiosk-key { min-height: 96px; min-width: 120px; font-size: 40px; border-radius: 16px; }
.kiosk-number { font-size: 160px; line-height: 1; font-weight: 800; letter-spacing: 4px; }
.kiosk-lang { min-height: 64px; min-width: 120px; font-size: 24px; }
"""


def kiosk_header(
    community_name: str,
    languages: list[str],
    current: str,
    on_language: Callable[[str], None],
) -> ui.label:
    """The top bar; returns the clock label for the caller's timer to keep current."""
    with ui.row().classes("w-full items-center justify-between px-8 py-4 bg-white shadow-sm"):
        ui.label(community_name).classes("text-4xl font-bold").mark("community-name")
        with ui.row().classes("items-center gap-4"):
            for lang in languages if len(languages) > 1 else []:
                button = ui.button(LANGUAGE_NAMES[lang], on_click=lambda _, lang=lang: on_language(lang))
                button.classes("kiosk-lang").props("unelevated" if lang == current else "outline")
                button.mark(f"lang-{lang}")
            clock = ui.label().classes("text-3xl font-mono tabular-nums").mark("clock")
    return clock
