"""``workbook init`` lays the workbook out for staff; ``workbook check`` says what drifted since."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from admin.workbook import check, provision
from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.queue import QueueDesk, QueueTicket, Service
from desk.site_settings import SiteSettings
from desk.store import Store
from sync.backend import FormattableWorkbook
from sync.engine import SyncEngine
from sync.google import GoogleSheetsWorkbook
from sync.memory import MemoryWorkbook
from sync.xlsx import XlsxWorkbook
from tests.sync.kinds import Bulletin
from tests.sync.sheets_fake import SheetsFake

KINDS = (QueueTicket, Bulletin)
SETTINGS = SiteSettings(community_name="阳光花园 Sunny Garden")


@pytest.fixture(scope="module")
def sheets_fake() -> Iterator[SheetsFake]:
    with SheetsFake.running() as fake:
        yield fake


@pytest.fixture(params=["memory", "xlsx", "google"])
def workbook(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FormattableWorkbook]:
    backend: FormattableWorkbook
    if request.param == "memory":
        backend = MemoryWorkbook()
    elif request.param == "xlsx":
        backend = XlsxWorkbook(tmp_path / "desk.xlsx")
    else:
        fake: SheetsFake = request.getfixturevalue("sheets_fake")
        key = f"provisioning-{len(fake.books)}"
        fake.add_spreadsheet(key)
        backend = fake.backend(key)
    backend.open()
    yield backend
    backend.close()


@pytest.fixture
def xlsx_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.xlsx"


@pytest.fixture
def xlsx(xlsx_path: Path) -> Iterator[XlsxWorkbook]:
    backend = XlsxWorkbook(xlsx_path)
    backend.open()
    yield backend
    backend.close()


def values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path)
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


def test_init_creates_every_tab_with_its_headers_and_then_nothing_has_drifted(workbook: FormattableWorkbook) -> None:
    done = provision(workbook, KINDS, "SUNNY", SETTINGS)

    tabs = workbook.read(["Settings", "Queue", "Bulletins", "Problems"])
    assert tabs["Queue"][0][:6] == ["ID", "Number", "Service", "Issued", "Status", "Counter"]
    assert tabs["Bulletins"][0] == ["ID", "Title", "Starts", "Status", "Urgent", "Site", "Shown"]
    assert tabs["Problems"] == [["Site", "Tab", "ID", "Column", "Value", "Why"]]
    assert [row[0] for row in tabs["Settings"][1:]] == [
        "community_name", "opening_hours", "services", "counters", "usual_minutes", "primary_site",
        "duty_phone", "parcel_overdue_days", "heating_season", "payment_scheme", "payment_payee", "payment_city",
        "payment_country", "payment_currency", "payment_merchant", "payment_url"]
    assert done.formatted
    assert "created the tab(s) Settings, Queue, Bulletins, Problems" in done.describe(workbook.describe())
    assert check(workbook, KINDS) == []


def test_init_twice_changes_nothing(workbook: FormattableWorkbook) -> None:
    provision(workbook, KINDS, "SUNNY", SETTINGS)
    before = workbook.read(["Settings", "Queue", "Bulletins", "Problems"])

    again = provision(workbook, KINDS, "SUNNY", SETTINGS)

    assert workbook.read(["Settings", "Queue", "Bulletins", "Problems"]) == before
    assert again.describe("the workbook") == "the workbook was already laid out; formats checked and refreshed."
    assert check(workbook, KINDS) == []


def test_init_puts_back_a_missing_header_and_never_deletes_staff_data(
    workbook: FormattableWorkbook, request: pytest.FixtureRequest
) -> None:
    provision(workbook, KINDS, "SUNNY", SETTINGS)
    tabs = workbook.read(["Queue"])
    width = len(tabs["Queue"][0])
    staff_grid = {"Queue": [[*tabs["Queue"][0][:4], "My notes"], ["SUNNY-T000001", "A001", "inquiry", None, "VIP"]]}
    replace_tab(workbook, "Queue", staff_grid["Queue"], request)  # staff deleted Status and Counter, added one

    drift = check(workbook, KINDS)
    assert any(line.startswith("Queue: missing column(s) Status, Counter") for line in drift)

    provision(workbook, KINDS, "SUNNY", SETTINGS)

    queue = workbook.read(["Queue"])["Queue"]
    assert queue[0][:5] == ["ID", "Number", "Service", "Issued", "My notes"]
    assert queue[0][5:7] == ["Status", "Counter"]
    assert len(queue[0]) == width + 1
    assert queue[1] == ["SUNNY-T000001", "A001", "inquiry", None, "VIP"]


def replace_tab(
    workbook: FormattableWorkbook, tab: str, grid: list[list[object]], request: pytest.FixtureRequest
) -> None:
    """Staff rework a tab by hand in their spreadsheet program."""
    if isinstance(workbook, MemoryWorkbook):
        workbook._tabs[tab] = [list(row) for row in grid]  # type: ignore[misc]
        return
    if isinstance(workbook, GoogleSheetsWorkbook):
        fake: SheetsFake = request.getfixturevalue("sheets_fake")
        fake.spreadsheet(workbook.key).load_tab(tab, grid)
        return
    assert isinstance(workbook, XlsxWorkbook)
    book = openpyxl.load_workbook(workbook.path)
    sheet = book[tab]
    sheet.delete_rows(1, sheet.max_row)
    for row in grid:
        sheet.append(row)
    book.save(workbook.path)


def test_the_xlsx_file_is_laid_out_as_staff_need_it(xlsx: XlsxWorkbook, xlsx_path: Path) -> None:
    provision(xlsx, KINDS, "SUNNY", SETTINGS)

    book = openpyxl.load_workbook(xlsx_path)
    queue = book["Queue"]
    assert queue.freeze_panes == "A2"
    assert str(queue.auto_filter.ref).startswith("A1:")
    assert queue.protection.sheet and not queue.protection.sort and not queue.protection.autoFilter
    assert queue.column_dimensions["E"].protection.locked is False  # Status: staff write it
    assert queue.column_dimensions["A"].protection.locked is not False  # ID: lobbydesk writes it
    assert queue.column_dimensions["D"].width == 19  # Issued holds a date and time
    dropdowns = {str(dv.sqref): dv.formula1 for dv in queue.data_validations.dataValidation}
    assert dropdowns["C2:C1048576"] == '"inquiry,complaint,payment,repair,move-in,other"'
    assert dropdowns["E2:E1048576"] == '"waiting,called,served,no-show,cancelled"'
    shaded = {str(cf.sqref) for cf in queue.conditional_formatting for rule in cf.rules if "TRUE)" in rule.formula[0]}
    assert {"A1:A1048576", "B1:B1048576", "C1:C1048576", "D1:D1048576"} <= shaded
    assert "E1:E1048576" not in shaded
    bulletin_rules = [rule.formula[0] for cf in book["Bulletins"].conditional_formatting for rule in cf.rules]
    assert 'AND(N("lobbydesk")=0,OR(LOWER(TRIM($E2))="true"))' in bulletin_rules


def test_rows_the_sync_adds_later_are_open_where_staff_write(
    xlsx: XlsxWorkbook, xlsx_path: Path, tmp_path: Path
) -> None:
    provision(xlsx, KINDS, "SUNNY", SETTINGS)
    store = Store(tmp_path / "store.sqlite3")
    store.open()
    clock = FixedClock(datetime(2024, 5, 6, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    QueueDesk(store, clock, SequentialIds("SUNNY")).take_number(Service.REPAIR)

    SyncEngine(store, xlsx, KINDS, clock, ids=SequentialIds("SUNNY")).run_once()
    store.close()

    queue = openpyxl.load_workbook(xlsx_path)["Queue"]
    assert queue["A2"].value == "SUNNY-T000001"
    assert queue["E2"].protection.locked is False
    # The empty Counter cell is not in the file at all: Excel gives it its column's style, unlocked.
    assert (2, 6) not in queue._cells and queue.column_dimensions["F"].protection.locked is False
    assert queue["A2"].protection.locked is True and queue["B2"].protection.locked is True


def test_check_names_each_thing_staff_undid_and_init_redoes_it(xlsx: XlsxWorkbook, xlsx_path: Path) -> None:
    provision(xlsx, KINDS, "SUNNY", SETTINGS)
    book = openpyxl.load_workbook(xlsx_path)
    queue = book["Queue"]
    queue.protection.sheet = False
    queue.freeze_panes = None
    queue.data_validations.dataValidation = []
    queue.column_dimensions["B"].width = 30  # staff widen Number: their choice, not drift
    queue.conditional_formatting.add("F2:F9", FormulaRule(formula=['$F2="3"'], fill=PatternFill(bgColor="FFFF00")))
    own = DataValidation(type="whole")
    own.add("H2:H100")
    queue.add_data_validation(own)
    book["Settings"].append(["smtp_password", "hunter2", "", ""])
    book.save(xlsx_path)

    drift = check(xlsx, KINDS)

    assert drift == [
        "Settings: the row 'smtp_password' looks like a secret; remove it from the workbook (secrets belong in "
        "lobbydesk.toml, which only the site server reads)",
        "Queue: the header row is not frozen",
        "Queue: the tab is not protected (the columns lobbydesk writes can be typed over)",
        "Queue, column Service: the dropdown should offer inquiry, complaint, payment, repair, move-in, other "
        "(it has none)",
        "Queue, column Status: the dropdown should offer waiting, called, served, no-show, cancelled (it has none)",
    ]

    provision(xlsx, KINDS, "SUNNY", SETTINGS)

    assert check(xlsx, KINDS) == [drift[0]]  # init never deletes a row, not even a secret; staff must
    queue = openpyxl.load_workbook(xlsx_path)["Queue"]
    assert queue.column_dimensions["B"].width == 30
    assert any(rule.formula == ['$F2="3"'] for cf in queue.conditional_formatting for rule in cf.rules)
    assert any(str(dv.sqref) == "H2:H100" for dv in queue.data_validations.dataValidation)


def test_a_workbook_that_cannot_format_is_laid_out_with_values_only(tmp_path: Path) -> None:
    plain = PlainWorkbook()
    plain.open()

    done = provision(plain, KINDS, "SUNNY", SETTINGS)

    assert not done.formatted
    assert "left formats alone (a plain workbook cannot be formatted)" in done.describe("a plain workbook")
    assert check(plain, KINDS) == []


class PlainWorkbook:
    """A backend that only reads and writes values (the protocol's minimum)."""

    def __init__(self) -> None:
        self.inner = MemoryWorkbook()

    def open(self) -> None:
        self.inner.open()

    def close(self) -> None:
        self.inner.close()

    def describe(self) -> str:
        return "a plain workbook"

    def read(self, tabs: object) -> object:
        return self.inner.read(tabs)  # type: ignore[arg-type]

    def write(self, batch: object) -> None:
        self.inner.write(batch)  # type: ignore[arg-type]
