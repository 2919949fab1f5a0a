"""An owner reads the demo's fees screen in real Chromium, in Chinese or (after one tap on English) in English:
a payment waiting for confirmation is shown as waiting, never as owed, in one language at a time; then a
past receipt is printed again from the history, the copy says so, and its QR code opens the receipt's
phone page in the owner's language."""

from __future__ import annotations

import json
import re
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from desk.catalog import CATALOG, say
from desk.ledger import Charge, fee_label
from desk.money import money_text
from tests.e2e.conftest import tap_text
from tests.e2e.kiosk_owner import (
    LANGUAGES,
    body_text,
    open_kiosk_in,
    phone_page_in,
    printed_slip,
    screen_in,
    slip_in,
    text_of,
    wait_for_text,
)
from tests.printers.escpos_decoder import Printout

pytestmark = pytest.mark.browser

# What the owner must read, written out by hand: the catalog could lose it without a test noticing.
FORGOT_PIN = {"zh": "忘记密码？请带身份证到服务台重置", "en": "Forgot your PIN? Bring your ID to the desk to reset it"}
WAITING = {"zh": "等待确认 ¥{amount} — ", "en": "Waiting for confirmation: ¥{amount} — "}
NOT_OWED = {"zh": "不计入应缴", "en": "not owed"}
PAST_DUE = {"zh": "已过缴费期", "en": "past due"}
A_COPY = {"zh": ("正在补打收据 ", "（副本）"), "en": ("Printing a copy of receipt ", "")}
NOT_A_SECOND_PAYMENT = {"zh": "与原收据同号，不是另一笔付款",
                        "en": "Same number as the original receipt: not a second payment"}
# A copy's mark is in both languages on purpose, whoever reads it later (printers/layouts.py).
COPY_MARK = "补打 COPY"
LANGUAGE_SWITCH = {"zh": "中文", "en": "English"}
WAITING_WORD = {"zh": "等待", "en": "Waiting"}
# The English a Chinese owner must not be shown on these screens.
ENGLISH_OF_IT = ("Waiting for confirmation", "past due", "Payments and receipts", "Print again", "Receipt")


def _the_pending_payment(data: Path, lang: str) -> tuple[str, str, list[str]]:
    """The demo's payment waiting for confirmation: its ID, its amount, and its charges as the screen names them."""
    with sqlite3.connect(f"file:{data / 'lobbydesk.sqlite3'}?mode=ro", uri=True) as db:
        (payment_id, body), = db.execute(
            "SELECT id, body FROM records WHERE tab = 'Payments' AND json_extract(body, '$.status') = 'pending'")
        payment = json.loads(body)
        rows = db.execute("SELECT body FROM records WHERE tab = 'Charges' AND id IN (SELECT value FROM json_each(?))",
                          (json.dumps(payment["charges"].split()),)).fetchall()
    names = [fee_label(Charge.model_validate_json(row), lang) for (row,) in rows]
    return payment_id, money_text(Decimal(payment["amount"])), names


def _buttons(driver: webdriver.Chrome) -> list[str]:
    """What the visible buttons say, read in one go: the page may redraw a button between two questions."""
    return [str(words) for words in driver.execute_script(
        "return [...document.querySelectorAll('.q-btn')].filter(b => b.offsetParent !== null).map(b => b.innerText)")]


def _sign_in_for_fees(driver: webdriver.Chrome, lang: str) -> None:
    tap_text(driver, say("pay_tile", lang))
    tap_text(driver, say("building_n", lang, n=3))
    wait_for_text(driver, say("enter_room", lang, building=3))
    for digit in "1202":
        tap_text(driver, digit)
    tap_text(driver, say("next", lang))
    wait_for_text(driver, say("enter_pin", lang, unit="3-1202"))
    assert text_of(driver, "signin-forgot-pin") == FORGOT_PIN[lang]
    for digit in "2468":
        tap_text(driver, digit)
    tap_text(driver, say("sign_in", lang))


def _fills(key: str, lang: str, said: str) -> dict[str, str]:
    """What fills the catalog's ``{placeholders}`` of ``key`` in ``said``; fails when ``said`` is not those words."""
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", re.escape(CATALOG[key][lang]))
    found = re.fullmatch(pattern, said)
    assert found, f"{said!r} is not {key!r} in {lang}: {CATALOG[key][lang]!r}"
    return found.groupdict()


def _printed_as_one_paragraph(slip: Printout, words: str) -> bool:
    """Whether ``words`` are printed whole, on one line or on a few the paper wrapped them onto."""
    lines = slip.texts
    return any(" ".join(lines[start:end]) == words
               for start in range(len(lines)) for end in range(start + 1, min(start + 4, len(lines)) + 1))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_waiting_payment_is_not_owed_and_a_past_receipt_prints_again_as_a_copy(
    demo_server: tuple[str, Path], browser: webdriver.Chrome, lang: str
) -> None:
    base, data = demo_server
    other = "en" if lang == "zh" else "zh"
    theirs = ENGLISH_OF_IT if lang == "zh" else ()
    payment_id, amount, paid_for = _the_pending_payment(data, lang)
    open_kiosk_in(browser, base, lang)
    _sign_in_for_fees(browser, lang)

    waiting = text_of(browser, "pay-awaiting-total")
    assert waiting.startswith(WAITING[lang].format(amount=amount)) and NOT_OWED[lang] in waiting
    assert waiting == say("awaiting_total", lang, amount=amount)
    overdue = text_of(browser, "pay-overdue")
    assert PAST_DUE[lang] in overdue  # the demo's other charges are late
    _fills("overdue", lang, overdue)
    owed = [words for words in _buttons(browser) if " · ¥" in words]
    assert owed, "the demo has open charges to pay"
    assert not [words for words in owed if any(words.startswith(name + " ·") for name in paid_for)]
    page = screen_in(browser, lang, "the fees due", theirs=theirs)
    assert all(name in page for name in paid_for), "the waiting payment says what it is for"
    assert payment_id not in page and "DEMO-" not in page  # no record's code on the owner's screen
    browser.save_screenshot(str(data / f"kiosk-fees-{lang}.png"))

    tap_text(browser, LANGUAGE_SWITCH[other])
    WebDriverWait(browser, 20).until(expected_conditions.text_to_be_present_in_element(
        (By.CSS_SELECTOR, "[data-testid=pay-awaiting-total]"), WAITING[other].format(amount=amount)))
    assert WAITING_WORD[lang] not in body_text(browser)  # one language at a time
    tap_text(browser, LANGUAGE_SWITCH[lang])
    WebDriverWait(browser, 20).until(expected_conditions.text_to_be_present_in_element(
        (By.CSS_SELECTOR, "[data-testid=pay-awaiting-total]"), WAITING[lang].format(amount=amount)))

    tap_text(browser, say("history", lang))
    wait_for_text(browser, say("history_span", lang))
    screen_in(browser, lang, "the payments of the year", theirs=theirs)
    tap_text(browser, say("print_again", lang))  # the newest receipt printed before: a past month's
    said = text_of(browser, "pay-note")
    starts, ends = A_COPY[lang]
    assert said.startswith(starts) and said.endswith(ends)
    receipt = _fills("printing_copy", lang, said)["number"]
    assert receipt == said.removeprefix(starts).removesuffix(ends)
    screen_in(browser, lang, "the receipt printing again", theirs=theirs)
    browser.save_screenshot(str(data / f"kiosk-fees-history-{lang}.png"))

    copy = printed_slip(data, receipt)
    slip_in(copy, lang, "the receipt's copy", also_allowed=(COPY_MARK,), theirs=theirs)
    assert copy.value_of(say("receipt_no", lang)) == receipt
    assert f"** {say('reprint', lang)} **" in copy.texts and COPY_MARK in copy.texts
    assert _printed_as_one_paragraph(copy, NOT_A_SECOND_PAYMENT[lang]), copy.texts
    (link,) = [code.payload for code in copy.qr_codes]
    assert link.startswith(f"{base}/p/") and link.endswith(f"?lang={lang}"), link

    browser.get(link)
    wait_for_text(browser, say("status_title", lang))
    page = phone_page_in(browser, lang, "the receipt's status", theirs=theirs)
    assert say("status_confirmed", lang, number=receipt) in page
