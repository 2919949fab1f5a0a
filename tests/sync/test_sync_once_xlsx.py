"""``lobbydesk sync --once`` against a real .xlsx file next to the kiosk."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from desk.clock import FixedClock
from desk.queue import QueueDesk, QueueTicket, Service, TicketStatus
from desk.store import Store
from sync.engine import sync_once
from sync.urls import backend_from_url
from sync.xlsx import XlsxWorkbook


def test_a_ticket_reaches_the_workbook_file_and_staff_edits_in_it_come_back(
    tmp_path: Path, desk: QueueDesk, store: Store, clock: FixedClock
) -> None:
    path = tmp_path / "desk.xlsx"
    ticket = desk.take_number(Service.REPAIR).ticket

    first = sync_once(store, backend_from_url(f"xlsx://{path.as_posix()}"), clock)

    assert first.ok, first.summary()
    assert f"Synced the workbook file {path}" in first.summary()
    book = openpyxl.load_workbook(path)
    assert [[cell.value for cell in row] for row in book["Queue"].iter_rows()] == [
        ["ID", "Number", "Service", "Issued", "Status", "Counter",
        "Priority", "Unit", "Called", "Served", "Wait min", "Service min"],
        [ticket.id, "D001", "repair", "2024-05-06 09:30:15", "waiting", None, False, None, None, None, None, None],
    ]

    book["Queue"]["E2"] = "called"
    book["Queue"]["F2"] = 4
    book.save(path)
    second = sync_once(store, backend_from_url(f"xlsx://{path.as_posix()}"), clock)

    assert second.values_taken == 2
    with store.transaction() as tx:
        called = tx.get(QueueTicket, ticket.id)
    assert called is not None
    assert (called.status, called.counter) == (TicketStatus.CALLED, "4")
    assert sync_once(store, backend_from_url(f"xlsx://{path.as_posix()}"), clock).writes == 0


def test_while_excel_has_the_file_open_the_ticket_waits(
    tmp_path: Path, desk: QueueDesk, store: Store, clock: FixedClock
) -> None:
    path = tmp_path / "desk.xlsx"
    desk.take_number(Service.INQUIRY)
    sync_once(store, backend_from_url(f"xlsx://{path.as_posix()}"), clock)
    (tmp_path / "~$desk.xlsx").write_bytes(b"front desk PC")
    waiting = desk.take_number(Service.INQUIRY).ticket

    busy = sync_once(store, backend_from_url(f"xlsx://{path.as_posix()}"), clock)

    assert busy.busy is not None
    assert "desk.xlsx is open in Excel or LibreOffice (lock file ~$desk.xlsx)" in busy.summary()
    assert "Nothing is lost: 1 change will be written on the next cycle." in busy.summary()
    (tmp_path / "~$desk.xlsx").unlink()
    assert sync_once(store, backend_from_url(f"xlsx://{path.as_posix()}"), clock).rows_appended == 1
    ids = [row[0] for row in openpyxl.load_workbook(path)["Queue"].iter_rows(min_row=2, values_only=True)]
    assert ids[-1] == waiting.id
    assert len(ids) == 2


def test_a_workbook_in_a_missing_folder_is_a_clear_error(store: Store, clock: FixedClock, tmp_path: Path) -> None:
    report = sync_once(store, backend_from_url(f"xlsx://{(tmp_path / 'gone' / 'desk.xlsx').as_posix()}"), clock)

    assert not report.ok
    assert report.summary().startswith("Could not sync with the workbook file")
    assert "does not exist" in report.summary()


def test_tabs_held_packed_sync_as_tabs_held_as_lists(
    tmp_path: Path, desk: QueueDesk, store: Store, clock: FixedClock
) -> None:
    """A large tab is held packed until the merge is done with it; here every tab is, small as it is."""
    path = tmp_path / "desk.xlsx"
    tickets = [desk.take_number(Service.REPAIR).ticket for _ in range(3)]
    packed = XlsxWorkbook(path, packed_from=0)

    assert sync_once(store, packed, clock).ok
    book = openpyxl.load_workbook(path)
    book["Queue"]["E3"] = "called"
    book["Queue"]["F3"] = 2
    notices = book["Notices"]
    headers = [cell.value for cell in notices[1]]
    notices.append([{"Title (zh)": "停水通知", "Title (en)": "Water off"}.get(str(h)) for h in headers])
    book.save(path)
    second = sync_once(store, packed, clock)

    assert second.ok and second.values_taken == 2, second.summary()
    assert second.rows_left_alone == 1, "a row without an ID, which this store numbers no rows of, was seen"
    with store.transaction() as tx:
        called = tx.get(QueueTicket, tickets[1].id)
    assert called is not None and (called.status, called.counter) == (TicketStatus.CALLED, "2")
    assert sync_once(store, packed, clock).writes == 0
