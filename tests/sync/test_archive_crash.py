"""The archive dies at every point of the move; run again, nothing is lost and nothing is doubled.

The live and archive workbooks share one budget of writes: the write that finds it spent kills the
process, before it reaches the workbook or just after. The store's steps die through ``after_step``.
A sync engine that was running all along cycles in between, as the site's sync loop would.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.records import Record
from desk.store import Store
from sync.archive import archive_year
from sync.backend import WriteBatch
from sync.engine import SYNCED_KINDS, SyncEngine
from sync.memory import MemoryWorkbook
from tests.sync.archive_community import MOVES, NOW, STAYS, community, fill, ids_in
from tests.sync.conftest import PassThroughWorkbook, ProcessKilledError


@dataclass
class WriteBudget:
    """How many writes go through before the process dies; None: as many as asked."""

    left: int | None


class DiesOnWrite(PassThroughWorkbook):
    """A memory workbook whose write dies once the shared budget is spent (after the write, when told)."""

    def __init__(self, inner: MemoryWorkbook, budget: WriteBudget, *, written_first: bool) -> None:
        super().__init__(inner)
        self.budget = budget
        self.written_first = written_first

    def write(self, batch: WriteBatch) -> None:
        if self.budget.left is None or batch.is_empty():
            self.inner.write(batch)
            return
        if self.budget.left == 0:
            if self.written_first:
                self.inner.write(batch)
            raise ProcessKilledError
        self.budget.left -= 1
        self.inner.write(batch)


# (the story, writes that go through, whether the fatal write lands, the store step after which it dies)
CRASHES = [
    ("dies before the archive is written", 0, False, None),
    ("dies just after the archive was written", 0, True, None),
    ("dies after the store marked the records", None, False, "mark"),
    ("dies before the rows leave the live workbook", 1, False, None),
    ("dies just after the rows left the live workbook", 1, True, None),
    ("dies before forgetting the agreed cells again", None, False, "remove"),
]


def die_after(step_name: str | None) -> object:
    def after_step(step: str) -> None:
        if step == step_name:
            raise ProcessKilledError

    return after_step


@pytest.mark.parametrize(("story", "writes", "written_first", "step"), CRASHES, ids=[c[0] for c in CRASHES])
def test_a_crash_at_any_point_loses_and_doubles_nothing(
    store: Store, story: str, writes: int | None, written_first: bool, step: str | None
) -> None:
    live_sheet, archive_sheet = MemoryWorkbook(), MemoryWorkbook()
    budget = WriteBudget(None)
    live = DiesOnWrite(live_sheet, budget, written_first=written_first)
    archive = DiesOnWrite(archive_sheet, budget, written_first=written_first)
    live.open()
    archive.open()
    fill(store)
    engine = SyncEngine(store, live, SYNCED_KINDS, FixedClock(NOW), ids=SequentialIds("SUNNY"))
    assert engine.run_once().ok

    budget.left = writes
    with pytest.raises(ProcessKilledError):
        archive_year(store, live, archive, NOW, 2025, after_step=die_after(step))  # type: ignore[arg-type]
    budget.left = None

    # The site's sync keeps running while the archive is half done: open rows are never touched.
    assert engine.run_once().ok
    half_done = ids_in(live_sheet)
    assert set(half_done) >= STAYS and set(half_done.values()) == {1}
    # A row still live whose record is marked archived is left for the archive: not taken back, not reported.
    assert problems_in(live_sheet) == []
    assert_each_written_once(store, MOVES)

    archive_year(store, live, archive, NOW, 2025)
    engine.run_once()
    engine.run_once()

    assert ids_in(live_sheet) == dict.fromkeys(STAYS, 1)
    assert ids_in(archive_sheet) == dict.fromkeys(MOVES, 1)
    assert_store_has_everything(store)
    assert_each_written_once(store, MOVES | STAYS)
    assert problems_in(live_sheet) == []


def problems_in(sheet: MemoryWorkbook) -> list[str]:
    """The Problems tab's rows about records (deleted rows put back, rows with an unknown ID)."""
    if "Problems" not in sheet.tab_names():
        return []
    return [str(row) for row in sheet.rows_by_header("Problems") if any(str(value).startswith("SUNNY-")
                                                                        for value in row.values())]


def assert_each_written_once(store: Store, record_ids: set[str]) -> None:
    """Nothing was taken back from the sheet: each record has only the version the kiosk wrote."""
    with store.transaction() as tx:
        assert {record_id: len(tx.history_entries(record_id)) for record_id in record_ids} == dict.fromkeys(
            record_ids, 1)


def assert_store_has_everything(store: Store) -> None:
    expected: dict[type[Record], set[str]] = {}
    for record in community():
        expected.setdefault(type(record), set()).add(record.id)
    with store.transaction() as tx:
        for kind, ids in expected.items():
            assert set(tx.get_many(kind, ids)) == ids
