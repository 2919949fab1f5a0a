"""Taking a number at the kiosk: regular or priority, the service, then the ticket and what became of its slip.

The service choice is drawn once per language and offer and shown again on every number taken (only
the waiting counts change); the ticket shows its number, the people ahead, a QR code to follow it on
a phone, and whether its slip printed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from nicegui import run, ui

from desk.catalog import say
from desk.print_journal import NOT_PRINTED
from desk.queue import IssuedTicket, Service
from desk.words import estimated_wait, in_language, people_ahead, service_name
from kiosk.context import KioskContext
from kiosk.features import FeatureHost
from kiosk.i18n import SERVICE_ICONS
from kiosk.qr import qr_data_uri
from kiosk.widgets import action

log = logging.getLogger(__name__)


class TakeANumber:
    """One screen's take-a-number steps, drawn for the screen (``host``) that owns them."""

    def __init__(self, kiosk: KioskContext, host: FeatureHost, services_view: ui.column,
                 on_ticket: Callable[[], None]) -> None:
        self.kiosk = kiosk
        self.host = host
        self.services_view = services_view  # kept drawn between errands
        self.on_ticket = on_ticket  # the ticket was taken: the screen shows it
        self.issued: IssuedTicket | None = None
        self.priority = False  # chosen before the services: elderly, disabled or pregnant
        self.taking = False  # a ticket is being committed: another tap must not take a second one
        self.services_drawn_for: tuple[str, list[tuple[Service, str | None]]] | None = None
        self.waiting_labels: dict[Service, ui.label] = {}
        self.queue_choices: dict[bool, ui.button] = {}  # the regular and the priority tile, by priority
        self.qr_image = ""
        self.print_status: ui.label | None = None
        self.print_state: str | None = None  # the ticket's print job as the journal had it when the ticket was taken
        self.print_wait_left = 0.0

    def reset(self) -> None:
        """The errand is over: no ticket, and the regular queue chosen again."""
        self.issued = None
        self.priority = False

    async def take_number(self, service: Service, letter: str | None = None) -> None:
        """Commit a ticket (off the event loop), wake the printer and show the ticket.

        One errand, one ticket: a tap that comes while the ticket is being taken or is on screen (a
        bouncing finger, an impatient second tap, a tap the browser sent before the view changed)
        leaves that ticket on screen and takes, and prints, nothing. "Done" ends the errand.
        """
        self.host.touch()
        if self.taking or self.issued is not None:
            return
        self.taking = True
        try:
            issued = await run.io_bound(self._issue, service, letter)
        except Exception:
            log.exception("could not issue a ticket for %s", service)
            ui.notify(say("busy", self.host.lang), type="negative")
            return
        finally:
            self.taking = False
        if issued is None:  # the server is stopping
            return
        self.issued, self.qr_image, self.print_state = issued
        self.print_wait_left = self.kiosk.print_wait_seconds
        self.kiosk.wake_printer()
        self.on_ticket()

    def _issue(self, service: Service, letter: str | None) -> tuple[IssuedTicket, str, str | None]:
        """Commit the ticket, draw its QR code and read its print job's state; runs in a worker thread."""
        session = self.host.session
        issued = self.kiosk.queue.take_number(
            service, lang=self.host.lang, priority=self.priority, unit=session.unit_id if session else "",
            letter=letter,
        )
        return issued, qr_data_uri(self._status_url(issued)), self.kiosk.print_outcome(issued.ticket.id)

    def _status_url(self, issued: IssuedTicket) -> str:
        return in_language(self.kiosk.status_url(issued.ticket.id), self.host.lang)

    def poll_print(self) -> None:
        """While the ticket is on screen, show whether its slip printed."""
        if self.issued is None or self.print_status is None or self.print_wait_left <= 0:
            return
        self.print_wait_left -= 0.5
        self.print_state = self.kiosk.print_outcome(self.issued.ticket.id)
        if self.print_state in ("sent", NOT_PRINTED, "failed") or self.print_wait_left <= 0:
            self._say_print_state(self.print_status)
            self.print_wait_left = 0

    def _say_print_state(self, label: ui.label) -> None:
        """What became of the ticket's slip: printing, printed, or photograph the screen (no printer, or it failed)."""
        lang = self.host.lang
        if self.print_state == "sent":
            label.set_text(say("ticket_printed", lang))
        elif self.print_state == NOT_PRINTED:
            label.set_text(say("no_printer", lang))
            label.classes(replace="text-3xl font-bold text-red-800")
        elif self.print_state == "failed" or self.print_wait_left <= 0:
            label.set_text(say("print_failed", lang))
            label.classes(replace="text-3xl font-bold text-red-800")
        else:
            label.set_text(say("ticket_printing", lang))

    def draw_services(self) -> None:
        """Show the service choice (drawn again only for another language or offer) with the waiting counts now."""
        offered = self._offered_services()
        if self.services_drawn_for != (self.host.lang, offered):
            self.services_drawn_for = (self.host.lang, offered)
            self.services_view.clear()
            with self.services_view:
                self._services(offered)
        counts = self.kiosk.queue.waiting_counts()
        for service, label in self.waiting_labels.items():
            label.set_text(say("waiting_now", self.host.lang, n=counts[service]))
        self._show_queue_choice()

    def _offered_services(self) -> list[tuple[Service, str | None]]:
        """The services the Settings tab offers, in its order, with their letters."""
        if self.kiosk.site_settings is None:
            return [(service, None) for service in Service]
        return [(service, letter) for service, letter in self.kiosk.site_settings().services]

    def _services(self, offered: list[tuple[Service, str | None]]) -> None:
        # Regular or priority comes first, as two big tiles; regular is already chosen, so a regular
        # ticket is still one tap on a service.
        lang = self.host.lang
        ui.label(say("choose_queue", lang)).classes("text-5xl font-bold")
        self.queue_choices = {}
        with ui.grid().classes("w-full max-w-4xl gap-6 grid-cols-2"):
            for priority, icon, marker in ((False, "confirmation_number", "queue-regular"),
                                           (True, "accessible", "queue-priority")):
                words = "queue_priority" if priority else "queue_regular"
                tile = ui.button(on_click=lambda _, p=priority: self._choose_queue(p)).classes("kiosk-tile w-full")
                tile.props(f"no-caps data-testid={marker}").mark(marker)
                with tile, ui.column().classes("items-center gap-2 py-4"):
                    ui.icon(icon)
                    ui.label(say(words, lang)).classes("text-4xl font-bold")
                    ui.label(say(f"{words}_hint", lang)).classes("text-2xl")
                self.queue_choices[priority] = tile
        ui.label(say("choose_service", lang)).classes("text-5xl font-bold")
        self.waiting_labels = {}
        with ui.grid().classes("w-full max-w-4xl landscape:max-w-screen-xl gap-6 grid-cols-2 landscape:grid-cols-3"):
            for service, letter in offered:
                tile = ui.button(on_click=lambda _, s=service, lt=letter: self.take_number(s, lt))
                tile.classes("kiosk-tile w-full")
                tile.props(f"color=white text-color=primary data-testid=service-{service.value}")
                tile.mark(f"service-{service.value}")
                with tile, ui.column().classes("items-center gap-2 py-4"):
                    ui.icon(SERVICE_ICONS[service])
                    ui.label(service_name(service, lang)).classes("text-4xl font-bold")
                    self.waiting_labels[service] = ui.label().classes("text-2xl text-gray-800")
        action(say("back", lang), lambda: self.host.go_home(), "back", primary=False, testid=False)

    def _choose_queue(self, priority: bool) -> None:
        self.host.touch()
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

    def draw_ticket(self) -> None:
        """The ticket just taken, with its QR code and its slip's state."""
        assert self.issued is not None
        lang = self.host.lang
        ticket, ahead = self.issued.ticket, self.issued.ahead
        if ticket.priority:
            ui.label(say("ticket_priority", lang)).classes("kiosk-priority").mark("ticket-priority")
        ui.label(say("your_number", lang)).classes("text-4xl")
        ui.label(ticket.number).classes("kiosk-number").mark("ticket-number").props("data-testid=ticket-number")
        ui.label(service_name(ticket.service, lang)).classes("text-4xl font-bold")
        ui.label(people_ahead(ahead, lang)).classes("text-3xl").mark("ticket-ahead")
        if ahead:
            ui.label(estimated_wait(self.issued.wait_minutes, lang)).classes("text-3xl")\
                .mark("ticket-wait")
        with ui.row().classes("items-center gap-8"):
            status_url = self._status_url(self.issued)
            ui.image(self.qr_image).classes("w-64 h-64").mark("ticket-qr").props(f"alt={status_url}")
            ui.label(say("scan_to_follow", lang)).classes("text-2xl max-w-xs")
        self.print_status = ui.label().classes("text-3xl").mark("print-status")
        self._say_print_state(self.print_status)
        ui.button(say("done", lang), on_click=lambda: self.host.go_home()).classes(
            "kiosk-button"
        ).props("color=primary").mark("done")
