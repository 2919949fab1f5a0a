"""Every staff action asks for a live session when it is pressed, not when its page was drawn."""

from __future__ import annotations

import ast
import asyncio
import dataclasses
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from nicegui import Client, run, ui
from nicegui.elements.mixins.value_element import ValueElement
from nicegui.testing.user import User
from nicegui.testing.user_interaction import UserInteraction

from admin.auth import StaffGate
from admin.context import AdminContext
from desk.credentials import StaffRole
from desk.feedback import FeedbackCategory, FeedbackKind
from desk.ledger import PaymentStatus
from desk.queue import Service
from desk.repairs import RepairCategory, RepairReport
from desk.special_services import SpecialService
from desk.staff_sessions import IDLE_LIMIT
from desk.visitors import VisitPurpose
from lobbydesk.site import Site
from tests.admin.test_console_and_display import _log_in
from tests.admin.test_payments_console import _charge, open_payments_with_one_pending
from tests.admin.test_votes_console import a_closed_vote_with_ballots
from tests.kiosk.test_events_at_the_kiosk import add_event

ROOT = Path(__file__).resolve().parents[2]
GATES: list[StaffGate] = []


@pytest.fixture
def extend_admin() -> Callable[[AdminContext], AdminContext]:
    """Keep the site's gate at hand, to compare what the walk pressed with every action offered."""
    def keep(admin: AdminContext) -> AdminContext:
        GATES[:] = [admin.gate]
        return admin
    return keep


def _same_browser(tab: User) -> User:
    """A second tab of the same browser: the same cookies, so the same staff session."""
    return User(tab.http_client)


async def _log_out(tab: User) -> None:
    tab.find(marker="logout").click()
    await tab.should_see(marker="login-name")  # the simulation follows one navigation at a time


async def _log_out_in_another_tab(tab: User) -> None:
    """The same browser logs out in a second tab, as a clerk leaving the PC would."""
    other_tab = _same_browser(tab)
    await other_tab.open("/staff")
    await _log_out(other_tab)


def _store_state(site: Site) -> tuple[int, int]:
    with site.store.transaction() as tx:
        return tx.last_revision(), len(tx.pending_print_jobs())


async def test_a_tab_left_open_after_logging_out_elsewhere_cannot_confirm_a_payment(
    new_browser: Callable[[], User], community: Site
) -> None:
    payments_tab, payment = await open_payments_with_one_pending(new_browser, community)
    await _log_out_in_another_tab(payments_tab)

    payments_tab.find(marker=f"confirm-{payment.id}").click()  # opening the payment is refused too
    await payments_tab.should_see("Your session has ended: please log in again 登录已失效，请重新登录")
    still = community.fees.payments.payment(payment.id)
    assert still is not None and still.status is PaymentStatus.PENDING


async def test_a_confirmation_dialog_left_open_after_logging_out_confirms_nothing(
    new_browser: Callable[[], User], community: Site
) -> None:
    payments_tab, payment = await open_payments_with_one_pending(new_browser, community)
    payments_tab.find(marker=f"confirm-{payment.id}").click()
    await payments_tab.should_see(marker="confirm-yes")
    await _log_out_in_another_tab(payments_tab)

    payments_tab.find(marker="confirm-yes").click()
    await payments_tab.should_see("Your session has ended: please log in again 登录已失效，请重新登录")
    still = community.fees.payments.payment(payment.id)
    assert still is not None and still.status is PaymentStatus.PENDING


async def test_a_repair_opened_before_logging_out_elsewhere_cannot_be_changed(
    new_browser: Callable[[], User], community: Site
) -> None:
    repair = community.repairs.repairs.report(RepairReport(
        unit_id="SUNNY-U1", unit_label="3-1202", category=RepairCategory.DOORS, phrases=["Lock broken"]),
        print_slip=False)
    repairs_tab = new_browser()
    await _log_in(repairs_tab)
    await repairs_tab.open("/staff/repairs")
    repairs_tab.find(marker="open-R0001").click()
    await repairs_tab.should_see(marker="repair-detail")
    await _log_out_in_another_tab(repairs_tab)
    before = _store_state(community)

    for action in ("assign", "move-done", "save-notes"):
        repairs_tab.find(marker=action).click()
    await repairs_tab.should_see("Your session has ended: please log in again 登录已失效，请重新登录")
    assert _store_state(community) == before
    assert community.repairs.repairs.get(repair.id).status.value == "new"  # type: ignore[union-attr]


async def test_a_console_whose_session_ended_cannot_call_the_next_owner(
    new_browser: Callable[[], User], community: Site
) -> None:
    community.queue.take_number(Service.REPAIR, unit="SUNNY-U1", print_ticket=False)
    console = new_browser()
    await _log_in(console)
    await _log_out_in_another_tab(console)

    console.find(marker="call-next").click()
    await console.should_see("Your session has ended: please log in again 登录已失效，请重新登录")
    assert [t.unit for t in community.queue.waiting_tickets()] == ["SUNNY-U1"]
    assert community.queue.called_tickets() == []


async def test_an_open_page_whose_session_expired_goes_to_the_login(
    new_browser: Callable[[], User], community: Site
) -> None:
    staff = new_browser()
    await _log_in(staff)
    await staff.open("/staff/visitors")
    community.clock.advance(minutes=IDLE_LIMIT.total_seconds() / 60 + 1)  # type: ignore[attr-defined]
    await staff.should_see(marker="login-name", retries=60)


async def test_a_session_used_within_the_idle_limit_stays_open(
    new_browser: Callable[[], User], community: Site
) -> None:
    staff = new_browser()
    await _log_in(staff)
    for _ in range(3):  # three quiet stretches, each a little under the limit, with a page opened between
        community.clock.advance(minutes=IDLE_LIMIT.total_seconds() / 60 - 5)  # type: ignore[attr-defined]
        await staff.open("/staff/visitors")
        await staff.should_see(marker="staff-name")


async def test_a_tabs_actions_run_one_at_a_time_in_the_order_pressed(
    new_browser: Callable[[], User], community: Site
) -> None:
    done: list[str] = []

    async def save_slowly(_staff: object) -> None:
        await run.io_bound(time.sleep, 0.3)  # a save still waiting on the store
        done.append("saved")

    def finish(_staff: object) -> None:
        done.append("finished")

    @ui.page("/staff/test-turns")
    def two_actions() -> None:
        gate = GATES[0]
        ui.button("Save", on_click=gate.action("test.save", save_slowly)).mark("save")
        ui.button("Finish", on_click=gate.action("test.finish", finish)).mark("finish")

    staff = new_browser()
    await _log_in(staff)
    await staff.open("/staff/test-turns")
    staff.find(marker="save").click()
    staff.find(marker="finish").click()  # pressed while the save is still under way

    for _ in range(30):
        if len(done) == 2:
            break
        await asyncio.sleep(0.1)
    assert done == ["saved", "finished"]


async def test_a_desk_clerk_on_a_managers_page_is_refused_at_the_press(
    new_browser: Callable[[], User], community: Site
) -> None:
    """A role is checked at the press as well: a desk session cannot run a manager's billing action."""
    community.credentials.add_staff("li", StaffRole.MANAGER, "manager-password")
    manager = new_browser()
    await _log_in(manager, "li", "manager-password")
    await manager.open("/staff/billing")
    await manager.should_see(marker="billing-run")
    other_tab = _same_browser(manager)
    await _log_in(other_tab)  # the same browser now logs in as the desk clerk wang

    manager.find(marker="billing-run").click()
    await manager.should_see("This is for managers 仅限经理")


def _fill_in(user: User, values: dict[str, str]) -> None:
    """Type a valid value into every field of the page that a value is known for."""
    with user as client:
        for element in list(client.elements.values()):
            for marker in element._markers:
                if marker in values and marker != "counter" and isinstance(element, ValueElement):
                    element.value = values[marker]
                elif marker.startswith("answer-SUNNY") and isinstance(element, ValueElement):
                    element.value = "We will look into it"


async def _prepare(site: Site) -> None:
    """Something for every action to act on, so an action that slipped past the gate would change the store."""
    _charge(site, "SUNNY-C1", "210.33", date(2026, 11, 15))
    site.fees.payments.start_payment("SUNNY-U1", ["SUNNY-C1"], "emvco")
    add_event(site)
    site.community.events.sign_up("SUNNY-E1", "SUNNY-U1", "3-1202", 1, print_pass=False)
    site.community.visitors.register("SUNNY-U1", "3-1202", "Li Wei", VisitPurpose.VISIT, print_pass=False)
    site.community.movein.start("SUNNY-U2", "5-301")
    site.queue.take_number(Service.REPAIR, unit="SUNNY-U1", print_ticket=False)
    site.queue.take_number(Service.REPAIR, print_ticket=False)
    site.repairs.repairs.report(RepairReport(unit_id="SUNNY-U1", unit_label="3-1202", category=RepairCategory.DOORS,
                                             phrases=["Lock broken"]), print_slip=False)
    site.repairs.feedback.file(kind=FeedbackKind.COMPLAINT, category=FeedbackCategory.PARKING, text="Car on the lawn",
                               unit_id="SUNNY-U1", unit_label="3-1202")
    _prepare_desk_services(site)
    site.queue.call_next("1")
    a_closed_vote_with_ballots(site)  # Who voted, Publish and its PDF are offered only for a closed vote
    site.clock.advance(minutes=4)  # type: ignore[attr-defined]  # past the no-show grace: every button is open


def _prepare_desk_services(site: Site) -> None:
    """A parcel on the shelf, a service requested, a key held: the parcels and services pages' buttons."""
    area = site.desk_services
    area.parcels.register("SUNNY-U1", "3-1202", carrier="SF", shelf="A-3", staff="wang", print_label=False)
    with site.store.transaction() as tx:
        tx.put(SpecialService(id="SUNNY-J1", name_zh="借梯子"), actor="staff", at=site.clock.now())
    area.services.request("SUNNY-J1", "SUNNY-U1", "3-1202", "", print_slip=False)
    area.keys.leave("SUNNY-U1", "3-1202", key_label="", collector_name="王师傅", collector_tail="6688",
                    until=site.clock.now() + timedelta(days=3), staff="wang")


PAGES = ["/staff", "/staff/payments", "/staff/billing", "/staff/events", "/staff/visitors", "/staff/movein",
         "/staff/owners?unit=3-1202", "/staff/repairs", "/staff/feedback", "/staff/search?q=3-1202", "/staff/handover",
         "/staff/operations", "/staff/votes", "/staff/parcels", "/staff/services", "/staff/dashboard",
         "/staff/rounds"]
INPUTS = {"checkin-code": "1", "adjust-target": "SUNNY-C1", "adjust-amount": "1.00", "adjust-note": "test",
          "pin-room": "1202", "pin-building": "3", "transfer-service": Service.PAYMENT.value,
          "water-5-301": "1", "electricity-5-301": "2", "gas-5-301": "3", "owner-file-unit": "3-1202",
          "counter": "2", "parcel-unit": "3-1202", "key-unit": "3-1202", "key-collector": "王师傅", "key-tail": "6688"}


async def test_every_staff_action_refuses_a_session_that_ended(
    new_browser: Callable[[], User], community: Site
) -> None:
    """Walk every staff page; log out in another tab; press every action on it: none may change anything."""
    community.credentials.add_staff("li", StaffRole.MANAGER, "manager-password")
    await _prepare(community)
    pressed: set[str] = set()
    for path in PAGES:
        opened_before = set(Client.instances)
        page = new_browser()
        await _log_in(page, "li", "manager-password", right=False)
        await page.should_see(marker="staff-name", retries=100)
        await page.open(path)
        await page.should_see(marker="staff-name")
        _fill_in(page, INPUTS)
        with page as client:
            actions = [e for e in client.elements.values() if "staff-action" in e._markers]
        other_tab = _same_browser(page)
        await other_tab.open("/staff/visitors")
        await _log_out(other_tab)
        before = _store_state(community)

        for element in actions:
            name = next(m.removeprefix("action:") for m in element._markers if m.startswith("action:"))
            pressed.add(name)
            if isinstance(element, ui.select):  # choosing another counter
                with page:
                    element.value = INPUTS["counter"]
            elif isinstance(element, ui.input):  # a box whose Enter acts (the header's search)
                UserInteraction(page, {element}, None).trigger("keydown.enter")
            else:  # a button, or a checkbox or switch the click ticks
                UserInteraction(page, {element}, None).click()
        if actions:
            await page.should_see("Your session has ended: please log in again 登录已失效，请重新登录")
            await page.should_see(marker="login-name", retries=50)  # each refusal sends the page to the login
        assert _store_state(community) == before, f"an action on {path} acted without a live session"
        # The browser is closed: the simulation sends every ui.navigate to the newest user, so a page left
        # open would let its session watch send the next browser to the login.
        for client in [c for key, c in Client.instances.items() if key not in opened_before]:
            client.delete()

    offered = set(GATES[0].actions)
    assert offered, "the walk found no staff action at all"
    assert pressed == offered, f"actions the walk did not press: {sorted(offered - pressed)}"


def test_every_staff_button_in_the_console_goes_through_the_gate() -> None:
    """No admin page wires a handler straight to ui.button, an input's change or a key press."""
    allowed = {"auth.py", "login.py", "display.py", "frame.py"}  # the gate itself, the login, the public display
    offenders = []
    for path in sorted((ROOT / "admin").glob("*.py")):
        if path.name in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                keywords = {k.arg for k in node.keywords}
                if {"on_click", "on_change"} & keywords and not _guarded(node):
                    offenders.append(f"{path.name}:{node.lineno}")
                if isinstance(node.func, ast.Attribute) and node.func.attr in {"on", "on_value_change"} \
                        and not any(_guarded_call(arg) for arg in node.args):
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def _guarded_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "action"


def _guarded(node: ast.Call) -> bool:
    return all(_guarded_call(k.value) for k in node.keywords if k.arg in {"on_click", "on_change"}
               and not (isinstance(k.value, ast.Attribute) and k.value.attr == "close"))


def test_an_ended_session_is_ended_for_every_tab_and_an_unknown_token_is_nothing(community: Site) -> None:
    gate = community.admin_context().gate
    session = gate.sessions.start("wang", "desk")
    assert gate.sessions.live(session.token) == dataclasses.replace(session, last_used=session.last_used)
    gate.sessions.end(session.token)
    assert gate.sessions.live(session.token) is None
    assert gate.sessions.live("forged-token") is None
    assert gate.sessions.live(None) is None
    community.clock.advance(minutes=1)  # type: ignore[attr-defined]
    kept = gate.sessions.start("li", "manager")
    community.clock.advance(hours=10)  # type: ignore[attr-defined]
    assert gate.sessions.live(kept.token) is None, "a session ends after a working day even when used"
    assert timedelta(hours=10) > IDLE_LIMIT
