"""An owner's session lasts one errand: whoever taps next is asked who they are.

Paying fees has its own stories of this in test_pay_fees.py (Done, Back, and the idle payment QR).
"""

from __future__ import annotations

import asyncio

from nicegui import ui
from nicegui.testing.user import User

from lobbydesk.site import Site
from tests.fakes import FakeMonotonic, label_texts
from tests.kiosk.repair_stories import open_signed_in
from tests.kiosk.test_sign_in import _enter_pin, choose_unit


async def the_next_tap_on_pay_fees_asks_who_it_is(owner: User) -> None:
    """Whoever taps Pay fees next is asked for a unit and PIN, and sees nobody's fees."""
    await owner.should_see(marker="tile-pay", retries=20)
    owner.find(marker="tile-pay").click()
    await owner.should_see(marker="building-3", retries=20)
    await owner.should_not_see(marker="pay-title")
    await owner.should_not_see("3-1202")


async def test_done_in_my_requests_signs_the_owner_out(owner: User, community: Site) -> None:
    await open_signed_in(owner, "mine")
    await owner.should_see(marker="mine-done", retries=20)

    owner.find(marker="mine-done").click()

    await owner.should_not_see(marker="greeting")
    await the_next_tap_on_pay_fees_asks_who_it_is(owner)


async def test_an_owner_who_signs_in_at_home_stays_signed_in_until_their_errand_ends(
    owner: User, community: Site
) -> None:
    await owner.open("/")
    owner.find(marker="sign-in").click()
    await choose_unit(owner, "3", "1202")
    await _enter_pin(owner, "2468")
    await owner.should_see(marker="greeting", retries=50)
    owner.find(marker="lang-en").click()

    owner.find(marker="tile-pay").click()  # signed in already: the fees open straight away
    await owner.should_see("Fees due for 3-1202", retries=20)
    await owner.should_see(marker="pay-back")  # the account is loaded
    owner.find(marker="pay-back").click()

    await the_next_tap_on_pay_fees_asks_who_it_is(owner)


async def test_the_kiosk_asks_still_there_before_the_idle_sign_out(
    owner: User, community: Site, idle_clock: FakeMonotonic
) -> None:
    await open_signed_in(owner, "mine", lang="en")
    await owner.should_see(marker="mine-done", retries=20)
    (warning,) = owner.find(marker="idle-warning-dialog").elements
    assert isinstance(warning, ui.dialog) and not warning.value

    idle_clock.advance(community.settings.idle_seconds - 4)
    for _ in range(30):
        if warning.value:
            break
        await asyncio.sleep(0.1)
    assert warning.value, "the question shows before the sign-out"
    assert label_texts(owner, "idle-warning-text") == [
        "Still there? In 4 seconds the kiosk goes back to the start and signs you out"]
    owner.find(marker="idle-stay").click()
    assert not warning.value
    await owner.should_see(marker="mine-done")
    await owner.should_see(marker="greeting")

    idle_clock.advance(community.settings.idle_seconds + 1)  # asked, and nobody answered
    await owner.should_not_see(marker="greeting", retries=30)
    assert not warning.value
    await the_next_tap_on_pay_fees_asks_who_it_is(owner)
