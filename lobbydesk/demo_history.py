"""Half a year of the demo community's past, so the dashboard and the monthly report have something to chart.

Repairs with ratings and some late, complaints, queue days, events with turnout, and owners of other
units paying most of their billed charges (building 1 best, building 3 worst). Seeded from a fixed
random generator: every demo shows the same figures.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from desk.events import Event, Signup, SignupStatus
from desk.feedback import Feedback, FeedbackCategory, FeedbackKind, FeedbackStatus, route
from desk.ledger import Charge, EntryKind, Payment, PaymentStatus
from desk.queue import SERVICE_LETTERS, QueueTicket, Service, TicketStatus
from desk.repairs import DEFAULT_DEPARTMENT, Repair, RepairCategory, RepairStatus, Urgency
from desk.service_levels import due_time
from desk.store import Transaction
from desk.units import Unit

if TYPE_CHECKING:
    from lobbydesk.site import Site

HISTORY_MONTHS = 6
PAID_SHARE = {"1": 0.95, "2": 0.8, "3": 0.6}  # of each building's charges billed before this month


def seed_history(site: Site, demo_unit_id: str) -> int:
    """Add the past half year; returns how many records were added."""
    chance = random.Random(2026)  # noqa: S311 - demo figures, not secrets
    now = site.clock.now()
    first_days = [_month_start(now, back) for back in range(HISTORY_MONTHS, 0, -1)]
    added = 0
    with site.store.transaction() as tx:
        units = [u for u in tx.find(Unit) if u.id != demo_unit_id]
        for first in first_days:
            added += _repairs(site, tx, chance, units, first)
            added += _complaints(site, tx, chance, units, first)
            added += _queue_days(site, tx, chance, first)
            added += _event(site, tx, chance, units, first)
        added += _payments(site, tx, chance, units, now)
    return added


def _month_start(now: datetime, back: int) -> datetime:
    index = now.year * 12 + now.month - 1 - back
    return datetime.combine(datetime(index // 12, index % 12 + 1, 1).date(), time(9), now.tzinfo)


def _repairs(site: Site, tx: Transaction, chance: random.Random, units: list[Unit], first: datetime) -> int:
    categories = list(RepairCategory)
    for index in range(chance.randint(6, 10)):
        unit = chance.choice(units)
        category = categories[(index + first.month) % len(categories)]
        reported = first + timedelta(days=chance.randint(0, 25), hours=chance.randint(0, 8))
        due = due_time(tx, category, Urgency.NORMAL, reported)
        cancelled = chance.random() < 0.08
        done = (reported + (due - reported) * chance.uniform(0.3, 1.6)).replace(microsecond=0)  # as a sheet keeps it
        rating = chance.choice([5, 5, 5, 4, 4, 4, 3, 2, None, None]) if not cancelled else None
        sequence = tx.next_in_sequence(f"repairs:{site.ids.site_code}")
        tx.put(Repair(id=tx.new_id(site.ids, Repair), number=f"R{sequence:04d}", unit=unit.id, unit_label=unit.label,
                      category=category, description=f"{category.value} (demo history)", reported_at=reported,
                      due_at=due, status=RepairStatus.CANCELLED if cancelled else RepairStatus.DONE,
                      department=DEFAULT_DEPARTMENT[category], assignee="李师傅",
                      done_at=None if cancelled else done, overdue=not cancelled and done > due, rating=rating,
                      reopened=1 if rating is not None and rating <= 2 else 0),
               actor="demo", at=reported)
    return index + 1


def _complaints(site: Site, tx: Transaction, chance: random.Random, units: list[Unit], first: datetime) -> int:
    topics = [FeedbackCategory.NEIGHBOURS, FeedbackCategory.PARKING, FeedbackCategory.CLEANING,
              FeedbackCategory.FEES, FeedbackCategory.SECURITY, FeedbackCategory.STAFF]
    count = chance.randint(2, 6)
    for _ in range(count):
        unit = chance.choice(units)
        topic = chance.choice(topics)
        tx.put(Feedback(id=tx.new_id(site.ids, Feedback), kind=FeedbackKind.COMPLAINT, category=topic,
                        text="（演示）Demo complaint", unit=unit.id, unit_label=unit.label,
                        filed_at=first + timedelta(days=chance.randint(0, 26), hours=chance.randint(0, 9)),
                        department=route(tx, topic), status=FeedbackStatus.CLOSED), actor="demo", at=first)
    return count


def _queue_days(site: Site, tx: Transaction, chance: random.Random, first: datetime) -> int:
    """Four busy days a month: longer waits in the morning rush and after work."""
    services = [Service.INQUIRY, Service.INQUIRY, Service.PAYMENT, Service.PAYMENT, Service.REPAIR, Service.COMPLAINT]
    added = 0
    for day in (2, 9, 16, 23):
        numbers: dict[Service, int] = defaultdict(int)
        for _ in range(chance.randint(8, 14)):
            service = chance.choice(services)
            numbers[service] += 1
            issued = first + timedelta(days=day - 1, hours=chance.randint(-1, 8), minutes=chance.randint(0, 59))
            rush = issued.hour in (8, 9, 16, 17)
            wait = chance.randint(8, 25) if rush else chance.randint(1, 10)
            served = chance.randint(3, 12)
            tx.put(QueueTicket(id=tx.new_id(site.ids, QueueTicket),
                               number=f"{SERVICE_LETTERS[service]}{numbers[service]:03d}", service=service,
                               issued_at=issued, status=TicketStatus.SERVED, counter="1",
                               called_at=issued + timedelta(minutes=wait),
                               served_at=issued + timedelta(minutes=wait + served), wait_minutes=wait,
                               service_minutes=served), actor="demo", at=issued)
            added += 1
    return added


def _event(site: Site, tx: Transaction, chance: random.Random, units: list[Unit], first: datetime) -> int:
    titles = [("邻里茶话会", "Neighbours' tea"), ("亲子手工课", "Family crafts"), ("健康讲座", "Health talk"),
              ("广场舞比赛", "Square dance contest"), ("消防演练", "Fire drill"), ("读书会", "Book club")]
    zh, en = titles[first.month % len(titles)]
    starts = first + timedelta(days=18, hours=5)
    event = Event(id=tx.new_id(site.ids, Event), title_zh=zh, title_en=en, starts=starts, place="会所 Clubhouse",
                  capacity=30)
    people_total = 0
    signups = []
    for line, unit in enumerate(chance.sample(units, 9), start=1):
        people = chance.randint(1, 3)
        people_total += people
        attended = chance.random() < 0.8
        signups.append(Signup(id=tx.new_id(site.ids, Signup), event=event.id, event_title=zh, unit=unit.id,
                              unit_label=unit.label, people=people, pass_number=f"{first.month:02d}{line:02d}",
                              line=line, signed_at=starts - timedelta(days=7),
                              status=SignupStatus.ATTENDED if attended else SignupStatus.SIGNED_UP,
                              attended_at=starts if attended else None))
    tx.put(event.model_copy(update={"taken": people_total}), actor="demo", at=first)
    for signup in signups:
        tx.put(signup, actor="demo", at=first)
    return 1 + len(signups)


def _payments(site: Site, tx: Transaction, chance: random.Random, units: list[Unit], now: datetime) -> int:
    """Most owners of other units paid their billed months, each month in one payment."""
    this_month = f"{now:%Y-%m}"
    added = 0
    for unit in units:
        owing: dict[str, list[Charge]] = defaultdict(list)
        for charge in tx.find(Charge, "json_extract(body, '$.unit') = ?", (unit.id,)):
            if charge.kind is EntryKind.CHARGE and not charge.paid_by:
                owing[charge.period].append(charge)
        for period, charges in sorted(owing.items()):
            share = PAID_SHARE.get(unit.building, 0.7) * (0.4 if period == this_month else 1.0)
            if chance.random() >= share:
                continue
            # Paid in the month billed (the demo bills its months all at once, today).
            billed = datetime.combine(date.fromisoformat(f"{period}-01"), time(10), now.tzinfo)
            paid_at = min(billed + timedelta(days=chance.randint(3, 24)), now - timedelta(hours=1))
            payment = Payment(id=tx.new_id(site.ids, Payment), unit=unit.id, unit_label=unit.label,
                              amount=sum((c.amount for c in charges), Decimal(0)),
                              charges=" ".join(c.id for c in charges), method="counter", created_at=paid_at,
                              status=PaymentStatus.CONFIRMED, confirmed_by="demo", confirmed_at=paid_at)
            tx.put(payment, actor="demo", at=paid_at)
            for charge in charges:
                tx.put(charge.model_copy(update={"paid_by": payment.id}), actor="demo", at=paid_at)
            added += 1
    return added
