"""Workbook URLs as settings give them: parsed without touching anything, refused in one clear sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.google import GoogleSheetsWorkbook
from sync.memory import MemoryWorkbook
from sync.urls import WorkbookUrl, backend_from_url, parse_workbook_url
from sync.xlsx import XlsxWorkbook


def test_an_xlsx_url_names_an_absolute_file() -> None:
    assert parse_workbook_url("xlsx:///srv/lobbydesk/desk.xlsx") == WorkbookUrl(
        "xlsx", path=Path("/srv/lobbydesk/desk.xlsx")
    )


def test_an_xlsx_url_may_name_a_windows_drive_and_spaces() -> None:
    parsed = parse_workbook_url("xlsx:///C:/Front%20Desk/desk.xlsx")

    assert parsed.scheme == "xlsx"
    assert str(parsed.path) == "C:/Front Desk/desk.xlsx"


def test_a_gsheets_url_carries_the_spreadsheet_key() -> None:
    assert parse_workbook_url("gsheets://1AbC_dEf-123") == WorkbookUrl("gsheets", key="1AbC_dEf-123")


def test_memory_needs_nothing_else() -> None:
    assert parse_workbook_url("memory://") == WorkbookUrl("memory")


@pytest.mark.parametrize(
    "url",
    [
        "",
        "desk.xlsx",
        "xlsx://desk.xlsx",
        "xlsx:///relative/../but/not/xlsx.csv",
        "xlsx:relative/desk.xlsx",
        "gsheets://",
        "gsheets://key with spaces",
        "memory://somewhere",
        "https://docs.google.com/spreadsheets/d/abc",
    ],
)
def test_anything_else_is_refused_naming_the_accepted_forms(url: str) -> None:
    with pytest.raises(
        ValueError, match=r"use xlsx:///absolute/path/workbook\.xlsx, gsheets://SPREADSHEET_KEY or memory://"
    ):
        parse_workbook_url(url)


def test_backends_come_from_urls_without_touching_the_disk(tmp_path: Path) -> None:
    path = tmp_path / "not yet" / "desk.xlsx"

    xlsx = backend_from_url(f"xlsx://{path.as_posix()}")
    memory = backend_from_url("memory://")

    assert isinstance(xlsx, XlsxWorkbook)
    assert xlsx.path == path
    assert not path.parent.exists()
    assert isinstance(memory, MemoryWorkbook)


def test_a_gsheets_url_builds_the_google_backend_without_signing_in(tmp_path: Path) -> None:
    account = tmp_path / "no such key.json"

    google = backend_from_url("gsheets://1AbC_dEf-123", google_service_account=account)

    assert isinstance(google, GoogleSheetsWorkbook)
    assert (google.key, google.service_account, google.api_base) == ("1AbC_dEf-123", account, "")
    assert google.describe() == "the Google spreadsheet 1AbC_dEf-123"
