"""Every word owners read, on screens, phones and slips, is there in Chinese and in English, said one way.

The words are one catalog (``desk.catalog``), kept in parts by where they are read; the names of
services and of repair categories, places and statuses are tables by their enums. A new table is found
by itself (any module-level dict of ``{"zh": ..., "en": ...}`` entries under kiosk/, desk/ or
printers/): one under desk/catalog/ must be a part the catalog registers (``desk.catalog.PARTS``), any
other must be listed here, and every key the code asks the catalog for must be in the catalog.
"""

from __future__ import annotations

import ast
import enum
import importlib
import string
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from desk import catalog, repair_words, words
from kiosk import feedback_phrases

ROOT = Path(__file__).resolve().parents[2]

# The tables of words outside the catalog, keyed by words: each entry by a text key (an enum member as ``Kind:value``).
ENUM_TABLES: dict[str, Mapping[Any, Mapping[Any, str]]] = {
    "desk.words.SERVICE_NAMES": words.SERVICE_NAMES,
    "desk.repair_words.NAMES": repair_words.NAMES,
}
WORD_TABLES: dict[str, Mapping[Any, Mapping[Any, str]]] = {
    **{f"desk.catalog.PARTS[{part!r}]": said for part, said in catalog.PARTS.items()},
    **ENUM_TABLES,
}
# Phrases an owner taps: lists, one phrase in each language at the same place.
PHRASE_TABLES: dict[str, Mapping[Any, Mapping[str, list[str]]]] = {
    "desk.repair_words.PHRASES": repair_words.PHRASES,
    "kiosk.feedback_phrases.PHRASES": feedback_phrases.PHRASES,
    "kiosk.feedback_phrases.BY_KIND": feedback_phrases.BY_KIND,
}


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


def test_each_key_is_in_one_table_only() -> None:
    tables_by_key: dict[str, list[str]] = {}
    for table, key, _ in entries():
        tables_by_key.setdefault(key, []).append(table)

    assert {key: tables for key, tables in tables_by_key.items() if len(tables) > 1} == {}


def test_the_catalog_refuses_a_key_two_parts_define() -> None:
    with pytest.raises(ValueError, match="'done' is in both kiosk and payments"):
        catalog._one_catalog({"kiosk": {"done": {"zh": "完成", "en": "Done"}},
                              "payments": {"done": {"zh": "完成", "en": "Done"}}})


def keys_asked_for_in_the_code() -> dict[str, set[str]]:
    """Every literal key the code hands the catalog's ``say`` or ``CATALOG[...]``, with the files that ask for it."""
    asked: dict[str, set[str]] = {}
    for package in ("kiosk", "printers", "admin", "lobbydesk", "desk"):
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            if not any(isinstance(node, ast.ImportFrom) and node.module == "desk.catalog" for node in tree.body):
                continue  # its own words (the staff's handover), or none
            for node in ast.walk(tree):
                key = None
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "say" and node.args:
                    key = node.args[0]
                elif isinstance(node, ast.Subscript) and getattr(node.value, "id", None) == "CATALOG":
                    key = node.slice
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    asked.setdefault(key.value, set()).add(str(path.relative_to(ROOT)))
    return asked


def test_every_key_the_code_asks_for_is_in_the_catalog() -> None:
    asked = keys_asked_for_in_the_code()

    assert len(asked) > 200  # the walk found the kiosk's, the pages' and the slips' words
    assert {key: files for key, files in asked.items() if key not in catalog.CATALOG} == {}


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
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
                value = getattr(node, "value", None)
                if isinstance(target, ast.Name) and isinstance(value, ast.Dict) and any(
                    isinstance(entry, ast.Dict)
                    and any(isinstance(key, ast.Constant) and key.value == "zh" for key in entry.keys)
                    for entry in value.values
                ):
                    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
                    found.add(f"{module}.{target.id}")
    return found


def table_named(name: str) -> object:
    """The module-level value a dotted name like ``desk.catalog.kiosk_words.WORDS`` names."""
    module, _, attribute = name.rpartition(".")
    return getattr(importlib.import_module(module), attribute)


def catalog_parts_named(names: set[str]) -> set[str]:
    """The parts of ``desk.catalog.PARTS`` that tables of these names are."""
    tables = [table_named(name) for name in names]
    return {part for part, said in catalog.PARTS.items() if any(said is table for table in tables)}


def test_every_table_of_words_in_the_code_is_walked_here() -> None:
    found = word_tables_in_the_code()
    in_the_catalog_package = {name for name in found if name.startswith("desk.catalog.")}

    unregistered = {name for name in in_the_catalog_package if not catalog_parts_named({name})}
    assert unregistered == set(), "tables of words in desk/catalog/ that desk.catalog.PARTS leaves out"
    assert catalog_parts_named(in_the_catalog_package) == set(catalog.PARTS)
    assert found - in_the_catalog_package == set(ENUM_TABLES) | set(PHRASE_TABLES)
