"""The on-screen keyboard for every field owners type into: a lobby touchscreen has no keyboard.

simple-keyboard (npm, MIT; vendored in ``kiosk/static/keyboard/`` with its licence) draws the keys and
types in the browser, so a quick run of taps never waits for the server; each change of the text comes
to the server, which puts it into the field as if it had been typed there, so the field's own handlers
see it. Chinese by pinyin: after "dianti" the keys offer 电梯 and more to tap, from
``kiosk/static/keyboard/pinyin.js`` (made by ``tools/make_pinyin_dictionary.py``); 中/EN switches.

A screen needs one call, right after drawing the field: ``attach_keyboard(field, host)``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui
from nicegui.events import GenericEventArguments, ValueChangeEventArguments

from desk.catalog import say
from kiosk.features import FeatureHost

Field = ui.input | ui.textarea
# Tells a touch browser not to open a keyboard of its own over ours; a keyboard plugged in still types.
NO_SYSTEM_KEYBOARD = "inputmode=none"


class OnScreenKeyboard(ui.element, component="onscreen_keyboard.js", esm={"lobbydesk-keyboard": "static/keyboard"}):
    """The keys: digits, letters, 中/EN, delete, space and done; in 中, the characters for the pinyin typed."""

    def __init__(self, *, lang: str, value: str = "", max_length: int = 0, done_words: str = "", names: bool = False,
                 on_change: Callable[[str], None], on_done: Callable[[], Awaitable[None] | None]) -> None:
        super().__init__()
        self.text = value
        self.max_length = max_length
        self._on_change = on_change
        self._on_done = on_done
        self._props["value"] = value
        self._props["lang"] = lang
        self._props["maxLength"] = max_length
        self._props["names"] = names  # surnames first among the characters offered
        self._props["words"] = {"space": say("key_space", lang), "delete": say("key_delete", lang),
                                "done": done_words or say("key_hide", lang), "hint": say("pinyin_hint", lang)}
        self.on("change", self._changed)
        self.on("done", self._done)

    def show_text(self, value: str) -> None:
        """Give the keys text that came another way (a plugged-in keyboard, a cleared field) to go on from."""
        if value == self.text:
            return  # the keys' own change coming back, or nothing new
        self._remember(value)
        self.run_method("setText", value)

    def _changed(self, event: GenericEventArguments) -> None:
        typed = str(event.args.get("text", "")) if isinstance(event.args, dict) else ""
        if self.max_length:
            typed = typed[:self.max_length]
        self._remember(typed)
        self._on_change(typed)

    def _remember(self, value: str) -> None:
        self.text = value
        # Not sent: the browser's keys have it already, and only a new page draws them from this.
        with self._props.suspend_updates():
            self._props["value"] = value

    async def _done(self) -> None:
        outcome = self._on_done()
        if outcome is not None:
            await outcome


def attach_keyboard(field: Field, host: FeatureHost, *, shown: bool = True, done_words: str = "",
                    on_done: Callable[[], Awaitable[None] | None] | None = None, names: bool = False,
                    marker: str = "keyboard") -> OnScreenKeyboard:
    """Draw the keys for ``field`` where the screen is drawing now (right below the field) and keep both in step.

    ``shown`` False draws only a "Show the keyboard" button until the owner taps it or the field; "done"
    puts the keys away again (then runs ``on_done``: a search, say). The keys' action key says
    ``done_words`` when given; ``names`` offers surnames first (a person's name). Marked ``marker`` and
    ``<marker>-open`` for tests.
    """
    field.props(NO_SYSTEM_KEYBOARD)
    opener = ui.button(say("show_keyboard", host.lang), icon="keyboard").classes("kiosk-button")\
        .props(f"outline no-caps data-testid={marker}-open").mark(f"{marker}-open")

    def typed(value: str) -> None:
        host.touch()
        field.value = value

    async def done() -> None:
        show(False)
        if on_done is not None:
            outcome = on_done()
            if outcome is not None:
                await outcome

    def show(visible: bool) -> None:
        keys.set_visibility(visible)
        opener.set_visibility(not visible)

    def field_changed(event: ValueChangeEventArguments[Any]) -> None:
        keys.show_text(str(event.value or ""))

    keys = OnScreenKeyboard(lang=host.lang, value=str(field.value or ""), max_length=_max_length(field),
                            done_words=done_words, names=names, on_change=typed, on_done=done)
    keys.props(f"data-testid={marker}").mark(marker)
    opener.on_click(lambda: show(True))
    field.on("click", lambda: show(True))
    field.on_value_change(field_changed)
    show(shown)
    return keys


class TypingLayout:
    """A typing screen's three parts: its words and field, the keys, its buttons.

    The keys go under the field on an upright screen and beside everything else on a screen on its side,
    where under it they would be below the fold. Draw into ``text`` (the question, the phrases, the
    field), then ``keys`` (``attach_keyboard``), then ``actions`` (Back, Send).
    """

    def __init__(self) -> None:
        with ui.element("div").classes("kiosk-typing"):
            self.text = ui.column().classes("kiosk-typing-text w-full items-center gap-6")
            self.keys = ui.column().classes("kiosk-typing-keys w-full items-center gap-4")
            self.actions = ui.column().classes("kiosk-typing-actions w-full items-center gap-6")


def typing_field(words: str, marker: str, *, value: str = "") -> ui.input:
    """A one-line field with its words above it at kiosk size (Quasar's own label is 16 px), typing at 30 px."""
    ui.label(words).classes("text-3xl")
    return ui.input(value=value).classes("w-full max-w-4xl")\
        .props('outlined input-class="text-3xl" input-style="min-height: 64px"').mark(marker)


def _max_length(field: Field) -> int:
    limit = field.props.get("maxlength")
    return int(limit) if isinstance(limit, int | str) and str(limit).isdigit() else 0
