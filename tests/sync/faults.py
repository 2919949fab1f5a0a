"""A workbook that fails on purpose: busy, unreachable, or a write applied whose answer never came back."""

from __future__ import annotations

from collections.abc import Sequence

from sync.backend import Grid, WorkbookBusy, WorkbookUnavailable, WriteBatch
from sync.memory import MemoryWorkbook
from tests.sync.conftest import PassThroughWorkbook, ProcessKilledError

# What the next request does instead of simply succeeding.
FAULTS = ("busy", "read unavailable", "write unavailable", "answer lost", "killed after writing")


class FaultyWorkbook(PassThroughWorkbook):
    """Wraps a memory workbook; ``fault`` makes the next request misbehave once, then it is cleared."""

    def __init__(self, inner: MemoryWorkbook) -> None:
        super().__init__(inner)
        self.fault: str | None = None

    def describe(self) -> str:
        return "a faulty workbook"

    def read(self, tabs: Sequence[str]) -> dict[str, Grid]:
        if self.fault == "read unavailable":
            self.fault = None
            raise WorkbookUnavailable("the network is down")
        return self.inner.read(tabs)

    def write(self, batch: WriteBatch) -> None:
        fault, self.fault = self.fault, None
        if fault == "busy":
            raise WorkbookBusy("open in Excel")
        if fault == "write unavailable":
            raise WorkbookUnavailable("the connection dropped before the write was sent")
        self.inner.write(batch)
        if fault == "answer lost":
            raise WorkbookUnavailable("the write went through but its answer was lost")
        if fault == "killed after writing":
            raise ProcessKilledError
