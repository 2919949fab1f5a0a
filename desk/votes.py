"""Owners' votes: staff put a question in the Votes tab; each unit's owner of record votes once at the kiosk.

A vote is open from its Opens to its Closes time. A ballot is taken in one store transaction that
first looks for the unit's ballot on the same vote, so a second one cannot exist however two screens
race. The count (:mod:`desk.votes_tally`) is published, after the close, as a notice.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Self

from pydantic import model_validator

from desk.catalog import say
from desk.clock import Clock
from desk.ids import IdFactory
from desk.notices import Notice
from desk.records import Owner, Record, column
from desk.store import Store, Transaction
from desk.units import Unit
from desk.votes_tally import CastBallot, Tally, VoteKind, tally

__all__ = ["VOTE_RECEIPT", "Ballot", "Vote", "VoteDesk", "VoteKind", "VoteRefused", "VoteRefusedError", "VoteState"]

VOTE_RECEIPT = "vote_receipt"
# How staff separate choices in one cell: "同意；反对；弃权", "For / Against / Abstain".
_CHOICE_SEPARATORS = re.compile(r"\s*[;；/|、\n]\s*")
NOTICE_DAYS = 30  # a published result stays on the notice board this long


class VoteState(enum.StrEnum):
    """Where a vote is in its window."""

    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"


class Vote(Record):
    """One question staff put to the owners: its choices, its window, and whether it is a major matter."""

    TAB = "Votes"
    ID_KIND = "VT"
    ROWS_FROM = Owner.STAFF

    question_zh: str = column("Question (zh)", Owner.STAFF, default="", max_length=200)
    question_en: str = column("Question (en)", Owner.STAFF, default="", max_length=200)
    choices_zh: str = column("Choices (zh)", Owner.STAFF, default="", max_length=200)
    choices_en: str = column("Choices (en)", Owner.STAFF, default="", max_length=200)
    opens: datetime = column("Opens", Owner.STAFF)
    closes: datetime = column("Closes", Owner.STAFF)
    kind: VoteKind = column("Kind", Owner.STAFF, default=VoteKind.ORDINARY)
    published_at: datetime | None = column("Published", Owner.KIOSK, default=None)
    notice: str = column("Notice", Owner.KIOSK, default="", max_length=40)

    @model_validator(mode="after")
    def _makes_sense(self) -> Self:
        if not (self.question_zh or self.question_en):
            raise ValueError("a vote asks a question (Question (zh) or Question (en))")
        if len(self.choice_keys()) < 2:
            raise ValueError("a vote offers at least two choices, separated by ; or /")
        if self.closes <= self.opens:
            raise ValueError("a vote closes after it opens")
        return self

    def question(self, lang: str) -> str:
        """The question in a language, or in the other one when staff wrote only that."""
        first, other = (self.question_zh, self.question_en) if lang == "zh" else (self.question_en, self.question_zh)
        return first or other

    def choice_keys(self) -> list[str]:
        """The choices as ballots record them: the Chinese ones, or the English where there are none."""
        return _split(self.choices_zh) or _split(self.choices_en)

    def choice_label(self, key: str, lang: str) -> str:
        """How a choice reads in a language (the recorded words where the other list has no counterpart)."""
        keys, words = self.choice_keys(), _split(self.choices_zh if lang == "zh" else self.choices_en)
        index = keys.index(key) if key in keys else -1
        return words[index] if 0 <= index < len(words) and len(words) == len(keys) else key

    def state(self, now: datetime) -> VoteState:
        """Upcoming before Opens, open until Closes, closed from then on."""
        if now < self.opens:
            return VoteState.UPCOMING
        return VoteState.OPEN if now < self.closes else VoteState.CLOSED


def _split(cell: str) -> list[str]:
    return [part for part in _CHOICE_SEPARATORS.split(cell.strip()) if part]


class Ballot(Record):
    """One unit's named ballot on one vote: staff may read it in the sheet, the owner sees only their own."""

    TAB = "Ballots"
    ID_KIND = "BL"

    vote: str = column("Vote", Owner.KIOSK, min_length=1)
    unit: str = column("Unit", Owner.KIOSK, min_length=1)
    unit_label: str = column("Unit label", Owner.KIOSK, default="", max_length=40)
    owner_name: str = column("Owner", Owner.KIOSK, default="", max_length=60)
    choice: str = column("Choice", Owner.KIOSK, min_length=1, max_length=80)
    area_m2: Decimal = column("Area m2", Owner.KIOSK, default=Decimal("0"), ge=0, max_digits=9, decimal_places=2)
    cast_at: datetime = column("At", Owner.KIOSK)

    def counted(self) -> CastBallot:
        """The ballot as the count sees it."""
        return CastBallot(self.unit, self.choice, self.area_m2)


class VoteRefused(enum.StrEnum):
    """Why a ballot was not taken; the kiosk says each in words."""

    NOT_OPEN = "not_open"  # before Opens, after Closes, or no such vote
    ALREADY_VOTED = "already_voted"
    NOT_AN_OWNER = "not_an_owner"  # the unit has no owner of record
    NO_SUCH_CHOICE = "no_such_choice"


class VoteRefusedError(ValueError):
    """A ballot that cannot be taken, with the reason and (when the unit already voted) its ballot."""

    def __init__(self, reason: VoteRefused, ballot: Ballot | None = None) -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.ballot = ballot


@dataclass(frozen=True)
class OpenVote:
    """A vote open now, as one unit sees it: with that unit's own ballot, if it voted."""

    vote: Vote
    own: Ballot | None


class VoteDesk:
    """Offers open votes to owners of record, takes one ballot per unit, counts, publishes the result."""

    def __init__(self, store: Store, clock: Clock, ids: IdFactory) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids

    def now(self) -> datetime:
        """The site's time now."""
        return self._clock.now()

    def local(self, moment: datetime) -> datetime:
        """A time as the site's clocks show it (a time typed in the sheet may carry another offset)."""
        return moment.astimezone(self._clock.tz)

    def votes(self) -> list[Vote]:
        """Every vote, the one closing last first."""
        with self._store.transaction() as tx:
            return sorted(tx.find(Vote), key=lambda v: v.closes, reverse=True)

    def get(self, vote_id: str) -> Vote | None:
        """A vote by ID, or None."""
        with self._store.transaction() as tx:
            return tx.get(Vote, vote_id)

    def any_open(self) -> bool:
        """Whether some vote is open now (the kiosk shows its Votes tile only then)."""
        now = self._clock.now()
        return any(vote.state(now) is VoteState.OPEN for vote in self.votes())

    def may_vote(self, unit_id: str) -> bool:
        """Whether the unit has an owner of record, who alone votes for it."""
        with self._store.transaction() as tx:
            unit = tx.get(Unit, unit_id)
        return unit is not None and bool(unit.owner_of_record.strip())

    def open_for(self, unit_id: str) -> list[OpenVote]:
        """The votes open now, each with this unit's ballot if it has one; closing soonest first."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            votes = [vote for vote in tx.find(Vote) if vote.state(now) is VoteState.OPEN]
            found = [OpenVote(vote, _ballot_of(tx, vote.id, unit_id)) for vote in votes]
        return sorted(found, key=lambda o: o.vote.closes)

    def cast(self, vote_id: str, unit_id: str, choice: str, *, lang: str = "zh", print_receipt: bool = True) -> Ballot:
        """Take the unit's ballot and journal its receipt, in one transaction; VoteRefusedError says why not."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            vote = tx.get(Vote, vote_id)
            if vote is None or vote.state(now) is not VoteState.OPEN:
                raise VoteRefusedError(VoteRefused.NOT_OPEN)
            unit = tx.get(Unit, unit_id)
            if unit is None or not unit.owner_of_record.strip():
                raise VoteRefusedError(VoteRefused.NOT_AN_OWNER)
            if choice not in vote.choice_keys():
                raise VoteRefusedError(VoteRefused.NO_SUCH_CHOICE)
            earlier = _ballot_of(tx, vote_id, unit_id)
            if earlier is not None:
                raise VoteRefusedError(VoteRefused.ALREADY_VOTED, earlier)
            ballot = Ballot(id=tx.new_id(self._ids, Ballot), vote=vote_id, unit=unit_id, unit_label=unit.label,
                            owner_name=unit.owner_of_record.strip(), choice=choice, area_m2=unit.area_m2, cast_at=now)
            tx.put(ballot, actor="kiosk", at=now)
            if print_receipt:
                tx.add_print_job(VOTE_RECEIPT, ballot.id, {"lang": lang}, at=now)
        return ballot

    def ballots(self, vote_id: str) -> list[Ballot]:
        """The named ballots of a vote, in the order cast (for managers and the sheet, never the lobby)."""
        with self._store.transaction() as tx:
            return sorted(tx.find(Ballot, "json_extract(body, '$.vote') = ?", (vote_id,)), key=lambda b: b.cast_at)

    def count(self, vote_id: str) -> tuple[Vote, Tally]:
        """The vote and its count so far (the result, once it has closed); LookupError if there is no such vote."""
        with self._store.transaction() as tx:
            return _count(tx, vote_id)

    def publish(self, vote_id: str, *, actor: str) -> tuple[Vote, Notice]:
        """Put a closed vote's result on the notice board, once: publishing again gives the same notice."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            vote, counted = _count(tx, vote_id)
            if vote.state(now) is not VoteState.CLOSED:
                raise ValueError("a vote's result is published only after it closes")
            if vote.published_at is not None:
                notice = tx.get(Notice, vote.notice)
                if notice is not None:
                    return vote, notice
            today = now.date()
            notice = Notice(id=tx.new_id(self._ids, Notice), title_zh=say("vote_result_title", "zh",
                                                                              question=vote.question("zh"))[:80],
                            title_en=say("vote_result_title", "en", question=vote.question("en"))[:80],
                            body_zh=result_text(vote, counted, "zh")[:1000],
                            body_en=result_text(vote, counted, "en")[:1000],
                            starts=today, ends=today + timedelta(days=NOTICE_DAYS))
            tx.put(notice, actor=actor, at=now)
            vote = Vote.model_validate({**vote.model_dump(), "published_at": now, "notice": notice.id})
            tx.put(vote, actor=actor, at=now)
        return vote, notice


def result_text(vote: Vote, counted: Tally, lang: str) -> str:
    """The result in words: turnout against the whole, each choice's owners and area, and the outcome."""
    lines = [say("vote_turnout", lang, owners=counted.owners, total_owners=counted.total_owners,
                 area=area_text(counted.area), total_area=area_text(counted.total_area))]
    lines += [say("vote_choice_count", lang, choice=vote.choice_label(c.choice, lang), owners=c.owners,
                  area=area_text(c.area)) for c in counted.choices]
    if not counted.quorum:
        lines.append(say("vote_no_quorum", lang))
    elif counted.adopted is None:
        lines.append(say("vote_not_adopted", lang))
    else:
        lines.append(say("vote_adopted", lang, choice=vote.choice_label(counted.adopted, lang)))
    lines.append(say("vote_rule_major" if vote.kind is VoteKind.MAJOR else "vote_rule_ordinary", lang))
    return "\n".join(lines)


def area_text(area: Decimal) -> str:
    """A floor area as people read it: ``1,034.50``."""
    return f"{area:,.2f}"


def _ballot_of(tx: Transaction, vote_id: str, unit_id: str) -> Ballot | None:
    found = tx.find(Ballot, "json_extract(body, '$.vote') = ? AND json_extract(body, '$.unit') = ?",
                    (vote_id, unit_id))
    return found[0] if found else None


def _count(tx: Transaction, vote_id: str) -> tuple[Vote, Tally]:
    vote = tx.get(Vote, vote_id)
    if vote is None:
        raise LookupError(f"there is no vote {vote_id}")
    electorate = {unit.id: unit.area_m2 for unit in tx.find(Unit) if unit.owner_of_record.strip()}
    ballots = [b.counted() for b in tx.find(Ballot, "json_extract(body, '$.vote') = ?", (vote_id,))
               if b.unit in electorate]  # a unit left without an owner of record is no longer counted
    # Choices staff renamed after ballots named them still count, under the words the ballots hold.
    choices = list(dict.fromkeys([*vote.choice_keys(), *(b.choice for b in ballots)]))
    return vote, tally(vote.kind, choices, electorate, ballots)
