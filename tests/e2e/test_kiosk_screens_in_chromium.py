"""Every kiosk screen an owner can reach, upright and on its side, measured in real headless Chromium.

One browser walks the demo kiosk (building 3, room 1202, PIN 2468) from home through every errand, in
Chinese and, for home, a deep screen, votes, special services and parcels, in English. On each screen the
browser itself measures what it drew (kiosk_screen_rules.py): text at least 24 px, targets at least
64x64 px, contrast at least 4.5:1, nothing wider than the screen; upright, the content also fills the band
a standing owner reaches (about 20%-85% of the height) and text is at least 28 px; home, signed in or not,
fits the screen without scrolling, in both languages and both orientations. What the screen says is
read too: only the owner's language, no record ID, catalog key or unfilled placeholder, and no pickup code
but on its owner's parcel list. Every screen is saved as a PNG under the demo's data folder (and into
``LOBBYDESK_SCREENSHOTS=DIR`` when set, for people to look at); every breach on every screen is gathered
and reported at once.

The pickup code is the one code an owner is shown, on purpose: it is what they say at the desk to take a
parcel, so the parcel list (reached only after the unit's PIN) must show it, and the word rules let it
stand there. It is also all a stranger would need to take the parcel, so it shows nowhere else: not in
the "2 parcels waiting" line that follows the owner onto every screen, not on any other unit's list, not
on a done screen. Every waiting parcel's code is read from the demo's store (as staff would see it), and
no screen may show one but the list of the unit it belongs to.
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

from desk.catalog import say
from desk.parcels import Parcel, ParcelStatus
from desk.store import Store
from lobbydesk.demo import DEMO_UNIT
from lobbydesk.demo_votes import DEMO_VOTING_UNIT
from lobbydesk.settings import load_settings
from tests.e2e.conftest import running_demo, tap_text
from tests.e2e.kiosk_screen_rules import (
    EVERYONE,
    ON_ITS_SIDE,
    SCREEN_MEASURE_JS,
    SCREEN_STILL_JS,
    SCREEN_WORDS_JS,
    UPRIGHT,
    ScreenRules,
    WordRules,
    word_breaches,
)

pytestmark = pytest.mark.browser

# Long enough that measuring a screen never meets the "Still there?" question (it comes 10 s before),
# short enough that the walk can wait for it, and for the signage after it.
IDLE_SECONDS = 20

OwnerLogin = tuple[str, str, str]  # building, room, PIN


@dataclass(frozen=True)
class WaitingParcel:
    """A parcel on the shelf, as staff see it: whose, its pickup code, its carrier as the clerk typed it."""

    unit: str
    code: str
    carrier: str


def waiting_parcels(data: Path) -> list[WaitingParcel]:
    """Every parcel on the demo's shelf, read from its store beside the running server (SQLite in WAL mode)."""
    path = load_settings(data / "lobbydesk.toml", data_dir=data).store_path
    assert path.exists(), f"the demo's store is at {path}"  # opening a missing one would make an empty one
    store = Store(path)
    store.open()
    try:
        with store.transaction() as tx:
            parcels = [p for p in tx.find(Parcel) if p.status is ParcelStatus.WAITING]
    finally:
        store.close()
    return [WaitingParcel(p.unit_label, p.pickup_code, p.carrier) for p in parcels]


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
    parcels: list[WaitingParcel] = field(default_factory=list)  # every parcel on the shelf, with its code
    lang: str = "zh"  # the language the person at the screen chose: the kiosk's first until they tap another
    breaches: dict[str, list[str]] = field(default_factory=dict)
    seen: list[str] = field(default_factory=list)

    # Looking

    def look(self, screen: str, rules: ScreenRules | None = None, *, owner_codes: tuple[str, ...] = (),
             for_everyone: bool = False) -> None:
        """Measure the screen as drawn now, read what it says, and save a picture of it.

        ``owner_codes``: the codes this screen shows its owner on purpose (their pickup codes, a payment's
        reference); every other pickup code is someone else's. ``for_everyone``: nobody at the screen has
        chosen a language (the idle signage), so it speaks both.
        """
        # Quasar's transitions (a ripple, a dialog sliding in, a note fading out) end first: half-faded
        # words are not what an owner reads. Spinners turn for ever and are not waited for.
        WebDriverWait(self.driver, 5).until(lambda driver: driver.execute_script(SCREEN_STILL_JS))
        self.driver.execute_script("window.scrollTo(0, 0)")
        rules = rules or self.rules
        measured = self.driver.execute_script(SCREEN_MEASURE_JS, rules.as_js())
        assert measured["texts"] > 0, f"{screen}: no text measured — is the page drawn?"
        if self.lang == "en" and not screen.endswith("-english"):
            screen += "-english"
        self.seen.append(screen)
        shelf = [parcel for parcel in self.parcels if parcel.code in owner_codes]
        # A carrier is named as the clerk typed it from the box ("顺丰 SF Express"), like the community's name:
        # the owner matches it to the parcel in their hands.
        carriers = tuple(parcel.carrier for parcel in shelf)
        words = WordRules(EVERYONE if for_everyone else self.lang,
                          chinese_allowed=(*WordRules().chinese_allowed, *carriers), english_allowed=carriers,
                          shown_codes=owner_codes,
                          hidden_codes=tuple(parcel.code for parcel in self.parcels if parcel not in shelf))
        said = str(self.driver.execute_script(SCREEN_WORDS_JS, rules.as_js()))
        problems = [*measured["problems"], *word_breaches(said, words)]
        if problems:
            self.breaches[screen] = problems
        name = f"{self.prefix}-{len(self.seen):02d}-{screen}.png"
        for folder in self.folders:
            folder.mkdir(parents=True, exist_ok=True)
            self.driver.save_screenshot(str(folder / name))

    def look_home(self, screen: str) -> None:
        """Look at a home screen: held to every screen's rules, and all of it on the screen without scrolling."""
        self.look(screen, self.rules.at_home())

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

    def typed(self, testid: str, words: str) -> None:
        """Wait until the field marked ``testid`` holds ``words`` (the keys type in the browser, the server follows)."""
        field = self.shown(f"input[data-testid={testid}]")
        try:
            WebDriverWait(self.driver, 10).until(lambda _: field.get_property("value") == words)
        except TimeoutException:
            pytest.fail(f"the field {testid} holds {field.get_property('value')!r}, not {words!r}")

    def body(self) -> str:
        return str(self.driver.find_element(By.TAG_NAME, "body").text)

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.shown(f'.kiosk-keyboard [data-skbtn="{key}"]').click()

    def home(self) -> None:
        self.shown("[data-testid=take-number]")

    def speak(self, lang: str) -> None:
        """On home, switch the screen to ``lang`` (it keeps the language through Done and Back)."""
        if lang != self.lang:
            self.tap("English" if lang == "en" else "中文")
            self.lang = lang
        self.says(say("take_number", lang))

    def sign_in(self, tile: str, owner: OwnerLogin = DEMO_UNIT, *, look: bool = False) -> None:
        """Tap ``tile``, then the owner's building, room and PIN (3-1202's unless told); look at each pad when asked."""
        self.tap(tile)
        self.unit_and_pin(owner, look=look)

    def unit_and_pin(self, owner: OwnerLogin = DEMO_UNIT, *, look: bool = False) -> None:
        building, room, pin = owner
        self.says(say("choose_building", self.lang))
        if look:
            self.look("signin-building")
        self.tap(say("building_n", self.lang, n=building))
        self.says(say("enter_room", self.lang, building=building))
        for digit in room:
            self.tap(digit)
        if look:
            self.look("signin-room")
        self.tap(say("next", self.lang))
        self.says(say("enter_pin", self.lang, unit=f"{building}-{room}"))
        for digit in pin:
            self.tap(digit)
        if look:
            self.look("signin-pin-and-forgot-pin-help")
        self.tap(say("sign_in", self.lang))
        self.says(say("sign_out", self.lang))

    def sign_out(self) -> None:
        """The person leaves: signed out, and the screen back in the kiosk's first language for the next."""
        self.tap(say("sign_out", self.lang))
        self.lang = "zh"
        self.home()

    def first_shown(self, selector: str) -> WebElement:
        """The first of several elements on screen (the questions found, the repairs to rate)."""
        self.shown(selector)
        return next(e for e in self.driver.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed())


def a_number(walk: ScreenWalk) -> None:
    """Home, the queue and service choice, priority chosen, the ticket."""
    walk.driver.get(walk.base + "/")
    walk.home()
    walk.look_home("home")
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
    walk.look_home("signed-in-home")
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
    walk.shown("[data-testid=rate-submit]:not([disabled]):not(.disabled):not([aria-disabled=true])")  # after the tap
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
    # The payment's reference is for the owner: their bank transfer names it, so the office can match it.
    reference = walk.shown("[data-testid=pay-reference]").text.split()[-1]
    walk.look("fees-pay-qr", owner_codes=(reference,))
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


def votes(walk: ScreenWalk) -> None:
    """The open question, the confirm step (changing the answer once), the recorded vote; then the unit back
    again, refused in words.

    In Chinese by 2-801, the demo's third voter; in English by 3-1202, whose masked name English screens may
    show. Each unit votes once a walk, as it may once a vote.
    """
    for lang, owner, answer, other in (("zh", DEMO_VOTING_UNIT, "同意", "反对"), ("en", DEMO_UNIT, "For", "Against")):
        walk.home()
        walk.speak(lang)
        walk.sign_in(say("votes", lang), owner)
        walk.shown("[data-testid=vote-choice-1]")  # the one open question, straight away
        walk.look("vote-question")
        walk.tap(other)
        walk.shown("[data-testid=vote-confirm]")
        walk.tap_id("vote-change")
        walk.tap(answer)
        walk.says(say("vote_confirm", lang, choice=answer))
        walk.look("vote-confirm")
        walk.tap_id("vote-cast")
        walk.shown("[data-testid=vote-recorded]")
        walk.says(say("vote_you_chose", lang, choice=answer))
        walk.look("vote-recorded")
        walk.tap_id("vote-done")

        walk.home()
        walk.sign_in(say("votes", lang), owner)
        walk.shown("[data-testid=vote-refused]")
        walk.shown("[data-testid=vote-question]")  # refused on which question: the tile led straight to it
        walk.look("vote-already-voted")
        walk.tap_id("vote-done")
        walk.home()
        walk.speak("zh")


def special_services(walk: ScreenWalk) -> None:
    """The services, one chosen (a fee, a clerk, rules to read) with a few words typed, the request made."""
    for lang, typed, words in (("zh", "mingtian", None), ("en", "two copies", "two copies")):
        walk.home()
        walk.speak(lang)
        walk.sign_in(say("special_services", lang))
        walk.says(say("choose_special_service", lang))
        walk.look("services")
        walk.tap_id("service-3")  # copies and certificates: the most to read before confirming
        walk.shown(".kiosk-keyboard [data-skbtn=f]")
        walk.look("service-details-with-keys")
        walk.keys(*("{space}" if key == " " else key for key in typed))
        if words is None:  # pinyin: the characters are chosen above the keys
            candidate = walk.shown(".hg-candidate-box-list-item")
            words = candidate.text
            candidate.click()
        walk.typed("service-details", words)
        walk.look("service-details-typed")
        walk.tap_id("service-confirm")
        walk.says(say("service_requested", lang))
        walk.says(say("service_your_details", lang, details=words))
        walk.look("service-requested")
        walk.tap_id("service-done")
        walk.home()
        walk.speak("zh")


def room_between(walk: ScreenWalk, left: str, right: str) -> float:
    """The room on one line between two elements (by test ID): from the first's right edge to the second's left."""
    first, second = walk.shown(f"[data-testid={left}]").rect, walk.shown(f"[data-testid={right}]").rect
    middles = [box["y"] + box["height"] / 2 for box in (first, second)]
    assert abs(middles[0] - middles[1]) < 8, f"{left} and {right} are not on one line: {first}, {second}"
    return float(second["x"] - (first["x"] + first["width"]))


def parcels(walk: ScreenWalk) -> None:
    """Signed in: "2 parcels waiting" beside the greeting, and right beside it the button to the pickup codes,
    which the parcel list itself does not offer again (its Done leads out)."""
    building, room, _ = DEMO_UNIT
    mine = [parcel for parcel in walk.parcels if parcel.unit == f"{building}-{room}"]
    assert len(mine) == 2, walk.parcels  # the demo leaves two at the desk for 3-1202
    for lang in ("zh", "en"):
        walk.home()
        walk.speak(lang)
        walk.sign_in(say("sign_in_tile", lang))
        walk.says(say("parcels_waiting", lang, n=2))
        walk.look_home("signed-in-home-parcels-waiting")
        # The news and its button read as one thing: side by side, not spread across the bar.
        assert 0 <= room_between(walk, "owner-news", "tile-parcels") <= 24
        walk.tap_id("tile-parcels")
        walk.says(say("show_code_to_clerk", lang))
        assert not [button for button in walk.driver.find_elements(By.CSS_SELECTOR, "[data-testid=tile-parcels]")
                    if button.is_displayed()], "the parcel list offers the way to itself"
        shown = [e.text for e in walk.driver.find_elements(By.CSS_SELECTOR, "[data-testid=pickup-code]")]
        assert sorted(shown) == sorted(parcel.code for parcel in mine)
        walk.look("parcels", owner_codes=tuple(parcel.code for parcel in mine))
        walk.tap_id("parcels-done")
        walk.home()
        walk.speak("zh")


def in_english(walk: ScreenWalk) -> None:
    """Home, the PIN pad and the deepest screen of a repair report, in English."""
    walk.home()
    walk.speak("en")
    walk.look_home("home-english")
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
    walk.sign_out()


def left_alone(walk: ScreenWalk) -> None:
    """Untouched: "Still there?", then home and the signage; the payment QR asks in its own way."""
    walk.home()
    walk.tap("社区公告")
    walk.says("物业费缴纳提醒")
    walk.shown("[data-testid=idle-stay]", seconds=IDLE_SECONDS)
    walk.look("idle-still-there", replace(walk.rules, scope=".q-dialog", band=None))
    walk.says("轻触屏幕开始", seconds=IDLE_SECONDS + 10)
    # Signage is for whoever passes: each notice's title comes in the other language too (kiosk/signage.py).
    walk.look("signage", for_everyone=True)

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
                visitors_and_moving_in, votes, special_services, parcels, in_english, left_alone)


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
    walk = ScreenWalk(browser, base, UPRIGHT if height > width else ON_ITS_SIDE, folders, f"{width}x{height}",
                      waiting_parcels(data))

    for errand in EVERY_ERRAND:
        errand(walk)

    assert not walk.breaches, walk.report()
    assert len(walk.seen) == 49 + 20, walk.seen  # every screen was reached, the last twenty votes, services, parcels



# A page that breaks every rule once, and keeps them once: the measuring itself must be able to fail.
_BAD_PAGE = """<!doctype html><html><body style="margin:0; background:#fff; font-size:24px">
<div class="kiosk-view" style="height:300px">
  <p style="font-size:18px; color:#102a43">Small words</p>
  <p style="color:#aaaaaa">Faint words</p>
  <p style="background:oklch(0.5 0.2 27); color:oklch(0.45 0.2 27)">Red on red</p>
  <button style="width:40px; height:40px; font-size:24px; color:#000">OK</button>
  <button style="width:200px; height:80px; font-size:28px; color:#fff; background:#1d5a96">Send</button>
  <div style="width:3000px; height:1px"></div>
</div>
<div style="height:2000px"></div>
</body></html>"""


def test_the_measuring_finds_small_words_small_buttons_faint_words_empty_screens_and_a_home_that_scrolls(
    browser: webdriver.Chrome, tmp_path: Path
) -> None:
    page = tmp_path / "bad.html"
    page.write_text(_BAD_PAGE, encoding="utf-8")
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 1080, "height": 1920, "deviceScaleFactor": 1, "mobile": False})
    browser.get(page.as_uri())

    measured = browser.execute_script(SCREEN_MEASURE_JS, UPRIGHT.at_home().as_js())
    problems = "\n".join(measured["problems"])
    elsewhere = "\n".join(browser.execute_script(SCREEN_MEASURE_JS, UPRIGHT.as_js())["problems"])

    assert 'text 18px < 28px: "Small words"' in problems
    assert 'text 24px < 28px: "Faint words"' in problems
    assert 'contrast 2.32:1 < 4.5:1: "Faint words"' in problems
    assert "contrast" in problems and '"Red on red"' in problems  # oklch colours are measured too
    assert "target 40x40px < 64px: button" in problems
    assert "Send" not in problems  # big, white on dark blue, 28 px: nothing to say
    assert "the page is 3000px wide in a 1080px window" in problems
    assert "of the reachable band" in problems  # everything sits in the top sixth of an upright screen
    assert "px tall in a 1920px window: it scrolls" in problems  # as home, it must fit (2000 px below the view)
    assert "px tall in" not in elsewhere  # a long list elsewhere may scroll


def test_the_word_rules_find_the_other_language_ids_machine_words_and_someone_elses_pickup_code() -> None:
    english = WordRules("en", hidden_codes=("4821",))
    chinese = WordRules("zh", shown_codes=("DEMO-Y64RST8",), hidden_codes=("4821",))

    assert word_breaches("阳光花园 Sunny Garden\nHello, 何* (3-1202)\n2 parcels waiting\n中EN", english) == []
    assert word_breaches("Your vote is recorded\n投票成功", english) == ["Chinese on the English screen: '投票成功'"]
    assert word_breaches("付款参考号 DEMO-Y64RST8\n2026-12-01 3-1202", chinese) == []  # the owner's own reference
    assert word_breaches("投票成功\nYour vote is recorded", chinese) == [
        "English on the Chinese screen: 'Your vote is recorded'"]
    assert word_breaches("投票成功\nvote_recorded {choice} DEMO-B12345", chinese) == [
        "a record ID: DEMO-B12345", "a machine word: vote_recorded", "a placeholder left unfilled: {choice}"]
    assert word_breaches("您有 2 个包裹待取 取件码4821", chinese) == ["a pickup code off its owner's parcel list: 4821"]
    assert word_breaches("Pickup code\n4821", english) == ["a pickup code off its owner's parcel list: 4821"]
    assert word_breaches("物业费缴纳提醒\nProperty fees are due", WordRules(EVERYONE)) == []  # the idle signage
