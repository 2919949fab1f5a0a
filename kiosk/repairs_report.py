"""Reporting a repair at the kiosk, in a few taps: where -> what -> details -> the number and slip.

Steps: ``where`` (my unit, or a public area: ``building`` then ``floor``) -> ``category`` (red
emergency signs first, then tiles with icons) -> ``details`` (preset phrases, urgency, preferred visit
for a home, optional own words) -> ``done`` (the request number, the slip printing, a QR code to follow
it and one to continue on the phone).

An emergency (a sign tapped, or its words tapped or typed) asks no urgency and no visit time, and
shows whom to call at once, before and after sending.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from nicegui import ui

from desk.catalog import CATALOG, say
from desk.emergencies import EmergencySign, sign_in_text
from desk.print_journal import NOT_PRINTED
from desk.repair_words import CATEGORY_ICONS, PHRASES, name
from desk.repairs import (
    FREE_TEXT_MAX,
    Location,
    Repair,
    RepairCategory,
    RepairRefusedError,
    RepairReport,
    Urgency,
    VisitWindow,
)
from kiosk.features import FeatureHost, HomeTile, StepFeature
from kiosk.keyboard import TypingLayout, attach_keyboard
from kiosk.keypad import Keypad
from kiosk.phone_pages import register_phone_pages
from kiosk.qr import qr_data_uri
from kiosk.repairs_context import RepairsKiosk
from kiosk.repairs_emergency import EmergencyPanel, sign_buttons
from kiosk.widgets import ChoiceRow, action, message, text_box, tile, title

log = logging.getLogger(__name__)


@dataclass
class ReportState:
    """One screen's report in the making."""

    step: str = "where"
    location: Location = Location.UNIT
    building: str = ""
    floor: str = ""
    category: RepairCategory = RepairCategory.OTHER
    sign: EmergencySign | None = None  # the red sign the owner tapped
    said: EmergencySign | None = None  # the first sign whose words the phrases or own words say
    phrases: list[str] = field(default_factory=list)
    urgency: Urgency = Urgency.NORMAL
    visit: VisitWindow = VisitWindow.ANY
    free_text: str = ""
    notice: str = ""
    repair: Repair | None = None
    status_qr: tuple[str, str] = ("", "")  # the QR code's image and the address it holds
    phone_qr: tuple[str, str] = ("", "")
    print_wait_left: float = 0.0


class ReportRepairFeature(StepFeature[ReportState]):
    """The "Report a repair" tile and its steps."""

    def __init__(self, kiosk: RepairsKiosk) -> None:
        super().__init__(ReportState)
        self.kiosk = kiosk
        self.tile = HomeTile(key="repair", icon="build", title=CATALOG["repair_tile"], hint=CATALOG["repair_hint"],
                             needs_sign_in=True, order=20)

    def register_pages(self) -> None:
        """The repair's phone pages: ``/r/<ID>``, the one-time form ``/m/<token>`` and the photos."""
        register_phone_pages(self.kiosk)

    def draw_step(self, host: FeatureHost, state: ReportState) -> None:
        """Where, what, the details, or the number and slip."""
        # The details step sets its own width: the keys go beside the questions on a screen on its side.
        width = "" if state.step == "details" else " max-w-4xl"
        with ui.column().classes("w-full items-center gap-6" + width):
            getattr(self, f"_{state.step}")(host, state)

    def _go(self, host: FeatureHost, state: ReportState, step: str) -> None:
        state.step = step
        state.notice = ""
        host.redraw()

    def _back(self, host: FeatureHost, state: ReportState, step: str | None) -> None:
        if step is None:
            host.go_home()
        else:
            self._go(host, state, step)

    def _back_button(self, host: FeatureHost, state: ReportState, step: str | None) -> None:
        action(say("back", host.lang), lambda: self._back(host, state, step), "repair-back", primary=False)

    def _where(self, host: FeatureHost, state: ReportState) -> None:
        title(say("where_question", host.lang))
        unit = host.session.unit_label if host.session else ""
        with ui.grid().classes("w-full gap-6 grid-cols-2"):
            tile("home", say("my_unit", host.lang, unit=unit), lambda: self._choose_place(host, state, Location.UNIT),
                 "where-unit")
            tile("apartment", say("public_area", host.lang),
                 lambda: self._choose_place(host, state, Location.PUBLIC), "where-public")
        self._back_button(host, state, None)

    def _choose_place(self, host: FeatureHost, state: ReportState, location: Location) -> None:
        state.location = location
        self._go(host, state, "category" if location is Location.UNIT else "building")

    def _building(self, host: FeatureHost, state: ReportState) -> None:
        title(say("which_building", host.lang))
        with ui.grid().classes("gap-4 grid-cols-4"):
            for building in self.kiosk.units.buildings():
                ui.button(say("building_n", host.lang, n=building),
                          on_click=lambda _, b=building: self._choose_building(host, state, b))\
                    .classes("kiosk-key w-full").props("outline no-caps").mark(f"public-building-{building}")
        self._back_button(host, state, "where")

    def _choose_building(self, host: FeatureHost, state: ReportState, building: str) -> None:
        state.building = building
        self._go(host, state, "floor")

    def _floor(self, host: FeatureHost, state: ReportState) -> None:
        title(say("which_floor", host.lang, building=state.building))
        Keypad(max_digits=3, secret=False, on_ok=lambda floor: self._choose_floor(host, state, floor),
               marker="floor").build(say("next", host.lang))
        self._back_button(host, state, "building")

    def _choose_floor(self, host: FeatureHost, state: ReportState, floor: str) -> None:
        state.floor = floor.lstrip("0") or "0"
        self._go(host, state, "category")

    def _category(self, host: FeatureHost, state: ReportState) -> None:
        sign_buttons(self.kiosk.repairs.emergency_signs(), host.lang, lambda sign: self._choose_sign(host, state, sign))
        title(say("what_kind", host.lang))
        with ui.grid().classes("w-full gap-6 grid-cols-2 landscape:grid-cols-4"):
            for category in RepairCategory:
                tile(CATEGORY_ICONS[category], name(category, host.lang),
                     lambda _, c=category: self._choose_category(host, state, c), f"category-{category.name.lower()}")
        self._back_button(host, state, "where" if state.location is Location.UNIT else "floor")

    def _choose_category(self, host: FeatureHost, state: ReportState, category: RepairCategory) -> None:
        if category is not state.category or state.sign is not None:
            state.phrases = []
        state.category, state.sign = category, None
        self._go(host, state, "details")

    def _choose_sign(self, host: FeatureHost, state: ReportState, sign: EmergencySign) -> None:
        """The sign's own words become the description's first phrase, so staff read what was tapped."""
        state.category, state.sign, state.phrases = sign.category, sign, [sign.button(host.lang)]
        self._go(host, state, "details")

    def _details(self, host: FeatureHost, state: ReportState) -> None:
        lang = host.lang
        signs = self.kiosk.repairs.emergency_signs()
        layout = TypingLayout()
        with layout.text:
            title(state.sign.button(lang) if state.sign else name(state.category, lang), "details-title", testid=False)
            panel = EmergencyPanel(lang, self.kiosk.duty_phone(), before_sending=True)
        asked: list[ui.column] = []  # what an emergency does not ask: how urgent, when to visit

        def watch() -> None:
            state.said = sign_in_text(signs, " ".join([*state.phrases, state.free_text]))
            emergency = state.sign or state.said
            if emergency is None:
                panel.hide()
            else:
                panel.show(emergency)
            for question in asked:
                question.set_visibility(emergency is None)

        with layout.text:
            ui.label(say("choose_phrases", lang)).classes("text-3xl")
            phrases = PHRASES[state.category].get(lang, PHRASES[state.category]["en"])
            ChoiceRow([(phrase, phrase, f"phrase-{index}") for index, phrase in enumerate(phrases)], state.phrases,
                      multiple=True, on_change=lambda chosen: self._set(host, state, watch, phrases=chosen))
            with ui.column().classes("w-full items-center gap-6").mark("urgency-question") as urgency_question:
                ui.label(say("how_urgent", lang)).classes("text-3xl")
                ChoiceRow([(urgency, name(urgency, lang), f"urgency-{urgency.value}") for urgency in Urgency],
                          [state.urgency], multiple=False,
                          on_change=lambda chosen: self._set(host, state, urgency=chosen[0]))
            asked.append(urgency_question)
            if state.location is Location.UNIT:  # nobody books a visit to a public place
                with ui.column().classes("w-full items-center gap-6").mark("visit-question") as visit_question:
                    ui.label(say("when_visit", lang)).classes("text-3xl")
                    ChoiceRow([(window, name(window, lang), f"visit-{window.name.lower()}")
                               for window in VisitWindow],
                              [state.visit], multiple=False,
                              on_change=lambda chosen: self._set(host, state, visit=chosen[0]))
                asked.append(visit_question)
            box = text_box(say("own_words", lang), state.free_text, FREE_TEXT_MAX,
                           lambda typed: self._typed(host, state, typed, watch), "repair-text")
        with layout.keys:
            attach_keyboard(box, host, shown=False)  # preset phrases first: the keys open when the box is tapped
        watch()
        with layout.actions:
            if state.notice:
                message(state.notice, "repair-notice", warning=True, testid=False)
            with ui.row().classes("gap-6"):
                self._back_button(host, state, "category")
                action(say("submit", lang), lambda: self._submit(host, state), "repair-submit")

    def _set(self, host: FeatureHost, state: ReportState, then: Callable[[], None] | None = None,
             **values: object) -> None:
        host.touch()
        for key, value in values.items():
            setattr(state, key, value)
        if then is not None:
            then()

    def _typed(self, host: FeatureHost, state: ReportState, value: object, then: Callable[[], None]) -> None:
        host.touch()
        state.free_text = str(value or "")
        then()

    async def _submit(self, host: FeatureHost, state: ReportState) -> None:
        host.touch()
        session = host.session
        if session is None:
            host.go_home()
            return
        emergency = state.sign is not None or state.said is not None
        visit = VisitWindow.ANY if emergency or state.location is Location.PUBLIC else state.visit
        report = RepairReport(
            unit_id=session.unit_id, unit_label=session.unit_label, category=state.category,
            phrases=list(state.phrases), free_text=state.free_text,
            urgency=Urgency.EMERGENCY if emergency else state.urgency, visit_window=visit,
            location=state.location, building=state.building, floor=state.floor, language=host.lang,
        )
        try:
            outcome = await host.in_background(self._commit, report, host.lang)
        except RepairRefusedError as refused:
            state.notice = _refusal(refused, host.lang)
            host.redraw()
            return
        except Exception:
            log.exception("could not take a repair report")
            state.notice = say("busy", host.lang)
            host.redraw()
            return
        if outcome is None:
            return
        state.repair, state.status_qr, state.phone_qr = outcome
        state.print_wait_left = self.kiosk.print_wait_seconds
        self.kiosk.wake_printer()
        self._go(host, state, "done")

    def _commit(self, report: RepairReport, lang: str) -> tuple[Repair, tuple[str, str], tuple[str, str]]:
        """Commit the repair and its phone link, draw both QR codes; runs in a worker thread."""
        repair = self.kiosk.repairs.report(report)
        handoff = self.kiosk.handoffs.issue(repair.id)
        status = f"{self.kiosk.status_url(repair.id)}?lang={lang}"
        phone = f"{self.kiosk.handoff_url(handoff.token)}?lang={lang}"
        return repair, (qr_data_uri(status), status), (qr_data_uri(phone), phone)

    def _done(self, host: FeatureHost, state: ReportState) -> None:
        repair = state.repair
        assert repair is not None
        lang = host.lang
        title(say("reported", lang))
        ui.label(say("repair_number", lang)).classes("text-3xl")
        ui.label(repair.number).classes("kiosk-number").mark("repair-number").props("data-testid=repair-number")
        ui.label(name(repair.category, lang)).classes("text-3xl font-bold")
        if repair.urgency is Urgency.EMERGENCY:
            message(say("emergency_note", lang), "repair-emergency", warning=True, testid=False)
            EmergencyPanel(lang, self.kiosk.duty_phone(), before_sending=False).show(state.sign or state.said)
        due = repair.due_at.astimezone(self.kiosk.clock.tz).strftime("%m-%d %H:%M")
        ui.label(say("due_by", lang, time=due)).classes("text-2xl").mark("repair-due")
        with ui.row().classes("items-start justify-center gap-10"):
            for (qr, url), words, marker in ((state.status_qr, say("scan_status", lang), "repair-status-qr"),
                                             (state.phone_qr, say("scan_phone", lang), "repair-phone-qr")):
                with ui.column().classes("items-center gap-2 max-w-xs"):
                    ui.image(qr).classes("w-56 h-56").mark(marker).props(f'alt="{url}" data-testid={marker}')
                    ui.label(words).classes("text-2xl text-center")
        status = ui.label(say("printing", lang)).classes("text-3xl").mark("repair-print-status")
        self._say_print_state(host, state, status, self.kiosk.print_outcome(repair.id))
        ui.timer(0.5, lambda: self._poll_print(host, state, status, repair.id))
        action(say("done", lang), lambda: host.go_home(), "repair-done")

    def _poll_print(self, host: FeatureHost, state: ReportState, status: ui.label, repair_id: str) -> None:
        if state.print_wait_left <= 0:
            return
        state.print_wait_left -= 0.5
        self._say_print_state(host, state, status, self.kiosk.print_outcome(repair_id))

    @staticmethod
    def _say_print_state(host: FeatureHost, state: ReportState, status: ui.label, outcome: str | None) -> None:
        """Say what became of the slip once it is known; no printer at all is known at once."""
        if outcome == "sent":
            status.set_text(say("take_your_slip", host.lang))
            state.print_wait_left = 0
        elif outcome == NOT_PRINTED:
            status.set_text(say("no_printer", host.lang))
            status.classes(replace="text-3xl font-bold text-red-800")
            state.print_wait_left = 0
        elif outcome == "failed" or state.print_wait_left <= 0:
            status.set_text(say("print_failed", host.lang))
            status.classes(replace="text-3xl font-bold text-red-800")
            state.print_wait_left = 0


def _refusal(refused: RepairRefusedError, lang: str) -> str:
    if refused.code == "duplicate" and refused.existing is not None:
        return say("refused_duplicate", lang, number=refused.existing.number)
    key = {"limit": "refused_limit", "empty": "refused_empty", "too-long": "refused_too_long"}.get(refused.code)
    return say(key, lang) if key else str(refused)
