"""The Policies tile: categories by touch, a search for those who want to type, the answer, "print this"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nicegui import ui

from desk.catalog import CATALOG, say
from desk.policies import Policy, PolicyBook
from desk.print_journal import NOT_PRINTED
from kiosk.features import FeatureHost, HomeTile, PerScreen
from kiosk.keyboard import TypingLayout, attach_keyboard


@dataclass
class _Screen:
    """One screen's step: ``categories``, ``list`` (a category or search results) or ``answer``."""

    view: str = "categories"
    heading: str = ""
    found: tuple[Policy, ...] = ()
    policy: Policy | None = None


class PoliciesFeature:
    """Browse and search the published policy answers; print one."""

    tile = HomeTile(key="policies", icon="menu_book", title=CATALOG["policies"], hint=CATALOG["policies_hint"],
                    order=50)

    def __init__(self, book: PolicyBook, wake_printer: Callable[[], None] | None = None) -> None:
        self.book = book
        self.wake_printer = wake_printer
        # Each screen's step, forgotten with the screen (a browser closed).
        self.screens = PerScreen(_Screen)

    def start(self, host: FeatureHost) -> None:
        """Back to the categories."""
        self.screens.reset(host)

    def register_pages(self) -> None:
        """No pages of its own."""

    def draw(self, host: FeatureHost) -> None:
        """Draw the current step."""
        screen = self.screens.of(host)
        {"categories": self._categories, "list": self._list, "answer": self._answer}[screen.view](host, screen)

    def _categories(self, host: FeatureHost, screen: _Screen) -> None:
        lang = host.lang
        layout = TypingLayout()
        with layout.text:
            ui.label(say("choose_category", lang)).classes("text-5xl font-bold text-center")
            with ui.grid().classes("w-full max-w-4xl gap-6 grid-cols-2"):
                for category in self.book.categories(lang):
                    ui.button(category, on_click=lambda _, c=category: self._open_category(host, c))\
                        .classes("kiosk-tile w-full").props("color=white text-color=primary no-caps")\
                        .mark(f"category-{category}")
            # The words to find at kiosk size: Quasar's own label would be 16 px.
            with ui.row().classes("w-full max-w-4xl items-center gap-4 no-wrap"):
                words = ui.input(placeholder=say("search_words", lang)).classes("grow")\
                    .props('outlined input-class="text-3xl" input-style="min-height: 64px"')\
                    .mark("policy-search")
                ui.button(say("search", lang), on_click=lambda: self._search(host, words.value or ""))\
                    .classes("kiosk-button").props("color=primary no-caps").mark("policy-search-go")
        with layout.keys:
            attach_keyboard(words, host, shown=False, done_words=say("search", lang),
                            on_done=lambda: self._search_typed(host, words.value or ""))
        with layout.actions:
            self._back(host, lambda: host.go_home())

    def _open_category(self, host: FeatureHost, category: str) -> None:
        screen = self.screens.of(host)
        screen.view, screen.heading = "list", category
        screen.found = tuple(self.book.in_category(category, host.lang))
        host.redraw()

    def _search(self, host: FeatureHost, words: str) -> None:
        screen = self.screens.of(host)
        screen.view, screen.heading = "list", say("results_for", host.lang, words=words.strip())
        screen.found = tuple(self.book.search(words))
        host.redraw()

    def _search_typed(self, host: FeatureHost, words: str) -> None:
        if words.strip():  # "Search" on the keys with nothing typed only puts them away
            self._search(host, words)

    def _list(self, host: FeatureHost, screen: _Screen) -> None:
        lang = host.lang
        ui.label(screen.heading).classes("text-5xl font-bold")
        if not screen.found:
            ui.label(say("no_answers", lang)).classes("text-3xl").mark("no-answers")
        for policy in screen.found:
            ui.button(policy.question(lang), on_click=lambda _, p=policy: self._open(host, p))\
                .classes("kiosk-button w-full max-w-4xl")\
                .props(f"outline no-caps align=left data-testid=question-{policy.id}").mark(f"question-{policy.id}")
        self._back(host, lambda: self._go(host, "categories"))

    def _open(self, host: FeatureHost, policy: Policy) -> None:
        screen = self.screens.of(host)
        screen.view, screen.policy = "answer", policy
        host.redraw()

    def _answer(self, host: FeatureHost, screen: _Screen) -> None:
        lang = host.lang
        policy = screen.policy
        assert policy is not None
        ui.label(policy.question(lang)).classes("text-4xl font-bold").mark("policy-question")
        ui.label(policy.answer(lang)).classes("text-3xl whitespace-pre-line max-w-4xl").mark("policy-answer")
        with ui.row().classes("gap-6"):
            ui.button(say("print_this", lang), on_click=lambda: self._print(host, policy))\
                .classes("kiosk-button").props("color=primary no-caps data-testid=print-answer").mark("print-answer")
            self._back(host, lambda: self._go(host, "list" if screen.found else "categories"))

    async def _print(self, host: FeatureHost, policy: Policy) -> None:
        host.touch()
        await host.in_background(self.book.print_answer, policy.id, host.lang)
        if self.wake_printer is not None:
            self.wake_printer()
        if host.print_outcome(policy.id) == NOT_PRINTED:
            ui.notify(say("no_printer", host.lang), type="warning", position="top")
        else:
            ui.notify(say("printing_answer", host.lang), type="positive", position="top")

    def _go(self, host: FeatureHost, view: str) -> None:
        self.screens.of(host).view = view
        host.redraw()

    @staticmethod
    def _back(host: FeatureHost, action: Callable[[], None]) -> None:
        ui.button(say("back", host.lang), on_click=action).classes("kiosk-button").props("outline no-caps")\
            .mark("policies-back")
