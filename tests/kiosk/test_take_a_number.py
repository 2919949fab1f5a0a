"""An owner walks up to the lobby kiosk and takes a queue number."""

from __future__ import annotations

import asyncio

import pytest
from nicegui.testing.user import User

from desk.queue import QueueTicket, Service
from lobbydesk.site import Site
from printers.connections import PrinterConnection, connection_from_url
from tests.fakes import FakeMonotonic, label_texts, todays_ticket_id
from tests.printers.escpos_decoder import decode
from tests.qr_reading import read_qr_data_uri


async def test_the_home_screen_greets_in_chinese_with_the_community_name_and_clock(owner: User) -> None:
    await owner.open("/")
    await owner.should_see("阳光花园 Sunny Garden")
    await owner.should_see("取号")
    await owner.should_see(marker="lang-en")
    assert label_texts(owner, "clock") == ["09:30"]


async def test_an_owner_switches_to_english_and_takes_a_number(owner: User, site: Site) -> None:
    await owner.open("/")
    owner.find(marker="lang-en").click()
    await owner.should_see("Take a number")

    owner.find(marker="take-number").click()
    await owner.should_see("What do you need?")
    owner.find(marker="service-repair").click()

    await owner.should_see(marker="ticket-number")
    assert label_texts(owner, "ticket-number") == ["D001"]
    await owner.should_see("You are next")
    qr = next(iter(owner.find(marker="ticket-qr").elements))
    ticket_id = todays_ticket_id(site, "D001")
    assert qr.props["alt"] == site.status_url(ticket_id) + "?lang=en"
    assert read_qr_data_uri(qr.props["src"]) == [qr.props["alt"]]

    with site.store.transaction() as tx:
        stored = tx.get(QueueTicket, ticket_id)
    assert stored is not None and stored.number == "D001"


async def test_the_ticket_is_printed_and_the_screen_says_so(owner: User, site: Site) -> None:
    await owner.open("/")
    owner.find(marker="take-number").click()
    owner.find(marker="service-inquiry").click()
    await owner.should_see(marker="ticket-number")

    await owner.should_see("请取走小票", retries=30)
    printed = site.settings.data_dir / "printer.bin"
    assert b"A001" in printed.read_bytes()


async def test_people_ahead_are_counted_per_service(owner: User, site: Site) -> None:
    site.queue.take_number(Service.PAYMENT, print_ticket=False)
    site.queue.take_number(Service.PAYMENT, print_ticket=False)
    await owner.open("/")
    owner.find(marker="lang-en").click()
    owner.find(marker="take-number").click()
    await owner.should_see("2 waiting")
    owner.find(marker="service-payment").click()
    await owner.should_see(marker="ticket-number")
    assert label_texts(owner, "ticket-number") == ["C003"]
    assert label_texts(owner, "ticket-ahead") == ["2 people ahead of you"]


def chosen_queue(owner: User) -> list[str]:
    """Which of the regular and priority tiles shows as chosen."""
    return [marker for marker in ("queue-regular", "queue-priority")
            if next(iter(owner.find(marker=marker).elements)).props["aria-pressed"] == "true"]


async def test_the_next_owner_sees_fresh_counts_and_regular_chosen_on_the_kept_service_choice(
    owner: User, site: Site
) -> None:
    await owner.open("/")
    owner.find(marker="lang-en").click()
    owner.find(marker="take-number").click()
    await owner.should_see("0 waiting")
    tile = owner.find(marker="service-payment").elements.pop()
    owner.find(marker="queue-priority").click()
    assert chosen_queue(owner) == ["queue-priority"]
    owner.find(marker="service-payment").click()
    await owner.should_see(marker="done")
    owner.find(marker="done").click()
    await owner.should_see("Take a number")  # Done keeps the language chosen (it used to reset to 取号)

    site.queue.take_number(Service.PAYMENT, print_ticket=False)
    owner.find(marker="take-number").click()
    await owner.should_see("2 waiting")
    assert owner.find(marker="service-payment").elements == {tile}, "the choice is shown again, not rebuilt"
    assert chosen_queue(owner) == ["queue-regular"]
    owner.find(marker="service-payment").click()
    await owner.should_see(marker="ticket-number")
    with site.store.transaction() as tx:
        assert [t.priority for t in tx.find(QueueTicket)] == [True, False, False]


def printed_lines(site: Site) -> list[str]:
    """Every line the site's printer put on paper so far."""
    return decode((site.settings.data_dir / "printer.bin").read_bytes()).texts


async def test_priority_is_asked_before_the_services_and_a_priority_ticket_says_so_on_screen(owner: User) -> None:
    await owner.open("/")
    owner.find(marker="take-number").click()
    await owner.should_see("请选择取号方式")
    await owner.should_see("老人、残障、孕妇")
    regular, priority, inquiry = (next(iter(owner.find(marker=marker).elements)).id
                                  for marker in ("queue-regular", "queue-priority", "service-inquiry"))
    assert regular < priority < inquiry, "regular, then priority, then the services, in the page's order"
    assert chosen_queue(owner) == ["queue-regular"]

    owner.find(marker="queue-priority").click()
    owner.find(marker="service-inquiry").click()

    await owner.should_see(marker="ticket-number")
    assert label_texts(owner, "ticket-priority") == ["优先"]


# The layout prints the banner (tests/printers/test_slip_layouts.py); the ticket's renderer does not yet
# hand it the ticket's priority. Strict: once it does, this fails until the mark is taken off.
@pytest.mark.parametrize(("lang", "banner", "other_language"), [("zh", "** 优先 **", "PRIORITY"),
                                                                 ("en", "** PRIORITY **", "优先")])
async def test_a_priority_ticket_prints_priority_in_the_tickets_language(
    owner: User, site: Site, lang: str, banner: str, other_language: str
) -> None:
    await owner.open("/")
    owner.find(marker=f"lang-{lang}").click()
    owner.find(marker="take-number").click()
    owner.find(marker="queue-priority").click()
    owner.find(marker="service-payment").click()

    await owner.should_see(marker="ticket-priority")
    assert label_texts(owner, "ticket-priority") == [{"zh": "优先", "en": "Priority"}[lang]]
    await owner.should_see({"zh": "请取走小票", "en": "Please take your ticket"}[lang], retries=30)
    assert banner in printed_lines(site)
    assert not any(other_language in line for line in printed_lines(site)), "one language per ticket"


async def test_a_regular_ticket_is_one_tap_after_take_a_number_and_never_says_priority(
    owner: User, site: Site
) -> None:
    await owner.open("/")
    owner.find(marker="take-number").click()
    owner.find(marker="service-repair").click()

    await owner.should_see(marker="ticket-number")
    await owner.should_not_see(marker="ticket-priority")
    await owner.should_not_see("优先")
    await owner.should_see("请取走小票", retries=30)
    assert "D001" in printed_lines(site)
    assert not any("优先" in line or "PRIORITY" in line for line in printed_lines(site))


async def test_done_returns_home_in_the_owners_language_and_the_idle_return_brings_back_the_default(
    owner: User, idle_clock: FakeMonotonic
) -> None:
    await owner.open("/")
    owner.find(marker="lang-en").click()
    owner.find(marker="take-number").click()
    owner.find(marker="service-other").click()
    await owner.should_see(marker="done")
    owner.find(marker="done").click()
    await owner.should_see("Take a number")  # the same person, perhaps with a second errand
    await owner.should_not_see(marker="ticket-number")

    idle_clock.advance(61)  # they left: whoever comes next starts in the default language
    await owner.should_see("取号", retries=20)


async def test_an_untouched_screen_goes_home_after_a_minute(owner: User, idle_clock: FakeMonotonic) -> None:
    await owner.open("/")
    owner.find(marker="lang-en").click()
    owner.find(marker="take-number").click()
    owner.find(marker="service-complaint").click()
    await owner.should_see(marker="ticket-number")

    idle_clock.advance(59)
    await asyncio.sleep(1.2)
    await owner.should_see(marker="ticket-number")

    idle_clock.advance(2)
    await owner.should_see("取号", retries=20)
    await owner.should_not_see(marker="ticket-number")


class TestWithABrokenPrinter:
    @pytest.fixture
    def site_printer(self) -> PrinterConnection:
        # Nothing listens on port 9 of the loopback: every send is refused at once.
        return connection_from_url("network://127.0.0.1:9")

    async def test_the_owner_still_gets_a_number_and_a_photo_hint(self, owner: User, site: Site) -> None:
        await owner.open("/")
        owner.find(marker="lang-en").click()
        owner.find(marker="take-number").click()
        owner.find(marker="service-payment").click()

        await owner.should_see(marker="ticket-number")
        assert label_texts(owner, "ticket-number") == ["C001"]
        await owner.should_see("The printer is not working — please take a photo of this screen", retries=40)
        assert site.print_outcome(todays_ticket_id(site, "C001")) == "failed"
