"""``workbook init`` and ``workbook check`` on a Google spreadsheet (the Sheets v4 fake), as staff will find it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from admin.workbook import check, provision
from desk.queue import QueueTicket
from desk.site_settings import SiteSettings
from sync.backend import FormattableWorkbook
from sync.google import GoogleSheetsWorkbook
from tests.sync.kinds import Bulletin
from tests.sync.sheets_fake import SheetsFake
from tests.sync.sheets_fake_view import SpreadsheetView

KINDS = (QueueTicket, Bulletin)
SETTINGS = SiteSettings(community_name="阳光花园 Sunny Garden")


@pytest.fixture
def backend(fake: SheetsFake, book: SpreadsheetView) -> Iterator[GoogleSheetsWorkbook]:
    workbook = fake.backend("desk-key")
    workbook.open()
    yield workbook
    workbook.close()


def test_the_google_backend_can_be_formatted(backend: GoogleSheetsWorkbook) -> None:
    assert isinstance(backend, FormattableWorkbook)


def test_init_lays_out_every_tab_and_then_nothing_has_drifted(
    fake: SheetsFake, book: SpreadsheetView, backend: GoogleSheetsWorkbook
) -> None:
    done = provision(backend, KINDS, "SUNNY", SETTINGS)

    assert done.formatted
    assert book.tab_names() == ["Sheet1", "Settings", "Queue", "Bulletins", "Problems"]
    assert check(backend, KINDS) == []


def test_the_queue_tab_is_laid_out_as_staff_need_it(book: SpreadsheetView, backend: GoogleSheetsWorkbook) -> None:
    provision(backend, KINDS, "SUNNY", SETTINGS)

    queue = book.sheet("Queue")
    status, issued = queue.column_of("Status"), queue.column_of("Issued")
    assert queue.properties["gridProperties"]["frozenRowCount"] == 1
    assert queue.basic_filter == {"range": {"sheetId": queue.sheet_id}}
    protected = {p["range"]["startColumnIndex"]: p for p in queue.protected_ranges}
    assert issued in protected and status not in protected  # the kiosk writes Issued; staff write Status
    assert all(p["warningOnly"] for p in protected.values())
    (dropdown,) = [rule for grid, rule in queue.validations if grid["startColumnIndex"] == status]
    assert dropdown is not None
    assert [value["userEnteredValue"] for value in dropdown["condition"]["values"]] == [
        "waiting",
        "called",
        "served",
        "no-show",
        "cancelled",
    ]
    assert dropdown["strict"] is False
    assert queue.column_metadata[issued]["pixelSize"] > 100
    bulletins = book.sheet("Bulletins")
    formulas = [
        rule["booleanRule"]["condition"]["values"][0]["userEnteredValue"] for rule in bulletins.conditional_formats
    ]
    assert formulas[0] == '=AND(N("lobbydesk")=0,OR(LOWER(TRIM($E2))="true"))'  # urgent notices stand out


def test_init_twice_sends_no_second_write(fake: SheetsFake, backend: GoogleSheetsWorkbook) -> None:
    provision(backend, KINDS, "SUNNY", SETTINGS)
    fake.reset_counts()

    provision(backend, KINDS, "SUNNY", SETTINGS)

    assert fake.requests == {"values.batchGet": 1, "spreadsheets.get": 1}


def test_check_names_what_staff_undid_and_init_redoes_it_leaving_their_own_rules(
    fake: SheetsFake, book: SpreadsheetView, backend: GoogleSheetsWorkbook
) -> None:
    provision(backend, KINDS, "SUNNY", SETTINGS)
    queue = book.sheet("Queue")
    queue.protected_ranges.clear()
    queue.basic_filter = None
    queue.conditional_formats.insert(0, {"ranges": [{"sheetId": queue.sheet_id}], "booleanRule": {}})

    drift = check(backend, KINDS)

    assert "Queue: the header row has no filter" in drift
    assert "Queue: the tab is not protected (the columns lobbydesk writes can be typed over)" in drift
    provision(backend, KINDS, "SUNNY", SETTINGS)
    assert check(backend, KINDS) == []
    assert book.sheet("Queue").conditional_formats[0] == {"ranges": [{"sheetId": queue.sheet_id}], "booleanRule": {}}
