"""Staff log in, call numbers at their counter, and the lobby display shows and speaks the calls."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

import pytest
from nicegui import ui
from nicegui.testing.user import User

from desk.clock import FixedClock
from desk.credentials import Outcome
from desk.queue import Service, TicketStatus
from lobbydesk.site import Site
from printers.connections import PrinterConnection, connection_from_url
from tests.fakes import label_texts
from tests.printers.escpos_decoder import decode


async def _log_in(staff: User, name: str = "wang", password: str = "desk-password", *, right: bool = True) -> None:
    await staff.open("/staff/login")
    staff.find(marker="login-name").type(name)
    staff.find(marker="login-password").type(password)
    staff.find(marker="login-submit").click()
    if right:
        await staff.should_see(marker="staff-name", retries=30)


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
    assert label_texts(staff, "staff-name") == ["wang (desk)"]


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
    assert label_texts(staff, "current-ticket") == ["A001"]
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
    assert label_texts(staff, "current-ticket") == ["C002"]
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
    await staff.should_see("No-show from 09:39 可于 09:39 后过号")  # called 09:36, three minutes' grace
    staff.find(marker="no-show").click()  # not yet: the button is closed
    assert community.queue.get(missing.id).status is TicketStatus.CALLED  # type: ignore[union-attr]
    await staff.should_not_see(marker="call-next")  # the absent owner is not served by moving on
    site_clock.advance(minutes=4)
    await staff.should_not_see(marker="no-show-from", retries=20)
    staff.find(marker="no-show").click()
    await staff.should_see("Nobody called yet 尚未叫号")
    assert community.queue.get(missing.id).status is TicketStatus.NO_SHOW  # type: ignore[union-attr]


async def test_served_call_next_finishes_one_owner_and_calls_the_next(
    new_browser: Callable[[], User], community: Site
) -> None:
    first = community.queue.take_number(Service.REPAIR, print_ticket=False).ticket
    community.queue.take_number(Service.REPAIR, print_ticket=False)
    staff = new_browser()
    await _log_in(staff)
    staff.find(marker="call-next").click()
    await staff.should_see(marker="served-next")
    staff.find(marker="served-next").click()
    await staff.should_see("D002", retries=20)
    assert label_texts(staff, "current-ticket") == ["D002"]
    assert community.queue.get(first.id).status is TicketStatus.SERVED  # type: ignore[union-attr]

    staff.find(marker="back-in-line").click()  # the owner stepped out to fetch a document
    await staff.should_see("Nobody called yet 尚未叫号")
    assert [t.number for t in community.queue.waiting_tickets()] == ["D002"]


async def test_the_waiting_table_lists_the_line_in_calling_order(
    new_browser: Callable[[], User], community: Site, site_clock: FixedClock
) -> None:
    community.queue.take_number(Service.REPAIR, print_ticket=False)
    site_clock.advance(minutes=1)
    community.queue.take_number(Service.INQUIRY, print_ticket=False, priority=True)
    staff = new_browser()
    await _log_in(staff)
    table = staff.find(marker="waiting-list").elements.pop()
    assert isinstance(table, ui.table)
    assert [row["number"] for row in table.rows] == ["A001", "D001"]


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


async def test_a_new_unit_pin_is_printed_on_a_slip_and_works_at_the_kiosk(
    new_browser: Callable[[], User], community: Site
) -> None:
    staff = new_browser()
    await _log_in(staff)
    _choose(staff, "pin-building", "5")
    staff.find(marker="pin-room").type("301")
    staff.find(marker="pin-reset").click()
    await staff.should_see("New PIN for 5-301 is printing 新密码正在打印", retries=30)

    printed = decode((community.settings.data_dir / "printer.bin").read_bytes())
    pins = [text for text in printed.texts if re.fullmatch(r"\d{6}", text.replace(" ", ""))]
    assert len(pins) == 1
    pin = pins[0].replace(" ", "")
    assert community.credentials.check_pin("SUNNY-U2", pin).outcome is Outcome.OK
    store = sqlite3.connect(community.settings.store_path)
    payloads = " ".join(payload for (payload,) in store.execute("SELECT payload FROM print_jobs"))
    assert pin not in payloads, "a PIN slip never goes through the stored print journal"
    (stored,) = store.execute("SELECT hash FROM credentials WHERE subject = 'SUNNY-U2'").fetchone()
    assert stored.startswith("scrypt$")
    assert community.units.get("SUNNY-U2").pin_set  # type: ignore[union-attr]


class TestWithABrokenPrinter:
    @pytest.fixture
    def site_printer(self) -> PrinterConnection:
        return connection_from_url("network://127.0.0.1:9")

    async def test_the_new_pin_is_shown_once_to_the_clerk_instead(
        self, new_browser: Callable[[], User], community: Site
    ) -> None:
        staff = new_browser()
        await _log_in(staff)
        _choose(staff, "pin-building", "3")
        staff.find(marker="pin-room").type("1202")
        staff.find(marker="pin-reset").click()
        await staff.should_see(marker="pin-shown", retries=30)
        pin = label_texts(staff, "pin-shown")[0]
        assert community.credentials.check_pin("SUNNY-U1", pin).outcome is Outcome.OK


async def test_printer_alerts_reach_the_console(new_browser: Callable[[], User], community: Site) -> None:
    staff = new_browser()
    await _log_in(staff)
    with community.store.transaction() as tx:
        tx.raise_alert("printer", "paper_out", "The ticket printer is out of paper", at=community.clock.now())
    await staff.should_see("The ticket printer is out of paper", retries=20)
    with community.store.transaction() as tx:
        tx.clear_alerts("printer", at=community.clock.now())
    await staff.should_not_see("The ticket printer is out of paper", retries=20)


def _choose(user: User, marker: str, value: str) -> None:
    select = next(iter(user.find(marker=marker).elements))
    assert isinstance(select, ui.select)
    select.set_value(value)


async def test_the_waiting_line_follows_the_kiosk_without_redrawing_the_counter(
    new_browser: Callable[[], User], community: Site
) -> None:
    staff = new_browser()
    await _log_in(staff)
    table = staff.find(marker="waiting-list").elements.pop()
    current = staff.find(marker="no-current-ticket").elements.pop()
    assert isinstance(table, ui.table) and table.rows == []

    community.queue.take_number(Service.INQUIRY, print_ticket=False)
    community.queue.take_number(Service.REPAIR, print_ticket=False, priority=True)
    await staff.should_see("Waiting 等候 (2)", retries=30)
    # In the order they will be called: the priority ticket first, whatever its service.
    assert [(row["number"], row["priority"]) for row in table.rows] == [("D001", "★"), ("A001", "")]
    assert staff.find(marker="waiting-list").elements == {table}, "the table is updated, not rebuilt"
    assert staff.find(marker="no-current-ticket").elements == {current}, "the counter's card was left alone"

    staff.find(marker="call-next").click()
    await staff.should_see("Waiting 等候 (1)", retries=30)
    assert [row["number"] for row in table.rows] == ["A001"]
    assert label_texts(staff, "serving-row") == ["D001 → counter 1"]
