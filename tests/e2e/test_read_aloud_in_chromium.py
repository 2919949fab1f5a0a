"""In a real browser, large text grows every word and turns black on white, and Read aloud speaks the view."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tests.e2e.conftest import tap_text

pytestmark = pytest.mark.browser

# Keeps what the page asks the browser to say: headless Chromium has no voices to hear.
RECORD_SPEECH = """
window.spoken = [];
window.speechSynthesis.speak = (utterance) => window.spoken.push([utterance.lang, utterance.text]);
"""


def _shown(driver: webdriver.Chrome, testid: str) -> None:
    WebDriverWait(driver, 20).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, f"[data-testid={testid}]")))


def test_large_text_and_read_aloud_in_a_real_browser(
    demo_server: tuple[str, Path], browser: webdriver.Chrome
) -> None:
    base, _data = demo_server
    browser.get(base + "/")
    _shown(browser, "take-number")
    usual = browser.execute_script("return parseFloat(getComputedStyle(document.querySelector("
                                   "'[data-testid=take-number] .text-5xl')).fontSize)")

    browser.find_element(By.CSS_SELECTOR, "[data-testid=large-text]").click()
    WebDriverWait(browser, 10).until(lambda driver: driver.execute_script(
        "return getComputedStyle(document.body).color") == "rgb(0, 0, 0)")
    large = browser.execute_script("return parseFloat(getComputedStyle(document.querySelector("
                                   "'[data-testid=take-number] .text-5xl')).fontSize)")
    assert large == pytest.approx(usual * 1.3, rel=0.02)
    assert browser.execute_script("return getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"), \
        "the larger top bar and tiles still fit the upright screen's width"

    tap_text(browser, "取号")
    _shown(browser, "queue-priority")
    browser.execute_script(RECORD_SPEECH)
    browser.find_element(By.CSS_SELECTOR, "[data-testid=read-aloud]").click()
    WebDriverWait(browser, 10).until(lambda driver: driver.execute_script("return window.spoken.length"))

    ((lang, said),) = browser.execute_script("return window.spoken")
    assert lang == "zh-CN"
    assert said.startswith("请选择取号方式。普通取号，按顺序叫号。优先服务，老人、残障、孕妇。请选择业务。咨询，")
    assert said.endswith("。返回") and "_" not in said, "the titles and every choice, and no icon names"
