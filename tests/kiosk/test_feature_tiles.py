"""Home tiles of kiosk features: sign-in first where an owner is needed, clerk services only in hours."""

from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing.user import User

from kiosk.features import FeatureHost, HomeTile
from lobbydesk.site import Site
from tests.kiosk.repair_stories import staff_type_settings
from tests.kiosk.test_sign_in import _enter_pin, choose_unit


class Guestbook:
    """A small feature for these stories: owners leave their unit's label in a book."""

    def __init__(self, key: str, *, needs_sign_in: bool = False, needs_clerk: bool = False) -> None:
        self.tile = HomeTile(key=key, icon="book", title={"zh": f"留言{key}", "en": f"Guestbook {key}"},
                             hint={"zh": "留下房号", "en": "Leave your unit"},
                             needs_sign_in=needs_sign_in, needs_clerk=needs_clerk)
        self.entries: list[str] = []
        self.starts = 0

    def start(self, host: FeatureHost) -> None:
        self.starts += 1

    def draw(self, host: FeatureHost) -> None:
        who = host.session.unit_label if host.session else "anonymous"
        ui.label(f"Signing as {who}").mark("guestbook-who")
        ui.button("Sign", on_click=lambda: self._sign(host, who)).mark("guestbook-sign")

    def _sign(self, host: FeatureHost, who: str) -> None:
        self.entries.append(who)
        host.go_home()

    def register_pages(self) -> None:
        return None


@pytest.fixture
def extra_kiosk_features() -> list[Guestbook]:
    return [Guestbook("open"), Guestbook("owners", needs_sign_in=True), Guestbook("clerk", needs_clerk=True)]


async def test_a_tile_that_needs_an_owner_asks_for_the_unit_first_then_opens(
    owner: User, community: Site, extra_kiosk_features: list[Guestbook]
) -> None:
    await owner.open("/")
    owner.find(marker="tile-owners").click()
    await choose_unit(owner, "3", "1202")
    await _enter_pin(owner, "2468")
    await owner.should_see("Signing as 3-1202")
    owner.find(marker="guestbook-sign").click()
    await owner.should_see(marker="take-number")
    assert extra_kiosk_features[1].entries == ["3-1202"]


async def test_an_open_tile_works_without_signing_in(
    owner: User, community: Site, extra_kiosk_features: list[Guestbook]
) -> None:
    await owner.open("/")
    owner.find(marker="tile-open").click()
    await owner.should_see("Signing as anonymous")
    owner.find(marker="guestbook-sign").click()
    await owner.should_see(marker="tile-open")
    assert extra_kiosk_features[0].entries == ["anonymous"]
    assert extra_kiosk_features[0].starts == 1


async def test_outside_hours_tiles_that_need_no_clerk_stay(owner: User, site: Site) -> None:
    await owner.open("/")
    await owner.should_see(marker="tile-clerk")
    await staff_type_settings(site, opening_hours="10:00-12:00")  # the clock says 09:30
    await owner.should_see(marker="desk-closed", retries=20)
    await owner.should_see(marker="tile-open")
    await owner.should_see(marker="tile-owners")
    await owner.should_not_see(marker="tile-clerk")
