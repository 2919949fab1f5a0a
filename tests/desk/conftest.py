"""Fixtures for the desk stories: a real store in a temporary folder and a clock that obeys."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.repairs import RepairDesk
from desk.store import Store

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 27, 9, 0, tzinfo=SHANGHAI))


@pytest.fixture
def repairs(store: Store, clock: FixedClock) -> RepairDesk:
    """The repair rules on the test's store, with predictable IDs."""
    return RepairDesk(store, clock, SequentialIds("SUNNY"))
