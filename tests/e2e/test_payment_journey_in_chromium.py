"""An owner pays at the demo's kiosk in real Chromium; the provider's signed notice confirms it while the
screen waits, and the receipt lands in the printer output."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tests.e2e.kiosk_owner import provider_confirms, sign_in_at_tile

pytestmark = pytest.mark.browser


def _text(driver: webdriver.Chrome, testid: str) -> str:
    return WebDriverWait(driver, 20).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, f"[data-testid={testid}]"))
    ).text


def test_a_notice_confirms_the_payment_while_the_kiosk_waits_and_the_receipt_prints(
    demo_server: tuple[str, Path], browser: webdriver.Chrome
) -> None:
    base, data = demo_server
    browser.get(base + "/")
    sign_in_at_tile(browser, "Pay fees")  # in English: signing in never switches to the stored language
    WebDriverWait(browser, 20).until(expected_conditions.text_to_be_present_in_element(
        (By.CSS_SELECTOR, "[data-testid=pay-overdue]"), "past due"))
    WebDriverWait(browser, 20).until(
        expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid=pay-start]"))).click()

    reference = _text(browser, "pay-reference").removeprefix("Reference ").strip()
    amount = _text(browser, "pay-amount").removeprefix("¥").replace(",", "")
    assert "Waiting for the payment to arrive" in browser.find_element(By.TAG_NAME, "body").text
    browser.save_screenshot(str(data / "kiosk-payment-qr.png"))

    answer = provider_confirms(base, data, reference, amount)  # checks the demo took it
    receipt = str(answer["receipt_number"])

    said = _text(browser, "pay-receipt-number")
    assert said == f"Receipt {receipt} is printing"
    deadline = time.monotonic() + 30
    printed = b""
    while time.monotonic() < deadline and receipt.encode() not in printed:
        time.sleep(0.5)
        printed = (data / "printer.bin").read_bytes() if (data / "printer.bin").exists() else b""
    assert receipt.encode() in printed, "the receipt's bytes reached printer.bin"
    assert reference.encode() in printed
