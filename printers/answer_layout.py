"""The layout of a policy answer an owner asked to print at the kiosk: the question, the answer, a cut."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desk.catalog import say
from desk.words import Language
from printers.paper import Paper
from printers.profile import PrinterProfile


@dataclass(frozen=True)
class AnswerSlip:
    """A printed answer, already in the owner's language and the site's zone."""

    community_name: str
    category: str
    question: str
    answer: str
    printed_at: datetime
    language: Language
    reprint: bool = False

    def __post_init__(self) -> None:
        if self.printed_at.tzinfo is None:
            raise ValueError("printed at must carry its time zone")


def policy_answer(slip: AnswerSlip, profile: PrinterProfile) -> bytes:
    """The bytes of an answer slip: community, title, category, the question in bold, the answer, a cut."""
    paper = Paper(profile)
    if slip.reprint:
        paper.line("** REPRINT 补打 **", align="center", bold=True)
    paper.line(slip.community_name, align="center", bold=True, size=paper.fitting_size(slip.community_name, 2))
    paper.line(say("answer_title", slip.language), align="center", bold=True)
    if slip.category:
        paper.line(slip.category, align="center")
    paper.rule()
    paper.paragraph(slip.question, bold=True)
    paper.blank()
    paper.paragraph(slip.answer)
    paper.rule()
    paper.line(say("answer_ask_desk", slip.language), align="center")
    paper.line(slip.printed_at.strftime("%Y-%m-%d %H:%M"), align="center")
    paper.blank()
    paper.cut()
    return paper.to_bytes()
