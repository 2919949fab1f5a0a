"""A kiosk without a printer (``printer = "none"``) says so: the ticket is on screen to photograph, never "printed"."""

from __future__ import annotations

import asyncio

import pytest
from nicegui.testing.user import User

from desk.print_journal import NOT_PRINTED
from desk.store import PrintJob
from lobbydesk.site import Site
from printers.connections import PrinterConnection, connection_from_url
from tests.fakes import label_texts, todays_ticket_id
from tests.kiosk.test_visitors_at_the_kiosk import choose_unit_by_touch
from tests.qr_reading import read_qr_data_uri

NOTHING_PRINTS = "This kiosk has no printer, so nothing will print — please take a photo of this screen"



@pytest.fixture
def site_printer() -> PrinterConnection:
    return connection_from_url("none")


async def closed_unprinted(site: Site, ref: str) -> PrintJob:
    """The record's print job once the print worker has closed it as not printed."""
    for _ in range(100):
        with site.store.transaction() as tx:
            jobs = [job for job in tx.print_jobs(NOT_PRINTED) if job.ref == ref]
        if jobs:
            return jobs[0]
        await asyncio.sleep(0.05)
    raise AssertionError(f"the print job of {ref} was never closed as not printed")


async def test_the_ticket_is_shown_with_its_qr_and_the_screen_says_nothing_will_print(
    owner: User, site: Site
) -> None:
    await owner.open("/")
    owner.find(marker="lang-en").click()
    owner.find(marker="take-number").click()
    owner.find(marker="service-inquiry").click()

    await owner.should_see(marker="ticket-number")
    assert label_texts(owner, "ticket-number") == ["A001"]
    assert label_texts(owner, "print-status") == [NOTHING_PRINTS], "said at once, never 'printing'"
    qr = owner.find(marker="ticket-qr").elements.pop()
    ticket_id = todays_ticket_id(site, "A001")
    assert read_qr_data_uri(qr.props["src"]) == [site.status_url(ticket_id) + "?lang=en"]

    job = await closed_unprinted(site, ticket_id)
    assert (job.status, job.attempts) == ("not printed", 0)
    assert site.print_outcome(ticket_id) == "not printed"
    await asyncio.sleep(1.0)  # the screen keeps watching the journal a while: it must not change its mind
    assert label_texts(owner, "print-status") == [NOTHING_PRINTS]
    await owner.should_not_see("Please take your ticket")
    assert site.open_alerts() == []


async def test_a_visitor_pass_says_nothing_will_print(owner: User, community: Site) -> None:
    await owner.open("/")
    owner.find(marker="lang-en").click()
    owner.find(marker="tile-visitors").click()
    await choose_unit_by_touch(owner, "3", "1202")
    await owner.should_see(marker="visitor-name")
    owner.find(marker="visitor-name").type("Li Wei")
    owner.find(marker="purpose-visit").click()

    await owner.should_see(marker="visitor-pass-number")
    assert label_texts(owner, "visitor-no-printer") == [NOTHING_PRINTS]
    await owner.should_not_see(marker="visitor-pass-printing")
    [visitor] = community.community.visitors.today()
    await closed_unprinted(community, visitor.id)
