"""``lobbydesk doctor``: the office's IT person checks a site in one command and reads what to fix."""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desk.store import Store
from lobbydesk.cli import main
from printers.spool import PRINTER_ALERTS, PrinterAlert
from sync.status import LAST_GOOD_AT
from tests.lobbydesk.smtp_inbox import smtp_server

ZONE = ZoneInfo("Asia/Shanghai")


def a_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **settings: object) -> Path:
    """A site's data folder: settings, a store synced a minute ago, last night's backup, the workbook, a font."""
    data = tmp_path / "site"
    lines = {"site_code": "SUNNY", "public_url": "http://192.168.1.10:8080", "printer": "none", **settings}
    data.mkdir()
    (data / "lobbydesk.toml").write_text(
        "".join(f"{key} = {value!r}\n".replace("'", '"') for key, value in lines.items()), encoding="utf-8")
    (data / "workbook.xlsx").touch()
    with Store(data / "lobbydesk.sqlite3") as store, store.transaction() as tx:
        tx.set_site_state({LAST_GOOD_AT: (datetime.now(ZONE) - timedelta(minutes=1)).isoformat()})
    (data / "backups").mkdir(exist_ok=True)
    (data / "backups" / "lobbydesk-backup-SUNNY-20261127-020000.tar.gz").write_bytes(b"archive")
    font = tmp_path / "chinese.ttf"
    font.write_bytes(b"font")
    monkeypatch.setenv("LOBBYDESK_PDF_FONT", str(font))
    return data


def doctor(data: Path, capsys: pytest.CaptureFixture[str], *more: str) -> tuple[int, list[str]]:
    status = main(["doctor", "--data", str(data), *more])
    return status, capsys.readouterr().out.splitlines()


def test_a_well_kept_site_gets_a_tick_on_every_line_and_exit_status_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, lines = doctor(a_site(tmp_path, monkeypatch), capsys)

    assert status == 0, "\n".join(lines)
    assert all(line.startswith("✓ ") for line in lines[:-1])
    assert "✓ Sync: The workbook synced 60 seconds ago" in lines
    assert "✓ Phones: Phones open ticket pages at http://192.168.1.10:8080" in lines
    assert lines[-1] == "13 fine, 0 to look at, 0 broken"


def test_paper_out_and_a_secret_others_can_read_are_broken_and_say_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = a_site(tmp_path, monkeypatch, printer="usb://04b8:0202")
    with Store(data / "lobbydesk.sqlite3") as store, store.transaction() as tx:
        tx.raise_alert(PRINTER_ALERTS, PrinterAlert.PAPER_OUT, "out of paper", at=datetime.now(ZONE))
    (data / "secrets").mkdir(mode=0o700)
    leaked = data / "secrets" / "storage_secret"
    leaked.write_text("x" * 48, encoding="utf-8")
    os.chmod(leaked, 0o644)

    status, lines = doctor(data, capsys)

    assert status == 2
    assert "✗ Printer paper: The ticket printer is out of paper: load a new roll" in lines
    at = lines.index("✗ Secrets: Other accounts on this computer can read a secret: chmod 600 it")
    assert lines[at + 1] == f"    {leaked}"


def test_phones_that_cannot_reach_the_server_and_no_backup_need_a_look(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = a_site(tmp_path, monkeypatch, public_url="")
    (data / "backups" / "lobbydesk-backup-SUNNY-20261127-020000.tar.gz").unlink()

    status, lines = doctor(data, capsys)

    assert status == 1
    assert "! Backup: No backup has been made yet" in lines
    assert "! Phones: Phones cannot open http://127.0.0.1:8080: the QR codes on tickets lead nowhere" in lines


def test_a_network_printer_nobody_answers_at_is_broken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    status, lines = doctor(a_site(tmp_path, monkeypatch, printer=f"network://127.0.0.1:{port}"), capsys)

    assert status == 2
    assert f"✗ Printer: network 127.0.0.1:{port} cannot be reached" in lines


def test_settings_that_cannot_be_read_are_said_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = a_site(tmp_path, monkeypatch, port="eighty")

    status, lines = doctor(data, capsys)

    assert status == 2
    assert lines[0] == "✗ Settings: The settings cannot be read"
    assert lines[1].startswith("    setting 'port' (env LOBBYDESK_PORT):")


def test_the_mail_server_is_checked_and_a_test_mail_reaches_the_office(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with smtp_server() as inbox:
        data = a_site(tmp_path, monkeypatch, smtp_host=inbox.host, smtp_port=inbox.port, smtp_security="none",
                      smtp_from="lobbydesk@sunny.example", smtp_to=["office@sunny.example"])
        status, lines = doctor(data, capsys, "--mail-test")

    assert status == 0, "\n".join(lines)
    assert f"✓ E-mail: E-mail alerts go to office@sunny.example through {inbox.host}:{inbox.port}" in lines
    assert "✓ E-mail: A test e-mail went to office@sunny.example" in lines
    [got] = inbox.received
    assert got.recipients == ["office@sunny.example"]
    assert got.message["Subject"] == "[lobbydesk] lobbydesk test e-mail 测试邮件"
