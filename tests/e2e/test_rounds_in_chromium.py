"""A disinfection round from paper to lobby, in real headless Chromium at phone size, against ``lobbydesk demo``.

Staff print building 3's checkpoint label (``lobbydesk rounds labels``, into the demo's printer.bin) -> the
label's QR code, read back from the printed ESC/POS bytes, opens ``/round/<token>`` on a 390 x 844 phone ->
the phone asks for the staff login once and comes back -> the disinfection due at the lobby is recorded
with a photo -> the lobby display says when building 3 was disinfected.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from lobbydesk.demo import DEMO_DESK
from tests.e2e.conftest import tap_text
from tests.e2e.kiosk_owner import body_text, wait_for_text
from tests.qr_reading import read_qr_printed

pytestmark = pytest.mark.browser


def test_a_disinfection_scanned_at_its_checkpoint_with_a_photo_shows_on_the_lobby_display(
    demo_server: tuple[str, Path], browser: webdriver.Chrome, tmp_path: Path
) -> None:
    base, data = demo_server
    url = _print_building_3_label(base, data)
    assert url.startswith(f"{base}/round/"), url

    browser.set_window_size(390, 844)
    browser.get(url)
    WebDriverWait(browser, 15).until(expected_conditions.url_contains("/staff/login"))
    _type_into(browser, "Name 姓名", DEMO_DESK[0])
    _type_into(browser, "Password 密码", DEMO_DESK[1])
    tap_text(browser, "Log in 登录")
    WebDriverWait(browser, 20).until(expected_conditions.url_to_be(url))  # back at the scanned checkpoint
    wait_for_text(browser, "3 · 大堂 Lobby")
    assert "disinfection" in _by_testid(browser, "round-choice").text, "the disinfection due now is chosen"

    photo = tmp_path / "sprayed.png"
    Image.new("RGB", (32, 24), "white").save(photo, "PNG")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=round-photo] input[type=file]").send_keys(str(photo))
    wait_for_text(browser, "Photo added 已添加照片")
    tap_text(browser, "Done 完成")
    wait_for_text(browser, "Recorded on time 已按时登记")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 390, "fits a phone's width"

    visit = _disinfection_of_building_3(data)
    assert visit["staff"] == DEMO_DESK[0] and visit["status"] == "on time"
    with urllib.request.urlopen(str(visit["photo"])) as answer:
        assert Image.open(io.BytesIO(answer.read())).size == (32, 24)
    done_at = str(visit["at"])[11:16]

    browser.get(f"{base}/display")
    _wait_for_content(browser, "3号楼 清洁 ")
    _wait_for_content(browser, f"消毒 {done_at}")
    _wait_for_content(browser, f"disinfected {done_at}")


def _print_building_3_label(base: str, data: Path) -> str:
    """Print building 3's labels as staff would at the server, and read the lobby's QR code off the paper."""
    env = {**{k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"},
           "LOBBYDESK_PORT": str(urlsplit(base).port)}
    before = (data / "printer.bin").read_bytes() if (data / "printer.bin").exists() else b""
    done = subprocess.run([sys.executable, "-m", "lobbydesk", "rounds", "labels", "--building", "3",
                           "--data", str(data)], capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 · 大堂 Lobby: sent" in done.stdout
    printed = (data / "printer.bin").read_bytes()[len(before):]
    codes = [code for code in read_qr_printed(printed) if "/round/" in code]
    assert len(codes) == 1, codes
    return codes[0]


def _disinfection_of_building_3(data: Path) -> dict[str, object]:
    with sqlite3.connect(f"file:{data / 'lobbydesk.sqlite3'}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT body FROM records WHERE tab = 'RoundVisits' "
                          "AND json_extract(body, '$.task') = 'disinfection' "
                          "AND json_extract(body, '$.building') = '3'").fetchall()
    (visit,) = [json.loads(body) for (body,) in rows]
    kept: dict[str, object] = visit
    return kept


def _by_testid(driver: webdriver.Chrome, name: str) -> webdriver.remote.webelement.WebElement:
    return WebDriverWait(driver, 15).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, f"[data-testid={name}]")))


def _type_into(driver: webdriver.Chrome, label: str, value: str) -> None:
    xpath = f"//label[.//*[normalize-space(text())='{label}']]//input"
    field = WebDriverWait(driver, 15).until(expected_conditions.element_to_be_clickable((By.XPATH, xpath)))
    field.send_keys(value)


def _wait_for_content(driver: webdriver.Chrome, words: str, seconds: float = 20) -> None:
    """Wait until the page holds ``words``, scrolled out of sight or not (the display's ticker moves)."""
    try:
        WebDriverWait(driver, seconds).until(
            lambda d: words in str(d.execute_script("return document.body.textContent")))
    except TimeoutException:
        pytest.fail(f"{words!r} did not show within {seconds} s; the page says:\n{body_text(driver)}")
