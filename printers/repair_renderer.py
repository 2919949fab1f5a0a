"""Renders ``repair_slip`` journal jobs: the request number, where, what, and a QR code to ``/r/<ID>``."""

from __future__ import annotations

from desk.repair_words import name
from desk.repairs import Repair
from desk.store import PrintJob
from printers.layouts import repair_slip
from printers.renderers import StoreRenderer, is_reprint, job_language
from printers.slips import RepairSlip

REPAIR_SLIP = "repair_slip"


class RepairSlipRenderer(StoreRenderer):
    """Prints a repair's slip in the job's language and the site's zone, URGENT when the job says so."""

    def __call__(self, job: PrintJob) -> bytes:
        """The bytes that print this job."""
        repair = self.load(Repair, job, "repair")
        language = job_language(job, self._default_language)
        slip = RepairSlip(
            community_name=self.community(),
            number=repair.number,
            unit=repair.unit_label if not repair.building else f"{repair.unit_label} → {repair.place()}",
            category=name(repair.category, language),
            description=repair.description,
            reported_at=repair.reported_at.astimezone(self._tz),
            status_url=self._status_url(repair.id),
            language=language,
            visit_booked_at=repair.scheduled_at.astimezone(self._tz) if repair.scheduled_at else None,
            reprint=is_reprint(job),
            urgent=job.payload.get("urgent") is True,
        )
        return repair_slip(slip, self._profile)
