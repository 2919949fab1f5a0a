"""Renderers: from a print journal entry to the bytes that print it.

A renderer loads what the job refers to, fills a slip in the job's language and the site's time
zone, and hands it to the layout. :class:`RendererByKind` lets one spool print many kinds of slip,
each with its own renderer; the spool itself only knows ``RenderJob``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import tzinfo
from typing import Any, TypeVar

from desk.queue import QueueTicket
from desk.records import Record
from desk.store import PrintJob, Store
from desk.words import LANGUAGES, Language, service_name
from printers.layouts import queue_ticket
from printers.profile import PrinterProfile
from printers.slips import QueueTicketSlip

RenderJob = Callable[[PrintJob], bytes]
R = TypeVar("R", bound=Record)

QUEUE_TICKET = "queue_ticket"


class RenderError(ValueError):
    """A journal entry that cannot be printed: its record is missing or its payload is malformed."""


class UnknownJobKindError(RenderError):
    """A journal entry of a kind no layout prints."""


def is_reprint(job: PrintJob) -> bool:
    """Whether the job's slip must say REPRINT: the journal says a copy may be out, or the payload asks."""
    return job.reprint or job.payload.get("reprint") is True


class RendererByKind:
    """Renders each job with the renderer registered for its kind."""

    def __init__(self, renderers: Mapping[str, RenderJob]) -> None:
        self._renderers = dict(renderers)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The job kinds this renderer prints."""
        return tuple(self._renderers)

    def __call__(self, job: PrintJob) -> bytes:
        """The bytes that print this job."""
        render = self._renderers.get(job.kind)
        if render is None:
            raise UnknownJobKindError(
                f"no layout prints {job.kind!r} jobs (job {job.id}); known kinds: {', '.join(self.kinds)}"
            )
        return render(job)


class StoreRenderer:
    """What every slip renderer shares: the store its jobs refer to, the site's name, zone and printer.

    ``status_url`` gives the address of a record's status page from its ID (the same function the
    kiosk uses for its on-screen QR code, so paper and screen agree). Times print in ``tz``, the
    site's time zone, or in the zone the record carries when None. A job's payload may name its
    language (``"lang"``); otherwise ``default_language`` is used.
    """

    def __init__(
        self,
        store: Store,
        *,
        community_name: str | Callable[[], str],
        status_url: Callable[[str], str],
        profile: PrinterProfile,
        tz: tzinfo | None = None,
        default_language: Language = "zh",
    ) -> None:
        if default_language not in LANGUAGES:
            raise ValueError(f"default language must be one of {', '.join(LANGUAGES)} (got {default_language!r})")
        self._store = store
        self._community_name = community_name
        self._status_url = status_url
        self._profile = profile
        self._tz = tz
        self._default_language = default_language

    def community(self) -> str:
        """The community's name now (staff may rename it in the Settings tab)."""
        return self._community_name() if callable(self._community_name) else self._community_name

    def load(self, kind: type[R], job: PrintJob, what: str) -> R:
        """The record a job refers to; a RenderError naming ``what`` when it is gone."""
        with self._store.transaction() as tx:
            record = tx.get(kind, job.ref)
        if record is None:
            raise RenderError(f"{what} {job.ref} of print job {job.id} is not in the store")
        return record


class QueueTicketRenderer(StoreRenderer):
    """Renders ``queue_ticket`` journal jobs for one printer; call it with a :class:`PrintJob`."""

    kinds: tuple[str, ...] = (QUEUE_TICKET,)

    def __call__(self, job: PrintJob) -> bytes:
        """The bytes that print this job."""
        if job.kind != QUEUE_TICKET:
            raise UnknownJobKindError(
                f"no layout prints {job.kind!r} jobs (job {job.id}); known kinds: {', '.join(self.kinds)}"
            )
        ticket = self.load(QueueTicket, job, "queue ticket")
        language = job_language(job, self._default_language)
        slip = QueueTicketSlip(
            community_name=self.community(),
            number=ticket.number,
            service_label=service_name(ticket.service, language),
            issued_at=ticket.issued_at.astimezone(self._tz) if self._tz else ticket.issued_at,
            ahead=_people_ahead(job),
            wait_minutes=_wait_minutes(job),
            status_url=self._status_url(ticket.id),
            language=language,
            reprint=is_reprint(job),
            priority=ticket.priority,
        )
        return queue_ticket(slip, self._profile)


def job_language(job: PrintJob, default: Language) -> Language:
    """The language a job's payload asks for (``"lang"``), or the default."""
    requested: Any = job.payload.get("lang", default)
    for language in LANGUAGES:
        if requested == language:
            return language
    raise RenderError(f"print job {job.id} asks for language {requested!r}; known: {', '.join(LANGUAGES)}")


def _wait_minutes(job: PrintJob) -> int | None:
    """The estimated wait the kiosk showed, when the job carries one (older jobs do not)."""
    minutes = job.payload.get("wait_minutes")
    if isinstance(minutes, int) and not isinstance(minutes, bool) and minutes >= 0:
        return minutes
    return None


def _people_ahead(job: PrintJob) -> int:
    ahead = job.payload.get("ahead")
    # bool is an int in Python; a payload saying "ahead": true is malformed all the same.
    if not isinstance(ahead, int) or isinstance(ahead, bool) or ahead < 0:
        raise RenderError(f"print job {job.id} needs a whole number of people ahead (got {ahead!r})")
    return ahead
