"""Owners of record vote once per unit, only while a vote is open; the result goes on the notice board."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.notices import Notice
from desk.store import Store
from desk.units import Unit
from desk.votes import VOTE_RECEIPT, Ballot, Vote, VoteDesk, VoteKind, VoteRefused, VoteRefusedError, VoteState


@pytest.fixture
def votes(store: Store, clock: FixedClock) -> VoteDesk:
    return VoteDesk(store, clock, SequentialIds("SUNNY"))


@pytest.fixture
def community(store: Store, clock: FixedClock) -> None:
    """Three owners of record (100, 80 and 60 m²) and a unit nobody owns yet."""
    with store.transaction() as tx:
        for number, (room, area, owner) in enumerate([("101", "100", "张三明"), ("102", "80", "李秀英"),
                                                      ("103", "60", "Wang Lei"), ("104", "90", "")], start=1):
            tx.put(Unit(id=f"U{number}", building="1", room=room, area_m2=Decimal(area), owner_of_record=owner),
                   actor="staff", at=clock.now())


def put_vote(store: Store, clock: FixedClock, *, vote_id: str = "VT1", kind: VoteKind = VoteKind.ORDINARY,
             opens_in: timedelta = timedelta(hours=-1), lasts: timedelta = timedelta(days=7)) -> Vote:
    vote = Vote(id=vote_id, question_zh="是否更换小区大门？", question_en="Replace the main gate?",
                choices_zh="同意；反对；弃权", choices_en="For; Against; Abstain",
                opens=clock.now() + opens_in, closes=clock.now() + opens_in + lasts, kind=kind)
    with store.transaction() as tx:
        tx.put(vote, actor="staff", at=clock.now())
    return vote


@pytest.mark.usefixtures("community")
def test_an_owner_votes_once_and_the_ballot_names_the_unit_owner_area_and_time(
    votes: VoteDesk, store: Store, clock: FixedClock
) -> None:
    put_vote(store, clock)

    ballot = votes.cast("VT1", "U1", "同意", lang="en")

    assert (ballot.unit_label, ballot.owner_name, ballot.choice, ballot.area_m2, ballot.cast_at) == (
        "1-101", "张三明", "同意", Decimal("100"), clock.now())
    with store.transaction() as tx:
        [job] = tx.pending_print_jobs()
    assert (job.kind, job.ref, job.payload) == (VOTE_RECEIPT, ballot.id, {"lang": "en"})
    [offered] = votes.open_for("U1")
    assert offered.own == ballot


@pytest.mark.usefixtures("community")
def test_a_second_vote_from_the_same_unit_is_refused_and_the_first_stands(
    votes: VoteDesk, store: Store, clock: FixedClock
) -> None:
    put_vote(store, clock)
    first = votes.cast("VT1", "U2", "反对")

    with pytest.raises(VoteRefusedError) as refused:
        votes.cast("VT1", "U2", "同意")

    assert refused.value.reason is VoteRefused.ALREADY_VOTED
    assert refused.value.ballot == first
    assert votes.ballots("VT1") == [first]


@pytest.mark.usefixtures("community")
def test_two_screens_racing_for_one_unit_take_one_ballot(votes: VoteDesk, store: Store, clock: FixedClock) -> None:
    put_vote(store, clock)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def vote_from_a_screen(choice: str) -> None:
        start.wait()
        try:
            outcomes.append(votes.cast("VT1", "U3", choice).choice)
        except VoteRefusedError as refused:
            outcomes.append(refused.reason.value)

    screens = [threading.Thread(target=vote_from_a_screen, args=(choice,)) for choice in ("同意", "反对")]
    for screen in screens:
        screen.start()
    for screen in screens:
        screen.join(timeout=10)

    assert len(outcomes) == 2 and outcomes.count("already_voted") == 1
    [ballot] = votes.ballots("VT1")
    assert ballot.choice in outcomes


@pytest.mark.usefixtures("community")
def test_no_vote_is_taken_before_it_opens_or_from_the_moment_it_closes(
    votes: VoteDesk, store: Store, clock: FixedClock
) -> None:
    vote = put_vote(store, clock, opens_in=timedelta(hours=1), lasts=timedelta(hours=2))

    with pytest.raises(VoteRefusedError, match="not_open"):
        votes.cast("VT1", "U1", "同意")
    assert votes.open_for("U1") == [] and not votes.any_open()

    clock.advance(hours=1)
    assert votes.any_open() and vote.state(clock.now()) is VoteState.OPEN
    votes.cast("VT1", "U1", "同意")
    clock.advance(hours=2)  # exactly at Closes
    with pytest.raises(VoteRefusedError, match="not_open"):
        votes.cast("VT1", "U2", "同意")
    assert [b.unit for b in votes.ballots("VT1")] == ["U1"]


@pytest.mark.usefixtures("community")
def test_only_a_unit_with_an_owner_of_record_votes_and_only_for_a_choice_offered(
    votes: VoteDesk, store: Store, clock: FixedClock
) -> None:
    put_vote(store, clock)

    with pytest.raises(VoteRefusedError, match="not_an_owner"):
        votes.cast("VT1", "U4", "同意")
    with pytest.raises(VoteRefusedError, match="not_an_owner"):
        votes.cast("VT1", "U404", "同意")
    with pytest.raises(VoteRefusedError, match="no_such_choice"):
        votes.cast("VT1", "U1", "Maybe")
    assert votes.ballots("VT1") == []


@pytest.mark.usefixtures("community")
def test_the_result_is_published_once_after_the_close_with_area_and_headcount_by_choice(
    votes: VoteDesk, store: Store, clock: FixedClock
) -> None:
    put_vote(store, clock, kind=VoteKind.MAJOR, lasts=timedelta(days=1))
    for unit, choice in (("U1", "同意"), ("U2", "同意"), ("U3", "反对")):
        votes.cast("VT1", unit, choice)
    with pytest.raises(ValueError, match="after it closes"):
        votes.publish("VT1", actor="manager li")

    clock.advance(days=1)
    vote, notice = votes.publish("VT1", actor="manager li")
    again, same = votes.publish("VT1", actor="manager li")

    assert (same, again) == (notice, vote)
    assert (vote.published_at, vote.notice) == (clock.now(), notice.id)
    assert notice.title_en == "Vote result: Replace the main gate?"
    # Three of three owners of record took part (240 m²); 同意 holds 2 of 3 owners, 180 of 240 m²: under 3/4.
    assert notice.body_en.splitlines()[:5] == [
        "Took part: 3 of 3 owners, 240.00 of 240.00 m²", "For: owners 2, area 180.00 m²",
        "Against: owners 1, area 60.00 m²", "Abstain: owners 0, area 0.00 m²", "Result: not adopted."]
    assert "同意：2 户，180.00 平方米" in notice.body_zh
    with store.transaction() as tx:
        assert [n.id for n in tx.find(Notice)] == [notice.id]


def test_a_vote_staff_typed_without_two_choices_or_with_its_close_first_is_not_taken(clock: FixedClock) -> None:
    now = clock.now()
    with pytest.raises(ValidationError, match="two choices"):
        Vote(id="V", question_zh="？", choices_zh="同意", opens=now, closes=now + timedelta(days=1))
    with pytest.raises(ValidationError, match="closes after"):
        Vote(id="V", question_zh="？", choices_zh="同意/反对", opens=now, closes=now)
    assert Vote(id="V", question_en="?", choices_en="Yes / No", opens=now,
                closes=datetime(2027, 1, 1, tzinfo=clock.tz)).choice_keys() == ["Yes", "No"]


def test_ballots_are_written_by_the_kiosk_only() -> None:
    assert {column.owner.value for column in Ballot.columns()} == {"kiosk"}


@pytest.mark.usefixtures("community")
def test_a_choice_staff_rename_after_ballots_named_it_is_still_counted(
    votes: VoteDesk, store: Store, clock: FixedClock
) -> None:
    vote = put_vote(store, clock)
    votes.cast("VT1", "U1", "同意")
    with store.transaction() as tx:
        tx.put(Vote.model_validate({**vote.model_dump(), "choices_zh": "赞成；反对；弃权"}), actor="staff",
               at=clock.now())

    _, counted = votes.count("VT1")

    assert [(c.choice, c.owners) for c in counted.choices] == [("赞成", 0), ("反对", 0), ("弃权", 0), ("同意", 1)]
