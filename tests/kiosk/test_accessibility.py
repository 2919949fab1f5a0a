"""An owner who reads poorly makes the kiosk's text large and clear, or has it read aloud, for their task only."""

from __future__ import annotations

from typing import Any

import pytest
from nicegui import ui
from nicegui.testing.user import User

from kiosk.frame import LARGE_TEXT_CLASS, read_aloud_script
from lobbydesk.site import Site
from tests.fakes import FakeMonotonic
from tests.kiosk.test_sign_in import _enter_pin, _enter_unit


def large_text_on(owner: User) -> bool:
    """Whether the screen's root carries the large, high-contrast text class."""
    root = next(iter(owner.find(marker="kiosk-root").elements))
    return LARGE_TEXT_CLASS in root.classes


def large_text_switch(owner: User) -> ui.switch:
    (switch,) = owner.find(marker="large-text").elements
    assert isinstance(switch, ui.switch)
    return switch


async def test_large_text_holds_through_the_owners_task_and_is_gone_when_they_leave(
    owner: User, idle_clock: FakeMonotonic
) -> None:
    await owner.open("/")
    await owner.should_see("大字体")
    assert not large_text_on(owner)
    owner.find(marker="lang-en").click()

    owner.find(marker="large-text").click()
    assert large_text_on(owner) and large_text_switch(owner).value is True
    owner.find(marker="take-number").click()
    await owner.should_see(marker="service-inquiry")
    await owner.should_see(marker="large-text")
    owner.find(marker="service-inquiry").click()
    await owner.should_see(marker="ticket-number")
    await owner.should_see(marker="large-text")
    owner.find(marker="done").click()
    await owner.should_see(marker="take-number")
    assert large_text_on(owner), "Done ends the errand, not the person's visit"

    idle_clock.advance(61)
    await owner.should_see("取号", retries=20)  # they left: the screen is back to the default language
    assert not large_text_on(owner), "the next person starts with the usual text"
    assert large_text_switch(owner).value is False


async def test_signing_out_turns_large_text_off_and_the_switch_speaks_the_owners_language(
    owner: User, community: Site
) -> None:
    await owner.open("/")
    owner.find(marker="lang-en").click()
    await owner.should_see("Large text")
    owner.find(marker="large-text").click()
    await _enter_unit(owner, "3", "1202")
    await _enter_pin(owner, "2468")
    await owner.should_see(marker="greeting")
    assert large_text_on(owner), "signing in keeps the large text"

    owner.find(marker="sign-out").click()
    await owner.should_see("大字体")
    assert not large_text_on(owner)
    assert large_text_switch(owner).value is False


async def test_switching_large_text_off_again_brings_back_the_usual_text(owner: User) -> None:
    await owner.open("/")
    owner.find(marker="large-text").click()
    owner.find(marker="large-text").click()

    assert not large_text_on(owner)


@pytest.mark.parametrize(("lang", "voice"), [("zh", "zh-CN"), ("en", "en-US")])
async def test_read_aloud_asks_the_browser_to_speak_in_the_screens_language(
    owner: User, monkeypatch: pytest.MonkeyPatch, lang: str, voice: str
) -> None:
    asked: list[str] = []

    def run_javascript(code: str, **_: Any) -> None:
        asked.append(code)

    monkeypatch.setattr(ui, "run_javascript", run_javascript)
    await owner.open("/")
    owner.find(marker=f"lang-{lang}").click()
    owner.find(marker="take-number").click()
    await owner.should_see(marker="service-inquiry")

    owner.find(marker="read-aloud").click()

    assert asked == [read_aloud_script(lang)]
    assert f'utterance.lang = "{voice}"' in asked[0] and "speechSynthesis.speak(" in asked[0]
