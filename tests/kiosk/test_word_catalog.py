"""Every word owners read, on screens, phones and slips, is there in Chinese and in English, said one way.

The words live in several tables today; these stories walk all of them, so a table can later be merged
into one catalog without a key meaning two things. A new table is found by itself (any module-level
dict of ``{"zh": ..., "en": ...}`` entries under kiosk/, desk/ or printers/) and must be listed here.
"""

from __future__ import annotations

import ast
import enum
import string
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from desk import repair_words, words
from kiosk import community_words, feedback_phrases, i18n, payments_words, repairs_words
from printers import answer_layout, slip_words

ROOT = Path(__file__).resolve().parents[2]

# Keyed by words: each table's entries by a text key (an enum member as ``Kind:value``).
WORD_TABLES: dict[str, Mapping[Any, Mapping[Any, str]]] = {
    "kiosk.i18n.TEXTS": i18n.TEXTS,
    "kiosk.community_words.WORDS": community_words.WORDS,
    "kiosk.payments_words.WORDS": payments_words.WORDS,
    "kiosk.repairs_words.TEXTS": repairs_words.TEXTS,
    "desk.words.SERVICE_NAMES": words.SERVICE_NAMES,
    "desk.repair_words.NAMES": repair_words.NAMES,
    "printers.slip_words.SLIP_WORDS": slip_words.SLIP_WORDS,
    "printers.answer_layout.ANSWER_WORDS": answer_layout.ANSWER_WORDS,
}
# Phrases an owner taps: lists, one phrase in each language at the same place.
PHRASE_TABLES: dict[str, Mapping[Any, Mapping[str, list[str]]]] = {
    "desk.repair_words.PHRASES": repair_words.PHRASES,
    "kiosk.feedback_phrases.PHRASES": feedback_phrases.PHRASES,
    "kiosk.feedback_phrases.BY_KIND": feedback_phrases.BY_KIND,
}

# Keys two tables still spell alike with different words, and the files whose callers must move to a
# new key before the tables can be one catalog. Fixing one fails the story below until it leaves this list.
KNOWN_CLASHES: dict[str, str] = {}


def key_name(key: object) -> str:
    """A table's key as text: enum members by their kind and value, so each enum is a namespace of its own."""
    if isinstance(key, enum.Enum):
        return f"{type(key).__name__}:{key.value}"
    if isinstance(key, tuple) and len(key) == 2 and isinstance(key[0], type):
        return f"{key[0].__name__}:{key[1]}"
    return str(key)


def entries() -> list[tuple[str, str, Mapping[str, str]]]:
    """(table, key, words) for every entry of every word table."""
    return [(table, key_name(key), said) for table, found in WORD_TABLES.items() for key, said in found.items()]


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a text is filled with."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("table", list(WORD_TABLES))
def test_every_entry_says_something_in_both_languages(table: str) -> None:
    missing = [key_name(key) for key, said in WORD_TABLES[table].items()
               if set(said) != {"zh", "en"} or not all(str(text).strip() for text in said.values())]
    assert missing == [], f"{table}: entries without both a Chinese and an English text"


@pytest.mark.parametrize("table", list(WORD_TABLES))
def test_chinese_and_english_fill_in_the_same_values(table: str) -> None:
    uneven = {key_name(key): (placeholders(said["zh"]), placeholders(said["en"]))
              for key, said in WORD_TABLES[table].items() if placeholders(said["zh"]) != placeholders(said["en"])}
    assert uneven == {}, f"{table}: one language names a value the other does not"


def test_a_key_in_two_tables_says_the_same_words_in_both() -> None:
    said_by_key: dict[str, dict[str, Mapping[str, str]]] = {}
    for table, key, said in entries():
        said_by_key.setdefault(key, {})[table] = said
    clashes = {key for key, tables in said_by_key.items()
               if len({tuple(sorted(said.items())) for said in tables.values()}) > 1}

    assert clashes - set(KNOWN_CLASHES) == set(), "a key now means two things; give one of them a new key"
    assert set(KNOWN_CLASHES) - clashes == set(), "a clash is gone: take it off KNOWN_CLASHES"


@pytest.mark.parametrize("table", list(PHRASE_TABLES))
def test_every_phrase_to_tap_is_there_in_both_languages(table: str) -> None:
    for key, said in PHRASE_TABLES[table].items():
        chinese, english = said.get("zh", []), said.get("en", [])
        assert chinese and len(chinese) == len(english), f"{table}: {key_name(key)}"
        assert all(phrase.strip() for phrase in chinese + english), f"{table}: {key_name(key)}"


def word_tables_in_the_code() -> set[str]:
    """Every module-level dict under kiosk/, desk/ and printers/ whose entries are ``{"zh": ..., ...}``."""
    found = set()
    for package in ("kiosk", "desk", "printers"):
        for path in sorted((ROOT / package).glob("*.py")):
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
                value = getattr(node, "value", None)
                if isinstance(target, ast.Name) and isinstance(value, ast.Dict) and any(
                    isinstance(entry, ast.Dict)
                    and any(isinstance(key, ast.Constant) and key.value == "zh" for key in entry.keys)
                    for entry in value.values
                ):
                    found.add(f"{package}.{path.stem}.{target.id}")
    return found


def test_every_table_of_words_in_the_code_is_walked_here() -> None:
    assert word_tables_in_the_code() == set(WORD_TABLES) | set(PHRASE_TABLES)
