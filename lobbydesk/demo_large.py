"""The large demo: a community of thousands of units with years of history, made straight into the store.

``lobbydesk demo --size large`` makes 2,000 units in 20 buildings and five years of monthly charges and
payments, 50,000 repairs, 150,000 queue tickets, feedback, events with sign-ups and visitors; the first
sync then writes the workbook. Records are made in memory from a seeded random source and the given
time, and put into the store kind by kind, one transaction each (``Transaction.put_many``), so the same
seed and time always give the same community.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from time import perf_counter
from typing import TYPE_CHECKING

from desk.billing import charge_key
from desk.credentials import StaffRole
from desk.events import Event, EventStatus, Signup, SignupStatus
from desk.feedback import Department, Feedback, FeedbackCategory, FeedbackKind, FeedbackStatus
from desk.fees import FeeBasis, FeeRule, Meter
from desk.ids import IdFactory
from desk.ledger import Charge, Payment, PaymentStatus
from desk.money import to_cents
from desk.queue import SERVICE_LETTERS, QueueTicket, Service, TicketStatus
from desk.records import Record
from desk.repairs import Repair, RepairCategory, RepairStatus, Urgency
from desk.store import Store
from desk.units import Resident, ResidentRole, Unit
from desk.visitors import Visitor, VisitPurpose

if TYPE_CHECKING:
    from lobbydesk.site import Site

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超"]
PHRASES = ["水龙头漏水", "插座没电", "暖气不热", "门锁坏了", "下水道堵塞", "灯不亮", "窗户关不上", "墙面渗水"]
ANSWERS = ["已处理，谢谢反馈", "已转工程部跟进", "已安排保洁", "感谢您的建议"]
PROPERTY_RATE = Decimal("2.35")
WATER_RATE = Decimal("3.45")


@dataclass(frozen=True)
class CommunitySize:
    """How big a generated community is; :data:`LARGE` is the issue's, tests take a small one."""

    buildings: int = 20
    units_per_building: int = 100
    years: int = 5
    repairs: int = 50_000
    tickets: int = 150_000
    feedback: int = 5_000
    events_per_month: int = 2
    signups_per_event: int = 20
    visitors: int = 20_000

    def scaled(self, share: float) -> CommunitySize:
        """The same buildings, years and events with the other counts times ``share`` (at least 1 each)."""
        kept = ("buildings", "years", "events_per_month")
        counts = {f.name: max(1, round(getattr(self, f.name) * share)) for f in fields(self) if f.name not in kept}
        return replace(self, **counts)


LARGE = CommunitySize()


class _SeededIds:
    """Random-looking IDs from the seeded source, never the same twice (the store starts empty)."""

    def __init__(self, site_code: str, rng: random.Random) -> None:
        self._factory = IdFactory(site_code, random_bits=rng.getrandbits)
        self._used: set[str] = set()

    def new(self, kind: type[Record]) -> str:
        while True:
            candidate = self._factory.new(kind.ID_KIND)
            if candidate not in self._used:
                self._used.add(candidate)
                return candidate


class _Generator:
    def __init__(self, site_code: str, now: datetime, size: CommunitySize, seed: int) -> None:
        self.site = site_code
        self.now = now
        self.size = size
        self.rng = random.Random(seed)  # noqa: S311 - a demo: the same seed must give the same community
        self.ids = _SeededIds(site_code, self.rng)
        last = now.year * 12 + now.month - 1
        self.months = [divmod(m, 12) for m in range(last - size.years * 12 + 1, last + 1)]
        self.start = datetime(self.months[0][0], self.months[0][1] + 1, 1, tzinfo=now.tzinfo)
        self.units: list[Unit] = []
        self.sequences: dict[str, int] = {}

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=self.now.tzinfo)

    def past_moment(self) -> datetime:
        """A time in office hours between the start of the history and yesterday."""
        days = (self.now.date() - self.start.date()).days
        day = self.start.date() + timedelta(days=self.rng.randrange(days))
        return self.at(day, self.rng.randrange(8, 18), self.rng.randrange(60))

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def units_and_residents(self) -> Iterator[tuple[Record, datetime]]:
        for building in range(1, self.size.buildings + 1):
            for index in range(self.size.units_per_building):
                room = f"{index // 4 + 1}{index % 4 + 1:02d}"
                owner = self.name()
                unit = Unit(id=self.ids.new(Unit), building=str(building), room=room,
                            area_m2=Decimal(self.rng.randrange(6000, 14000)) / 100,
                            heating=self.rng.random() < 0.9, owner_of_record=owner)
                self.units.append(unit)
                yield unit, self.start
                yield Resident(id=self.ids.new(Resident), name=owner, unit=unit.id, role=ResidentRole.OWNER,
                               phone=f"139{self.rng.randrange(10**8):08d}", move_in=date(2015, 1, 1)), self.start

    def ledger(self) -> Iterator[tuple[Record, datetime]]:
        late = {"late_percent_per_day": Decimal("0.05"), "late_cap_percent": Decimal("10")}
        prop = FeeRule(id=self.ids.new(FeeRule), fee="Property fee", basis=FeeBasis.PER_M2_MONTH, rate=PROPERTY_RATE,
                       due_day=15, **late)
        water = FeeRule(id=self.ids.new(FeeRule), fee="Water", basis=FeeBasis.METERED, rate=WATER_RATE,
                        meter=Meter.WATER, collected_for="City Water Co.", due_day=20)
        yield prop, self.start
        yield water, self.start
        for number, (year, month) in enumerate(self.months):
            months_ago = len(self.months) - 1 - number
            period = f"{year:04d}-{month + 1:02d}"
            billed = self.at(date(year, month + 1, 1), 8)
            for unit in self.units:
                charges = [
                    Charge(id=self.ids.new(Charge), unit=unit.id, unit_label=unit.label, fee=prop.fee, period=period,
                           amount=to_cents(unit.area_m2 * PROPERTY_RATE), due=date(year, month + 1, 15),
                           basis=f"{unit.area_m2} m2 x {PROPERTY_RATE}", key=charge_key(unit.id, prop.id, period),
                           created_at=billed, **late),
                    Charge(id=self.ids.new(Charge), unit=unit.id, unit_label=unit.label, fee=water.fee, period=period,
                           amount=to_cents(Decimal(self.rng.randrange(3, 15)) * WATER_RATE),
                           due=date(year, month + 1, 20), collected_for=water.collected_for,
                           key=charge_key(unit.id, water.id, period), created_at=billed),
                ]
                chance = self.rng.random()
                paid_share = 0.6 if months_ago == 0 else 0.9 if months_ago == 1 else 0.99
                if chance >= paid_share + (0.1 if months_ago == 0 else 0):
                    yield from ((charge, billed) for charge in charges)  # still open: arrears
                    continue
                payment_id = self.ids.new(Payment)
                paid_at = billed + timedelta(days=self.rng.randrange(1, 25), hours=self.rng.randrange(9))
                pending = chance >= paid_share
                if pending or paid_at > self.now:
                    paid_at = min(paid_at, self.now - timedelta(hours=1))
                    yield from ((charge, billed) for charge in charges)
                    yield Payment(id=payment_id, unit=unit.id, unit_label=unit.label, method="qr",
                                  amount=sum((c.amount for c in charges), Decimal(0)), created_at=paid_at,
                                  charges=" ".join(c.id for c in charges)), paid_at
                    continue
                scope = f"receipt:{self.site}:{paid_at.year}"
                self.sequences[scope] = self.sequences.get(scope, 0) + 1
                yield from ((charge.model_copy(update={"paid_by": payment_id}), billed) for charge in charges)
                yield Payment(id=payment_id, unit=unit.id, unit_label=unit.label, method="qr",
                              amount=sum((c.amount for c in charges), Decimal(0)), created_at=paid_at,
                              charges=" ".join(c.id for c in charges), status=PaymentStatus.CONFIRMED,
                              confirmed_by="bank statement", confirmed_at=paid_at + timedelta(hours=2),
                              receipt_number=f"{paid_at.year}-{self.sequences[scope]:06d}"), paid_at

    def repairs(self) -> Iterator[tuple[Record, datetime]]:
        moments = sorted(self.past_moment() for _ in range(self.size.repairs))
        recent = self.now - timedelta(days=30)
        for number, reported in enumerate(moments, start=1):
            unit = self.rng.choice(self.units)
            roll = self.rng.random()
            status = (RepairStatus.CANCELLED if roll < 0.05 else RepairStatus.DONE) if reported < recent else \
                self.rng.choice(list(RepairStatus))
            done_at = reported + timedelta(hours=self.rng.randrange(2, 72)) if status is RepairStatus.DONE else None
            if done_at is not None and done_at > self.now:
                done_at = self.now
            yield Repair(id=self.ids.new(Repair), number=f"R{number:04d}", unit=unit.id, unit_label=unit.label,
                         category=self.rng.choice(list(RepairCategory)), urgency=Urgency.NORMAL,
                         description=self.rng.choice(PHRASES), reported_at=reported,
                         due_at=reported + timedelta(days=2), status=status, done_at=done_at,
                         assignee="李师傅" if status is not RepairStatus.NEW else "",
                         rating=self.rng.randrange(3, 6) if done_at and roll > 0.7 else None), reported
        self.sequences[f"repairs:{self.site}"] = len(moments)

    def tickets(self) -> Iterator[tuple[Record, datetime]]:
        days = (self.now.date() - self.start.date()).days  # up to yesterday: today's queue is the live one
        services = list(SERVICE_LETTERS)
        for offset in range(days):
            day = self.start.date() + timedelta(days=offset)
            numbers: dict[Service, int] = {}
            count = (offset + 1) * self.size.tickets // days - offset * self.size.tickets // days  # spread evenly
            for minute in sorted(self.rng.randrange(8 * 60, 17 * 60) for _ in range(count)):
                service = self.rng.choice(services)
                numbers[service] = numbers.get(service, 0) + 1
                issued = self.at(day, minute // 60, minute % 60)
                roll = self.rng.random()
                status = TicketStatus.SERVED if roll < 0.9 else TicketStatus.NO_SHOW if roll < 0.96 else \
                    TicketStatus.CANCELLED
                wait = self.rng.randrange(1, 25)
                called = issued + timedelta(minutes=wait) if status is not TicketStatus.CANCELLED else None
                served = called + timedelta(minutes=self.rng.randrange(2, 12)) if called and \
                    status is TicketStatus.SERVED else None
                yield QueueTicket(
                    id=self.ids.new(QueueTicket), number=f"{SERVICE_LETTERS[service]}{numbers[service]:03d}",
                    service=service, issued_at=issued, status=status, counter=str(self.rng.randrange(1, 4)) if called
                    else "", called_at=called, served_at=served, wait_minutes=wait if called else None,
                    service_minutes=int((served - called).total_seconds() // 60) if served and called else None,
                ), issued

    def feedback(self) -> Iterator[tuple[Record, datetime]]:
        recent = self.now - timedelta(days=14)
        for filed in sorted(self.past_moment() for _ in range(self.size.feedback)):
            unit = self.rng.choice(self.units)
            closed = filed < recent and self.rng.random() < 0.95
            yield Feedback(id=self.ids.new(Feedback), kind=self.rng.choice(list(FeedbackKind)),
                           category=self.rng.choice(list(FeedbackCategory)), text=self.rng.choice(PHRASES),
                           unit=unit.id, unit_label=unit.label, filed_at=filed, department=Department.CUSTOMER_SERVICE,
                           status=FeedbackStatus.CLOSED if closed else FeedbackStatus.NEW,
                           response=self.rng.choice(ANSWERS) if closed else ""), filed

    def events(self) -> Iterator[tuple[Record, datetime]]:
        passes = 0
        for year, month in self.months:
            for index in range(self.size.events_per_month):
                starts = self.at(date(year, month + 1, 10 + 10 * (index % 2)), 14)
                signups: list[Signup] = []
                event_id = self.ids.new(Event)
                title = f"社区活动 {year}-{month + 1:02d} #{index + 1}"
                for line in range(1, self.size.signups_per_event + 1):
                    unit = self.rng.choice(self.units)
                    passes += 1
                    signed = starts - timedelta(days=self.rng.randrange(1, 9), hours=self.rng.randrange(8))
                    status = SignupStatus.ATTENDED if starts < self.now and self.rng.random() < 0.8 else \
                        SignupStatus.SIGNED_UP
                    signups.append(Signup(id=self.ids.new(Signup), event=event_id, event_title=title, unit=unit.id,
                                          unit_label=unit.label, people=1, pass_number=f"{passes:04d}", line=line,
                                          signed_at=signed, status=status,
                                          attended_at=starts if status is SignupStatus.ATTENDED else None))
                yield Event(id=event_id, title_zh=title, title_en=f"Community event {year}-{month + 1:02d}",
                            starts=starts, ends=starts + timedelta(hours=2), place="会所", capacity=len(signups),
                            status=EventStatus.OPEN, taken=len(signups),
                            signup_opens=starts - timedelta(days=10)), starts - timedelta(days=10)
                yield from ((signup, signup.signed_at) for signup in signups)
        self.sequences[f"event-pass:{self.site}"] = passes

    def visitors(self) -> Iterator[tuple[Record, datetime]]:
        for number, arrived in enumerate(sorted(self.past_moment() for _ in range(self.size.visitors)), start=1):
            unit = self.rng.choice(self.units)
            yield Visitor(id=self.ids.new(Visitor), pass_number=f"V{number % 1000:03d}", unit=unit.id,
                          unit_label=unit.label, name=self.name(), purpose=self.rng.choice(list(VisitPurpose)),
                          arrived_at=arrived, valid_until=arrived + timedelta(hours=4),
                          left_at=arrived + timedelta(hours=self.rng.randrange(1, 4))), arrived


def generate_community(
    store: Store, site_code: str, now: datetime, size: CommunitySize = LARGE, *, seed: int = 2026,
    progress: Callable[[str, int], None] = lambda part, count: None,
) -> dict[str, int]:
    """Fill an empty store with a community of ``size`` whose history ends at ``now``; returns counts by tab.

    ``progress`` is told each part's name and how many records it put, as it goes.
    """
    generator = _Generator(site_code, now, size, seed)
    counts: dict[str, int] = {}
    parts = [("units", generator.units_and_residents), ("fees", generator.ledger), ("repairs", generator.repairs),
             ("tickets", generator.tickets), ("feedback", generator.feedback), ("events", generator.events),
             ("visitors", generator.visitors)]
    for part, make in parts:
        with store.transaction() as tx:
            tally = _Tally(make())
            put = tx.put_many(tally, actor="demo")
            for scope, value in generator.sequences.items():
                tx.raise_sequence(scope, value)
        for tab, count in tally.by_tab.items():
            counts[tab] = counts.get(tab, 0) + count
        progress(part, put)
    return counts


class _Tally:
    """Passes records through, counting them by tab."""

    def __init__(self, entries: Iterator[tuple[Record, datetime]]) -> None:
        self._entries = entries
        self.by_tab: dict[str, int] = {}

    def __iter__(self) -> Iterator[tuple[Record, datetime]]:
        for record, at in self._entries:
            self.by_tab[record.TAB] = self.by_tab.get(record.TAB, 0) + 1
            yield record, at


def seed_large_demo(site: Site, size: CommunitySize = LARGE, *, say: Callable[[str], None] = print) -> int:
    """Fill an empty demo store with a large community, add the demo logins, run the first sync; 0 if seeded before."""
    from lobbydesk.demo import DEMO_DESK, DEMO_MANAGER, DEMO_UNIT
    from lobbydesk.demo_community import DEMO_SECOND_UNIT

    with site.store.transaction() as tx:
        if tx.find(Unit):
            return 0
    started = perf_counter()
    counts = generate_community(site.store, site.ids.site_code, site.clock.now(), size,
                                progress=lambda part, count: say(f"  generated {part}: {count:,} records "
                                                                 f"({perf_counter() - started:.1f} s)"))
    site.credentials.add_staff(DEMO_DESK[0], StaffRole.DESK, DEMO_DESK[1])
    site.credentials.add_staff(DEMO_MANAGER[0], StaffRole.MANAGER, DEMO_MANAGER[1])
    for building, room, pin in (DEMO_UNIT, DEMO_SECOND_UNIT):  # the owners the printed logins name
        unit = site.units.find(building, room)
        if unit is not None:
            site.credentials.set_pin(unit.id, pin)
            site.units.mark_pin_set(unit)
    say(f"  {sum(counts.values()):,} records in {perf_counter() - started:.1f} s; first sync with "
        f"{site.workbook.describe()}...")
    synced = perf_counter()
    report = site.sync.run_once()
    say(f"  first sync: {report.summary()} ({perf_counter() - synced:.1f} s)")
    return sum(counts.values())
