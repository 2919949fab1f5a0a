"""The clerk's day in real headless Chromium, against ``lobbydesk demo`` and its workbook.xlsx (issue #15).

A repair worked to done at the console reaches the owner's phone page, the kiosk and the sheet, and what
staff type in the sheet reaches the open console; a called owner who never comes is recorded a no-show
once the grace is over; a sale typed into the workbook bills the seller and the buyer their own days.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from desk.billing import SELLERS_PART, Period
from desk.ledger import Charge
from desk.queue import QueueTicket, TicketStatus
from desk.repair_status import RepairStatus
from desk.repairs import Repair
from desk.store import Store
from desk.units import Resident, Unit
from lobbydesk.settings import Settings, load_settings
from tests.e2e.conftest import running_demo, tap_text
from tests.e2e.kiosk_owner import body_text, sign_in_at_tile

pytestmark = pytest.mark.browser

DEMO_UNIT = "3-1202"
SALE_UNIT = "1-301"
BUYER = "陈静 Chen Jing"


# 1. A clerk works a repair to done, and the owner sees the note.

def test_a_clerk_works_a_repair_to_done_and_the_owner_reads_the_note_everywhere(
    demo_server: tuple[str, Path], browser: webdriver.Chrome
) -> None:
    base, data = demo_server
    workbook = data / "workbook.xlsx"
    repair = _an_assigned_repair_of(data, DEMO_UNIT)
    note = "温控阀已更换，暖气恢复 The valve is replaced, the heating works"

    _log_in(browser, base, "/staff/repairs", "desk", "desk-demo-2026")
    _tap_testid(browser, f"open-{repair.number}")
    _wait_for_detail(browser, "已派单 Assigned ·")
    _retype(_field(browser, "Person 维修人员", "input"), "周师傅")
    tap_text(browser, "Assign 派单")
    _wait_until(lambda: _stored(data, repair.id).assignee == "周师傅", "the assignee was stored")
    tap_text(browser, "→ 维修中 In progress")
    _wait_for_detail(browser, "维修中 In progress ·")
    _retype(_field(browser, "Note the owner sees 给业主的说明", "textarea"), note)
    tap_text(browser, "Save notes 保存备注")
    _wait_until(lambda: _stored(data, repair.id).note_to_owner == note, "the note was stored")
    tap_text(browser, "→ 已完成 Done")
    _wait_for_detail(browser, "已完成 Done ·")
    assert _stored(data, repair.id).status is RepairStatus.DONE

    browser.get(f"{base}/r/{repair.id}?lang=en")
    _wait_for_text(browser, f"Note from staff: {note}")
    assert "Done" in body_text(browser).splitlines()

    browser.get(base + "/")
    sign_in_at_tile(browser, "My requests")
    _wait_for_text(browser, f"Note from staff: {note}")
    assert repair.number in body_text(browser)
    tap_text(browser, "Sign out")

    row = _eventually(lambda: _row_if(workbook, "Repairs", repair.id,
                                      lambda r: r["Status"] == "done" and r["Note to owner"] == note),
                      "the Repairs row says done, with the note")
    assert row["Assignee"] == "周师傅"

    # The reverse: staff reopen it in Excel and write to another owner; the open console follows.
    browser.get(f"{base}/staff/repairs?open={repair.id}")
    _wait_for_detail(browser, "已完成 Done ·")
    other = _another_open_repair_of(data, DEMO_UNIT, repair.id)
    other_note = "锁芯到货，周一上门 The lock arrived, we come on Monday"
    _type_in_workbook(workbook, {repair.id: {"Status": "reopened"}, other.id: {"Note to owner": other_note}},
                      shown=lambda: _detail_says(browser, "已重新打开 Reopened ·", seconds=8))
    _tap_testid(browser, f"open-{repair.number}")  # back in the list of open repairs, without a reload
    _tap_testid(browser, f"open-{other.number}")
    _wait_until(lambda: _field(browser, "Note the owner sees 给业主的说明", "textarea")
                .get_attribute("value") == other_note, "the other repair's note typed in the sheet is shown")


def _an_assigned_repair_of(data: Path, unit_label: str) -> Repair:
    with _store(data) as store, store.transaction() as tx:
        mine = [r for r in tx.find(Repair) if r.unit_label == unit_label and r.status is RepairStatus.ASSIGNED]
    assert mine, f"the demo has an assigned repair of {unit_label}"
    return mine[0]


def _another_open_repair_of(data: Path, unit_label: str, not_this: str) -> Repair:
    with _store(data) as store, store.transaction() as tx:
        others = [r for r in tx.find(Repair) if r.unit_label == unit_label and r.is_open and r.id != not_this]
    assert others, f"the demo has a second open repair of {unit_label}"
    return others[0]


def _stored(data: Path, repair_id: str) -> Repair:
    with _store(data) as store, store.transaction() as tx:
        repair = tx.get(Repair, repair_id)
    assert repair is not None
    return repair


def _wait_for_detail(driver: webdriver.Chrome, words: str) -> None:
    _wait_until(lambda: _detail_says(driver, words), f"the open repair says {words!r}", seconds=20)


def _detail_says(driver: webdriver.Chrome, words: str, seconds: float = 0) -> bool:
    deadline = time.monotonic() + seconds
    while True:
        if _testid_text(driver, "detail-status").startswith(words):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.3)


# 2. A no-show that waits out the grace period.

GRACE = timedelta(minutes=0.1)


def test_a_called_owner_who_never_comes_is_a_no_show_only_after_the_grace(
    tmp_path: Path, browser: webdriver.Chrome
) -> None:
    data = tmp_path / "demo-data"
    with running_demo(data, no_show_minutes=str(GRACE.total_seconds() / 60), sync_interval="1") as base:
        browser.get(base + "/")
        tap_text(browser, "English")
        tap_text(browser, "Take a number")
        tap_text(browser, "Inquiry")
        number = _testid_text(browser, "ticket-number", seconds=15)
        assert re.fullmatch(r"A\d{3}", number), number

        _log_in(browser, base, "/staff", "desk", "desk-demo-2026")
        _call_until_current(browser, number)
        no_show_open, card, call_next = (_button(browser, "No-show 过号").is_enabled(), body_text(browser),
                                         _buttons_saying(browser, "Call next 叫下一位"))  # seen at once: 6 s pass
        ticket = _ticket_numbered(data, number)
        assert ticket.status is TicketStatus.CALLED and ticket.called_at is not None
        ready = (ticket.called_at + GRACE).astimezone(_settings(data).zone)
        assert not no_show_open, "a no-show waits for the grace"
        assert f"No-show from {ready:%H:%M} 可于 {ready:%H:%M} 后过号" in card
        assert not call_next, "nobody else is called while the owner may come"

        WebDriverWait(browser, 30, ignored_exceptions=[StaleElementReferenceException])\
            .until(lambda b: _button(b, "No-show 过号").is_enabled())
        assert datetime.now(UTC) >= ticket.called_at + GRACE, "the button opened only after the grace"
        assert "No-show from" not in body_text(browser)
        tap_text(browser, "No-show 过号")
        WebDriverWait(browser, 15).until(lambda b: _buttons_saying(b, "Call next 叫下一位"))

        assert _ticket_numbered(data, number).status is TicketStatus.NO_SHOW
        browser.get(f"{base}/t/{ticket.id}?lang=en")
        _wait_for_text(browser, "Missed — please take a new number")


def _call_until_current(driver: webdriver.Chrome, number: str) -> None:
    """Call the line at counter 1 until ``number`` is at the counter (the demo's owner there is served first)."""
    for _ in range(8):
        current: str = _eventually(lambda: _current_ticket(driver), "the counter's card is drawn", seconds=15)
        if current == number:
            return
        tap_text(driver, "Served, call next 完成并叫下一位" if current else "Call next 叫下一位")
        WebDriverWait(driver, 15).until(partial(_moved_on_from, current))
    pytest.fail(f"{number} was never called to counter 1")


def _moved_on_from(number: str, driver: webdriver.Chrome) -> bool:
    return _current_ticket(driver) not in (number, None)


def _current_ticket(driver: webdriver.Chrome) -> str | None:
    """The number at this console's counter, "" when nobody is called, None while the card redraws."""
    try:
        WebDriverWait(driver, 15).until(lambda b: _buttons_saying(b, "Call next 叫下一位")
                                        or _buttons_saying(b, "No-show 过号"))
        shown = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".text-7xl") if e.is_displayed()]
    except StaleElementReferenceException:
        return None
    return shown[0] if shown else ""


def _ticket_numbered(data: Path, number: str) -> QueueTicket:
    with _store(data) as store, store.transaction() as tx:
        tickets = tx.find(QueueTicket, "json_extract(body, '$.number') = ?", (number,))
    assert tickets, f"{number} is in the store"
    return max(tickets, key=lambda t: t.issued_at)


# 3. A sale through the workbook, billed by days.

def test_a_sale_typed_into_the_workbook_bills_the_seller_and_the_buyer_their_days(
    demo_server: tuple[str, Path], browser: webdriver.Chrome
) -> None:
    base, data = demo_server
    workbook = data / "workbook.xlsx"
    today = datetime.now(_settings(data).zone).date()
    period = Period(today.year + today.month // 12, today.month % 12 + 1)
    unit = _eventually(lambda: next((u for u in _tab(workbook, "Units")
                                     if f"{u['Building']}-{u['Room']}" == SALE_UNIT), None), f"{SALE_UNIT} is listed")
    seller = next(r for r in _tab(workbook, "Residents") if r["Unit"] == unit["ID"] and r["Role"] == "owner")
    fee = next(r for r in _tab(workbook, "FeeRules") if r["Fee"] == "Property fee")
    sold_on, moved_in = date(period.year, period.month, 15), date(period.year, period.month, 16)

    def the_sale(book: openpyxl.Workbook) -> None:
        residents = book["Residents"]
        _set_cells(residents, str(seller["ID"]), {"Moved out": sold_on})
        headers = _headers(residents)
        if not any(row[headers.index("Name")].value == BUYER for row in residents.iter_rows(min_row=2)):
            buyer = {"Name": BUYER, "Unit": SALE_UNIT, "Phone": "13900001111", "Role": "owner", "Language": "zh",
                     "Move-in": moved_in}
            residents.append([buyer.get(header) for header in headers])

    _type_in_workbook(workbook, the_sale, shown=lambda: _sale_stored(data, str(seller["ID"]), sold_on))

    _log_in(browser, base, "/staff/billing", "manager", "manager-demo-2026")
    period_field = _field(browser, "Period 账期 (YYYY-MM)", "input")
    assert period_field.get_attribute("value") == str(period), "the page offers next month"
    tap_text(browser, "Bill now 生成")
    _wait_for_text(browser, f"{period}: added ", seconds=30)
    browser.save_screenshot(str(data / "billing-run.png"))

    area, rate = Decimal(str(unit["Area m2"])).quantize(Decimal("0.01")), Decimal(str(fee["Rate"]))
    sellers_days, buyers_days = sold_on.day, period.days - sold_on.day
    sellers_part = _cents(area * rate * sellers_days / period.days)
    buyers_part = _cents(area * rate * buyers_days / period.days)
    charges = _property_fees(data, str(unit["ID"]), str(period))
    assert {key.endswith(f"|{SELLERS_PART}"): amount for key, amount in charges.items()} == {
        True: sellers_part, False: buyers_part}
    shown = body_text(browser)
    assert f"{area} m2 x {rate} x {sellers_days}/{period.days} days to {sold_on}, {seller['Name']} moved out" in shown
    assert f"{area} m2 x {rate} x {buyers_days}/{period.days} days" in shown

    rows = _eventually(lambda: _charge_rows(workbook, charges), "both charges reached the Charges tab")
    assert {row["Key"]: Decimal(str(row["Amount"])) for row in rows} == charges
    # The sale is ahead: until the seller's last day has passed, the seller is still the owner of record.
    with _store(data) as store, store.transaction() as tx:
        on_record = tx.get(Unit, str(unit["ID"]))
    assert on_record is not None and on_record.owner_of_record == seller["Name"]


def _sale_stored(data: Path, seller_id: str, sold_on: date, seconds: float = 6) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with _store(data) as store, store.transaction() as tx:
            seller = tx.get(Resident, seller_id)
            buyers = tx.find(Resident, "json_extract(body, '$.name') = ?", (BUYER,))
        if seller is not None and seller.moved_out == sold_on and buyers:
            return True
        time.sleep(0.5)
    return False


def _property_fees(data: Path, unit_id: str, period: str) -> dict[str, Decimal]:
    with _store(data) as store, store.transaction() as tx:
        charges = tx.find(Charge, "json_extract(body, '$.unit') = ? AND json_extract(body, '$.period') = ?",
                          (unit_id, period))
    return {c.key: c.amount for c in charges if c.fee == "Property fee"}


def _charge_rows(workbook: Path, charges: dict[str, Decimal]) -> list[dict[str, Any]] | None:
    rows = [row for row in _tab(workbook, "Charges") if row["Key"] in charges]
    return rows if len(rows) == len(charges) else None


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# The browser.

def _log_in(driver: webdriver.Chrome, base: str, page: str, name: str, password: str) -> None:
    driver.get(base + page)
    WebDriverWait(driver, 15).until(expected_conditions.url_contains("/staff/login"))
    _field(driver, "Name 姓名", "input").send_keys(name)
    _field(driver, "Password 密码", "input").send_keys(password)
    tap_text(driver, "Log in 登录")
    WebDriverWait(driver, 15).until(lambda b: "/staff/login" not in b.current_url)


def _field(driver: webdriver.Chrome, label: str, tag: str) -> WebElement:
    xpath = f"//label[.//*[normalize-space(text())='{label}']]//{tag}"
    found: WebElement = WebDriverWait(driver, 15).until(
        expected_conditions.element_to_be_clickable((By.XPATH, xpath)))
    return found


def _retype(field: WebElement, words: str) -> None:
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE)
    field.send_keys(words)


def _buttons_saying(driver: webdriver.Chrome, words: str) -> list[WebElement]:
    xpath = f"//*[contains(@class, 'q-btn')][.//*[normalize-space(text())='{words}']]"
    return [b for b in driver.find_elements(By.XPATH, xpath) if b.is_displayed()]


def _button(driver: webdriver.Chrome, words: str) -> WebElement:
    found = WebDriverWait(driver, 15, ignored_exceptions=[StaleElementReferenceException])\
        .until(lambda b: next(iter(_buttons_saying(b, words)), False))
    assert isinstance(found, WebElement)
    return found


def _tap_testid(driver: webdriver.Chrome, testid: str) -> None:
    WebDriverWait(driver, 15).until(
        expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, f"[data-testid={testid}]"))
    ).click()


def _testid_text(driver: webdriver.Chrome, testid: str, seconds: float = 0) -> str:
    if seconds:
        WebDriverWait(driver, seconds).until(
            expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, f"[data-testid={testid}]")))
    try:
        return " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, f"[data-testid={testid}]"))
    except StaleElementReferenceException:
        return ""


def _wait_for_text(driver: webdriver.Chrome, words: str, seconds: float = 20) -> None:
    WebDriverWait(driver, seconds).until(
        expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "body"), words))


# The store and the workbook, as the test reads them while the demo runs.

def _settings(data: Path) -> Settings:
    """The demo's own settings (its folder named too: the file alone leaves the data folder at its default)."""
    return load_settings(data / "lobbydesk.toml", data_dir=data)


@contextmanager
def _store(data: Path) -> Iterator[Store]:
    """The demo's store, opened beside the running server (SQLite in WAL mode)."""
    path = _settings(data).store_path
    assert path.exists(), f"the demo's store is at {path}"  # opening a missing one would make an empty one
    store = Store(path)
    store.open()
    try:
        yield store
    finally:
        store.close()


def _wait_until(check: Callable[[], bool], what: str, seconds: float = 20) -> None:
    _eventually(lambda: True if check() else None, what, seconds)


def _eventually(find: Callable[[], Any], what: str, seconds: float = 40) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            found = find()
        except StaleElementReferenceException:
            found = None
        if found is not None:
            return found
        time.sleep(0.5)
    pytest.fail(f"timed out: {what}")


def _tab(path: Path, tab: str) -> list[dict[str, Any]]:
    """A tab's rows by header; none while the file is missing or being replaced."""
    if not path.exists():
        return []
    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # the server may be replacing the file this instant
        return []
    try:
        rows = list(book[tab].iter_rows(values_only=True)) if tab in book.sheetnames else []
    finally:
        book.close()
    headers = [str(cell) for cell in rows[0]] if rows else []
    return [dict(zip(headers, row, strict=False)) for row in rows[1:]]


def _row_if(path: Path, tab: str, record_id: str, wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any] | None:
    row = next((r for r in _tab(path, tab) if r.get("ID") == record_id), None)
    return row if row is not None and wanted(row) else None


def _headers(sheet: Worksheet) -> list[str]:
    return [str(cell.value) for cell in sheet[1]]


def _set_cells(sheet: Worksheet, record_id: str, cells: dict[str, object]) -> None:
    headers = _headers(sheet)
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == record_id)
    for header, value in cells.items():
        sheet.cell(row=row, column=headers.index(header) + 1, value=value)


def _type_in_workbook(path: Path, edit: dict[str, dict[str, object]] | Callable[[openpyxl.Workbook], None],
                      shown: Callable[[], bool]) -> None:
    """Type into the workbook as staff would in Excel, until the site shows it.

    ``edit`` is cells by record ID (on the Repairs tab) or a change to the whole book. The server
    rewrites the file after a cycle that changed something; an edit saved between its read and its
    write is replaced, as if two people saved at once, so it is typed again.
    """
    for _ in range(5):
        try:
            book = openpyxl.load_workbook(path)
        except Exception:  # the server is replacing the file this instant
            time.sleep(0.3)
            continue
        if callable(edit):
            edit(book)
        else:
            for record_id, cells in edit.items():
                _set_cells(book["Repairs"], record_id, cells)
        staged = path.with_name("staff-edit.xlsx")
        book.save(staged)
        os.replace(staged, path)
        if shown():
            return
    pytest.fail("the site never showed what was typed into the workbook")
