"""Service levels: how many hours a repair may take, by category and urgency, kept by staff.

Each repair gets a due time when it is reported: the report time plus the target hours of the
ServiceLevels row for its category and urgency (a row with category ``any`` covers the rest of an
urgency; the built-in hours cover what the tab does not).
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from desk.clock import Clock
from desk.ids import IdFactory
from desk.records import Owner, Record, column
from desk.store import Store, Transaction

LEVELS_SEEDED_KEY = "repairs:service-levels-seeded"


class RepairCategory(enum.StrEnum):
    """What kind of repair an owner reports."""

    PLUMBING = "plumbing"
    ELECTRICAL = "electrical"
    DOORS = "doors and locks"
    ELEVATOR = "elevator"
    HEATING = "heating"
    PUBLIC_AREA = "public area"
    CLEANING = "cleaning and greening"
    OTHER = "other"


class Urgency(enum.StrEnum):
    """How soon: an emergency alerts the staff console at once and prints an URGENT slip."""

    NORMAL = "normal"
    URGENT = "urgent"
    EMERGENCY = "emergency"


ANY_CATEGORY = "any"


class LevelCategory(enum.StrEnum):
    """A repair category, or ``any`` for a target covering every category of an urgency."""

    ANY = ANY_CATEGORY
    PLUMBING = "plumbing"
    ELECTRICAL = "electrical"
    DOORS = "doors and locks"
    ELEVATOR = "elevator"
    HEATING = "heating"
    PUBLIC_AREA = "public area"
    CLEANING = "cleaning and greening"
    OTHER = "other"


# Target hours when the ServiceLevels tab has no row for a repair.
DEFAULT_HOURS: dict[Urgency, int] = {Urgency.EMERGENCY: 2, Urgency.URGENT: 24, Urgency.NORMAL: 72}


class ServiceLevel(Record):
    """One target staff set: repairs of this category and urgency are due within so many hours."""

    TAB = "ServiceLevels"
    ID_KIND = "L"
    ROWS_FROM = Owner.STAFF

    category: LevelCategory = column("Category", Owner.STAFF)
    urgency: Urgency = column("Urgency", Owner.STAFF)
    target_hours: int = column("Target hours", Owner.STAFF, ge=1, le=24 * 90)


def target_hours(tx: Transaction, category: RepairCategory, urgency: Urgency) -> int:
    """The hours the tab gives a category and urgency: its own row first, then ``any``, then the default."""
    rows = tx.find(ServiceLevel, "json_extract(body, '$.urgency') = ?", (urgency.value,))
    for wanted in (category.value, ANY_CATEGORY):
        for row in rows:
            if row.category.value == wanted:
                return row.target_hours
    return DEFAULT_HOURS[urgency]


def due_time(tx: Transaction, category: RepairCategory, urgency: Urgency, reported_at: datetime) -> datetime:
    """When a repair reported now should be done."""
    return reported_at + timedelta(hours=target_hours(tx, category, urgency))


def seed_service_levels(store: Store, clock: Clock, ids: IdFactory) -> int:
    """Write the default targets once (one ``any`` row per urgency) for staff to edit; later calls add nothing."""
    now = clock.now()
    with store.transaction() as tx:
        if tx.site_state().get(LEVELS_SEEDED_KEY) or tx.find(ServiceLevel):
            return 0
        for urgency, hours in DEFAULT_HOURS.items():
            level = ServiceLevel(id=ids.new(ServiceLevel.ID_KIND), category=LevelCategory.ANY,
                                 urgency=urgency, target_hours=hours)
            tx.put(level, actor="desk", at=now)
        tx.set_site_state({LEVELS_SEEDED_KEY: now.isoformat()})
    return len(DEFAULT_HOURS)
