"""The home screen fits a lobby screen without scrolling, upright or on its side."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

pytestmark = pytest.mark.browser

# Every tile on home, with where it ends and the height of the window, measured by the browser.
_TILES_AND_WINDOW = """
const tiles = [...document.querySelectorAll('.kiosk-tile')].filter(tile => tile.offsetParent !== null);
return [tiles.map(tile => [tile.dataset.testid, tile.getBoundingClientRect().bottom]), window.innerHeight];
"""


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_every_home_tile_is_on_screen_without_scrolling(
    demo_server: tuple[str, Path], browser: webdriver.Chrome, width: int, height: int
) -> None:
    base, data = demo_server
    browser.set_window_size(width, height)
    browser.get(base + "/")
    WebDriverWait(browser, 15).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=take-number]"))
    )
    tiles, window_height = browser.execute_script(_TILES_AND_WINDOW)
    browser.save_screenshot(str(data / f"kiosk-home-{width}x{height}.png"))

    assert len(tiles) >= 10, tiles  # take a number, every feature, sign in
    below = [(title, bottom) for title, bottom in tiles if bottom > window_height]
    assert below == [], f"tiles below the fold of a {width}x{height} window ({window_height} px): {below}"
