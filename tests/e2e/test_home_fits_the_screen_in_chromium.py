"""Home fits a lobby screen without scrolling: upright or on its side, in Chinese or English, signed in or not,
with the usual text or large text.

Home is the one screen that shows everything at once: an owner takes its tiles for all there is, and does
not think to scroll. The demo shows every tile it has (a vote is open), and signed in, 3-1202's greeting
bar says "2 parcels waiting", which takes a band of the height. On each home the browser measures the page
as drawn (kiosk_screen_rules.py: every screen's rules, and the page no taller than the window) and where
each tile ends. Each home is saved as a PNG under the demo's data folder (and into
``LOBBYDESK_SCREENSHOTS=DIR`` when set, for people to look at).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from desk.catalog import say
from lobbydesk.demo import DEMO_UNIT
from tests.e2e.conftest import tap_text
from tests.e2e.kiosk_owner import LANGUAGES, open_kiosk_in, sign_in_speaking, wait_for_text
from tests.e2e.kiosk_screen_rules import ON_ITS_SIDE, SCREEN_MEASURE_JS, SCREEN_STILL_JS, UPRIGHT, ScreenRules

pytestmark = pytest.mark.browser

# Every tile on home, and where it ends, measured by the browser.
_TILES = """
const tiles = [...document.querySelectorAll('.kiosk-tile')].filter(tile => tile.offsetParent !== null);
return tiles.map(tile => [tile.dataset.testid, tile.getBoundingClientRect().bottom]);
"""


def home_breaches(browser: webdriver.Chrome, rules: ScreenRules, tiles_wanted: set[str]) -> list[str]:
    """Every rule home breaks as drawn now: the screen rules, a tile past the bottom edge, a tile missing."""
    WebDriverWait(browser, 5).until(lambda driver: driver.execute_script(SCREEN_STILL_JS))
    measured = browser.execute_script(SCREEN_MEASURE_JS, rules.as_js())
    height = measured["window"][1]
    tiles = browser.execute_script(_TILES)
    below = [f"the tile {testid} ends at {bottom:.0f}px, below the {height}px screen"
             for testid, bottom in tiles if bottom > height]
    missing = [f"no tile {testid}" for testid in sorted(tiles_wanted - {testid for testid, _ in tiles})]
    return [*measured["problems"], *below, *missing]


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_every_home_fits_the_screen_without_scrolling(
    demo_server: tuple[str, Path], browser: webdriver.Chrome, width: int, height: int
) -> None:
    base, data = demo_server
    # Exactly the lobby screen's pixels: the kiosk's browser runs full screen, without a window's bars.
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    rules = (UPRIGHT if height > width else ON_ITS_SIDE).at_home()
    folders = [data, *([Path(os.environ["LOBBYDESK_SCREENSHOTS"])] if os.environ.get("LOBBYDESK_SCREENSHOTS") else [])]
    building, room, pin = DEMO_UNIT
    # Take a number, every feature's tile (the open vote's too) and signing in; signed in, all but signing in.
    everyone = {"take-number", "sign-in", *(f"tile-{key}" for key in (
        "repair", "feedback", "mine", "pay", "events", "votes", "policies", "notices", "visitors", "movein",
        "services"))}
    breaches: dict[str, list[str]] = {}

    def look(home: str, tiles_wanted: set[str]) -> None:
        problems = home_breaches(browser, rules, tiles_wanted)
        if problems:
            breaches[home] = problems
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
            browser.save_screenshot(str(folder / f"kiosk-home-{width}x{height}-{home}.png"))

    for lang in LANGUAGES:
        open_kiosk_in(browser, base, lang)
        look(f"{lang}", everyone)
        tap_text(browser, say("sign_in_tile", lang))
        sign_in_speaking(browser, lang, building, room, pin)
        WebDriverWait(browser, 15).until(
            expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=owner-news]")))
        wait_for_text(browser, say("parcels_waiting", lang, n=2))
        look(f"{lang}-signed-in", everyone - {"sign-in"})
        browser.find_element(By.CSS_SELECTOR, "[data-testid=large-text]").click()  # for the owner who reads poorly
        WebDriverWait(browser, 5).until(lambda driver: driver.find_elements(By.CSS_SELECTOR, ".kiosk-large"))
        look(f"{lang}-signed-in-large-text", everyone - {"sign-in"})
        tap_text(browser, say("sign_out", lang))
        WebDriverWait(browser, 5).until(lambda driver: not driver.find_elements(By.CSS_SELECTOR, ".kiosk-large"))
        browser.find_element(By.CSS_SELECTOR, "[data-testid=large-text]").click()
        WebDriverWait(browser, 5).until(lambda driver: driver.find_elements(By.CSS_SELECTOR, ".kiosk-large"))
        look(f"{lang}-large-text", everyone)

    assert breaches == {}, f"homes that do not fit a {width}x{height} screen: {breaches}"
