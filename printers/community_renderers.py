"""Renderers for the community desk's slips: event passes, visitor passes and policy answers.

Each loads the record its journal job names, fills the slip in the job's language and the site's
zone, and hands it to the layout. An event pass's QR code opens the pass on the owner's phone
(``/e/<ID>``, in the pass's language), which links on to staff check-in; a visitor pass's opens today's
visitors, behind the staff login: a guard scans it with a phone camera.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from desk.events import EVENT_PASS, Event, Signup
from desk.policies import POLICY_ANSWER, Policy
from desk.store import PrintJob, Store
from desk.units import masked_name
from desk.visitors import VISITOR_PASS, Visitor
from desk.words import Language
from printers.answer_layout import AnswerSlip, policy_answer
from printers.layouts import event_pass, visitor_pass
from printers.profile import PrinterProfile
from printers.renderers import RenderError, RenderJob, is_reprint, job_language
from printers.slips import EventPassSlip, VisitorPassSlip

__all__ = ["EVENT_PASS", "POLICY_ANSWER", "VISITOR_PASS", "community_renderers"]


def community_renderers(
    store: Store, *, community_name: Callable[[], str], base_url: str, profile: PrinterProfile, tz: tzinfo,
    now: Callable[[], datetime], default_language: Language = "zh",
) -> dict[str, RenderJob]:
    """The renderers by job kind, for the site's ``renderers`` dict."""

    def render_event_pass(job: PrintJob) -> bytes:
        with store.transaction() as tx:
            signup = tx.get(Signup, job.ref)
            event = tx.get(Event, signup.event) if signup else None
        if signup is None or event is None:
            raise RenderError(f"sign-up {job.ref} of print job {job.id} or its event is not in the store")
        language = job_language(job, default_language)
        slip = EventPassSlip(
            community_name=community_name(), pass_number=signup.pass_number, event_title=event.title(language),
            starts_at=event.starts.astimezone(tz), ends_at=event.ends.astimezone(tz) if event.ends else None,
            place=event.place, unit=signup.unit_label or signup.unit, people=signup.people,
            issued_at=_now(now, tz), status_url=f"{base_url}/e/{signup.id}?lang={language}",
            language=language, reprint=is_reprint(job))
        return event_pass(slip, profile)

    def render_visitor_pass(job: PrintJob) -> bytes:
        with store.transaction() as tx:
            visitor = tx.get(Visitor, job.ref)
        if visitor is None:
            raise RenderError(f"visitor {job.ref} of print job {job.id} is not in the store")
        language = job_language(job, default_language)
        slip = VisitorPassSlip(
            community_name=community_name(), pass_number=visitor.pass_number,
            visiting_unit=visitor.unit_label or visitor.unit, valid_until=visitor.valid_until.astimezone(tz),
            issued_at=visitor.arrived_at.astimezone(tz), status_url=f"{base_url}/staff/visitors?pass={visitor.id}",
            language=language, visitor=masked_name(visitor.name), reprint=is_reprint(job))
        return visitor_pass(slip, profile)

    def render_policy_answer(job: PrintJob) -> bytes:
        with store.transaction() as tx:
            policy = tx.get(Policy, job.ref)
        if policy is None:
            raise RenderError(f"policy {job.ref} of print job {job.id} is not in the store")
        language = job_language(job, default_language)
        slip = AnswerSlip(community_name=community_name(), category=policy.category(language),
                          question=policy.question(language), answer=policy.answer(language),
                          printed_at=_now(now, tz), language=language, reprint=is_reprint(job))
        return policy_answer(slip, profile)

    return {EVENT_PASS: render_event_pass, VISITOR_PASS: render_visitor_pass, POLICY_ANSWER: render_policy_answer}


def _now(now: Callable[[], datetime], tz: tzinfo) -> datetime:
    return now().astimezone(tz)
