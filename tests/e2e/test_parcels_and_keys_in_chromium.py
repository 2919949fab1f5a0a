"""Real Chromium against ``lobbydesk demo``: a parcel from the clerk's label to the owner's hands, and a key.

The clerk registers a parcel for 3-1202 and its shelf label prints; the owner signs in at the kiosk and is
told of it with the demo's two; the clerk hands it over by its code, and the store records when and who.
A decorator's key is left for one named person: someone else is refused, the named person gets it and a
receipt prints.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from desk.catalog import say
from desk.key_custody import KeyCustody, KeyStatus
from desk.parcels import Parcel, ParcelStatus
from tests.e2e.kiosk_owner import printed_slip, sign_in_speaking, tap_testid, text_of, wait_for_text
from tests.e2e.test_clerk_day_in_chromium import _field, _log_in, _store

pytestmark = pytest.mark.browser


def _typed(driver: webdriver.Chrome, testid: str, words: str) -> None:
    """Type into the console field marked ``testid`` (Quasar puts the mark on the input itself)."""
    field: WebElement = WebDriverWait(driver, 15).until(expected_conditions.element_to_be_clickable(
        (By.CSS_SELECTOR, f"input[data-testid={testid}]")))
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE)
    field.send_keys(words)


def _parcel(data: Path, code: str) -> Parcel:
    with _store(data) as store, store.transaction() as tx:
        [parcel] = [p for p in tx.find(Parcel) if p.pickup_code == code]
    return parcel


def test_a_parcel_goes_from_the_clerks_label_to_the_owner_and_is_handed_over(
    demo_server: tuple[str, Path], browser: webdriver.Chrome
) -> None:
    base, data = demo_server
    _log_in(browser, base, "/staff/parcels", "desk", "desk-demo-2026")
    _field(browser, "Unit 房号 (e.g. 3-1202)", "input").send_keys("3-1202")
    _field(browser, "Carrier 快递", "input").send_keys("EMS")
    _field(browser, "Shelf 货架", "input").send_keys("D-9")
    tap_testid(browser, "parcel-register")
    wait_for_text(browser, "pickup code 取件码")
    code = text_of(browser, "parcel-registered").split("取件码 ")[1].split(",")[0]
    label = printed_slip(data, "D-9")
    assert code in label.texts
    assert label.value_of("房号") == "3-1202"

    browser.get(base + "/")
    wait_for_text(browser, say("take_number", "zh"))
    tap_testid(browser, "sign-in")
    sign_in_speaking(browser, "zh", "3", "1202", "2468")
    assert text_of(browser, "owner-news") == "您有 3 个包裹待取"  # the demo's two and this one
    tap_testid(browser, "tile-parcels")  # beside the news: parcels have no home tile
    wait_for_text(browser, say("show_code_to_clerk", "zh"))
    codes = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "[data-testid=pickup-code]")]
    assert code in codes and len(codes) == 3

    browser.get(base + "/staff/parcels")
    _typed(browser, "parcel-code", code)
    tap_testid(browser, "parcel-hand-over-code")
    wait_for_text(browser, f"3-1202 {code}: handed over at")
    handed = _parcel(data, code)
    assert (handed.status, handed.handed_over_by) == (ParcelStatus.PICKED_UP, "desk")
    assert handed.picked_up_at is not None


def test_a_key_left_for_a_decorator_is_refused_to_another_and_collected_with_a_receipt(
    demo_server: tuple[str, Path], browser: webdriver.Chrome
) -> None:
    base, data = demo_server
    _log_in(browser, base, "/staff/services", "desk", "desk-demo-2026")
    _field(browser, "Unit 房号", "input").send_keys("1-301")
    _field(browser, "Key 钥匙", "input").send_keys("front door")
    _field(browser, "Who may collect 领取人", "input").send_keys("Zhao Gang")
    _field(browser, "Phone or ID last 4 后四位", "input").send_keys("1234")
    tap_testid(browser, "key-leave")
    wait_for_text(browser, "1-301: key held for Zhao Gang")

    _typed(browser, "collect-name-1-301", "Li Si")
    _typed(browser, "collect-tail-1-301", "1234")
    tap_testid(browser, "collect-1-301")
    wait_for_text(browser, "Refused 拒绝: not the person named for this key")
    with _store(data) as store, store.transaction() as tx:
        [held] = [k for k in tx.find(KeyCustody) if k.unit_label == "1-301"]
    assert held.status is KeyStatus.HELD

    _typed(browser, "collect-name-1-301", "Zhao Gang")
    tap_testid(browser, "collect-1-301")
    wait_for_text(browser, "1-301: key handed to Zhao Gang")
    receipt = printed_slip(data, "钥匙领取回执")
    assert receipt.value_of("领取人") == "Z*** G. (1234)"
    assert receipt.value_of("经办人") == "desk"
    with _store(data) as store, store.transaction() as tx:
        collected = tx.get(KeyCustody, held.id)
    assert collected is not None and collected.status is KeyStatus.COLLECTED
