""""My requests" at the kiosk: a unit's repairs and feedback, with staff's notes and answers.

Steps: ``list`` (every repair with the owner's words and photos, its status, team, visit and note;
every feedback with its answer; a done repair can be rated, or reopened within 7 days) -> ``rate``
(1-5 stars and reasons) -> ``list``; an open repair with room for photos -> ``photos`` (a QR code to
the phone hand-off ``/m/<token>`` for that repair) -> ``list``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import partial

from nicegui import ui

from desk.catalog import CATALOG, say
from desk.feedback import Feedback
from desk.photos import is_photo_name
from desk.repair_words import name
from desk.repairs import PHOTOS_MAX, RatingReason, Repair, RepairRefusedError
from kiosk.features import FeatureHost, HomeTile, StepFeature
from kiosk.qr import qr_data_uri
from kiosk.repairs_context import RepairsKiosk
from kiosk.widgets import ChoiceRow, action, message, title

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
    adding_photos: Repair | None = None  # the repair a phone link was made for
    phone_qr: tuple[str, str] = ("", "")  # its QR code and the address it holds


class MyRequestsFeature(StepFeature[MineState]):
    """The "My requests" tile: follow, rate and reopen repairs, read answers to feedback."""

    def __init__(self, kiosk: RepairsKiosk) -> None:
        super().__init__(MineState)
        self.kiosk = kiosk
        self.tile = HomeTile(key="mine", icon="fact_check", title=CATALOG["mine_tile"], hint=CATALOG["mine_hint"],
                             needs_sign_in=True, order=22)

    def draw_step(self, host: FeatureHost, state: MineState) -> None:
        """The list, a rating, or the phone link for photos."""
        with ui.column().classes("w-full max-w-4xl items-center gap-6"):
            if state.step == "rate" and state.rating is not None:
                self._rate(host, state, state.rating)
            elif state.step == "photos" and state.adding_photos is not None:
                self._add_photos(host, state, state.adding_photos)
            else:
                self._list(host, state)

    def _list(self, host: FeatureHost, state: MineState) -> None:
        lang = host.lang
        unit = host.session.unit_id if host.session else ""
        action(say("back", lang), lambda: host.go_home(), "mine-back", primary=False)
        if state.notice:
            message(state.notice, "mine-notice", testid=False)
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
            if repair.description:
                ui.label(say("mine_words", lang, words=repair.description)).classes("text-2xl")\
                    .mark(f"mine-words-{repair.number}")
            self._photos(repair)
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
                if repair.is_open and _photo_count(repair) < PHOTOS_MAX:
                    action(say("mine_add_photos", lang), lambda: self._open_add_photos(host, state, repair),
                           f"add-photos-{repair.number}", primary=False)

    @staticmethod
    def _photos(repair: Repair) -> None:
        """The repair's photos as thumbnails, served by the kiosk's own photo route."""
        names = _photo_names(repair)
        if not names:
            return
        with ui.row().classes("gap-4"):
            for photo in names:
                ui.image(f"/photos/{photo}").classes("w-40 h-40 rounded-lg").props("fit=cover")\
                    .mark(f"mine-photo-{repair.number}")

    async def _open_add_photos(self, host: FeatureHost, state: MineState, repair: Repair) -> None:
        host.touch()
        phone_qr = await host.in_background(self._phone_link, repair.id, host.lang)
        if phone_qr is None:
            return
        state.step, state.adding_photos, state.phone_qr, state.notice = "photos", repair, phone_qr, ""
        host.redraw()

    def _phone_link(self, repair_id: str, lang: str) -> tuple[str, str]:
        """A one-time phone link for the repair and its QR code; runs in a worker thread."""
        link = self.kiosk.handoffs.issue(repair_id)
        url = f"{self.kiosk.handoff_url(link.token)}?lang={lang}"
        return qr_data_uri(url), url

    def _add_photos(self, host: FeatureHost, state: MineState, repair: Repair) -> None:
        lang = host.lang
        title(say("mine_add_photos", lang))
        qr, url = state.phone_qr
        ui.image(qr).classes("w-64 h-64").mark("mine-photos-qr").props(f'alt="{url}"')
        room = PHOTOS_MAX - _photo_count(repair)
        ui.label(say("mine_scan_photos", lang, number=repair.number, n=room)).classes("text-2xl text-center")
        action(say("mine_photos_back", lang), lambda: self._back_to_list(host, state, ""), "mine-photos-back")

    def _feedback_card(self, lang: str, item: Feedback) -> None:
        with ui.card().classes("w-full p-6 gap-2").mark(f"feedback-{item.id}"):
            with ui.row().classes("w-full items-center justify-between"):
                ui.label(f"{name(item.kind, lang)} · {name(item.category, lang)}").classes("text-3xl font-bold")
                ui.label(name(item.status, lang)).classes("text-3xl font-bold text-sky-900")
            ui.label(item.text).classes("text-2xl").mark(f"feedback-said-{item.id}")
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
        state.adding_photos, state.phone_qr = None, ("", "")
        host.redraw()

    async def _send_rating(self, host: FeatureHost, state: MineState, repair: Repair) -> None:
        host.touch()
        unit = host.session.unit_id if host.session else ""
        try:
            complaint = await host.in_background(partial(self.kiosk.repairs.rate, language=host.lang), repair.id,
                                                 unit, state.stars, list(state.reasons))
        except RepairRefusedError as refused:
            self._back_to_list(host, state, refusal(refused, repair, host.lang))
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
            self._back_to_list(host, state, refusal(refused, repair, host.lang))
            return
        if reopened is not None:
            self._back_to_list(host, state, say("reopened", host.lang, number=reopened.number))


def refusal(refused: RepairRefusedError, repair: Repair, lang: str) -> str:
    """Why a rating or a reopening was not taken, in the owner's words (the error's own text is for the log)."""
    key = {"not-ratable": "not_ratable", "not-reopenable": "not_reopenable"}.get(refused.code, "busy")
    return say(key, lang, number=repair.number)


def _photo_count(repair: Repair) -> int:
    """How many photo links the repair holds, as the hand-off counts them against its limit."""
    return sum(1 for link in repair.photos.splitlines() if link.strip())


def _photo_names(repair: Repair) -> list[str]:
    """The photos the owner sent, by file name; a link staff typed to anything else is not shown."""
    names = (link.rstrip().rsplit("/", 1)[-1] for link in repair.photos.splitlines())
    return [photo for photo in names if is_photo_name(photo)]
