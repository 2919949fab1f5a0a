"""Whatever the kiosk, the console and staff do between cycles, two clean cycles bring store and sheet together."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.queue import QueueDesk, QueueTicket, Service, TicketStatus
from desk.store import Store
from sync.engine import SYNCED_KINDS, SyncEngine
from sync.mapping import cell_text, record_cells
from sync.memory import MemoryWorkbook
from tests.sync.conftest import SITE_ZONE, DiesAfterWriting, ProcessKilledError

TYPED_VALUES = st.sampled_from(["called", "Served", "bogus", "", "2", 7, "counter by the window, left side", "repair"])

actions = st.one_of(
    st.tuples(st.just("take"), st.sampled_from(list(Service))),
    st.tuples(st.just("console"), st.integers(0, 9), st.sampled_from(list(TicketStatus)), st.sampled_from(["", "1"])),
    st.tuples(st.just("type"), st.integers(0, 9), st.sampled_from(["Status", "Counter", "Service"]), TYPED_VALUES),
    st.tuples(st.just("delete row"), st.integers(1, 10)),
    st.tuples(st.just("move column"), st.sampled_from(["ID", "Status", "Counter", "Issued"]), st.integers(0, 6)),
    st.tuples(st.just("add column"), st.integers(0, 6)),
    st.tuples(st.just("sync"), st.sampled_from(["clean", "crash", "busy"])),
)


@contextmanager
def site() -> Iterator[tuple[Store, FixedClock, QueueDesk]]:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "desk.sqlite3")
        store.open()
        clock = FixedClock(datetime(2024, 5, 6, 9, 0, tzinfo=SITE_ZONE))
        try:
            yield store, clock, QueueDesk(store, clock, SequentialIds("SUNNY"))
        finally:
            store.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(actions, max_size=25))
def test_two_clean_cycles_leave_every_ticket_once_in_the_sheet_agreeing_with_the_store(
    script: list[tuple[object, ...]],
) -> None:
    with site() as (store, clock, desk):
        sheet = MemoryWorkbook()
        sheet.open()
        engine = SyncEngine(store, sheet, SYNCED_KINDS, clock)
        tickets: list[str] = []
        for action in script:
            clock.advance(seconds=7)
            play(action, store, clock, desk, sheet, engine, tickets)

        sheet.busy_reason = None
        engine.run_once()
        final = engine.run_once()

        assert final.writes == 0
        rejected = {(problem.record_id, problem.header) for problem in final.rejected}
        rows = sheet.rows_by_header("Queue") if tickets or sheet.tab_names() else []
        assert sorted(str(row["ID"]) for row in rows) == sorted(tickets)
        with store.transaction() as tx:
            for row in rows:
                ticket = tx.get(QueueTicket, str(row["ID"]))
                assert ticket is not None
                for header, value in record_cells(ticket, SITE_ZONE).items():
                    if (ticket.id, header) not in rejected:
                        assert cell_text(row[header]) == cell_text(value), (ticket.id, header)


def play(
    action: tuple[object, ...],
    store: Store,
    clock: FixedClock,
    desk: QueueDesk,
    sheet: MemoryWorkbook,
    engine: SyncEngine,
    tickets: list[str],
) -> None:
    kind = action[0]
    if kind == "take":
        tickets.append(desk.take_number(Service(str(action[1])), print_ticket=False).ticket.id)
    elif kind == "console" and tickets:
        ticket_id = tickets[int(str(action[1])) % len(tickets)]
        with store.transaction() as tx:
            ticket = tx.get(QueueTicket, ticket_id)
            assert ticket is not None
            changed = ticket.model_copy(update={"status": action[2], "counter": action[3]})
            tx.put(changed, actor="console", at=clock.now())
    elif kind == "type" and tickets and "Queue" in sheet.tab_names():
        ticket_id = tickets[int(str(action[1])) % len(tickets)]
        if ticket_id in {str(row["ID"]) for row in sheet.rows_by_header("Queue")}:
            typed = action[3]
            assert isinstance(typed, str | int)
            sheet.type_into("Queue", row_id=ticket_id, header=str(action[2]), value=typed)
    elif kind == "delete row" and "Queue" in sheet.tab_names():
        row = int(str(action[1]))
        if row < len(sheet.tab("Queue")):
            sheet.delete_row("Queue", row)
    elif kind == "move column" and "Queue" in sheet.tab_names():
        sheet.move_column("Queue", str(action[1]), int(str(action[2])))
    elif kind == "add column" and "Queue" in sheet.tab_names():
        sheet.insert_column("Queue", int(str(action[1])), "Note", ["staff note"])
    elif kind == "sync":
        run_a_cycle(str(action[1]), store, clock, sheet, engine)


def run_a_cycle(how: str, store: Store, clock: FixedClock, sheet: MemoryWorkbook, engine: SyncEngine) -> None:
    if how == "clean":
        sheet.busy_reason = None
        engine.run_once()
    elif how == "busy":
        sheet.busy_reason = "open in Excel"
        engine.run_once()
        sheet.busy_reason = None
    else:
        with suppress(ProcessKilledError):
            SyncEngine(store, DiesAfterWriting(sheet, ProcessKilledError()), SYNCED_KINDS, clock).run_once()
