"""One lobby screen's session: home -> choose a service -> the ticket -> home.

States of a screen: ``home`` (tiles), ``signin`` (unit and PIN), ``services`` (choose what for),
``ticket`` (the number just taken), and one per feature (``feature:<key>``: repairs, payments...,
drawn by the feature itself). A tile that needs an owner passes through ``signin`` first.
Every way back to ``home`` signs the owner out: an owner's session lasts one errand, so the next
person to tap a tile is asked who they are. The language belongs to the person at the screen, not to
the unit or the errand: what they tapped holds through signing in (never the resident's stored
language), the task, ``Done`` and ``Back``. It returns to the first language only when the person
leaves: ``Sign out``, or ``idle_seconds`` without a touch, which also forgets everything about them
(a new person starts in the default language); a feature may hold the screen
through the idle time (:class:`kiosk.features.WaitsThroughIdle`: the payment QR asks "Still
there?" first). A screen left on ``home`` untouched that long becomes signage
(:mod:`kiosk.signage`: rotating notices, now serving, the clock) until the next touch.

The screen keeps the state and chooses the view; the views live beside it: the home tiles in
:mod:`kiosk.home_tiles`, the service choice and the ticket in :mod:`kiosk.take_number`, the
"Still there?" dialog in :mod:`kiosk.idle_warning`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, TypeVar

from nicegui import run, ui

from desk.catalog import say
from desk.signin import OwnerSession
from kiosk.context import KioskContext
from kiosk.features import KioskFeature, TellsOwners, WaitsThroughIdle
from kiosk.frame import LARGE_TEXT_CLASS, kiosk_header, read_aloud_script
from kiosk.home_tiles import desk_closed_text, draw_home
from kiosk.idle_warning import IDLE_WARNING_SECONDS, IdleWarning
from kiosk.signage import Signage
from kiosk.signin_flow import SignInFlow
from kiosk.take_number import TakeANumber
from kiosk.widgets import action

T = TypeVar("T")


class KioskScreen:
    """The state and views of one browser showing the kiosk."""

    def __init__(self, kiosk: KioskContext) -> None:
        self.kiosk = kiosk
        self.lang = kiosk.languages[0]
        self.view = "home"
        self.session: OwnerSession | None = None
        self.owner_hidden = False  # a feature asked to keep the owner's name and unit off the top bar
        self.large_text = False  # larger, high-contrast text, for one person's task
        self.last_touch = kiosk.monotonic()
        self.root = ui.column().classes("kiosk-root w-full min-h-screen gap-0").mark("kiosk-root")
        with self.root:
            self.top = ui.column().classes("w-full gap-0")
            # Home is drawn once per language, owner and opening state and shown again after each
            # errand: it is the view a busy lobby returns to most, and drawing its tiles costs most.
            self.home = ui.column().classes("kiosk-view kiosk-home w-full items-center gap-8 p-8")
            # The service choice, next on every number taken, is kept the same way.
            self.services_view = ui.column().classes("kiosk-view w-full items-center gap-8 p-8")
            self.content = ui.column().classes("kiosk-view w-full items-center gap-8 p-8")
        self.number = TakeANumber(kiosk, self, self.services_view, on_ticket=self._show_ticket)
        self.top_drawn_for: tuple[str, str, OwnerSession | None, bool] | None = None
        # The greeting's ways into the features whose tile is not on home (My parcels), by the feature's key.
        self.news_buttons: dict[str, ui.button] = {}
        self.home_drawn_for: tuple[str, OwnerSession | None, str | None, tuple[str, ...]] | None = None
        self.large_text_switch: ui.switch | None = None
        self.home_closed: str | None = None
        self.clock_label: ui.label | None = None
        self.features = {feature.tile.key: feature for feature in kiosk.features}
        self.after_sign_in: str | None = None  # the feature an owner tapped before signing in
        self.resume_after_sign_in = False  # the feature asked for sign-in mid-way: back to its step, not its start
        self.signage: Signage | None = None  # shown while the screen sits idle at home
        self.idle_warning = IdleWarning(on_stay=self.touch)

    def start(self) -> None:
        """Draw the home screen and start the clock, the idle watch and the touch listener."""
        self.render()
        ui.timer(1.0, self.tick)
        ui.timer(0.5, self._poll_print)
        ui.on("kiosk_touch", lambda _: self.touch(), throttle=1.0)
        ui.add_body_html(
            "<script>"
            "document.addEventListener('pointerdown', () => emitEvent('kiosk_touch'), {capture: true});"
            "</script>"
        )

    def touch(self) -> None:
        """Note that someone is using the screen, postponing the idle return; a touch wakes the signage."""
        self.last_touch = self.kiosk.monotonic()
        self.idle_warning.close()
        if self.signage is not None:
            self.signage = None
            self.render()

    def tick(self) -> None:
        """Once a second: keep the clock and the name current; go home when nobody touched for a while."""
        if self.clock_label is not None:
            self.clock_label.set_text(self._clock_text())
            self._draw_top()  # staff may have renamed the community in the Settings tab
        idle = self.kiosk.monotonic() - self.last_touch
        someone_here = self.view != "home" or self.lang != self.kiosk.languages[0] or self.session is not None
        warn_from = self.kiosk.idle_seconds - IDLE_WARNING_SECONDS
        if idle >= self.kiosk.idle_seconds and someone_here:
            self.idle_warning.close()
            if self._feature_holds_screen():
                self.last_touch = self.kiosk.monotonic()
            else:
                self.person_left()
        elif idle >= warn_from and someone_here and not self._feature_holds_screen():
            # Ask before signing out: an elderly owner reading the screen has not touched it for a while.
            self.idle_warning.ask(self.lang, max(1, round(self.kiosk.idle_seconds - idle)))
        elif self.signage is not None:
            self.signage.tick()
        elif self.kiosk.signage is not None and not someone_here and idle >= self.kiosk.signage.after_seconds:
            self.signage = Signage(self.kiosk.signage, self.kiosk.queue, self.lang, self._clock_text,
                                   self.kiosk.monotonic)
            self.render()
        elif self.view == "home" and desk_closed_text(self.kiosk, self.lang) != self.home_closed:
            self.render()  # the desk just opened or closed

    def _clock_text(self) -> str:
        return self.kiosk.clock.now().strftime("%H:%M")

    def _draw_top(self) -> None:
        """The top bar, redrawn only when the name, the language or the signed-in owner changed.

        The greeting's way into a feature (My parcels) hides while that feature is on screen: the owner is
        already there, and the view has its own Done.
        """
        wanted = (self.kiosk.community_name(), self.lang, self.session, self.owner_hidden)
        if self.top_drawn_for != wanted:
            self._redraw_top(wanted)
        for key, button in self.news_buttons.items():
            button.set_visibility(self.view != f"feature:{key}")

    def _redraw_top(self, wanted: tuple[str, str, OwnerSession | None, bool]) -> None:
        """Draw the top bar and, for a signed-in owner, the greeting under it."""
        self.top_drawn_for = wanted
        self.top.clear()
        self.news_buttons = {}
        with self.top:
            top_bar = kiosk_header(wanted[0], self.kiosk.languages, self.lang, self.set_language,
                                   large_text=self.large_text, on_large_text=self.set_large_text,
                                   on_read_aloud=self.read_aloud)
            self.clock_label, self.large_text_switch = top_bar.clock, top_bar.large_text
            self.clock_label.set_text(self._clock_text())
            if self.session is not None and not self.owner_hidden:
                self._greeting(self.session)

    def _feature_holds_screen(self) -> bool:
        """Whether the feature on screen keeps it through the idle time (it then changes its own step)."""
        if not self.view.startswith("feature:"):
            return False
        feature = self.features[self.view.removeprefix("feature:")]
        return isinstance(feature, WaitsThroughIdle) and feature.on_idle(self)

    def go_home(self) -> None:
        """Back to the tiles, signing the owner out, in the language they chose: the same person is still here.

        An owner who switched to English and taps Done sees the tiles in English, ready for their next errand.
        """
        self.session = None
        self.owner_hidden = False
        self._show_home()

    def person_left(self) -> None:
        """The person at the screen has gone (they signed out, or nobody touched it): home, as for a new person."""
        self.lang = self.kiosk.languages[0]
        self.set_large_text(False)
        self.go_home()

    def _show_home(self) -> None:
        """The tiles, for whoever is signed in now."""
        self.view = "home"
        self.number.reset()
        self.after_sign_in = None
        self.resume_after_sign_in = False
        self.touch()
        self.render()

    def monotonic(self) -> float:
        """The idle clock the screen runs on."""
        return self.kiosk.monotonic()

    def hide_owner(self, hidden: bool) -> None:
        """Keep the owner's name and unit off the top bar (or show them again), from the next redraw."""
        self.owner_hidden = hidden

    def print_outcome(self, ref: str) -> str | None:
        """How a record's slip fared, as the print journal says."""
        return self.kiosk.print_outcome(ref)

    def set_language(self, lang: str) -> None:
        """Switch the screen's language, staying on the same view."""
        self.lang = lang
        self.touch()
        self.render()

    def set_large_text(self, large: bool) -> None:
        """Larger, high-contrast text on the whole screen (or the usual again)."""
        self.touch()
        self.large_text = large
        if large:
            self.root.classes(add=LARGE_TEXT_CLASS)
        else:
            self.root.classes(remove=LARGE_TEXT_CLASS)
        if self.large_text_switch is not None:
            self.large_text_switch.set_value(large)

    def read_aloud(self) -> None:
        """Have the browser read the view's title and choices aloud, in the screen's language."""
        self.touch()
        ui.run_javascript(read_aloud_script(self.lang))

    def show_sign_in(self) -> None:
        """The unit-and-PIN steps."""
        self.view = "signin"
        self.touch()
        self.render()

    def signed_in(self, session: OwnerSession) -> None:
        """The PIN was right: greet the owner (masked name only), on to what they chose.

        The screen keeps the language the owner tapped: the resident's stored language is the office's
        guess, and switching mid-task would change every word under their finger.
        """
        self.session = session
        chosen, self.after_sign_in = self.after_sign_in, None
        resume, self.resume_after_sign_in = self.resume_after_sign_in, False
        if chosen is not None and resume:
            self.view = f"feature:{chosen}"
            self.redraw()
        elif chosen is not None:
            self.open_feature(chosen)
        else:
            self._show_home()

    def open_feature(self, key: str) -> None:
        """Open a feature's view from its home tile, asking for sign-in first when it needs an owner."""
        feature = self.features[key]
        if feature.tile.needs_sign_in and self.session is None and self.kiosk.sign_in is not None:
            self.after_sign_in = key
            self.show_sign_in()
            return
        self.view = f"feature:{key}"
        self.owner_hidden = False
        self.touch()
        feature.start(self)
        self.render()

    def ask_sign_in(self) -> None:
        """A feature needs the owner now (an event's "Sign up"): the unit and PIN, then back to its step."""
        if not self.view.startswith("feature:") or self.kiosk.sign_in is None:
            return
        self.after_sign_in = self.view.removeprefix("feature:")
        self.resume_after_sign_in = True
        self.show_sign_in()

    def redraw(self) -> None:
        """Draw the current view again: a feature changed its step."""
        self.touch()
        self.render()

    def in_background(self, work: Callable[..., T], *args: Any) -> Awaitable[T | None]:
        """Run blocking work off the event loop (None when the server is stopping)."""
        return run.io_bound(work, *args)

    def show_services(self) -> None:
        """The service choice."""
        self.view = "services"
        self.touch()
        self.render()

    def _show_ticket(self) -> None:
        """The number just taken."""
        self.view = "ticket"
        self.render()

    def _poll_print(self) -> None:
        """While a ticket is on screen, show whether its slip printed."""
        if self.view == "ticket":
            self.number.poll_print()

    def render(self) -> None:
        """Redraw the view; the top bar only when the language or the signed-in owner changed."""
        self._draw_top()
        self.content.clear()
        at_home = self.signage is None and self.view == "home"
        at_services = self.signage is None and self.view == "services"
        self.home.set_visibility(at_home)
        self.services_view.set_visibility(at_services)
        self.content.set_visibility(not at_home and not at_services)
        if at_home:
            self._show_home_tiles()
            return
        if at_services:
            self.number.draw_services()
            return
        with self.content:
            if self.signage is not None:
                self.signage.draw()
            elif self.view == "signin" and self.kiosk.sign_in is not None:
                SignInFlow(self.kiosk.sign_in, self.lang, self.signed_in, self.go_home, self.touch).draw()
            elif self.view.startswith("feature:"):
                self.features[self.view.removeprefix("feature:")].draw(self)
            else:
                self.number.draw_ticket()

    def _show_home_tiles(self) -> None:
        """The home tiles, drawn again only for another language, owner, opening state or tile coming or going."""
        closed = desk_closed_text(self.kiosk, self.lang)
        # Tiles that show only at times (a vote open) redraw home when they come or go.
        due = tuple(key for key, feature in self.features.items()
                    if feature.tile.shown_when is not None and feature.tile.shown_when())
        if self.home_drawn_for == (self.lang, self.session, closed, due):
            return
        self.home_drawn_for = (self.lang, self.session, closed, due)
        self.home_closed = closed
        self.home.clear()
        with self.home:
            draw_home(self.lang, closed, (feature.tile for feature in self.features.values()),
                      offer_sign_in=self.session is None and self.kiosk.sign_in is not None,
                      on_take_number=self.show_services, on_tile=self.open_feature, on_sign_in=self.show_sign_in)

    def _owner_news(self, session: OwnerSession) -> list[tuple[KioskFeature, str]]:
        """News for the signed-in owner's unit from the features that have some ("2 parcels waiting")."""
        return [(feature, line) for feature in self.features.values() if isinstance(feature, TellsOwners)
                for line in feature.owner_lines(session.unit_id, self.lang)]

    def _greeting(self, session: OwnerSession) -> None:
        """Hello and the unit, then each piece of news with its way in right beside it ("2 parcels waiting",
        My parcels: one thing, read together), and Sign out at the far end of the bar."""
        with ui.row().classes("w-full items-center gap-x-4 landscape:gap-x-12 gap-y-2 px-8 py-3 bg-sky-100"):
            hello = say("hello", self.lang, name=session.masked_name, unit=session.unit_label)
            ui.label(hello).classes("text-3xl").mark("greeting")
            for feature, line in self._owner_news(session):
                with ui.row().classes("items-center gap-3 no-wrap"):  # closer than anything else on the bar
                    ui.label(line).classes("text-3xl font-bold text-amber-900").props("data-testid=owner-news")\
                        .mark("owner-news")
                    tile = feature.tile
                    if not tile.on_home:  # the news is the way in: its tile is not on home
                        self.news_buttons[tile.key] = action(
                            tile.title[self.lang], partial(self.open_feature, tile.key), f"tile-{tile.key}",
                            primary=False)
            action(say("sign_out", self.lang), self.person_left, "sign-out", primary=False, testid=False)\
                .classes("ml-auto")
