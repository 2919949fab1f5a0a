"""Real Chromium against ``lobbydesk demo``: three owners vote on the open question, one tries twice, the vote
closes, a manager publishes, and the lobby's notice board shows owners and floor area for each choice.

The running demo's clock cannot be moved, so the story ends the vote as staff would: by typing an
earlier Closes into the Votes tab, here written into the demo's store beside the running server.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from desk.catalog import say
from desk.store import Store
from desk.votes import Vote, VoteState
from lobbydesk.settings import Settings, load_settings
from tests.e2e.conftest import tap_text
from tests.e2e.kiosk_owner import (
    body_text,
    printed_slip,
    record_ids_in,
    sign_in_speaking,
    tap_testid,
    text_of,
    wait_for_text,
)

pytestmark = pytest.mark.browser

QUESTION = "是否在小区东门增设智能快递柜？"
OWNERS = [("3", "1202", "2468", "同意"), ("1", "301", "1357", "反对"), ("2", "801", "8642", "同意")]


def _settings(data: Path) -> Settings:
    return load_settings(data / "lobbydesk.toml", data_dir=data)


@contextmanager
def _store(data: Path) -> Iterator[Store]:
    """The demo's store, opened beside the running server (SQLite in WAL mode)."""
    path = _settings(data).store_path
    assert path.exists(), f"the demo's store is at {path}"
    store = Store(path)
    store.open()
    try:
        yield store
    finally:
        store.close()


def _open_vote(data: Path) -> Vote:
    now = datetime.now(_settings(data).zone)
    with _store(data) as store, store.transaction() as tx:
        [vote] = [vote for vote in tx.find(Vote) if vote.state(now) is VoteState.OPEN]
    return vote


def _votes_at_the_kiosk(driver: webdriver.Chrome, base: str, building: str, room: str, pin: str) -> None:
    driver.get(base + "/")
    tap_text(driver, say("votes", "zh"))
    sign_in_speaking(driver, "zh", building, room, pin)


def test_three_owners_vote_one_twice_and_the_published_result_counts_owners_and_area(
    demo_server: tuple[str, Path], browser: webdriver.Chrome
) -> None:
    base, data = demo_server
    vote = _open_vote(data)
    assert vote.question("zh") == QUESTION

    for building, room, pin, choice in OWNERS:
        _votes_at_the_kiosk(browser, base, building, room, pin)
        assert text_of(browser, "vote-question") == QUESTION  # the one open question, straight away
        browser.save_screenshot(str(data / f"vote-question-{building}-{room}.png"))
        tap_text(browser, choice)
        assert text_of(browser, "vote-confirm") == say("vote_confirm", "zh", choice=choice)
        tap_testid(browser, "vote-cast")
        assert text_of(browser, "vote-recorded") == say("vote_recorded", "zh")
        assert record_ids_in(body_text(browser)) == []
        slip = printed_slip(data, f" {building}-{room}")
        assert slip.value_of("房号") == f"{building}-{room}" and slip.value_of("选择") == choice
        assert {"投票回执", QUESTION} <= set(slip.texts)
        assert record_ids_in(" ".join(slip.texts)) == [], "a vote receipt carries no record ID"
        tap_testid(browser, "vote-done")
        wait_for_text(browser, say("take_number", "zh"))

    building, room, pin, first_choice = OWNERS[0]
    _votes_at_the_kiosk(browser, base, building, room, pin)  # the first owner comes back to vote again
    assert text_of(browser, "vote-refused") == say("vote_already_voted", "zh")
    assert text_of(browser, "vote-own-choice") == say("vote_you_chose", "zh", choice=first_choice)
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-testid=vote-choice-1]")
    tap_testid(browser, "vote-done")

    with _store(data) as store, store.transaction() as tx:  # staff end the vote in the Votes tab
        closing = datetime.now(_settings(data).zone) + timedelta(seconds=1)
        tx.put(Vote.model_validate({**vote.model_dump(), "closes": closing}), actor="staff", at=closing)
    _manager_publishes(browser, base, vote.id)

    browser.get(base + "/")
    tap_text(browser, say("notices", "zh"))
    wait_for_text(browser, say("vote_result_title", "zh", question=QUESTION))
    shown = body_text(browser)
    # The demo's three earlier ballots (1-302 同意, 2-302 反对, 3-302 同意) and these three; areas are
    # 72.40 m² plus the floor and the door: 同意 77.40 + 77.40 + 86.40 + 81.40, 反对 77.40 + 76.40.
    browser.save_screenshot(str(data / "vote-result-notice.png"))
    assert "参与表决：6 / 18 户" in shown
    assert "同意：4 户，322.60 平方米" in shown
    assert "反对：2 户，153.80 平方米" in shown
    assert "弃权：0 户，0.00 平方米" in shown
    assert say("vote_no_quorum", "zh") in shown
    assert record_ids_in(shown) == []


def _manager_publishes(driver: webdriver.Chrome, base: str, vote_id: str) -> None:
    driver.get(base + "/staff/votes")
    WebDriverWait(driver, 15).until(expected_conditions.url_contains("/staff/login"))
    for label, words in (("Name 姓名", "manager"), ("Password 密码", "manager-demo-2026")):
        xpath = f"//label[.//*[normalize-space(text())='{label}']]//input"
        WebDriverWait(driver, 15).until(expected_conditions.element_to_be_clickable((By.XPATH, xpath)))\
            .send_keys(words)
    tap_text(driver, "Log in 登录")
    WebDriverWait(driver, 15).until(lambda b: "/staff/votes" in b.current_url and "login" not in b.current_url)
    # The page counts the vote as closed at its next look (every few seconds) and offers Publish then.
    WebDriverWait(driver, 20).until(expected_conditions.element_to_be_clickable(
        (By.CSS_SELECTOR, f"[data-testid=vote-publish-{vote_id}]"))).click()
    wait_for_text(driver, "Published 已公布")
