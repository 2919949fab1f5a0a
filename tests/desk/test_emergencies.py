"""Emergency signs: the words that make a repair an emergency, the signs staff keep, the duty phone."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from desk.clock import FixedClock
from desk.emergencies import (
    BUILT_IN_SIGNS,
    EmergencySign,
    current_signs,
    seed_emergency_signs,
    sign_in_text,
)
from desk.ids import SequentialIds
from desk.repairs import RepairCategory
from desk.site_settings import SiteSettings
from desk.store import Store


def sign_said(text: str) -> str | None:
    found = sign_in_text(BUILT_IN_SIGNS, text)
    return found.sign if found else None


@pytest.mark.parametrize(("text", "sign"), [
    ("有人被困", "trapped"),
    ("电梯里有人被困了，快来", "trapped"),
    ("Someone trapped", "trapped"),
    ("燃气味很大", "gas"),
    ("Smells of GAS in the kitchen", "gas"),
    ("ｇａｓ", "gas"),  # typed in full width on a Chinese keyboard
    ("楼道冒烟", "fire"),
    ("Smoke in the stairwell", "fire"),
    ("水管爆裂", "flood"),
    ("The basement is flooding", "flood"),
    ("整栋楼停电了", "outage"),
    ("Power cut since 8", "outage"),
    ("老人在大堂晕倒了", "unwell"),
    ("My father is unwell", "unwell"),
])
def test_the_words_of_an_emergency_are_heard_in_either_language(text: str, sign: str) -> None:
    assert sign_said(text) == sign


@pytest.mark.parametrize("text", [
    "水龙头漏水", "暖气漏水", "防火门关不上", "灭火器过期", "灶台打不着火", "插座没电", "没有热水",
    "No hot water", "The gasket leaks", "Dripping tap",
])
def test_everyday_repairs_are_not_emergencies(text: str) -> None:
    assert sign_said(text) is None


def test_a_fresh_site_has_every_built_in_sign_each_with_a_button_in_both_languages(store: Store) -> None:
    with store.transaction() as tx:
        signs = current_signs(tx)

    assert [sign.sign for sign in signs] == ["trapped", "gas", "fire", "flood", "outage", "unwell"]
    assert signs[0].button("zh") == "有人被困在电梯里"
    assert signs[0].button("en") == "Someone is trapped in a lift"
    assert signs[0].category is RepairCategory.ELEVATOR
    assert all(sign.advice("zh") and sign.advice("en") for sign in signs)


def test_staff_rows_replace_a_built_in_sign_add_one_or_switch_one_off(store: Store, clock: FixedClock) -> None:
    with store.transaction() as tx:
        tx.put(EmergencySign(id="SUNNY-G1", sign="gas", words_zh="燃气泄漏, 燃气", words_en="Gas leak, gas",
                             tell_en="Leave now and call from outside."), actor="staff", at=clock.now())
        tx.put(EmergencySign(id="SUNNY-G2", category=RepairCategory.DOORS, words_zh="进不了楼, 门禁坏了进不了楼",
                             words_en="Locked out of the building"), actor="staff", at=clock.now())
        tx.put(EmergencySign(id="SUNNY-G3", sign="outage", on=False), actor="staff", at=clock.now())
        tx.put(EmergencySign(id="SUNNY-G4", sign="gas", words_zh="煤气", words_en="Gas"), actor="staff", at=clock.now())
        signs = current_signs(tx)

    assert [sign.button("en") for sign in signs] == [
        "Someone is trapped in a lift", "Gas leak", "Fire or smoke", "Burst pipe or flooding", "Someone is unwell",
        "Locked out of the building"]
    assert signs[1].advice("en") == "Leave now and call from outside."  # the first row naming gas wins
    assert sign_in_text(signs, "整栋楼停电了") is None
    found = sign_in_text(signs, "门禁坏了，进不了楼")
    assert found is not None and found.category is RepairCategory.DOORS


def test_the_demo_writes_the_built_in_signs_once_as_rows_staff_can_edit(store: Store, clock: FixedClock) -> None:
    ids = SequentialIds("SUNNY")
    assert seed_emergency_signs(store, clock, ids) == 6
    assert seed_emergency_signs(store, clock, ids) == 0

    with store.transaction() as tx:
        rows = tx.find(EmergencySign)
        in_force = current_signs(tx)
    assert in_force == rows
    assert [row.model_dump(exclude={"id"}) for row in rows] == [
        sign.model_dump(exclude={"id"}) for sign in BUILT_IN_SIGNS]


@pytest.mark.parametrize(("typed", "kept"), [
    ("010-6688 1234", "010-6688 1234"),
    ("  400 800 1234  转 8 ", "400 800 1234 转 8"),
    ("+86 (10) 6688-1234", "+86 (10) 6688-1234"),
    ("", ""),
])
def test_the_duty_phone_staff_type_is_kept_as_a_phone_number(typed: str, kept: str) -> None:
    assert SiteSettings(community_name="Sunny Garden", duty_phone=typed).duty_phone == kept


@pytest.mark.parametrize("typed", ["=HYPERLINK(\"http://evil.test\")", "call the guard", "12"])
def test_what_is_no_phone_number_is_refused_in_plain_words(typed: str) -> None:
    with pytest.raises(ValidationError, match="is not a phone number, like 010-6688 1234"):
        SiteSettings(community_name="Sunny Garden", duty_phone=typed)
