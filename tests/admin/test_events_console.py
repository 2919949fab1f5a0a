"""Staff check people in at the event: a typed pass number, or the pass's QR scanned with a phone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from nicegui.testing.user import User

from desk.events import SignupStatus
from desk.queue import Service
from lobbydesk.site import Site
from tests.admin.test_console_and_display import _log_in
from tests.fakes import label_texts
from tests.kiosk.test_events_at_the_kiosk import add_event


async def test_typing_a_pass_number_checks_the_unit_in_and_signups_show_attended(
    new_browser: Callable[[], User], community: Site
) -> None:
    add_event(community)
    events = community.community.events
    events.sign_up("SUNNY-E1", "SUNNY-U1", "3-1202", 2, print_pass=False)
    staff = new_browser()
    await _log_in(staff)
    await staff.open("/staff/events")

    staff.find(marker="checkin-code").type("1")
    staff.find(marker="checkin-submit").click()

    await staff.should_see(marker="checkin-result")
    assert label_texts(staff, "checkin-result") == ["✓ Pass 0001: checked in 签到成功"]
    [signup] = events.signups("SUNNY-E1")
    assert (signup.status, signup.attended_at) == (SignupStatus.ATTENDED, datetime(2026, 11, 27, 9, 30,
                                                                                    tzinfo=community.clock.tz))
    with community.store.transaction() as tx:  # the history names who checked in
        assert tx.history_entries(signup.id)[-1].actor == "desk wang"

    staff.find(marker="checkin-submit").click()
    await staff.should_see("✓ Pass 0001: already checked in at 09:30 已签到")


async def test_scanning_the_pass_qr_opens_the_page_and_checks_in_at_once(
    new_browser: Callable[[], User], community: Site
) -> None:
    add_event(community)
    signup = community.community.events.sign_up("SUNNY-E1", "SUNNY-U1", "3-1202", 1, print_pass=False).signup
    staff = new_browser()
    await _log_in(staff)

    await staff.open(f"/staff/events?checkin={signup.id}")

    await staff.should_see("✓ Pass 0001: checked in 签到成功")


async def test_a_waitlisted_pass_is_refused_at_the_door(new_browser: Callable[[], User], community: Site) -> None:
    add_event(community, capacity=1)
    events = community.community.events
    events.sign_up("SUNNY-E1", "SUNNY-U1", "3-1202", 1, print_pass=False)
    waiting = events.sign_up("SUNNY-E1", "SUNNY-U2", "5-301", 1, print_pass=False).signup
    staff = new_browser()
    await _log_in(staff)
    await staff.open("/staff/events")

    staff.find(marker="checkin-code").type(waiting.pass_number)
    staff.find(marker="checkin-submit").click()

    await staff.should_see("✗ pass 0002 is waitlisted, not signed up")


async def test_the_called_owners_unit_context_names_their_next_events(
    new_browser: Callable[[], User], community: Site
) -> None:
    add_event(community)
    community.community.events.sign_up("SUNNY-E1", "SUNNY-U1", "3-1202", 2, print_pass=False)
    community.queue.take_number(Service.INQUIRY, unit="SUNNY-U1", print_ticket=False)
    staff = new_browser()
    await _log_in(staff)
    staff.find(marker="call-next").click()

    await staff.should_see("Next events 活动: Moon festival party 11-30 09:30 (2, pass 0001)", retries=20)
