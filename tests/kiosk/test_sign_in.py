"""An owner signs in at the kiosk with a unit and a PIN, by touch alone."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack

import httpx
import pytest
from nicegui import core
from nicegui.testing.user import User

from desk.queue import QueueTicket
from desk.units import Unit
from lobbydesk.site import Site
from tests.fakes import FakeMonotonic, label_texts


@pytest.fixture
async def new_phone(new_browser: Callable[[], User]) -> AsyncIterator[Callable[[], User]]:
    """Opens the kiosk page on phones on the lobby's Wi-Fi: each its own browser, from its own address.

    ``new_browser``'s browsers reach the server over loopback, as the touchscreen on the kiosk PC does.
    """
    addresses = (f"192.168.1.{n}" for n in itertools.count(100))
    async with AsyncExitStack() as stack:

        def phone() -> User:
            transport = httpx.ASGITransport(core.app, client=(next(addresses), 51234))
            client = httpx.AsyncClient(transport=transport, base_url="http://test")
            stack.push_async_callback(client.aclose)
            return User(client)

        yield phone


async def _enter_unit(owner: User, building: str, room: str) -> None:
    owner.find(marker="sign-in").click()
    await choose_unit(owner, building, room)


async def choose_unit(owner: User, building: str, room: str) -> None:
    """Tap the building, then the room on the pad (the sign-in steps are already showing)."""
    await owner.should_see(marker=f"building-{building}")
    owner.find(marker=f"building-{building}").click()
    await owner.should_see(marker="room-ok")
    for digit in room:
        owner.find(marker=f"room-{digit}").click()
    owner.find(marker="room-ok").click()


async def _enter_pin(owner: User, pin: str) -> None:
    await owner.should_see(marker="pin-ok")
    for digit in pin:
        owner.find(marker=f"pin-{digit}").click()
    owner.find(marker="pin-ok").click()


async def test_an_owner_signs_in_and_sees_only_a_masked_name(owner: User, community: Site) -> None:
    await owner.open("/")
    await _enter_unit(owner, "3", "1202")
    await _enter_pin(owner, "2468")

    await owner.should_see(marker="greeting")
    assert label_texts(owner, "greeting") == ["您好，张*明（3-1202）"]
    await owner.should_not_see("张三明")
    await owner.should_not_see("13800138000")


async def test_a_signed_in_owners_priority_ticket_is_linked_to_the_unit(owner: User, community: Site) -> None:
    await owner.open("/")
    await _enter_unit(owner, "3", "1202")
    await _enter_pin(owner, "2468")
    await owner.should_see(marker="greeting")

    owner.find(marker="take-number").click()
    await owner.should_see(marker="queue-priority")
    owner.find(marker="queue-priority").click()
    owner.find(marker="service-payment").click()
    await owner.should_see(marker="ticket-priority")

    with community.store.transaction() as tx:
        ticket = tx.find(QueueTicket)[-1]
    assert (ticket.unit, ticket.priority) == ("SUNNY-U1", True)


async def test_a_room_that_does_not_exist_is_named(owner: User, community: Site) -> None:
    await owner.open("/")
    await _enter_unit(owner, "3", "999")
    await owner.should_see("3 号楼没有 999 房间")


async def test_five_wrong_pins_lock_the_unit_with_a_clear_message(owner: User, community: Site) -> None:
    await owner.open("/")
    await _enter_unit(owner, "3", "1202")
    await _enter_pin(owner, "1111")
    await owner.should_see("密码不对，还可以试 4 次")
    for _ in range(4):
        await _enter_pin(owner, "1111")
        await asyncio.sleep(0.1)
    await owner.should_see("密码错误次数太多，此房号已锁定到 09:45，或请到服务台", retries=20)

    await _enter_pin(owner, "2468")
    await asyncio.sleep(0.3)
    await owner.should_not_see(marker="greeting")


async def test_a_unit_without_a_pin_is_told_the_same_as_a_wrong_pin(
    new_browser: Callable[[], User], community: Site
) -> None:
    told: list[list[str]] = []
    for building, room in [("5", "301"), ("3", "1202")]:  # 5-301 has no PIN yet, 3-1202 has one
        owner = new_browser()
        await owner.open("/")
        await _enter_unit(owner, building, room)
        await _enter_pin(owner, "1234")
        await owner.should_see("密码不对，还可以试 4 次。没有密码或忘了密码，请到服务台", retries=20)
        told.append(label_texts(owner, "signin-message"))
    assert told[0] == told[1]


async def test_one_screen_trying_a_pin_on_unit_after_unit_is_stopped(
    new_browser: Callable[[], User], community: Site
) -> None:
    lobby = new_browser()
    await lobby.open("/")
    await _enter_unit(lobby, "3", "1202")
    for tries_left in [4, 3, 2, 1]:
        await _enter_pin(lobby, "1111")
        await lobby.should_see(f"还可以试 {tries_left} 次", retries=20)
    lobby.find(marker="signin-back").click()
    await lobby.should_see(marker="room-ok")
    lobby.find(marker="signin-back").click()
    await choose_unit(lobby, "5", "301")
    for tries_left in [4, 3, 2, 1]:
        await _enter_pin(lobby, "1111")
        await lobby.should_see(f"还可以试 {tries_left} 次", retries=20)

    await _enter_pin(lobby, "1111")
    await lobby.should_see("这里输错密码的次数太多，请 09:40 后再试，或请到服务台", retries=20)

    elsewhere = new_browser()  # another screen, and the owner whose unit was tried
    await elsewhere.open("/")
    await _enter_unit(elsewhere, "3", "1202")
    await _enter_pin(elsewhere, "2468")
    await elsewhere.should_see(marker="greeting", retries=20)


async def test_phones_spraying_pins_are_stopped_but_the_owner_at_the_lobby_screen_signs_in(
    owner: User, new_phone: Callable[[], User], community: Site
) -> None:
    now = community.clock.now()
    with community.store.transaction() as tx:
        for room in ["101", "102", "103", "104", "105"]:
            tx.put(Unit(id=f"SUNNY-U7{room}", building="7", room=room), actor="staff", at=now)
    for n in range(20):  # a script tries 1234 four times on each unit of building 7, a new phone every time
        community.sign_in.sign_in("7", str(101 + n % 5), "1234", screen=f"script-{n}")

    phone = new_phone()
    await phone.open("/")
    await _enter_unit(phone, "5", "301")
    await _enter_pin(phone, "1234")
    await phone.should_see("这里输错密码的次数太多，请 09:40 后再试，或请到服务台", retries=20)

    await owner.open("/")
    await _enter_unit(owner, "3", "1202")
    await _enter_pin(owner, "2468")
    await owner.should_see(marker="greeting", retries=20)


async def test_sign_out_and_idle_both_forget_the_owner(
    owner: User, community: Site, idle_clock: FakeMonotonic
) -> None:
    await owner.open("/")
    await _enter_unit(owner, "3", "1202")
    await _enter_pin(owner, "2468")
    await owner.should_see(marker="greeting")
    owner.find(marker="sign-out").click()
    await owner.should_not_see(marker="greeting")

    await _enter_unit(owner, "3", "1202")
    await _enter_pin(owner, "2468")
    await owner.should_see(marker="greeting")
    idle_clock.advance(61)
    await owner.should_not_see(marker="greeting", retries=20)
    await owner.should_see(marker="sign-in")
