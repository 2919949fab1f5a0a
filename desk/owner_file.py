"""A unit's owner file: the unit, everyone who ever lived there, and every change, from the store's history.

Nothing is deleted from the file: a resident who moves out keeps their row, marked with the date,
and each version staff or the kiosk ever saved stays in the history table with who and when. A sale
is two rows of one unit: the seller's, marked moved out, and the buyer's; :class:`OwnersOfRecord`
then makes the unit's "Owner of record" name the buyer.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from desk.clock import Clock
from desk.movein import MoveIn
from desk.records import Record
from desk.store import HistoryEntry, Store
from desk.units import Resident, ResidentRole, Unit, UnitIndex

# The kinds a unit's file gathers, with the field naming the unit (None: the unit record itself).
FILE_KINDS: tuple[tuple[type[Record], str | None], ...] = ((Unit, None), (Resident, "unit"), (MoveIn, "unit"))


@dataclass(frozen=True)
class Change:
    """One version saved in the file: when, by whom, which record, and what changed from the one before."""

    at: datetime
    actor: str
    tab: str
    record_id: str
    subject: str  # what the record is, in words: "Resident 张三明", "Unit 3-1202"
    created: bool
    changes: tuple[tuple[str, str, str], ...]  # (column header, before, after)

    def describe(self) -> str:
        """One line: "created: Name 张三明 · Role owner" or "Moved out: (empty) → 2026-11-20"."""
        if self.created:
            shown = [f"{header} {after}" for header, _, after in self.changes if after]
            return "created: " + (" · ".join(shown) if shown else "no values")
        if not self.changes:
            return "saved again, no field changed"
        return "; ".join(f"{header}: {before or '(empty)'} → {after or '(empty)'}"
                         for header, before, after in self.changes)


@dataclass(frozen=True)
class OwnerFile:
    """What the archive keeps about one unit."""

    unit: Unit
    residents: list[Resident]  # current first (owners first), then those who moved out
    changes: list[Change]  # oldest first

    @property
    def current(self) -> list[Resident]:
        """Residents living there now."""
        return [r for r in self.residents if r.moved_out is None]

    @property
    def moved_out(self) -> list[Resident]:
        """Residents who moved out, kept for good."""
        return [r for r in self.residents if r.moved_out is not None]


class OwnerFileError(LookupError):
    """No such unit."""


class OwnerFiles:
    """Reads owner files and marks residents moved out."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def find_unit(self, label: str) -> Unit | None:
        """A unit by its label (``3-1202``, or as a clerk types it: ``3栋1202``) or its ID."""
        with self._store.transaction() as tx:
            by_id = tx.get(Unit, label.strip())
            if by_id is not None:
                return by_id
            return UnitIndex.of(tx.find(Unit)).find(label)

    def file_of(self, unit_id: str) -> OwnerFile:
        """The unit's file with every version of its records, oldest first."""
        tz = self._clock.tz
        with self._store.transaction() as tx:
            unit = tx.get(Unit, unit_id)
            if unit is None:
                raise OwnerFileError(f"there is no unit {unit_id}")
            records: list[tuple[type[Record], Record]] = [(Unit, unit)]
            for kind, field in FILE_KINDS:
                # By ID only: a record still holding a unit as typed names no unit or several (migration 8
                # listed it in Problems), and is in no file until staff say which unit it is.
                if field is not None:
                    records += [(kind, r) for r in tx.find(kind, f"json_extract(body, '$.{field}') = ?", (unit_id,))]
            entries = [(kind, record, tx.history_entries(record.id)) for kind, record in records]
        changes = [change for kind, record, history in entries for change in _changes(kind, record, history, tz)]
        changes.sort(key=lambda c: c.at)
        residents = [r for _, r in records if isinstance(r, Resident)]
        residents.sort(key=lambda r: (r.moved_out is not None, list(ResidentRole).index(r.role), r.move_in or date.min))
        return OwnerFile(unit, residents, changes)

    def today(self) -> date:
        """Today in the site's zone (a move-out is dated today unless staff say otherwise)."""
        return self._clock.now().date()

    def mark_moved_out(self, resident_id: str, on: date, *, actor: str) -> Resident:
        """Mark a resident moved out on a day; the row and its history stay."""
        with self._store.transaction() as tx:
            resident = tx.get(Resident, resident_id)
            if resident is None:
                raise OwnerFileError(f"there is no resident {resident_id}")
            moved = Resident.model_validate({**resident.model_dump(), "moved_out": on})
            tx.put(moved, actor=actor, at=self._clock.now())
        return moved


OWNER_OF_RECORD_ACTOR = "lobbydesk (owner of record follows the Residents tab)"
# How staff separate co-owners in Owner of record: "张三明、李秀英", "Wang Lei / Li Na".
_NAME_SEPARATORS = re.compile(r"[,，、/;；&]+")


class OwnersOfRecord:
    """An after-sync rule: each unit's "Owner of record" names an owner who lives there now.

    When it names nobody among the unit's current owners (the seller, after a sale), it becomes the
    latest current owner: the one who moved in last. A unit without a current owner keeps what it
    says, and so does a unit whose Owner of record already names one of its owners (co-owners are
    staff's choice). It looks at the units whose residents changed since it last looked, and at every
    unit once a day, since a move-out typed ahead takes effect on its day.
    """

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock
        self._seen_revision = 0
        self._seen_day: date | None = None

    def follow_residents(self) -> list[Unit]:
        """Bring Owner of record up to date after a sync; idempotent. Returns the units changed."""
        now = self._clock.now()
        today = now.date()
        changed: list[Unit] = []
        with self._store.transaction() as tx:
            latest = tx.last_revision()
            moved = tx.changed_since(Resident, self._seen_revision) if today == self._seen_day else None
            if moved != []:
                units = UnitIndex.of(tx.find(Unit))
                residents = _by_unit(units, tx.find(Resident))
                looked_at = units.by_id.values() if moved is None else _units_of(units, moved)
                for unit in looked_at:
                    name = owner_of_record(unit, residents.get(unit.id, []), today)
                    if name is not None:
                        renamed = Unit.model_validate({**unit.model_dump(), "owner_of_record": name})
                        tx.put(renamed, actor=OWNER_OF_RECORD_ACTOR, at=now)
                        changed.append(renamed)
        self._seen_revision, self._seen_day = latest, today
        return changed


def owner_of_record(unit: Unit, residents: Iterable[Resident], today: date) -> str | None:
    """The name the unit's Owner of record should say now, or None to leave it as it is."""
    owners = [(r.move_in or date.min, order, r.name) for order, r in enumerate(residents)
              if r.role is ResidentRole.OWNER and (r.move_in is None or r.move_in <= today)
              and (r.moved_out is None or r.moved_out > today)]
    if not owners:
        return None
    named = {part.strip() for part in _NAME_SEPARATORS.split(unit.owner_of_record)}
    if any(name in named for _, _, name in owners):
        return None
    return max(owners)[2]


def _by_unit(units: UnitIndex, residents: Iterable[Resident]) -> dict[str, list[Resident]]:
    found: dict[str, list[Resident]] = {}
    for resident in residents:
        unit = units.find(resident.unit)
        if unit is not None:
            found.setdefault(unit.id, []).append(resident)
    return found


def _units_of(units: UnitIndex, residents: Iterable[Resident]) -> list[Unit]:
    found = {unit.id: unit for unit in (units.find(r.unit) for r in residents) if unit is not None}
    return list(found.values())


def _subject(kind: type[Record], record: Record) -> str:
    if isinstance(record, Unit):
        return f"Unit {record.label}"
    if isinstance(record, Resident):
        return f"Resident {record.name}"
    if isinstance(record, MoveIn):
        return f"Move-in {record.number or record.id}"
    return f"{kind.TAB} {record.id}"


def _changes(kind: type[Record], record: Record, history: list[HistoryEntry], tz: ZoneInfo) -> list[Change]:
    subject = _subject(kind, record)
    found = []
    previous: dict[str, str] | None = None
    for entry in history:
        if entry.tab != kind.TAB:
            continue
        cells = _texts(kind, entry.body, tz)
        if previous is None:
            diff = tuple((header, "", value) for header, value in cells.items())
        else:
            diff = tuple((header, previous.get(header, ""), value) for header, value in cells.items()
                         if previous.get(header, "") != value)
        found.append(Change(datetime.fromisoformat(entry.at).astimezone(tz), entry.actor, entry.tab, record.id,
                            subject, previous is None, diff))
        previous = cells
    return found


def _texts(kind: type[Record], body: dict[str, Any], tz: ZoneInfo) -> dict[str, str]:
    """A version's values by column header, as a person reads them."""
    try:
        values = dict(kind.model_validate(body))
    except ValidationError:  # an old version the model no longer reads: show it as stored
        values = body
    return {spec.header: value_text(values.get(spec.field), tz) for spec in kind.columns() if spec.field != "id"}


def value_text(value: Any, tz: ZoneInfo) -> str:
    """A value as the file prints it: dates as 2026-11-27, times in the site's zone, yes/no."""
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date | Decimal | int):
        return str(value)
    return str(value)
