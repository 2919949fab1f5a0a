"""Anyone browses the events; an owner signs in to sign up, gets a pass on paper, waits on a full one, cancels.

The pass's QR code opens the pass on the owner's phone, ``/e/<ID>``, in the owner's language.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from nicegui.testing.user import User

from desk.events import Event, SignupStatus
from lobbydesk.site import Site
from tests.fakes import label_texts
from tests.kiosk.test_sign_in import _enter_pin, choose_unit
from tests.printers.escpos_decoder import decode


def add_event(site: Site, event_id: str = "SUNNY-E1", capacity: int = 10, **values: object) -> Event:
    event = Event.model_validate({
        "id": event_id, "title_zh": "中秋晚会", "title_en": "Moon festival party", "place": "Clubhouse 会所",
        "starts": site.clock.now() + timedelta(days=3), "capacity": capacity, "per_unit": 2, **values})
    with site.store.transaction() as tx:
        tx.put(event, actor="staff", at=site.clock.now())
    return event


async def printed_when_sent(site: Site, ref: str) -> bytes:
    """The printer's bytes once the journal says the job for ``ref`` was sent."""
    for _ in range(100):
        if site.print_outcome(ref) == "sent":
            return (site.settings.data_dir / "printer.bin").read_bytes()
        await asyncio.sleep(0.05)
    raise AssertionError(f"the print job of {ref} was not sent: {site.print_outcome(ref)}")


async def open_events_signed_in(owner: User) -> None:
    await owner.open("/")
    owner.find(marker="sign-in").click()
    await choose_unit(owner, "3", "1202")
    await _enter_pin(owner, "2468")
    await owner.should_see(marker="greeting", retries=50)  # the PIN hash is slow on purpose
    owner.find(marker="tile-events").click()
    await owner.should_see(marker="events-back")


async def test_anyone_reads_the_events_and_their_details_without_signing_in(owner: User, community: Site) -> None:
    add_event(community, ends=community.clock.now() + timedelta(days=3, hours=2))
    await owner.open("/")
    owner.find(marker="lang-en").click()

    owner.find(marker="tile-events").click()

    await owner.should_see(marker="event-SUNNY-E1")
    await owner.should_not_see(marker="pin-ok")
    assert label_texts(owner, "sign-in-note-SUNNY-E1") == ["To sign up, you sign in with your unit and PIN"]
    owner.find(marker="event-details-SUNNY-E1").click()
    await owner.should_see(marker="event-details")
    assert label_texts(owner, "event-title-SUNNY-E1") == ["Moon festival party"]
    assert label_texts(owner, "event-capacity") == ["10 places, up to 2 per unit"]
    assert label_texts(owner, "event-when-SUNNY-E1") == ["Mon Nov 30, 09:30–11:30 · Clubhouse 会所"]


async def test_an_owner_taps_sign_up_signs_in_confirms_and_takes_a_pass_that_opens_on_the_phone(
    owner: User, community: Site
) -> None:
    add_event(community)
    await owner.open("/")
    owner.find(marker="tile-events").click()
    owner.find(marker="sign-up-SUNNY-E1-2").click()
    await choose_unit(owner, "3", "1202")
    await _enter_pin(owner, "2468")

    await owner.should_see(marker="confirm-sign-up", retries=20)
    assert label_texts(owner, "confirm-sign-up-text") == ["为“中秋晚会”报名 2 人？"]
    assert community.community.events.signups("SUNNY-E1") == []  # nothing until the owner confirms
    owner.find(marker="confirm-sign-up").click()

    await owner.should_see(marker="pass-number")
    assert label_texts(owner, "pass-number") == ["0001"]
    [signup] = community.community.events.signups("SUNNY-E1")
    assert (signup.unit, signup.people, signup.status) == ("SUNNY-U1", 2, SignupStatus.SIGNED_UP)
    slip = decode(await printed_when_sent(community, signup.id))
    assert "0001" in slip.texts
    assert [qr.payload for qr in slip.qr_codes] == [f"{community.settings.base_url}/e/{signup.id}?lang=zh"]


async def test_an_owner_who_signed_up_already_is_shown_the_sign_up_instead_of_a_second_one(
    owner: User, community: Site
) -> None:
    add_event(community)
    community.community.events.sign_up("SUNNY-E1", "SUNNY-U1", "3-1202", 1, print_pass=False)
    await owner.open("/")
    owner.find(marker="tile-events").click()
    owner.find(marker="sign-up-SUNNY-E1-2").click()
    await choose_unit(owner, "3", "1202")
    await _enter_pin(owner, "2468")

    await owner.should_see(marker="my-signup-SUNNY-E1", retries=20)
    assert label_texts(owner, "my-signup-SUNNY-E1") == ["已报名 · 入场号 0001"]
    await owner.should_not_see(marker="confirm-sign-up")


async def test_an_owner_signs_up_two_people_and_takes_a_pass_with_the_pass_page_qr(
    owner: User, community: Site
) -> None:
    add_event(community)
    await open_events_signed_in(owner)

    owner.find(marker="sign-up-SUNNY-E1-2").click()

    await owner.should_see(marker="pass-number")
    assert label_texts(owner, "pass-number") == ["0001"]
    [signup] = community.community.events.signups("SUNNY-E1")
    assert (signup.unit, signup.people, signup.status) == ("SUNNY-U1", 2, SignupStatus.SIGNED_UP)
    slip = decode(await printed_when_sent(community, signup.id))
    assert "0001" in slip.texts
    assert [qr.payload for qr in slip.qr_codes] == [f"{community.settings.base_url}/e/{signup.id}?lang=zh"]


async def test_a_full_event_puts_the_owner_on_the_waitlist_and_shows_their_place(
    owner: User, community: Site
) -> None:
    add_event(community, capacity=2)
    community.community.events.sign_up("SUNNY-E1", "SUNNY-U2", "5-301", 2, print_pass=False)
    await open_events_signed_in(owner)

    owner.find(marker="sign-up-SUNNY-E1-1").click()

    await owner.should_see(marker="signup-waitlisted")
    assert label_texts(owner, "signup-waitlisted") == ["名额已满，您在候补第 1 位"]
    owner.find(marker="events-list").click()
    await owner.should_see(marker="my-signup-SUNNY-E1")
    assert label_texts(owner, "my-signup-SUNNY-E1") == ["候补第 1 位"]


async def test_an_owner_cancels_after_confirming_and_the_waitlist_moves_up(owner: User, community: Site) -> None:
    add_event(community, capacity=2)
    await open_events_signed_in(owner)
    owner.find(marker="sign-up-SUNNY-E1-2").click()
    await owner.should_see(marker="pass-number")
    waiting = community.community.events.sign_up("SUNNY-E1", "SUNNY-U2", "5-301", 1, print_pass=False).signup
    owner.find(marker="events-list").click()

    await owner.should_see(marker="cancel-SUNNY-E1")
    owner.find(marker="cancel-SUNNY-E1").click()
    owner.find(marker="confirm-cancel").click()

    await owner.should_see("已取消报名")
    await owner.should_see(marker="sign-up-SUNNY-E1-1")  # the unit may sign up again
    moved = community.community.events.signups("SUNNY-E1")[1]
    assert (moved.id, moved.status) == (waiting.id, SignupStatus.SIGNED_UP)


async def test_a_closed_sign_up_says_so_instead_of_offering_buttons(owner: User, community: Site) -> None:
    add_event(community, signup_closes=community.clock.now() - timedelta(hours=1))
    await open_events_signed_in(owner)

    await owner.should_see("报名未开放或已截止")
    await owner.should_not_see(marker="sign-up-SUNNY-E1-1")
