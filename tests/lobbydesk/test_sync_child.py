"""The sync runs in a child process, so a long merge never slows a tap; a child that dies is replaced."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time
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
        # The first cycle's rules after the sync made this month's Report-tab figures: the next cycle appends
        # them and updates no cell of what the first wrote; after that, nothing is left to write.
        second = await child.run_cycle()
        assert second.cells_updated == 0 and second.rows_appended > 0
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


def test_the_child_runs_its_cycles_without_loading_the_web_server(settings: Settings) -> None:
    # The child opens its site the way the pool does, in a fresh interpreter; NiceGUI (and with it
    # FastAPI, uvicorn...) would add ~50 MB to a process that only merges rows.
    script = (
        "import pickle, sys\n"
        "from lobbydesk import sync_child\n"
        "sync_child._open_child_site(pickle.loads(bytes.fromhex(sys.argv[1])))\n"
        "report = sync_child._child_cycle()\n"
        "assert report.ok, report\n"
        "print(sorted(name for name in ('nicegui', 'fastapi', 'uvicorn', 'escpos') if name in sys.modules))\n"
    )
    values = pickle.dumps(settings.model_dump()).hex()  # as the pool hands them over
    finished = subprocess.run([sys.executable, "-c", script, values], capture_output=True, text=True, timeout=120,
                              check=False)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.strip() == "[]"


SERVER_THAT_WILL_BE_KILLED = """
import asyncio, multiprocessing.resource_tracker as tracker, os, sys, time
from lobbydesk.settings import load_settings
from lobbydesk.site import Site
from lobbydesk.sync_child import SyncChild

settings = load_settings(data_dir=sys.argv[1], site_code="SUNNY", printer="none")
Site(settings).open()
child = SyncChild(settings)
asyncio.run(child.run_cycle())
workers = list(child._pool._processes)
print(workers[0], tracker._resource_tracker._pid, flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie no one reaped yet is dead for our purpose: /proc says Z.
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "State:\tZ" in status.read_text())


def test_the_sync_child_and_its_resource_tracker_end_when_the_server_is_killed(tmp_path: Path) -> None:
    server = subprocess.Popen([sys.executable, "-c", SERVER_THAT_WILL_BE_KILLED, str(tmp_path / "site")],
                              stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2])
    try:
        assert server.stdout is not None
        child_pid, tracker_pid = (int(word) for word in server.stdout.readline().split())
        assert _alive(child_pid) and _alive(tracker_pid)
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        deadline = time.monotonic() + 15
        while (_alive(child_pid) or _alive(tracker_pid)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(child_pid), "the sync child outlived the killed server"
        assert not _alive(tracker_pid), "the resource tracker outlived the killed server"
    finally:
        server.kill()
