"""Someone is trapped in a lift: the whole emergency in real headless Chromium, against ``lobbydesk demo``.

An owner, in Chinese, taps the red sign at the kiosk -> the duty phone and 110 / 119 / 120 are on the
screen before and after sending, and no visit time is asked -> the slip in printer.bin says 紧急 and
whom to call -> the front desk console shows the alert.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from lobbydesk.demo import DEMO_DESK
from lobbydesk.demo_repairs import DEMO_DUTY_PHONE
from tests.e2e.conftest import tap_text
from tests.printers.escpos_decoder import decode

pytestmark = pytest.mark.browser


def test_someone_trapped_in_a_lift_is_reported_with_one_red_tap_and_every_number_shown(
    demo_server: tuple[str, Path], browser: webdriver.Chrome
) -> None:
    base, data = demo_server
    browser.get(base + "/")
    _sign_in_at_the_repair_tile(browser)
    tap_text(browser, "公共区域")
    tap_text(browser, "3 号楼")
    tap_text(browser, "1")
    tap_text(browser, "下一步")
    _wait_for_text(browser, "紧急情况？请点这里")
    browser.save_screenshot(str(data / "kiosk-emergency-signs.png"))
    tap_text(browser, "有人被困在电梯里")

    _wait_for_text(browser, DEMO_DUTY_PHONE)
    shown = _body(browser)
    for words in ("24小时值班电话", "报警", "110", "火警", "119", "急救", "120", "不要扒门"):
        assert words in shown, f"{words!r} is on the screen before sending"
    for asked in ("紧急程度", "希望上门时间"):
        assert asked not in shown, f"an emergency is not asked {asked!r}"
    browser.save_screenshot(str(data / "kiosk-emergency-before-sending.png"))
    tap_text(browser, "提交")

    number = WebDriverWait(browser, 15).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=repair-number]"))
    ).text
    _wait_for_text(browser, "请取走回执")
    shown = _body(browser)
    assert "紧急报修已通知值班人员" in shown and DEMO_DUTY_PHONE in shown and "120" in shown
    assert "Police" not in shown and "DEMO-R" not in shown, "the owner's language only, and no record IDs"
    browser.save_screenshot(str(data / "kiosk-emergency-sent.png"))

    printed = decode((data / "printer.bin").read_bytes())
    assert "** 紧急 **" in printed.texts
    assert number in printed.texts
    assert printed.value_of("24小时值班电话") == DEMO_DUTY_PHONE
    assert [printed.value_of(what_for) for what_for in ("报警", "火警", "急救")] == ["110", "119", "120"]

    browser.get(base + "/staff")
    WebDriverWait(browser, 15).until(expected_conditions.url_contains("/staff/login"))
    _type_into(browser, "Name 姓名", DEMO_DESK[0])
    _type_into(browser, "Password 密码", DEMO_DESK[1])
    tap_text(browser, "Log in 登录")
    _wait_for_text(browser, f"EMERGENCY repair {number}: elevator at public area, building 3 floor 1")


def _sign_in_at_the_repair_tile(driver: webdriver.Chrome) -> None:
    """From the home screen in Chinese: 报修, building 3, room 1202, PIN 2468."""
    tap_text(driver, "报修")
    tap_text(driver, "3 号楼")
    _wait_for_text(driver, "请输入房号")  # the pad is drawn: a tap before it would land on the old screen
    for digit in "1202":
        tap_text(driver, digit)
    tap_text(driver, "下一步")
    for digit in "2468":
        tap_text(driver, digit)
    tap_text(driver, "登录")
    _wait_for_text(driver, "退出登录")


def _body(driver: webdriver.Chrome) -> str:
    return str(driver.find_element(By.TAG_NAME, "body").text)


def _wait_for_text(driver: webdriver.Chrome, words: str, seconds: float = 20) -> None:
    WebDriverWait(driver, seconds).until(
        expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "body"), words))


def _type_into(driver: webdriver.Chrome, label: str, value: str) -> None:
    xpath = f"//label[.//*[normalize-space(text())='{label}']]//input"
    field = WebDriverWait(driver, 15).until(expected_conditions.element_to_be_clickable((By.XPATH, xpath)))
    field.send_keys(value)
