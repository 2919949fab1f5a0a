"""Every kiosk screen an owner can reach, upright and on its side, measured in real headless Chromium.

One browser walks the demo kiosk (building 3, room 1202, PIN 2468) from home through every errand, in
Chinese and, for home and a deep screen, in English. On each screen the browser itself measures what it
drew (kiosk_screen_rules.py): text at least 24 px, targets at least 64x64 px, contrast at least 4.5:1,
nothing wider than the screen; upright, the content also fills the band a standing owner reaches (about
20%-85% of the height) and text is at least 28 px. Every screen is saved as a PNG under the demo's data
folder (and into ``LOBBYDESK_SCREENSHOTS=DIR`` when set, for people to look at); every breach on every
screen is gathered and reported at once.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tests.e2e.conftest import running_demo, tap_text
from tests.e2e.kiosk_screen_rules import SCREEN_MEASURE_JS, ScreenRules

pytestmark = pytest.mark.browser

# Long enough that measuring a screen never meets the "Still there?" question (it comes 10 s before),
# short enough that the walk can wait for it, and for the signage after it.
IDLE_SECONDS = 20

# Whether nothing on the page is moving but what moves for ever (a spinner).
_STILL = """
return document.getAnimations().every(a => a.playState !== 'running' || a.effect.getTiming().iterations === Infinity);
"""

UPRIGHT = ScreenRules(min_font_px=28.0, band=(0.20, 0.85))
ON_ITS_SIDE = ScreenRules()


@pytest.fixture
def quick_idle_demo(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The demo with a kiosk that asks "Still there?" after 10 s untouched; its URL and data folder."""
    data = tmp_path / "demo-data"
    with running_demo(data, sync_interval="2", idle_seconds=str(IDLE_SECONDS)) as base:
        yield base, data


@dataclass
class ScreenWalk:
    """One browser walking the kiosk's screens, measuring and photographing each, and keeping every breach."""

    driver: webdriver.Chrome
    base: str
    rules: ScreenRules
    folders: list[Path]
    prefix: str
    breaches: dict[str, list[str]] = field(default_factory=dict)
    seen: list[str] = field(default_factory=list)

    # Looking

    def look(self, screen: str, rules: ScreenRules | None = None) -> None:
        """Measure the screen as drawn now and save a picture of it."""
        # Quasar's transitions (a ripple, a dialog sliding in, a note fading out) end first: half-faded
        # words are not what an owner reads. Spinners turn for ever and are not waited for.
        WebDriverWait(self.driver, 5).until(lambda driver: driver.execute_script(_STILL))
        self.driver.execute_script("window.scrollTo(0, 0)")
        measured = self.driver.execute_script(SCREEN_MEASURE_JS, (rules or self.rules).as_js())
        assert measured["texts"] > 0, f"{screen}: no text measured — is the page drawn?"
        self.seen.append(screen)
        if measured["problems"]:
            self.breaches[screen] = measured["problems"]
        name = f"{self.prefix}-{len(self.seen):02d}-{screen}.png"
        for folder in self.folders:
            folder.mkdir(parents=True, exist_ok=True)
            self.driver.save_screenshot(str(folder / name))

    def report(self) -> str:
        """Every breach, screen by screen."""
        lines = [f"{len(self.breaches)} of {len(self.seen)} screens break the rules ({self.prefix}):"]
        for screen, problems in self.breaches.items():
            lines.append(f"  {screen}:")
            lines.extend(f"    - {problem}" for problem in problems[:25])
            if len(problems) > 25:
                lines.append(f"    ... and {len(problems) - 25} more")
        return "\n".join(lines)

    # Moving

    def tap(self, words: str) -> None:
        tap_text(self.driver, words)

    def tap_id(self, testid: str) -> None:
        for _ in range(5):
            try:
                self.shown(f"[data-testid={testid}]").click()
                return
            except StaleElementReferenceException:
                time.sleep(0.2)
        pytest.fail(f"could not tap [{testid}]: the page kept redrawing it")

    def shown(self, selector: str, seconds: float = 20) -> WebElement:
        def visible(driver: webdriver.Chrome) -> WebElement | bool:
            found = [e for e in driver.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed()]
            return found[0] if found else False
        try:
            element = WebDriverWait(self.driver, seconds, ignored_exceptions=[StaleElementReferenceException])\
                .until(visible)
        except TimeoutException:
            pytest.fail(f"{selector} did not show within {seconds} s; the page says:\n{self.body()}")
        assert isinstance(element, WebElement)
        return element

    def says(self, words: str, seconds: float = 20) -> None:
        try:
            WebDriverWait(self.driver, seconds).until(
                expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "body"), words))
        except TimeoutException:
            pytest.fail(f"{words!r} did not show within {seconds} s; the page says:\n{self.body()}")

    def body(self) -> str:
        return str(self.driver.find_element(By.TAG_NAME, "body").text)

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.shown(f'.kiosk-keyboard [data-skbtn="{key}"]').click()

    def home(self) -> None:
        self.shown("[data-testid=take-number]")

    def sign_in(self, tile: str, *, look: bool = False) -> None:
        """Tap ``tile``, then building 3, room 1202, PIN 2468, in Chinese; look at each pad when asked."""
        self.tap(tile)
        self.unit_and_pin(look=look)

    def unit_and_pin(self, *, look: bool = False) -> None:
        self.says("请选择楼号")
        if look:
            self.look("signin-building")
        self.tap("3 号楼")
        self.says("请输入房号")
        for digit in "1202":
            self.tap(digit)
        if look:
            self.look("signin-room")
        self.tap("下一步")
        self.says("请输入密码")
        for digit in "2468":
            self.tap(digit)
        if look:
            self.look("signin-pin-and-forgot-pin-help")
        self.tap("登录")
        self.says("退出登录")

    def first_shown(self, selector: str) -> WebElement:
        """The first of several elements on screen (the questions found, the repairs to rate)."""
        self.shown(selector)
        return next(e for e in self.driver.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed())


def a_number(walk: ScreenWalk) -> None:
    """Home, the queue and service choice, priority chosen, the ticket."""
    walk.driver.get(walk.base + "/")
    walk.home()
    walk.look("home")
    walk.tap("取号")
    walk.shown("[data-testid=queue-priority]")
    walk.look("service-choice")
    walk.tap_id("queue-priority")
    walk.shown("[data-testid=queue-priority][aria-pressed=true]")
    walk.look("priority-chosen")
    walk.tap_id("service-inquiry")
    walk.shown("[data-testid=ticket-number]")
    walk.look("ticket")
    walk.tap("完成")


def signing_in_and_a_repair(walk: ScreenWalk) -> None:
    """The pads, the signed-in tiles, a public-area repair with the emergency signs, then a leak at home."""
    walk.home()
    walk.sign_in("业主登录", look=True)
    walk.look("signed-in-home")
    walk.tap("报修")
    walk.says("哪里需要维修？")
    walk.look("repair-where")
    walk.tap("公共区域")
    walk.says("哪栋楼？")
    walk.look("repair-building")
    walk.tap("3 号楼")
    walk.says("几层？")
    walk.tap("1")
    walk.look("repair-floor")
    walk.tap("下一步")
    walk.says("紧急情况？请点这里")
    walk.look("repair-category-and-emergency-signs")
    walk.tap("有人被困在电梯里")
    walk.shown("[data-testid=emergency-panel]")
    walk.look("repair-emergency")
    walk.tap("返回")
    walk.tap_id("category-plumbing")
    walk.shown("[data-testid=phrase-0]")
    walk.look("repair-details")
    walk.tap_id("keyboard-open")
    walk.shown(".kiosk-keyboard [data-skbtn=d]")
    walk.look("repair-details-with-keys")
    walk.tap_id("phrase-0")
    walk.tap_id("repair-submit")
    walk.shown("[data-testid=repair-number]")
    walk.look("repair-reported")
    walk.tap_id("repair-done")


def my_requests_and_feedback(walk: ScreenWalk) -> None:
    """My requests and rating one; a complaint typed in pinyin; an anonymous suggestion sent."""
    walk.home()
    walk.sign_in("我的报修与反馈")
    walk.says("我的报修")
    walk.look("my-requests")
    walk.first_shown("[data-testid^=rate-]").click()  # the demo owner has a finished repair
    walk.tap_id("stars-2")
    walk.look("my-requests-rate")
    walk.tap_id("rate-back")
    walk.tap("完成")

    walk.home()
    walk.sign_in("投诉 / 建议")
    walk.says("您想告诉我们什么？")
    walk.look("feedback-kind")
    walk.tap("投诉")
    walk.says("关于什么？")
    walk.look("feedback-category")
    walk.tap("维修")
    walk.shown(".kiosk-keyboard [data-skbtn=d]")
    walk.look("feedback-complaint-with-keys")
    walk.keys("d", "i", "a", "n", "t", "i")
    walk.shown(".hg-candidate-box-list-item")
    walk.look("feedback-complaint-pinyin-choices")
    walk.tap_id("feedback-back")
    walk.says("关于什么？")
    walk.tap_id("feedback-back")
    walk.tap("建议")
    walk.says("关于什么？")
    walk.tap("保洁绿化")
    walk.tap_id("feedback-phrase-0")
    walk.tap_id("feedback-anonymous")
    walk.look("feedback-suggestion-anonymous")
    walk.tap_id("feedback-submit")
    walk.says("已收到，谢谢！")
    walk.look("feedback-sent")
    walk.tap_id("feedback-done")


def fees(walk: ScreenWalk) -> None:
    """What is due, the payment QR, the history of payments."""
    walk.home()
    walk.sign_in("缴费")
    walk.shown("[data-testid=pay-start]")
    walk.look("fees")
    walk.tap_id("pay-start")
    walk.shown("[data-testid=pay-reference]")
    walk.look("fees-pay-qr")
    walk.tap_id("pay-later")
    walk.tap_id("pay-history")
    walk.says("最近 12 个月的付款")
    walk.look("fees-history")
    walk.tap_id("pay-history-back")
    walk.tap_id("pay-back")


def community(walk: ScreenWalk) -> None:
    """Events and signing up for one; policies, searched on the keys, and an answer printed; notices."""
    walk.home()
    walk.tap("社区活动")
    walk.says("冬至包饺子")
    walk.look("events")
    walk.tap("详情")
    walk.says("报名截止")
    walk.look("event-details")
    walk.tap("社区活动")
    walk.tap("1 人报名")  # someone just looking is asked who they are now
    walk.unit_and_pin()
    walk.says("确定报名")
    walk.look("event-confirm-sign-up")
    walk.tap("确定报名")
    walk.says("报名成功！入场号")
    walk.look("event-signed-up")
    walk.tap("完成")

    walk.home()
    walk.tap("政策问答")
    walk.says("请选择类别，或输入关键词搜索")
    walk.look("policies")
    walk.tap_id("keyboard-open")
    walk.shown(".kiosk-keyboard [data-skbtn=t]")
    walk.look("policies-search-with-keys")
    walk.keys("t", "c", "f", "{done}")
    walk.says("“tcf”的结果")
    walk.look("policies-search-results")
    walk.first_shown("[data-testid^=question-]").click()  # parking fees
    walk.tap_id("print-answer")
    walk.shown(".q-notification")
    walk.look("policy-answer-printing")
    walk.tap("返回")
    walk.tap("返回")
    walk.says("请选择类别，或输入关键词搜索")
    walk.tap("返回")

    walk.home()
    walk.tap("社区公告")
    walk.says("物业费缴纳提醒")
    walk.look("notices")
    walk.tap("返回")


def visitors_and_moving_in(walk: ScreenWalk) -> None:
    """A visitor's unit, name (typed in pinyin) and reason, the pass; a move-in number."""
    walk.home()
    walk.tap("访客登记")
    walk.says("您要拜访哪一栋？")
    walk.look("visitor-building")
    walk.tap("3 号楼")
    walk.says("请输入房号")
    for digit in "1202":
        walk.tap(digit)
    walk.look("visitor-room")
    walk.tap("下一步")
    walk.says("您的姓名")
    walk.keys("w", "a", "n", "g")
    walk.shown(".hg-candidate-box-list-item").click()
    walk.look("visitor-name-and-purpose-with-keys")
    walk.tap("探访")
    walk.says("访客通行证")
    walk.look("visitor-pass")
    walk.tap("完成")

    walk.home()
    walk.tap("入住办理")
    walk.says("您入住哪一栋？")
    walk.tap("2 号楼")
    walk.says("请输入房号")
    for digit in "302":
        walk.tap(digit)
    walk.tap("下一步")
    walk.says("办理入住？")
    walk.look("movein-confirm")
    walk.tap("取入住号")
    walk.says("您的入住办理号")
    walk.look("movein-number")
    walk.tap("完成")


def in_english(walk: ScreenWalk) -> None:
    """Home, the PIN pad and the deepest screen of a repair report, in English."""
    walk.home()
    walk.tap("English")
    walk.says("Take a number")
    walk.look("home-english")
    walk.tap("Report a repair")
    walk.says("Choose your building")
    walk.tap("Building 3")
    walk.says("enter your room")
    for digit in "1202":
        walk.tap(digit)
    walk.tap("Next")
    walk.says("enter your PIN")
    for digit in "2468":
        walk.tap(digit)
    walk.look("signin-pin-english")
    walk.tap("Sign in")
    walk.tap("My home 3-1202")
    walk.says("An emergency? Tap it here")
    walk.look("repair-category-english")
    walk.tap_id("category-plumbing")
    walk.shown("[data-testid=phrase-0]")
    walk.look("repair-details-english")
    walk.tap("Sign out")


def left_alone(walk: ScreenWalk) -> None:
    """Untouched: "Still there?", then home and the signage; the payment QR asks in its own way."""
    walk.home()
    walk.tap("社区公告")
    walk.says("物业费缴纳提醒")
    walk.shown("[data-testid=idle-stay]", seconds=IDLE_SECONDS)
    walk.look("idle-still-there", replace(walk.rules, scope=".q-dialog", band=None))
    walk.says("轻触屏幕开始", seconds=IDLE_SECONDS + 10)
    walk.look("signage")

    # A touch wakes the screen; a click would land on whichever home tile is drawn under the finger.
    walk.driver.execute_script("document.dispatchEvent(new PointerEvent('pointerdown'))")
    walk.home()
    walk.sign_in("缴费")
    walk.tap("还没付？再次显示二维码")  # the payment started in fees(), waiting since
    walk.shown("[data-testid=pay-reference]")
    walk.says("为保护您的信息", seconds=IDLE_SECONDS)  # the QR outlasts the idle time, the unit hidden
    walk.look("fees-pay-qr-still-there")
    walk.tap_id("pay-still-here")
    walk.tap_id("pay-later")
    walk.tap_id("pay-back")
    walk.home()


EVERY_ERRAND = (a_number, signing_in_and_a_repair, my_requests_and_feedback, fees, community,
                visitors_and_moving_in, in_english, left_alone)


@pytest.mark.parametrize(("width", "height"), [(1080, 1920), (1920, 1080)], ids=["upright", "on-its-side"])
def test_every_kiosk_screen_is_big_clear_and_fills_the_screen(
    quick_idle_demo: tuple[str, Path], browser: webdriver.Chrome, width: int, height: int
) -> None:
    base, data = quick_idle_demo
    # Exactly the lobby screen's pixels: the kiosk's browser runs full screen, without a window's bars.
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    folders = [data / "screens"]
    if os.environ.get("LOBBYDESK_SCREENSHOTS"):
        folders.append(Path(os.environ["LOBBYDESK_SCREENSHOTS"]))
    walk = ScreenWalk(browser, base, UPRIGHT if height > width else ON_ITS_SIDE, folders, f"{width}x{height}")

    for errand in EVERY_ERRAND:
        errand(walk)

    assert not walk.breaches, walk.report()
    assert len(walk.seen) == 49, walk.seen  # every screen was reached



# A page that breaks every rule once, and keeps them once: the measuring itself must be able to fail.
_BAD_PAGE = """<!doctype html><html><body style="margin:0; background:#fff; font-size:24px">
<div class="kiosk-view" style="height:300px">
  <p style="font-size:18px; color:#102a43">Small words</p>
  <p style="color:#aaaaaa">Faint words</p>
  <p style="background:oklch(0.5 0.2 27); color:oklch(0.45 0.2 27)">Red on red</p>
  <button style="width:40px; height:40px; font-size:24px; color:#000">OK</button>
  <button style="width:200px; height:80px; font-size:28px; color:#fff; background:#1d5a96">Send</button>
  <div style="width:3000px; height:1px"></div>
</div></body></html>"""


def test_the_measuring_finds_small_words_small_buttons_faint_words_and_empty_screens(
    browser: webdriver.Chrome, tmp_path: Path
) -> None:
    page = tmp_path / "bad.html"
    page.write_text(_BAD_PAGE, encoding="utf-8")
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 1080, "height": 1920, "deviceScaleFactor": 1, "mobile": False})
    browser.get(page.as_uri())

    measured = browser.execute_script(SCREEN_MEASURE_JS, UPRIGHT.as_js())
    problems = "\n".join(measured["problems"])

    assert 'text 18px < 28px: "Small words"' in problems
    assert 'text 24px < 28px: "Faint words"' in problems
    assert 'contrast 2.32:1 < 4.5:1: "Faint words"' in problems
    assert "contrast" in problems and '"Red on red"' in problems  # oklch colours are measured too
    assert "target 40x40px < 64px: button" in problems
    assert "Send" not in problems  # big, white on dark blue, 28 px: nothing to say
    assert "the page is 3000px wide in a 1080px window" in problems
    assert "of the reachable band" in problems  # everything sits in the top sixth of an upright screen
