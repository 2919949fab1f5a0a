"""A Settings change typed in the workbook reaches screens that are already open, without a reload."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from nicegui import ui
from nicegui.testing.user import User

from lobbydesk.site import Site
from tests.admin.test_console_and_display import _log_in
from tests.fakes import label_texts
from tests.kiosk.repair_stories import staff_type_settings


async def test_a_new_community_name_reaches_the_open_kiosk_console_and_display(
    new_browser: Callable[[], User], community: Site
) -> None:
    kiosk = new_browser()
    await kiosk.open("/")
    display = new_browser()
    await display.open("/display")
    console = new_browser()
    await _log_in(console)
    await console.open("/staff/visitors")

    await staff_type_settings(community, community_name="Renamed Garden 新名花园")

    await kiosk.should_see("Renamed Garden 新名花园", retries=60)
    await display.should_see("Renamed Garden 新名花园", retries=60)
    await console.should_see("Renamed Garden 新名花园", retries=60)
    assert label_texts(kiosk, "community-name") == ["Renamed Garden 新名花园"]


async def test_counters_staff_change_reach_the_open_console(
    new_browser: Callable[[], User], community: Site
) -> None:
    console = new_browser()
    await _log_in(console)
    (choice,) = console.find(marker="counter").elements
    assert isinstance(choice, ui.select)
    assert list(choice.options) == ["1", "2"]

    await staff_type_settings(community, counters="inquiry=1 2 3, payment=3")

    for _ in range(60):
        if list(choice.options) == ["1", "2", "3"]:
            break
        await asyncio.sleep(0.1)
    assert list(choice.options) == ["1", "2", "3"]
