"""The workbook commands as the site's administrator uses them: init, check, sync status, a record's history."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from desk.queue import QueueTicket, Service
from desk.report_tab import ReportFigure
from lobbydesk.cli import main
from lobbydesk.settings import load_settings
from lobbydesk.site import Site
from tests.fakes import EVERY_TAB


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "sunny"
    folder.mkdir()
    (folder / "lobbydesk.toml").write_text('site_code = "SUNNY"\ncommunity_name = "Sunny Garden"\n', encoding="utf-8")
    return folder


def report_figures(data: Path) -> int:
    with Site(load_settings(data_dir=data)) as site, site.store.transaction() as tx:
        return len(tx.find(ReportFigure))


def take_a_number(data: Path, service: Service = Service.INQUIRY) -> QueueTicket:
    site = Site(load_settings(data_dir=data))
    site.open()
    try:
        return site.queue.take_number(service, print_ticket=False).ticket
    finally:
        site.close()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(list(args))
    return status, capsys.readouterr().out


@pytest.mark.parametrize("command", [["history", "--help"], ["workbook", "--help"]])
def test_the_workbook_commands_explain_themselves(command: list[str]) -> None:
    result = subprocess.run([sys.executable, "-m", "lobbydesk", *command], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0
    assert "--data" in result.stdout and "--config" in result.stdout


def test_init_lays_the_workbook_out_and_check_then_finds_nothing(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, said = run(capsys, "workbook", "init", "--data", str(data))
    assert status == 0
    assert said.startswith(f"Laid out the workbook file {data / 'workbook.xlsx'} and formatted every tab: ")
    assert openpyxl.load_workbook(data / "workbook.xlsx").sheetnames == EVERY_TAB

    assert run(capsys, "workbook", "check", "--data", str(data)) == (
        0, f"the workbook file {data / 'workbook.xlsx'} is laid out as lobbydesk expects.\n")


def test_check_lists_drift_and_fails_so_a_script_notices(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "workbook", "init", "--data", str(data))
    book = openpyxl.load_workbook(data / "workbook.xlsx")
    book["Queue"].protection.sheet = False
    book.save(data / "workbook.xlsx")

    status, said = run(capsys, "workbook", "check", "--data", str(data))

    assert status == 1
    assert "has drifted (1); `lobbydesk workbook init` puts it right:" in said
    assert "  - Queue: the tab is not protected (the columns lobbydesk writes can be typed over)" in said


def test_status_tells_the_last_good_cycle_the_last_error_and_what_waits(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "The sync has not run yet." in run(capsys, "sync", "--status", "--data", str(data))[1]
    take_a_number(data)
    assert run(capsys, "sync", "--once", "--data", str(data))[0] == 0
    (data / "~$workbook.xlsx").write_bytes(b"front desk PC")  # Excel has the workbook open
    take_a_number(data)
    assert run(capsys, "sync", "--once", "--data", str(data))[0] == 1

    status, said = run(capsys, "sync", "--status", "--data", str(data))

    assert status == 0
    assert "Last good cycle: 20" in said and "appended 1 new row" in said
    assert "Last error:      20" in said and "workbook.xlsx is open in Excel or LibreOffice" in said
    # The ticket, and the Report-tab figures the first cycle's rules made after it wrote.
    waiting = 1 + report_figures(data)
    assert f"Pending changes: {waiting} record(s) changed in the store, not yet in the workbook" in said
    assert "Open problems:   0" in said


def test_status_lists_open_problems(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ticket = take_a_number(data)
    run(capsys, "sync", "--once", "--data", str(data))
    book = openpyxl.load_workbook(data / "workbook.xlsx")
    book["Queue"]["E2"] = "on lunch"
    book.save(data / "workbook.xlsx")
    run(capsys, "sync", "--once", "--data", str(data))

    said = run(capsys, "sync", "--status", "--data", str(data))[1]

    assert "Open problems:   1" in said
    assert f"  - Queue {ticket.id}, Status = 'on lunch': 'on lunch' is not one of: waiting, called" in said


def test_history_shows_who_changed_what_and_when(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ticket = take_a_number(data, Service.REPAIR)
    run(capsys, "sync", "--once", "--data", str(data))
    book = openpyxl.load_workbook(data / "workbook.xlsx")
    book["Queue"]["E2"] = "called"
    book["Queue"]["F2"] = 3
    book.save(data / "workbook.xlsx")
    run(capsys, "sync", "--once", "--data", str(data))

    status, said = run(capsys, "history", ticket.id, "--data", str(data))

    lines = said.splitlines()
    assert status == 0
    assert lines[0] == f"History of {ticket.id} (Queue), 2 versions, oldest first:"
    assert "kiosk  created: Number D001 · Service repair · Issued " in lines[1]
    assert lines[2].endswith("staff  Status: waiting → called; Counter: (empty) → 3")


def test_history_of_an_unknown_id_says_so(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "history", "SUNNY-T000000", "--data", str(data)) == (
        1, "No record with ID SUNNY-T000000 in this site's store.\n")


def test_status_tells_the_workbooks_size_and_what_the_last_cycle_asked(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    take_a_number(data)
    run(capsys, "sync", "--once", "--data", str(data))  # writes the ticket
    run(capsys, "sync", "--once", "--data", str(data))  # reads the workbook as written

    said = run(capsys, "sync", "--status", "--data", str(data))[1]

    # An .xlsx has no cell limit, but a tab holds at most 1,048,576 rows.
    assert "Workbook size:   " in said and "the largest tab uses 0.0% of 1,048,576 rows" in said
    assert "Pace:" not in said  # no sync loop ran, so no pace to tell
