"""Slips as a front desk fills them in, for the layout stories; ``replace`` changes one fact."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from printers.slips import (
    Charge,
    EventPassSlip,
    PinSlip,
    QueueTicketSlip,
    ReceiptSlip,
    RepairSlip,
    VisitorPassSlip,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 11, 27, 9, 15, tzinfo=SHANGHAI)
BASE = "https://desk.example.org"

S = TypeVar("S")


def replace(slip: S, **changes: Any) -> S:
    """The slip with some fields changed (and checked again)."""
    return dataclasses.replace(slip, **changes)  # type: ignore[type-var]


QUEUE_TICKET = QueueTicketSlip("阳光花园", "A012", "咨询", AT, 3, f"{BASE}/t/SUNNY-T000012", "zh")

REPAIR = RepairSlip(
    community_name="阳光花园",
    number="R0042",
    unit="3-2-501",
    category="水电",
    description="厨房水龙头一直滴水，关紧后仍然漏。",
    reported_at=AT,
    status_url=f"{BASE}/r/SUNNY-R000042",
    language="zh",
    visit_booked_at=AT + timedelta(days=1, hours=5),
)

RECEIPT = ReceiptSlip(
    community_name="阳光花园",
    receipt_number="SUNNY-P000123",
    unit="3-2-501",
    charges=(
        Charge("物业费 2026-11", Decimal("356.40")),
        Charge("取暖费 2026-2027", Decimal("2100.00")),
        Charge("水费 10月", Decimal("48.75")),
    ),
    state="paid",
    issued_at=AT,
    status_url=f"{BASE}/p/SUNNY-P000123",
    language="zh",
    method="微信支付",
    reference="PAY-20261127-0042",
)

EVENT_PASS = EventPassSlip(
    community_name="Sunny Garden",
    pass_number="E017",
    event_title="Mid-Autumn lantern evening in the garden",
    starts_at=AT + timedelta(days=3, hours=10),
    place="Clubhouse hall",
    unit="3-2-501",
    people=2,
    issued_at=AT,
    status_url=f"{BASE}/e/SUNNY-E000017",
    language="en",
    ends_at=AT + timedelta(days=3, hours=12),
)

VISITOR_PASS = VisitorPassSlip(
    community_name="阳光花园",
    pass_number="V023",
    visiting_unit="5-1-1202",
    valid_until=AT + timedelta(hours=8),
    issued_at=AT,
    status_url=f"{BASE}/v/SUNNY-V000023",
    language="zh",
    visitor="快递",
    vehicle_plate="京A12345",
)

PIN = PinSlip(
    community_name="阳光花园",
    pin="482913",
    purpose="手机账户开通密码",
    unit="3-2-501",
    issued_at=AT,
    language="zh",
    valid_until=AT + timedelta(days=7),
)
