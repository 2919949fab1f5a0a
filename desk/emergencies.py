"""Emergency signs: words that make a repair report an emergency by themselves, kept by staff.

Someone trapped in a lift, a gas smell, fire or smoke, a burst pipe, a building without power or
water, someone unwell: the owner taps the sign's big red button at the kiosk, or says one of its
words, and the report becomes an emergency (an alert on every console, an URGENT slip, the duty
phone and the public numbers on screen). Staff keep the signs in the EmergencySigns tab: a row
naming a built-in sign (``gas``) replaces it, a row with a new name adds a sign, and ``On`` = FALSE
switches one off. The built-in signs nobody named apply as they are, so a fresh site has them all.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from desk.clock import Clock
from desk.ids import IdFactory
from desk.records import Owner, Record, column
from desk.service_levels import RepairCategory
from desk.store import Store, Transaction

SIGNS_SEEDED_KEY = "repairs:emergency-signs-seeded"
WORD_SEPARATORS = re.compile(r"[,，;；、\n]+")
# Everyday phrases that hold a sign's word: a stove that "won't catch fire" (打不着火) is not on fire (着火).
NOT_A_SIGN = ("不着火",)
# English words also match their plain endings ("floods", "flooding") but not longer words ("gasket").
ENGLISH_ENDINGS = r"(?:s|es|ed|ing)?"


class EmergencySign(Record):
    """One sign of an emergency: the words that show it, the kind of repair, what the owner is told.

    The first of each language's words is what the sign's red button says at the kiosk. ``sign``
    names it (never shown to owners); a row naming a built-in sign replaces that one.
    """

    TAB = "EmergencySigns"
    ID_KIND = "G"
    ROWS_FROM = Owner.STAFF

    sign: str = column("Sign", Owner.STAFF, default="", max_length=20, pattern=r"^[a-z0-9-]*$")
    category: RepairCategory = column("Category", Owner.STAFF, default=RepairCategory.OTHER)
    words_zh: str = column("Words zh", Owner.STAFF, default="", max_length=300)
    words_en: str = column("Words en", Owner.STAFF, default="", max_length=300)
    tell_zh: str = column("Tell the owner zh", Owner.STAFF, default="", max_length=200)
    tell_en: str = column("Tell the owner en", Owner.STAFF, default="", max_length=200)
    on: bool = column("On", Owner.STAFF, default=True)

    def words(self, language: str) -> list[str]:
        """The sign's words in a language (English for one we do not know), the button's first."""
        return split_words(self.words_zh if language == "zh" else self.words_en)

    def button(self, language: str) -> str:
        """What the sign's red button says: its first word in the language, else in the other one."""
        words = self.words(language) or self.words("en" if language == "zh" else "zh")
        return words[0] if words else ""

    def advice(self, language: str) -> str:
        """What the owner should do now, in their language."""
        return self.tell_zh if language == "zh" else self.tell_en

    def found_in(self, text: str) -> bool:
        """Whether the text says one of the sign's words, in either language."""
        said = _plain(text)
        for everyday in NOT_A_SIGN:
            said = said.replace(everyday, " ")
        return any(_says(said, word) for word in (*self.words("zh"), *self.words("en")))


@dataclass(frozen=True)
class PublicNumber:
    """A public emergency number and what it is for."""

    number: str
    zh: str
    en: str

    def words(self, language: str) -> str:
        """What the number is for, in a language."""
        return self.zh if language == "zh" else self.en


PUBLIC_NUMBERS: tuple[PublicNumber, ...] = (
    PublicNumber("110", "报警", "Police"),
    PublicNumber("119", "火警", "Fire"),
    PublicNumber("120", "急救", "Ambulance"),
)


def _built_in(sign: str, category: RepairCategory, words_zh: str, words_en: str, tell_zh: str,
              tell_en: str) -> EmergencySign:
    return EmergencySign(id=f"BUILT-IN-{sign}", sign=sign, category=category, words_zh=words_zh,
                         words_en=words_en, tell_zh=tell_zh, tell_en=tell_en)


# Bare 火 and 漏水 are left out on purpose: 防火门, 灭火器, 打不着火 and 水龙头漏水 are everyday repairs,
# and alarms that are mostly false teach staff to ignore them.
BUILT_IN_SIGNS: tuple[EmergencySign, ...] = (
    _built_in("trapped", RepairCategory.ELEVATOR,
              "有人被困在电梯里, 有人被困, 被困, 困在电梯, 关在电梯",
              "Someone is trapped in a lift, trapped, stuck in the lift, stuck in a lift, stuck in the elevator",
              "请被困的人按电梯里的警铃或对讲，不要扒门。值班人员马上到。",
              "Tell them to press the lift's alarm or intercom and not to force the doors. Staff are coming."),
    _built_in("gas", RepairCategory.OTHER,
              "闻到燃气味, 燃气, 煤气, 天然气, 液化气",
              "Gas smell, gas",
              "不要开关电灯电器，不要点火；打开门窗，马上离开，到室外再打电话。",
              "Do not switch anything on or off, no flames; open the windows, leave, and call from outside."),
    _built_in("fire", RepairCategory.OTHER,
              "着火或冒烟, 着火, 起火, 失火, 火灾, 明火, 火苗, 冒烟, 烟雾, 烧焦",
              "Fire or smoke, fire, smoke, flames, burning smell",
              "马上离开，走楼梯，不要乘电梯，拨打 119。",
              "Leave now by the stairs, not the lift, and call 119."),
    _built_in("flood", RepairCategory.PLUMBING,
              "水管爆裂或大量漏水, 水管爆, 爆管, 大量漏水, 漏水严重, 水漫, 淹水, 水淹",
              "Burst pipe or flooding, burst pipe, flood, water everywhere",
              "如能做到，请关闭总水阀，远离电源插座。值班人员马上到。",
              "If you can, close the main water valve and keep away from sockets. Staff are coming."),
    _built_in("outage", RepairCategory.OTHER,
              "整栋楼停电或停水, 停电, 停水, 断电, 断水",
              "The building has no power or water, power cut, power outage, blackout, no power, no water",
              "请不要乘坐电梯，走楼梯时注意安全。值班人员正在处理。",
              "Do not use the lifts and take care on the stairs. Staff are on it."),
    _built_in("unwell", RepairCategory.OTHER,
              "有人晕倒或身体不适, 晕倒, 昏倒, 不舒服, 身体不适, 摔倒, 受伤, 急救, 救护车",
              "Someone is unwell, unwell, fainted, collapsed, injured, ambulance, not breathing",
              "请先拨打 120，不要随意移动病人。值班人员马上到。",
              "Call 120 first and do not move them. Staff are coming."),
)


def split_words(text: str) -> list[str]:
    """Words staff typed into one cell, separated by commas (either width), 、 or semicolons."""
    return [word.strip() for word in WORD_SEPARATORS.split(text) if word.strip()]


def current_signs(tx: Transaction) -> list[EmergencySign]:
    """The signs in force: the built-in ones (or the rows replacing them), then the signs staff added.

    A sign switched off, or without a word in either language, is left out: it could neither match
    nor say anything on its button.
    """
    return signs_in_force(tx.find(EmergencySign))


def signs_in_force(rows: Sequence[EmergencySign]) -> list[EmergencySign]:
    """The built-in signs with the rows that name them in their place, then the other rows, in order."""
    named: dict[str, EmergencySign] = {}
    for row in rows:
        if row.sign:
            named.setdefault(row.sign, row)  # a name typed twice: the first row, as in the Routing tab
    built_in_names = {sign.sign for sign in BUILT_IN_SIGNS}
    signs = [named.get(sign.sign, sign) for sign in BUILT_IN_SIGNS]
    signs += [row for row in rows if row.sign not in built_in_names and named.get(row.sign, row) is row]
    return [sign for sign in signs if sign.on and sign.button("zh")]


def sign_in_text(signs: Sequence[EmergencySign], text: str) -> EmergencySign | None:
    """The first sign whose words the text says, or None."""
    return next((sign for sign in signs if sign.found_in(text)), None)


def seed_emergency_signs(store: Store, clock: Clock, ids: IdFactory) -> int:
    """Write the built-in signs once as rows for staff to edit; later calls add nothing."""
    now = clock.now()
    with store.transaction() as tx:
        if tx.site_state().get(SIGNS_SEEDED_KEY) or tx.find(EmergencySign):
            return 0
        for built_in in BUILT_IN_SIGNS:
            tx.put(built_in.model_copy(update={"id": ids.new(EmergencySign.ID_KIND)}), actor="desk", at=now)
        tx.set_site_state({SIGNS_SEEDED_KEY: now.isoformat()})
    return len(BUILT_IN_SIGNS)


def _plain(text: str) -> str:
    """Text as words are compared: full-width letters as plain ones, any case as lower case."""
    return unicodedata.normalize("NFKC", text).casefold()


def _says(plain_text: str, word: str) -> bool:
    word = _plain(word)
    if not word.isascii():  # Chinese has no spaces between words: any place in the text counts
        return word in plain_text
    pattern = rf"(?<![a-z0-9]){re.escape(word)}{ENGLISH_ENDINGS}(?![a-z0-9])"
    return re.search(pattern, plain_text) is not None
