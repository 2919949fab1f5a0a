"""The console's one search box: a unit, a resident (name or phone), a ticket, a repair, a payment or a receipt.

Pure over the store: each kind is looked up the way a clerk types it (``3-1202``, ``张三``, ``1380013``,
``A012``, ``R0042``, the payment reference, ``2026-000123``), and each hit says where the console
opens it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from desk.ledger import Payment
from desk.queue import QueueTicket
from desk.repairs import Repair
from desk.store import Store
from desk.units import Resident, Unit, UnitIndex

MAX_HITS = 20
TICKET_NUMBER = re.compile(r"^[A-Z]\d{3,}$")
REPAIR_NUMBER = re.compile(r"^R\d{4,}$")
RECEIPT_NUMBER = re.compile(r"^\d{4}-\d{6}$")
PHONE_DIGITS = re.compile(r"^\d{4,}$")


@dataclass(frozen=True)
class Hit:
    """One thing found: what it is, a line about it, and the console page that opens it."""

    kind: str  # unit, resident, ticket, repair, payment
    line: str
    path: str


def search(store: Store, typed: str, now: datetime) -> list[Hit]:
    """What ``typed`` names, best matches first, at most :data:`MAX_HITS`."""
    text = " ".join(typed.split())
    if not text:
        return []
    upper = text.upper()
    hits: list[Hit] = []
    with store.transaction() as tx:
        units = tx.find(Unit)
        index = UnitIndex.of(units)
        labels = {unit.id: unit.label for unit in units}
        unit = index.find(text)
        if unit is not None:
            hits.append(Hit("unit", f"Unit 房号 {unit.label} · owner of record {unit.owner_of_record or '—'}",
                            _owner_file(unit.label)))
        if TICKET_NUMBER.match(upper):
            today = now.date()
            for ticket in tx.find(QueueTicket, "json_extract(body, '$.number') = ?", (upper,)):
                if ticket.issued_at.astimezone(now.tzinfo).date() == today:
                    hits.append(Hit("ticket", f"Ticket 号码 {ticket.number} · {ticket.service.value} · "
                                              f"{ticket.status.value} {ticket.counter}".strip(), "/staff"))
        if REPAIR_NUMBER.match(upper):
            for repair in tx.find(Repair, "json_extract(body, '$.number') = ?", (upper,)):
                hits.append(Hit("repair", f"Repair 报修 {repair.number} · {repair.unit_label} · {repair.status.value}",
                                f"/staff/repairs?open={quote(repair.id)}"))
        payments = tx.find(Payment, "json_extract(body, '$.receipt_number') = ? OR upper(id) = ?", (text, upper)) \
            if RECEIPT_NUMBER.match(text) or "-Y" in upper else []
        for payment in payments:
            opens = "/staff/payments" if payment.status.value == "pending" else _owner_file(payment.unit_label)
            hits.append(Hit("payment", f"Payment 付款 {payment.id} · {payment.unit_label} · ¥{payment.amount} · "
                                       f"{payment.status.value} {payment.receipt_number}".strip(), opens))
        if not hits or not (TICKET_NUMBER.match(upper) or REPAIR_NUMBER.match(upper)):
            hits.extend(_residents(tx.find(Resident), text, labels))
    return hits[:MAX_HITS]


def _residents(residents: list[Resident], text: str, labels: dict[str, str]) -> list[Hit]:
    digits = re.sub(r"\D", "", text)
    found = [r for r in residents
             if text.casefold() in r.name.casefold() or (PHONE_DIGITS.match(digits) and digits in r.phone)]
    found.sort(key=lambda r: (r.moved_out is not None, r.name))
    return [Hit("resident", f"{r.name} · {labels.get(r.unit, r.unit)} · {r.phone}"
                            + (f" · moved out 已迁出 {r.moved_out}" if r.moved_out else ""),
                _owner_file(labels.get(r.unit, r.unit)))
            for r in found]


def _owner_file(label: str) -> str:
    return f"/staff/owners?unit={quote(label)}"
