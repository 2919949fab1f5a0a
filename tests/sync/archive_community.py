"""A small community with a closed year (2025) and a current one (2026), synced to a live workbook."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from desk.clock import FixedClock
from desk.events import Event, Signup
from desk.feedback import Feedback, FeedbackCategory, FeedbackKind, FeedbackStatus
from desk.ids import SequentialIds
from desk.ledger import Charge, Payment, PaymentStatus
from desk.queue import QueueTicket, Service, TicketStatus
from desk.records import Record
from desk.repairs import Repair, RepairCategory, RepairStatus
from desk.store import Store
from desk.units import Unit
from desk.visitors import Visitor, VisitPurpose
from sync.backend import WorkbookBackend
from sync.engine import SYNCED_KINDS, SyncEngine
from sync.memory import MemoryWorkbook
from sync.report import CycleReport

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=ZONE)

# What the archive of 2025 takes, and what stays in the live workbook whatever happens.
MOVES = {"SUNNY-C-PAID", "SUNNY-Y-PAID", "SUNNY-T-OLD", "SUNNY-R-DONE", "SUNNY-F-CLOSED", "SUNNY-E-OLD",
         "SUNNY-S-OLD", "SUNNY-V-OLD"}
STAYS = {"SUNNY-C-UNPAID", "SUNNY-Y-PENDING", "SUNNY-T-NEW", "SUNNY-R-OPEN", "SUNNY-F-NEW", "SUNNY-U-1"}


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=ZONE)


def community() -> list[Record]:
    """One unit's records: closed ones of 2025, and open or current ones that must stay live."""
    unit = "SUNNY-U-1"
    return [
        Unit(id=unit, building="3", room="1202"),
        Charge(id="SUNNY-C-PAID", unit=unit, fee="Property fee", period="2025-05", amount=Decimal("170.14"),
               paid_by="SUNNY-Y-PAID", created_at=at(2025, 5, 1)),
        Payment(id="SUNNY-Y-PAID", unit=unit, amount=Decimal("170.14"), charges="SUNNY-C-PAID",
                status=PaymentStatus.CONFIRMED, receipt_number="2025-000001", created_at=at(2025, 5, 9)),
        Charge(id="SUNNY-C-UNPAID", unit=unit, fee="Property fee", period="2025-06", amount=Decimal("170.14"),
               created_at=at(2025, 6, 1)),
        Payment(id="SUNNY-Y-PENDING", unit=unit, amount=Decimal("170.14"), charges="SUNNY-C-UNPAID",
                created_at=at(2025, 6, 9)),
        QueueTicket(id="SUNNY-T-OLD", number="A001", service=Service.INQUIRY, issued_at=at(2025, 7, 1),
                    status=TicketStatus.SERVED),
        QueueTicket(id="SUNNY-T-NEW", number="A001", service=Service.INQUIRY, issued_at=at(2026, 3, 2, 9)),
        Repair(id="SUNNY-R-DONE", number="R0001", unit=unit, category=RepairCategory.PLUMBING,
               reported_at=at(2025, 8, 1), due_at=at(2025, 8, 3), status=RepairStatus.DONE, done_at=at(2025, 8, 2)),
        Repair(id="SUNNY-R-OPEN", number="R0002", unit=unit, category=RepairCategory.HEATING,
               reported_at=at(2025, 11, 1), due_at=at(2025, 11, 3), status=RepairStatus.ON_HOLD),
        Feedback(id="SUNNY-F-CLOSED", kind=FeedbackKind.COMPLAINT, category=FeedbackCategory.CLEANING,
                 filed_at=at(2025, 4, 4), status=FeedbackStatus.CLOSED, response="已处理"),
        Feedback(id="SUNNY-F-NEW", kind=FeedbackKind.INQUIRY, category=FeedbackCategory.FEES, filed_at=at(2025, 12, 4)),
        Event(id="SUNNY-E-OLD", title_zh="中秋晚会", starts=at(2025, 9, 20, 18), capacity=30),
        Signup(id="SUNNY-S-OLD", event="SUNNY-E-OLD", unit=unit, people=2, pass_number="0001", line=1,
               signed_at=at(2025, 9, 10)),
        Visitor(id="SUNNY-V-OLD", pass_number="V001", unit=unit, name="王伟", purpose=VisitPurpose.VISIT,
                arrived_at=at(2025, 10, 10), valid_until=at(2025, 10, 10, 14)),
    ]


def fill(store: Store) -> None:
    """Put the community into the store, each record written once, on the day it was made."""
    with store.transaction() as tx:
        for record in community():
            tx.put(record, actor="kiosk", at=NOW - timedelta(days=200))


def sync(store: Store, live: WorkbookBackend) -> CycleReport:
    """One cycle of a freshly started engine, as ``lobbydesk sync --once`` runs it."""
    return SyncEngine(store, live, SYNCED_KINDS, FixedClock(NOW), ids=SequentialIds("SUNNY")).run_once()


def ids_in(workbook: MemoryWorkbook) -> Counter[str]:
    """Every record ID in the workbook's record tabs, with how often it appears (1 each, when nothing is doubled)."""
    found: Counter[str] = Counter()
    for tab in workbook.tab_names():
        if tab in ("Settings", "Problems"):
            continue
        found.update(str(row["ID"]) for row in workbook.rows_by_header(tab) if row.get("ID"))
    return found
