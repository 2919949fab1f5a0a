"""An owner of record votes at the kiosk once per open question, confirms, and takes a receipt; never twice."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from nicegui.testing.user import User

from desk.votes import Vote, VoteKind
from lobbydesk.site import Site
from tests.fakes import label_texts
from tests.kiosk.test_events_at_the_kiosk import printed_when_sent
from tests.kiosk.test_sign_in import _enter_pin, choose_unit
from tests.printers.escpos_decoder import decode


def add_vote(site: Site, vote_id: str = "SUNNY-VT1", *, opens_in: timedelta = timedelta(hours=-1),
             kind: VoteKind = VoteKind.ORDINARY) -> Vote:
    now = site.clock.now()
    vote = Vote(id=vote_id, question_zh="是否更换小区大门？", question_en="Replace the main gate?",
                choices_zh="同意；反对；弃权", choices_en="For; Against; Abstain", opens=now + opens_in,
                closes=now + opens_in + timedelta(days=3), kind=kind)
    with site.store.transaction() as tx:
        tx.put(vote, actor="staff", at=now)
    return vote


async def open_votes_signed_in(owner: User, *, english: bool = True) -> None:
    await owner.open("/")
    if english:
        owner.find(marker="lang-en").click()
    owner.find(marker="tile-votes").click()
    await choose_unit(owner, "3", "1202")
    await _enter_pin(owner, "2468")


async def test_the_votes_tile_shows_only_while_a_vote_is_open(owner: User, community: Site) -> None:
    add_vote(community, opens_in=timedelta(hours=1))
    await owner.open("/")
    await owner.should_see(marker="tile-events")
    await owner.should_not_see(marker="tile-votes")

    community.clock.advance(hours=1)  # type: ignore[attr-defined]
    owner.find(marker="tile-events").click()  # an errand, and back home: the tiles are drawn again
    await owner.should_see(marker="events-back")
    owner.find(marker="events-back").click()

    await owner.should_see(marker="tile-votes")


async def test_an_owner_answers_confirms_and_takes_a_receipt_in_their_language(owner: User, community: Site) -> None:
    add_vote(community, kind=VoteKind.MAJOR)
    await open_votes_signed_in(owner)

    await owner.should_see(marker="vote-question", retries=50)  # the PIN hash is slow on purpose
    assert label_texts(owner, "vote-question") == ["Replace the main gate?"]
    await owner.should_see("Major matter (needs three quarters)")
    owner.find(marker="vote-choice-2").click()
    await owner.should_see(marker="vote-confirm")
    assert label_texts(owner, "vote-confirm") == [
        "You chose “Against”. Cast your vote? It cannot be changed afterwards."]
    owner.find(marker="vote-change").click()  # changes their mind before casting
    owner.find(marker="vote-choice-1").click()
    owner.find(marker="vote-cast").click()

    await owner.should_see(marker="vote-recorded")
    assert label_texts(owner, "vote-own-choice") == ["Your unit's choice: For"]
    [ballot] = community.committee.votes.ballots("SUNNY-VT1")
    assert (ballot.unit, ballot.choice, ballot.owner_name) == ("SUNNY-U1", "同意", "张三明")
    printed = decode(await printed_when_sent(community, ballot.id))
    assert {"Vote receipt", "Replace the main gate?"} <= set(printed.texts)
    assert printed.value_of("Choice") == "For"
    assert not any("SUNNY-" in text for text in printed.texts)


async def test_a_unit_that_voted_is_told_so_in_words_and_nothing_changes(owner: User, community: Site) -> None:
    add_vote(community)
    community.committee.votes.cast("SUNNY-VT1", "SUNNY-U1", "反对", print_receipt=False)

    await open_votes_signed_in(owner, english=False)

    await owner.should_see(marker="vote-refused", retries=50)
    assert label_texts(owner, "vote-refused") == ["本户已对此事项投过票，每户只能投一次，投票后不能更改。"]
    assert label_texts(owner, "vote-own-choice") == ["本户的选择：反对"]
    await owner.should_not_see(marker="vote-choice-1")
    assert [b.choice for b in community.committee.votes.ballots("SUNNY-VT1")] == ["反对"]


async def test_a_vote_that_closes_while_the_owner_reads_takes_no_ballot(owner: User, community: Site) -> None:
    add_vote(community)
    await open_votes_signed_in(owner)
    await owner.should_see(marker="vote-question", retries=50)
    owner.find(marker="vote-choice-1").click()
    await owner.should_see(marker="vote-confirm")

    community.clock.advance(days=3)  # type: ignore[attr-defined]
    owner.find(marker="vote-cast").click()

    await owner.should_see(marker="vote-refused")
    assert label_texts(owner, "vote-refused") == ["This vote is not open now"]
    assert community.committee.votes.ballots("SUNNY-VT1") == []


async def test_with_two_open_questions_the_owner_picks_one_and_sees_which_they_answered(
    owner: User, community: Site
) -> None:
    add_vote(community)
    second = add_vote(community, "SUNNY-VT2")
    community.committee.votes.cast(second.id, "SUNNY-U1", "同意", print_receipt=False)
    await open_votes_signed_in(owner)

    await owner.should_see(marker="votes-choose", retries=50)
    buttons = {marker: next(iter(owner.find(marker=marker).elements)).text for marker in ("vote-open-1", "vote-open-2")}
    assert sorted(buttons.values()) == ["Replace the main gate?", "Replace the main gate? · Your unit has voted"]
    answered = next(marker for marker, text in buttons.items() if text.endswith("voted"))

    owner.find(marker=answered).click()

    await owner.should_see("Your unit has already voted on this question.", retries=20)


async def test_a_unit_without_an_owner_of_record_is_told_before_any_question(owner: User, community: Site) -> None:
    add_vote(community)
    community.credentials.set_pin("SUNNY-U2", "1357")  # 5-301: no Owner of record in the Units tab
    await owner.open("/")
    owner.find(marker="lang-en").click()
    owner.find(marker="tile-votes").click()
    await choose_unit(owner, "5", "301")
    await _enter_pin(owner, "1357")

    await owner.should_see(marker="vote-refused", retries=50)
    assert label_texts(owner, "vote-refused") == [
        "Your unit has no owner of record, so it cannot vote. Please ask at the desk"]
    await owner.should_not_see(marker="vote-question")


async def test_five_fast_taps_on_cast_take_one_ballot_and_show_it_recorded(owner: User, community: Site) -> None:
    add_vote(community)
    await open_votes_signed_in(owner)
    await owner.should_see(marker="vote-question", retries=50)
    owner.find(marker="vote-choice-3").click()
    await owner.should_see(marker="vote-cast")
    cast = owner.find(marker="vote-cast")
    for _ in range(5):
        cast.click()  # all five arrive while the first ballot is being taken

    await owner.should_see(marker="vote-recorded")
    await asyncio.sleep(0.5)  # every tap's handler has finished
    await owner.should_not_see(marker="vote-refused")
    assert [b.choice for b in community.committee.votes.ballots("SUNNY-VT1")] == ["弃权"]
    with community.store.transaction() as tx:
        receipts = [job for status in ("queued", "sending", "sent", "failed") for job in tx.print_jobs(status)
                    if job.kind == "vote_receipt"]
    assert len(receipts) == 1
