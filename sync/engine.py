"""The sync cycle: one read of the workbook, the merge, one write, then the bookkeeping.

A cycle moves through these steps, and stops at the first that fails:

1. read   - one batched read of every synced tab (WorkbookBusy / WorkbookUnavailable end the cycle);
2. merge  - in one store transaction: plan each tab, and put the values staff typed into the store;
3. write  - one batched write of everything planned (skipped when there is nothing to write);
4. agree  - in a second transaction, remember the cells store and sheet now agree on.

A record is marked agreed only after the write went through. If the process dies between 3 and 4,
the next cycle finds the record's ID already in the sheet and updates that row instead of appending
it again; values taken in 2 are in the store and are simply agreed on by the next cycle.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence

from desk.clock import Clock
from desk.queue import QueueTicket
from desk.records import Record
from desk.store import Store
from sync.backend import Grid, WorkbookBackend, WorkbookBusy, WorkbookUnavailable, WriteBatch
from sync.mapping import TabLayout
from sync.merge import StoreRow, TabPlan, merge_tab, read_sheet, rows_to_examine
from sync.report import CycleReport

# The record kinds synced today, in the order their tabs are read and written.
SYNCED_KINDS: tuple[type[Record], ...] = (QueueTicket,)


class SyncEngine:
    """Brings the store and the workbook into agreement, one cycle per :meth:`run_once`.

    The backend must already be open; the engine never opens or closes it.
    """

    def __init__(self, store: Store, backend: WorkbookBackend, kinds: Sequence[type[Record]], clock: Clock) -> None:
        self._store = store
        self._backend = backend
        self._layouts = [TabLayout.of(kind) for kind in kinds]
        self._clock = clock

    def run_once(self) -> CycleReport:
        """Run one cycle and say what it did; a busy or unreachable workbook is reported, not raised."""
        started = time.perf_counter()
        report = CycleReport(workbook=self._backend.describe(), started_at=self._clock.now())
        try:
            self._cycle(report)
        except WorkbookBusy as busy:
            report.busy = str(busy)
        except WorkbookUnavailable as unavailable:
            report.error = str(unavailable)
        finally:
            report.elapsed_seconds = time.perf_counter() - started
        return report

    def _cycle(self, report: CycleReport) -> None:
        report.reads += 1
        grids = self._backend.read([layout.tab for layout in self._layouts])
        plans = self._merge(grids)
        batch = WriteBatch()
        for _layout, plan in plans:
            report.count_taken(plan)
            _add_to_batch(batch, plan)
        if not batch.is_empty():
            report.unwritten_changes = batch.size()
            report.writes += 1
            self._backend.write(batch)
            report.unwritten_changes = 0
        for _layout, plan in plans:
            report.count_written(plan)
        self._remember_agreed(plans)

    def _merge(self, grids: dict[str, Grid]) -> list[tuple[TabLayout, TabPlan]]:
        """Plan every tab and take staff's values into the store, in one transaction."""
        now = self._clock.now()
        plans = []
        with self._store.transaction() as tx:
            for layout in self._layouts:
                sheet = read_sheet(layout, grids.get(layout.tab))
                store_rows = {
                    pending.record.id: StoreRow(pending.record, pending.revision, pending.agreed)
                    for pending in tx.unsynced(layout.kind)
                }
                agreed = tx.agreed(layout.kind)
                # Records unchanged in the store matter only where the sheet moved away from them.
                for record_id in sorted(rows_to_examine(sheet, agreed) - store_rows.keys()):
                    record = tx.get(layout.kind, record_id)
                    if record is not None:
                        revision, cells = agreed[record_id]
                        store_rows[record_id] = StoreRow(record, revision, cells)
                plan = merge_tab(sheet, store_rows, self._clock.tz)
                for index, agreement in enumerate(plan.agreements):
                    if agreement.taken is not None:
                        revision = tx.put(agreement.taken, actor="staff", at=now)
                        plan.agreements[index] = dataclasses.replace(agreement, revision=revision)
                plans.append((layout, plan))
        return plans

    def _remember_agreed(self, plans: list[tuple[TabLayout, TabPlan]]) -> None:
        with self._store.transaction() as tx:
            for layout, plan in plans:
                for agreement in plan.agreements:
                    tx.mark_synced(layout.kind, agreement.record_id, agreement.revision, agreement.cells)


def _add_to_batch(batch: WriteBatch, plan: TabPlan) -> None:
    if plan.new_tab_headers is not None:
        batch.new_tabs[plan.tab] = plan.new_tab_headers
    batch.updates.extend(plan.header_updates)
    batch.updates.extend(plan.cell_updates)
    if plan.appends:
        batch.appends[plan.tab] = plan.appends


def sync_once(
    store: Store, backend: WorkbookBackend, clock: Clock, kinds: Sequence[type[Record]] = SYNCED_KINDS
) -> CycleReport:
    """Open the backend, run one cycle, close it: what ``lobbydesk sync --once`` needs.

    A backend that cannot even be opened gives a report with the error rather than an exception.
    """
    try:
        backend.open()
    except (WorkbookBusy, WorkbookUnavailable) as failure:
        report = CycleReport(workbook=backend.describe(), started_at=clock.now())
        report.error = str(failure)
        return report
    try:
        return SyncEngine(store, backend, kinds, clock).run_once()
    finally:
        backend.close()
