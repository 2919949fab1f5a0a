"""Real Chromium against ``lobbydesk demo``: the idle kiosk as signage, and an event's waitlist moving up."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tests.e2e.conftest import running_demo, tap_text

pytestmark = pytest.mark.browser


@pytest.fixture
def quick_idle_demo(tmp_path: Path) -> Iterator[str]:
    """The demo with a kiosk that turns idle after 4 seconds, so signage comes without a minute's wait."""
    with running_demo(tmp_path / "demo-data", sync_interval="1", idle_seconds="4") as base:
        yield base


def body_shows(driver: webdriver.Chrome, words: str, seconds: float = 20) -> None:
    try:
        WebDriverWait(driver, seconds).until(
            expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "body"), words))
    except TimeoutException:
        pytest.fail(f"{words!r} did not show within {seconds} s; the page says:\n"
                    f"{driver.find_element(By.TAG_NAME, 'body').text}")


def test_an_idle_kiosk_rotates_the_notices_with_the_queue_and_a_touch_wakes_it(
    quick_idle_demo: str, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    browser.get(quick_idle_demo + "/")
    body_shows(browser, "取号")

    body_shows(browser, "轻触屏幕开始")  # about four seconds untouched
    body_shows(browser, "物业费缴纳提醒")  # the pinned notice comes first
    body_shows(browser, "1 / 5")  # four notices and today's cleaning and disinfection
    assert "正在办理" in browser.find_element(By.TAG_NAME, "body").text
    assert "1 号楼电梯保养" not in browser.find_element(By.TAG_NAME, "body").text
    browser.save_screenshot(str(tmp_path / "kiosk-signage.png"))
    body_shows(browser, "2 / 5", seconds=15)  # the next notice after eight seconds

    browser.find_element(By.TAG_NAME, "body").click()

    WebDriverWait(browser, 10).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=take-number]")))
    assert "轻触屏幕开始" not in browser.find_element(By.TAG_NAME, "body").text


def sign_in(driver: webdriver.Chrome, building: str, room: str, pin: str) -> None:
    """Sign in at the home screen's 业主登录 tile, then open 社区活动 (which anyone may browse)."""
    tap_text(driver, "业主登录")
    tap_text(driver, f"{building} 号楼")
    body_shows(driver, "请输入房号")  # the pad is drawn: a tap before it would land on the old screen
    for digit in room:
        tap_text(driver, digit)
    tap_text(driver, "下一步")
    body_shows(driver, "请输入密码")
    for digit in pin:
        tap_text(driver, digit)
    tap_text(driver, "登录")
    body_shows(driver, "退出登录")
    tap_text(driver, "社区活动")


def test_a_full_event_puts_the_owner_on_the_waitlist_and_a_cancellation_moves_them_up(
    demo_server: tuple[str, Path], browser: webdriver.Chrome
) -> None:
    base, _data = demo_server
    browser.get(base + "/")
    sign_in(browser, "3", "1202", "2468")
    body_shows(browser, "书法课")

    tap_text(browser, "1 人排候补")  # the calligraphy class is full: one unit waits already

    body_shows(browser, "名额已满，您在候补第 2 位")
    tap_text(browser, "完成")

    sign_in(browser, "1", "301", "1357")  # the second demo owner holds two places
    body_shows(browser, "已报名 · 入场号")
    tap_text(browser, "取消报名")
    tap_text(browser, "确定取消")
    body_shows(browser, "已取消报名")
    tap_text(browser, "退出登录")

    sign_in(browser, "3", "1202", "2468")
    body_shows(browser, "已报名 · 入场号")  # moved up: two places freed, one for the first in line, one for us
    card = browser.find_element(
        By.XPATH, "//*[contains(text(), '已报名 · 入场号')]/ancestor::*[contains(., '书法课')][1]")
    assert "候补第" not in card.text
