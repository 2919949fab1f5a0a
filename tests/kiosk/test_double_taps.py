"""Impatient fingers: ten fast taps give one queue ticket or one visitor pass, printed once."""

from __future__ import annotations

import asyncio

from nicegui.testing.user import User

from desk.queue import QueueTicket
from desk.visitors import Visitor
from lobbydesk.site import Site
from tests.fakes import label_texts
from tests.kiosk.test_events_at_the_kiosk import printed_when_sent
from tests.kiosk.test_visitors_at_the_kiosk import choose_unit_by_touch
from tests.printers.escpos_decoder import decode


def big_numbers(printed: bytes) -> list[str]:
    """The numbers printed four times wide, in the order they came out: one per slip."""
    return [line.text for line in decode(printed).lines if line.style.width == 4]


async def settle() -> None:
    """Give every tap's handler time to finish (each one that took a ticket would commit and print it)."""
    await asyncio.sleep(0.5)


async def test_ten_fast_taps_on_a_service_give_one_ticket_shown_and_printed_once(owner: User, site: Site) -> None:
    await owner.open("/")
    owner.find(marker="take-number").click()
    await owner.should_see(marker="service-inquiry")
    tile = owner.find(marker="service-inquiry")
    for _ in range(10):
        tile.click()  # all ten arrive while the first ticket is still being taken

    await owner.should_see(marker="ticket-number")
    tile.click()  # one more, sent by the browser just before the ticket replaced the choice
    await settle()
    assert label_texts(owner, "ticket-number") == ["A001"]
    with site.store.transaction() as tx:
        tickets = tx.find(QueueTicket)
    assert [ticket.number for ticket in tickets] == ["A001"]
    # IDs share one counter across kinds, and a background rule may draw one first: ask the store.
    printed = await printed_when_sent(site, tickets[0].id)
    await settle()
    assert big_numbers((site.settings.data_dir / "printer.bin").read_bytes()) == big_numbers(printed) == ["A001"]

    owner.find(marker="done").click()  # the next person takes their own ticket
    await owner.should_see(marker="take-number")
    owner.find(marker="take-number").click()
    owner.find(marker="service-inquiry").click()
    await owner.should_see("A002")


async def test_ten_fast_taps_on_a_purpose_give_one_visitor_pass(owner: User, community: Site) -> None:
    await owner.open("/")
    owner.find(marker="lang-en").click()
    owner.find(marker="tile-visitors").click()
    await choose_unit_by_touch(owner, "3", "1202")
    await owner.should_see(marker="visitor-name")
    owner.find(marker="visitor-name").type("Li Wei")
    purpose = owner.find(marker="purpose-delivery")
    for _ in range(10):
        purpose.click()

    await owner.should_see(marker="visitor-pass-number")
    purpose.click()
    await settle()
    assert label_texts(owner, "visitor-pass-number") == ["V001"]
    with community.store.transaction() as tx:
        (visitor,) = tx.find(Visitor)
    await printed_when_sent(community, visitor.id)
    await settle()
    with community.store.transaction() as tx:
        assert [job.ref for job in tx.print_jobs("sent")] == [visitor.id]
