"""The ledger index's reads, as a part of a store transaction: a few JSON fields of many rows.

Building every Charges row as a record would cost ~50 times more than letting SQLite extract the
fields the index keeps, so these queries answer plain values, never records.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

# One json_extract with several paths parses each body once and answers a small JSON array.
_CHARGE_FIELDS = (
    "SELECT id, json_extract(body, '$.unit', '$.kind', '$.amount', '$.paid_by', '$.refers_to', '$.due', "
    "'$.late_percent_per_day', '$.late_cap_percent') FROM records WHERE tab = 'Charges' AND revision > ?"
)
_PAYMENT_FIELDS = (
    "SELECT id, json_extract(body, '$.unit', '$.status', '$.amount', '$.charges') "
    "FROM records WHERE tab = 'Payments' AND revision > ?"
)

# The payments confirmed from a moment on, or still pending: what the month figures need of them.
_PAYMENT_TIMES = (
    "SELECT id, json_extract(body, '$.status', '$.confirmed_at', '$.created_at') FROM records "
    "WHERE tab = 'Payments' AND (json_extract(body, '$.confirmed_at') >= ? OR json_extract(body, '$.status') = "
    "'pending')"
)


class LedgerQueries:
    """The ledger's field queries of a store transaction."""

    _conn: sqlite3.Connection

    def charge_fields_since(self, revision: int) -> Iterator[tuple[str, str]]:
        """(ID, JSON array of unit, kind, amount, paid_by, refers_to, due, late %, cap %) of Charges rows
        written after ``revision``."""
        yield from self._conn.execute(_CHARGE_FIELDS, (revision,))

    def payment_fields_since(self, revision: int) -> Iterator[tuple[str, str]]:
        """(ID, JSON array of unit, status, amount, charges) of Payments rows written after ``revision``."""
        yield from self._conn.execute(_PAYMENT_FIELDS, (revision,))

    def payment_times_since(self, moment: str) -> Iterator[tuple[str, str]]:
        """(ID, JSON array of status, confirmed_at, created_at) of the payments confirmed from ``moment`` on
        (ISO text, as stored), or pending."""
        yield from self._conn.execute(_PAYMENT_TIMES, (moment,))

    def first_written_after(self, record_id: str, revision: int) -> bool:
        """Whether a record was first written after ``revision`` (new), rather than changed since."""
        row = self._conn.execute("SELECT min(revision) FROM history WHERE id = ?", (record_id,)).fetchone()
        return row is not None and row[0] is not None and int(row[0]) > revision

    def billed_keys(self, period: str) -> set[str]:
        """The keys of the charges billed for a period (one field of each row, no records built)."""
        rows = self._conn.execute(
            "SELECT json_extract(body, '$.key') FROM records "
            "WHERE tab = 'Charges' AND json_extract(body, '$.period') = ?",
            (period,),
        )
        return {key for (key,) in rows if key}
