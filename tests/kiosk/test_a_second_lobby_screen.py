"""A community with a second touchscreen on its own PC names its address, and phones cannot close it either."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from pathlib import Path

import httpx
import pytest
from nicegui import core
from nicegui.testing.user import User

from desk.units import Unit
from lobbydesk.settings import Settings, load_settings
from lobbydesk.site import Site
from tests.kiosk.test_sign_in import _enter_pin, _enter_unit

SECOND_SCREEN = "192.168.1.20"
THROTTLED = "这里输错密码的次数太多，请 09:40 后再试，或请到服务台"


@pytest.fixture
def site_settings(tmp_path: Path) -> Settings:
    """The site's settings, naming the second touchscreen by the address its PC has on the LAN."""
    return load_settings(data_dir=tmp_path / "site", site_code="SUNNY", community_name="阳光花园 Sunny Garden",
                         workbook="memory://", printer=f"file://{tmp_path / 'site' / 'printer.bin'}",
                         sync_interval=0.2, lobby_screens=[SECOND_SCREEN])


@pytest.fixture
async def screen_at(new_browser: Callable[[], User]) -> AsyncIterator[Callable[[str], User]]:
    """Opens the kiosk page in a browser reaching the server from the given address."""
    async with AsyncExitStack() as stack:

        def screen(address: str) -> User:
            transport = httpx.ASGITransport(core.app, client=(address, 51234))
            client = httpx.AsyncClient(transport=transport, base_url="http://test")
            stack.push_async_callback(client.aclose)
            return User(client)

        yield screen


def _phones_spray_a_pin(community: Site) -> None:
    """A script tries 1234 on each unit of building 7, a new phone every time, until the site's window is full."""
    now = community.clock.now()
    with community.store.transaction() as tx:
        for room in ["101", "102", "103", "104", "105"]:
            tx.put(Unit(id=f"SUNNY-U7{room}", building="7", room=room), actor="staff", at=now)
    for n in range(20):
        community.sign_in.sign_in("7", str(101 + n % 5), "1234", screen=f"script-{n}", address=f"192.168.1.{100 + n}")


async def _sign_in_at(screen: User, building: str, room: str, pin: str) -> User:
    """Open the kiosk page on this screen and sign in to the unit with the PIN."""
    await screen.open("/")
    await _enter_unit(screen, building, room)
    await _enter_pin(screen, pin)
    return screen


async def test_the_owner_at_the_second_lobby_screen_signs_in_while_phones_are_stopped(
    screen_at: Callable[[str], User], community: Site
) -> None:
    _phones_spray_a_pin(community)

    phone = await _sign_in_at(screen_at("192.168.1.23"), "5", "301", "1234")
    await phone.should_see(THROTTLED, retries=20)

    second_screen = await _sign_in_at(screen_at(SECOND_SCREEN), "3", "1202", "2468")
    await second_screen.should_see(marker="greeting", retries=20)


async def test_a_screen_at_an_address_not_named_is_any_other_screen(
    screen_at: Callable[[str], User], community: Site
) -> None:
    _phones_spray_a_pin(community)

    unnamed = await _sign_in_at(screen_at("192.168.1.21"), "3", "1202", "2468")
    await unnamed.should_see(THROTTLED, retries=20)
