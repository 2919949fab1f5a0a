"""Make kiosk/static/keyboard/pinyin.js: pinyin -> the characters and words it types, most used first.

The on-screen keyboard (simple-keyboard's ``layoutCandidates``) shows these candidates for the pinyin
at the end of the text. Made once and kept in the repository; run it again only to change the list:

    uv run --no-project --with jieba==0.42.1 --with pypinyin==0.55.0 python tools/make_pinyin_dictionary.py

Sources, both MIT: jieba's dictionary (349,046 words with how often each is used) ranks the
characters and words; pypinyin (its data from pinyin-data and phrase-pinyin-data) reads each word
aloud, so a character is listed under the readings it really has in words (的 under "de" and, through
目的, "di"). The kiosk's own vocabulary (property, repairs, complaints) is kept whatever its rank.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import jieba  # type: ignore[import-not-found]
from pypinyin import lazy_pinyin  # type: ignore[import-not-found]

OUT = Path(__file__).resolve().parent.parent / "kiosk" / "static" / "keyboard" / "pinyin.js"
CHARACTERS = 4000  # the most used; the 3,500 of the common-character list and the usual surnames are among them
WORDS = 9000  # the most used words of two to four characters
# As text: 118 words in a list literal would be harder to read.
KIOSK_WORDS = set("""
物业 业主 住户 小区 楼栋 单元 楼层 房号 门牌 楼道 楼梯 电梯 停车 停车位 车位 车库 地库 充电桩 电动车 自行车
噪音 扰民 装修 漏水 渗水 水管 下水道 堵塞 马桶 水龙头 热水 暖气 供暖 停电 停水 跳闸 插座 灯泡 路灯
门禁 门锁 钥匙 快递 外卖 垃圾 垃圾桶 分类 清运 保洁 绿化 草坪 树枝 修剪 宠物 遛狗 狗屎 卫生 消毒
保安 巡逻 监控 安全 消防 通道 占用 维修 报修 投诉 建议 表扬 咨询 服务 态度 及时 太慢 不满意 满意
物业费 缴费 收费 发票 收据 押金 退款 账单 水费 电费 燃气 费用 多少 怎么 什么 时候 哪里 谢谢 麻烦 尽快
联系 电话 手机 访客 送货 探访 朋友 亲戚 家人 老人 孩子 邻居 楼上 楼下 对门 晚上 早上 中午 周末 每天
""".split())  # noqa: SIM905
# The hundred most common surnames, most common first, and many given names' characters: visitors type their
# names, and the name field offers the surnames first.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
NAME_CHARACTERS = set(SURNAMES) | set("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英秀兰婷琳欣怡萍丹宇浩鑫峰斌昊晨辉琴燕"
                                      "颖瑶倩璐慧佳晶玲雪梅")
PERSON_NAMES = {"nr", "nrfg", "nrt"}  # names of famous people: their characters count, the names are not offered


def main() -> None:
    """Read jieba's word counts, rank, and write the module."""
    counts, names = _word_counts()
    by_character: dict[str, int] = defaultdict(int)
    for word, count in counts.items():
        for character in word:
            by_character[character] += count
    ranked = sorted(by_character.items(), key=lambda item: -item[1])
    common = {character for character, _ in ranked[:CHARACTERS]} | NAME_CHARACTERS

    readings: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))  # syllable -> character -> count
    ranked_words: list[tuple[str, str, int]] = []
    for word, count in counts.items():
        syllables = lazy_pinyin(word)
        if len(syllables) != len(word) or not all(_is_syllable(s) for s in syllables):
            continue
        for character, syllable in zip(word, syllables, strict=True):
            if character in common:
                readings[syllable][character] += count
        if 2 <= len(word) <= 4 and set(word) <= common and word not in names:
            ranked_words.append(("".join(syllables), word, count))

    ranked_words.sort(key=lambda entry: -entry[2])
    kept = ranked_words[:WORDS] + [entry for entry in ranked_words[WORDS:] if entry[1] in KIOSK_WORDS]
    listed = {word for _key, word, _count in kept}
    kept += [("".join(lazy_pinyin(word)), word, counts.get(word, 0))
             for word in sorted(KIOSK_WORDS) if word not in listed]
    candidates: dict[str, list[str]] = {}
    for syllable, characters in sorted(readings.items()):
        total = sum(characters.values())
        # A reading a character has only in a few rare words would push common ones off the first page.
        candidates[syllable] = [c for c, n in sorted(characters.items(), key=lambda item: -item[1])
                                if n * 2000 >= total or n >= 200]
    for key, word, _count in sorted(kept, key=lambda entry: -entry[2]):
        candidates.setdefault(key, []).append(word)
    missing = [word for word in KIOSK_WORDS if word not in candidates.get("".join(lazy_pinyin(word)), [])]
    assert not missing, f"kiosk words left out: {missing}"

    table = {key: " ".join(values) for key, values in sorted(candidates.items()) if values}
    OUT.write_text(
        "// pinyin -> characters and words, most used first; made by tools/make_pinyin_dictionary.py\n"
        "// from jieba's dictionary (MIT) and pypinyin (MIT): see LICENSE-pinyin.txt beside this file.\n"
        f"export default {json.dumps(table, ensure_ascii=False, separators=(',', ':'))};\n"
        f"export const SURNAMES = {json.dumps(SURNAMES, ensure_ascii=False)};\n",
        encoding="utf-8",
    )
    print(f"{OUT}: {len(table)} keys, {OUT.stat().st_size:,} bytes")


def _word_counts() -> tuple[dict[str, int], set[str]]:
    """How often each simplified word is used, and which of them are people's names."""
    counts: dict[str, int] = {}
    names: set[str] = set()
    with jieba.get_dict_file() as raw:
        for line in raw.read().decode("utf-8").splitlines():
            word, count, *tag = line.split()
            if all(_simplified(character) for character in word):
                counts[word] = counts.get(word, 0) + int(count)
                if tag and tag[0] in PERSON_NAMES and len(word) > 1:
                    names.add(word)
    return counts, names


def _simplified(character: str) -> bool:
    """A character of GB2312: the simplified ones in everyday use."""
    if not "\u4e00" <= character <= "\u9fff":
        return False
    try:
        character.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _is_syllable(syllable: str) -> bool:
    return syllable.isascii() and syllable.isalpha() and any(vowel in syllable for vowel in "aeiouv")


if __name__ == "__main__":
    main()
