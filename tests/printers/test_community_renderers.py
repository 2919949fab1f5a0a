"""Event passes, visitor passes and policy answers: the right record, language and QR code on paper."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desk.clock import FixedClock
from desk.events import Event, EventDesk
from desk.ids import SequentialIds
from desk.policies import Policy, PolicyBook
from desk.store import Store
from desk.visitors import VisitorDesk, VisitPurpose
from printers.community_renderers import EVENT_PASS, community_renderers
from printers.profile import profile_named
from printers.renderers import RenderError
from tests.printers.conftest import SHANGHAI
from tests.printers.escpos_decoder import Printout, decode

BASE = "https://desk.example.org"


def print_pending(store: Store, clock: FixedClock) -> list[Printout]:
    renderers = community_renderers(store, community_name=lambda: "Sunny Garden", base_url=BASE,
                                    profile=profile_named("default"), tz=SHANGHAI, now=clock.now)
    with store.transaction() as tx:
        jobs = tx.pending_print_jobs()
    return [decode(renderers[job.kind](job)) for job in jobs]


def test_an_event_pass_names_the_event_the_people_and_opens_the_pass_page(store: Store, clock: FixedClock) -> None:
    with store.transaction() as tx:
        tx.put(Event(id="E1", title_zh="中秋晚会", title_en="Moon party", place="Clubhouse", capacity=10,
                     starts=clock.now() + timedelta(days=2), ends=clock.now() + timedelta(days=2, hours=2)),
               actor="staff", at=clock.now())
    signup = EventDesk(store, clock, SequentialIds("SUNNY")).sign_up("E1", "U1", "3-1202", 2, lang="en").signup

    [paper] = print_pending(store, clock)

    assert "Moon party" in paper.texts
    assert "0001" in paper.texts
    assert paper.value_of("People") == "2"
    assert paper.value_of("Where") == "Clubhouse"
    assert [qr.payload for qr in paper.qr_codes] == [f"{BASE}/e/{signup.id}?lang=en"]


def test_a_visitor_pass_masks_the_name_and_opens_the_security_page(store: Store, clock: FixedClock) -> None:
    visitor = VisitorDesk(store, clock, SequentialIds("SUNNY")).register("U1", "3-1202", "Anna Weber",
                                                                          VisitPurpose.VISIT, lang="en")

    [paper] = print_pending(store, clock)

    assert paper.value_of("Visiting") == "3-1202"
    assert any(t.startswith("Visitor ") and t.endswith(" A*** W.") for t in paper.texts)
    assert not any("Anna" in t for t in paper.texts)
    assert [qr.payload for qr in paper.qr_codes] == [f"{BASE}/staff/visitors?pass={visitor.id}"]


def test_a_policy_answer_prints_question_and_answer_in_the_owners_language(store: Store, clock: FixedClock) -> None:
    with store.transaction() as tx:
        tx.put(Policy(id="Q1", category_en="Pets", question_en="May I keep a dog?", answer_en="Yes, on a lead."),
               actor="staff", at=clock.now())
    PolicyBook(store, clock).print_answer("Q1", "en")

    [paper] = print_pending(store, clock)

    assert {"Policy answer", "Pets", "May I keep a dog?"} <= set(paper.texts)
    assert "Yes, on a lead." in paper.texts
    assert paper.qr_codes == []


def test_a_pass_whose_record_is_gone_cannot_print(store: Store, clock: FixedClock) -> None:
    with store.transaction() as tx:
        tx.add_print_job(EVENT_PASS, "S404", {"lang": "en"}, at=clock.now())

    with pytest.raises(RenderError, match="S404"):
        print_pending(store, clock)
