"""What staff set in the workbook's Settings tab reaches the kiosk: hours, services, letters, name."""

from __future__ import annotations

from nicegui.testing.user import User

from desk.clock import FixedClock
from desk.queue import Service
from lobbydesk.site import Site
from tests.fakes import label_texts
from tests.kiosk.repair_stories import staff_type_settings


async def test_outside_opening_hours_the_kiosk_says_when_the_desk_opens(
    owner: User, site: Site, site_clock: FixedClock
) -> None:
    await owner.open("/")
    await staff_type_settings(site, opening_hours="10:00-12:00, 13:30-18:00")  # the clock says 09:30
    await owner.should_see("服务台 10:00 开放，届时可取号", retries=20)
    await owner.should_not_see(marker="take-number")

    site_clock.advance(minutes=31)
    await owner.should_see(marker="take-number", retries=20)

    site_clock.advance(hours=9)
    await owner.should_see("服务台已下班，明天 10:00 开放", retries=20)


async def test_only_the_services_staff_offer_are_shown_with_their_letters(owner: User, site: Site) -> None:
    await owner.open("/")
    await staff_type_settings(site, services="payment=P, repair=R", community_name="Renamed Garden")
    await owner.open("/")
    await owner.should_see("Renamed Garden")
    owner.find(marker="lang-en").click()
    owner.find(marker="take-number").click()
    await owner.should_see(marker="service-payment")
    await owner.should_not_see(marker="service-inquiry")
    owner.find(marker="service-repair").click()
    await owner.should_see("R001")


async def test_counters_and_usual_minutes_from_the_sheet_shape_the_wait_and_who_calls_whom(
    owner: User, site: Site
) -> None:
    await owner.open("/")
    await staff_type_settings(site, counters="payment=3", usual_minutes="payment=10")
    site.queue.take_number(Service.PAYMENT, print_ticket=False)

    owner.find(marker="lang-en").click()
    owner.find(marker="take-number").click()
    owner.find(marker="service-payment").click()
    await owner.should_see(marker="ticket-wait")
    assert label_texts(owner, "ticket-wait") == ["Estimated wait about 10 min"]  # 1 ahead x 10 min, 1 counter

    assert site.queue.call_next("1") is None  # counter 1 no longer serves payments
    called = site.queue.call_next("3")
    assert called is not None and (called.number, called.counter) == ("C001", "3")
    assert "3" in site.queue.counters()
