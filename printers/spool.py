"""The print worker: one pass over the journal sends each due job; the renderer lays jobs out.

:class:`PrintSpool` renders, sends and records, in journal order. :class:`QueueTicketRenderer`
turns a ``queue_ticket`` journal entry into ticket bytes: it loads the ticket, fills a slip in the
job's language and the site's time zone, and hands it to the layout.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from desk.clock import Clock
from desk.queue import QueueTicket
from desk.store import PrintJob, Store
from desk.words import LANGUAGES, Language, service_name
from printers.connections import PrinterConnection, PrinterUnavailable
from printers.layouts import QueueTicketSlip, queue_ticket
from printers.profile import PrinterProfile

QUEUED = "queued"
SENT = "sent"
FAILED = "failed"

RenderJob = Callable[[PrintJob], bytes]


@dataclass(frozen=True)
class SpoolReport:
    """What one pass did: jobs sent, jobs that failed, and the last failure's message."""

    sent: int = 0
    failed: int = 0
    last_error: str = ""


class PrintSpool:
    """Drains the store's print journal to one printer, oldest job first.

    :meth:`send_pending` blocks on the printer, so the caller runs it off the event loop (e.g. in
    ``asyncio.to_thread``). Passes never overlap, even when called from several threads, so no job
    is sent twice by two passes at once.
    """

    def __init__(self, store: Store, connection: PrinterConnection, clock: Clock, render: RenderJob) -> None:
        self._store = store
        self._connection = connection
        self._clock = clock
        self._render = render
        self._one_pass_at_a_time = threading.Lock()

    def send_pending(self, max_attempts: int | None = None) -> SpoolReport:
        """Send every queued job, and retry failed ones, in journal order.

        The pass stops at the first job the printer does not take: the printer is most likely
        down, and stopping keeps tickets coming out in the order they were taken. A job that cannot
        be rendered is marked failed and the pass goes on, since the printer is not to blame.
        Failed jobs that already had ``max_attempts`` attempts are left alone (None: retry forever).
        """
        with self._one_pass_at_a_time:
            sent = failed = 0
            last_error = ""
            for job in self._due_jobs(max_attempts):
                try:
                    data = self._render(job)
                except Exception as error:  # any layout bug must fail this job, not the worker
                    last_error = f"cannot render {job.kind} job {job.id}: {error}"
                    self._record(job, FAILED, last_error)
                    failed += 1
                    continue
                # No store transaction is open here: the store stays free while the printer is slow.
                try:
                    self._connection.send(data)
                except PrinterUnavailable as error:
                    last_error = str(error)
                    self._record(job, FAILED, last_error)
                    failed += 1
                    break
                self._record(job, SENT, "")
                sent += 1
            return SpoolReport(sent, failed, last_error)

    def _due_jobs(self, max_attempts: int | None) -> list[PrintJob]:
        """Queued jobs and retryable failed ones, in the order they were journaled."""
        with self._store.transaction() as tx:
            queued = tx.print_jobs(QUEUED)
            failed = tx.print_jobs(FAILED)
        retryable = [job for job in failed if max_attempts is None or job.attempts < max_attempts]
        return sorted(queued + retryable, key=lambda job: job.id)

    def _record(self, job: PrintJob, status: str, error: str) -> None:
        with self._store.transaction() as tx:
            tx.update_print_job(job.id, status=status, error=error, at=self._clock.now())


class RenderError(ValueError):
    """A journal entry that cannot be printed: its record is missing or its payload is malformed."""


class UnknownJobKindError(RenderError):
    """A journal entry of a kind no layout prints."""


QUEUE_TICKET = "queue_ticket"


class QueueTicketRenderer:
    """Renders ``queue_ticket`` journal jobs for one printer; call it with a :class:`PrintJob`.

    ``status_url`` gives the address of a ticket's status page from its ID (the same function the
    kiosk uses for its on-screen QR code, so paper and screen agree). Times print in ``tz``, the
    site's time zone, or in the zone the ticket was issued in when None. A job's payload may name
    its language (``"lang"``); otherwise ``default_language`` is used.
    """

    kinds: tuple[str, ...] = (QUEUE_TICKET,)

    def __init__(
        self,
        store: Store,
        *,
        community_name: str,
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

    def __call__(self, job: PrintJob) -> bytes:
        """The bytes that print this job."""
        if job.kind != QUEUE_TICKET:
            raise UnknownJobKindError(
                f"no layout prints {job.kind!r} jobs (job {job.id}); known kinds: {', '.join(self.kinds)}"
            )
        with self._store.transaction() as tx:
            ticket = tx.get(QueueTicket, job.ref)
        if ticket is None:
            raise RenderError(f"queue ticket {job.ref} of print job {job.id} is not in the store")
        language = self._language(job)
        slip = QueueTicketSlip(
            community_name=self._community_name,
            number=ticket.number,
            service_label=service_name(ticket.service, language),
            issued_at=ticket.issued_at.astimezone(self._tz) if self._tz else ticket.issued_at,
            ahead=_people_ahead(job),
            status_url=self._status_url(ticket.id),
            language=language,
            reprint=job.payload.get("reprint") is True,
        )
        return queue_ticket(slip, self._profile)

    def _language(self, job: PrintJob) -> Language:
        requested: Any = job.payload.get("lang", self._default_language)
        for language in LANGUAGES:
            if requested == language:
                return language
        raise RenderError(f"print job {job.id} asks for language {requested!r}; known: {', '.join(LANGUAGES)}")


def _people_ahead(job: PrintJob) -> int:
    ahead = job.payload.get("ahead")
    # bool is an int in Python; a payload saying "ahead": true is malformed all the same.
    if not isinstance(ahead, int) or isinstance(ahead, bool) or ahead < 0:
        raise RenderError(f"print job {job.id} needs a whole number of people ahead (got {ahead!r})")
    return ahead
