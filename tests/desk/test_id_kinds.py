"""An ID's kind is read from the whole ID: kinds of one letter and of two begin alike."""

from __future__ import annotations

import pytest

from desk.feedback import Routing
from desk.fees import MeterReading
from desk.ids import ALPHABET, IdFactory, SequentialIds, is_id_of
from desk.meetings import Decision, Meeting
from desk.records import Record
from desk.repairs import Repair
from desk.rounds import Round


def made_by_the_site(kind: type[Record], random_part_starts_with: str = "0") -> str:
    """An ID the site gives a record of ``kind``, its random part one character then zeros."""
    first = ALPHABET.index(random_part_starts_with) << 25
    return IdFactory("SUNNY", random_bits=lambda _count: first).new(kind.ID_KIND)


@pytest.mark.parametrize(("one_letter", "two_letters"), [(Repair, Round), (MeterReading, Meeting),
                                                         (Routing, Decision)])
def test_an_id_of_one_kind_is_not_taken_for_the_kind_whose_letters_it_begins_with(
    one_letter: type[Record], two_letters: type[Record]
) -> None:
    shorter = made_by_the_site(one_letter, random_part_starts_with=two_letters.ID_KIND[1])
    longer = made_by_the_site(two_letters)

    assert shorter.startswith(f"SUNNY-{two_letters.ID_KIND}")
    assert is_id_of(shorter, "SUNNY", one_letter.ID_KIND) and not is_id_of(shorter, "SUNNY", two_letters.ID_KIND)
    assert is_id_of(longer, "SUNNY", two_letters.ID_KIND) and not is_id_of(longer, "SUNNY", one_letter.ID_KIND)


def test_every_id_the_factories_make_is_of_its_kind_and_site() -> None:
    made = [IdFactory("SUNNY").new("RD") for _ in range(200)] + [SequentialIds("SUNNY").new("RD")]

    assert all(is_id_of(record_id, "SUNNY", "RD") for record_id in made)
    assert not any(is_id_of(record_id, "SUNNY", "R") for record_id in made)
    assert not any(is_id_of(record_id, "SUN", "RD") for record_id in made)


@pytest.mark.parametrize("typed", ["SUNNY-hello", "SUNNY-R12345", "SUNNY-R1234567", "SUNNY-R12I45Z", "OTHER-R12345Z",
                                   "SUNNY-r12345z", "SUNNY-R"])
def test_text_that_only_looks_like_a_repairs_id_is_not_one(typed: str) -> None:
    assert not is_id_of(typed, "SUNNY", "R")
    assert is_id_of("SUNNY-R12345Z", "SUNNY", "R")
