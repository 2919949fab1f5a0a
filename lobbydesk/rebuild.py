"""The last resort: a new store made from the workbook, when the store and all its backups are gone.

Every synced tab is read once through the site's workbook backend; each row carrying this site's ID
(and, in tabs staff add rows to, other sites' rows meant for this one) is read back into its record
with the sync's own mapping. Unit columns are taken as they read, not looked up: the sync wrote back
what the store held, so the literal cell is the stored value (a label stays a label). The counters that number receipts,
repairs, queue tickets, visitor and event passes are raised past the highest number found, so no
number is given twice. What the workbook never held cannot come back; :data:`NOT_BACK` says what.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from desk.clock import Clock
from desk.events import Signup
from desk.ledger import Payment
from desk.queue import QueueTicket
from desk.records import Owner, Record
from desk.repairs import Repair
from desk.store import Store
from desk.units import Unit
from desk.visitors import Visitor
from sync.backend import WorkbookBackend
from sync.mapping import TabLayout, read_record
from sync.sheet import Ownership, SheetTab, read_sheet

ACTOR = "rebuild from the workbook"
NOT_BACK = (
    "unit PINs and staff passwords are not in the workbook: add every staff login again "
    "(lobbydesk staff add) and give each unit a new PIN (staff console, PIN reset); every unit now shows "
    "'PIN set' as FALSE",
    "the print journal and printer alerts are gone: nothing waiting to print will print",
    "the history before the rebuild is gone: the owner file and lobbydesk history start now",
    "whatever changed after the last sync with the workbook is lost, times keep whole seconds only, and "
    "photos whose files are gone keep only their links",
    "never in the workbook: one-time phone links, who sent anonymous suggestions, sign-in tries and locks",
    "rows already moved to a year's archive workbook (lobbydesk archive) are not read back",
)
_RECEIPT = re.compile(r"^(\d{4})-(\d+)$")
_LETTER_NUMBER = re.compile(r"^([A-Z])(\d+)$")


class RebuildRefusedError(Exception):
    """The store still holds records: a rebuild would mix two pasts. Restore a backup instead."""


@dataclass
class RebuildOutcome:
    """What came back from the workbook, what did not read, and the counters raised."""

    taken: dict[str, int] = field(default_factory=dict)  # tab -> records
    unread: list[tuple[str, str, str]] = field(default_factory=list)  # (tab, ID, why)
    sequences: dict[str, int] = field(default_factory=dict)
    missing_tabs: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """Plain words for the person who ran the rebuild: what is back, and what is not."""
        total = sum(self.taken.values())
        by_tab = ", ".join(f"{tab} {count}" for tab, count in self.taken.items() if count)
        lines = [f"Rebuilt the store from the workbook: {total} records ({by_tab or 'none'})."]
        if self.missing_tabs:
            lines.append(f"The workbook has no tab {', '.join(self.missing_tabs)}: nothing came back from it.")
        if self.unread:
            lines.append(f"{len(self.unread)} rows could not be read and did not come back:")
            lines += [f"  {tab} {record_id}: {why}" for tab, record_id, why in self.unread[:20]]
            if len(self.unread) > 20:
                lines.append(f"  ... and {len(self.unread) - 20} more")
        lines.append("What did not come back:")
        lines += [f"  - {line}" for line in NOT_BACK]
        return "\n".join(lines)


def rebuild_from_workbook(
    store: Store, workbook: WorkbookBackend, kinds: Sequence[type[Record]], clock: Clock, site_code: str
) -> RebuildOutcome:
    """Fill an empty, open store from the open workbook's tabs; raises RebuildRefusedError if it holds records."""
    with store.transaction() as tx:
        if tx.last_revision():
            raise RebuildRefusedError(f"the store {store.path} still holds records: restore a backup "
                                      "(lobbydesk restore) or move the store away before rebuilding")
    layouts = [TabLayout.of(kind) for kind in kinds]
    grids = workbook.read([layout.tab for layout in layouts])
    if not grids.keys() & {layout.tab for layout in layouts}:
        raise RebuildRefusedError(f"{workbook.describe()} has none of lobbydesk's tabs: nothing to rebuild from")
    ownership = Ownership(site_code)
    outcome = RebuildOutcome()
    records: list[Record] = []
    for layout in layouts:
        grid = grids.get(layout.tab)
        if grid is None:
            outcome.missing_tabs.append(layout.tab)
            continue
        sheet = read_sheet(layout, grid, ownership)
        taken = _read_tab(sheet, ownership, clock, outcome)
        if layout.kind is Unit:  # no PIN came back with it
            taken = [unit.model_copy(update={"pin_set": False}) for unit in taken if isinstance(unit, Unit)]
        outcome.taken[layout.tab] = len(taken)
        records += taken
    outcome.sequences = sequences_from(records, clock, site_code)
    now = clock.now()
    with store.transaction() as tx:
        tx.put_many(((record, now) for record in records), actor=ACTOR)
        for scope, value in outcome.sequences.items():
            tx.raise_sequence(scope, value)
    return outcome


def _read_tab(sheet: SheetTab, ownership: Ownership, clock: Clock, outcome: RebuildOutcome) -> list[Record]:
    if sheet.blocked:
        outcome.unread.append((sheet.tab, "(whole tab)", sheet.blocked))
        return []
    rows = dict(sheet.own_rows)
    if sheet.layout.kind.ROWS_FROM is Owner.STAFF:  # shared rows other sites keep, meant for this site too
        rows |= {record_id: index for record_id, index in sheet.other_rows.items()
                 if ownership.is_for_us(sheet.site_of(index))}
    taken = []
    for record_id, index in rows.items():
        reading = read_record(sheet.layout.kind, sheet.cells(index), clock.tz, record_id)
        if reading.problems:
            header, why = next(iter(reading.problems.items()))
            outcome.unread.append((sheet.tab, record_id, f"{header}: {why}" if header else why))
        else:
            taken.append(reading.values["record"])
    return taken


def sequences_from(records: Iterable[Record], clock: Clock, site_code: str) -> dict[str, int]:
    """The highest number each counter has given, as the records show it (the scopes the desks number in)."""
    highest: dict[str, int] = {}

    def saw(scope: str, number: int) -> None:
        highest[scope] = max(highest.get(scope, 0), number)

    for record in records:
        if isinstance(record, Payment) and (receipt := _RECEIPT.match(record.receipt_number)):
            saw(f"receipt:{site_code}:{receipt[1]}", int(receipt[2]))
        elif isinstance(record, Repair) and (repair := _LETTER_NUMBER.match(record.number)):
            saw(f"repairs:{site_code}", int(repair[2]))
        elif isinstance(record, QueueTicket) and (ticket := _LETTER_NUMBER.match(record.number)):
            day = record.issued_at.astimezone(clock.tz).date().isoformat()
            saw(f"queue:{site_code}:{day}:{ticket[1]}", int(ticket[2]))
        elif isinstance(record, Visitor) and (visitor := _LETTER_NUMBER.match(record.pass_number)):
            day = record.arrived_at.astimezone(clock.tz).date().isoformat()
            saw(f"visitor:{site_code}:{day}", int(visitor[2]))
        elif isinstance(record, Signup):
            if record.pass_number.isdigit():
                saw(f"event-pass:{site_code}", int(record.pass_number))
            saw(f"event-line:{record.event}", record.line)
    return highest
