"""The print worker's pass: each due job is claimed, rendered, checked against the printer, sent, recorded.

The journal's states live in :mod:`desk.store` (queued -> sending -> sent | failed, failed ->
sending on retry). This module decides when to try, what to do with what the printer says about
itself, and which staff alerts are open:

* printer says offline, cover open or out of paper, or cannot be reached: the jobs wait ("failed",
  no attempt counted), staff get an alert, and the printer is asked again a few seconds later;
* paper near end: the job is sent and staff get an alert;
* the send fails: the attempt counts, the job is retried after a growing delay;
* the worker died mid-send: :meth:`PrintSpool.recover_interrupted` queues the job again, and its
  slip says REPRINT;
* the site has no printer (``printer = "none"``): every waiting job is closed as ``not printed``
  at once, without rendering; nothing claims it was printed, and the screens say so.
"""

from __future__ import annotations

import enum
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from desk.clock import Clock
from desk.print_journal import NOT_PRINTED
from desk.store import PrintJob, Store
from printers.connections import NoPrinter, PrinterConnection, PrinterUnavailable, ReportsStatus
from printers.renderers import QueueTicketRenderer, RenderError, RenderJob, UnknownJobKindError
from printers.status import PrinterStatus

__all__ = [
    "BACKOFF_SECONDS",
    "FAILED",
    "HOLD_RECHECK_SECONDS",
    "NOT_PRINTED",
    "PRINTER_ALERTS",
    "QUEUED",
    "SENDING",
    "SENT",
    "PrintSpool",
    "PrinterAlert",
    "QueueTicketRenderer",
    "RenderError",
    "RenderJob",
    "SpoolReport",
    "UnknownJobKindError",
]

QUEUED = "queued"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"

# Seconds before retrying a job after its 1st, 2nd, ... failed attempt; the last repeats.
BACKOFF_SECONDS = (2.0, 5.0, 15.0, 30.0, 60.0)
# A printer that said "out of paper" is asked again this often: staff fix it and expect printing.
HOLD_RECHECK_SECONDS = 5.0

PRINTER_ALERTS = "printer"


class PrinterAlert(enum.StrEnum):
    """The codes of the staff alerts the spool raises (source ``printer``)."""

    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class SpoolReport:
    """What one pass did, what the printer said, and when the next pass is due.

    ``failed`` counts attempts that failed (render or send); ``held`` counts jobs kept waiting
    because the printer said it could not print or could not be reached; ``not_printed`` counts
    jobs closed unprinted because the site has no printer. ``alerts`` are the messages of the
    printer alerts open after the pass. ``next_attempt_at`` is None when nothing waits.
    """

    sent: int = 0
    not_printed: int = 0
    failed: int = 0
    held: int = 0
    last_error: str = ""
    printer_status: PrinterStatus | None = None
    alerts: tuple[str, ...] = ()
    next_attempt_at: datetime | None = None

    def wait_seconds(self, now: datetime, *, idle: float) -> float:
        """How long the worker may sleep before the next pass (at most ``idle``), unless woken."""
        if self.next_attempt_at is None:
            return idle
        return min(idle, max(0.0, (self.next_attempt_at - now).total_seconds()))


@dataclass
class _Pass:
    """What a pass has learnt so far; ``conditions`` is None until it has talked to the printer."""

    sent: int = 0
    failed: int = 0
    held: int = 0
    last_error: str = ""
    status: PrinterStatus | None = None
    printer_is_silent: bool = False
    conditions: dict[PrinterAlert, str] | None = None
    stopped: bool = False
    seen: set[int] = field(default_factory=set)


class PrintSpool:
    """Drains the store's print journal to one printer, oldest job first.

    :meth:`send_pending` blocks on the printer, so the caller runs it off the event loop (e.g. in
    ``asyncio.to_thread``). Passes of one spool never overlap; passes of two spools (or two
    processes) on one store never send the same job, because each job is claimed before it is sent.
    """

    def __init__(self, store: Store, connection: PrinterConnection, clock: Clock, render: RenderJob) -> None:
        self._store = store
        self._connection = connection
        self._clock = clock
        self._render = render
        self._one_pass_at_a_time = threading.Lock()

    def recover_interrupted(self) -> list[int]:
        """Queue again the jobs a previous run left in "sending", marked as reprints; call once at start.

        Such a job may or may not be on paper: the process died between sending and recording.
        Printing it again, marked REPRINT, is the only way no owner goes without a ticket. Only
        call this while no other worker is sending from the same store.
        """
        with self._one_pass_at_a_time, self._store.transaction() as tx:
            return tx.requeue_interrupted_print_jobs(at=self._clock.now())

    def send_pending(self, max_attempts: int | None = None) -> SpoolReport:
        """If any job is due, send every waiting job in journal order, and report.

        A pass is due when a job is queued or a failed job's retry time has come; it then tries
        all waiting jobs in order (earlier failures first, so tickets come out in the order they
        were taken). It stops at the first job the printer does not take, and jobs queued while it
        runs are sent in the same pass. A job that cannot be rendered fails alone: the printer is
        not to blame. Failed jobs that already had ``max_attempts`` attempts are left alone (None:
        retry forever).
        """
        with self._one_pass_at_a_time:
            if isinstance(self._connection, NoPrinter):
                return self._close_unprintable()
            progress = _Pass()
            jobs = self._waiting(max_attempts)
            if any(self._due(job) for job in jobs):
                while jobs and not progress.stopped:
                    for job in jobs:
                        progress.seen.add(job.id)
                        self._print_one(job, progress)
                        if progress.stopped:
                            break
                    jobs = [job for job in self._waiting(max_attempts) if job.id not in progress.seen]
                    jobs = [job for job in jobs if job.status == QUEUED]
            alerts = self._update_alerts(progress.conditions)
            return SpoolReport(
                sent=progress.sent,
                failed=progress.failed,
                held=progress.held,
                last_error=progress.last_error,
                printer_status=progress.status,
                alerts=alerts,
                next_attempt_at=self._next_attempt_at(max_attempts),
            )

    def _close_unprintable(self) -> SpoolReport:
        """No printer: close every waiting job as not printed; no printer alert stays open (none can apply)."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            closed = sum(tx.mark_print_job_not_printed(job.id, at=now) for job in tx.pending_print_jobs())
        return SpoolReport(not_printed=closed, alerts=self._update_alerts({}))

    def _print_one(self, job: PrintJob, progress: _Pass) -> None:
        """Check the printer, claim, render, send and record one job, updating ``progress``."""
        if not self._printer_ready(job, progress):
            return
        now = self._clock.now()
        with self._store.transaction() as tx:
            claimed = tx.claim_print_job(job.id, at=now)
        if claimed is None:
            return  # another worker took it between our reading the journal and now
        try:
            data = self._render(claimed)
        except Exception as error:  # any layout bug must fail this job, not the worker
            progress.last_error = f"cannot render {job.kind} job {job.id}: {error}"
            self._record_failure(claimed, progress.last_error, maybe_printed=False)
            progress.failed += 1
            return
        # No store transaction is open here: the store stays free while the printer is slow.
        try:
            self._connection.send(data)
        except PrinterUnavailable as error:
            progress.last_error = str(error)
            retry_at = self._record_failure(claimed, progress.last_error, maybe_printed=error.maybe_printed)
            progress.failed += 1
            progress.conditions = {**(progress.conditions or {}), PrinterAlert.UNREACHABLE: progress.last_error}
            # The jobs behind it wait with it, so every owner's screen shows its ticket at once.
            progress.held += self._hold_from(job.id + 1, f"waiting behind job {job.id}: {error}", retry_at)
            progress.stopped = True
            return
        with self._store.transaction() as tx:
            tx.mark_print_job_sent(claimed.id, at=self._clock.now())
        progress.sent += 1
        conditions = progress.conditions or {}
        conditions.pop(PrinterAlert.UNREACHABLE, None)
        progress.conditions = conditions

    def _printer_ready(self, job: PrintJob, progress: _Pass) -> bool:
        """Ask the printer how it is before a job; False (and the jobs held) when it cannot print."""
        if not isinstance(self._connection, ReportsStatus) or progress.printer_is_silent:
            return True
        try:
            status = self._connection.read_status()
        except PrinterUnavailable as error:
            problem = str(error)
            progress.conditions = {PrinterAlert.UNREACHABLE: problem}
        else:
            progress.status = status
            progress.conditions = self._conditions(status)
            # A printer that does not answer may still print; asking again this pass only costs time.
            progress.printer_is_silent = not status.answered
            if not status.must_wait:
                return True
            problem = f"{self._connection.describe()} reports {status.describe()}"
        progress.last_error = problem
        retry_at = self._clock.now() + timedelta(seconds=HOLD_RECHECK_SECONDS)
        progress.held += self._hold_from(job.id, f"waiting for the printer: {problem}", retry_at)
        progress.stopped = True
        return False

    def _conditions(self, status: PrinterStatus) -> dict[PrinterAlert, str]:
        """The alerts a printer's status calls for."""
        printer = self._connection.describe()
        if status.paper_out:
            return {PrinterAlert.PAPER_OUT: f"{printer} is out of paper: load a new roll"}
        conditions: dict[PrinterAlert, str] = {}
        if status.cover_open:
            conditions[PrinterAlert.COVER_OPEN] = f"{printer}: the cover is open"
        elif status.offline:
            conditions[PrinterAlert.OFFLINE] = f"{printer} is offline ({status.describe()})"
        if status.paper_near_end:
            conditions[PrinterAlert.PAPER_NEAR_END] = f"{printer}: paper is running out, change the roll soon"
        return conditions

    def _hold_from(self, first_id: int, reason: str, retry_at: datetime) -> int:
        """Keep every waiting job from ``first_id`` on waiting until ``retry_at``; how many."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            waiting = [job.id for job in tx.pending_print_jobs() if job.id >= first_id]
            return sum(tx.hold_print_job(job_id, reason=reason, retry_at=retry_at, at=now) for job_id in waiting)

    def _record_failure(self, job: PrintJob, error: str, *, maybe_printed: bool) -> datetime:
        """Record a failed attempt and return when it is retried."""
        now = self._clock.now()
        delay = BACKOFF_SECONDS[min(job.attempts, len(BACKOFF_SECONDS)) - 1]
        retry_at = now + timedelta(seconds=delay)
        with self._store.transaction() as tx:
            tx.mark_print_job_failed(job.id, error=error, retry_at=retry_at, maybe_printed=maybe_printed, at=now)
        return retry_at

    def _update_alerts(self, conditions: dict[PrinterAlert, str] | None) -> tuple[str, ...]:
        """Open the alerts the printer calls for, close the rest; the open alerts' messages."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            if conditions is not None:  # the printer was not contacted: what we knew still stands
                for code, message in conditions.items():
                    tx.raise_alert(PRINTER_ALERTS, code, message, at=now)
                tx.clear_alerts(PRINTER_ALERTS, keep=[str(code) for code in conditions], at=now)
            return tuple(alert.message for alert in tx.open_alerts(PRINTER_ALERTS))

    def _waiting(self, max_attempts: int | None) -> list[PrintJob]:
        """Queued jobs and retryable failed ones, in the order they were journaled."""
        with self._store.transaction() as tx:
            jobs = tx.pending_print_jobs()
        return [job for job in jobs if max_attempts is None or job.status == QUEUED or job.attempts < max_attempts]

    def _due(self, job: PrintJob) -> bool:
        return job.status == QUEUED or job.next_attempt_at is None or job.next_attempt_at <= self._clock.now()

    def _next_attempt_at(self, max_attempts: int | None) -> datetime | None:
        """When the earliest waiting job is due: now for a queued one, None when nothing waits."""
        times = [
            self._clock.now() if job.status == QUEUED or job.next_attempt_at is None else job.next_attempt_at
            for job in self._waiting(max_attempts)
        ]
        return min(times, default=None)
