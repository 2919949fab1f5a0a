"""The pass's QR code opens ``/e/<ID>`` on the owner's phone: the event and the pass, nothing personal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from nicegui import ui
from nicegui.testing.user import User

from kiosk.event_pages import masked_unit
from lobbydesk.site import Site
from tests.fakes import label_texts
from tests.kiosk.test_events_at_the_kiosk import add_event


def link_target(user: User, marker: str) -> str:
    [element] = user.find(marker=marker).elements
    assert isinstance(element, ui.link)
    return str(element.props["href"])


async def test_the_owner_sees_the_event_and_the_pass_in_their_language_with_the_unit_masked(
    new_browser: Callable[[], User], community: Site
) -> None:
    add_event(community, ends=community.clock.now() + timedelta(days=3, hours=2))
    signup = community.community.events.sign_up("SUNNY-E1", "SUNNY-U1", "3-1202", 2, print_pass=False).signup
    phone = new_browser()

    await phone.open(f"/e/{signup.id}?lang=en")

    await phone.should_see(marker="pass-page-number")
    assert label_texts(phone, "pass-page-number") == ["0001"]
    assert label_texts(phone, "pass-page-event") == ["Moon festival party"]
    assert label_texts(phone, "pass-page-place") == ["Place: Clubhouse 会所"]
    assert label_texts(phone, "pass-page-people") == ["People: 2"]
    assert label_texts(phone, "pass-page-unit") == ["Unit: 3-12**"]
    assert label_texts(phone, "pass-page-status") == ["Show this page or your paper pass at the door"]
    assert label_texts(phone, "pass-page-when") == ["Mon Nov 30, 09:30–11:30"]  # the site's clock: Fri Nov 27
    await phone.should_not_see("1202")
    await phone.should_not_see("张")
    assert link_target(phone, "pass-page-check-in") == f"/staff/events?checkin={signup.id}"
    assert link_target(phone, "pass-lang-zh") == f"/e/{signup.id}?lang=zh"


async def test_the_pass_page_speaks_chinese_and_says_when_a_pass_no_longer_holds_a_place(
    new_browser: Callable[[], User], community: Site
) -> None:
    add_event(community)
    signup = community.community.events.sign_up("SUNNY-E1", "SUNNY-U1", "3-1202", 1, print_pass=False).signup
    community.community.events.cancel(signup.id)
    phone = new_browser()

    await phone.open(f"/e/{signup.id}?lang=zh")

    await phone.should_see(marker="pass-page-status")
    assert label_texts(phone, "pass-page-event") == ["中秋晚会"]
    assert label_texts(phone, "pass-page-when") == ["11月30日 周一 09:30"]
    assert label_texts(phone, "pass-page-status") == ["此报名已取消"]


async def test_a_pass_that_does_not_exist_says_so(new_browser: Callable[[], User], community: Site) -> None:
    phone = new_browser()

    await phone.open("/e/SUNNY-S404?lang=en")

    await phone.should_see(marker="pass-page-status")
    assert label_texts(phone, "pass-page-status") == ["We cannot find this pass"]
    await phone.should_not_see(marker="pass-page-check-in")


def test_a_masked_unit_hides_the_last_two_characters_of_the_room() -> None:
    assert masked_unit("3-1202") == "3-12**"
    assert masked_unit("12-A-301") == "12-A-3**"
    assert masked_unit("5") == "*"
