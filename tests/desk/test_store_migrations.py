"""Stories of an upgrade: a copy is taken before any migration runs, and a failing one changes nothing."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desk.clock import FixedClock
from desk.queue import QueueTicket, Service
from desk.store import MIGRATIONS, MigrationFailedError, Store

UPGRADE_DAY = FixedClock(datetime(2027, 3, 1, 2, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
OLD_SCHEMA = len(MIGRATIONS)
A_GOOD_STEP = "CREATE TABLE shift_notes (id INTEGER PRIMARY KEY, note TEXT NOT NULL)"
A_BROKEN_STEP = "CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table VALUES (1)"


def _ticket() -> QueueTicket:
    return QueueTicket(id="SUNNY-T000001", number="A001", service=Service.INQUIRY,
                       issued_at=datetime(2027, 2, 28, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))


def _store_in_use(path: Path) -> None:
    """A store at today's schema holding one ticket, as a site leaves it before an upgrade."""
    with Store(path) as store, store.transaction() as tx:
        tx.put(_ticket(), actor="kiosk", at=_ticket().issued_at)


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_a_store_with_data_is_copied_before_an_upgrade_and_the_copy_opens_at_the_old_schema(tmp_path: Path) -> None:
    _store_in_use(tmp_path / "lobbydesk.sqlite3")

    with Store(tmp_path / "lobbydesk.sqlite3", migrations=(*MIGRATIONS, A_GOOD_STEP), clock=UPGRADE_DAY) as store:
        assert store.schema_version() == OLD_SCHEMA + 1

    copies = list((tmp_path / "backups").iterdir())
    assert [copy.name for copy in copies] == [f"pre-migration-{OLD_SCHEMA}-20270228-180000.sqlite3"]
    assert copies[0].stat().st_mode & 0o777 == 0o600
    assert "shift_notes" not in _tables(copies[0])
    with Store(copies[0]) as old, old.transaction() as tx:
        assert tx.get(QueueTicket, "SUNNY-T000001") == _ticket()


def test_a_new_store_and_an_up_to_date_store_are_not_copied(tmp_path: Path) -> None:
    _store_in_use(tmp_path / "lobbydesk.sqlite3")
    with Store(tmp_path / "lobbydesk.sqlite3", clock=UPGRADE_DAY):
        pass
    assert not (tmp_path / "backups").exists()


def test_a_failing_migration_leaves_the_old_store_in_place_and_says_so_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "lobbydesk.sqlite3"
    _store_in_use(path)
    before = _tables(path)

    with pytest.raises(MigrationFailedError) as refused:
        Store(path, migrations=(*MIGRATIONS, A_GOOD_STEP, A_BROKEN_STEP), clock=UPGRADE_DAY).open()

    message = str(refused.value)
    assert "\n" not in message
    assert f"migration {OLD_SCHEMA + 2} failed (no such table: no_such_table)" in message
    assert f"left unchanged at schema {OLD_SCHEMA}" in message
    assert str(refused.value.copy) in message
    assert _tables(path) == before, "neither the good step nor half of the broken one was kept"
    with Store(path) as store:
        assert store.schema_version() == OLD_SCHEMA
        with store.transaction() as tx:
            assert tx.get(QueueTicket, "SUNNY-T000001") == _ticket()
