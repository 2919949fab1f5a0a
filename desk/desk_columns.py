"""The columns of what the desk holds for a unit (a parcel, a key): the unit it is for, and the clerks who handled it.

Declared once so each tab reads the unit and fits a clerk's name alike.
"""

from __future__ import annotations

from typing import Any

from desk.records import Owner, column

STAFF_NAME_MAX = 60


def unit_column() -> Any:
    """The ``Unit`` column: the unit's record ID."""
    return column("Unit", Owner.KIOSK, min_length=1)


def unit_label_column() -> Any:
    """The ``Unit label`` column: the unit as people say it (``3-1202``)."""
    return column("Unit label", Owner.KIOSK, default="", max_length=40)


def staff_column(header: str) -> Any:
    """A column naming the clerk who did something (``Received by``), blank until someone did."""
    return column(header, Owner.KIOSK, default="", max_length=STAFF_NAME_MAX)


def staff_name(staff: str) -> str:
    """A clerk's name as it fits a :func:`staff_column`."""
    return staff[:STAFF_NAME_MAX]
