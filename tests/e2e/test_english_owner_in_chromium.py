"""An English-speaking owner at the demo's kiosk, in real headless Chromium: every screen, slip and phone page
of the errand stays English, and none shows a record ID.

The owner of 3-1202 is stored as Chinese-speaking; the owner at the screen taps English, and that choice
holds through signing in, each task and each Done. They take a queue number, pay their fees by QR (the
provider's signed notice confirms the payment) and report a blocked drain; each slip's QR code opens its
phone page in English. Then, briefly, the mirror: an owner who stays in Chinese gets a Chinese ticket page.

The Chinese allowed on an English screen, and only that, is listed in ``tests/e2e/kiosk_owner.py``.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from selenium import webdriver

from tests.e2e.conftest import tap_text
from tests.e2e.kiosk_owner import (
    ON_ENGLISH_PHONE_PAGES,
    ON_ENGLISH_SCREENS,
    ON_ENGLISH_SLIPS,
    body_text,
    chinese_left,
    printed_slip,
    provider_confirms,
    record_ids_in,
    screen_qr_links,
    sign_in,
    tap_testid,
    text_of,
    wait_for_text,
)
from tests.printers.escpos_decoder import Printout

pytestmark = pytest.mark.browser


def test_an_english_owner_queues_pays_and_reports_a_repair_and_every_word_stays_english(
    demo_server: tuple[str, Path], browser: webdriver.Chrome
) -> None:
    base, data = demo_server
    assert _stored_languages(data, "3", "1202") == ["zh"], "the office has the owner down as Chinese-speaking"
    browser.get(base + "/")
    wait_for_text(browser, "取号")  # the kiosk greets everyone in Chinese first
    tap_text(browser, "English")

    ticket_page = _takes_a_number(browser, data)
    _reads_the_ticket_on_the_phone(browser, ticket_page)

    browser.get(base + "/")
    tap_text(browser, "English")
    receipt_page = _pays_the_fees_by_qr(browser, base, data)
    _reads_the_receipt_on_the_phone(browser, receipt_page)

    browser.get(base + "/")
    tap_text(browser, "English")
    repair_page = _reports_a_blocked_drain(browser, data)
    _reads_the_repair_on_the_phone(browser, repair_page)


def test_a_chinese_owner_gets_a_chinese_ticket_page(
    demo_server: tuple[str, Path], browser: webdriver.Chrome
) -> None:
    base, data = demo_server
    assert _stored_languages(data, "1", "301") == ["zh"]
    browser.get(base + "/")
    tap_text(browser, "业主登录")
    sign_in(browser, "1", "301", "1357", english=False)
    tap_text(browser, "取号")
    tap_text(browser, "咨询")
    number = text_of(browser, "ticket-number")
    assert "您的号码" in body_text(browser) and "Your number" not in body_text(browser)

    slip = printed_slip(data, number)
    assert "您的号码" in slip.texts and "扫码查看排队进度" in slip.texts
    (link,) = [code.payload for code in slip.qr_codes]
    assert re.fullmatch(rf"{re.escape(base)}/t/DEMO-\w+\?lang=zh", link), link

    browser.get(link)
    wait_for_text(browser, number)
    page = body_text(browser)
    for words in ("排队号码", "咨询", "等候中", "本页自动刷新"):
        assert words in page, f"{words!r} is on the Chinese ticket page"
    english = re.findall(r"[A-Za-z]{2,}", page.replace("Sunny Garden", "").replace("English", ""))
    assert english == [], f"English on a Chinese page: {english}"
    assert record_ids_in(page) == []


def _takes_a_number(browser: webdriver.Chrome, data: Path) -> str:
    """Signed in at the Sign in tile, the owner takes a number: the screen and the ticket are English."""
    tap_text(browser, "Sign in")
    sign_in(browser, "3", "1202", "2468", english=True)  # the stored language is Chinese; the tap holds
    _english_screen(browser, "signed in at home")
    tap_text(browser, "Take a number")
    tap_text(browser, "Inquiry")
    number = text_of(browser, "ticket-number")
    wait_for_text(browser, "Please take your ticket")
    shown = _english_screen(browser, "the ticket")
    assert "Your number" in shown and "Inquiry" in shown and "Scan to follow on your phone" in shown

    slip = printed_slip(data, number)
    _english_slip(slip, "the queue ticket")
    assert "Your number" in slip.texts and "Inquiry" in slip.texts and "Scan to follow your turn" in slip.texts
    (link,) = [code.payload for code in slip.qr_codes]
    assert re.fullmatch(r".*/t/DEMO-\w+\?lang=en", link), link
    assert screen_qr_links(browser) == [link], "the screen's QR code is the ticket's"

    tap_text(browser, "Done")
    wait_for_text(browser, "Your unit and PIN")  # home, signed out, offering the Sign in tile again
    shown = _english_screen(browser, "home after Done")  # Done ends the errand, not the owner's language
    assert "Take a number" in shown and "Sign out" not in shown
    return link


def _reads_the_ticket_on_the_phone(browser: webdriver.Chrome, link: str) -> None:
    browser.get(link)
    wait_for_text(browser, "Queue ticket")
    page = _english_phone_page(browser, "the ticket's page")
    assert "Inquiry" in page and "Waiting" in page and "This page updates by itself" in page


def _pays_the_fees_by_qr(browser: webdriver.Chrome, base: str, data: Path) -> str:
    """Every open charge paid by QR; the provider's notice confirms it; the receipt prints in English."""
    tap_text(browser, "Pay fees")
    sign_in(browser, "3", "1202", "2468", english=True)
    wait_for_text(browser, "Fees due for 3-1202")
    shown = _english_screen(browser, "the fees due")
    assert "past due" in shown and "Waiting for confirmation" in shown

    tap_testid(browser, "pay-start")
    reference = text_of(browser, "pay-reference")
    amount = text_of(browser, "pay-amount").removeprefix("¥").replace(",", "")
    wait_for_text(browser, "Waiting for the payment to arrive")
    # The one ID an owner is shown: the reference a bank transfer must carry, labelled so.
    assert reference.startswith("Reference DEMO-")
    _english_screen(browser, "the payment QR", besides=reference)

    answer = provider_confirms(base, data, reference.removeprefix("Reference ").strip(), amount)
    receipt_number = str(answer["receipt_number"])
    assert text_of(browser, "pay-receipt-number") == f"Receipt {receipt_number} is printing"
    shown = _english_screen(browser, "the payment received")
    assert "Payment received" in shown

    slip = printed_slip(data, receipt_number)
    _english_slip(slip, "the receipt")
    assert "Payment receipt" in slip.texts and "Status: PAID" in slip.texts
    assert slip.value_of("Receipt no.") == receipt_number and slip.value_of("Paid by") == "QR code"
    assert "Scan to check this receipt" in slip.texts
    (link,) = [code.payload for code in slip.qr_codes]
    assert re.fullmatch(r".*/p/DEMO-\w+\?lang=en", link), link
    tap_text(browser, "Done")
    return link


def _reads_the_receipt_on_the_phone(browser: webdriver.Chrome, link: str) -> None:
    browser.get(link)
    wait_for_text(browser, "Payment status")
    page = _english_phone_page(browser, "the receipt's page")
    assert "Received, receipt" in page


def _reports_a_blocked_drain(browser: webdriver.Chrome, data: Path) -> str:
    """A blocked drain at home, in a few taps: the sent screen, the slip and its QR codes are English."""
    tap_text(browser, "Report a repair")
    sign_in(browser, "3", "1202", "2468", english=True)
    wait_for_text(browser, "Where is the problem?")
    _english_screen(browser, "where is the problem")
    tap_text(browser, "My home 3-1202")
    wait_for_text(browser, "What needs fixing?")
    _english_screen(browser, "what needs fixing")
    tap_text(browser, "Plumbing")
    wait_for_text(browser, "How urgent?")
    _english_screen(browser, "the plumbing details")
    tap_text(browser, "Blocked drain")
    tap_text(browser, "Send")
    number = text_of(browser, "repair-number")
    wait_for_text(browser, "Please take your slip")
    shown = _english_screen(browser, "the repair sent")
    assert "Your repair request is in" in shown and "Plumbing" in shown

    slip = printed_slip(data, number)
    _english_slip(slip, "the repair slip")
    assert "Repair request" in slip.texts and "Repair number" in slip.texts and "Blocked drain" in slip.texts
    (link,) = [code.payload for code in slip.qr_codes]
    assert re.fullmatch(r".*/r/DEMO-\w+\?lang=en", link), link
    on_screen = screen_qr_links(browser)
    assert link in on_screen, "the screen's QR code to follow the repair is the slip's"
    assert all(shown.endswith("lang=en") for shown in on_screen), f"a QR code on the screen loses English: {on_screen}"
    tap_text(browser, "Done")
    return link


def _reads_the_repair_on_the_phone(browser: webdriver.Chrome, link: str) -> None:
    browser.get(link)
    wait_for_text(browser, "Repair request")
    page = _english_phone_page(browser, "the repair's page")
    assert "Plumbing" in page and "Received" in page and "Team: Engineering" in page


def _english_screen(browser: webdriver.Chrome, what: str, besides: str = "") -> str:
    """The kiosk screen, checked: English apart from the allowed names, and no record ID (but ``besides``)."""
    shown = body_text(browser)
    assert chinese_left(shown, ON_ENGLISH_SCREENS) == [], f"Chinese on the English screen ({what}):\n{shown}"
    assert record_ids_in(shown.replace(besides, "") if besides else shown) == [], \
        f"a record ID on the owner's screen ({what}):\n{shown}"
    return shown


def _english_phone_page(browser: webdriver.Chrome, what: str) -> str:
    page = body_text(browser)
    assert chinese_left(page, ON_ENGLISH_PHONE_PAGES) == [], f"Chinese on the English page ({what}):\n{page}"
    assert record_ids_in(page) == [], f"a record ID on the phone page ({what}):\n{page}"
    return page


def _english_slip(slip: Printout, what: str) -> None:
    """English words only (the community's name aside), and no drawn text that could hide Chinese."""
    assert chinese_left("\n".join(slip.texts), ON_ENGLISH_SLIPS) == [], f"Chinese on {what}: {slip.texts}"
    assert slip.images == [], f"{what} has drawn pictures of text; an English slip needs none"


def _stored_languages(data: Path, building: str, room: str) -> list[str]:
    """The languages the Residents tab keeps for the unit's people, read from the demo's store."""
    with sqlite3.connect(f"file:{data / 'lobbydesk.sqlite3'}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT json_extract(body, '$.language') FROM records WHERE tab = 'Residents' AND json_extract("
            "body, '$.unit') IN (SELECT id FROM records WHERE tab = 'Units' AND json_extract(body, '$.building') = ?"
            " AND json_extract(body, '$.room') = ?)", (building, room)).fetchall()
    return [language for (language,) in rows]
