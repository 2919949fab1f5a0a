"""Community events at the kiosk: anyone browses them; an owner signs in to sign up, cancel or reprint a pass.

Steps: ``list`` -> ``details`` (one event); a "Sign up" tapped before signing in asks the screen for
the unit and PIN and comes back to ``signing`` (confirm the people chosen) -> ``done`` (the pass, or
the waitlist place). ``confirm`` asks before cancelling.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from functools import partial

from nicegui import ui

from desk.catalog import CATALOG, say
from desk.day_words import span_words
from desk.events import Event, EventDesk, EventError, Signup, SignupOutcome, SignupStatus
from desk.print_journal import NOT_PRINTED
from kiosk.event_pages import register_event_pages
from kiosk.features import FeatureHost, HomeTile, StepFeature
from kiosk.widgets import action


@dataclass
class _Screen:
    """One screen's step: the list, one event, a sign-up to confirm or just made, or a cancellation to confirm."""

    view: str = "list"
    event_id: str = ""  # the event shown in ``details``
    signing: tuple[str, int] | None = None  # the event and people an owner chose before signing in
    outcome: SignupOutcome | None = None
    cancelling: tuple[Signup, Event] | None = None
    messages: dict[str, str] = field(default_factory=dict)


class EventsFeature(StepFeature[_Screen]):
    """The Events tile: upcoming events with places left, the owner's own sign-ups, sign up and cancel."""

    # Browsing needs nobody: a first-time owner sees what is on before deciding to sign in.
    tile = HomeTile(key="events", icon="celebration", title=CATALOG["events"], hint=CATALOG["events_hint"], order=40)

    def __init__(self, events: EventDesk, wake_printer: Callable[[], None] | None = None, *,
                 community_name: Callable[[], str] = lambda: "", languages: Sequence[str] = ("zh", "en")) -> None:
        super().__init__(_Screen)
        self.events = events
        self.wake_printer = wake_printer
        self.community_name = community_name
        self.languages = list(languages)

    def register_pages(self) -> None:
        """The pass's phone page ``/e/<sign-up ID>``, which its QR code opens."""
        register_event_pages(self.events, self.community_name, self.languages)

    def draw_step(self, host: FeatureHost, screen: _Screen) -> None:
        """The outcome, a cancellation or sign-up to confirm, one event, or the list."""
        if screen.view == "done" and screen.outcome is not None:
            self._outcome(host, screen.outcome)
        elif screen.view == "confirm" and screen.cancelling is not None:
            self._confirm(host, *screen.cancelling)
        elif screen.view == "signing" and screen.signing is not None and host.session is not None:
            self._confirm_sign_up(host, screen, *screen.signing)
        elif screen.view == "details" and (event := self.events.get(screen.event_id)) is not None:
            self._details(host, screen, event)
        else:
            self._list(host, screen)

    def _list(self, host: FeatureHost, screen: _Screen) -> None:
        lang = host.lang
        ui.label(say("events", lang)).classes("text-5xl font-bold")
        mine = self._mine(host)
        upcoming = self.events.upcoming()
        if not upcoming:
            ui.label(say("no_events", lang)).classes("text-3xl").mark("no-events")
        for event in upcoming:
            with ui.card().classes("w-full max-w-4xl gap-3 p-6").mark(f"event-{event.id}"):
                self._event_card(host, screen, event, mine.get(event.id))
                ui.button(say("event_details", lang), on_click=lambda _, e=event: self._open_details(host, e))\
                    .classes("kiosk-button").props("flat no-caps").mark(f"event-details-{event.id}")
        action(say("back", lang), lambda: host.go_home(), "events-back", primary=False, testid=False)

    def _details(self, host: FeatureHost, screen: _Screen, event: Event) -> None:
        """One event with everything staff wrote about it, and the same buttons as its card in the list."""
        lang, tz = host.lang, self.events.now().tzinfo
        with ui.card().classes("w-full max-w-4xl gap-3 p-6").mark("event-details"):
            self._event_card(host, screen, event, self._mine(host).get(event.id))
            ui.label(say("event_capacity", lang, n=event.capacity, per_unit=event.per_unit)).classes("text-2xl")\
                .mark("event-capacity")
            if event.signup_open(self.events.now()):
                closes = (event.signup_closes or event.starts).astimezone(tz)
                ui.label(say("signup_closes", lang, when=span_words(closes, None, lang))).classes("text-2xl")\
                    .mark("event-signup-closes")
        self._list_button(host)

    def _event_card(self, host: FeatureHost, screen: _Screen, event: Event, signup: Signup | None) -> None:
        """What, when, where, how many places, and what the owner may do about it."""
        lang, tz = host.lang, self.events.now().tzinfo
        ui.label(event.title(lang)).classes("text-4xl font-bold").mark(f"event-title-{event.id}")
        when = span_words(event.starts.astimezone(tz), event.ends.astimezone(tz) if event.ends else None, lang)
        ui.label(f"{when} · {event.place}").classes("text-2xl").mark(f"event-when-{event.id}")
        left = event.capacity - event.taken
        if event.waiting or left <= 0:
            words = say("full_waitlist", lang, n=event.waiting) if event.waiting else say("full", lang)
            ui.label(words).classes("text-2xl font-bold text-amber-900").mark(f"event-full-{event.id}")
        else:
            ui.label(say("places_left", lang, n=left)).classes("text-2xl font-bold text-green-900")
        if screen.messages.get(event.id):
            ui.label(screen.messages[event.id]).classes("text-2xl text-red-800").mark("event-message")
        if signup is not None:
            self._my_signup(host, event, signup)
        elif event.signup_open(self.events.now()):
            must_wait = bool(event.waiting) or left <= 0
            with ui.row().classes("gap-4 flex-wrap"):
                for people in range(1, event.per_unit + 1):
                    words = say("waitlist_n" if must_wait or people > left else "sign_up_n", lang, n=people)
                    ui.button(words, on_click=lambda _, e=event, n=people: self._sign_up(host, e, n))\
                        .classes("kiosk-button").props("color=primary no-caps")\
                        .mark(f"sign-up-{event.id}-{people}")
            if host.session is None:
                ui.label(say("sign_in_to_sign_up", lang)).classes("text-2xl text-gray-800")\
                    .mark(f"sign-in-note-{event.id}")
        else:
            ui.label(say("signup_closed", lang)).classes("text-2xl text-gray-800")

    def _mine(self, host: FeatureHost) -> dict[str, Signup]:
        """The signed-in owner's sign-ups by event; none for someone just looking."""
        session = host.session
        return {s.event: s for s in self.events.signups_of_unit(session.unit_id)} if session else {}

    def _open_details(self, host: FeatureHost, event: Event) -> None:
        screen = self.screens.of(host)
        screen.view, screen.event_id, screen.messages = "details", event.id, {}
        host.redraw()

    def _confirm_sign_up(self, host: FeatureHost, screen: _Screen, event_id: str, people: int) -> None:
        """Back from signing in: the owner confirms the people they chose (or sees they had signed up)."""
        lang = host.lang
        event = self.events.get(event_id)
        if event is None or event.id in self._mine(host):
            screen.view, screen.signing = "list", None
            self._list(host, screen)
            return
        ui.label(say("confirm_sign_up", lang, title=event.title(lang), n=people))\
            .classes("text-4xl font-bold text-center").mark("confirm-sign-up-text")
        with ui.row().classes("gap-6"):
            action(say("yes_sign_up", lang), lambda: self._sign_up(host, event, people), "confirm-sign-up",
                   testid=False)
            self._list_button(host)

    def _my_signup(self, host: FeatureHost, event: Event, signup: Signup) -> None:
        lang = host.lang
        if signup.status is SignupStatus.WAITLISTED:
            words = say("your_waitlist", lang, n=self.events.waitlist_place(signup))
        elif signup.status is SignupStatus.ATTENDED:
            words = say("attended", lang)
        else:
            words = say("your_pass", lang, number=signup.pass_number)
        ui.label(words).classes("text-3xl font-bold").mark(f"my-signup-{event.id}")
        with ui.row().classes("gap-4"):
            if signup.status is SignupStatus.SIGNED_UP:
                action(say("reprint_pass", lang), lambda: self._reprint(host, signup), f"reprint-{event.id}",
                       primary=False, testid=False)
            if signup.status in (SignupStatus.SIGNED_UP, SignupStatus.WAITLISTED):
                ui.button(say("cancel", lang), on_click=lambda: self._ask_cancel(host, signup, event))\
                    .classes("kiosk-button").props("outline color=negative no-caps").mark(f"cancel-{event.id}")

    async def _sign_up(self, host: FeatureHost, event: Event, people: int) -> None:
        host.touch()
        screen = self.screens.of(host)
        session = host.session
        if session is None:
            # Someone just looking: who they are is asked now, and the people chosen wait for their confirmation.
            screen.view, screen.signing = "signing", (event.id, people)
            host.ask_sign_in()
            return
        try:
            outcome = await host.in_background(
                partial(self.events.sign_up, lang=host.lang), event.id, session.unit_id, session.unit_label, people)
        except EventError as refused:
            screen.messages = {event.id: say(f"error_{refused.reason}", host.lang)}
            if screen.view == "signing":  # the list says why, on the event's card
                screen.view, screen.signing = "list", None
            host.redraw()
            return
        if outcome is None:
            return
        screen.outcome, screen.view, screen.messages, screen.signing = outcome, "done", {}, None
        self._wake()
        host.redraw()

    def _outcome(self, host: FeatureHost, outcome: SignupOutcome) -> None:
        lang = host.lang
        ui.label(outcome.event.title(lang)).classes("text-4xl font-bold")
        if outcome.waitlist_place:
            ui.label(say("waitlisted", lang, n=outcome.waitlist_place)).classes("text-4xl font-bold text-amber-900")\
                .mark("signup-waitlisted")
            ui.label(say("waitlist_note", lang)).classes("text-2xl")
        else:
            ui.label(say("signed_up", lang)).classes("text-4xl")
            ui.label(outcome.signup.pass_number).classes("kiosk-number").mark("pass-number")
            ui.label(self._pass_words(host, outcome.signup.id)).classes("text-3xl").mark("pass-printing")
        with ui.row().classes("gap-4"):
            self._list_button(host)
            action(say("done", lang), lambda: host.go_home(), "events-done", testid=False)

    def _ask_cancel(self, host: FeatureHost, signup: Signup, event: Event) -> None:
        screen = self.screens.of(host)
        screen.cancelling, screen.view = (signup, event), "confirm"
        host.redraw()

    def _confirm(self, host: FeatureHost, signup: Signup, event: Event) -> None:
        lang = host.lang
        ui.label(say("confirm_cancel", lang, title=event.title(lang))).classes("text-4xl font-bold text-center")
        with ui.row().classes("gap-6"):
            ui.button(say("yes_cancel", lang), on_click=lambda: self._cancel(host, signup, event))\
                .classes("kiosk-button").props("color=negative no-caps").mark("confirm-cancel")
            action(say("keep", lang), lambda: self._back_to_list(host), "keep-signup", primary=False, testid=False)

    async def _cancel(self, host: FeatureHost, signup: Signup, event: Event) -> None:
        host.touch()
        screen = self.screens.of(host)
        with suppress(EventError):  # cancelled meanwhile (staff in the sheet): the list shows it as it is
            await host.in_background(self.events.cancel, signup.id)
        screen.view, screen.cancelling = "list", None
        screen.messages = {event.id: say("cancelled", host.lang)}
        host.redraw()

    async def _reprint(self, host: FeatureHost, signup: Signup) -> None:
        host.touch()
        try:
            await host.in_background(self.events.print_pass, signup.id, host.lang)
        except EventError:
            return
        self._wake()
        ui.notify(self._pass_words(host, signup.id), type="positive", position="top")

    @staticmethod
    def _pass_words(host: FeatureHost, signup_id: str) -> str:
        """What the owner is told about the pass slip: it is printing, or (no printer) nothing will print."""
        if host.print_outcome(signup_id) == NOT_PRINTED:
            return say("no_printer", host.lang)
        return say("pass_printing", host.lang)

    def _list_button(self, host: FeatureHost) -> None:
        """Back to the list of events (the feature's own Back, not the home screen's)."""
        action(say("events", host.lang), lambda: self._back_to_list(host), "events-list", primary=False, testid=False)

    def _back_to_list(self, host: FeatureHost) -> None:
        screen = self.screens.of(host)
        screen.view, screen.outcome, screen.cancelling, screen.messages = "list", None, None, {}
        screen.signing = None
        host.redraw()

    def _wake(self) -> None:
        if self.wake_printer is not None:
            self.wake_printer()
