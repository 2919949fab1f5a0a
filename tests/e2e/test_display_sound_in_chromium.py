"""The lobby display asks for a tap before it can chime and speak, and says so while it is muted."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tests.e2e.conftest import CHROMIUM

pytestmark = pytest.mark.browser

BANNER = (By.CSS_SELECTOR, "[data-testid=sound-off]")


def _audio_state(driver: webdriver.Chrome) -> str:
    return str(driver.execute_script("return window.lobbyAudio ? window.lobbyAudio.state : 'none'"))


def test_a_muted_display_asks_for_a_tap_and_the_tap_turns_the_sound_on(
    demo_server: tuple[str, Path], browser: webdriver.Chrome
) -> None:
    base, _data = demo_server
    browser.get(base + "/display")
    WebDriverWait(browser, 20).until(expected_conditions.visibility_of_element_located(BANNER))
    assert _audio_state(browser) == "suspended"
    assert "Sound is off" in browser.find_element(*BANNER).text

    browser.find_element(By.TAG_NAME, "body").click()

    WebDriverWait(browser, 10).until(expected_conditions.invisibility_of_element_located(BANNER))
    assert _audio_state(browser) == "running"


@pytest.fixture
def kiosk_browser() -> Iterator[webdriver.Chrome]:
    """Chromium as a lobby TV runs it: allowed to play sound without a tap (docs/operations.md)."""
    if not (Path(CHROMIUM).exists() and shutil.which("chromedriver")):
        pytest.skip("Chromium or chromedriver is not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--autoplay-policy=no-user-gesture-required", "--window-size=1920,1080"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=shutil.which("chromedriver")),
                              options=options)
    yield driver
    driver.quit()


def test_a_display_started_with_the_kiosk_flag_plays_sound_without_a_tap(
    demo_server: tuple[str, Path], kiosk_browser: webdriver.Chrome
) -> None:
    base, _data = demo_server
    kiosk_browser.get(base + "/display")
    WebDriverWait(kiosk_browser, 20).until(lambda d: _audio_state(d) == "running")
    assert not kiosk_browser.find_element(*BANNER).is_displayed()
