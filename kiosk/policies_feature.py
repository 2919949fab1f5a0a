"""The Policies tile: categories by touch, a search for those who want to type, the answer, "print this"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nicegui import ui

from desk.catalog import CATALOG, say
from desk.policies import Policy, PolicyBook
from desk.print_journal import NOT_PRINTED
from kiosk.features import FeatureHost, HomeTile, StepFeature
from kiosk.keyboard import TypingLayout, attach_keyboard
from kiosk.widgets import action, title


@dataclass
class _Screen:
    """One screen's step: ``categories``, ``list`` (a category or search results) or ``answer``."""

    view: str = "categories"
    heading: str = ""
    found: tuple[Policy, ...] = ()
    policy: Policy | None = None


class PoliciesFeature(StepFeature[_Screen]):
    """Browse and search the published policy answers; print one."""

    tile = HomeTile(key="policies", icon="menu_book", title=CATALOG["policies"], hint=CATALOG["policies_hint"],
                    order=50)

    def __init__(self, book: PolicyBook, wake_printer: Callable[[], None] | None = None) -> None:
        super().__init__(_Screen)
        self.book = book
        self.wake_printer = wake_printer

    def draw_step(self, host: FeatureHost, screen: _Screen) -> None:
        """The categories, a list of questions, or one answer."""
        {"categories": self._categories, "list": self._list, "answer": self._answer}[screen.view](host, screen)

    def _categories(self, host: FeatureHost, screen: _Screen) -> None:
        lang = host.lang
        layout = TypingLayout()
        with layout.text:
            title(say("choose_category", lang))
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
                action(say("search", lang), lambda: self._search(host, words.value or ""), "policy-search-go",
                       testid=False)
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
            action(say("print_this", lang), lambda: self._print(host, policy), "print-answer")
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
    def _back(host: FeatureHost, go_back: Callable[[], None]) -> None:
        action(say("back", host.lang), go_back, "policies-back", primary=False, testid=False)
