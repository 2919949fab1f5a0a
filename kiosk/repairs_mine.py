""""My requests" at the kiosk: a unit's repairs and feedback, with staff's notes and answers.

Steps: ``list`` (every repair with its status, team, visit and note; every feedback with its answer;
a done repair can be rated, or reopened within 7 days) -> ``rate`` (1-5 stars and reasons) -> ``list``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from nicegui import ui

from desk.feedback import Feedback
from desk.repair_words import name
from desk.repairs import RatingReason, Repair, RepairRefusedError
from kiosk.features import FeatureHost, HomeTile, PerScreen
from kiosk.repairs_context import RepairsKiosk
from kiosk.repairs_ui import ChoiceRow, action, message, title
from kiosk.repairs_words import TEXTS, say

log = logging.getLogger(__name__)

SHOWN = 10  # the newest; older ones are in the workbook


@dataclass
class MineState:
    """One screen's place in "My requests"."""

    step: str = "list"
    rating: Repair | None = None
    stars: int = 0
    reasons: list[RatingReason] = field(default_factory=list)
    notice: str = ""


class MyRequestsFeature:
    """The "My requests" tile: follow, rate and reopen repairs, read answers to feedback."""

    def __init__(self, kiosk: RepairsKiosk) -> None:
        self.kiosk = kiosk
        self.tile = HomeTile(key="mine", icon="fact_check", title=TEXTS["mine_tile"], hint=TEXTS["mine_hint"],
                             needs_sign_in=True, order=22)
        self._states = PerScreen(MineState)

    def start(self, host: FeatureHost) -> None:
        """Open on the list."""
        self._states.reset(host)

    def register_pages(self) -> None:
        """No pages of its own."""
        return None

    def draw(self, host: FeatureHost) -> None:
        """Draw the current step."""
        state = self._states.of(host)
        with ui.column().classes("w-full max-w-4xl items-center gap-6"):
            if state.step == "rate" and state.rating is not None:
                self._rate(host, state, state.rating)
            else:
                self._list(host, state)

    def _list(self, host: FeatureHost, state: MineState) -> None:
        lang = host.lang
        unit = host.session.unit_id if host.session else ""
        action(say("back", lang), lambda: host.go_home(), "mine-back", primary=False)
        if state.notice:
            message(state.notice, "mine-notice")
        title(say("my_repairs", lang))
        repairs = self.kiosk.repairs.for_unit(unit)[:SHOWN]
        if not repairs:
            ui.label(say("nothing_yet", lang)).classes("text-2xl")
        for repair in repairs:
            self._repair_card(host, state, repair)
        title(say("my_feedback", lang))
        feedback = self.kiosk.feedback.for_unit(unit)[:SHOWN]
        if not feedback:
            ui.label(say("nothing_yet", lang)).classes("text-2xl")
        for item in feedback:
            self._feedback_card(lang, item)
        action(say("done", lang), lambda: host.go_home(), "mine-done")

    def _repair_card(self, host: FeatureHost, state: MineState, repair: Repair) -> None:
        lang, tz = host.lang, self.kiosk.clock.tz
        with ui.card().classes("w-full p-6 gap-2").mark(f"repair-{repair.number}"):
            with ui.row().classes("w-full items-center justify-between"):
                ui.label(f"{repair.number} · {name(repair.category, lang)}").classes("text-3xl font-bold")
                ui.label(name(repair.status, lang)).classes("text-3xl font-bold text-sky-900")\
                    .mark(f"mine-status-{repair.number}")
            ui.label(f"{say('department', lang)}: {name(repair.department, lang)}").classes("text-2xl")
            if repair.scheduled_at is not None:
                visit = repair.scheduled_at.astimezone(tz).strftime("%m-%d %H:%M")
                ui.label(f"{say('scheduled', lang)}: {visit}").classes("text-2xl").mark(f"mine-visit-{repair.number}")
            if repair.note_to_owner:
                ui.label(f"{say('note', lang)}: {repair.note_to_owner}").classes("text-2xl")\
                    .mark(f"mine-note-{repair.number}")
            if repair.rating is not None:
                ui.label(say("rated", lang, stars=repair.rating)).classes("text-2xl")
            with ui.row().classes("gap-4"):
                if self.kiosk.repairs.can_rate(repair):
                    action(say("rate", lang), lambda: self._open_rating(host, state, repair), f"rate-{repair.number}")
                if self.kiosk.repairs.can_reopen(repair):
                    action(say("reopen", lang), lambda: self._reopen(host, state, repair), f"reopen-{repair.number}",
                           primary=False)

    def _feedback_card(self, lang: str, item: Feedback) -> None:
        with ui.card().classes("w-full p-6 gap-2").mark(f"feedback-{item.id}"):
            with ui.row().classes("w-full items-center justify-between"):
                ui.label(f"{name(item.kind, lang)} · {name(item.category, lang)}").classes("text-3xl font-bold")
                ui.label(name(item.status, lang)).classes("text-3xl font-bold text-sky-900")
            ui.label(item.text).classes("text-2xl")
            ui.label(f"{say('department', lang)}: {name(item.department, lang)}").classes("text-2xl")
            if item.response:
                ui.label(f"{say('response', lang)}: {item.response}").classes("text-2xl font-bold")\
                    .mark("feedback-response")

    def _open_rating(self, host: FeatureHost, state: MineState, repair: Repair) -> None:
        state.step, state.rating, state.stars, state.reasons, state.notice = "rate", repair, 0, [], ""
        host.redraw()

    def _rate(self, host: FeatureHost, state: MineState, repair: Repair) -> None:
        lang = host.lang
        title(say("how_was_it", lang, number=repair.number))
        ChoiceRow([(stars, "★" * stars, f"stars-{stars}") for stars in range(1, 6)],
                  [state.stars] if state.stars else [], multiple=False,
                  on_change=lambda chosen: self._choose(host, state, chosen[0], send))
        ui.label(say("why_not", lang)).classes("text-3xl")
        ChoiceRow([(reason, name(reason, lang), f"reason-{reason.name.lower()}") for reason in RatingReason],
                  state.reasons, multiple=True, on_change=lambda chosen: setattr(state, "reasons", chosen))
        with ui.row().classes("gap-6"):
            action(say("back", lang), lambda: self._back_to_list(host, state, ""), "rate-back", primary=False)
            send = action(say("submit", lang), lambda: self._send_rating(host, state, repair), "rate-submit")
            send.set_enabled(state.stars > 0)

    def _choose(self, host: FeatureHost, state: MineState, stars: int, send: ui.button) -> None:
        host.touch()
        state.stars = stars
        send.set_enabled(True)

    def _back_to_list(self, host: FeatureHost, state: MineState, notice: str) -> None:
        state.step, state.rating, state.notice = "list", None, notice
        host.redraw()

    async def _send_rating(self, host: FeatureHost, state: MineState, repair: Repair) -> None:
        host.touch()
        unit = host.session.unit_id if host.session else ""
        try:
            complaint = await host.in_background(self.kiosk.repairs.rate, repair.id, unit, state.stars,
                                                 list(state.reasons))
        except RepairRefusedError as refused:
            self._back_to_list(host, state, str(refused))
            return
        notice = say("thanks_rating", host.lang)
        if complaint is not None:
            notice += " — " + say("sent_to_center", host.lang)
        self._back_to_list(host, state, notice)

    async def _reopen(self, host: FeatureHost, state: MineState, repair: Repair) -> None:
        host.touch()
        unit = host.session.unit_id if host.session else ""
        try:
            reopened = await host.in_background(self.kiosk.repairs.reopen, repair.id, unit)
        except RepairRefusedError as refused:
            self._back_to_list(host, state, str(refused))
            return
        if reopened is not None:
            self._back_to_list(host, state, say("reopened", host.lang, number=reopened.number))
