"""The records a merge takes, held as stored and parsed only when the merge looks at them."""

from __future__ import annotations

from datetime import datetime

from desk.queue import QueueTicket, Service
from desk.sync_state import Unsynced
from sync.merge import StoreRow, StoreRows


def ticket(number: str) -> QueueTicket:
    return QueueTicket(id=f"SUNNY-T{number}", number=number, service=Service.INQUIRY,
                       issued_at=datetime.fromisoformat("2026-11-27T09:00:00+08:00"))


def as_stored(record: QueueTicket, revision: int, agreed_json: str | None = None) -> Unsynced:
    return Unsynced(QueueTicket, record.id, record.model_dump_json(), revision, agreed_json)


def test_records_as_stored_come_back_as_the_merge_needs_them_in_order() -> None:
    first, second, moved = ticket("A001"), ticket("A002"), ticket("A003")
    rows = StoreRows([as_stored(first, 4), as_stored(second, 7, '{"Number": "A002"}')])
    rows.add(moved.id, StoreRow(moved, 2, {}))

    assert list(rows) == [first.id, second.id, moved.id] and len(rows) == 3
    assert rows[first.id] == StoreRow(first, 4, None)
    assert rows[second.id] == StoreRow(second, 7, {"Number": "A002"})
    assert rows[moved.id] == StoreRow(moved, 2, {})


def test_a_record_as_stored_is_parsed_at_each_look_and_not_kept() -> None:
    rows = StoreRows([as_stored(ticket("A001"), 4)])

    one, again = rows["SUNNY-TA001"], rows["SUNNY-TA001"]

    assert one == again and one.record is not again.record
