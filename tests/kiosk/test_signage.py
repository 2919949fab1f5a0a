"""An idle kiosk turns into signage: notices rotate, the now-serving strip and the clock stay; a touch wakes it."""

from __future__ import annotations

from datetime import date

from nicegui.testing.user import User
from nicegui.testing.user_interaction import UserInteraction

from desk.clock import FixedClock
from desk.notices import Notice
from desk.queue import Service
from lobbydesk.site import Site
from tests.fakes import FakeMonotonic, label_texts


def post_notices(site: Site) -> None:
    with site.store.transaction() as tx:
        tx.put(Notice(id="N1", title_zh="停水通知", title_en="Water off Saturday", body_en="9:00-12:00", pinned=True),
               actor="staff", at=site.clock.now())
        tx.put(Notice(id="N2", title_zh="电梯保养", title_en="Lift service"), actor="staff", at=site.clock.now())
        tx.put(Notice(id="N3", title_en="Old news", ends=date(2026, 11, 1)), actor="staff", at=site.clock.now())


async def test_after_an_idle_minute_the_home_screen_shows_notices_the_queue_and_the_clock(
    owner: User, site: Site, idle_clock: FakeMonotonic
) -> None:
    post_notices(site)
    site.queue.take_number(Service.INQUIRY, print_ticket=False)
    site.queue.call_next("1")
    await owner.open("/")
    await owner.should_see(marker="take-number")

    idle_clock.advance(61)

    await owner.should_see(marker="signage", retries=30)
    assert label_texts(owner, "signage-title") == ["停水通知"]
    assert label_texts(owner, "signage-subtitle") == ["Water off Saturday"]  # for those who read English
    assert label_texts(owner, "signage-position") == ["1 / 2"]
    assert label_texts(owner, "signage-date") == ["11月27日"]  # no Starts: dated the day staff wrote it
    assert label_texts(owner, "signage-clock") == ["09:30"]
    await owner.should_see("A001")
    await owner.should_not_see(marker="take-number")


async def test_notices_rotate_and_the_clock_keeps_time(
    owner: User, site: Site, idle_clock: FakeMonotonic, site_clock: FixedClock
) -> None:
    post_notices(site)
    await owner.open("/")
    idle_clock.advance(61)
    await owner.should_see(marker="signage", retries=30)

    idle_clock.advance(8)
    site_clock.advance(minutes=1)

    await owner.should_see("电梯保养", retries=30)
    assert label_texts(owner, "signage-position") == ["2 / 2"]
    await owner.should_see("09:31", retries=30)


async def test_a_touch_wakes_the_screen_back_to_the_tiles(owner: User, site: Site, idle_clock: FakeMonotonic) -> None:
    post_notices(site)
    await owner.open("/")
    idle_clock.advance(61)
    await owner.should_see(marker="signage", retries=30)

    touch_the_screen(owner)

    await owner.should_see(marker="take-number", retries=30)
    await owner.should_not_see(marker="signage")


async def test_a_screen_left_mid_journey_first_returns_home_and_only_later_becomes_signage(
    owner: User, site: Site, idle_clock: FakeMonotonic
) -> None:
    post_notices(site)
    await owner.open("/")
    owner.find(marker="lang-en").click()
    owner.find(marker="take-number").click()
    await owner.should_see(marker="service-inquiry")

    idle_clock.advance(61)

    await owner.should_see(marker="take-number", retries=30)
    await owner.should_not_see(marker="signage")
    idle_clock.advance(61)
    await owner.should_see(marker="signage", retries=30)


def touch_the_screen(owner: User) -> None:
    """What the page's pointerdown listener does: emit the global ``kiosk_touch`` event."""
    assert owner.client is not None
    UserInteraction(owner, {owner.client.layout}, None).trigger("kiosk_touch")
