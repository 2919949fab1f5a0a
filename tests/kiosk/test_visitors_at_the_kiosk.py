"""A visitor registers at the kiosk without signing in and takes a dated pass; security sees them."""

from __future__ import annotations

from nicegui.testing.user import User

from desk.catalog import CATALOG
from desk.visitors import VisitPurpose
from lobbydesk.site import Site
from tests.fakes import label_texts
from tests.kiosk.test_events_at_the_kiosk import printed_when_sent
from tests.printers.escpos_decoder import decode


async def choose_unit_by_touch(owner: User, building: str, room: str) -> None:
    await owner.should_see(marker=f"pick-building-{building}")
    owner.find(marker=f"pick-building-{building}").click()
    await owner.should_see(marker="pick-room-ok")
    for digit in room:
        owner.find(marker=f"pick-room-{digit}").click()
    owner.find(marker="pick-room-ok").click()


async def test_a_visitor_names_the_unit_and_purpose_and_takes_a_pass_valid_four_hours(
    owner: User, community: Site
) -> None:
    await owner.open("/")
    owner.find(marker="lang-en").click()
    owner.find(marker="tile-visitors").click()
    await choose_unit_by_touch(owner, "3", "1202")

    await owner.should_see(marker="visitor-name")
    owner.find(marker="purpose-visit").click()
    await owner.should_see("Please type your name first")
    owner.find(marker="visitor-name").type("Li Wei")
    owner.find(marker="purpose-visit").click()

    await owner.should_see(marker="visitor-pass-number")
    assert label_texts(owner, "visitor-pass-number") == ["V001"]
    assert label_texts(owner, "visitor-valid-until") == ["Valid until 11-27 13:30"]
    assert label_texts(owner, "visitor-pass-printing") == ["Printing your visitor pass"]
    [visitor] = community.community.visitors.today()
    assert (visitor.unit, visitor.name, visitor.purpose) == ("SUNNY-U1", "Li Wei", VisitPurpose.VISIT)
    printed = decode(await printed_when_sent(community, visitor.id))
    assert "V001" in printed.texts
    assert any(text.startswith("Visitor") and text.endswith("L* W.") for text in printed.texts)
    assert not any("Li Wei" in text for text in printed.texts)  # a pass left lying about shows no full name


async def test_a_room_that_does_not_exist_is_refused(owner: User, community: Site) -> None:
    await owner.open("/")
    owner.find(marker="tile-visitors").click()
    await choose_unit_by_touch(owner, "3", "999")

    await owner.should_see("3 号楼没有 999 房间")



def test_the_visitor_pass_is_never_called_an_event_ticket() -> None:
    """入场券 is an event's ticket: a visitor's pass is a 访客通行证 wherever the kiosk names it."""
    visitor_words = {key: words for key, words in CATALOG.items() if key.startswith("visitor")}
    assert visitor_words and all("入场券" not in words["zh"] for words in visitor_words.values())
    assert CATALOG["visitor_pass_printing"]["zh"] == "正在打印访客通行证"
