"""The few touch pieces the payment screens use: a title, a message line, an action button."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui


def title(words: str, marker: str) -> ui.label:
    """The step's heading, large."""
    return ui.label(words).classes("text-5xl font-bold text-center").props(f"data-testid={marker}").mark(marker)


def message(words: str, marker: str, *, warning: bool = False) -> ui.label:
    """A line the owner must read."""
    colour = "text-red-800 font-bold" if warning else "text-gray-900"
    return ui.label(words).classes(f"text-3xl text-center {colour}").props(f"data-testid={marker}").mark(marker)


def action(words: str, on_click: Callable[..., Any], marker: str, *, primary: bool = True) -> ui.button:
    """A step's button, 72 px high like every kiosk button."""
    button = ui.button(words, on_click=on_click).classes("kiosk-button")
    button.props(f"no-caps data-testid={marker} " + ("color=primary" if primary else "outline"))
    return button.mark(marker)
