"""The store's part of the year archive: which records left the live workbook for an archive workbook.

A mark says a record, at a revision, now lives in the archive workbook of a year. The store keeps the
record and its history; the sync (``SyncStateQueries.unsynced``) does not send a marked record to the
live workbook again, and forgets the cells it last agreed on there, so the row's absence is not taken
for a staff deletion. A record that changes after it was marked is live again: its new revision is
sent like any other.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TypeVar

from desk.records import Record
from desk.sql_chunks import in_chunks

R = TypeVar("R", bound=Record)

# The key under which SyncEngines stamp the store when they write the agreed cells (sync/agreed.py,
# GENERATION_KEY); a new stamp makes every engine reload them, so none keeps an archived row as agreed.
SYNC_GENERATION_KEY = "sync.generation"


class ArchiveQueries:
    """The archive's part of a store transaction."""

    _conn: sqlite3.Connection

    def mark_archived(self, kind: type[Record], marks: Iterable[tuple[str, int]], year: int, at: datetime) -> int:
        """Mark records (ID, revision) as moved to ``year``'s archive and forget their agreed cells; idempotent."""
        rows = [(kind.TAB, record_id, year, revision, at.isoformat()) for record_id, revision in marks]
        self._conn.executemany(
            "INSERT INTO archived (tab, id, year, revision, at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (tab, id) DO UPDATE SET year = excluded.year, revision = excluded.revision, at = excluded.at",
            rows,
        )
        self.forget_agreed_of_archived()
        return len(rows)

    def forget_agreed_of_archived(self) -> int:
        """Drop the agreed cells of records archived at (or after) the revision agreed; says how many went.

        Run again after the rows left the live workbook: a sync cycle that ran meanwhile may have
        agreed on a row once more. Every engine reloads its agreed cells when this changed any.
        """
        cursor = self._conn.execute(
            "DELETE FROM sync_rows WHERE EXISTS (SELECT 1 FROM archived a "
            "WHERE a.tab = sync_rows.tab AND a.id = sync_rows.id AND a.revision >= sync_rows.revision)"
        )
        forgotten = cursor.rowcount
        if forgotten:
            self._conn.execute(
                "INSERT INTO site_state (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (SYNC_GENERATION_KEY, f"archive-{uuid.uuid4().hex}"),
            )
        return forgotten

    def with_revisions(self, kind: type[R], date_field: str | None = None, up_to_year: int = 0) -> list[tuple[R, int]]:
        """Records of a kind with their current revision; with ``date_field``, only those dated up to a year."""
        query, params = "SELECT body, revision FROM records WHERE tab = ?", [kind.TAB]
        if date_field is not None:
            query += " AND substr(json_extract(body, ?), 1, 4) <= ?"
            params += [f"$.{date_field}", f"{up_to_year:04d}"]
        rows = self._conn.execute(query + " ORDER BY rowid", params).fetchall()
        return [(kind.model_validate_json(body), int(revision)) for body, revision in rows]

    def archived_among(self, kind: type[Record], record_ids: Iterable[str]) -> set[str]:
        """Those of these IDs whose record is archived at its current revision (not changed since)."""
        found: set[str] = set()
        for chunk, marks in in_chunks(record_ids):
            rows = self._conn.execute(
                "SELECT a.id FROM archived a JOIN records r ON r.tab = a.tab AND r.id = a.id "  # noqa: S608 - only ?s
                f"WHERE a.tab = ? AND a.revision >= r.revision AND a.id IN ({marks})",
                (kind.TAB, *chunk),
            )
            found.update(record_id for (record_id,) in rows)
        return found

    def archived_ids(self, kind: type[Record], year: int | None = None) -> dict[str, int]:
        """The archived records of a kind (of one year's archive, if given), with the revision archived."""
        query = "SELECT id, revision FROM archived WHERE tab = ?"
        params: tuple[object, ...] = (kind.TAB,)
        if year is not None:
            query += " AND year = ?"
            params += (year,)
        return {record_id: int(revision) for record_id, revision in self._conn.execute(query, params)}

    def archived_years(self) -> dict[int, int]:
        """How many records each year's archive holds, by year."""
        rows = self._conn.execute("SELECT year, count(*) FROM archived GROUP BY year ORDER BY year")
        return {int(year): int(count) for year, count in rows}

    def oldest_live_year(self, dated: Sequence[tuple[type[Record], str]]) -> int | None:
        """The oldest year of records still in the live workbook, by each kind's date field (as stored)."""
        years = []
        for kind, date_field in dated:
            row = self._conn.execute(
                "SELECT min(substr(json_extract(r.body, ?), 1, 4)) FROM records r WHERE r.tab = ? "
                "AND NOT EXISTS (SELECT 1 FROM archived a WHERE a.tab = r.tab AND a.id = r.id "
                "AND a.revision >= r.revision)",
                (f"$.{date_field}", kind.TAB),
            ).fetchone()
            if row[0] and str(row[0]).isdigit():
                years.append(int(row[0]))
        return min(years, default=None)
