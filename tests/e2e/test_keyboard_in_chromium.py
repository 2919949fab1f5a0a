"""An owner with no keyboard writes a complaint on the kiosk's own keys, in real headless Chromium.

Signed in at the demo kiosk (3-1202), the owner opens a complaint about repairs. In Chinese they type
"dianx", delete the x, type "ti", pick 电梯 among the candidates, switch to English for " no.3", tap a
preset phrase and send it. An owner who tapped English on home types in English letters on the same keys,
which start in English and offer no characters: a capital L, "ifx", delete the x, "t no.3", a preset
phrase, send. Either way the Feedback tab of the demo's workbook then holds those words, in the owner's
language; the English owner's screens stay English. On the way, the keys, the words and the Send button
are all on screen, upright and on its side, without scrolling.
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

from desk.catalog import say
from desk.feedback import Department, FeedbackCategory, FeedbackKind
from desk.repair_words import name
from tests.e2e.conftest import tap_text
from tests.e2e.kiosk_owner import LANGUAGES, body_text, in_owner_language, open_kiosk_in, sign_in_speaking

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
MODE_KEY = '.kiosk-keyboard [data-skbtn="{mode}"]'
# The preset phrase the owner taps, as the kiosk offers it for a complaint about repairs.
PHRASE = {"zh": "维修不及时", "en": "Repairs take too long"}
# The English a Chinese owner must not be shown on the way.
ENGLISH_OF_IT = ("Complaint", "Repairs", PHRASE["en"], "Send", "Received")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_owner_writes_a_complaint_on_the_screen_keys(
    demo_server: tuple[str, Path], browser: webdriver.Chrome, lang: str
) -> None:
    base, data = demo_server
    open_kiosk_in(browser, base, lang)
    _sign_in_at(browser, lang, say("feedback_tile", lang))
    tap_text(browser, name(FeedbackKind.COMPLAINT, lang))
    tap_text(browser, name(FeedbackCategory.REPAIRS, lang))
    _wait_for(browser, ".kiosk-keyboard [data-skbtn=d]")
    _all_on_screen(browser, "upright")
    assert _wait_for(browser, f"{MODE_KEY} .kiosk-mode-on").text == {"zh": "中", "en": "EN"}[lang], \
        "the keys start in the owner's language"
    _typing_screen(browser, lang)

    typed = _types_in_pinyin(browser, data) if lang == "zh" else _types_in_english_letters(browser, data)
    tap_text(browser, PHRASE[lang])

    browser.set_window_size(1920, 1080)
    _all_on_screen(browser, "on its side")
    browser.save_screenshot(str(data / f"keyboard-1920x1080-{lang}.png"))
    tap_text(browser, say("submit", lang))
    WebDriverWait(browser, 20).until(
        expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "body"), say("feedback_sent", lang)))
    shown = _typing_screen(browser, lang, "the complaint sent")
    assert say("routed_to", lang, department=name(Department.ENGINEERING, lang)) in shown

    row = _feedback_row(data / "workbook.xlsx", f"{PHRASE[lang]}; {typed}")
    assert (row["Kind"], row["Category"], row["Department"]) == (
        FeedbackKind.COMPLAINT.value, FeedbackCategory.REPAIRS.value, Department.ENGINEERING.value)
    assert row["Language"] == lang, "staff see the language the owner wrote in"


def _types_in_pinyin(browser: webdriver.Chrome, data: Path) -> str:
    """"dianx", delete, "ti", 电梯 picked from the candidates, then " no.3" in English letters."""
    _tap_keys(browser, "d", "i", "a", "n", "x", "{bksp}", "t", "i")
    assert _typed(browser) == "dianti"  # pinyin, until a character is picked
    first = _wait_for(browser, ".hg-candidate-box-list-item")
    assert first.text == "电梯"
    browser.save_screenshot(str(data / "keyboard-candidates-1080x1920.png"))
    first.click()
    _wait_until_typed(browser, "电梯")

    _tap_keys(browser, "{mode}", "{space}", "n", "o", ".", "3")
    _wait_until_typed(browser, "电梯 no.3")
    return "电梯 no.3"


def _types_in_english_letters(browser: webdriver.Chrome, data: Path) -> str:
    """A capital L, "ifx", delete, "t no.3": English letters, and never a character offered for them."""
    _tap_keys(browser, "{shift}", "L", "i", "f", "x", "{bksp}", "t")
    _wait_until_typed(browser, "Lift")  # one capital, then small letters again
    assert _visible_texts(browser, ".hg-candidate-box-list-item") == [], \
        "English letters are not pinyin: no characters are offered"
    assert _visible_texts(browser, "[data-testid=keyboard-hint]") == [], "no pinyin hint over English keys"
    browser.save_screenshot(str(data / "keyboard-english-1080x1920.png"))
    _tap_keys(browser, "{space}", "n", "o", ".", "3")
    _wait_until_typed(browser, "Lift no.3")
    _typing_screen(browser, "en", "English typed")
    return "Lift no.3"


def _typing_screen(browser: webdriver.Chrome, lang: str, what: str = "the complaint's words") -> str:
    """The screen, in the owner's language; the keys' 中/EN switch names both, as 中文 names itself."""
    shown = body_text(browser)
    for switch in _visible_texts(browser, MODE_KEY):
        shown = shown.replace(switch, "")
    theirs = ENGLISH_OF_IT if lang == "zh" else ()
    return in_owner_language(shown, lang, f"screen ({what})", theirs=theirs)


def _visible_texts(browser: webdriver.Chrome, selector: str) -> list[str]:
    """What the visible elements matching ``selector`` say, read in one go (the keys redraw as they are tapped)."""
    return [str(words) for words in browser.execute_script(
        "return [...document.querySelectorAll(arguments[0])].filter(e => e.offsetParent !== null)"
        ".map(e => e.innerText)", selector)]


def _sign_in_at(driver: webdriver.Chrome, lang: str, tile: str) -> None:
    """The tile, building 3, room 1202, PIN 2468: the kiosk stays in the language the owner reads."""
    tap_text(driver, tile)
    sign_in_speaking(driver, lang, "3", "1202", "2468")


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
