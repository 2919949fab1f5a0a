"""The one word catalog: every word owners read on the kiosk, their phones and slips, in Chinese and English.

The words are kept in parts by where they are read (the kiosk, the community features, fees, repairs,
slips) so each part reads in one sitting, but a key names one thing everywhere: the catalog refuses a
key that two parts both define.
"""

from __future__ import annotations

from collections.abc import Mapping

from desk.catalog import (
    committee_words,
    community_words,
    kiosk_words,
    payments_words,
    repairs_words,
    rounds_words,
    services_words,
    slip_words,
)

PARTS: dict[str, Mapping[str, Mapping[str, str]]] = {
    "kiosk": kiosk_words.WORDS,
    "community": community_words.WORDS,
    "payments": payments_words.WORDS,
    "repairs": repairs_words.WORDS,
    "slips": slip_words.WORDS,
    "services": services_words.WORDS,
    "committee": committee_words.WORDS,
    "rounds": rounds_words.WORDS,
}


def _one_catalog(parts: Mapping[str, Mapping[str, Mapping[str, str]]]) -> dict[str, Mapping[str, str]]:
    """The parts as one mapping, refusing a key that two parts define."""
    catalog: dict[str, Mapping[str, str]] = {}
    where: dict[str, str] = {}
    for part, words in parts.items():
        for key, said in words.items():
            if key in catalog:
                raise ValueError(f"word {key!r} is in both {where[key]} and {part}")
            catalog[key], where[key] = said, part
    return catalog


CATALOG: Mapping[str, Mapping[str, str]] = _one_catalog(PARTS)


def say(key: str, language: str, **values: object) -> str:
    """The words for ``key`` in ``language`` (English for a language we don't have), ``{placeholders}`` filled."""
    said = CATALOG[key]
    text = said["zh"] if language == "zh" else said["en"]
    return text.format(**values)
