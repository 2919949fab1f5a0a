"""The vote receipt an owner takes from the kiosk: the question, the unit, the choice, when; no record IDs.

The slip proves to the owner what their unit chose; it carries no ballot or vote ID and no QR code,
since a code would lead back to a named ballot that only managers may see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo

from desk.catalog import say
from desk.print_journal import PrintJob
from desk.store import Store
from desk.votes import VOTE_RECEIPT, Ballot, Vote
from desk.words import Language
from printers.paper import Paper
from printers.profile import PrinterProfile
from printers.renderers import RenderError, RenderJob, is_reprint, job_language

__all__ = ["VOTE_RECEIPT", "VoteReceiptSlip", "vote_receipt", "vote_receipt_renderers"]


@dataclass(frozen=True)
class VoteReceiptSlip:
    """A vote receipt, already in the owner's language and the site's zone."""

    community_name: str
    question: str
    unit: str
    choice: str
    cast_at: datetime
    closes_at: datetime
    language: Language
    reprint: bool = False

    def __post_init__(self) -> None:
        if self.cast_at.tzinfo is None or self.closes_at.tzinfo is None:
            raise ValueError("a vote receipt's times must carry their time zone")


def vote_receipt(slip: VoteReceiptSlip, profile: PrinterProfile) -> bytes:
    """The bytes of a vote receipt: community, title, the question, unit and choice, when, a cut."""
    lang = slip.language
    paper = Paper(profile)
    if slip.reprint:
        paper.line("** REPRINT 补打 **", align="center", bold=True)
    paper.line(slip.community_name, align="center", bold=True, size=paper.fitting_size(slip.community_name, 2))
    paper.line(say("vote_receipt_title", lang), align="center", bold=True)
    paper.rule()
    paper.paragraph(slip.question, bold=True)
    paper.blank()
    paper.row(say("vote_receipt_unit", lang), slip.unit, bold=True)
    paper.row(say("vote_receipt_choice", lang), slip.choice, bold=True)
    paper.row(say("vote_receipt_at", lang), slip.cast_at.strftime("%Y-%m-%d %H:%M"))
    paper.rule()
    paper.paragraph(say("vote_receipt_results", lang, time=slip.closes_at.strftime("%Y-%m-%d %H:%M")),
                    align="center")
    paper.line(say("vote_receipt_keep", lang), align="center")
    paper.blank()
    paper.cut()
    return paper.to_bytes()


def vote_receipt_renderers(store: Store, *, community_name: Callable[[], str], profile: PrinterProfile, tz: tzinfo,
                           default_language: Language = "zh") -> dict[str, RenderJob]:
    """The vote receipt's renderer by job kind, for the site's ``renderers`` dict."""

    def render_vote_receipt(job: PrintJob) -> bytes:
        with store.transaction() as tx:
            ballot = tx.get(Ballot, job.ref)
            vote = tx.get(Vote, ballot.vote) if ballot else None
        if ballot is None or vote is None:
            raise RenderError(f"ballot {job.ref} of print job {job.id} or its vote is not in the store")
        language = job_language(job, default_language)
        slip = VoteReceiptSlip(community_name=community_name(), question=vote.question(language),
                               unit=ballot.unit_label, choice=vote.choice_label(ballot.choice, language),
                               cast_at=ballot.cast_at.astimezone(tz), closes_at=vote.closes.astimezone(tz),
                               language=language, reprint=is_reprint(job))
        return vote_receipt(slip, profile)

    return {VOTE_RECEIPT: render_vote_receipt}
