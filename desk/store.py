"""The local store: SQLite in the data folder, WAL, versioned migrations, one lock per process.

Every record lives as its JSON body in ``records``; each write also appends to ``history``, whose
row number is the record's revision. The sync compares revisions with ``sync_rows`` to know what
the workbook has not seen yet. ``print_jobs`` is the journal the print worker drains, and
``alerts`` what staff must see to (the printer is out of paper).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Container, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from desk.archive_marks import ArchiveQueries
from desk.clock import Clock
from desk.credential_store import CredentialQueries, StoredCredential
from desk.ids import IdFactory
from desk.ledger_queries import LedgerQueries
from desk.migrations import MIGRATIONS, Migration
from desk.print_journal import Alert, PrintJob, PrintJournalQueries
from desk.records import Record
from desk.sql_chunks import in_chunks
from desk.sync_state import SyncProblem, SyncStateQueries, Unsynced

__all__ = [
    "MIGRATIONS",
    "Alert",
    "HistoryEntry",
    "MigrationFailedError",
    "PrintJob",
    "Store",
    "StoreError",
    "StoredBody",
    "StoredCredential",
    "SyncProblem",
    "Transaction",
    "Unsynced",
]

R = TypeVar("R", bound=Record)


class StoreError(RuntimeError):
    """The store cannot be used: not opened, or written by a newer lobbydesk."""


@dataclass(frozen=True)
class StoredBody:
    """A record of any tab as stored: its JSON body parsed, not validated against a model."""

    tab: str
    id: str
    body: dict[str, Any]


@dataclass(frozen=True)
class HistoryEntry:
    """One stored version of a record: who wrote it, when, and the whole body at that point."""

    revision: int
    tab: str
    at: str
    actor: str
    body: dict[str, Any]


class Transaction(PrintJournalQueries, CredentialQueries, SyncStateQueries, LedgerQueries, ArchiveQueries):
    """Reads and writes inside one SQLite transaction; obtained from :meth:`Store.transaction`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def put(self, record: Record, *, actor: str, at: datetime) -> int:
        """Insert or replace a record, append it to the history; returns its new revision."""
        return self._write(record.TAB, record.id, record.model_dump_json(), actor, at)

    def _write(self, tab: str, record_id: str, body: str, actor: str, at: datetime) -> int:
        cursor = self._conn.execute(
            "INSERT INTO history (tab, id, at, actor, body) VALUES (?, ?, ?, ?, ?)",
            (tab, record_id, at.isoformat(), actor, body),
        )
        revision = int(cursor.lastrowid or 0)
        self._conn.execute(
            "INSERT INTO records (tab, id, body, revision) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (tab, id) DO UPDATE SET body = excluded.body, revision = excluded.revision",
            (tab, record_id, body, revision),
        )
        return revision

    def stored_bodies(self, where: str, params: Sequence[Any] = ()) -> list[StoredBody]:
        """Records of every tab whose body matches an SQL condition, as stored: for upgrades of old bodies."""
        rows = self._conn.execute(
            f"SELECT tab, id, body FROM records WHERE {where} ORDER BY rowid", tuple(params)  # noqa: S608 - ours
        ).fetchall()
        return [StoredBody(tab, record_id, json.loads(body)) for tab, record_id, body in rows]

    def rewrite_body(self, stored: StoredBody, changes: dict[str, Any], *, actor: str, at: datetime) -> int:
        """Change some fields of a stored body, a new version in the history like :meth:`put`; returns its revision.

        For upgrades that change how a value is stored, not what it says: a record in a year's archive
        stays there (its mark moves to the new revision), rather than coming back to the live workbook.
        """
        old_revision = self._revision_in(stored.tab, stored.id)
        body = json.dumps({**stored.body, **changes}, ensure_ascii=False, separators=(",", ":"))
        revision = self._write(stored.tab, stored.id, body, actor, at)
        self._conn.execute(
            "UPDATE archived SET revision = ? WHERE tab = ? AND id = ? AND revision >= ?",
            (revision, stored.tab, stored.id, old_revision),
        )
        return revision

    def _revision_in(self, tab: str, record_id: str) -> int | None:
        row = self._conn.execute("SELECT revision FROM records WHERE tab = ? AND id = ?", (tab, record_id)).fetchone()
        return int(row[0]) if row else None

    def put_many(self, entries: Iterable[tuple[Record, datetime]], *, actor: str) -> int:
        """:meth:`put` for many records (each with the time of its version) in a few statements; returns how many.

        For generating a large community: revisions are numbered here, in the order given, after the
        newest one the history ever had (this transaction holds the write lock, so nobody takes them).
        """
        row = self._conn.execute(
            "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'history'), 0), "
            "coalesce((SELECT max(revision) FROM history), 0))"
        ).fetchone()
        revision = int(row[0] or 0)
        written = 0
        chunk: list[tuple[int, str, str, str, str, str]] = []
        for record, at in entries:
            revision += 1
            chunk.append((revision, record.TAB, record.id, at.isoformat(), actor, record.model_dump_json()))
            if len(chunk) >= 5000:
                written += self._insert_versions(chunk)
                chunk = []
        return written + self._insert_versions(chunk)

    def _insert_versions(self, rows: list[tuple[int, str, str, str, str, str]]) -> int:
        self._conn.executemany(
            "INSERT INTO history (revision, tab, id, at, actor, body) VALUES (?, ?, ?, ?, ?, ?)", rows
        )
        self._conn.executemany(
            "INSERT INTO records (tab, id, body, revision) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (tab, id) DO UPDATE SET body = excluded.body, revision = excluded.revision",
            [(tab, record_id, body, revision) for revision, tab, record_id, _at, _actor, body in rows],
        )
        return len(rows)

    def forget(self, kind: type[Record], record_ids: Sequence[str]) -> None:
        """Delete records of a kind and every version the history kept of them: for what must leave no trace.

        Everything else the store keeps is kept for good. Only for kinds no workbook tab shows (no
        row or agreed cells are left behind). Revisions are never given again (AUTOINCREMENT), though
        ``last_revision`` may go back while the newest one is gone.
        """
        for chunk, marks in in_chunks(record_ids):
            self._conn.execute(f"DELETE FROM history WHERE tab = ? AND id IN ({marks})", (kind.TAB, *chunk))  # noqa: S608
            self._conn.execute(f"DELETE FROM records WHERE tab = ? AND id IN ({marks})", (kind.TAB, *chunk))  # noqa: S608

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

    def new_id(self, ids: IdFactory, kind: type[Record], avoid: Container[str] = ()) -> str:
        """A new ID for a record of this kind that no stored record (and nothing in ``avoid``) has yet.

        The random part repeats within some tens of thousands of IDs of one kind (the birthday bound),
        and :meth:`put` with a repeated ID would silently replace the older record.
        """
        while True:
            candidate = ids.new(kind.ID_KIND)
            if candidate not in avoid and self.revision_of(kind, candidate) is None:
                return candidate

    def new_ids(self, ids: IdFactory, kind: type[Record], count: int) -> list[str]:
        """``count`` distinct new IDs no stored record of the kind has, checked 500 at a time (a billing run)."""
        chosen: list[str] = []
        drawn: set[str] = set()
        while len(chosen) < count:
            batch = list(dict.fromkeys(c for c in (ids.new(kind.ID_KIND) for _ in range(count - len(chosen)))
                                       if c not in drawn))
            drawn.update(batch)
            existing = self.get_many(kind, batch)
            chosen.extend(c for c in batch if c not in existing)
        return chosen

    def next_in_sequence(self, scope: str) -> int:
        """Advance and return the counter named ``scope`` (starts at 1)."""
        row = self._conn.execute(
            "INSERT INTO sequences (scope, value) VALUES (?, 1) "
            "ON CONFLICT (scope) DO UPDATE SET value = value + 1 RETURNING value",
            (scope,),
        ).fetchone()
        return int(row[0])

    def raise_sequence(self, scope: str, value: int) -> None:
        """Make sure the counter named ``scope`` is at least ``value`` (records made in bulk took numbers)."""
        self._conn.execute(
            "INSERT INTO sequences (scope, value) VALUES (?, ?) "
            "ON CONFLICT (scope) DO UPDATE SET value = max(value, excluded.value)",
            (scope, value),
        )

    def changed_since(self, kind: type[R], revision: int) -> list[R]:
        """Records of a kind written after ``revision``, oldest change first (an index makes it cheap)."""
        rows = self._conn.execute(
            "SELECT body FROM records WHERE tab = ? AND revision > ? ORDER BY revision", (kind.TAB, revision)
        ).fetchall()
        return [kind.model_validate_json(body) for (body,) in rows]

    def get_many(self, kind: type[R], record_ids: Iterable[str]) -> dict[str, tuple[R, int]]:
        """The records with these IDs that exist, each with its current revision, by ID."""
        found: dict[str, tuple[R, int]] = {}
        for chunk, marks in in_chunks(record_ids):
            rows = self._conn.execute(
                f"SELECT id, body, revision FROM records WHERE tab = ? AND id IN ({marks})",  # noqa: S608
                (kind.TAB, *chunk),
            )
            for record_id, body, revision in rows:
                found[record_id] = (kind.model_validate_json(body), int(revision))
        return found

    def revision_of(self, kind: type[Record], record_id: str) -> int | None:
        """The current revision of a record, or None if it does not exist."""
        return self._revision_in(kind.TAB, record_id)

    # The print journal. A job's states:
    #   queued -> sending -> sent | failed      one attempt: claimed, then sent or not
    #   failed -> sending                        a retry
    #   queued | failed -> failed                held: the printer said it cannot print (no attempt)
    #   sending -> queued, marked reprint        at worker start: a run died mid-send
    #   queued | failed -> not printed           the site has no printer (printer = "none")
    # Only a claim counts an attempt, and a claim is one UPDATE guarded by the old state, so two
    # workers can never both send a job, and a job left in "sending" shows a send was interrupted.

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


class Store:
    """The SQLite file of one site. Call :meth:`open` before use and :meth:`close` after, or use ``with``."""

    def __init__(self, path: Path, *, migrations: Sequence[Migration] = MIGRATIONS, clock: Clock | None = None) -> None:
        self.path = path
        # The schema's steps; a test passes its own to see what a failing one leaves behind.
        self._migrations = tuple(migrations)
        self._clock = clock or Clock(ZoneInfo("UTC"))
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
        conn.execute("PRAGMA secure_delete=ON")  # what forget() deletes leaves no bytes behind (builds differ)
        try:
            self._migrate(conn)
        except BaseException:
            conn.close()  # a store that cannot be brought up to date is not left half open
            raise
        self._conn = conn

    def close(self) -> None:
        """Close the database; safe to call twice.

        Waits for a transaction running in another thread: closing a connection under a thread
        that is using it can crash the process.
        """
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Store:
        self.open()
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def schema_version(self) -> int:
        """The migration the open database is at."""
        with self.transaction() as _:
            assert self._conn is not None
            return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One write transaction (``BEGIN IMMEDIATE``): committed on exit, rolled back on error."""
        with self._lock:
            conn = self._open_connection()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield Transaction(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[Transaction]:
        """One read transaction (a deferred ``BEGIN``): a consistent snapshot that holds no writer up.

        For long reads (a year of figures) that would keep every kiosk tap waiting inside
        :meth:`transaction`: in WAL mode other connections write meanwhile. Reads only: it is rolled back.
        """
        with self._lock:
            conn = self._open_connection()
            conn.execute("BEGIN")
            try:
                # The snapshot starts at a transaction's first read: here, not at the caller's first query.
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                yield Transaction(conn)
            finally:
                conn.execute("ROLLBACK")

    def _open_connection(self) -> sqlite3.Connection:
        """The connection, or StoreError when closed; call under the lock (closing it under a running
        statement crashes SQLite)."""
        if self._conn is None:
            raise StoreError(f"the store {self.path} is not open")
        return self._conn

    @property
    def backups_folder(self) -> Path:
        """Where copies of the store are kept: ``backups`` beside it (``DATA/backups``)."""
        return self.path.parent / "backups"

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Bring the schema up to date in one transaction, after copying a store that has data to lose.

        Every step runs inside one ``BEGIN IMMEDIATE`` (SQLite's DDL and ``user_version`` are
        transactional), so a step that fails leaves the store exactly at its old schema. A data step
        (Python, see :mod:`desk.migrations`) writes through a :class:`Transaction` of that same
        transaction, its versions dated by the store's clock.
        """
        migrations = self._migrations
        with self._lock:
            version = self._user_version(conn)
            if version > len(migrations):
                raise StoreError(
                    f"{self.path} was written by a newer lobbydesk "
                    f"(schema {version}, this one knows {len(migrations)})"
                )
            copy = self._copy_before_migrating(conn, version) if 0 < version < len(migrations) else None
            conn.execute("BEGIN IMMEDIATE")
            try:
                version = self._user_version(conn)  # another process may have migrated meanwhile
                for number, step in enumerate(migrations[version:], start=version + 1):
                    try:
                        if isinstance(step, str):
                            for statement in filter(str.strip, step.split(";")):
                                conn.execute(statement)
                        else:
                            step(Transaction(conn), self._clock.now())
                    except Exception as failed:  # a data step may fail on a body as much as SQL on the schema
                        raise MigrationFailedError(self.path, version, number, failed, copy) from failed
                    conn.execute(f"PRAGMA user_version = {number}")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @staticmethod
    def _user_version(conn: sqlite3.Connection) -> int:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])

    def _copy_before_migrating(self, conn: sqlite3.Connection, version: int) -> Path:
        """A whole copy of the store at its old schema (SQLite's online backup), in the backups folder."""
        stamp = self._clock.now().astimezone(ZoneInfo("UTC")).strftime("%Y%m%d-%H%M%S")
        self.backups_folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = self.backups_folder / f"pre-migration-{version}-{stamp}.sqlite3"
        partial = target.with_name(target.name + ".partial")
        copy = sqlite3.connect(partial)
        try:
            conn.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            copy.close()
        os.chmod(partial, 0o600)
        os.replace(partial, target)  # only a finished copy carries the real name
        return target


class MigrationFailedError(StoreError):
    """A migration step failed: nothing of the upgrade was kept and the store stays at its old schema."""

    def __init__(self, path: Path, version: int, number: int, failed: Exception, copy: Path | None) -> None:
        kept = f"; a copy taken before is {copy}" if copy is not None else ""
        super().__init__(
            f"the store {path} could not be upgraded: migration {number} failed ({failed}); "
            f"it is left unchanged at schema {version}{kept}; "
            f"run the lobbydesk version that wrote it, or report this message"
        )
        self.copy = copy
