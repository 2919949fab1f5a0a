"""A first-time visitor runs ``lobbydesk demo`` and takes a number in real headless Chromium."""

from __future__ import annotations

import re
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tests.e2e.conftest import tap_text
from tests.e2e.kiosk_owner import body_text

pytestmark = pytest.mark.browser

DEMO_TIMEZONE = "Asia/Shanghai"  # the settings' default, which the demo keeps


def test_a_visitor_takes_a_number_and_finds_it_on_paper_and_in_the_workbook(
    demo_server: tuple[str, Path], browser: webdriver.Chrome
) -> None:
    base, data = demo_server
    browser.get(base + "/")
    tap_text(browser, "English")
    tap_text(browser, "Take a number")
    tap_text(browser, "Inquiry")

    number_element = WebDriverWait(browser, 15).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=ticket-number]"))
    )
    number = number_element.text
    assert re.fullmatch(r"A\d{3}", number), number
    assert "people ahead of you" in browser.page_source
    browser.save_screenshot(str(data / "kiosk-ticket.png"))

    deadline = time.monotonic() + 60  # the first cycles carry the demo's history and Report tab: slow on a busy box
    printed = b""
    row: tuple[object, ...] | None = None
    while time.monotonic() < deadline and (number.encode() not in printed or row is None):
        time.sleep(0.5)
        printed = (data / "printer.bin").read_bytes() if (data / "printer.bin").exists() else b""
        row = _queue_row(data / "workbook.xlsx", number)
    assert number.encode() in printed, "the ticket's bytes reached printer.bin"
    assert row is not None, f"{number} reached the Queue tab of workbook.xlsx"

    ticket_id = str(row[0])
    browser.set_window_size(390, 844)
    browser.get(f"{base}/t/{ticket_id}?lang=en")
    WebDriverWait(browser, 15).until(expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "body"), number))
    assert "Waiting" in body_text(browser)


def _queue_row(path: Path, number: str) -> tuple[object, ...] | None:
    if not path.exists():
        return None
    try:
        workbook = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # the server may be replacing the file this instant
        return None
    try:
        if "Queue" not in workbook.sheetnames:
            return None
        rows = list(workbook["Queue"].iter_rows(values_only=True))
        header = [str(cell) for cell in rows[0]] if rows else []
        number_at, issued_at = header.index("Number"), header.index("Issued")
        # Numbers start again every day and the demo's history holds past days' tickets with the same
        # numbers, already in the workbook before ours arrives: only a row issued today is ours.
        today = datetime.now(ZoneInfo(DEMO_TIMEZONE)).date().isoformat()
        return next(
            (row for row in rows[1:] if row[number_at] == number and str(row[issued_at]).startswith(today)), None
        )
    finally:
        workbook.close()


def test_a_number_taken_at_the_kiosk_is_called_in_the_console_and_shown_on_the_display(
    demo_server: tuple[str, Path], browser: webdriver.Chrome
) -> None:
    base, _data = demo_server
    browser.get(base + "/")
    tap_text(browser, "English")
    tap_text(browser, "Take a number")
    tap_text(browser, "Other")
    number = WebDriverWait(browser, 15).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=ticket-number]"))
    ).text

    browser.switch_to.new_window("window")
    browser.get(base + "/display")
    display = browser.current_window_handle
    browser.switch_to.new_window("window")
    browser.get(base + "/staff")
    WebDriverWait(browser, 15).until(expected_conditions.url_contains("/staff/login"))
    _type_into(browser, "Name 姓名", "desk")
    _type_into(browser, "Password 密码", "desk-demo-2026")
    tap_text(browser, "Log in 登录")
    for _ in range(8):
        # The demo's counter 1 may be serving someone: then the clerk finishes them and calls the next.
        WebDriverWait(browser, 15).until(lambda b: "叫下一位" in body_text(b))
        serving = "完成并叫下一位" in body_text(browser)
        tap_text(browser, "Served, call next 完成并叫下一位" if serving else "Call next 叫下一位")
        time.sleep(0.7)
        if number in body_text(browser).split("\n")[:40]:
            break
    WebDriverWait(browser, 10).until(
        expected_conditions.text_to_be_present_in_element((By.CSS_SELECTOR, ".text-7xl"), number)
    )

    browser.switch_to.window(display)
    WebDriverWait(browser, 15).until(
        expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "body"), f"{number} → 1")
    )


def _type_into(driver: webdriver.Chrome, label: str, value: str) -> None:
    xpath = f"//label[.//*[normalize-space(text())='{label}']]//input"
    field = WebDriverWait(driver, 15).until(expected_conditions.element_to_be_clickable((By.XPATH, xpath)))
    field.send_keys(value)
