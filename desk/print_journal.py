"""The print journal and staff alerts, as queries on the store's connection.

A job's life: ``queued`` -> ``sending`` (claimed by one worker) -> ``sent``; or ``sending`` ->
``failed`` (retried after a backoff, or held while the printer is offline or out of paper) ->
``sending`` again. A job found in ``sending`` at start-up was maybe printed: it is queued again
and printed with a REPRINT banner. On a site configured without a printer, ``queued`` or
``failed`` -> ``not printed``: final, never claimed, and the screen asked the owner to photograph it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

NOT_PRINTED = "not printed"  # the site has no printer: the job is closed without anything sent


@dataclass(frozen=True)
class PrintJob:
    """One entry of the print journal."""

    id: int
    kind: str
    ref: str
    payload: dict[str, Any]
    status: str
    attempts: int
    last_error: str
    reprint: bool = False
    next_attempt_at: datetime | None = None


@dataclass(frozen=True)
class Alert:
    """Something staff must see to (the printer is out of paper), open until its cause goes away."""

    id: int
    source: str
    code: str
    message: str
    raised_at: datetime
    last_seen_at: datetime


class PrintJournalQueries:
    """The print journal's and the alerts' part of a store transaction."""

    _conn: sqlite3.Connection

    def add_print_job(self, kind: str, ref: str, payload: dict[str, Any], *, at: datetime) -> int:
        """Journal a print job; the print worker sends it after the transaction commits."""
        cursor = self._conn.execute(
            "INSERT INTO print_jobs (kind, ref, payload, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            (kind, ref, json.dumps(payload, ensure_ascii=False), at.isoformat(), at.isoformat()),
        )
        return int(cursor.lastrowid or 0)

    def print_jobs(self, status: str) -> list[PrintJob]:
        """Journal entries in a status, in the order they were queued."""
        rows = self._conn.execute(f"{_PRINT_JOB_SELECT} WHERE status = ? ORDER BY id", (status,)).fetchall()
        return [_print_job(row) for row in rows]

    def pending_print_jobs(self) -> list[PrintJob]:
        """Jobs still to print (queued, or failed and waiting for a retry), in the order they were queued."""
        rows = self._conn.execute(
            f"{_PRINT_JOB_SELECT} WHERE status IN ('queued', 'failed') ORDER BY id"
        ).fetchall()
        return [_print_job(row) for row in rows]

    def claim_print_job(self, job_id: int, *, at: datetime) -> PrintJob | None:
        """Take a queued or failed job for sending and count the attempt; None if another worker has it."""
        row = self._conn.execute(
            "UPDATE print_jobs SET status = 'sending', attempts = attempts + 1, updated_at = ? "
            "WHERE id = ? AND status IN ('queued', 'failed') "
            "RETURNING id, kind, ref, payload, status, attempts, last_error, reprint, next_attempt_at",
            (at.isoformat(), job_id),
        ).fetchone()
        return _print_job(row) if row else None

    def mark_print_job_sent(self, job_id: int, *, at: datetime) -> None:
        """The printer took the whole job."""
        self._conn.execute(
            "UPDATE print_jobs SET status = 'sent', last_error = '', next_attempt_at = NULL, updated_at = ? "
            "WHERE id = ? AND status = 'sending'",
            (at.isoformat(), job_id),
        )

    def mark_print_job_not_printed(self, job_id: int, *, at: datetime) -> bool:
        """Close a waiting job as never printed (the site has no printer); False if it is not waiting."""
        cursor = self._conn.execute(
            "UPDATE print_jobs SET status = ?, last_error = 'this site has no printer', next_attempt_at = NULL, "
            "updated_at = ? WHERE id = ? AND status IN ('queued', 'failed')",
            (NOT_PRINTED, at.isoformat(), job_id),
        )
        return cursor.rowcount == 1

    def mark_print_job_failed(
        self, job_id: int, *, error: str, retry_at: datetime, maybe_printed: bool, at: datetime
    ) -> None:
        """The attempt failed; retry at ``retry_at``, as a reprint when part of it may be on paper."""
        self._conn.execute(
            "UPDATE print_jobs SET status = 'failed', last_error = ?, next_attempt_at = ?, "
            "reprint = reprint OR ?, updated_at = ? WHERE id = ? AND status = 'sending'",
            (error, retry_at.isoformat(), maybe_printed, at.isoformat(), job_id),
        )

    def hold_print_job(self, job_id: int, *, reason: str, retry_at: datetime, at: datetime) -> bool:
        """Keep a job waiting for the printer without counting an attempt; False if it is not waiting."""
        cursor = self._conn.execute(
            "UPDATE print_jobs SET status = 'failed', last_error = ?, next_attempt_at = ?, updated_at = ? "
            "WHERE id = ? AND status IN ('queued', 'failed')",
            (reason, retry_at.isoformat(), at.isoformat(), job_id),
        )
        return cursor.rowcount == 1

    def requeue_interrupted_print_jobs(self, *, at: datetime) -> list[int]:
        """Jobs a dead worker left in "sending" go back to the queue, marked as reprints; their IDs."""
        rows = self._conn.execute(
            "UPDATE print_jobs SET status = 'queued', reprint = 1, next_attempt_at = NULL, updated_at = ? "
            "WHERE status = 'sending' RETURNING id",
            (at.isoformat(),),
        ).fetchall()
        return sorted(int(row[0]) for row in rows)

    def print_job_status(self, ref: str) -> str | None:
        """The status of the newest print job for a record, or None when it has none."""
        row = self._conn.execute(
            "SELECT status FROM print_jobs WHERE ref = ? ORDER BY id DESC LIMIT 1", (ref,)
        ).fetchone()
        return str(row[0]) if row else None

    def raise_alert(self, source: str, code: str, message: str, *, at: datetime) -> bool:
        """Open an alert, or refresh the open one with the same source and code; True if it is new."""
        cursor = self._conn.execute(
            "UPDATE alerts SET message = ?, last_seen_at = ? WHERE source = ? AND code = ? AND cleared_at IS NULL",
            (message, at.isoformat(), source, code),
        )
        if cursor.rowcount:
            return False
        self._conn.execute(
            "INSERT INTO alerts (source, code, message, raised_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
            (source, code, message, at.isoformat(), at.isoformat()),
        )
        return True

    def clear_alerts(self, source: str, *, keep: Sequence[str] = (), at: datetime) -> int:
        """Close the open alerts of a source, except the codes in ``keep``; how many were closed."""
        cursor = self._conn.execute(
            f"UPDATE alerts SET cleared_at = ? WHERE source = ? AND cleared_at IS NULL "  # noqa: S608 - placeholders
            f"AND code NOT IN ({', '.join('?' * len(keep))})",
            (at.isoformat(), source, *keep),
        )
        return cursor.rowcount

    def open_alerts(self, source: str | None = None) -> list[Alert]:
        """Alerts not yet cleared, oldest first; all sources, or one."""
        rows = self._conn.execute(
            "SELECT id, source, code, message, raised_at, last_seen_at FROM alerts "
            "WHERE cleared_at IS NULL AND (? IS NULL OR source = ?) ORDER BY id",
            (source, source),
        ).fetchall()
        return [
            Alert(int(r[0]), r[1], r[2], r[3], datetime.fromisoformat(r[4]), datetime.fromisoformat(r[5]))
            for r in rows
        ]


_PRINT_JOB_SELECT = (
    "SELECT id, kind, ref, payload, status, attempts, last_error, reprint, next_attempt_at FROM print_jobs"
)


def _print_job(row: Sequence[Any]) -> PrintJob:
    return PrintJob(
        id=int(row[0]),
        kind=row[1],
        ref=row[2],
        payload=json.loads(row[3]),
        status=row[4],
        attempts=int(row[5]),
        last_error=row[6],
        reprint=bool(row[7]),
        next_attempt_at=datetime.fromisoformat(row[8]) if row[8] else None,
    )
