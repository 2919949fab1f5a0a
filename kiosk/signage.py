"""The idle kiosk as signage: notices rotate, the now-serving strip and the clock stay; a touch wakes it.

The screen shows signage when it sits on the home tiles with nobody signed in and nobody has
touched it for a while. Rotating changes two labels' texts, so an idle lobby costs the server
almost nothing; the now-serving strip is redrawn only when the called numbers change.
"""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from desk.catalog import say
from desk.day_words import day_words
from desk.notices import NoticeText
from desk.queue import QueueDesk
from kiosk.context import SignageSource


class Signage:
    """One screen's signage view, drawn into the screen's content area."""

    def __init__(self, source: SignageSource, queue: QueueDesk, lang: str, now_text: Callable[[], str],
                 monotonic: Callable[[], float]) -> None:
        self.source = source
        self.queue = queue
        self.lang = lang
        self.now_text = now_text
        self.monotonic = monotonic
        self.turned = monotonic()  # when the notice on show came up
        self.index = 0
        self.notices: list[NoticeText] = []
        self.other_titles: dict[str, str] = {}
        self.serving_drawn: tuple[tuple[str, str], ...] | None = None

    def draw(self) -> None:
        """Draw the big clock, the current notice and the now-serving strip."""
        with ui.column().classes("w-full items-center gap-8 py-8").props("data-testid=signage").mark("signage"):
            self.clock = ui.label(self.now_text()).classes("text-9xl font-mono tabular-nums").mark("signage-clock")
            with ui.card().classes("w-full max-w-4xl min-h-[24rem] gap-6 p-10 items-center"):
                self.title = ui.label("").classes("text-6xl font-bold text-center").mark("signage-title")
                self.subtitle = ui.label("").classes("text-3xl text-center").mark("signage-subtitle")
                self.day = ui.label("").classes("text-2xl text-gray-800").mark("signage-date")
                self.body = ui.label("").classes("text-4xl text-center whitespace-pre-line").mark("signage-body")
                self.position = ui.label("").classes("text-2xl text-gray-800").mark("signage-position")
            with ui.column().classes("w-full max-w-4xl gap-4 bg-slate-800 text-white rounded-2xl p-6"):
                ui.label(say("now_serving", self.lang)).classes("text-3xl text-sky-200")
                self.serving = ui.row().classes("w-full gap-6 flex-wrap").mark("signage-serving")
            ui.label(say("wake_hint", self.lang)).classes("text-3xl").mark("signage-wake")
        self._read_notices()
        self.serving_drawn = None
        self._show_notice()
        self.update_serving()

    def rotate(self) -> None:
        """Show the next notice (reading the list again, so staff's new notices join in)."""
        self._read_notices()
        self.index += 1
        self._show_notice()

    def tick(self) -> None:
        """Once a second: the clock and the now-serving strip; the next notice when this one has had its time."""
        self.clock.set_text(self.now_text())
        self.update_serving()
        if self.monotonic() - self.turned >= self.source.rotate_seconds:
            self.turned = self.monotonic()
            self.rotate()

    def update_serving(self) -> None:
        """Redraw the strip when the called numbers changed."""
        called = tuple((t.number, t.counter) for t in self.queue.called_tickets()[:6])
        if called == self.serving_drawn:
            return
        self.serving_drawn = called
        self.serving.clear()
        with self.serving:
            if not called:
                ui.label("—").classes("text-5xl")
            for number, counter in called:
                with ui.column().classes("items-center gap-0 bg-white/10 rounded-xl px-6 py-3").mark("signage-called"):
                    ui.label(number).classes("text-6xl font-extrabold")
                    ui.label(say("counter_n", self.lang, n=counter)).classes("text-2xl")

    def _read_notices(self) -> None:
        """The notices in the screen's language, and their titles in the other one for a second line."""
        self.notices = self.source.notices(self.lang)
        other = "en" if self.lang == "zh" else "zh"
        self.other_titles = {notice.id: notice.title for notice in self.source.notices(other)}

    def _show_notice(self) -> None:
        if not self.notices:
            self.title.set_text(say("wake_hint", self.lang))
            self.subtitle.set_text("")
            self.day.set_text("")
            self.body.set_text("")
            self.position.set_text("")
            return
        notice = self.notices[self.index % len(self.notices)]
        self.title.set_text(notice.title)
        other = self.other_titles.get(notice.id, "")
        self.subtitle.set_text(other if other != notice.title else "")
        self.day.set_text(day_words(notice.day, self.lang) if notice.day is not None else "")
        self.body.set_text(notice.body)
        self.position.set_text(f"{self.index % len(self.notices) + 1} / {len(self.notices)}")
