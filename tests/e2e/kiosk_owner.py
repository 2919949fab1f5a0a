"""What the owner stories in real Chromium share: reading the screen, the slips the demo printed, and QR codes.

The demo prints to ``printer.bin`` in its data folder, one slip after another, each ending in a cut;
:func:`printed_slip` finds the newest slip that shows a given text and decodes it.

An owner's task runs in one language, Chinese (the kiosk's first) or English (one tap on home): a story
for both takes its words from the catalog (``say(key, language)``), and :func:`in_owner_language` checks
that a screen, a phone page or a slip says nothing in the other language.

Chinese allowed on an English screen, and only these:
- 阳光花园, the community's own name (staff typed "阳光花园 Sunny Garden");
- 中文, the switch back to Chinese, which names itself so a Chinese reader finds it;
- 何*, the owner's own name on the greeting, masked as every name in the lobby is.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from desk.catalog import say
from desk.webhook import SIGNATURE_HEADER, sign
from lobbydesk.settings import load_settings
from tests.e2e.conftest import tap_text
from tests.printers.escpos_decoder import Cut, Printout, UnexpectedBytesError, decode
from tests.qr_reading import read_qr_data_uri

# Chinese writing: the CJK ideographs, CJK punctuation (、。「」) and full-width punctuation (，：（）).
# Not the full-width yen sign ￥ (U+FFE5): an English receipt prints its total with it.
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]")
# The demo's record IDs all start with its site code (DEMO-T..., DEMO-P..., DEMO-R...).
DEMO_RECORD_ID = re.compile(r"DEMO-[0-9A-Z]{4,}")

LANGUAGES = ("zh", "en")
COMMUNITY_NAME = "阳光花园"
CHINESE_SWITCH = "中文"
OWNER_MASKED_NAME = "何*"
ON_ENGLISH_SCREENS = (COMMUNITY_NAME, CHINESE_SWITCH, OWNER_MASKED_NAME)
ON_ENGLISH_PHONE_PAGES = (COMMUNITY_NAME, CHINESE_SWITCH)
ON_ENGLISH_SLIPS = (COMMUNITY_NAME,)


def body_text(driver: webdriver.Chrome) -> str:
    """What the page shows, as the browser lays it out (hidden views left out).

    A page replaced between finding its body and reading it (a login that navigates) is read again.
    """
    for _ in range(5):
        try:
            return str(driver.find_element(By.TAG_NAME, "body").text)
        except StaleElementReferenceException:
            time.sleep(0.2)
    return str(driver.find_element(By.TAG_NAME, "body").text)


def wait_for_text(driver: webdriver.Chrome, words: str, seconds: float = 20) -> None:
    """Wait until the page shows ``words``; fail with what it shows instead."""
    try:
        WebDriverWait(driver, seconds).until(
            expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "body"), words))
    except TimeoutException:
        pytest.fail(f"{words!r} did not show within {seconds} s; the page says:\n{body_text(driver)}")


def text_of(driver: webdriver.Chrome, testid: str, seconds: float = 20) -> str:
    """The text of the visible element marked ``data-testid=<testid>``.

    Read inside the wait: a view redrawn between finding the element and reading it (a note that changes
    as a print job moves on) is looked up again, not reported as stale.
    """
    def visible_text(driver: webdriver.Chrome) -> tuple[str] | bool:  # a tuple: an empty text is an answer too
        element = driver.find_element(By.CSS_SELECTOR, f"[data-testid={testid}]")
        return (str(element.text),) if element.is_displayed() else False

    ignored = (NoSuchElementException, StaleElementReferenceException)
    (text,) = WebDriverWait(driver, seconds, ignored_exceptions=ignored).until(visible_text)
    return text


def tap_testid(driver: webdriver.Chrome, testid: str) -> None:
    """Tap the element marked ``data-testid=<testid>`` once it can be tapped."""
    WebDriverWait(driver, 15).until(
        expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, f"[data-testid={testid}]"))).click()


def chinese_left(words: str, allowed: tuple[str, ...]) -> list[str]:
    """The Chinese characters in ``words`` once every allowed name is taken out (empty when there is none)."""
    for name in allowed:
        words = words.replace(name, "")
    return CHINESE.findall(words)


def record_ids_in(words: str) -> list[str]:
    """The demo's record IDs that ``words`` shows."""
    return DEMO_RECORD_ID.findall(words)


def sign_in(driver: webdriver.Chrome, building: str, room: str, pin: str, *, english: bool) -> None:
    """On the building buttons: the building, the room and the PIN on the number pads, then sign in."""
    sign_in_speaking(driver, "en" if english else "zh", building, room, pin)


def sign_in_speaking(driver: webdriver.Chrome, lang: str, building: str, room: str, pin: str) -> None:
    """:func:`sign_in` with the words of ``lang``, as the catalog has them."""
    tap_text(driver, say("building_n", lang, n=building))
    # A tap before the pad is drawn lands on the old view.
    wait_for_text(driver, say("enter_room", lang, building=building))
    for digit in room:
        tap_text(driver, digit)
    tap_text(driver, say("next", lang))
    wait_for_text(driver, say("enter_pin", lang, unit=f"{building}-{room}"))
    for digit in pin:
        tap_text(driver, digit)
    tap_text(driver, say("sign_in", lang))
    wait_for_text(driver, say("sign_out", lang))


def sign_in_at_tile(driver: webdriver.Chrome, tile: str, building: str = "3", room: str = "1202",
                    pin: str = "2468") -> None:
    """From the home screen: English, the tile, then :func:`sign_in` in English (by default the demo's 3-1202)."""
    tap_text(driver, "English")
    tap_text(driver, tile)
    sign_in_speaking(driver, "en", building, room, pin)


def open_kiosk_in(driver: webdriver.Chrome, base: str, lang: str) -> None:
    """The kiosk's home screen, which greets everyone in Chinese; an English reader taps English first."""
    driver.get(base + "/")
    wait_for_text(driver, say("take_number", "zh"))
    if lang == "en":
        tap_text(driver, "English")
        wait_for_text(driver, say("take_number", "en"))


def in_owner_language(words: str, lang: str, what: str, *, allowed: tuple[str, ...] = ON_ENGLISH_SCREENS,
                      theirs: tuple[str, ...] = (), besides: str = "", ids: bool = False) -> str:
    """``words`` (a screen, a phone page, a slip), checked to be in the owner's language.

    In English no Chinese is left once the ``allowed`` names are taken out. In Chinese the page has
    Chinese, and none of ``theirs``: the English for what it says, which would show a slip of language.
    Unless ``ids`` (a slip prints the address its QR code holds, record ID and all), no record ID is
    shown but ``besides``, the one an owner may be shown (a payment reference).
    """
    if lang == "en":
        assert chinese_left(words, allowed) == [], f"Chinese on the English {what}:\n{words}"
    else:
        assert CHINESE.search(words), f"no Chinese on the Chinese {what}:\n{words}"
        slipped = [english for english in theirs if english in words]
        assert slipped == [], f"English on the Chinese {what}: {slipped}\n{words}"
    if not ids:
        assert record_ids_in(words.replace(besides, "") if besides else words) == [], \
            f"a record ID on the owner's {what}:\n{words}"
    return words


def screen_in(driver: webdriver.Chrome, lang: str, what: str, *, theirs: tuple[str, ...] = (),
              besides: str = "") -> str:
    """The kiosk screen as shown, checked by :func:`in_owner_language`."""
    return in_owner_language(body_text(driver), lang, f"screen ({what})", theirs=theirs, besides=besides)


def phone_page_in(driver: webdriver.Chrome, lang: str, what: str, *, theirs: tuple[str, ...] = ()) -> str:
    """A phone page as shown, checked by :func:`in_owner_language` (no masked name is on one)."""
    return in_owner_language(body_text(driver), lang, f"phone page ({what})", allowed=ON_ENGLISH_PHONE_PAGES,
                             theirs=theirs)


def slip_in(slip: Printout, lang: str, what: str, *, also_allowed: tuple[str, ...] = (),
            theirs: tuple[str, ...] = ()) -> None:
    """A slip's words, checked by :func:`in_owner_language`; an English slip draws no picture of text."""
    in_owner_language("\n".join(slip.texts), lang, f"slip ({what})", allowed=(*ON_ENGLISH_SLIPS, *also_allowed),
                      theirs=theirs, ids=True)
    if lang == "en":
        assert slip.images == [], f"{what} has drawn pictures of text; an English slip needs none"


def screen_qr_links(driver: webdriver.Chrome) -> list[str]:
    """What every QR code on the screen says, read from the pictures the browser shows."""
    sources = driver.execute_script(
        "return [...document.querySelectorAll('img')].filter(i => i.offsetParent !== null)"
        ".map(i => i.src).filter(s => s.startsWith('data:image/'))")
    return [link for source in sources for link in read_qr_data_uri(str(source))]


def printed_slip(data: Path, showing: str, seconds: float = 30) -> Printout:
    """The newest slip in the demo's ``printer.bin`` with a line holding ``showing``, once it is cut."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        printer = data / "printer.bin"
        try:
            printout = decode(printer.read_bytes()) if printer.exists() else Printout()
        except UnexpectedBytesError:  # read while the demo was still writing a slip
            printout = Printout()
        for slip in reversed(_slips(printout)):
            if any(showing in line for line in slip.texts):
                return slip
        time.sleep(0.5)
    pytest.fail(f"no slip showing {showing!r} reached printer.bin within {seconds} s")


def _slips(printout: Printout) -> list[Printout]:
    """One printout per slip: the items up to and with each cut."""
    slips, current = [], Printout()
    for item in printout.items:
        current.items.append(item)
        if isinstance(item, Cut):
            slips.append(current)
            current = Printout()
    return slips


def provider_confirms(base: str, data: Path, reference: str, amount: str) -> dict[str, object]:
    """The payment provider's signed notice that the money arrived (``docs/fees.md``); the demo must take it."""
    body = json.dumps({"transaction_id": f"PSP-{reference}", "reference": reference, "amount": amount,
                       "timestamp": int(time.time())}).encode()
    secret = load_settings(data / "lobbydesk.toml").payment_webhook_secret  # the demo made it for its folder
    request = urllib.request.Request(f"{base}/api/payments/notify", data=body, method="POST",
                                     headers={SIGNATURE_HEADER: sign(body, secret),
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        answer: dict[str, object] = json.loads(response.read())
    assert answer["ok"] is True and answer["payment"] == reference, answer
    return answer
