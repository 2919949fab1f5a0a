"""Stories of the local store: the schema, the history and what a failed write leaves behind."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from desk.clock import FixedClock
from desk.queue import QueueTicket, Service
from desk.store import MIGRATIONS, Store, StoreError
from desk.sync_state import AgreedJson


def _ticket(number: str = "A001") -> QueueTicket:
    return QueueTicket(id=f"SUNNY-T{number}", number=number, service=Service.INQUIRY,
                       issued_at=datetime.fromisoformat("2026-11-27T09:00:00+08:00"))


def test_a_new_store_is_in_wal_mode_at_the_latest_schema(tmp_path: Path) -> None:
    store = Store(tmp_path / "data" / "site.sqlite3")
    store.open()
    assert store.schema_version() == len(MIGRATIONS)
    store.close()
    mode = sqlite3.connect(tmp_path / "data" / "site.sqlite3").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_a_store_from_a_newer_lobbydesk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "site.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer lobbydesk"):
        Store(path).open()


def test_a_closed_store_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not open"), Store(tmp_path / "s.sqlite3").transaction():
        pass


def test_every_write_is_kept_in_the_history(store: Store, clock: FixedClock) -> None:
    ticket = _ticket()
    with store.transaction() as tx:
        first = tx.put(ticket, actor="kiosk", at=clock.now())
    called = QueueTicket.model_validate({**ticket.model_dump(), "status": "called", "counter": "2"})
    with store.transaction() as tx:
        second = tx.put(called, actor="staff", at=clock.now())
        assert tx.get(QueueTicket, ticket.id) == called
        history = tx.history(ticket.id)
    assert second > first
    assert [(actor, '"called"' in body) for _, _, actor, body in history] == [("kiosk", False), ("staff", True)]


def test_a_failed_transaction_leaves_nothing_behind(store: Store, clock: FixedClock) -> None:
    def write_then_lose_power() -> None:
        with store.transaction() as tx:
            tx.put(_ticket(), actor="kiosk", at=clock.now())
            tx.add_print_job("queue_ticket", "SUNNY-TA001", {}, at=clock.now())
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        write_then_lose_power()
    with store.transaction() as tx:
        assert tx.get(QueueTicket, "SUNNY-TA001") is None
        assert tx.print_jobs("queued") == []
        assert tx.history("SUNNY-TA001") == []


def test_a_long_read_holds_no_kiosk_up_and_sees_one_snapshot(store: Store, clock: FixedClock) -> None:
    with store.transaction() as tx:
        tx.put(_ticket("A001"), actor="kiosk", at=clock.now())
    kiosk = Store(store.path)  # the server's own connection, as the kiosk has it beside the sync child
    kiosk.open()
    try:
        with store.reading() as snapshot:
            with kiosk.transaction() as tx:  # would wait for the reader under BEGIN IMMEDIATE
                tx.put(_ticket("A002"), actor="kiosk", at=clock.now())
            assert [t.number for t in snapshot.find(QueueTicket)] == ["A001"], "the read sees where it started"
        with store.reading() as snapshot:
            assert [t.number for t in snapshot.find(QueueTicket)] == ["A001", "A002"]
    finally:
        kiosk.close()


def test_records_to_sync_are_held_as_stored_and_agreed_cells_as_the_json_the_store_keeps(
    store: Store, clock: FixedClock
) -> None:
    """A first sync holds every live record and every agreed row at once: as stored text, not as objects."""
    with store.transaction() as tx:
        tx.put(_ticket("A001"), actor="kiosk", at=clock.now())
        tx.put(_ticket("A002"), actor="kiosk", at=clock.now())
        pending = tx.unsynced(QueueTicket)
    cells = {"ID": "SUNNY-TA001", "Number": "A001", "Note": "排队 =1+1 🙂", "Counter": ""}
    agreed = AgreedJson(cells)

    assert [row.record_id for row in pending] == ["SUNNY-TA001", "SUNNY-TA002"]
    assert pending[0].record() == _ticket("A001") and pending[0].record() is not pending[0].record()
    assert pending[0].agreed() is None
    assert agreed == cells and agreed.as_dict() == cells and len(agreed) == 4 and agreed["Note"] == "排队 =1+1 🙂"
    with store.transaction() as tx:
        tx.mark_synced_many(QueueTicket, [("SUNNY-TA001", 1, agreed), ("SUNNY-TA002", 2, dict(cells))])
        assert tx.agreed(QueueTicket) == {"SUNNY-TA001": (1, cells), "SUNNY-TA002": (2, cells)}
        assert tx.unsynced(QueueTicket) == []
