"""Staff log in, call numbers at their counter, and the lobby display shows and speaks the calls."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui
from nicegui.testing.user import User

from desk.clock import FixedClock
from desk.queue import Service, TicketStatus
from lobbydesk.site import Site


def _texts(user: User, marker: str) -> list[str]:
    return [element.text for element in user.find(marker=marker).elements if isinstance(element, ui.label)]


async def _log_in(staff: User, name: str = "wang", password: str = "desk-password", *, right: bool = True) -> None:
    await staff.open("/staff/login")
    staff.find(marker="login-name").type(name)
    staff.find(marker="login-password").type(password)
    staff.find(marker="login-submit").click()
    if right:
        await staff.should_see(marker="call-next", retries=30)


async def test_the_console_needs_a_login_and_a_wrong_password_is_refused(
    new_browser: Callable[[], User], community: Site
) -> None:
    staff = new_browser()
    await staff.open("/staff")
    await staff.should_see(marker="login-name", retries=10)
    await _log_in(staff, password="not-the-password", right=False)
    await staff.should_see("Wrong name or password.", retries=30)
    await staff.should_not_see(marker="call-next")
    await _log_in(staff)
    await staff.should_see(marker="call-next")
    assert _texts(staff, "staff-name") == ["wang (desk)"]


async def test_a_called_number_appears_at_the_counter_and_on_the_display(
    new_browser: Callable[[], User], community: Site
) -> None:
    first = community.queue.take_number(Service.INQUIRY, print_ticket=False).ticket
    community.queue.take_number(Service.INQUIRY, print_ticket=False)
    display = new_browser()
    await display.open("/display")
    staff = new_browser()
    await _log_in(staff)
    await staff.should_see(marker="call-next")

    staff.find(marker="call-next").click()
    await staff.should_see(marker="current-ticket")
    assert _texts(staff, "current-ticket") == ["A001"]
    assert community.queue.get(first.id).status is TicketStatus.CALLED  # type: ignore[union-attr]

    await display.should_see("A001 → 1", retries=20)
    await display.should_see("1 号窗口 · Counter 1")


async def test_priority_tickets_are_called_first_and_the_owners_unit_is_shown(
    new_browser: Callable[[], User], community: Site
) -> None:
    community.queue.take_number(Service.PAYMENT, print_ticket=False)
    community.queue.take_number(Service.PAYMENT, print_ticket=False, unit="SUNNY-U1", priority=True)
    staff = new_browser()
    await _log_in(staff)
    await staff.should_see(marker="call-next")
    staff.find(marker="call-next").click()
    await staff.should_see(marker="unit-context")
    assert _texts(staff, "current-ticket") == ["C002"]
    await staff.should_see("Unit 房号 3-1202")
    await staff.should_see("张三明 · owner · 13800138000")


async def test_served_then_no_show_after_the_grace_minutes(
    new_browser: Callable[[], User], community: Site, site_clock: FixedClock
) -> None:
    served = community.queue.take_number(Service.REPAIR, print_ticket=False).ticket
    missing = community.queue.take_number(Service.REPAIR, print_ticket=False).ticket
    staff = new_browser()
    await _log_in(staff)
    await staff.should_see(marker="call-next")

    staff.find(marker="call-next").click()
    await staff.should_see(marker="served")
    site_clock.advance(minutes=6)
    staff.find(marker="served").click()
    await staff.should_see("Nobody called yet 尚未叫号")
    done = community.queue.get(served.id)
    assert done is not None and (done.status, done.service_minutes) == (TicketStatus.SERVED, 6)

    staff.find(marker="call-next").click()
    await staff.should_see(marker="no-show")
    staff.find(marker="no-show").click()
    await staff.should_see("was called only just now; wait 3 more minute(s) first")
    site_clock.advance(minutes=4)
    staff.find(marker="no-show").click()
    await staff.should_see("Nobody called yet 尚未叫号")
    assert community.queue.get(missing.id).status is TicketStatus.NO_SHOW  # type: ignore[union-attr]


async def test_a_ticket_is_transferred_to_another_service(
    new_browser: Callable[[], User], community: Site
) -> None:
    ticket = community.queue.take_number(Service.INQUIRY, print_ticket=False).ticket
    staff = new_browser()
    await _log_in(staff)
    await staff.should_see(marker="call-next")
    staff.find(marker="call-next").click()
    await staff.should_see(marker="transfer")
    staff.find(marker="transfer-service").click()
    staff.find("Payment 缴费").click()
    staff.find(marker="transfer").click()
    await staff.should_see("Nobody called yet 尚未叫号")
    moved = community.queue.get(ticket.id)
    assert moved is not None and (moved.service, moved.status) == (Service.PAYMENT, TicketStatus.WAITING)


async def test_a_staff_session_expires(
    new_browser: Callable[[], User], community: Site, site_clock: FixedClock
) -> None:
    staff = new_browser()
    await _log_in(staff)
    await staff.should_see(marker="call-next")
    site_clock.advance(hours=11)
    await staff.open("/staff")
    await staff.should_see(marker="login-name")
