"""Slips of the desk's services: a parcel's shelf label, a special-service request, a key's receipt.

None carries a record ID: the shelf label's big number is the pickup code meant for the owner, the
service slip names the service and the unit, and the key receipt names who collected the key (masked,
as every name left lying about in the lobby is) and the clerk who handed it out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from desk.catalog import say
from desk.key_custody import KEY_RECEIPT, KeyCustody, KeyStatus
from desk.parcels import PARCEL_LABEL, Parcel
from desk.special_services import SERVICE_SLIP, ServiceRequest, SpecialService
from desk.store import PrintJob, Store
from desk.units import masked_name
from desk.words import Language
from printers.layouts import TIME_FORMAT, money
from printers.paper import Paper
from printers.profile import PrinterProfile
from printers.renderers import RenderError, RenderJob, is_reprint, job_language

__all__ = ["KEY_RECEIPT", "PARCEL_LABEL", "SERVICE_SLIP", "desk_services_renderers"]


def parcel_label(parcel: Parcel, profile: PrinterProfile, *, community_name: str, tz: tzinfo, language: Language,
                 reprint: bool = False) -> bytes:
    """The label stuck on a parcel: the pickup code large, the unit, the shelf, the carrier, when it came."""
    paper = _start(profile, community_name, language, reprint, say("parcel_label_title", language))
    paper.line(say("pickup_code", language), align="center")
    paper.line(parcel.pickup_code, align="center", bold=True, size=paper.fitting_size(parcel.pickup_code, 4))
    paper.rule()
    paper.row(say("unit", language), parcel.unit_label or parcel.unit, bold=True)
    if parcel.shelf:
        paper.row(say("shelf", language), parcel.shelf, bold=True)
    if parcel.carrier:
        paper.row(say("carrier", language), parcel.carrier)
    paper.row(say("arrived", language), _time(parcel.arrived_at, tz))
    paper.paragraph(say("show_code_to_clerk", language), align="center")
    paper.cut()
    return paper.to_bytes()


def service_slip(request: ServiceRequest, service: SpecialService | None, profile: PrinterProfile, *,
                 community_name: str, tz: tzinfo, language: Language, reprint: bool = False) -> bytes:
    """An owner's copy of a special-service request: the service, the unit, the details, the fee."""
    paper = _start(profile, community_name, language, reprint, say("service_slip_title", language))
    name = service.name(language) if service is not None else request.service_name
    paper.paragraph(name, align="center", bold=True, size=paper.fitting_size(name, 2))
    paper.rule()
    paper.row(say("unit", language), request.unit_label or request.unit, bold=True)
    if request.details:
        paper.row(say("service_details_short", language), request.details)
    if service is not None:
        fee = f"￥{money(service.fee)}" if service.fee else say("service_free", language)
        paper.row(say("service_fee_short", language), fee)
        if service.needs_clerk:
            paper.paragraph(say("service_needs_clerk", language), align="center", bold=True)
    paper.row(say("time", language), _time(request.requested_at, tz))
    paper.paragraph(say("service_slip_note", language), align="center")
    paper.cut()
    return paper.to_bytes()


def key_receipt(key: KeyCustody, profile: PrinterProfile, *, community_name: str, tz: tzinfo, language: Language,
                reprint: bool = False) -> bytes:
    """The receipt when a key leaves the desk: to whom, by whom, when, and a line to sign."""
    returned = key.status is KeyStatus.RETURNED
    title = say("key_returned_title" if returned else "key_receipt_title", language)
    paper = _start(profile, community_name, language, reprint, title)
    paper.row(say("unit", language), key.unit_label or key.unit, bold=True)
    if key.key_label:
        paper.row(say("key_label", language), key.key_label)
    if returned:
        paper.row(say("key_returned_to", language), say("owner_of_unit", language), bold=True)
    else:
        paper.row(say("key_collected_by", language), f"{masked_name(key.collector_name)} ({key.collector_tail})",
                  bold=True)
    paper.row(say("key_left", language), _time(key.left_at, tz))
    if key.handed_at is not None:
        paper.row(say("time", language), _time(key.handed_at, tz))
    paper.row(say("key_handed_by", language), key.handed_by)
    paper.blank()
    paper.line(f"{say('key_signature', language)}:")
    paper.blank(2)
    paper.line("_" * profile.width_chars)
    paper.cut()
    return paper.to_bytes()


def desk_services_renderers(store: Store, *, community_name: Callable[[], str], profile: PrinterProfile,
                            tz: tzinfo, default_language: Language = "zh") -> dict[str, RenderJob]:
    """The renderers by job kind, for the site's ``renderers`` dict."""

    def render_parcel_label(job: PrintJob) -> bytes:
        with store.transaction() as tx:
            parcel = tx.get(Parcel, job.ref)
        if parcel is None:
            raise RenderError(f"parcel {job.ref} of print job {job.id} is not in the store")
        return parcel_label(parcel, profile, community_name=community_name(), tz=tz,
                            language=job_language(job, default_language), reprint=is_reprint(job))

    def render_service_slip(job: PrintJob) -> bytes:
        with store.transaction() as tx:
            request = tx.get(ServiceRequest, job.ref)
            service = tx.get(SpecialService, request.service) if request else None
        if request is None:
            raise RenderError(f"service request {job.ref} of print job {job.id} is not in the store")
        return service_slip(request, service, profile, community_name=community_name(), tz=tz,
                            language=job_language(job, default_language), reprint=is_reprint(job))

    def render_key_receipt(job: PrintJob) -> bytes:
        with store.transaction() as tx:
            key = tx.get(KeyCustody, job.ref)
        if key is None:
            raise RenderError(f"key {job.ref} of print job {job.id} is not in the store")
        return key_receipt(key, profile, community_name=community_name(), tz=tz,
                           language=job_language(job, default_language), reprint=is_reprint(job))

    return {PARCEL_LABEL: render_parcel_label, SERVICE_SLIP: render_service_slip, KEY_RECEIPT: render_key_receipt}


def _start(profile: PrinterProfile, community_name: str, language: Language, reprint: bool, title: str) -> Paper:
    paper = Paper(profile)
    if reprint:
        paper.line(f"** {say('reprint', language)} **", align="center", bold=True)
    paper.line(community_name, align="center", bold=True, size=paper.fitting_size(community_name, 2))
    paper.line(title, align="center", bold=True)
    paper.blank()
    return paper


def _time(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime(TIME_FORMAT)
