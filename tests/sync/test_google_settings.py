"""A site pointed at a Google spreadsheet by its settings: the key file, or the Sheets fake's address instead."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lobbydesk.cli import main
from lobbydesk.settings import SettingsError, load_settings
from lobbydesk.site import Site
from sync.google import GoogleSheetsWorkbook
from tests.sync.sheets_fake import SheetsFake
from tests.sync.sheets_fake_process import SheetsFakeProcess


@pytest.fixture
def fake() -> Iterator[SheetsFake]:
    with SheetsFake.running() as running:
        running.add_spreadsheet("desk-key")
        yield running


def test_a_gsheets_workbook_needs_a_service_account_key(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=r"setting 'google_service_account' .* needs the service account's JSON"):
        load_settings(data_dir=tmp_path, workbook="gsheets://desk-key")


def test_an_api_base_makes_the_key_optional_and_must_be_a_web_address(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path, workbook="gsheets://desk-key", google_api_base="http://127.0.0.1:9")

    assert settings.google_service_account is None
    with pytest.raises(SettingsError, match=r"setting 'google_api_base' .* must start with http:// or https://"):
        load_settings(data_dir=tmp_path, workbook="gsheets://desk-key", google_api_base="127.0.0.1:9")


def test_the_site_builds_the_google_backend_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOBBYDESK_WORKBOOK", "gsheets://desk-key")
    monkeypatch.setenv("LOBBYDESK_GOOGLE_SERVICE_ACCOUNT", str(tmp_path / "account.json"))
    monkeypatch.setenv("LOBBYDESK_GOOGLE_API_BASE", "https://sheets.example.internal")

    workbook = Site(load_settings(data_dir=tmp_path)).workbook

    assert isinstance(workbook, GoogleSheetsWorkbook)
    assert (workbook.key, workbook.service_account) == ("desk-key", tmp_path / "account.json")
    assert workbook.api_base == "https://sheets.example.internal"


def test_sync_once_reaches_the_fake_through_the_settings(
    fake: SheetsFake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LOBBYDESK_WORKBOOK", "gsheets://desk-key")
    monkeypatch.setenv("LOBBYDESK_GOOGLE_API_BASE", fake.api_base)

    status = main(["sync", "--once", "--data", str(tmp_path)])

    assert status == 0, capsys.readouterr()
    assert f"Synced the Google spreadsheet desk-key (Sheets API at {fake.api_base})" in capsys.readouterr().out
    assert {"Settings", "Queue", "Problems"} <= set(fake.spreadsheet("desk-key").tab_names())


def test_sync_once_against_a_fake_in_its_own_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with SheetsFakeProcess.running(keys=["desk-key"]) as fake:
        monkeypatch.setenv("LOBBYDESK_WORKBOOK", "gsheets://desk-key")
        monkeypatch.setenv("LOBBYDESK_GOOGLE_API_BASE", fake.api_base)

        assert main(["sync", "--once", "--data", str(tmp_path)]) == 0, capsys.readouterr()
        assert main(["sync", "--once", "--data", str(tmp_path)]) == 0

        assert fake.tab("desk-key", "Queue") == [
            ["ID", "Number", "Service", "Issued", "Status", "Counter",
        "Priority", "Unit", "Called", "Served", "Wait min", "Service min"]
        ]
        assert fake.requests()["requests"]["values.batchGet"] == 1  # the second run: one read, nothing to write
