"""Other areas add staff pages, unit facts and lobby notices to the console and the display."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from nicegui import ui
from nicegui.testing.user import User

from admin.auth import StaffPage
from admin.context import AdminContext
from admin.sections import ConsoleSection
from desk.queue import Service
from lobbydesk.site import Site
from tests.admin.test_console_and_display import _log_in
from tests.fakes import label_texts


def _keys_page(staff: StaffPage) -> None:
    ui.label(f"Key cabinet, opened by {staff.name}").mark("keys-page")
    drawer = ui.context.client.request.query_params.get("drawer")
    if drawer:
        ui.label(f"Drawer {drawer} opened").mark("drawer")


@pytest.fixture
def extend_admin() -> Callable[[AdminContext], AdminContext]:
    def extend(admin: AdminContext) -> AdminContext:
        return dataclasses.replace(
            admin,
            sections=[ConsoleSection("keys", "Keys 钥匙", _keys_page),
                      ConsoleSection("reports", "Reports 报表", _keys_page, roles=("manager",))],
            unit_facts=[lambda unit_id: [f"Balance due for {unit_id}: 120.00"]],
            notices=lambda: ["Water off Friday 9-11 周五停水"],
        )
    return extend


async def test_a_section_opens_in_the_shared_frame_after_login(
    new_browser: Callable[[], User], community: Site
) -> None:
    staff = new_browser()
    await staff.open("/staff/keys")
    await staff.should_see(marker="login-name", retries=10)
    await _log_in(staff)
    await staff.open("/staff/keys")
    await staff.should_see("Key cabinet, opened by wang")
    await staff.should_see(marker="nav-desk")
    await staff.should_not_see(marker="nav-reports")  # a desk clerk is not a manager


async def test_a_manager_section_refuses_a_desk_clerk(new_browser: Callable[[], User], community: Site) -> None:
    staff = new_browser()
    await _log_in(staff)
    await staff.open("/staff/reports")
    await staff.should_see(marker="not-allowed")
    await staff.should_not_see(marker="keys-page")


async def test_the_called_owners_unit_shows_what_other_areas_know(
    new_browser: Callable[[], User], community: Site
) -> None:
    community.queue.take_number(Service.PAYMENT, unit="SUNNY-U1", print_ticket=False)
    staff = new_browser()
    await _log_in(staff)
    staff.find(marker="call-next").click()
    await staff.should_see(marker="unit-context")
    assert label_texts(staff, "unit-fact") == ["Balance due for SUNNY-U1: 120.00"]


async def test_the_display_scrolls_the_notices(new_browser: Callable[[], User], community: Site) -> None:
    display = new_browser()
    await display.open("/display")
    await display.should_see("Water off Friday 9-11 周五停水")


async def test_a_link_with_a_query_survives_the_login(new_browser: Callable[[], User], community: Site) -> None:
    staff = new_browser()
    await staff.open("/display")  # the browser has its cookie before the link redirects it
    await staff.open("/staff/keys?drawer=7")
    await staff.should_see(marker="login-name", retries=10)
    staff.find(marker="login-name").type("wang")
    staff.find(marker="login-password").type("desk-password")
    staff.find(marker="login-submit").click()
    await staff.should_see(marker="drawer", retries=30)
    assert label_texts(staff, "drawer") == ["Drawer 7 opened"]
