"""In a real browser, large text grows every word and turns black on white, and Read aloud speaks the view:
in Chinese with a Chinese voice, and for an owner who tapped English, in English with an English voice."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from desk.catalog import say
from desk.queue import Service
from desk.words import service_name
from tests.e2e.conftest import tap_text
from tests.e2e.kiosk_owner import LANGUAGES, chinese_left, open_kiosk_in, screen_in

pytestmark = pytest.mark.browser

# Keeps what the page asks the browser to say: headless Chromium has no voices to hear.
RECORD_SPEECH = """
window.spoken = [];
window.speechSynthesis.speak = (utterance) => window.spoken.push([utterance.lang, utterance.text]);
"""
# What the owner must hear, written out by hand: the catalog could lose it without a test noticing.
VOICE = {"zh": "zh-CN", "en": "en-US"}
HEARD_FIRST = {"zh": "请选择取号方式。普通取号，按顺序叫号。优先服务，老人、残障、孕妇。请选择业务。咨询，",
               "en": "Which queue? Regular, Called in turn. Priority, Elderly, disabled, pregnant. What do you need? "}
# A pause between the view's parts and a comma between a button's lines, as each language writes them.
PAUSE = {"zh": "。", "en": ". "}
COMMA = {"zh": "，", "en": ", "}


def _shown(driver: webdriver.Chrome, testid: str) -> None:
    WebDriverWait(driver, 20).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, f"[data-testid={testid}]")))


def _heard_first(lang: str) -> str:
    """The start of the queue view read aloud: its title, both queues with their hints, the services' title."""
    comma = COMMA[lang]
    return _in_turn((say("choose_queue", lang),
                     comma.join((say("queue_regular", lang), say("queue_regular_hint", lang))),
                     comma.join((say("queue_priority", lang), say("queue_priority_hint", lang))),
                     say("choose_service", lang),
                     service_name(Service.INQUIRY, lang) + comma), lang)


def _in_turn(parts: tuple[str, ...], lang: str) -> str:
    """Parts read one after another: a pause after each, unless it already ends a sentence ("Which queue?")."""
    stop, gap = PAUSE[lang].strip(), PAUSE[lang][len(PAUSE[lang].strip()):]
    return gap.join(part if index == len(parts) - 1 or part[-1] in ".?!。？！" else part + stop
                    for index, part in enumerate(parts))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_large_text_and_read_aloud_in_a_real_browser(
    demo_server: tuple[str, Path], browser: webdriver.Chrome, lang: str
) -> None:
    base, _data = demo_server
    open_kiosk_in(browser, base, lang)
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
    shown = screen_in(browser, lang, "home in large text")
    assert say("large_text", lang) in shown and say("read_aloud", lang) in shown

    tap_text(browser, say("take_number", lang))
    _shown(browser, "queue-priority")
    screen_in(browser, lang, "the queues in large text")
    browser.execute_script(RECORD_SPEECH)
    browser.find_element(By.CSS_SELECTOR, "[data-testid=read-aloud]").click()
    WebDriverWait(browser, 10).until(lambda driver: driver.execute_script("return window.spoken.length"))

    ((voice, said),) = browser.execute_script("return window.spoken")
    assert voice == VOICE[lang]
    assert HEARD_FIRST[lang] in said and said.startswith(_heard_first(lang))
    assert said.endswith(PAUSE[lang] + say("back", lang)) and "_" not in said, \
        "the titles and every choice, and no icon names"
    if lang == "zh":
        assert said.startswith(HEARD_FIRST[lang])
    else:
        assert chinese_left(said, ()) == [], f"Chinese read out in English: {said}"
