"""Owners report repairs at the kiosk in a few taps, follow them, rate them and reopen them."""

from __future__ import annotations

import asyncio

from nicegui.testing.user import User

from desk.clock import FixedClock
from desk.feedback import Department, Feedback, FeedbackKind
from desk.repairs import Location, Repair, RepairCategory, RepairStatus, Urgency
from lobbydesk.site import Site
from tests.fakes import label_texts
from tests.kiosk.repair_stories import open_signed_in, sheet_rows, staff_type_into_repair
from tests.printers.escpos_decoder import decode


def repairs_of(site: Site) -> list[Repair]:
    with site.store.transaction() as tx:
        return tx.find(Repair)


async def report_a_leak(owner: User) -> None:
    await owner.should_see(marker="where-unit", retries=20)
    owner.find(marker="where-unit").click()
    owner.find(marker="category-plumbing").click()
    await owner.should_see(marker="phrase-0", retries=20)
    owner.find(marker="phrase-0").click()
    owner.find(marker="repair-submit").click()


async def test_an_owner_reports_a_leak_in_four_taps_and_takes_the_slip(owner: User, community: Site) -> None:
    await open_signed_in(owner, "repair")
    await report_a_leak(owner)

    await owner.should_see(marker="repair-number", retries=20)
    assert label_texts(owner, "repair-number") == ["R0001"]
    await owner.should_see(marker="repair-phone-qr", retries=20)
    (repair,) = repairs_of(community)
    assert (repair.unit, repair.category, repair.description, repair.language) == (
        "SUNNY-U1", RepairCategory.PLUMBING, "Dripping tap", "en")
    await owner.should_see("Please take your slip", retries=40)
    printed = decode((community.settings.data_dir / "printer.bin").read_bytes())
    assert "R0001" in printed.texts
    assert [qr.payload for qr in printed.qr_codes] == [f"{community.settings.base_url}/r/{repair.id}"]

    owner.find(marker="repair-done").click()
    await owner.should_see(marker="sign-in", retries=20)  # done signs the owner out


async def test_an_emergency_in_a_public_area_alerts_the_staff_and_prints_urgent(
    owner: User, community: Site
) -> None:
    await open_signed_in(owner, "repair")
    owner.find(marker="where-public").click()
    owner.find(marker="public-building-5").click()
    await owner.should_see(marker="floor-ok", retries=20)
    owner.find(marker="floor-3").click()
    owner.find(marker="floor-ok").click()
    await owner.should_see(marker="category-elevator", retries=20)
    owner.find(marker="category-elevator").click()
    await owner.should_see(marker="urgency-emergency", retries=20)
    owner.find(marker="urgency-emergency").click()
    await owner.should_see(marker="phrase-3", retries=20)
    owner.find(marker="phrase-3").click()
    owner.find(marker="repair-submit").click()

    await owner.should_see(marker="repair-emergency", retries=20)
    (repair,) = repairs_of(community)
    assert (repair.location, repair.building, repair.floor, repair.urgency) == (
        Location.PUBLIC, "5", "3", Urgency.EMERGENCY)
    assert community.open_alerts() == ["EMERGENCY repair R0001: elevator at public area, building 5 floor 3 紧急报修"]
    await owner.should_see("Please take your slip", retries=40)
    assert "** URGENT **" in decode((community.settings.data_dir / "printer.bin").read_bytes()).texts


async def test_the_same_leak_twice_within_the_hour_points_to_the_first(owner: User, community: Site) -> None:
    await open_signed_in(owner, "repair")
    await report_a_leak(owner)
    await owner.should_see(marker="repair-number", retries=20)
    owner.find(marker="repair-done").click()

    await open_signed_in(owner, "repair")
    await report_a_leak(owner)

    await owner.should_see("You reported this within the hour as R0001 — see My requests", retries=20)
    assert len(repairs_of(community)) == 1


async def test_own_words_keep_emoji_chinese_and_formulas_exactly(owner: User, community: Site) -> None:
    await open_signed_in(owner, "repair", lang="zh")
    owner.find(marker="where-unit").click()
    owner.find(marker="category-other").click()
    await owner.should_see(marker="repair-text", retries=20)
    assert label_texts(owner, "repair-text-counter") == ["0 / 300"]
    owner.find(marker="repair-text").type("=1+1 墙上有裂缝 🧱")
    assert label_texts(owner, "repair-text-counter") == ["12 / 300"]  # the owner sees what is left
    owner.find(marker="repair-submit").click()

    await owner.should_see(marker="repair-number", retries=20)
    (repair,) = repairs_of(community)
    assert repair.description == "=1+1 墙上有裂缝 🧱"
    rows = await sheet_rows(community, "Repairs", 1)
    assert rows[0]["Description"] == "=1+1 墙上有裂缝 🧱"


async def test_my_requests_show_staff_progress_and_a_low_rating_reaches_the_center(
    owner: User, community: Site, site_clock: FixedClock
) -> None:
    await open_signed_in(owner, "repair")
    await report_a_leak(owner)
    await owner.should_see(marker="repair-number", retries=20)
    owner.find(marker="repair-done").click()
    (repair,) = repairs_of(community)

    await staff_type_into_repair(community, repair.id, **{
        "Status": "assigned", "Note to owner": "Li comes tomorrow", "Scheduled": "2026-11-28 10:00"})
    await open_signed_in(owner, "mine")
    await owner.should_see(marker="mine-status-R0001", retries=20)
    assert label_texts(owner, "mine-status-R0001") == ["Assigned"]
    assert label_texts(owner, "mine-note-R0001") == ["Note from staff: Li comes tomorrow"]
    assert label_texts(owner, "mine-visit-R0001") == ["Visit: 11-28 10:00"]
    await owner.should_not_see(marker="rate-R0001")
    owner.find(marker="mine-done").click()

    await staff_type_into_repair(community, repair.id, Status="done")
    await open_signed_in(owner, "mine")
    await owner.should_see(marker="rate-R0001", retries=20)
    owner.find(marker="rate-R0001").click()
    await owner.should_see(marker="stars-2", retries=20)
    owner.find(marker="stars-2").click()
    owner.find(marker="reason-not_fixed").click()
    owner.find(marker="rate-submit").click()

    await owner.should_see("Thank you for rating it — Your complaint has gone to the service center; "
                           "they will be in touch", retries=20)
    with community.store.transaction() as tx:
        (complaint,) = tx.find(Feedback)
    assert (complaint.kind, complaint.department, complaint.repair) == (
        FeedbackKind.COMPLAINT, Department.CENTER, repair.id)
    rows = await sheet_rows(community, "Feedback", 1)
    assert (rows[0]["Department"], rows[0]["Repair"]) == ("center", repair.id)


async def test_a_done_repair_is_reopened_from_my_requests(owner: User, community: Site) -> None:
    await open_signed_in(owner, "repair")
    await report_a_leak(owner)
    await owner.should_see(marker="repair-number", retries=20)
    owner.find(marker="repair-done").click()
    (repair,) = repairs_of(community)
    await staff_type_into_repair(community, repair.id, Status="done")

    await open_signed_in(owner, "mine")
    await owner.should_see(marker="reopen-R0001", retries=20)
    owner.find(marker="reopen-R0001").click()

    await owner.should_see("R0001 is open again", retries=20)
    assert label_texts(owner, "mine-status-R0001") == ["Reopened"]
    for _ in range(100):
        rows = await sheet_rows(community, "Repairs", 1)
        if rows[0]["Status"] == "reopened":
            break
        await asyncio.sleep(0.05)
    assert rows[0]["Status"] == "reopened"
    stored = community.repairs.repairs.get(repair.id)
    assert stored is not None and (stored.status, stored.reopened) == (RepairStatus.REOPENED, 1)
