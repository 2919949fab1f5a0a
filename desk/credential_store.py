"""Hashed unit PINs and staff passwords, as queries on the store's connection."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class StoredCredential:
    """A hashed secret with its failure count and lockout."""

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
