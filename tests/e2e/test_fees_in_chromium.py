"""An owner reads the demo's fees screen in real Chromium: a payment waiting for confirmation is shown as
waiting, never as owed; then a past receipt is printed again from the history and the copy says so."""

from __future__ import annotations

import json
import sqlite3
import time
from decimal import Decimal
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from desk.ledger import Charge, fee_label
from desk.money import money_text
from tests.e2e.conftest import tap_text
from tests.printers.escpos_decoder import decode

pytestmark = pytest.mark.browser


def _text(driver: webdriver.Chrome, testid: str) -> str:
    return WebDriverWait(driver, 20).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, f"[data-testid={testid}]"))
    ).text


def _the_pending_payment(data: Path) -> tuple[str, str, list[str]]:
    """The demo's payment waiting for confirmation: its ID, its amount, and its charges as the screen names them."""
    with sqlite3.connect(f"file:{data / 'lobbydesk.sqlite3'}?mode=ro", uri=True) as db:
        (payment_id, body), = db.execute(
            "SELECT id, body FROM records WHERE tab = 'Payments' AND json_extract(body, '$.status') = 'pending'")
        payment = json.loads(body)
        rows = db.execute("SELECT body FROM records WHERE tab = 'Charges' AND id IN (SELECT value FROM json_each(?))",
                          (json.dumps(payment["charges"].split()),)).fetchall()
    names = [fee_label(Charge.model_validate_json(row), "zh") for (row,) in rows]
    return payment_id, money_text(Decimal(payment["amount"])), names


def _buttons(driver: webdriver.Chrome) -> list[str]:
    return [b.text for b in driver.find_elements(By.CSS_SELECTOR, ".q-btn") if b.is_displayed()]


def _sign_in_for_fees(driver: webdriver.Chrome) -> None:
    tap_text(driver, "缴费")
    tap_text(driver, "3 号楼")
    for digit in "1202":
        tap_text(driver, digit)
    tap_text(driver, "下一步")
    assert _text(driver, "signin-forgot-pin") == "忘记密码？请带身份证到服务台重置"
    for digit in "2468":
        tap_text(driver, digit)
    tap_text(driver, "登录")


def test_a_waiting_payment_is_not_owed_and_a_past_receipt_prints_again_as_a_copy(
    demo_server: tuple[str, Path], browser: webdriver.Chrome
) -> None:
    base, data = demo_server
    payment_id, amount, paid_for = _the_pending_payment(data)
    browser.get(base + "/")
    _sign_in_for_fees(browser)

    waiting = _text(browser, "pay-awaiting-total")
    assert waiting.startswith(f"等待确认 ¥{amount} — ") and "不计入应缴" in waiting
    assert "已过缴费期" in _text(browser, "pay-overdue")  # the demo's other charges are late
    owed = [words for words in _buttons(browser) if " · ¥" in words]
    assert owed, "the demo has open charges to pay"
    assert not [words for words in owed if any(words.startswith(name + " ·") for name in paid_for)]
    page = browser.find_element(By.TAG_NAME, "body").text
    assert all(name in page for name in paid_for), "the waiting payment says what it is for"
    assert payment_id not in page and "DEMO-" not in page  # no record's code on the owner's screen
    browser.save_screenshot(str(data / "kiosk-fees-zh.png"))

    tap_text(browser, "English")
    WebDriverWait(browser, 20).until(expected_conditions.text_to_be_present_in_element(
        (By.CSS_SELECTOR, "[data-testid=pay-awaiting-total]"), f"Waiting for confirmation: ¥{amount}"))
    assert "等待" not in browser.find_element(By.TAG_NAME, "body").text  # one language at a time
    tap_text(browser, "中文")

    tap_text(browser, "缴费记录和收据")
    tap_text(browser, "再打印一份")  # the newest receipt printed before: a past month's
    said = _text(browser, "pay-note")
    assert said.startswith("正在补打收据 ") and said.endswith("（副本）")
    receipt = said.removeprefix("正在补打收据 ").removesuffix("（副本）")
    browser.save_screenshot(str(data / "kiosk-fees-history.png"))

    deadline = time.monotonic() + 30
    printed = b""
    while time.monotonic() < deadline and receipt.encode() not in printed:
        time.sleep(0.5)
        printed = (data / "printer.bin").read_bytes() if (data / "printer.bin").exists() else b""
    copy = decode(printed)
    assert copy.value_of("收据号") == receipt
    assert "** 补打 **" in copy.texts and "补打 COPY" in copy.texts
    assert "与原收据同号，不是另一笔付款" in copy.texts
