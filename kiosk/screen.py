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
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, TypeVar

from nicegui import run, ui

from desk.catalog import say
from desk.print_journal import NOT_PRINTED
from desk.queue import IssuedTicket, Service
from desk.signin import OwnerSession
from desk.words import estimated_wait, in_language, people_ahead, service_name
from kiosk.context import KioskContext
from kiosk.features import WaitsThroughIdle, tile_visible
from kiosk.frame import LARGE_TEXT_CLASS, kiosk_header, read_aloud_script
from kiosk.i18n import SERVICE_ICONS
from kiosk.qr import qr_data_uri
from kiosk.signage import Signage
from kiosk.signin_flow import SignInFlow

log = logging.getLogger(__name__)

T = TypeVar("T")


IDLE_WARNING_SECONDS = 10  # how long "Still there?" shows before the idle return signs the owner out


class KioskScreen:
    """The state and views of one browser showing the kiosk."""

    def __init__(self, kiosk: KioskContext) -> None:
        self.kiosk = kiosk
        self.lang = kiosk.languages[0]
        self.view = "home"
        self.issued: IssuedTicket | None = None
        self.session: OwnerSession | None = None
        self.owner_hidden = False  # a feature asked to keep the owner's name and unit off the top bar
        self.priority = False  # chosen before the services: elderly, disabled or pregnant
        self.large_text = False  # larger, high-contrast text, for one person's task
        self.taking = False  # a ticket is being committed: another tap must not take a second one
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
        self.top_drawn_for: tuple[str, str, OwnerSession | None, bool] | None = None
        self.home_drawn_for: tuple[str, OwnerSession | None, str | None] | None = None
        self.services_drawn_for: tuple[str, list[tuple[Service, str | None]]] | None = None
        self.waiting_labels: dict[Service, ui.label] = {}
        self.queue_choices: dict[bool, ui.button] = {}  # the regular and the priority tile, by priority
        self.large_text_switch: ui.switch | None = None
        self.qr_image = ""
        self.home_closed: str | None = None
        self.clock_label: ui.label | None = None
        self.print_status: ui.label | None = None
        self.print_state: str | None = None  # the ticket's print job as the journal had it when the ticket was taken
        self.print_wait_left = 0.0
        self.features = {feature.tile.key: feature for feature in kiosk.features}
        self.after_sign_in: str | None = None  # the feature an owner tapped before signing in
        self.resume_after_sign_in = False  # the feature asked for sign-in mid-way: back to its step, not its start
        self.signage: Signage | None = None  # shown while the screen sits idle at home
        self.signage_turned = 0.0
        with ui.dialog().props("persistent").mark("idle-warning-dialog") as self.idle_warning, \
                ui.card().classes("items-center gap-6 p-10").mark("idle-warning"):
            self.idle_warning_text = ui.label().classes("text-4xl text-center").mark("idle-warning-text")
            self.idle_stay = ui.button(on_click=self.touch).props("no-caps data-testid=idle-stay")\
                .classes("kiosk-button").mark("idle-stay")

    def start(self) -> None:
        """Draw the home screen and start the clock, the idle watch and the touch listener."""
        self.render()
        ui.timer(1.0, self.tick)
        ui.timer(0.5, self.poll_print)
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
            self.clock_label.set_text(self.kiosk.clock.now().strftime("%H:%M"))
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
            left = max(1, round(self.kiosk.idle_seconds - idle))
            self.idle_warning_text.set_text(say("idle_warning", self.lang, n=left))
            self.idle_stay.set_text(say("idle_stay", self.lang))
            self.idle_warning.open()
        elif self.signage is not None:
            self._signage_tick()
        elif self.kiosk.signage is not None and not someone_here and idle >= self.kiosk.signage.after_seconds:
            self.signage = Signage(self.kiosk.signage, self.kiosk.queue, self.lang,
                                   lambda: self.kiosk.clock.now().strftime("%H:%M"))
            self.signage_turned = self.kiosk.monotonic()
            self.render()
        elif self.view == "home" and self._desk_closed_text() != self.home_closed:
            self.render()  # the desk just opened or closed

    def _draw_top(self) -> None:
        """The top bar, redrawn only when the name, the language or the signed-in owner changed."""
        wanted = (self.kiosk.community_name(), self.lang, self.session, self.owner_hidden)
        if self.top_drawn_for == wanted:
            return
        self.top_drawn_for = wanted
        self.top.clear()
        with self.top:
            top_bar = kiosk_header(wanted[0], self.kiosk.languages, self.lang, self.set_language,
                                   large_text=self.large_text, on_large_text=self.set_large_text,
                                   on_read_aloud=self.read_aloud)
            self.clock_label, self.large_text_switch = top_bar.clock, top_bar.large_text
            self.clock_label.set_text(self.kiosk.clock.now().strftime("%H:%M"))
            if self.session is not None and not self.owner_hidden:
                self._greeting(self.session)

    def _signage_tick(self) -> None:
        """Keep the signage's clock and strip current, and turn to the next notice when it is time."""
        assert self.signage is not None and self.kiosk.signage is not None
        self.signage.tick()
        if self.kiosk.monotonic() - self.signage_turned >= self.kiosk.signage.rotate_seconds:
            self.signage_turned = self.kiosk.monotonic()
            self.signage.rotate()

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
        self.issued = None
        self.priority = False
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

    async def take_number(self, service: Service, letter: str | None = None) -> None:
        """Commit a ticket (off the event loop), wake the printer and show the ticket.

        One errand, one ticket: a tap that comes while the ticket is being taken or is on screen (a
        bouncing finger, an impatient second tap, a tap the browser sent before the view changed)
        leaves that ticket on screen and takes, and prints, nothing. "Done" ends the errand.
        """
        self.touch()
        if self.taking or self.issued is not None:
            return
        self.taking = True
        try:
            issued = await run.io_bound(self._issue, service, letter)
        except Exception:
            log.exception("could not issue a ticket for %s", service)
            ui.notify(say("busy", self.lang), type="negative")
            return
        finally:
            self.taking = False
        if issued is None:  # the server is stopping
            return
        self.issued, self.qr_image, self.print_state = issued
        self.view = "ticket"
        self.print_wait_left = self.kiosk.print_wait_seconds
        self.kiosk.wake_printer()
        self.render()

    def _issue(self, service: Service, letter: str | None) -> tuple[IssuedTicket, str, str | None]:
        """Commit the ticket, draw its QR code and read its print job's state; runs in a worker thread."""
        issued = self.kiosk.queue.take_number(
            service, lang=self.lang, priority=self.priority, unit=self.session.unit_id if self.session else "",
            letter=letter,
        )
        return issued, qr_data_uri(self._status_url(issued)), self.kiosk.print_outcome(issued.ticket.id)

    def _status_url(self, issued: IssuedTicket) -> str:
        return in_language(self.kiosk.status_url(issued.ticket.id), self.lang)

    def poll_print(self) -> None:
        """While a ticket is on screen, show whether its slip printed."""
        if self.view != "ticket" or self.issued is None or self.print_status is None or self.print_wait_left <= 0:
            return
        self.print_wait_left -= 0.5
        self.print_state = self.kiosk.print_outcome(self.issued.ticket.id)
        if self.print_state in ("sent", NOT_PRINTED, "failed") or self.print_wait_left <= 0:
            self._say_print_state(self.print_status)
            self.print_wait_left = 0

    def _say_print_state(self, label: ui.label) -> None:
        """What became of the ticket's slip: printing, printed, or photograph the screen (no printer, or it failed)."""
        if self.print_state == "sent":
            label.set_text(say("ticket_printed", self.lang))
        elif self.print_state == NOT_PRINTED:
            label.set_text(say("no_printer", self.lang))
            label.classes(replace="text-3xl font-bold text-red-800")
        elif self.print_state == "failed" or self.print_wait_left <= 0:
            label.set_text(say("print_failed", self.lang))
            label.classes(replace="text-3xl font-bold text-red-800")
        else:
            label.set_text(say("ticket_printing", self.lang))

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
            closed = self._desk_closed_text()
            if self.home_drawn_for != (self.lang, self.session, closed):
                self.home_drawn_for = (self.lang, self.session, closed)
                self.home.clear()
                with self.home:
                    self._home(closed)
            return
        if at_services:
            self._show_services()
            return
        with self.content:
            if self.signage is not None:
                self.signage.draw()
            elif self.view == "signin" and self.kiosk.sign_in is not None:
                SignInFlow(self.kiosk.sign_in, self.lang, self.signed_in, self.go_home, self.touch).draw()
            elif self.view.startswith("feature:"):
                self.features[self.view.removeprefix("feature:")].draw(self)
            else:
                self._ticket()

    def _greeting(self, session: OwnerSession) -> None:
        with ui.row().classes("w-full items-center justify-between px-8 py-3 bg-sky-100"):
            hello = say("hello", self.lang, name=session.masked_name, unit=session.unit_label)
            ui.label(hello).classes("text-3xl").mark("greeting")
            ui.button(say("sign_out", self.lang), on_click=self.person_left)\
                .classes("kiosk-button").props("outline no-caps").mark("sign-out")

    def _offered_services(self) -> list[tuple[Service, str | None]]:
        """The services the Settings tab offers, in its order, with their letters."""
        if self.kiosk.site_settings is None:
            return [(service, None) for service in Service]
        return [(service, letter) for service, letter in self.kiosk.site_settings().services]

    def _desk_closed_text(self) -> str | None:
        """Why no number can be taken now (outside opening hours), or None when the desk is open."""
        if self.kiosk.site_settings is None:
            return None
        settings, now = self.kiosk.site_settings(), self.kiosk.clock.now()
        opens = None if settings.desk_is_open(now) else settings.desk_opens(now)
        if opens is None:
            return None
        time, today = opens
        return say("desk_opens_today" if today else "desk_opens_tomorrow", self.lang, time=time)

    def _home(self, closed: str | None) -> None:
        with ui.grid(columns=1).classes("w-full max-w-3xl landscape:max-w-screen-2xl gap-6"):
            self.home_closed = closed
            if closed is not None:
                ui.label(closed).classes("text-4xl font-bold text-center py-12").mark("desk-closed")
            else:
                tile = ui.button(on_click=self.show_services).classes("kiosk-tile kiosk-tile-hero w-full")
                tile.props("color=primary")
                tile.mark("take-number").props("data-testid=take-number")
                with tile, ui.column().classes("items-center gap-2 py-6"):
                    ui.icon("confirmation_number")
                    ui.label(say("take_number", self.lang)).classes("text-5xl font-bold")
                    ui.label(say("take_number_hint", self.lang)).classes("text-2xl")
            self._tiles(desk_open=closed is None)

    def _tiles(self, desk_open: bool) -> None:
        """Every feature's tile, then signing in: two a row upright, five on a screen on its side."""
        tiles = sorted((f.tile for f in self.features.values() if tile_visible(f.tile, desk_open)),
                       key=lambda tile: tile.order)
        offer_sign_in = self.session is None and self.kiosk.sign_in is not None
        if not tiles and not offer_sign_in:
            return
        with ui.grid().classes("w-full gap-6 grid-cols-2 landscape:grid-cols-5"):
            for tile in tiles:
                self._tile(tile.icon, tile.title[self.lang], tile.hint[self.lang], f"tile-{tile.key}",
                           partial(self.open_feature, tile.key))
            if offer_sign_in:
                self._tile("person", say("sign_in_tile", self.lang), say("sign_in_hint", self.lang), "sign-in",
                           self.show_sign_in)

    @staticmethod
    def _tile(icon: str, title: str, hint: str, marker: str, on_click: Callable[[], None]) -> None:
        button = ui.button(on_click=on_click).classes("kiosk-tile w-full")
        button.props(f"color=white text-color=primary no-caps data-testid={marker}").mark(marker)
        with button, ui.column().classes("items-center gap-2 py-4"):
            ui.icon(icon)
            ui.label(title).classes("text-4xl font-bold")
            ui.label(hint).classes("text-2xl")

    def _show_services(self) -> None:
        """The service choice, drawn once per language and offer, with the waiting counts brought up to date."""
        offered = self._offered_services()
        if self.services_drawn_for != (self.lang, offered):
            self.services_drawn_for = (self.lang, offered)
            self.services_view.clear()
            with self.services_view:
                self._services(offered)
        counts = self.kiosk.queue.waiting_counts()
        for service, label in self.waiting_labels.items():
            label.set_text(say("waiting_now", self.lang, n=counts[service]))
        self._show_queue_choice()

    def _services(self, offered: list[tuple[Service, str | None]]) -> None:
        # Regular or priority comes first, as two big tiles; regular is already chosen, so a regular
        # ticket is still one tap on a service.
        ui.label(say("choose_queue", self.lang)).classes("text-5xl font-bold")
        self.queue_choices = {}
        with ui.grid().classes("w-full max-w-4xl gap-6 grid-cols-2"):
            for priority, icon, marker in ((False, "confirmation_number", "queue-regular"),
                                           (True, "accessible", "queue-priority")):
                words = "queue_priority" if priority else "queue_regular"
                tile = ui.button(on_click=lambda _, p=priority: self._choose_queue(p)).classes("kiosk-tile w-full")
                tile.props(f"no-caps data-testid={marker}").mark(marker)
                with tile, ui.column().classes("items-center gap-2 py-4"):
                    ui.icon(icon)
                    ui.label(say(words, self.lang)).classes("text-4xl font-bold")
                    ui.label(say(f"{words}_hint", self.lang)).classes("text-2xl")
                self.queue_choices[priority] = tile
        ui.label(say("choose_service", self.lang)).classes("text-5xl font-bold")
        self.waiting_labels = {}
        with ui.grid().classes("w-full max-w-4xl landscape:max-w-screen-xl gap-6 grid-cols-2 landscape:grid-cols-3"):
            for service, letter in offered:
                tile = ui.button(on_click=lambda _, s=service, lt=letter: self.take_number(s, lt))
                tile.classes("kiosk-tile w-full")
                tile.props(f"color=white text-color=primary data-testid=service-{service.value}")
                tile.mark(f"service-{service.value}")
                with tile, ui.column().classes("items-center gap-2 py-4"):
                    ui.icon(SERVICE_ICONS[service])
                    ui.label(service_name(service, self.lang)).classes("text-4xl font-bold")
                    self.waiting_labels[service] = ui.label().classes("text-2xl text-gray-800")
        ui.button(say("back", self.lang), on_click=lambda: self.go_home()).classes("kiosk-button").props(
            "outline no-caps"
        ).mark("back")

    def _choose_queue(self, priority: bool) -> None:
        self.touch()
        self.priority = priority
        self._show_queue_choice()

    def _show_queue_choice(self) -> None:
        """Fill the chosen tile (regular or priority) and ring it, so the choice reads at a glance."""
        for priority, tile in self.queue_choices.items():
            chosen = priority == self.priority
            colors = "color=primary text-color=white" if chosen else "color=white text-color=primary"
            tile.props(f"{colors} aria-pressed={str(chosen).lower()}")
            if chosen:
                tile.classes(add="kiosk-chosen")
            else:
                tile.classes(remove="kiosk-chosen")

    def _ticket(self) -> None:
        assert self.issued is not None
        ticket, ahead = self.issued.ticket, self.issued.ahead
        if ticket.priority:
            ui.label(say("ticket_priority", self.lang)).classes("kiosk-priority").mark("ticket-priority")
        ui.label(say("your_number", self.lang)).classes("text-4xl")
        ui.label(ticket.number).classes("kiosk-number").mark("ticket-number").props("data-testid=ticket-number")
        ui.label(service_name(ticket.service, self.lang)).classes("text-4xl font-bold")
        ui.label(people_ahead(ahead, self.lang)).classes("text-3xl").mark("ticket-ahead")
        if ahead:
            ui.label(estimated_wait(self.issued.wait_minutes, self.lang)).classes("text-3xl")\
                .mark("ticket-wait")
        with ui.row().classes("items-center gap-8"):
            status_url = self._status_url(self.issued)
            ui.image(self.qr_image).classes("w-64 h-64").mark("ticket-qr").props(f"alt={status_url}")
            ui.label(say("scan_to_follow", self.lang)).classes("text-2xl max-w-xs")
        self.print_status = ui.label().classes("text-3xl").mark("print-status")
        self._say_print_state(self.print_status)
        ui.button(say("done", self.lang), on_click=lambda: self.go_home()).classes(
            "kiosk-button"
        ).props("color=primary").mark("done")
