"""Complaints, suggestions, praise and inquiries at the kiosk: kind -> category -> words -> sent.

The words: phrases to tap first (``kiosk/feedback_phrases.py``), then the owner's own, typed on the
on-screen keyboard. The department comes from the routing table staff keep; the owner reads the
answer under "My requests". Only a suggestion may be sent anonymously (and then nobody can read it).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from nicegui import ui

from desk.catalog import CATALOG, say
from desk.feedback import FEEDBACK_TEXT_MAX, Feedback, FeedbackCategory, FeedbackKind, FeedbackRefusedError
from desk.repair_words import name
from kiosk.features import FeatureHost, HomeTile, StepFeature
from kiosk.feedback_phrases import feedback_text, phrases_for
from kiosk.keyboard import TypingLayout, attach_keyboard
from kiosk.repairs_context import RepairsKiosk
from kiosk.widgets import ChoiceRow, action, message, text_box, tile, title

log = logging.getLogger(__name__)

KIND_ICONS = {FeedbackKind.COMPLAINT: "report", FeedbackKind.SUGGESTION: "lightbulb",
              FeedbackKind.PRAISE: "thumb_up", FeedbackKind.INQUIRY: "help"}
CATEGORY_ICONS = {
    FeedbackCategory.REPAIRS: "build", FeedbackCategory.SECURITY: "security", FeedbackCategory.CLEANING: "yard",
    FeedbackCategory.FEES: "payments", FeedbackCategory.NEIGHBOURS: "volume_up",
    FeedbackCategory.PARKING: "local_parking", FeedbackCategory.STAFF: "support_agent",
    FeedbackCategory.OTHER: "more_horiz",
}


@dataclass
class FeedbackState:
    """One screen's feedback in the making."""

    step: str = "kind"
    kind: FeedbackKind = FeedbackKind.COMPLAINT
    category: FeedbackCategory = FeedbackCategory.OTHER
    phrases: list[str] = field(default_factory=list)
    text: str = ""
    anonymous: bool = False
    notice: str = ""
    filed: Feedback | None = None


class FeedbackFeature(StepFeature[FeedbackState]):
    """The "Complaint / suggestion" tile and its steps."""

    def __init__(self, kiosk: RepairsKiosk) -> None:
        super().__init__(FeedbackState)
        self.kiosk = kiosk
        self.tile = HomeTile(key="feedback", icon="campaign", title=CATALOG["feedback_tile"],
                             hint=CATALOG["feedback_hint"], needs_sign_in=True, order=21)

    def draw_step(self, host: FeatureHost, state: FeedbackState) -> None:
        """The kind, the category, the words, or what became of it."""
        # The words step sets its own width: beside the keys on a screen on its side.
        width = "" if state.step == "words" else " max-w-4xl"
        with ui.column().classes("w-full items-center gap-6" + width):
            getattr(self, f"_{state.step}")(host, state)

    def _go(self, host: FeatureHost, state: FeedbackState, step: str) -> None:
        state.step, state.notice = step, ""
        host.redraw()

    def _kind(self, host: FeatureHost, state: FeedbackState) -> None:
        title(say("feedback_kind", host.lang))
        with ui.grid().classes("w-full gap-6 grid-cols-2"):
            for kind in FeedbackKind:
                tile(KIND_ICONS[kind], name(kind, host.lang), lambda _, k=kind: self._choose_kind(host, state, k),
                     f"kind-{kind.value}")
        action(say("back", host.lang), lambda: host.go_home(), "feedback-back", primary=False)

    def _choose_kind(self, host: FeatureHost, state: FeedbackState, kind: FeedbackKind) -> None:
        if kind is not state.kind:
            state.phrases = []
        state.kind = kind
        state.anonymous = False
        self._go(host, state, "category")

    def _category(self, host: FeatureHost, state: FeedbackState) -> None:
        title(say("feedback_category", host.lang))
        with ui.grid().classes("w-full gap-6 grid-cols-2"):
            for category in FeedbackCategory:
                tile(CATEGORY_ICONS[category], name(category, host.lang),
                     lambda _, c=category: self._choose_category(host, state, c), f"topic-{category.name.lower()}")
        action(say("back", host.lang), lambda: self._go(host, state, "kind"), "feedback-back", primary=False)

    def _choose_category(self, host: FeatureHost, state: FeedbackState, category: FeedbackCategory) -> None:
        if category is not state.category:
            state.phrases = []
        state.category = category
        self._go(host, state, "words")

    def _words(self, host: FeatureHost, state: FeedbackState) -> None:
        lang = host.lang
        layout = TypingLayout()
        with layout.text:
            title(f"{name(state.kind, lang)} · {name(state.category, lang)}")
            phrases = phrases_for(state.kind, state.category, lang)
            if phrases:
                ui.label(say("choose_phrases", lang)).classes("text-3xl")
                ChoiceRow([(phrase, phrase, f"feedback-phrase-{index}") for index, phrase in enumerate(phrases)],
                          state.phrases, multiple=True, on_change=lambda chosen: self._chose(host, state, chosen))
            box = text_box(say("own_words" if phrases else "feedback_text", lang), state.text, FEEDBACK_TEXT_MAX,
                           lambda typed: self._typed(host, state, typed), "feedback-text")\
                .props('rows=3 input-class="text-3xl"')
        with layout.keys:
            attach_keyboard(box, host)
        with layout.actions:
            self._send_row(host, state)

    def _send_row(self, host: FeatureHost, state: FeedbackState) -> None:
        lang = host.lang
        if state.kind is FeedbackKind.SUGGESTION:
            ui.switch(say("anonymous", lang), value=state.anonymous,
                      on_change=lambda event: setattr(state, "anonymous", bool(event.value)))\
                .classes("text-2xl").props("size=xl data-testid=feedback-anonymous").mark("feedback-anonymous")
        if state.notice:
            message(state.notice, "feedback-notice", warning=True, testid=False)
        with ui.row().classes("gap-6"):
            action(say("back", lang), lambda: self._go(host, state, "category"), "feedback-back", primary=False)
            action(say("submit", lang), lambda: self._submit(host, state), "feedback-submit")

    def _chose(self, host: FeatureHost, state: FeedbackState, phrases: list[str]) -> None:
        host.touch()
        state.phrases = phrases

    def _typed(self, host: FeatureHost, state: FeedbackState, value: object) -> None:
        host.touch()
        state.text = str(value or "")

    async def _submit(self, host: FeatureHost, state: FeedbackState) -> None:
        host.touch()
        session = host.session
        if session is None:
            host.go_home()
            return
        try:
            filed = await host.in_background(
                lambda: self.kiosk.feedback.file(
                    kind=state.kind, category=state.category, text=feedback_text(state.phrases, state.text),
                    unit_id=session.unit_id, unit_label=session.unit_label, anonymous=state.anonymous,
                    language=host.lang))
        except FeedbackRefusedError as refused:
            key = {"duplicate": "feedback_duplicate", "limit": "feedback_limit", "empty": "refused_empty",
                   "too-long": "refused_too_long"}.get(refused.code)
            state.notice = say(key, host.lang) if key else str(refused)
            host.redraw()
            return
        except Exception:
            log.exception("could not file feedback")
            state.notice = say("busy", host.lang)
            host.redraw()
            return
        if filed is None:
            return
        state.filed = filed
        self._go(host, state, "sent")

    def _sent(self, host: FeatureHost, state: FeedbackState) -> None:
        filed = state.filed
        assert filed is not None
        lang = host.lang
        title(say("feedback_sent", lang, number=filed.id.rsplit("-", 1)[-1]), "feedback-sent", testid=False)
        message(say("routed_to", lang, department=name(filed.department, lang)), "feedback-department", testid=False)
        if not filed.anonymous:
            ui.label(say("read_answer", lang)).classes("text-2xl")
        action(say("done", lang), lambda: host.go_home(), "feedback-done")
