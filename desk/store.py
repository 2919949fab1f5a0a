"""The local store: SQLite in the data folder, WAL, versioned migrations, one lock per process.

Every record lives as its JSON body in ``records``; each write also appends to ``history``, whose
row number is the record's revision. The sync compares revisions with ``sync_rows`` to know what
the workbook has not seen yet. ``print_jobs`` is the journal the print worker drains, and
``alerts`` what staff must see to (the printer is out of paper).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from desk.records import Record

R = TypeVar("R", bound=Record)

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE records (
        tab TEXT NOT NULL,
        id TEXT NOT NULL,
        body TEXT NOT NULL,
        revision INTEGER NOT NULL,
        PRIMARY KEY (tab, id)
    );
    CREATE INDEX records_by_revision ON records (tab, revision);
    CREATE TABLE history (
        revision INTEGER PRIMARY KEY AUTOINCREMENT,
        tab TEXT NOT NULL,
        id TEXT NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        body TEXT NOT NULL
    );
    CREATE INDEX history_by_record ON history (id);
    CREATE TABLE sequences (
        scope TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    );
    CREATE TABLE sync_rows (
        tab TEXT NOT NULL,
        id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        agreed TEXT NOT NULL,
        PRIMARY KEY (tab, id)
    );
    CREATE TABLE print_jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        ref TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'queued',
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX print_jobs_by_status ON print_jobs (status, id);
    CREATE INDEX print_jobs_by_ref ON print_jobs (ref);
    """,
    # 2: secrets that never leave the store (unit PINs, staff passwords), as slow salted hashes.
    """
    CREATE TABLE credentials (
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT '',
        hash TEXT NOT NULL,
        failures INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (kind, subject)
    );
    """,
    # 3: the sync's memory between cycles: outcomes and Settings-tab values by key, and the Problems list.
    """
    CREATE TABLE site_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE sync_problems (
        position INTEGER PRIMARY KEY,
        tab TEXT NOT NULL,
        record TEXT NOT NULL,
        header TEXT NOT NULL,
        value TEXT NOT NULL,
        reason TEXT NOT NULL,
        until TEXT
    );
    """,
    # 4: the print journal's retry time and REPRINT mark, and staff alerts (printer out of paper...).
    """
    ALTER TABLE print_jobs ADD COLUMN reprint INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE print_jobs ADD COLUMN next_attempt_at TEXT;
    CREATE TABLE alerts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        raised_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        cleared_at TEXT
    );
    CREATE UNIQUE INDEX alerts_open ON alerts (source, code) WHERE cleared_at IS NULL;
    """,
)


class StoreError(RuntimeError):
    """The store cannot be used: not opened, or written by a newer lobbydesk."""


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


@dataclass(frozen=True)
class StoredCredential:
    """A hashed secret with its failure count and lockout."""

    hashed: str
    role: str
    failures: int
    locked_until: datetime | None


@dataclass(frozen=True)
class HistoryEntry:
    """One stored version of a record: who wrote it, when, and the whole body at that point."""

    revision: int
    tab: str
    at: str
    actor: str
    body: dict[str, Any]


@dataclass(frozen=True)
class SyncProblem:
    """A row of the workbook's Problems tab as the store keeps it between cycles.

    ``until`` is None for a problem that lasts while its cause does (it is worked out again every
    cycle), or the ISO time until which a notice about something already done (a deleted row put
    back) stays listed.
    """

    tab: str
    record: str
    header: str
    value: str
    reason: str
    until: str | None = None


@dataclass(frozen=True)
class Unsynced:
    """A record the workbook has not seen at its current revision, with the last agreed cells."""

    record: Record
    revision: int
    agreed: dict[str, str] | None


class Transaction:
    """Reads and writes inside one SQLite transaction; obtained from :meth:`Store.transaction`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def put(self, record: Record, *, actor: str, at: datetime) -> int:
        """Insert or replace a record, append it to the history; returns its new revision."""
        body = record.model_dump_json()
        cursor = self._conn.execute(
            "INSERT INTO history (tab, id, at, actor, body) VALUES (?, ?, ?, ?, ?)",
            (record.TAB, record.id, at.isoformat(), actor, body),
        )
        revision = int(cursor.lastrowid or 0)
        self._conn.execute(
            "INSERT INTO records (tab, id, body, revision) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (tab, id) DO UPDATE SET body = excluded.body, revision = excluded.revision",
            (record.TAB, record.id, body, revision),
        )
        return revision

    def last_revision(self) -> int:
        """The newest revision of any record: it changes whenever any record does."""
        row = self._conn.execute("SELECT max(revision) FROM history").fetchone()
        return int(row[0] or 0)

    def get(self, kind: type[R], record_id: str) -> R | None:
        """The record with this ID, or None."""
        row = self._conn.execute(
            "SELECT body FROM records WHERE tab = ? AND id = ?", (kind.TAB, record_id)
        ).fetchone()
        return kind.model_validate_json(row[0]) if row else None

    def find(self, kind: type[R], where: str = "1", params: Sequence[Any] = ()) -> list[R]:
        """Records of a kind matching an SQL condition over ``body`` (use ``json_extract``)."""
        rows = self._conn.execute(
            f"SELECT body FROM records WHERE tab = ? AND ({where}) ORDER BY rowid",  # noqa: S608 - where is ours
            (kind.TAB, *params),
        ).fetchall()
        return [kind.model_validate_json(body) for (body,) in rows]

    def next_in_sequence(self, scope: str) -> int:
        """Advance and return the counter named ``scope`` (starts at 1)."""
        row = self._conn.execute(
            "INSERT INTO sequences (scope, value) VALUES (?, 1) "
            "ON CONFLICT (scope) DO UPDATE SET value = value + 1 RETURNING value",
            (scope,),
        ).fetchone()
        return int(row[0])

    def add_print_job(self, kind: str, ref: str, payload: dict[str, Any], *, at: datetime) -> int:
        """Journal a print job; the print worker sends it after the transaction commits."""
        cursor = self._conn.execute(
            "INSERT INTO print_jobs (kind, ref, payload, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            (kind, ref, json.dumps(payload, ensure_ascii=False), at.isoformat(), at.isoformat()),
        )
        return int(cursor.lastrowid or 0)

    def unsynced(self, kind: type[Record]) -> list[Unsynced]:
        """Records whose current revision the workbook has not seen, oldest change first."""
        rows = self._conn.execute(
            "SELECT r.body, r.revision, s.agreed FROM records r "
            "LEFT JOIN sync_rows s ON s.tab = r.tab AND s.id = r.id "
            "WHERE r.tab = ? AND (s.revision IS NULL OR r.revision > s.revision) ORDER BY r.revision",
            (kind.TAB,),
        ).fetchall()
        return [
            Unsynced(kind.model_validate_json(body), revision, json.loads(agreed) if agreed else None)
            for body, revision, agreed in rows
        ]

    def mark_synced(self, kind: type[Record], record_id: str, revision: int, agreed: dict[str, str]) -> None:
        """Remember the cells the workbook and the store agreed on at ``revision``."""
        self._conn.execute(
            "INSERT INTO sync_rows (tab, id, revision, agreed) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (tab, id) DO UPDATE SET revision = excluded.revision, agreed = excluded.agreed",
            (kind.TAB, record_id, revision, json.dumps(agreed, ensure_ascii=False)),
        )

    def mark_synced_many(self, kind: type[Record], rows: Iterable[tuple[str, int, dict[str, str]]]) -> None:
        """:meth:`mark_synced` for many records at once: (ID, revision, agreed cells) each."""
        self._conn.executemany(
            "INSERT INTO sync_rows (tab, id, revision, agreed) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (tab, id) DO UPDATE SET revision = excluded.revision, agreed = excluded.agreed",
            [
                (kind.TAB, record_id, revision, json.dumps(cells, ensure_ascii=False))
                for record_id, revision, cells in rows
            ],
        )

    def get_many(self, kind: type[R], record_ids: Iterable[str]) -> dict[str, tuple[R, int]]:
        """The records with these IDs that exist, each with its current revision, by ID."""
        wanted = list(record_ids)
        found: dict[str, tuple[R, int]] = {}
        for start in range(0, len(wanted), 500):  # SQLite caps the parameters of one statement
            chunk = wanted[start : start + 500]
            rows = self._conn.execute(
                f"SELECT id, body, revision FROM records WHERE tab = ? AND id IN ({','.join('?' * len(chunk))})",  # noqa: S608
                (kind.TAB, *chunk),
            )
            for record_id, body, revision in rows:
                found[record_id] = (kind.model_validate_json(body), int(revision))
        return found

    def agreed(self, kind: type[Record]) -> dict[str, tuple[int, dict[str, str]]]:
        """The last agreed cells of every synced record of a kind, by ID."""
        rows = self._conn.execute("SELECT id, revision, agreed FROM sync_rows WHERE tab = ?", (kind.TAB,))
        return {record_id: (revision, json.loads(agreed)) for record_id, revision, agreed in rows}

    def revision_of(self, kind: type[Record], record_id: str) -> int | None:
        """The current revision of a record, or None if it does not exist."""
        row = self._conn.execute(
            "SELECT revision FROM records WHERE tab = ? AND id = ?", (kind.TAB, record_id)
        ).fetchone()
        return int(row[0]) if row else None

    # The print journal. A job's states:
    #   queued -> sending -> sent | failed      one attempt: claimed, then sent or not
    #   failed -> sending                        a retry
    #   queued | failed -> failed                held: the printer said it cannot print (no attempt)
    #   sending -> queued, marked reprint        at worker start: a run died mid-send
    # Only a claim counts an attempt, and a claim is one UPDATE guarded by the old state, so two
    # workers can never both send a job, and a job left in "sending" shows a send was interrupted.

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

    def credential(self, kind: str, subject: str) -> StoredCredential | None:
        """The stored hash of a unit's PIN or a staff password, or None."""
        row = self._conn.execute(
            "SELECT hash, role, failures, locked_until FROM credentials WHERE kind = ? AND subject = ?",
            (kind, subject),
        ).fetchone()
        if row is None:
            return None
        return StoredCredential(row[0], row[1], int(row[2]), datetime.fromisoformat(row[3]) if row[3] else None)

    def put_credential(self, kind: str, subject: str, *, role: str, hashed: str, at: datetime) -> None:
        """Store a new hash, clearing failures and lockout."""
        self._conn.execute(
            "INSERT INTO credentials (kind, subject, role, hash, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (kind, subject) DO UPDATE SET role = excluded.role, hash = excluded.hash, "
            "failures = 0, locked_until = '', updated_at = excluded.updated_at",
            (kind, subject, role, hashed, at.isoformat()),
        )

    def count_credential_failure(
        self, kind: str, subject: str, *, failures: int, locked_until: datetime | None, at: datetime
    ) -> None:
        """Record the failure count (0 after a success) and any lockout."""
        self._conn.execute(
            "UPDATE credentials SET failures = ?, locked_until = ?, updated_at = ? WHERE kind = ? AND subject = ?",
            (failures, locked_until.isoformat() if locked_until else "", at.isoformat(), kind, subject),
        )

    def credential_subjects(self, kind: str) -> list[tuple[str, str]]:
        """Every (subject, role) holding a credential of a kind."""
        rows = self._conn.execute("SELECT subject, role FROM credentials WHERE kind = ? ORDER BY subject", (kind,))
        return [(str(subject), str(role)) for subject, role in rows]

    def unsynced_count(self, kind: type[Record], id_prefix: str = "") -> int:
        """How many records of a kind whose IDs start with ``id_prefix`` the workbook has not seen."""
        row = self._conn.execute(
            "SELECT count(*) FROM records r LEFT JOIN sync_rows s ON s.tab = r.tab AND s.id = r.id "
            "WHERE r.tab = ? AND substr(r.id, 1, ?) = ? AND (s.revision IS NULL OR r.revision > s.revision)",
            (kind.TAB, len(id_prefix), id_prefix),
        ).fetchone()
        return int(row[0])

    def site_state(self) -> dict[str, str]:
        """What the site remembers between runs (sync outcomes, the Settings tab's values), by key."""
        return dict(self._conn.execute("SELECT key, value FROM site_state").fetchall())

    def set_site_state(self, values: dict[str, str]) -> None:
        """Remember some keys of the site state, replacing their old values."""
        self._conn.executemany(
            "INSERT INTO site_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            list(values.items()),
        )

    def sync_problems(self) -> list[SyncProblem]:
        """The rows of the Problems tab as last worked out, in order."""
        rows = self._conn.execute(
            "SELECT tab, record, header, value, reason, until FROM sync_problems ORDER BY position"
        ).fetchall()
        return [SyncProblem(*row) for row in rows]

    def replace_sync_problems(self, problems: Sequence[SyncProblem]) -> None:
        """Replace the Problems list with a new one (the sync works it out whole every cycle)."""
        self._conn.execute("DELETE FROM sync_problems")
        self._conn.executemany(
            "INSERT INTO sync_problems (position, tab, record, header, value, reason, until) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(n, p.tab, p.record, p.header, p.value, p.reason, p.until) for n, p in enumerate(problems)],
        )

    def history_entries(self, record_id: str) -> list[HistoryEntry]:
        """Every stored version of a record, oldest first, with the tab it belongs to."""
        rows = self._conn.execute(
            "SELECT revision, tab, at, actor, body FROM history WHERE id = ? ORDER BY revision", (record_id,)
        )
        return [HistoryEntry(int(r[0]), r[1], r[2], r[3], json.loads(r[4])) for r in rows]

    def history(self, record_id: str) -> list[tuple[int, str, str, str]]:
        """Every stored version of a record: (revision, at, actor, body JSON), oldest first."""
        rows = self._conn.execute(
            "SELECT revision, at, actor, body FROM history WHERE id = ? ORDER BY revision", (record_id,)
        )
        return [(int(r[0]), r[1], r[2], r[3]) for r in rows]


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


class Store:
    """The SQLite file of one site. Call :meth:`open` before use and :meth:`close` after."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        # One connection shared by the event loop and worker threads; the lock serialises them.
        self._lock = threading.RLock()

    def open(self) -> None:
        """Open (creating if needed) the database and bring its schema up to date."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=30000")
        self._conn = conn
        self._migrate(conn)

    def close(self) -> None:
        """Close the database; safe to call twice.

        Waits for a transaction running in another thread: closing a connection under a thread
        that is using it can crash the process.
        """
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def schema_version(self) -> int:
        """The migration the open database is at."""
        with self.transaction() as _:
            assert self._conn is not None
            return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One write transaction (``BEGIN IMMEDIATE``): committed on exit, rolled back on error."""
        with self._lock:
            # Checked under the lock: closing the connection under a running statement crashes SQLite.
            conn = self._conn
            if conn is None:
                raise StoreError(f"the store {self.path} is not open")
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield Transaction(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _migrate(self, conn: sqlite3.Connection) -> None:
        with self._lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                if version > len(MIGRATIONS):
                    raise StoreError(
                        f"{self.path} was written by a newer lobbydesk "
                        f"(schema {version}, this one knows {len(MIGRATIONS)})"
                    )
                for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                    for statement in filter(str.strip, script.split(";")):
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {number}")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
