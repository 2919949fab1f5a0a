"""Shared pieces of the real-Chromium journeys: the demo server as a subprocess, the browser, taps."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait

CHROMIUM = os.environ.get("CHROME_BINARY_LOCATION", "/usr/bin/chromium")

# What Selenium raises when Chromium itself went away (a renderer crash on a loaded CI machine), not
# when the page misbehaved: such a test runs once more on a fresh browser, and the run reports RERUN.
BROWSER_GONE = ["InvalidSessionIdException", "browser has closed the connection"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give every real-Chromium test one rerun if the browser, not the page, failed."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.flaky(reruns=1, only_rerun=BROWSER_GONE))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_demo(data: Path, **settings: str) -> Iterator[str]:
    """``lobbydesk demo`` on a free port, with ``LOBBYDESK_*`` settings; yields its base URL."""
    port = _free_port()
    # Without PYTEST_CURRENT_TEST: NiceGUI would take the demo for a screen test and change its port.
    env = {**{k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"},
           **{f"LOBBYDESK_{key.upper()}": value for key, value in settings.items()}}
    process = subprocess.Popen(
        [sys.executable, "-m", "lobbydesk", "demo", "--data", str(data), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"lobbydesk demo exited early:\n{process.stdout.read() if process.stdout else ''}")
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("lobbydesk demo did not start listening within 60 s")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The demo, syncing every second; yields its base URL and data folder."""
    data = tmp_path / "demo-data"
    with running_demo(data, sync_interval="1") as base:
        yield base, data


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    if not (Path(CHROMIUM).exists() and shutil.which("chromedriver")):
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium and chromium-driver (see .ci/run)")
        pytest.skip("Chromium or chromedriver is not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--window-size=1080,1920"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=shutil.which("chromedriver")),
                              options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


def tap_text(driver: webdriver.Chrome, words: str) -> None:
    """Tap the visible button saying ``words`` (a hidden view, such as the kept home screen, may say it too)."""
    xpath = f"//*[contains(@class, 'q-btn')][.//*[normalize-space(text())='{words}']]"

    def visible_button(browser: webdriver.Chrome) -> WebElement | bool:
        shown = [b for b in browser.find_elements(By.XPATH, xpath) if b.is_displayed() and b.is_enabled()]
        return shown[0] if shown else False

    for _ in range(5):  # a page that redraws between finding and tapping gets a second tap
        try:
            button = WebDriverWait(driver, 15, ignored_exceptions=[StaleElementReferenceException])\
                .until(visible_button)
            assert isinstance(button, WebElement)
            button.click()
            return
        except StaleElementReferenceException:
            time.sleep(0.2)
    pytest.fail(f"could not tap {words!r}: the page kept redrawing it")
