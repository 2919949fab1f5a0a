"""The kiosk's small touch pieces: a title, a message line, an action button, tiles, choice chips, a text box.

A marked piece also carries ``data-testid=<marker>`` for the browser tests, unless ``testid=False``:
the screens drawn before these pieces were shared had none there, and their markup stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from nicegui import ui

T = TypeVar("T")


def title(words: str, marker: str = "", *, testid: bool = True) -> ui.label:
    """The step's question or heading, large."""
    label = ui.label(words).classes("text-5xl font-bold text-center")
    if marker and testid:
        label.props(f"data-testid={marker}")
    return label.mark(marker) if marker else label


def message(words: str, marker: str, *, warning: bool = False, testid: bool = True) -> ui.label:
    """A line the owner must read: what happened, or why not."""
    colour = "text-red-800 font-bold" if warning else "text-gray-900"
    label = ui.label(words).classes(f"text-3xl text-center {colour}")
    if testid:
        label.props(f"data-testid={marker}")
    return label.mark(marker)


def action(words: str, on_click: Callable[..., Any], marker: str, *, primary: bool = True,
           testid: bool = True) -> ui.button:
    """A step's main (filled) or secondary (outlined) button, 72 px high like every kiosk button."""
    button = ui.button(words, on_click=on_click).classes("kiosk-button")
    testid_prop = f" data-testid={marker}" if testid else ""
    button.props(f"no-caps{testid_prop} " + ("color=primary" if primary else "outline"))
    return button.mark(marker)


def tile(icon: str, words: str, on_click: Callable[..., Any], marker: str) -> ui.button:
    """A big tile with an icon: one tap chooses and moves on."""
    button = ui.button(on_click=on_click).classes("kiosk-tile w-full")
    button.props(f"color=white text-color=primary no-caps data-testid={marker}").mark(marker)
    with button, ui.column().classes("items-center gap-2 py-4"):
        ui.icon(icon)
        ui.label(words).classes("text-3xl font-bold")
    return button


ON, OFF = "color=primary unelevated", "outline"


class ChoiceRow(Generic[T]):
    """A row of chips, one or several on (filled); a tap changes only the chips, not the whole screen.

    Redrawing the screen on every tap would replace the chips under a quick second tap, losing it.
    """

    def __init__(self, options: Sequence[tuple[T, str, str]], chosen: Sequence[T], *, multiple: bool,
                 on_change: Callable[[list[T]], None]) -> None:
        self.chosen = list(chosen)
        self.multiple = multiple
        self.on_change = on_change
        self.buttons: list[tuple[T, ui.button]] = []
        with ui.row().classes("w-full justify-center gap-4"):
            for value, words, marker in options:
                button = ui.button(words, on_click=lambda _, v=value: self.tap(v)).classes("kiosk-button")
                button.props(f"no-caps data-testid={marker} " + (ON if value in self.chosen else OFF)).mark(marker)
                self.buttons.append((value, button))

    def tap(self, value: T) -> None:
        """Turn a chip on (the only one, unless several may be on) or, when several may, off."""
        if not self.multiple:
            self.chosen = [value]
        elif value in self.chosen:
            self.chosen.remove(value)
        else:
            self.chosen.append(value)
        for option, button in self.buttons:
            on = option in self.chosen
            button.props(add=ON if on else OFF, remove=OFF if on else ON)
        self.on_change(list(self.chosen))


def text_box(words: str, value: str, max_chars: int, on_change: Callable[[str], None], marker: str) -> ui.textarea:
    """A text field for the owner's own words, with its label and a ``12 / 300`` counter at kiosk size.

    Quasar's own label and counter are drawn at 12-16 px; the kiosk reads at 24 px and up.
    """
    def changed(event: object) -> None:
        typed = str(getattr(event, "value", "") or "")
        counter.set_text(f"{len(typed)} / {max_chars}")
        on_change(typed)

    ui.label(words).classes("text-3xl")
    box = ui.textarea(value=value, on_change=changed).classes("w-full").mark(marker)
    box.props(f'outlined rows=3 maxlength={max_chars} input-class="text-2xl"')
    counter = ui.label(f"{len(value)} / {max_chars}").classes("text-2xl self-end").mark(f"{marker}-counter")
    return box
