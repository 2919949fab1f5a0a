"""An owner with no keyboard writes a complaint in Chinese on the kiosk's own keys, in real headless Chromium.

Signed in at the demo kiosk (3-1202), the owner opens a complaint about repairs, types "dianx", deletes
the x, types "ti", picks 电梯 among the candidates, switches to English for " no.3", taps a preset
phrase and sends it; the Feedback tab of the demo's workbook then holds those words. On the way, the
keys, the words and the Send button are all on screen, upright and on its side, without scrolling.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from desk.feedback import Department, FeedbackCategory, FeedbackKind
from tests.e2e.conftest import tap_text

pytestmark = pytest.mark.browser

# Where the keys, the field and the Send button are, and the window's height, as the browser lays them out.
_PLACES = """
const bounds = (selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return [Math.round(box.top), Math.round(box.bottom), Math.round(box.height)];
};
return {keys: bounds('[data-testid=keyboard]'), field: bounds('textarea'),
        send: bounds('[data-testid=feedback-submit]'), key: bounds('.kiosk-keyboard [data-skbtn=d]'),
        window: window.innerHeight};
"""


def test_an_owner_writes_a_complaint_in_pinyin_on_the_screen_keys(
    demo_server: tuple[str, Path], browser: webdriver.Chrome
) -> None:
    base, data = demo_server
    browser.get(base + "/")
    _sign_in_at(browser, "投诉 / 建议")
    tap_text(browser, "投诉")
    tap_text(browser, "维修")
    _wait_for(browser, ".kiosk-keyboard [data-skbtn=d]")
    _all_on_screen(browser, "upright")

    _tap_keys(browser, "d", "i", "a", "n", "x", "{bksp}", "t", "i")
    assert _typed(browser) == "dianti"  # pinyin, until a character is picked
    first = _wait_for(browser, ".hg-candidate-box-list-item")
    assert first.text == "电梯"
    browser.save_screenshot(str(data / "keyboard-candidates-1080x1920.png"))
    first.click()
    _wait_until_typed(browser, "电梯")

    _tap_keys(browser, "{mode}", "{space}", "n", "o", ".", "3")
    _wait_until_typed(browser, "电梯 no.3")
    tap_text(browser, "维修不及时")

    browser.set_window_size(1920, 1080)
    _all_on_screen(browser, "on its side")
    browser.save_screenshot(str(data / "keyboard-1920x1080.png"))
    tap_text(browser, "提交")
    WebDriverWait(browser, 20).until(
        expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "body"), "已收到"))

    row = _feedback_row(data / "workbook.xlsx", "维修不及时; 电梯 no.3")
    assert (row["Kind"], row["Category"], row["Department"]) == (
        FeedbackKind.COMPLAINT.value, FeedbackCategory.REPAIRS.value, Department.ENGINEERING.value)


def _sign_in_at(driver: webdriver.Chrome, tile: str) -> None:
    """The tile, building 3, room 1202, PIN 2468: the kiosk stays in Chinese, the owner's language."""
    tap_text(driver, tile)
    tap_text(driver, "3 号楼")
    for digit in "1202":
        tap_text(driver, digit)
    tap_text(driver, "下一步")
    for digit in "2468":
        tap_text(driver, digit)
    tap_text(driver, "登录")
    WebDriverWait(driver, 30).until(
        expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "body"), "退出登录"))


def _tap_keys(driver: webdriver.Chrome, *keys: str) -> None:
    for key in keys:
        _wait_for(driver, f'.kiosk-keyboard [data-skbtn="{key}"]').click()


def _wait_for(driver: webdriver.Chrome, selector: str) -> WebElement:
    found = WebDriverWait(driver, 15).until(
        expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, selector)))
    assert isinstance(found, WebElement)
    return found


def _typed(driver: webdriver.Chrome) -> str:
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "textarea").get_attribute("value"))
    return str(driver.find_element(By.CSS_SELECTOR, "textarea").get_attribute("value"))


def _wait_until_typed(driver: webdriver.Chrome, words: str) -> None:
    """The field shows the words: they went to the server and back, as every change of the keys does."""
    WebDriverWait(driver, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "textarea").get_attribute("value") == words)


def _all_on_screen(driver: webdriver.Chrome, how: str) -> None:
    places: dict[str, Any] = driver.execute_script(_PLACES)
    window = places.pop("window")
    assert places["key"][2] >= 64, f"a key is {places['key'][2]} px high ({how})"
    below = {name: bottom for name, (_top, bottom, _height) in places.items() if bottom > window}
    assert below == {}, f"below the fold of a {window} px window ({how}): {below}"
    if how == "upright":
        assert places["field"][1] <= places["keys"][0], "the keys are not under the field"


def _feedback_row(workbook: Path, text: str, seconds: float = 40) -> dict[str, Any]:
    """The Feedback row holding ``text``, once a sync wrote it to the demo's workbook."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for row in _rows(workbook, "Feedback"):
            if row.get("Text") == text:
                return row
        time.sleep(0.5)
    pytest.fail(f"no Feedback row says {text!r} in {seconds:.0f} s")


def _rows(workbook: Path, tab: str) -> list[dict[str, Any]]:
    if not workbook.exists():
        return []
    try:
        book = openpyxl.load_workbook(workbook, read_only=True)
    except Exception:  # the server may be replacing the file this instant
        return []
    try:
        if tab not in book.sheetnames:
            return []
        rows = list(book[tab].iter_rows(values_only=True))
    finally:
        book.close()
    headers = [str(cell) for cell in rows[0]] if rows else []
    return [dict(zip(headers, row, strict=False)) for row in rows[1:]]
