"""The sync runs in a child process, so a long merge never slows a tap; a child that dies is replaced."""

from __future__ import annotations

import os
import signal
from concurrent.futures.process import BrokenProcessPool
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from desk.units import Unit
from lobbydesk.settings import Settings, load_settings
from lobbydesk.site import Site
from lobbydesk.sync_child import SyncChild


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path / "site", site_code="SUNNY", printer="none")


def _units_in_workbook(path: Path) -> list[str]:
    sheet = openpyxl.load_workbook(path, read_only=True)["Units"]
    return [f"{row[1]}-{row[2]}" for row in sheet.iter_rows(min_row=2, values_only=True)]


async def test_a_cycle_in_the_child_writes_what_the_server_stored(settings: Settings) -> None:
    site = Site(settings)
    site.open()
    with site.store.transaction() as tx:
        tx.put(Unit(id="SUNNY-U1", building="3", room="1202", area_m2=Decimal("89.5")), actor="staff",
               at=site.clock.now())
    child = SyncChild(settings)
    try:
        report = await child.run_cycle()
        assert report.ok and report.rows_appended == 1
        assert _units_in_workbook(settings.data_dir / "workbook.xlsx") == ["3-1202"]
        assert (await child.run_cycle()).writes == 0  # the child kept what it agreed on
    finally:
        child.stop()
        site.close()


async def test_a_child_that_dies_is_replaced_by_the_next_cycle(settings: Settings) -> None:
    child = SyncChild(settings)
    try:
        await child.run_cycle()
        pool = child._pool
        assert pool is not None
        for pid in list(pool._processes):
            os.kill(pid, signal.SIGKILL)
        with pytest.raises(BrokenProcessPool):
            await child.run_cycle()
        assert (await child.run_cycle()).ok
    finally:
        child.stop()


def test_a_site_built_from_its_settings_alone_may_sync_in_a_child(settings: Settings, tmp_path: Path) -> None:
    assert Site(settings).rebuildable
    in_memory = load_settings(data_dir=tmp_path / "other", workbook="memory://", printer="none")
    assert not Site(in_memory).rebuildable  # a child would sync a workbook of its own
