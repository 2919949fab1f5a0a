"""Hashed unit PINs and staff passwords, and the tries made at them, as queries on the store's connection."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

NO_SECRET = ""  # the hash of a unit whose PIN is not set yet: its row only counts wrong tries


@dataclass(frozen=True)
class StoredCredential:
    """A hashed secret (or :data:`NO_SECRET`) with its failure count and lockout."""

    hashed: str
    role: str
    failures: int
    locked_until: datetime | None


class CredentialQueries:
    """The credentials' part of a store transaction."""

    _conn: sqlite3.Connection

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

    def hold_credential_without_secret(self, kind: str, subject: str, *, at: datetime) -> None:
        """Give a subject with no secret a row (hash :data:`NO_SECRET`) so its wrong tries count too."""
        self._conn.execute(
            "INSERT INTO credentials (kind, subject, hash, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (kind, subject) DO NOTHING",
            (kind, subject, NO_SECRET, at.isoformat()),
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
        """Every (subject, role) holding a secret of a kind."""
        rows = self._conn.execute(
            "SELECT subject, role FROM credentials WHERE kind = ? AND hash != ? ORDER BY subject", (kind, NO_SECRET)
        )
        return [(str(subject), str(role)) for subject, role in rows]

    # A try's result: pending (its hash is running) -> right | wrong; or refused when it was taken
    # (locked or throttled: no hash ran). A pending row whose process died stays pending.

    def add_sign_in_attempt(
        self, kind: str, subject: str, *, browser: str, address: str, at: datetime, result: str
    ) -> int:
        """Note a try; returns its number (later tries have higher numbers)."""
        cursor = self._conn.execute(
            "INSERT INTO sign_in_attempts (kind, subject, browser, address, at, result) VALUES (?, ?, ?, ?, ?, ?)",
            (kind, subject, browser, address, at.timestamp(), result),
        )
        return int(cursor.lastrowid or 0)

    def settle_sign_in_attempt(self, attempt: int, result: str) -> None:
        """Record how a pending try ended: ``right`` or ``wrong``."""
        self._conn.execute("UPDATE sign_in_attempts SET result = ? WHERE id = ?", (result, attempt))

    def pending_sign_in_attempts(self, kind: str, subject: str, *, since: datetime) -> int:
        """How many tries at a subject, taken since ``since``, are still waiting for their hash."""
        row = self._conn.execute(
            "SELECT count(*) FROM sign_in_attempts WHERE kind = ? AND subject = ? AND result = 'pending' AND at >= ?",
            (kind, subject, since.timestamp()),
        ).fetchone()
        return int(row[0])

    def sign_in_attempts_after(self, kind: str, subject: str, attempt: int) -> int:
        """How many tries at a subject were taken after try number ``attempt`` (refused ones too)."""
        row = self._conn.execute(
            "SELECT count(*) FROM sign_in_attempts WHERE kind = ? AND subject = ? AND id > ?",
            (kind, subject, attempt),
        ).fetchone()
        return int(row[0])

    def failed_sign_in_times(self, kind: str, *, since: datetime, browser: str = "", address: str = "") -> list[float]:
        """When the wrong or pending tries of a kind after ``since`` were taken (epoch seconds), newest first.

        Only one browser's or one address's tries when ``browser`` or ``address`` is given.
        """
        where, params = "kind = ? AND at > ? AND result IN ('pending', 'wrong')", [kind, since.timestamp()]
        if browser:
            where, params = where + " AND browser = ?", [*params, browser]
        if address:
            where, params = where + " AND address = ?", [*params, address]
        rows = self._conn.execute(
            f"SELECT at FROM sign_in_attempts WHERE {where} ORDER BY at DESC",  # noqa: S608 - where is ours
            params,
        )
        return [float(at) for (at,) in rows]

    def forget_sign_in_attempts(self, *, before: datetime) -> None:
        """Drop the tries taken before ``before``: no window looks that far back."""
        self._conn.execute("DELETE FROM sign_in_attempts WHERE at < ?", (before.timestamp(),))
