"""Renders ``repair_slip`` jobs: the request number, where, what, and a QR code to ``/r/<ID>?lang=<the slip's>``.

An emergency's slip also says whom to call: the duty phone staff set and the public numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desk.catalog import say
from desk.emergencies import PUBLIC_NUMBERS
from desk.repair_words import name
from desk.repairs import Repair, Urgency
from desk.store import PrintJob, Store
from desk.words import Language, in_language
from printers.layouts import EmergencyCall, repair_slip
from printers.renderers import StoreRenderer, is_reprint, job_language
from printers.slips import RepairSlip

REPAIR_SLIP = "repair_slip"


def no_duty_phone() -> str:
    """A site that has not set a duty phone."""
    return ""


class RepairSlipRenderer(StoreRenderer):
    """Prints a repair's slip in the job's language and the site's zone, URGENT when the job says so.

    ``duty_phone`` gives the 24-hour duty phone as staff set it now, printed on an emergency's slip.
    """

    def __init__(self, store: Store, *, duty_phone: Callable[[], str] = no_duty_phone, **common: Any) -> None:
        super().__init__(store, **common)
        self._duty_phone = duty_phone

    def __call__(self, job: PrintJob) -> bytes:
        """The bytes that print this job."""
        repair = self.load(Repair, job, "repair")
        language = job_language(job, self._default_language)
        slip = RepairSlip(
            community_name=self.community(),
            number=repair.number,
            unit=_place(repair, language),
            category=name(repair.category, language),
            description=repair.description,
            reported_at=repair.reported_at.astimezone(self._tz),
            status_url=in_language(self._status_url(repair.id), language),
            language=language,
            visit_booked_at=repair.scheduled_at.astimezone(self._tz) if repair.scheduled_at else None,
            reprint=is_reprint(job),
            urgent=job.payload.get("urgent") is True,
        )
        emergency = None
        if repair.urgency is Urgency.EMERGENCY:
            numbers = tuple((public.words(language), public.number) for public in PUBLIC_NUMBERS)
            emergency = EmergencyCall(duty_phone=self._duty_phone(), public_numbers=numbers)
        return repair_slip(slip, self._profile, emergency)


def _place(repair: Repair, language: Language) -> str:
    """The reporting unit, and the public place when it is one, in the slip's language.

    Not :meth:`Repair.place`: that is the sheet's English for staff.
    """
    if not repair.building:
        return repair.unit_label
    where = [say("place_public", language, building=repair.building)]
    if repair.floor:
        where.append(say("place_floor", language, floor=repair.floor))
    return f"{repair.unit_label} → {' '.join(where)}"
