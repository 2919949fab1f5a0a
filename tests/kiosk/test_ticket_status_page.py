"""An owner follows a ticket on a phone at /t/<ID>."""

from __future__ import annotations

from nicegui.testing.user import User

from desk.queue import QueueTicket, Service
from lobbydesk.site import Site
from tests.fakes import label_texts


async def test_the_status_page_shows_the_number_and_who_is_ahead(owner: User, site: Site) -> None:
    site.queue.take_number(Service.INQUIRY, print_ticket=False)
    mine = site.queue.take_number(Service.INQUIRY, print_ticket=False).ticket

    await owner.open(f"/t/{mine.id}?lang=en")
    await owner.should_see("A002")
    await owner.should_see("Waiting")
    await owner.should_see("1 person ahead of you")
    await owner.should_see("Estimated wait about 2 min")
    await owner.should_not_see("阳光花园 Sunny Garden 9")


async def test_the_status_page_follows_the_desk_live(owner: User, site: Site) -> None:
    mine = site.queue.take_number(Service.REPAIR, print_ticket=False).ticket
    await owner.open(f"/t/{mine.id}?lang=zh")
    await owner.should_see("等候中")

    called = QueueTicket.model_validate({**mine.model_dump(), "status": "called", "counter": "2"})
    with site.store.transaction() as tx:
        tx.put(called, actor="staff", at=site.clock.now())

    await owner.should_see("请到 2 号窗口", retries=20)


async def test_an_unknown_ticket_gets_a_plain_message(owner: User) -> None:
    await owner.open("/t/SUNNY-TNOSUCH?lang=en")
    await owner.should_see("We cannot find this ticket")


async def test_a_ticket_from_yesterday_says_it_has_expired_instead_of_a_wait(owner: User, site: Site) -> None:
    mine = site.queue.take_number(Service.REPAIR, print_ticket=False).ticket
    site.clock.advance(hours=24)  # type: ignore[attr-defined]
    await owner.open(f"/t/{mine.id}?lang=en")
    await owner.should_see("This number was for 11-27 and has expired. Please take a new number if you still "
                           "need the desk")
    await owner.should_not_see(marker="status-wait")
    await owner.should_not_see(marker="status-ahead")


async def test_a_priority_ticket_says_so_on_the_phone_too(owner: User, site: Site) -> None:
    mine = site.queue.take_number(Service.INQUIRY, priority=True, print_ticket=False).ticket
    await owner.open(f"/t/{mine.id}?lang=zh")
    await owner.should_see(marker="status-priority")
    assert label_texts(owner, "status-priority") == ["优先"]
