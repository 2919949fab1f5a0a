"""The Notices tile shows today's notices, pinned first; a signed-in owner sees their building's."""

from __future__ import annotations

from datetime import date, timedelta

from nicegui import ui
from nicegui.testing.user import User

from desk.notices import Notice
from lobbydesk.site import Site
from tests.kiosk.test_sign_in import _enter_pin, choose_unit


def titles_in_order(owner: User) -> list[str]:
    """The notice titles as the screen lists them, top to bottom (elements are numbered as drawn)."""
    return [e.text for e in sorted(owner.find(marker="notice-title").elements, key=lambda e: e.id)
            if isinstance(e, ui.label)]


async def test_notices_for_everyone_and_for_the_owners_building(owner: User, community: Site) -> None:
    with community.store.transaction() as tx:
        for notice in (Notice(id="N1", title_en="Lift service in building 5", buildings="5"),
                       Notice(id="N2", title_en="Water off Saturday", buildings="3", pinned=True),
                       Notice(id="N3", title_en="Autumn fair")):
            tx.put(notice, actor="staff", at=community.clock.now())
    await owner.open("/")
    owner.find(marker="lang-en").click()
    owner.find(marker="tile-notices").click()

    await owner.should_see(marker="notice-title")
    assert titles_in_order(owner) == ["Water off Saturday", "Lift service in building 5", "Autumn fair"]

    owner.find(marker="notices-back").click()
    owner.find(marker="sign-in").click()
    await choose_unit(owner, "3", "1202")
    await _enter_pin(owner, "2468")
    await owner.should_see(marker="greeting", retries=20)
    owner.find(marker="lang-en").click()
    owner.find(marker="tile-notices").click()
    await owner.should_see(marker="notice-title")
    assert titles_in_order(owner) == ["Water off Saturday", "Autumn fair"]


async def test_each_notice_is_dated_in_the_owners_language(owner: User, community: Site) -> None:
    with community.store.transaction() as tx:
        tx.put(Notice(id="N1", title_zh="秋季集市", title_en="Autumn fair", starts=date(2026, 11, 20)),
               actor="staff", at=community.clock.now())
        tx.put(Notice(id="N2", title_zh="停水通知", title_en="Water off Saturday", pinned=True),
               actor="staff", at=community.clock.now() - timedelta(days=2))  # no Starts: dated when written
    await owner.open("/")
    owner.find(marker="tile-notices").click()

    await owner.should_see(marker="notice-date")
    assert dates_in_order(owner) == ["11月25日", "11月20日"]
    owner.find(marker="lang-en").click()
    await owner.should_see("Nov 20")
    assert dates_in_order(owner) == ["Nov 25", "Nov 20"]


def dates_in_order(owner: User) -> list[str]:
    return [e.text for e in sorted(owner.find(marker="notice-date").elements, key=lambda e: e.id)
            if isinstance(e, ui.label)]
