"""Fixtures for the printing stories: a real store, a clock that obeys, the queue desk, a fake printer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from desk.clock import FixedClock
from tests.printers.fake_printer import FakeNetworkPrinter

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 27, 9, 15, tzinfo=SHANGHAI))




@pytest.fixture
def fake_printer() -> Iterator[FakeNetworkPrinter]:
    """A network printer on 127.0.0.1, online until a story switches it."""
    printer = FakeNetworkPrinter()
    yield printer
    printer.close()
