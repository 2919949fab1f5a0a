"""The vote receipt: the question, the unit and its choice in the owner's language, and no record ID or code."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.store import Store
from desk.units import Unit
from desk.votes import VOTE_RECEIPT, Vote, VoteDesk
from printers.profile import profile_named
from printers.renderers import RenderError
from printers.vote_receipt import vote_receipt_renderers
from tests.printers.conftest import SHANGHAI
from tests.printers.escpos_decoder import Printout, decode


def print_pending(store: Store) -> list[Printout]:
    renderers = vote_receipt_renderers(store, community_name=lambda: "Sunny Garden", profile=profile_named("default"),
                                       tz=SHANGHAI)
    with store.transaction() as tx:
        jobs = tx.pending_print_jobs()
    return [decode(renderers[job.kind](job)) for job in jobs]


@pytest.fixture
def ballot_cast(store: Store, clock: FixedClock) -> VoteDesk:
    with store.transaction() as tx:
        tx.put(Unit(id="SUNNY-U1", building="3", room="1202", area_m2=Decimal("89.50"), owner_of_record="张三明"),
               actor="staff", at=clock.now())
        tx.put(Vote(id="SUNNY-VT1", question_zh="是否更换小区大门？", question_en="Replace the main gate?",
                    choices_zh="同意；反对", choices_en="For; Against", opens=clock.now() - timedelta(hours=1),
                    closes=clock.now() + timedelta(days=2)), actor="staff", at=clock.now())
    return VoteDesk(store, clock, SequentialIds("SUNNY"))


def test_an_english_receipt_says_the_question_the_unit_and_the_choice(
    ballot_cast: VoteDesk, store: Store, clock: FixedClock
) -> None:
    ballot_cast.cast("SUNNY-VT1", "SUNNY-U1", "反对", lang="en")

    [paper] = print_pending(store)

    assert {"Sunny Garden", "Vote receipt", "Replace the main gate?"} <= set(paper.texts)
    assert paper.value_of("Unit") == "3-1202"
    assert paper.value_of("Choice") == "Against"
    assert paper.value_of("Voted") == clock.now().strftime("%Y-%m-%d %H:%M")
    assert any("Voting closes 2026-11-29 09:15" in text for text in paper.texts)
    assert not any("SUNNY-" in text for text in paper.texts)  # neither the ballot's nor the vote's ID
    assert not any("张" in text for text in paper.texts)  # nor the owner's name
    assert paper.qr_codes == [] and len(paper.cuts) == 1


def test_a_chinese_receipt_is_in_chinese(ballot_cast: VoteDesk, store: Store) -> None:
    ballot_cast.cast("SUNNY-VT1", "SUNNY-U1", "同意", lang="zh")

    [paper] = print_pending(store)

    assert "投票回执" in paper.texts
    assert paper.value_of("选择") == "同意"
    assert not any("Against" in text or "Vote receipt" in text for text in paper.texts)


def test_a_receipt_whose_ballot_is_gone_cannot_print(store: Store, clock: FixedClock) -> None:
    with store.transaction() as tx:
        tx.add_print_job(VOTE_RECEIPT, "SUNNY-BL404", {"lang": "en"}, at=clock.now())

    with pytest.raises(RenderError, match="SUNNY-BL404"):
        print_pending(store)
