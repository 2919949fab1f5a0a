"""The event pass on the owner's phone, ``/e/<sign-up ID>``: what the pass's QR code opens.

Anyone holding the pass may open it, so it shows what is printed on the pass and nothing more:
the event, when and where, how many people, the pass number and the unit with its room masked.
A small "Staff: check in" link leads to the staff check-in page, which asks for a staff login
itself; this page cannot tell a clerk's phone from an owner's (the staff session lives in
``admin``, above the kiosk).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import tzinfo

from nicegui import ui

from desk.catalog import say
from desk.day_words import span_words
from desk.events import EventDesk, SignupStatus
from kiosk.frame import KIOSK_PRIMARY
from kiosk.i18n import LANGUAGE_NAMES

PHONE_STYLE = "font-size: 20px; background: #f4f6f8; color: #102a43"


def event_pass_path(signup_id: str) -> str:
    """Where a pass's QR code points, below the site's address."""
    return f"/e/{signup_id}"


def masked_unit(label: str) -> str:
    """A unit with the last two characters of its room hidden: ``3-1202`` -> ``3-12**``.

    Enough for the owner to know it is theirs; not enough for a finder of the pass to know the door.
    """
    building, dash, room = label.rpartition("-")
    hidden = max(0, len(room) - 2)
    return f"{building}{dash}{room[:hidden]}{'*' * (len(room) - hidden)}"


def register_event_pages(events: EventDesk, community_name: Callable[[], str], languages: Sequence[str]) -> None:
    """Add ``/e/<sign-up ID>`` to the app."""

    @ui.page("/e/{signup_id}")
    def event_pass(signup_id: str, lang: str = "") -> None:
        ui.page_title(community_name())
        ui.colors(primary=KIOSK_PRIMARY)
        EventPassView(events, signup_id, lang if lang in languages else languages[0]).build(
            community_name(), languages)


class EventPassView:
    """One pass as the phone shows it."""

    def __init__(self, events: EventDesk, signup_id: str, lang: str) -> None:
        self.events = events
        self.signup_id = signup_id
        self.lang = lang

    def build(self, community_name: str, languages: Sequence[str]) -> None:
        """Draw the page: the pass card, the language links and the staff's check-in link."""
        ui.query("body").style(PHONE_STYLE)
        with ui.column().classes("w-full max-w-md mx-auto p-4 gap-4 items-center"):
            ui.label(community_name).classes("text-2xl font-bold")
            with ui.column().classes("w-full items-center gap-3 bg-white rounded-xl p-6 shadow"):
                self._card()
            with ui.row():
                for lang in languages:
                    ui.link(LANGUAGE_NAMES[lang], f"{event_pass_path(self.signup_id)}?lang={lang}")\
                        .classes("text-lg p-2").mark(f"pass-lang-{lang}")

    def _card(self) -> None:
        lang = self.lang
        signup = self.events.signup(self.signup_id)
        event = self.events.get(signup.event) if signup is not None else None
        if signup is None or event is None:
            ui.label(say("pass_unknown", lang)).classes("text-2xl").mark("pass-page-status")
            return
        tz: tzinfo | None = self.events.now().tzinfo
        ui.label(say("pass_title", lang)).classes("text-xl")
        ui.label(signup.pass_number).classes("text-7xl font-extrabold").mark("pass-page-number")
        ui.label(event.title(lang)).classes("text-3xl font-bold text-center").mark("pass-page-event")
        when = span_words(event.starts.astimezone(tz), event.ends.astimezone(tz) if event.ends else None, lang)
        ui.label(when).classes("text-2xl text-center").mark("pass-page-when")
        ui.label(say("event_place", lang, place=event.place)).classes("text-2xl text-center").mark("pass-page-place")
        ui.label(say("pass_people", lang, n=signup.people)).classes("text-2xl").mark("pass-page-people")
        if signup.unit_label:
            ui.label(say("pass_unit", lang, unit=masked_unit(signup.unit_label))).classes("text-xl")\
                .mark("pass-page-unit")
        status = {SignupStatus.SIGNED_UP: "pass_valid", SignupStatus.WAITLISTED: "pass_waitlisted",
                  SignupStatus.CANCELLED: "pass_cancelled", SignupStatus.ATTENDED: "attended"}[signup.status]
        ui.label(say(status, lang)).classes("text-2xl font-bold text-center").mark("pass-page-status")
        # Small on purpose: the owner's eye goes to the pass; a clerk at the door knows to look for it. The
        # staff page checks the login and refuses a waitlisted or cancelled pass with its reason.
        ui.link(say("staff_check_in", lang), f"/staff/events?checkin={signup.id}")\
            .classes("text-base text-gray-700 pt-4").mark("pass-page-check-in")
