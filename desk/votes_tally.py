"""The count of an owners' vote under the Civil Code of China, Article 278: pure, exact, order-free.

Owners taking part must hold at least two thirds of the floor area and be at least two thirds of the
owners (the quorum). An ordinary matter then passes with more than half of the participating area
and more than half of the participating owners; a major matter (raising or using the maintenance
fund, rebuilding, changing the use of common parts or running a business on them) needs at least
three quarters of each. Each unit counts as one owner with its floor area (the judicial
interpretation's rule of one exclusive part, one owner). Every share is a :class:`Fraction` of
:class:`Decimal` areas, so a boundary is met exactly or not at all.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

QUORUM = Fraction(2, 3)
ORDINARY_SHARE = Fraction(1, 2)  # strictly more than this
MAJOR_SHARE = Fraction(3, 4)  # at least this


class VoteKind(enum.StrEnum):
    """Which rule of Article 278 a matter falls under."""

    ORDINARY = "ordinary"
    MAJOR = "major"


@dataclass(frozen=True)
class CastBallot:
    """One unit's ballot as the count sees it: the unit, its area when it voted, its choice."""

    unit: str
    choice: str
    area: Decimal


@dataclass(frozen=True)
class ChoiceCount:
    """What one choice gathered: owners and floor area, and whether it carries the matter."""

    choice: str
    owners: int
    area: Decimal
    carried: bool


@dataclass(frozen=True)
class Tally:
    """The count of a vote: turnout against the whole, the quorum, each choice, and the choice adopted (if any)."""

    kind: VoteKind
    total_owners: int
    total_area: Decimal
    owners: int  # owners who took part
    area: Decimal  # their floor area
    quorum: bool
    choices: tuple[ChoiceCount, ...]

    @property
    def adopted(self) -> str | None:
        """The choice that carried the matter, or None (no quorum, or no choice reached the threshold)."""
        return next((count.choice for count in self.choices if count.carried), None)


def share(part: Decimal | int, whole: Decimal | int) -> Fraction:
    """``part`` over ``whole`` exactly; nothing of nothing is nothing."""
    return Fraction(part) / Fraction(whole) if whole else Fraction(0)


def tally(kind: VoteKind, choices: Sequence[str], electorate: Mapping[str, Decimal],
          ballots: Iterable[CastBallot]) -> Tally:
    """Count ``ballots`` among the owners of ``electorate`` (unit -> floor area) for the ``choices`` offered.

    A ballot from a unit outside the electorate, or for a choice not offered, is a ValueError, and so
    are two ballots of one unit: the store lets neither in, so one here means the caller is wrong.
    """
    seen: set[str] = set()
    owners = dict.fromkeys(choices, 0)
    areas = dict.fromkeys(choices, Decimal(0))
    for ballot in ballots:
        if ballot.unit not in electorate:
            raise ValueError(f"unit {ballot.unit} is not among the owners of record")
        if ballot.choice not in owners:
            raise ValueError(f"{ballot.choice!r} is not one of the choices")
        if ballot.unit in seen:
            raise ValueError(f"unit {ballot.unit} voted twice")
        seen.add(ballot.unit)
        owners[ballot.choice] += 1
        areas[ballot.choice] += ballot.area
    total_owners, total_area = len(electorate), sum(electorate.values(), Decimal(0))
    voted_owners, voted_area = len(seen), sum(areas.values(), Decimal(0))
    quorum = (total_owners > 0 and share(voted_owners, total_owners) >= QUORUM
              and share(voted_area, total_area) >= QUORUM)
    counts = tuple(ChoiceCount(choice, owners[choice], areas[choice],
                               quorum and _carries(kind, owners[choice], areas[choice], voted_owners, voted_area))
                   for choice in choices)
    return Tally(kind, total_owners, total_area, voted_owners, voted_area, quorum, counts)


def _carries(kind: VoteKind, owners: int, area: Decimal, voted_owners: int, voted_area: Decimal) -> bool:
    by_owners, by_area = share(owners, voted_owners), share(area, voted_area)
    if kind is VoteKind.MAJOR:
        return by_owners >= MAJOR_SHARE and by_area >= MAJOR_SHARE
    return by_owners > ORDINARY_SHARE and by_area > ORDINARY_SHARE
