"""The sync cycle: one read of the workbook, the merge, one write, then the bookkeeping.

A cycle moves through these steps, and stops at the first that fails:

1. read   - one batched read of Settings, Problems and every synced tab but those whose last merge
            still stands (:mod:`sync.settled`; WorkbookBusy / WorkbookUnavailable end the cycle);
2. merge  - in one store transaction: read the Settings tab, plan each record tab, put into the
            store what is taken from the sheet (staff's values, rows numbered by an earlier cycle,
            other sites' shared rows), and work out the Problems list;
3. write  - one batched write of everything planned, Problems included (skipped when empty);
4. agree  - in a second transaction, remember the cells store and sheet now agree on, and the
            Problems list as written.

Whatever happens, the outcome is remembered for ``lobbydesk sync --status``.

Before step 1 the engine asks a backend that can tell (:class:`sync.backend.VersionedWorkbook`) for the
workbook's version, and skips the cycle, reading nothing, while that version is the one it last merged,
the store has nothing new to send and no notice expired; at least every
:data:`~sync.idle.FULL_CYCLE_AT_LEAST_EVERY` it reads anyway (see :mod:`sync.idle`).

A record is marked agreed only after the write went through. If the process dies between 3 and 4,
the next cycle finds the record's ID already in the sheet and updates that row instead of appending
it again; values taken in 2 are in the store and are simply agreed on by the next cycle. IDs given to
new rows are only written in 3; the rows reach the store in a later cycle (see :mod:`sync.newrows`).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from pydantic import ValidationError

from desk.arrears import ArrearsRow
from desk.clock import Clock
from desk.emergencies import EmergencySign
from desk.events import Event, Signup
from desk.feedback import Feedback, Routing
from desk.fees import FeeRule, MeterReading
from desk.ids import IdFactory
from desk.key_custody import KeyCustody
from desk.ledger import Charge, Payment
from desk.meetings import Decision, Meeting
from desk.movein import MoveIn
from desk.notices import Notice
from desk.parcels import Parcel
from desk.policies import Policy
from desk.queue import QueueTicket
from desk.records import Owner, Record
from desk.repairs import Repair
from desk.report_tab import ReportFigure
from desk.rounds import Round, RoundVisit
from desk.service_levels import ServiceLevel
from desk.site_settings import SiteSettings
from desk.special_services import ServiceRequest, SpecialService
from desk.store import Store, SyncProblem, Transaction, Unsynced
from desk.units import Resident, Unit, UnitIndex
from desk.visitors import Visitor
from desk.votes import Ballot, Vote
from sync.agreed import AgreedRows
from sync.backend import (
    ReadGrid,
    Row,
    TabVersionedWorkbook,
    VersionedWorkbook,
    WorkbookBackend,
    WorkbookBusy,
    WorkbookLocked,
    WorkbookUnavailable,
    WriteBatch,
)
from sync.idle import FULL_CYCLE_AT_LEAST_EVERY, QuietPoint, first_expiry, needs_reading
from sync.mapping import TabLayout
from sync.merge import StoreRow, StoreRows, TabPlan, merge_tab
from sync.newrows import adopt_rows, claim_new_rows, mirror_rows
from sync.problems import PROBLEMS_TAB, current_problems, plan_problems_tab
from sync.report import CycleReport
from sync.settings_tab import SETTINGS_TAB, SettingsReading, read_settings_tab
from sync.settled import EXACT_VERSIONS_TRUSTED_FOR, MergeContext, SettledTabs
from sync.sheet import Ownership, changed_rows, read_sheet
from sync.status import SITE_SETTINGS_KEY, remember_outcome

log = logging.getLogger(__name__)

# The record kinds synced today, in the order their tabs are read and written.
SYNCED_KINDS: tuple[type[Record], ...] = (QueueTicket, Unit, Resident, Repair, Feedback, ServiceLevel, Routing,
                                          EmergencySign, FeeRule, MeterReading, Charge, Payment, ArrearsRow,
                                          Notice, Policy, Event, Signup, Visitor, MoveIn, Parcel, SpecialService,
                                          ServiceRequest, KeyCustody, Round, RoundVisit, Vote, Ballot, Meeting,
                                          Decision, ReportFigure)

# Who the history names for what the sync takes from the sheet, by where it came from.
ACTORS = {
    "sheet": "staff",
    "new row": "staff (new row in the sheet)",
    "shared row": "staff (a row another site keeps)",
}


class SyncEngine:
    """Brings the store and the workbook into agreement, one cycle per :meth:`run_once`.

    ``ids`` makes the IDs of rows staff add, and its site code says which rows of a shared
    spreadsheet are this site's; without it the engine owns every row and numbers none.
    ``site_defaults`` are the Settings-tab values used until the tab says otherwise.
    ``full_cycle_every``: however quiet the workbook and the store look, read at least this often.
    The backend must already be open; the engine never opens or closes it.
    """

    def __init__(
        self,
        store: Store,
        backend: WorkbookBackend,
        kinds: Sequence[type[Record]],
        clock: Clock,
        *,
        ids: IdFactory | None = None,
        site_defaults: SiteSettings | None = None,
        full_cycle_every: timedelta = FULL_CYCLE_AT_LEAST_EVERY,
    ) -> None:
        self._store = store
        self._backend = backend
        self._layouts = [TabLayout.of(kind) for kind in kinds]
        self._clock = clock
        self._ids = ids
        self._site_code = ids.site_code if ids is not None else None
        self._site_defaults = site_defaults or SiteSettings(community_name="lobbydesk")
        self._agreed = AgreedRows()
        # What staff type in unit columns is read through the store's units, kept between cycles.
        self._units = UnitIndex()
        self._units_seen = 0
        self._units_version = 0  # moves when a unit changes: every tab's merge reads unit columns through them
        self._settled = SettledTabs()
        self._full_cycle_every = full_cycle_every
        self._quiet: QuietPoint | None = None  # what the last full cycle saw, while running it again changes nothing

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
        except Exception as unexpected:
            report.error = f"the sync failed unexpectedly ({type(unexpected).__name__}: {unexpected})"
            self._remember(report, started)
            raise
        finally:
            self._agreed.pack()  # every tab held packed between cycles
        self._remember(report, started)
        return report

    def _remember(self, report: CycleReport, started: float) -> None:
        report.elapsed_seconds = time.perf_counter() - started
        with self._store.transaction() as tx:
            remember_outcome(tx, report)

    def _cycle(self, report: CycleReport) -> None:
        checked_at = self._clock.now()
        version = self._backend.version() if isinstance(self._backend, VersionedWorkbook) else None
        if self._still_quiet(version, checked_at):
            assert self._quiet is not None
            report.unchanged = True
            report.busy = self._quiet.write_refused
            return
        self._quiet = None
        unread, appended = self._settled_tabs(checked_at)
        try:
            self._full_cycle(report, version, checked_at, unread, appended)
        except _ContextMoved:
            self._full_cycle(report, version, checked_at, set(), set())

    def _settled_tabs(self, now: datetime) -> tuple[set[str], set[str]]:
        """The tabs this cycle need not read (see :mod:`sync.settled`), and those of them it appends new records to."""
        if not isinstance(self._backend, TabVersionedWorkbook):
            return set(), set()
        versions = self._backend.tab_versions()
        kinds = {layout.tab: layout.kind for layout in self._layouts}
        unread, appended = set(), set()
        with self._store.transaction() as tx:
            if not self._agreed.current(tx):
                self._settled.clear()
                return set(), set()
            every = EXACT_VERSIONS_TRUSTED_FOR if self._backend.tab_versions_are_exact() else self._full_cycle_every
            for tab, mark in self._settled.standing(versions, now, every).items():
                if not tx.changed_after(kinds[tab], mark.store_revision):
                    unread.add(tab)
                elif self._only_new(tx, kinds[tab]) is not None:
                    unread.add(tab)
                    appended.add(tab)
        return unread, appended

    def _only_new(self, tx: Transaction, kind: type[Record]) -> list[Unsynced] | None:
        """This site's records of a kind the workbook has not seen, if none of them was ever agreed on; else None."""
        agreed = self._agreed.tab(kind.TAB)
        owner = Ownership(self._site_code)
        pending = [p for p in tx.unsynced(kind) if owner.owns(p.record_id)]
        if any(p.agreed_json is not None or p.record_id in agreed for p in pending):
            return None
        return pending

    def _full_cycle(
        self, report: CycleReport, version: str | None, checked_at: datetime, unread: set[str], appended: set[str]
    ) -> None:
        """Read every tab but ``unread``, merge, write; raises _ContextMoved if those had to be read after all.

        ``appended`` (some of ``unread``) get this site's new records as rows under their header row as last merged.
        """
        report.reads += 1
        wanted = [layout.tab for layout in self._layouts if layout.tab not in unread]
        grids = self._backend.read([SETTINGS_TAB, *wanted, PROBLEMS_TAB])
        versions = self._backend.last_tab_versions() if isinstance(self._backend, TabVersionedWorkbook) else {}
        header_rows = {tab: grid[0] for tab, grid in grids.items() if grid}
        for tab in appended:  # the read went to the file again: the tab must still be as its version said
            mark = self._settled.mark(tab)
            if mark is None or versions.get(tab, mark.version) != mark.version:
                raise _ContextMoved
            header_rows[tab] = list(mark.header_row)
        now = self._clock.now()
        with self._store.transaction() as tx:
            reloaded = self._agreed.refresh(tx, [(layout.kind, layout.headers) for layout in self._layouts])
            loaded_at = self._agreed.generation
            settings = self._read_settings(tx, grids.get(SETTINGS_TAB), report)
            primary = settings.settings.primary_site
            ownership = Ownership(self._site_code, numbers_unclaimed_rows=primary in ("", self._site_code or ""))
            units = self._unit_index(tx)
            held = self._settled.enter(MergeContext(ownership, self._units_version)) and not reloaded
            if unread and not held:
                raise _ContextMoved  # rolls back this transaction; the cycle is run again reading every tab
            record_plans: list[tuple[TabLayout, TabPlan]] = []
            for layout in self._layouts:
                if layout.tab in appended:
                    plan = self._append_unread(tx, layout, header_rows[layout.tab], ownership, units)
                elif layout.tab in unread:
                    plan = TabPlan(layout.tab, problems=self._settled.problems(layout.tab))
                else:
                    plan = self._plan_tab(tx, layout, grids.pop(layout.tab, None), ownership, units)
                if not plan.agreements:  # nothing to keep after the write: one large tab's rows unpacked at a time
                    self._agreed.pack(layout.tab)
                if layout.kind is Unit:  # a unit staff add is known to the tabs after it, this cycle
                    added = [a.taken for a in plan.agreements if isinstance(a.taken, Unit)]
                    if added and unread:
                        raise _ContextMoved  # the tabs left unread may name it
                    units = units.with_units(added, self._site_code)
                record_plans.append((layout, plan))
            self._put_taken(tx, record_plans)
            merged_revision = tx.last_revision()
            plans = [settings.plan, *(plan for _layout, plan in record_plans)]
            problems = current_problems(
                [problem for plan in plans for problem in plan.problems],
                [notice for plan in plans for notice in plan.notices],
                tx.sync_problems(),
                now,
            )
            # Nobody else writes inside this transaction (BEGIN IMMEDIATE), so the newest revision is one
            # merged or put above; a change made after it is sent by the next cycle.
            merged = None
            if version is not None:
                merged = QuietPoint(version, merged_revision, checked_at, first_expiry(problems))
        for tab in [*wanted, *appended]:
            self._settled.forget(tab)  # until this cycle's write and agreement are done
        problems_plan = plan_problems_tab(grids.get(PROBLEMS_TAB), self._site_code or "", problems)
        batch = WriteBatch()
        for plan in (*plans, problems_plan):
            report.count_taken(plan)
            _add_to_batch(batch, plan)
        if not batch.is_empty():
            # What the kiosk and staff are waiting for: rows and cells of record tabs.
            report.unwritten_changes = sum(len(p.cell_updates) + len(p.appends) for _l, p in record_plans)
            report.writes += 1
            try:
                self._backend.write(batch)
            except WorkbookLocked as locked:
                if merged is not None:
                    self._quiet = dataclasses.replace(merged, write_refused=str(locked))
                raise
            report.unwritten_changes = 0
        for plan in plans:
            report.count_written(plan)
        report.count_problems_tab(problems_plan, len(problems))
        self._remember_agreed(record_plans, problems, loaded_at)
        if isinstance(self._backend, TabVersionedWorkbook):
            if not batch.is_empty():
                versions = self._backend.last_tab_versions()
            for layout, plan in record_plans:
                if layout.tab not in unread or layout.tab in appended:
                    self._settled.merged(layout.tab, plan, versions.get(layout.tab), merged_revision, checked_at,
                                         header_rows.get(layout.tab, ()))
        if batch.is_empty():
            # After a write the workbook is no longer as read (and rows numbered now are taken next
            # cycle): only a cycle that wrote nothing leaves a point to be quiet from.
            self._quiet = merged

    def _still_quiet(self, version: str | None, now: datetime) -> bool:
        """True when the last full cycle still stands, so this one need not read (see :mod:`sync.idle`)."""
        if self._quiet is None or version is None:
            return False
        with self._store.transaction() as tx:
            revision = tx.last_revision()
        return not needs_reading(self._quiet, version, revision, now, self._full_cycle_every)

    def _read_settings(self, tx: Transaction, grid: ReadGrid | None, report: CycleReport) -> SettingsReading:
        stored = tx.site_state().get(SITE_SETTINGS_KEY)
        last_good = self._site_defaults
        if stored is not None:
            try:
                last_good = SiteSettings.model_validate_json(stored)
            except ValidationError:
                log.warning("the remembered Settings-tab values no longer validate; starting from the defaults")
        reading = read_settings_tab(grid, self._site_code, last_good)
        if stored is None or reading.settings != last_good:
            tx.set_site_state({SITE_SETTINGS_KEY: reading.settings.model_dump_json()})
        report.settings_taken = reading.taken
        return reading

    def _unit_index(self, tx: Transaction) -> UnitIndex:
        """The store's units as the mapping reads unit columns; read again only when a unit changed."""
        latest = tx.last_revision()
        if latest != self._units_seen:
            changed = tx.changed_since(Unit, self._units_seen)
            if changed:
                self._units = self._units.with_units(changed, self._site_code)
                self._units_version += 1
            self._units_seen = latest
        return self._units

    def _plan_tab(
        self, tx: Transaction, layout: TabLayout, grid: ReadGrid | None, ownership: Ownership, units: UnitIndex
    ) -> TabPlan:
        """Merge one record tab: this site's rows, new rows, rows it does not know yet, shared rows."""
        kind, tz, headers = layout.kind, self._clock.tz, layout.headers
        sheet = read_sheet(layout, grid, ownership)
        agreed = self._agreed.tab(kind.TAB)
        store_rows = StoreRows(pending for pending in tx.unsynced(kind) if ownership.owns(pending.record_id))
        # Records unchanged in the store matter only where the sheet moved away from them.
        prefix = f"{self._site_code}-" if self._site_code is not None else ""
        own_agreed = [record_id for record_id in agreed if record_id.startswith(prefix)]
        moved = sorted(changed_rows(sheet, agreed, own_agreed) - store_rows.keys())
        last_agreed = _agreed_cells(tx, kind, headers, moved)
        for record_id, (record, revision) in tx.get_many(kind, moved).items():
            store_rows.add(record_id, StoreRow(record, revision, last_agreed.get(record_id, {})))
        plan = merge_tab(sheet, store_rows, tz, ownership, units=units)
        if sheet.blocked:
            return plan
        unknown = sheet.own_rows.keys() - agreed.keys() - store_rows.keys()
        if unknown:  # rows of records archived meanwhile are the archive's to remove (sync/archive.py)
            unknown -= tx.archived_among(kind, unknown)
        adopt_rows(sheet, unknown, ownership, tz, plan, units=units)
        if kind.ROWS_FROM is Owner.STAFF:
            unseen = [record_id for record_id in sheet.other_rows if record_id not in agreed]
            seen = [record_id for record_id in sheet.other_rows if record_id in agreed]
            candidates: dict[str, StoreRow | None] = dict.fromkeys([*unseen, *changed_rows(sheet, agreed, seen)])
            last_agreed = _agreed_cells(tx, kind, headers, candidates)
            for record_id, (record, revision) in tx.get_many(kind, candidates).items():
                candidates[record_id] = StoreRow(record, revision, last_agreed.get(record_id))
            mirror_rows(sheet, candidates, ownership, tz, plan, units=units)
        ids = self._ids
        in_sheet = sheet.own_rows.keys() | sheet.other_rows.keys()
        new_id = (lambda: tx.new_id(ids, kind, in_sheet)) if ids is not None else None
        claim_new_rows(sheet, ownership, tz, new_id, plan, units=units)
        return plan

    def _append_unread(
        self, tx: Transaction, layout: TabLayout, header_row: Row, ownership: Ownership, units: UnitIndex
    ) -> TabPlan:
        """Plan a tab left unread whose only changes are new records: their rows, appended; its problems, carried."""
        pending = self._only_new(tx, layout.kind)
        if pending is None:
            raise _ContextMoved  # a record it holds changed since the look before the read
        sheet = read_sheet(layout, [header_row], ownership)
        store_rows = StoreRows(pending)  # none of them agreed on yet
        plan = merge_tab(sheet, store_rows, self._clock.tz, ownership, units=units)
        plan.problems[:0] = self._settled.problems(layout.tab)
        return plan

    def _put_taken(self, tx: Transaction, record_plans: list[tuple[TabLayout, TabPlan]]) -> None:
        """Put into the store what the plans take from the sheet; each put is a new revision in the history."""
        now = self._clock.now()
        for _layout, plan in record_plans:
            for index, agreement in enumerate(plan.agreements):
                if agreement.taken is not None:
                    revision = tx.put(agreement.taken, actor=ACTORS[agreement.source], at=now)
                    plan.agreements[index] = dataclasses.replace(agreement, revision=revision)

    def _remember_agreed(
        self, record_plans: list[tuple[TabLayout, TabPlan]], problems: list[SyncProblem], loaded_at: str | None
    ) -> None:
        rows = [
            (layout, [(agreement.record_id, agreement.revision, agreement.cells) for agreement in plan.agreements])
            for layout, plan in record_plans
        ]
        try:
            with self._store.transaction() as tx:
                for layout, agreed in rows:
                    tx.mark_synced_many(layout.kind, agreed)
                tx.replace_sync_problems(problems)
                self._agreed.stamp(tx, loaded_at)
        except BaseException:
            self._agreed.generation = None  # not sure what the store holds now: load it again next cycle
            raise
        for layout, agreed in rows:
            self._agreed.keep(layout.kind, layout.headers, agreed)


def _agreed_cells(
    tx: Transaction, kind: type[Record], headers: Sequence[str], record_ids: Iterable[str]
) -> dict[str, dict[str, str]]:
    """The cells last agreed on for these records, under the layout's headers (memory holds only their digests)."""
    return {
        record_id: {header: cells[header] for header in headers if header in cells}
        for record_id, cells in tx.agreed_of(kind, record_ids).items()
    }


class _ContextMoved(Exception):  # noqa: N818 - a signal within the engine, never raised out of it
    """Tabs were left unread, but what every merge depends on moved: read them all."""


def _add_to_batch(batch: WriteBatch, plan: TabPlan) -> None:
    if plan.new_tab_headers is not None:
        batch.new_tabs[plan.tab] = plan.new_tab_headers
    batch.updates.extend(plan.header_updates)
    batch.updates.extend(plan.cell_updates)
    if plan.appends:
        batch.appends[plan.tab] = plan.appends


def sync_once(
    store: Store,
    backend: WorkbookBackend,
    clock: Clock,
    kinds: Sequence[type[Record]] = SYNCED_KINDS,
    *,
    ids: IdFactory | None = None,
    site_defaults: SiteSettings | None = None,
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
        return SyncEngine(store, backend, kinds, clock, ids=ids, site_defaults=site_defaults).run_once()
    finally:
        backend.close()
