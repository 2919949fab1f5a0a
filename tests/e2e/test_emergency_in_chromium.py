"""Someone is trapped in a lift: the whole emergency in real headless Chromium, against ``lobbydesk demo``.

An owner, in Chinese or (after one tap on English) in English, taps the red sign at the kiosk -> the
duty phone and 110 / 119 / 120 are on the screen before and after sending, and no urgency or visit
time is asked -> the repair is kept as an emergency with no visit time -> the slip in printer.bin says
URGENT (紧急) and whom to call, and its QR code opens the repair's phone page in the owner's language
-> the queue console and the repairs console both show the alert, in the staff's own words, the same
whatever language the owner read.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from desk.catalog import say
from desk.emergencies import BUILT_IN_SIGNS, PUBLIC_NUMBERS
from desk.repair_words import name
from desk.repairs import RepairCategory
from lobbydesk.demo import DEMO_DESK
from lobbydesk.demo_repairs import DEMO_DUTY_PHONE
from tests.e2e.conftest import tap_text
from tests.e2e.kiosk_owner import (
    LANGUAGES,
    body_text,
    open_kiosk_in,
    phone_page_in,
    printed_slip,
    screen_in,
    sign_in_speaking,
    slip_in,
    text_of,
    wait_for_text,
)

pytestmark = pytest.mark.browser

TRAPPED = next(sign for sign in BUILT_IN_SIGNS if sign.sign == "trapped")
# What the owner must read, written out by hand: the catalog could lose it without a test noticing.
DO_NOT_FORCE_THE_DOORS = {"zh": "不要扒门", "en": "not to force the doors"}
# The English a Chinese owner must not be shown on the way.
ENGLISH_OF_IT = ("Police", "Fire", "Ambulance", "URGENT", say("duty_phone", "en"), TRAPPED.button("en"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_someone_trapped_in_a_lift_is_reported_with_one_red_tap_and_every_number_shown(
    demo_server: tuple[str, Path], browser: webdriver.Chrome, lang: str
) -> None:
    base, data = demo_server
    theirs = ENGLISH_OF_IT if lang == "zh" else ()
    open_kiosk_in(browser, base, lang)
    tap_text(browser, say("repair_tile", lang))
    sign_in_speaking(browser, lang, "3", "1202", "2468")
    tap_text(browser, say("public_area", lang))
    tap_text(browser, say("building_n", lang, n=3))
    wait_for_text(browser, say("which_floor", lang, building=3))
    tap_text(browser, "1")
    tap_text(browser, say("next", lang))
    wait_for_text(browser, say("emergency_signs", lang))
    screen_in(browser, lang, "the emergency signs", theirs=theirs)
    browser.save_screenshot(str(data / f"kiosk-emergency-signs-{lang}.png"))
    tap_text(browser, TRAPPED.button(lang))

    wait_for_text(browser, DEMO_DUTY_PHONE)
    shown = screen_in(browser, lang, "whom to call, before sending", theirs=theirs)
    for words in (say("emergency_now", lang), say("duty_phone", lang), TRAPPED.advice(lang),
                  DO_NOT_FORCE_THE_DOORS[lang], say("emergency_send", lang)):
        assert words in shown, f"{words!r} is on the screen before sending"
    for public in PUBLIC_NUMBERS:
        assert public.number in shown and public.words(lang) in shown, f"{public} is on the screen before sending"
    for asked in (say("how_urgent", lang), say("when_visit", lang)):
        assert asked not in shown, f"an emergency is not asked {asked!r}"
    browser.save_screenshot(str(data / f"kiosk-emergency-before-sending-{lang}.png"))
    tap_text(browser, say("submit", lang))

    number = text_of(browser, "repair-number", seconds=15)
    wait_for_text(browser, say("take_your_slip", lang))
    shown = screen_in(browser, lang, "the emergency sent", theirs=theirs)
    assert say("emergency_note", lang) in shown and DEMO_DUTY_PHONE in shown and "120" in shown
    assert "DEMO-R" not in shown, "no record IDs"
    browser.save_screenshot(str(data / f"kiosk-emergency-sent-{lang}.png"))

    kept = _repair_kept(data, number)
    assert (kept["urgency"], kept["visit_window"], kept["language"]) == ("emergency", "any time", lang), \
        "kept as an emergency, with no visit time, in the owner's language"

    slip = printed_slip(data, number)
    slip_in(slip, lang, "the URGENT slip", theirs=theirs)
    assert f"** {say('emergency', lang)} **" in slip.texts
    assert number in slip.texts
    assert say("call_now", lang) in slip.texts
    assert slip.value_of(say("duty_phone", lang)) == DEMO_DUTY_PHONE
    assert [slip.value_of(public.words(lang)) for public in PUBLIC_NUMBERS] == ["110", "119", "120"]
    assert not [line for line in slip.texts if line.startswith(say("visit_booked", lang))], "no visit is booked"
    (link,) = [code.payload for code in slip.qr_codes]
    assert link.startswith(f"{base}/r/") and link.endswith(f"?lang={lang}"), link

    browser.get(link)
    wait_for_text(browser, say("repair_title", lang))
    page = phone_page_in(browser, lang, "the emergency repair", theirs=theirs)
    assert number in page and name(RepairCategory.ELEVATOR, lang) in page

    alert = f"EMERGENCY repair {number}: elevator at public area, building 3 floor 1"  # the staff's words
    browser.get(base + "/staff")
    WebDriverWait(browser, 15).until(expected_conditions.url_contains("/staff/login"))
    _type_into(browser, "Name 姓名", DEMO_DESK[0])
    _type_into(browser, "Password 密码", DEMO_DESK[1])
    tap_text(browser, "Log in 登录")
    wait_for_text(browser, alert)  # the queue console
    browser.get(base + "/staff/repairs")
    wait_for_text(browser, alert)  # and the repairs console
    assert number in body_text(browser)


def _repair_kept(data: Path, number: str) -> dict[str, object]:
    """The repair numbered ``number`` as the demo's store keeps it."""
    with sqlite3.connect(f"file:{data / 'lobbydesk.sqlite3'}?mode=ro", uri=True) as db:
        (body,), = db.execute("SELECT body FROM records WHERE tab = 'Repairs' AND json_extract(body, '$.number') = ?",
                              (number,)).fetchall()
    kept: dict[str, object] = json.loads(body)
    return kept


def _type_into(driver: webdriver.Chrome, label: str, value: str) -> None:
    xpath = f"//label[.//*[normalize-space(text())='{label}']]//input"
    field = WebDriverWait(driver, 15).until(expected_conditions.element_to_be_clickable((By.XPATH, xpath)))
    field.send_keys(value)
