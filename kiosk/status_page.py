"""The ticket status page ``/t/<ID>``, designed for a phone: no personal data, updates live."""

from __future__ import annotations

from nicegui import ui

from desk.catalog import say
from desk.queue import QueueTicket, TicketStatus
from desk.words import estimated_wait, people_ahead, service_name
from kiosk.context import KioskContext
from kiosk.features import TellsOwners
from kiosk.i18n import LANGUAGE_NAMES


class TicketStatusView:
    """What a phone shows for one ticket, refreshed every few seconds."""

    def __init__(self, kiosk: KioskContext, ticket_id: str, lang: str) -> None:
        self.kiosk = kiosk
        self.ticket_id = ticket_id
        self.lang = lang if lang in kiosk.languages else kiosk.languages[0]

    def build(self, refresh_seconds: float = 3.0) -> None:
        """Draw the page and keep it current."""
        ui.query("body").style("font-size: 20px; background: #f4f6f8; color: #102a43")
        with ui.column().classes("w-full max-w-md mx-auto p-4 gap-4 items-center"):
            ui.label(self.kiosk.community_name()).classes("text-2xl font-bold")
            self.content = ui.column().classes("w-full items-center gap-3 bg-white rounded-xl p-6 shadow")
            ui.label(say("updates_live", self.lang)).classes("text-base text-gray-700")
            with ui.row():
                for lang in self.kiosk.languages:
                    ui.link(LANGUAGE_NAMES[lang], f"/t/{self.ticket_id}?lang={lang}").classes("text-lg p-2")
        self.refresh()
        ui.timer(refresh_seconds, self.refresh)

    def refresh(self) -> None:
        """Re-read the ticket and redraw its card."""
        ticket = self.kiosk.queue.get(self.ticket_id)
        self.content.clear()
        with self.content:
            if ticket is None:
                ui.label(say("ticket_unknown", self.lang)).classes("text-2xl").mark("status-text")
                return
            ui.label(say("ticket_title", self.lang)).classes("text-xl")
            ui.label(ticket.number).classes("text-7xl font-extrabold").mark("status-number")
            if ticket.priority:
                ui.label(say("ticket_priority", self.lang)).classes("text-2xl font-bold text-amber-900")\
                    .mark("status-priority")
            ui.label(service_name(ticket.service, self.lang)).classes("text-2xl")
            issued_day = ticket.issued_at.astimezone(self.kiosk.clock.tz).date()
            if issued_day < self.kiosk.clock.now().date():  # numbers restart each day: yesterday's line is gone
                ui.label(say("status_past", self.lang, day=issued_day.strftime("%m-%d")))\
                    .classes("text-3xl font-bold text-center").mark("status-text")
                return
            ui.label(self._status_text(ticket)).classes("text-3xl font-bold text-center").mark("status-text")
            if ticket.status is TicketStatus.WAITING:
                ahead = self.kiosk.queue.people_ahead(ticket)
                ui.label(people_ahead(ahead, self.lang)).classes("text-2xl").mark("status-ahead")
                if ahead:
                    wait = self.kiosk.queue.estimated_wait(ticket)
                    ui.label(estimated_wait(wait, self.lang)).classes("text-2xl").mark("status-wait")
            issued = ticket.issued_at.astimezone(self.kiosk.clock.tz).strftime("%H:%M")
            ui.label(say("issued_at", self.lang, time=issued)).classes("text-lg text-gray-700")
            if ticket.unit:
                self._unit_news(ticket.unit)

    def _unit_news(self, unit_id: str) -> None:
        """What the features tell the ticket's unit ("2 parcels waiting"): counts only, as the page is public."""
        for feature in self.kiosk.features:
            if isinstance(feature, TellsOwners):
                for line in feature.owner_lines(unit_id, self.lang):
                    ui.label(line).classes("text-2xl font-bold text-amber-900").mark("status-news")

    def _status_text(self, ticket: QueueTicket) -> str:
        if ticket.status is TicketStatus.CALLED:
            if ticket.counter:
                return say("status_called", self.lang, counter=ticket.counter)
            return say("status_called_no_counter", self.lang)
        return say(f"status_{ticket.status.value}", self.lang)
