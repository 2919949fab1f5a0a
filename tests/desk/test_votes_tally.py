"""The count of Article 278: the same whatever the order of ballots, and exact at every boundary."""

from __future__ import annotations

from decimal import Decimal
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk.votes_tally import CastBallot, VoteKind, tally

CHOICES = ["同意", "反对", "弃权"]


def even_community(owners: int, area: str = "100") -> dict[str, Decimal]:
    """``owners`` units of the same floor area: shares of owners and of area are then the same."""
    return {f"U{n}": Decimal(area) for n in range(owners)}


def ballots_for(electorate: dict[str, Decimal], plan: list[tuple[str, int]]) -> list[CastBallot]:
    """Units in order vote as the plan says: ("同意", 8) then ("反对", 4) ..."""
    units = iter(electorate)
    return [CastBallot(unit, choice, electorate[unit]) for choice, count in plan for unit in
            [next(units) for _ in range(count)]]


@st.composite
def communities_with_ballots(draw: st.DrawFn) -> tuple[dict[str, Decimal], list[CastBallot]]:
    areas = draw(st.lists(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500"), places=2),
                          min_size=1, max_size=30))
    electorate = {f"U{n}": area for n, area in enumerate(areas)}
    voters = draw(st.lists(st.sampled_from(list(electorate)), unique=True))
    return electorate, [CastBallot(unit, draw(st.sampled_from(CHOICES)), electorate[unit]) for unit in voters]


@given(communities_with_ballots(), st.sampled_from(list(VoteKind)), st.randoms())
def test_the_order_of_ballots_never_changes_the_result(
    community: tuple[dict[str, Decimal], list[CastBallot]], kind: VoteKind, shuffler: Random
) -> None:
    electorate, ballots = community
    shuffled = list(ballots)
    shuffler.shuffle(shuffled)

    assert tally(kind, CHOICES, electorate, shuffled) == tally(kind, CHOICES, electorate, ballots)


@given(communities_with_ballots(), st.sampled_from(list(VoteKind)))
def test_each_choice_adds_up_to_the_turnout_and_at_most_one_carries(
    community: tuple[dict[str, Decimal], list[CastBallot]], kind: VoteKind
) -> None:
    electorate, ballots = community
    counted = tally(kind, CHOICES, electorate, ballots)

    assert sum(c.owners for c in counted.choices) == counted.owners == len(ballots)
    assert sum(c.area for c in counted.choices) == counted.area
    assert sum(c.carried for c in counted.choices) <= 1
    assert counted.adopted is None or counted.quorum


def test_exactly_two_thirds_taking_part_is_a_quorum_and_one_fewer_is_not() -> None:
    electorate = even_community(9)

    six = tally(VoteKind.ORDINARY, CHOICES, electorate, ballots_for(electorate, [("同意", 6)]))
    five = tally(VoteKind.ORDINARY, CHOICES, electorate, ballots_for(electorate, [("同意", 5)]))

    assert (six.quorum, six.adopted) == (True, "同意")
    assert (five.quorum, five.adopted) == (False, None)


def test_two_thirds_of_the_owners_without_two_thirds_of_the_area_is_no_quorum() -> None:
    electorate = {"small1": Decimal("10"), "small2": Decimal("10"), "big": Decimal("100")}

    counted = tally(VoteKind.ORDINARY, CHOICES, electorate,
                    [CastBallot("small1", "同意", Decimal("10")), CastBallot("small2", "同意", Decimal("10"))])

    assert counted.owners * 3 >= counted.total_owners * 2
    assert counted.quorum is False


def test_the_area_just_under_two_thirds_is_no_quorum() -> None:
    electorate = {"a": Decimal("66.66"), "b": Decimal("33.34"), "c": Decimal("0.01")}
    # Two of three owners, holding 66.66 of 100.01 m²: under two thirds by a hundredth of a square metre.
    counted = tally(VoteKind.ORDINARY, CHOICES, electorate, [CastBallot("a", "同意", Decimal("66.66")),
                                                            CastBallot("c", "同意", Decimal("0.01"))])
    assert counted.quorum is False


def test_exactly_half_does_not_carry_an_ordinary_matter_and_one_more_does() -> None:
    electorate = even_community(12)

    half = tally(VoteKind.ORDINARY, CHOICES, electorate, ballots_for(electorate, [("同意", 5), ("反对", 5)]))
    more = tally(VoteKind.ORDINARY, CHOICES, electorate, ballots_for(electorate, [("同意", 6), ("反对", 5)]))

    assert half.quorum and half.adopted is None
    assert more.adopted == "同意"


def test_more_than_half_of_the_owners_holding_exactly_half_the_area_does_not_carry() -> None:
    electorate = {"a": Decimal("10"), "b": Decimal("10"), "c": Decimal("10"), "big": Decimal("30")}
    three_small = [CastBallot(unit, "同意", Decimal("10")) for unit in ("a", "b", "c")]

    counted = tally(VoteKind.ORDINARY, CHOICES, electorate, [*three_small, CastBallot("big", "反对", Decimal("30"))])

    assert counted.quorum and counted.adopted is None  # 3 of 4 owners, but 30 of 60 m²
    assert tally(VoteKind.ORDINARY, CHOICES, electorate,
                 [three_small[0], *(CastBallot(unit, "反对", Decimal("10")) for unit in ("b", "c")),
                  CastBallot("big", "同意", Decimal("30"))]
                 ).adopted is None  # 40 of 60 m², but 2 of 4 owners
    assert tally(VoteKind.ORDINARY, CHOICES, electorate,
                 [*three_small, CastBallot("big", "同意", Decimal("30"))]).adopted == "同意"


def test_exactly_three_quarters_carries_a_major_matter_and_just_under_does_not() -> None:
    electorate = even_community(8)

    three_quarters = tally(VoteKind.MAJOR, CHOICES, electorate, ballots_for(electorate, [("同意", 6), ("反对", 2)]))
    under = tally(VoteKind.MAJOR, CHOICES, electorate, ballots_for(electorate, [("同意", 5), ("反对", 3)]))

    assert three_quarters.adopted == "同意"
    assert under.adopted is None


def test_three_quarters_of_the_owners_but_not_of_the_area_does_not_carry_a_major_matter() -> None:
    electorate = {"a": Decimal("10"), "b": Decimal("10"), "c": Decimal("10"), "d": Decimal("100")}
    counted = tally(VoteKind.MAJOR, CHOICES, electorate, [
        CastBallot("a", "同意", Decimal("10")), CastBallot("b", "同意", Decimal("10")),
        CastBallot("c", "同意", Decimal("10")), CastBallot("d", "反对", Decimal("100"))])

    assert counted.quorum and counted.adopted is None
    assert [(c.choice, c.owners, c.area) for c in counted.choices] == [
        ("同意", 3, Decimal("30")), ("反对", 1, Decimal("100")), ("弃权", 0, Decimal("0"))]


def test_a_ballot_the_store_would_never_hold_is_refused() -> None:
    electorate = even_community(3)
    with pytest.raises(ValueError, match="twice"):
        tally(VoteKind.ORDINARY, CHOICES, electorate, [CastBallot("U0", "同意", Decimal("100"))] * 2)
    with pytest.raises(ValueError, match="owners of record"):
        tally(VoteKind.ORDINARY, CHOICES, electorate, [CastBallot("stranger", "同意", Decimal("100"))])
    with pytest.raises(ValueError, match="choices"):
        tally(VoteKind.ORDINARY, CHOICES, electorate, [CastBallot("U0", "maybe", Decimal("100"))])


@given(st.integers(min_value=1, max_value=60).flatmap(
    lambda owners: st.tuples(st.just(owners), st.integers(min_value=0, max_value=owners)).flatmap(
        lambda drawn: st.tuples(st.just(drawn[0]), st.just(drawn[1]), st.integers(min_value=0, max_value=drawn[1])))))
def test_with_equal_units_each_threshold_falls_exactly_where_the_code_of_law_puts_it(
    drawn: tuple[int, int, int]
) -> None:
    """``owners`` units of one size; ``voted`` take part, ``agree`` of them choose 同意, the rest 反对."""
    owners, voted, agree = drawn
    electorate = even_community(owners, "88.88")
    ballots = ballots_for(electorate, [("同意", agree), ("反对", voted - agree)])
    quorum = 3 * voted >= 2 * owners

    ordinary = tally(VoteKind.ORDINARY, CHOICES, electorate, ballots)
    major = tally(VoteKind.MAJOR, CHOICES, electorate, ballots)

    assert ordinary.quorum is major.quorum is quorum
    assert (ordinary.adopted == "同意") is (quorum and 2 * agree > voted)
    assert (major.adopted == "同意") is (quorum and 4 * agree >= 3 * voted)
