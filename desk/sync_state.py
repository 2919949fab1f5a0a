"""What the sync keeps in the store: agreed cells, site state, the Problems list."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from desk.records import Record
from desk.sql_chunks import in_chunks


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


class AgreedJson(Mapping[str, str]):
    """A row's agreed cells held as the JSON the store keeps them in: one string, not a dict of texts.

    A first sync agrees on every live row before it writes them; as dicts the archived large demo's
    took 130 MiB at once. Each look decodes the JSON again: use :meth:`as_dict` to look at several cells.
    """

    __slots__ = ("json",)

    def __init__(self, cells: Mapping[str, str]) -> None:
        self.json = agreed_json(cells)

    def as_dict(self) -> dict[str, str]:
        """The cells, decoded once."""
        cells: dict[str, str] = json.loads(self.json)
        return cells

    def __getitem__(self, header: str) -> str:
        return self.as_dict()[header]

    def __iter__(self) -> Iterator[str]:
        return iter(self.as_dict())

    def __len__(self) -> int:
        return len(self.as_dict())


def as_dict(cells: Mapping[str, str]) -> Mapping[str, str]:
    """Agreed cells to look at cell by cell: an :class:`AgreedJson` decoded once, others as they are."""
    return cells.as_dict() if isinstance(cells, AgreedJson) else cells


def agreed_json(cells: Mapping[str, str]) -> str:
    """Agreed cells as the store keeps them."""
    if isinstance(cells, AgreedJson):
        return cells.json
    return json.dumps(cells if isinstance(cells, dict) else dict(cells), ensure_ascii=False)


@dataclass(frozen=True)
class Unsynced:
    """A record the workbook has not seen at its current revision, as stored, with the last agreed cells.

    Held as its JSON and parsed at each look: a first sync merges every live record of a tab, and the
    large demo's 50,000 live charges took 110 MiB as models at once, their JSON a fifth of that.
    """

    kind: type[Record]
    record_id: str
    body: str
    revision: int
    agreed_json: str | None

    def record(self) -> Record:
        """The record, parsed from its body (again at each call)."""
        return self.kind.model_validate_json(self.body)

    def agreed(self) -> dict[str, str] | None:
        """The cells last agreed on; None when the workbook never had the record."""
        return json.loads(self.agreed_json) if self.agreed_json else None


class SyncStateQueries:
    """The sync's part of a store transaction."""

    _conn: sqlite3.Connection

    def unsynced(self, kind: type[Record]) -> list[Unsynced]:
        """Records whose current revision the workbook has not seen, oldest change first."""
        cursor = self._conn.execute(
            "SELECT r.id, r.body, r.revision, s.agreed FROM records r "
            "LEFT JOIN sync_rows s ON s.tab = r.tab AND s.id = r.id "
            "WHERE r.tab = ? AND (s.revision IS NULL OR r.revision > s.revision) "
            # A record moved to a year's archive workbook is not sent to the live one again, unless it
            # changed after it was archived (desk/archive_marks.py).
            "AND NOT EXISTS (SELECT 1 FROM archived a "
            "WHERE a.tab = r.tab AND a.id = r.id AND a.revision >= r.revision) ORDER BY r.revision",
            (kind.TAB,),
        )
        return [Unsynced(kind, record_id, body, revision, agreed) for record_id, body, revision, agreed in cursor]

    def changed_after(self, kind: type[Record], revision: int) -> bool:
        """True when a record of the kind was written after ``revision`` (an index makes it cheap)."""
        row = self._conn.execute(
            "SELECT EXISTS (SELECT 1 FROM records WHERE tab = ? AND revision > ?)", (kind.TAB, revision)
        ).fetchone()
        return bool(row[0])

    def mark_synced(self, kind: type[Record], record_id: str, revision: int, agreed: dict[str, str]) -> None:
        """Remember the cells the workbook and the store agreed on at ``revision``."""
        self._conn.execute(
            "INSERT INTO sync_rows (tab, id, revision, agreed) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (tab, id) DO UPDATE SET revision = excluded.revision, agreed = excluded.agreed",
            (kind.TAB, record_id, revision, json.dumps(agreed, ensure_ascii=False)),
        )

    def mark_synced_many(self, kind: type[Record], rows: Iterable[tuple[str, int, Mapping[str, str]]]) -> None:
        """:meth:`mark_synced` for many records at once: (ID, revision, agreed cells) each."""
        self._conn.executemany(
            "INSERT INTO sync_rows (tab, id, revision, agreed) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (tab, id) DO UPDATE SET revision = excluded.revision, agreed = excluded.agreed",
            ((kind.TAB, record_id, revision, agreed_json(cells)) for record_id, revision, cells in rows),
        )

    def agreed(self, kind: type[Record]) -> dict[str, tuple[int, dict[str, str]]]:
        """The last agreed cells of every synced record of a kind, by ID."""
        return {record_id: (revision, cells) for record_id, revision, cells in self.each_agreed(kind)}

    def each_agreed(self, kind: type[Record]) -> Iterator[tuple[str, int, dict[str, str]]]:
        """The last agreed cells of every synced record of a kind, one at a time: (ID, revision, cells)."""
        rows = self._conn.execute("SELECT id, revision, agreed FROM sync_rows WHERE tab = ?", (kind.TAB,))
        for record_id, revision, agreed in rows:
            yield record_id, revision, json.loads(agreed)

    def agreed_of(self, kind: type[Record], record_ids: Iterable[str]) -> dict[str, dict[str, str]]:
        """The last agreed cells of these records of a kind, by ID (a record never agreed is absent)."""
        found: dict[str, dict[str, str]] = {}
        for chunk, marks in in_chunks(record_ids):
            rows = self._conn.execute(
                f"SELECT id, agreed FROM sync_rows WHERE tab = ? AND id IN ({marks})",  # noqa: S608
                (kind.TAB, *chunk),
            )
            found.update((record_id, json.loads(agreed)) for record_id, agreed in rows)
        return found

    def unsynced_count(self, kind: type[Record], id_prefix: str = "") -> int:
        """How many records of a kind whose IDs start with ``id_prefix`` the workbook has not seen."""
        row = self._conn.execute(
            "SELECT count(*) FROM records r LEFT JOIN sync_rows s ON s.tab = r.tab AND s.id = r.id "
            "WHERE r.tab = ? AND substr(r.id, 1, ?) = ? AND (s.revision IS NULL OR r.revision > s.revision) "
            "AND NOT EXISTS (SELECT 1 FROM archived a "
            "WHERE a.tab = r.tab AND a.id = r.id AND a.revision >= r.revision)",
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
