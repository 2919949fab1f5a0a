"""Shared scenery for the sync stories: a site's store, clock and queue desk, and workbooks to sync with."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.queue import QueueDesk
from desk.store import Store
from sync.backend import Grid, WorkbookBackend, WriteBatch
from sync.google import GoogleSheetsWorkbook
from sync.google_http import RetryPolicy
from sync.memory import MemoryWorkbook
from tests.sync.sheets_fake import SheetsFake
from tests.sync.sheets_fake_view import SpreadsheetView

SITE_ZONE = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def clock() -> FixedClock:
    """Monday morning at the property office."""
    return FixedClock(datetime(2024, 5, 6, 9, 30, 15, 250000, tzinfo=SITE_ZONE))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """The site's SQLite store in a fresh data folder."""
    site_store = Store(tmp_path / "data" / "desk.sqlite3")
    site_store.open()
    yield site_store
    site_store.close()


@pytest.fixture
def desk(store: Store, clock: FixedClock) -> QueueDesk:
    """The queue desk the kiosk uses to issue numbers."""
    return QueueDesk(store, clock, SequentialIds("SUNNY"))


@pytest.fixture
def sheet() -> Iterator[MemoryWorkbook]:
    """An empty in-memory workbook, opened."""
    workbook = MemoryWorkbook()
    workbook.open()
    yield workbook
    workbook.close()


class ProcessKilledError(Exception):
    """The sync process died."""


class PassThroughWorkbook:
    """Hands every call to another workbook; subclasses change the calls a story is about."""

    def __init__(self, inner: WorkbookBackend) -> None:
        self.inner = inner

    def open(self) -> None:
        self.inner.open()

    def close(self) -> None:
        self.inner.close()

    def describe(self) -> str:
        return self.inner.describe()

    def read(self, tabs: Sequence[str]) -> dict[str, Grid]:
        return self.inner.read(tabs)

    def write(self, batch: WriteBatch) -> None:
        self.inner.write(batch)


class DiesAfterWriting(PassThroughWorkbook):
    """A workbook that takes the write and then the process dies before it notes what was agreed."""

    def __init__(self, inner: MemoryWorkbook, failure: Exception) -> None:
        super().__init__(inner)
        self.failure = failure

    def write(self, batch: WriteBatch) -> None:
        self.inner.write(batch)
        raise self.failure


@pytest.fixture
def fake() -> Iterator[SheetsFake]:
    """The Sheets v4 fake, served on 127.0.0.1 for the length of a test."""
    with SheetsFake.running() as running:
        yield running


@pytest.fixture
def book(fake: SheetsFake) -> SpreadsheetView:
    """An empty spreadsheet ``desk-key`` in the fake."""
    return fake.add_spreadsheet("desk-key")


@pytest.fixture
def backend(fake: SheetsFake, book: SpreadsheetView) -> Iterator[GoogleSheetsWorkbook]:
    """The Google backend on ``desk-key``, opened, retrying three times without waiting.

    A test module that needs other retries or timeouts defines its own.
    """
    workbook = fake.backend("desk-key", retry=RetryPolicy(attempts=3, sleep=lambda _seconds: None))
    workbook.open()
    yield workbook
    workbook.close()
