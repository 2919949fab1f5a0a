"""Special services at the kiosk: a signed-in owner picks a service, adds a few words, confirms, takes a slip.

One request per visit: while it is being recorded, or once it is on screen, another tap on Confirm
records (and prints) nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from nicegui import ui

from desk.catalog import CATALOG, say
from desk.print_journal import NOT_PRINTED
from desk.special_services import DETAILS_MAX, ServiceError, ServiceRequest, SpecialService, SpecialServices
from kiosk.features import FeatureHost, HomeTile, StepFeature
from kiosk.keyboard import TypingLayout, attach_keyboard, typing_field
from kiosk.widgets import action, message, title
from printers.layouts import money


@dataclass
class _Screen:
    """One screen's step: choosing a service, its details, or the request made."""

    service: SpecialService | None = None
    request: ServiceRequest | None = None
    sending: bool = False


class SpecialServicesFeature(StepFeature[_Screen]):
    """The Special services tile: sign-in needed; the slip names the service and the unit, never an ID."""

    tile = HomeTile(key="services", icon="room_service", title=CATALOG["special_services"],
                    hint=CATALOG["special_services_hint"], needs_sign_in=True, order=85)

    def __init__(self, services: SpecialServices, wake_printer: Callable[[], None] | None = None) -> None:
        super().__init__(_Screen)
        self.services = services
        self.wake_printer = wake_printer

    def draw_step(self, host: FeatureHost, screen: _Screen) -> None:
        """The services, the details of one, or the request made."""
        if screen.request is not None:
            self._made(host, screen.request)
        elif screen.service is not None:
            self._details(host, screen, screen.service)
        else:
            self._choose(host, screen)

    def _choose(self, host: FeatureHost, screen: _Screen) -> None:
        lang = host.lang
        title(say("choose_special_service", lang), "services-title")
        offered = self.services.active()
        if not offered:
            message(say("no_special_services", lang), "no-services")
        with ui.grid().classes("w-full max-w-4xl gap-6 grid-cols-2"):
            for place, service in enumerate(offered, start=1):  # marked by place: staff's IDs mean nothing here
                ui.button(service.name(lang), on_click=lambda _, s=service: self._pick(host, screen, s))\
                    .classes("kiosk-button w-full").props(f"color=primary no-caps data-testid=service-{place}")\
                    .mark("service-choice", f"service-{place}")
        action(say("back", lang), host.go_home, "services-back", primary=False)

    def _pick(self, host: FeatureHost, screen: _Screen, service: SpecialService | None) -> None:
        screen.service = service
        host.redraw()

    def _details(self, host: FeatureHost, screen: _Screen, service: SpecialService) -> None:
        lang = host.lang
        layout = TypingLayout()
        with layout.text:
            title(service.name(lang), "service-chosen")
            if service.rules(lang):
                ui.label(service.rules(lang)).classes("text-2xl text-center max-w-4xl").mark("service-rules")
            fee = say("service_fee", lang, fee=money(service.fee)) if service.fee else say("service_free", lang)
            ui.label(fee).classes("text-3xl").mark("service-fee")
            if service.needs_clerk:
                ui.label(say("service_needs_clerk", lang)).classes("text-2xl")
            details = typing_field(say("service_details", lang), "service-details")
            details.props(f"maxlength={DETAILS_MAX} data-testid=service-details")
            problem = ui.label("").classes("text-3xl text-red-800").mark("service-message")
        with layout.keys:
            attach_keyboard(details, host)
        with layout.actions:
            action(say("service_confirm", lang),
                   lambda: self._confirm(host, screen, service, details.value or "", problem), "service-confirm")
            action(say("back", lang), lambda: self._pick(host, screen, None), "service-back", primary=False)

    async def _confirm(self, host: FeatureHost, screen: _Screen, service: SpecialService, details: str,
                       problem: ui.label) -> None:
        host.touch()
        session = host.session
        if screen.sending or screen.request is not None or session is None:
            return  # the first tap's request is on its way, or on screen
        screen.sending = True
        try:
            request = await host.in_background(partial(self._request, lang=host.lang), service.id,
                                               session.unit_id, session.unit_label, details)
        except ServiceError:
            problem.set_text(say("no_special_services", host.lang))
            return
        finally:
            screen.sending = False
        if request is None:
            return
        screen.request = request
        if self.wake_printer is not None:
            self.wake_printer()
        host.redraw()

    def _request(self, service_id: str, unit_id: str, unit_label: str, details: str, *, lang: str) -> ServiceRequest:
        return self.services.request(service_id, unit_id, unit_label, details, lang=lang)

    def _made(self, host: FeatureHost, request: ServiceRequest) -> None:
        lang = host.lang
        title(say("service_requested", lang), "service-requested")
        ui.label(request.service_name).classes("text-4xl font-bold")
        if request.details:
            ui.label(say("service_your_details", lang, details=request.details)).classes("text-3xl")\
                .mark("service-your-details")
        if host.print_outcome(request.id) == NOT_PRINTED:
            message(say("no_printer", lang), "service-no-printer", warning=True)
        else:
            message(say("service_printing", lang), "service-printing")
        action(say("done", lang), host.go_home, "service-done")
