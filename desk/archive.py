"""Which records a closed year's archive takes, and when to suggest one. Pure: records and times in, a plan out.

The live workbook keeps what staff still work on; rows of a closed year that nobody will change again
move to that year's archive workbook (see ``sync/archive.py``), while the store keeps every record and
its history. What moves, for a year Y before the current one:

- charges of Y that are settled (paid, or waived in full), and the late fees, waivers and refunds that
  follow a moved row (made in Y or before);
- payments made in Y that are confirmed or cancelled, once every charge they settle has moved too;
- repairs reported in Y that are done (and past the week an owner may reopen them) or cancelled;
- feedback filed in Y and closed;
- queue tickets issued in Y; events that started and ended in Y, with their sign-ups; visitors of Y whose
  pass has run out.

Anything open (an unpaid charge, a pending payment, a repair still in hand, unanswered feedback) never moves.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import TypeVar

from desk.events import Event, Signup
from desk.feedback import Feedback, FeedbackStatus
from desk.ledger import Charge, EntryKind, Payment, PaymentStatus
from desk.money import ZERO
from desk.queue import QueueTicket
from desk.records import Record
from desk.repairs import REOPEN_WITHIN, Repair, RepairStatus
from desk.visitors import Visitor

R = TypeVar("R", bound=Record)

# The kinds a year's archive takes, in the order their tabs appear in the archive workbook.
ARCHIVED_KINDS: tuple[type[Record], ...] = (QueueTicket, Repair, Feedback, Charge, Payment, Event, Signup, Visitor)

# Beyond this many rows in one tab the .xlsx read of a changed workbook takes many seconds (bench/sync).
ROWS_PER_TAB_LIMIT = 50_000
# Google Sheets holds at most ten million cells per spreadsheet, counted over every tab's grid.
GOOGLE_CELL_LIMIT = 10_000_000
NEAR_SHARE = 0.8


class YearNotOverError(ValueError):
    """The year asked for is the current one or later: its records may still change."""


@dataclass
class ArchivePlan:
    """The records one year's archive takes, by kind, in the order they were given."""

    year: int
    records: dict[type[Record], Sequence[Record]] = field(default_factory=dict)

    def of(self, kind: type[Record]) -> Sequence[Record]:
        """The records of one kind that move."""
        return self.records.get(kind, ())

    def ids(self) -> set[str]:
        """The IDs of every record that moves."""
        return {record.id for records in self.records.values() for record in records}

    def count(self) -> int:
        """How many records move."""
        return sum(len(records) for records in self.records.values())

    def counts(self) -> dict[str, int]:
        """How many records move, by tab (tabs with none left out)."""
        return {kind.TAB: len(records) for kind, records in self.records.items() if records}


def plan_archive(
    year: int, records: Iterable[Record], now: datetime, archived_before: Container[str] = ()
) -> ArchivePlan:
    """The records of ``year`` that may leave the live workbook, judged at ``now`` (an aware time of the site).

    ``archived_before`` holds the IDs of records an earlier archive took: a waiver or a sign-up follows its
    charge or event there. Raises :class:`YearNotOverError` for the current year or a later one.
    """
    tz = now.tzinfo
    assert tz is not None, "now must be aware"
    if year >= now.year:
        raise YearNotOverError(f"{year} is not over yet; only the rows of a closed year can be archived")
    given = list(records)
    judge = _YearJudge(year, now, tz)
    plan = ArchivePlan(year)
    plan.records[QueueTicket] = [t for t in _only(QueueTicket, given) if judge.ticket_done(t)]
    plan.records[Repair] = [r for r in _only(Repair, given) if judge.repair_closed(r)]
    plan.records[Feedback] = [f for f in _only(Feedback, given) if judge.feedback_closed(f)]
    charges, payments = _ledger(judge, _only(Charge, given), _only(Payment, given), archived_before)
    plan.records[Charge], plan.records[Payment] = charges, payments
    events = [e for e in _only(Event, given) if judge.event_over(e)]
    moving_events = {event.id for event in events}
    plan.records[Event] = events
    plan.records[Signup] = [
        s for s in _only(Signup, given)
        if (s.event in moving_events or s.event in archived_before) and judge.year_of(s.signed_at) <= year
    ]
    plan.records[Visitor] = [v for v in _only(Visitor, given) if judge.visit_over(v)]
    return plan


def _only(kind: type[R], records: Sequence[Record]) -> list[R]:
    return [record for record in records if isinstance(record, kind)]


@dataclass(frozen=True)
class _YearJudge:
    year: int
    now: datetime
    tz: tzinfo

    def year_of(self, moment: datetime) -> int:
        return moment.astimezone(self.tz).year

    def ticket_done(self, ticket: QueueTicket) -> bool:
        return self.year_of(ticket.issued_at) == self.year  # numbers restart daily: a past day's ticket is over

    def repair_closed(self, repair: Repair) -> bool:
        if self.year_of(repair.reported_at) != self.year:
            return False
        if repair.status is RepairStatus.CANCELLED:
            return True
        # A done repair may be reopened for a week: it moves only once that week is over.
        return repair.status is RepairStatus.DONE and (
            repair.done_at is None or self.now - repair.done_at > REOPEN_WITHIN
        )

    def feedback_closed(self, feedback: Feedback) -> bool:
        return feedback.status is FeedbackStatus.CLOSED and self.year_of(feedback.filed_at) == self.year

    def event_over(self, event: Event) -> bool:
        ends = event.ends or event.starts
        return self.year_of(event.starts) == self.year and self.year_of(ends) == self.year and ends < self.now

    def visit_over(self, visitor: Visitor) -> bool:
        return self.year_of(visitor.arrived_at) == self.year and visitor.valid_until < self.now

    def charge_year(self, charge: Charge) -> int:
        if len(charge.period) == 7 and charge.period[:4].isdigit():
            return int(charge.period[:4])  # a charge belongs to the year it bills, whenever it was made
        return self.year_of(charge.created_at)


def _ledger(
    judge: _YearJudge, charges: Sequence[Charge], payments: Sequence[Payment], archived_before: Container[str]
) -> tuple[list[Charge], list[Payment]]:
    """Settled charges of the year, the payments all of whose charges move, and the rows that follow them."""
    waived: dict[str, Decimal] = {}
    for entry in charges:
        if entry.kind is EntryKind.WAIVER and entry.refers_to:
            waived[entry.refers_to] = waived.get(entry.refers_to, ZERO) + entry.amount
    settled = {
        charge.id for charge in charges
        if charge.kind is EntryKind.CHARGE and judge.charge_year(charge) == judge.year
        and (charge.paid_by or waived.get(charge.id, ZERO) >= charge.amount)
    }
    moved = set(settled)
    moving_payments = [
        payment for payment in payments
        if payment.status in (PaymentStatus.CONFIRMED, PaymentStatus.CANCELLED)
        and judge.year_of(payment.created_at) == judge.year
        and all(charge_id in settled or charge_id in archived_before for charge_id in payment.charge_ids)
    ]
    moved.update(payment.id for payment in moving_payments)
    # Late fees follow their payment, waivers their charge, refunds what they refund.
    followers = [
        entry for entry in charges
        if entry.kind is not EntryKind.CHARGE and entry.refers_to
        and (entry.refers_to in moved or entry.refers_to in archived_before)
        and judge.year_of(entry.created_at) <= judge.year
    ]
    moving_charges = [c for c in charges if c.id in settled] + followers
    order = {charge.id: index for index, charge in enumerate(charges)}
    moving_charges.sort(key=lambda charge: order[charge.id])
    return moving_charges, moving_payments


@dataclass(frozen=True)
class TabSize:
    """How big one tab of the live workbook is: data rows and columns."""

    tab: str
    rows: int
    columns: int


def archive_suggestion(
    sizes: Sequence[TabSize],
    oldest_year: int | None,
    today: date,
    *,
    google: bool,
    rows_per_tab: int = ROWS_PER_TAB_LIMIT,
    cell_limit: int = GOOGLE_CELL_LIMIT,
) -> str | None:
    """A line suggesting ``lobbydesk archive`` when the workbook nears its limits; None when it need not.

    Near its limits: a tab over ``rows_per_tab`` rows, or (on Google, whose spreadsheets hold at most
    ten million cells) the tabs' cells over 80 % of ``cell_limit``. ``oldest_year`` is the oldest year
    the live workbook still has rows of (see ``Transaction.oldest_live_year``); only a closed year is
    suggested.
    """
    if oldest_year is None or oldest_year >= today.year:
        return None
    reasons = [f"{size.tab} has {size.rows:,} rows" for size in sizes if size.rows > rows_per_tab]
    cells = sum((size.rows + 1) * size.columns for size in sizes)
    if google and cells > NEAR_SHARE * cell_limit:
        reasons.append(f"the spreadsheet uses {cells:,} of Google's {cell_limit:,} cells")
    if not reasons:
        return None
    return (f"the workbook nears its limits ({'; '.join(reasons)}): rows of {oldest_year} can be archived: "
            f"lobbydesk archive --year {oldest_year}")


# The oldest year the live workbook still shows, for the suggestion: told by the kinds whose rows of a
# closed year all move (an unpaid charge of 2022 stays live, and would name 2022 forever).
DATED_FIELDS: tuple[tuple[type[Record], str], ...] = ((QueueTicket, "issued_at"), (Visitor, "arrived_at"))
