"""Finding policy answers by what owners type: words, synonyms, or the pinyin initials of Chinese words.

"停车费", "tcf" and "parking fee" all find the parking policy. The query becomes *concepts*: each
phrase the synonym table knows (longest first, in Chinese found inside a run of characters typed
without spaces), each other English word, and each other run of Chinese characters (whole, or
any two characters of it side by side, which count half). A concept matches a field when one of
its words is in it (English words at the start of a word), or, for letters typed, when they are
the pinyin initials of Chinese in it. A match in the question counts most, then the category,
then the answer; an answer must match at least half of the concepts, more matched ranks first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

# Words that mean the same thing to an owner. Each line is one group; Chinese words inside a longer
# run are found too ("停车费用" holds "停车费"), and their pinyin initials stand for the group ("tcf").
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("停车", "停车费", "车位", "泊车", "停车场", "车库", "parking", "parking fee", "car park", "garage"),
    ("物业费", "管理费", "物业管理费", "property fee", "management fee", "service charge"),
    ("装修", "施工", "renovation", "renovate", "decoration", "building work"),
    ("宠物", "养狗", "养猫", "狗", "猫", "pet", "pets", "dog", "cat"),
    ("快递", "包裹", "快递柜", "parcel", "package", "delivery", "courier"),
    ("供暖", "暖气", "采暖", "heating", "radiator"),
    ("水费", "water bill", "water charge"),
    ("电费", "electricity", "power bill"),
    ("燃气费", "燃气", "煤气", "gas", "gas bill"),
    ("垃圾", "垃圾分类", "garbage", "rubbish", "trash", "recycling"),
    ("门禁", "门禁卡", "门卡", "access card", "key card", "fob"),
    ("噪音", "噪声", "noise", "noisy", "quiet"),
    ("访客", "来访", "visitor", "guest"),
    ("维修", "报修", "repair", "fix"),
    ("费用", "收费", "缴费", "交费", "fee", "fees", "charge", "cost", "pay"),
)

# English words too common to tell one answer from another.
STOPWORDS = frozenset({
    "a", "an", "and", "are", "at", "be", "can", "do", "does", "for", "how", "i", "in", "is", "it", "may", "my", "of",
    "on", "or", "the", "to", "what", "when", "where", "who", "why", "will", "with", "you", "your",
})

FIELD_WEIGHTS = {"question": 3, "category": 2, "answer": 1}
PART_SHARE = 0.5  # two characters of a longer Chinese run typed: a hint, not the thing asked for

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_TOKENS = re.compile(rf"[{_CJK}]+|[a-z0-9]+")
_CJK_RUNS = re.compile(rf"[{_CJK}]+")


@dataclass(frozen=True)
class Document:
    """What can be searched of one answer, each field already in both languages."""

    key: str
    question: str
    category: str
    answer: str


@dataclass(frozen=True)
class Concept:
    """One thing the owner asked about: words that stand for it, halves of it, and letters that may be initials."""

    words: frozenset[str]
    parts: frozenset[str] = frozenset()
    initials: str = ""


@dataclass(frozen=True)
class Hit:
    """A document that matched: how many concepts it matched and how well."""

    key: str
    matched: int
    score: float


def search(query: str, documents: Sequence[Document]) -> list[Hit]:
    """The documents the query finds, best first (ties keep the documents' order)."""
    concepts = concepts_of(query)
    if not concepts:
        return []
    needed = math.ceil(len(concepts) / 2)
    hits = []
    for document in documents:
        scores = [_score(concept, document) for concept in concepts]
        matched = sum(score > 0 for score in scores)
        if matched >= needed:
            hits.append(Hit(document.key, matched, sum(scores)))
    return sorted(hits, key=lambda hit: (-hit.matched, -hit.score))


def concepts_of(query: str) -> list[Concept]:
    """What a query asks about: synonym phrases, English words, Chinese runs (see the module's words)."""
    text = " ".join(_TOKENS.findall(query.casefold()))
    concepts: list[Concept] = []
    for phrase in _latin_phrases():  # "parking fee" before "parking" and "fee" alone
        if re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", text):
            concepts.append(Concept(_group_of(phrase)))
            text = re.sub(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", " ", text)
    for token in text.split():
        if _CJK_RUNS.fullmatch(token):
            concepts.extend(_chinese_concepts(token))
        elif token not in STOPWORDS:
            group = _group_of(token) or _group_by_initials().get(token, frozenset())
            concepts.append(Concept(group | {token}, initials=token if token.isalpha() and len(token) > 1 else ""))
    return concepts


def pinyin_initials(text: str) -> str:
    """The first letters of the pinyin of each Chinese character (others left out): 停车费 -> ``tcf``."""
    return "".join(_initials_of_run(run) for run in _CJK_RUNS.findall(text))


def _chinese_concepts(run: str) -> Iterable[Concept]:
    """A run of characters: the synonym words found in it (longest first), and what is left as runs."""
    rest = ""
    at = 0
    while at < len(run):
        word = next((w for w in _chinese_words() if run.startswith(w, at)), None)
        if word is None:
            rest += run[at]
            at += 1
            continue
        if rest:
            yield _plain_run(rest)
            rest = ""
        yield Concept(_group_of(word))
        at += len(word)
    if rest:
        yield _plain_run(rest)


def _plain_run(run: str) -> Concept:
    parts = frozenset(run[i:i + 2] for i in range(len(run) - 1)) if len(run) > 2 else frozenset()
    return Concept(frozenset({run}), parts)


def _score(concept: Concept, document: Document) -> float:
    best = 0.0
    for field, weight in FIELD_WEIGHTS.items():
        text = _folded(getattr(document, field))
        if _names(concept, text):
            best = max(best, weight)
        elif any(part in text for part in concept.parts):
            best = max(best, weight * PART_SHARE)
    return best


def _names(concept: Concept, text: str) -> bool:
    """Whether a field holds one of the concept's words, or Chinese whose initials are the letters typed."""
    if any(_contains(text, word) for word in concept.words):
        return True
    return bool(concept.initials) and concept.initials in _initials_by_run(text)


def _contains(text: str, word: str) -> bool:
    """Chinese anywhere; English at the start of a word ("renovat" finds "renovation", "car" not "scar")."""
    if _CJK_RUNS.match(word):
        return word in text
    return re.search(rf"(?<![a-z0-9]){re.escape(word)}", text) is not None


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    return text.casefold()


@lru_cache(maxsize=4096)
def _initials_by_run(text: str) -> str:
    """Each Chinese run's initials, space-separated, so letters never match across two runs."""
    return " ".join(_initials_of_run(run) for run in _CJK_RUNS.findall(text))


@lru_cache(maxsize=4096)
def _initials_of_run(run: str) -> str:
    # Imported at the first search: its dictionaries take half a second and 30 MB, which the sync
    # child and the CLI, which never search, should not pay.
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(run, style=Style.FIRST_LETTER, errors="ignore"))


def _group_of(word: str) -> frozenset[str]:
    return _groups().get(word, frozenset())


@cache
def _groups() -> dict[str, frozenset[str]]:
    return {word: frozenset(group) for group in SYNONYMS for word in group}


@cache
def _latin_phrases() -> tuple[str, ...]:
    return tuple(sorted((w for w in _groups() if " " in w), key=len, reverse=True))


@cache
def _chinese_words() -> tuple[str, ...]:
    return tuple(sorted((w for w in _groups() if _CJK_RUNS.fullmatch(w)), key=len, reverse=True))


@cache
def _group_by_initials() -> dict[str, frozenset[str]]:
    """Letters typed for a Chinese synonym ("tcf" for 停车费, "wyf" for 物业费): its whole group."""
    found: dict[str, frozenset[str]] = {}
    for word in _chinese_words():
        if len(word) > 1:
            found.setdefault(pinyin_initials(word), _groups()[word])
    return found
