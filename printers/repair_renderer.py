"""Renders ``repair_slip`` journal jobs: the request number, where, what, and a QR code to ``/r/<ID>``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo

from desk.repair_words import name
from desk.repairs import Repair
from desk.store import PrintJob, Store
from desk.words import Language
from printers.layouts import repair_slip
from printers.profile import PrinterProfile
from printers.renderers import RenderError, is_reprint, job_language
from printers.slips import RepairSlip

REPAIR_SLIP = "repair_slip"


class RepairSlipRenderer:
    """Prints a repair's slip in the job's language and the site's zone, URGENT when the job says so."""

    def __init__(self, store: Store, *, community_name: Callable[[], str], status_url: Callable[[str], str],
                 profile: PrinterProfile, tz: tzinfo, default_language: Language = "zh") -> None:
        self._store = store
        self._community_name = community_name
        self._status_url = status_url
        self._profile = profile
        self._tz = tz
        self._default_language = default_language

    def __call__(self, job: PrintJob) -> bytes:
        """The bytes that print this job."""
        with self._store.transaction() as tx:
            repair = tx.get(Repair, job.ref)
        if repair is None:
            raise RenderError(f"repair {job.ref} of print job {job.id} is not in the store")
        language = job_language(job, self._default_language)
        slip = RepairSlip(
            community_name=self._community_name(),
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
