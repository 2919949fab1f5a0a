"""A new owner, who has no PIN yet, starts moving in at the kiosk and takes a move-in number."""

from __future__ import annotations

from nicegui.testing.user import User

from desk.movein import MoveInStatus
from desk.queue import Service
from lobbydesk.site import Site
from tests.fakes import label_texts
from tests.kiosk.repair_stories import staff_type_settings
from tests.kiosk.test_visitors_at_the_kiosk import choose_unit_by_touch


async def test_a_new_owner_chooses_the_unit_and_takes_a_move_in_number(owner: User, community: Site) -> None:
    await owner.open("/")
    owner.find(marker="tile-movein").click()
    await choose_unit_by_touch(owner, "5", "301")
    await owner.should_see("为 5-301 办理入住？")
    owner.find(marker="movein-start").click()

    await owner.should_see(marker="movein-number")
    assert label_texts(owner, "movein-number") == ["E001"]
    [case] = community.community.movein.open_cases()
    assert (case.unit, case.number, case.status) == ("SUNNY-U2", "E001", MoveInStatus.WAITING)
    [ticket] = community.queue.waiting_tickets()
    assert (ticket.service, ticket.unit) == (Service.MOVE_IN, "SUNNY-U2")


async def test_move_in_is_offered_only_while_the_desk_is_open(owner: User, community: Site) -> None:
    await owner.open("/")
    await owner.should_see(marker="tile-movein")
    await staff_type_settings(community, opening_hours="10:00-12:00")  # the clock says 09:30
    await owner.should_not_see(marker="tile-movein", retries=20)
