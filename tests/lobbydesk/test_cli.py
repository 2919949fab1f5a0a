"""The command line as a site's staff use it: help, one sync cycle, a test page, bad settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from lobbydesk.cli import main
from lobbydesk.demo import seed_demo, write_demo_config
from lobbydesk.settings import load_settings
from lobbydesk.site import Site


def _lobbydesk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lobbydesk", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})}, check=False)


@pytest.mark.parametrize("command", ["run", "demo", "sync", "print-test"])
def test_every_command_explains_itself(command: str) -> None:
    result = _lobbydesk(command, "--help")
    assert result.returncode == 0
    assert "--data" in result.stdout and "--config" in result.stdout


def test_a_bad_setting_stops_start_up_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    result = _lobbydesk("sync", "--once", "--data", str(tmp_path), env={"LOBBYDESK_PRINTER": "lpt://1"})
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("lobbydesk: setting 'printer' (env LOBBYDESK_PRINTER)")
    assert "Traceback" not in result.stderr


def _demo_folder(tmp_path: Path) -> Path:
    data = tmp_path / "demo-data"
    write_demo_config(data)
    site = Site(load_settings(data_dir=data))
    site.open()
    seed_demo(site)
    site.close()
    return data


def test_sync_once_puts_the_demo_queue_into_the_workbook_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _demo_folder(tmp_path)
    assert main(["sync", "--once", "--data", str(data)]) == 0
    said = capsys.readouterr().out
    assert "appended 897 new rows" in said, "the demo: queue, units, owners, repairs, fees, community life, " \
        "desk services, rounds, the committee, votes, the months of history the reports chart"
    assert "Queue" in said

    sheet = openpyxl.load_workbook(data / "workbook.xlsx")["Queue"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("ID", "Number", "Service", "Issued", "Status", "Counter")
    today = max(str(row[3])[:10] for row in rows[1:])  # the history the reports chart holds past days' numbers
    assert sorted(row[1] for row in rows[1:] if str(row[3])[:10] == today) == [
        "A001", "A002", "A003", "A004", "A005", "C001", "C002", "D001", "D002", "E001"]  # E001: the demo's move-in


def test_print_test_sends_a_page_to_the_configured_printer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _demo_folder(tmp_path)
    assert main(["print-test", "--data", str(data)]) == 0
    assert "Test page sent to" in capsys.readouterr().out
    assert (data / "printer.bin").stat().st_size > 0


def test_print_test_says_when_the_printer_is_unreachable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LOBBYDESK_PRINTER", "network://127.0.0.1:9")
    assert main(["print-test", "--data", str(tmp_path)]) == 1
    assert "lobbydesk: printer network 127.0.0.1:9" in capsys.readouterr().err
