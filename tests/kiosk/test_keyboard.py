"""Owners type on the kiosk's own keys: complaints, a visitor's name, a policy search; and in Chinese, by pinyin.

The keys themselves live in the browser (tests/e2e/test_keyboard_in_chromium.py taps them); here the
browser's side is played by sending what it sends: the whole text after each tap, and "done".
"""

from __future__ import annotations

import json
from pathlib import Path

from nicegui.testing.user import User

from desk.feedback import Feedback
from kiosk.keyboard import OnScreenKeyboard
from lobbydesk.site import Site
from tests.fakes import label_texts
from tests.kiosk.repair_stories import open_signed_in
from tests.kiosk.test_policies_at_the_kiosk import write_policies
from tests.kiosk.test_visitors_at_the_kiosk import choose_unit_by_touch

PINYIN_TABLE = Path(__file__).resolve().parents[2] / "kiosk" / "static" / "keyboard" / "pinyin.js"


def keys_on_screen(owner: User) -> OnScreenKeyboard:
    (keys,) = owner.find(marker="keyboard").elements
    assert isinstance(keys, OnScreenKeyboard)
    return keys


def tap_keys(owner: User, *texts: str) -> None:
    """What the browser sends as the owner taps: the whole text after each tap."""
    for typed in texts:
        owner.find(marker="keyboard").trigger("change", {"text": typed})


def field_value(owner: User, marker: str) -> str:
    (field,) = owner.find(marker=marker).elements
    return str(getattr(field, "value", ""))


async def open_complaint_about_repairs(owner: User, *, lang: str = "en") -> None:
    await open_signed_in(owner, "feedback", lang=lang)
    owner.find(marker="kind-complaint").click()
    owner.find(marker="topic-repairs").click()
    await owner.should_see(marker="keyboard", retries=20)


async def test_an_owner_taps_a_phrase_and_types_the_rest_on_the_keys(owner: User, community: Site) -> None:
    await open_complaint_about_repairs(owner)
    owner.find(marker="feedback-phrase-2").click()  # "Nobody came to fix it"

    tap_keys(owner, "t", "th", "the", "the lift", "the lift 电梯")
    assert field_value(owner, "feedback-text") == "the lift 电梯"
    assert label_texts(owner, "feedback-text-counter") == ["11 / 300"]
    owner.find(marker="feedback-submit").click()

    await owner.should_see(marker="feedback-sent", retries=20)
    (filed,) = feedback_of(community)
    assert filed.text == "Nobody came to fix it; the lift 电梯"


async def test_the_keys_speak_the_screens_language_and_start_in_it(owner: User, community: Site) -> None:
    await open_complaint_about_repairs(owner, lang="zh")
    keys = keys_on_screen(owner)
    assert keys.props["lang"] == "zh"  # pinyin first: the candidates show at once
    assert keys.props["words"] == {"space": "空格", "delete": "删除", "done": "收起键盘",
                                   "hint": "打拼音，再在这里点选汉字"}
    assert keys.props["maxLength"] == 300

    owner.find(marker="lang-en").click()
    await owner.should_see("Tap what fits (one or more)", retries=20)
    keys = keys_on_screen(owner)
    assert keys.props["lang"] == "en"
    assert keys.props["words"]["space"] == "Space"
    assert keys.props["words"]["done"] == "Hide keys"


async def test_done_puts_the_keys_away_and_a_tap_on_the_field_or_the_button_brings_them_back(
    owner: User, community: Site
) -> None:
    await open_complaint_about_repairs(owner)
    await owner.should_not_see(marker="keyboard-open")

    owner.find(marker="keyboard").trigger("done")
    await owner.should_not_see(marker="keyboard")
    await owner.should_see(marker="keyboard-open")
    owner.find(marker="keyboard-open").click()
    await owner.should_see(marker="keyboard")

    owner.find(marker="keyboard").trigger("done")
    await owner.should_not_see(marker="keyboard")
    owner.find(marker="feedback-text").click()
    await owner.should_see(marker="keyboard")
    await owner.should_not_see(marker="keyboard-open")


async def test_a_plugged_in_keyboard_types_too_and_the_keys_go_on_from_its_text(owner: User, community: Site) -> None:
    await open_complaint_about_repairs(owner)
    owner.find(marker="feedback-text").type("Lift stuck")
    assert keys_on_screen(owner).text == "Lift stuck"
    assert keys_on_screen(owner).props["value"] == "Lift stuck"  # a page drawn again starts from it

    tap_keys(owner, "Lift stuck again")
    assert field_value(owner, "feedback-text") == "Lift stuck again"


async def test_the_keys_cannot_type_past_the_fields_limit(owner: User, community: Site) -> None:
    await open_complaint_about_repairs(owner)
    tap_keys(owner, "x" * 301)
    assert field_value(owner, "feedback-text") == "x" * 300
    assert label_texts(owner, "feedback-text-counter") == ["300 / 300"]


async def test_a_visitor_types_a_name_on_the_keys_and_gets_a_pass(owner: User, community: Site) -> None:
    await owner.open("/")
    owner.find(marker="tile-visitors").click()
    await choose_unit_by_touch(owner, "3", "1202")
    await owner.should_see(marker="keyboard")
    assert keys_on_screen(owner).props["words"]["space"] == "空格"
    assert keys_on_screen(owner).props["names"] is True  # "li" offers 李 first
    await owner.should_see("您的姓名")  # above the field at kiosk size, not inside it at 16 px

    tap_keys(owner, "李", "李伟")
    owner.find(marker="purpose-delivery").click()

    await owner.should_see(marker="visitor-pass-number", retries=20)
    [visitor] = community.community.visitors.today()
    assert visitor.name == "李伟"


async def test_a_policy_search_opens_the_keys_on_a_tap_and_their_search_key_finds(owner: User, site: Site) -> None:
    write_policies(site)
    await owner.open("/")
    owner.find(marker="lang-en").click()
    owner.find(marker="tile-policies").click()
    await owner.should_see(marker="category-Pets")
    await owner.should_not_see(marker="keyboard")  # the categories come first

    owner.find(marker="policy-search").click()
    await owner.should_see(marker="keyboard")
    assert keys_on_screen(owner).props["words"]["done"] == "Search"
    owner.find(marker="keyboard").trigger("done")  # nothing typed: the keys go away, nothing is searched
    await owner.should_see(marker="category-Pets")
    await owner.should_not_see(marker="keyboard")

    owner.find(marker="keyboard-open").click()
    tap_keys(owner, "d", "do", "dog")
    owner.find(marker="keyboard").trigger("done")
    await owner.should_see(marker="question-SUNNY-Q1", retries=20)
    await owner.should_not_see(marker="question-SUNNY-Q2")


def test_the_pinyin_table_puts_the_usual_character_first_and_stays_small() -> None:
    table = pinyin_table()
    assert PINYIN_TABLE.stat().st_size < 300_000
    assert all(key.isascii() and key.isalpha() and key.islower() for key in table)
    assert table["dianti"].split()[0] == "电梯"
    assert table["wuye"].split()[0] == "物业"
    firsts = [table[syllable].split()[0] for syllable in ("ni", "hao", "de", "shi", "wo")]
    assert firsts == ["你", "好", "的", "是", "我"]
    assert "绿" in table["lv"].split()  # ü is typed as v, as on every pinyin keyboard
    characters = {word for words in table.values() for word in words.split() if len(word) == 1}
    assert 3500 <= len(characters) <= 4500
    assert set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾") <= characters  # visitors' names


def pinyin_table() -> dict[str, str]:
    (line,) = [line for line in PINYIN_TABLE.read_text(encoding="utf-8").splitlines()
               if line.startswith("export default ")]
    table = json.loads(line.removeprefix("export default ").removesuffix(";"))
    assert isinstance(table, dict)
    return table


def feedback_of(site: Site) -> list[Feedback]:
    with site.store.transaction() as tx:
        return tx.find(Feedback)

