"""Owners report repairs at the kiosk in a few taps, follow them, rate them and reopen them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from nicegui.testing.user import User

from desk.clock import FixedClock
from desk.feedback import Department, Feedback, FeedbackKind
from desk.repairs import Location, Repair, RepairCategory, RepairStatus, Urgency, VisitWindow
from lobbydesk.site import Site
from tests.admin.test_console_and_display import _log_in
from tests.fakes import label_texts
from tests.kiosk.repair_stories import open_signed_in, sheet_rows, staff_type_into_repair, staff_type_settings
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
    # In the owner's language, as on the screen (the slip's link used to open in the site's default).
    assert [qr.payload for qr in printed.qr_codes] == [f"{community.settings.base_url}/r/{repair.id}?lang=en"]

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


async def test_someone_trapped_in_a_lift_is_an_emergency_from_one_red_tap(
    new_browser: Callable[[], User], community: Site
) -> None:
    await staff_type_settings(community, duty_phone="010-6688 1234")
    staff = new_browser()
    await _log_in(staff)  # the front desk console is open before anything happens
    owner = new_browser()
    await open_signed_in(owner, "repair")
    owner.find(marker="where-public").click()
    owner.find(marker="public-building-3").click()
    await owner.should_see(marker="floor-ok", retries=20)
    owner.find(marker="floor-1").click()
    owner.find(marker="floor-ok").click()
    await owner.should_see(marker="sign-trapped", retries=20)
    owner.find(marker="sign-trapped").click()

    await owner.should_see(marker="emergency-panel", retries=20)
    assert label_texts(owner, "details-title") == ["Someone is trapped in a lift"]
    assert label_texts(owner, "emergency-duty-phone") == ["010-6688 1234"]
    assert [label_texts(owner, f"emergency-call-{n}") for n in ("110", "119", "120")] == [["110"], ["119"], ["120"]]
    assert [label_texts(owner, f"emergency-for-{n}") for n in ("110", "119", "120")] == [
        ["Police"], ["Fire"], ["Ambulance"]]
    assert label_texts(owner, "emergency-advice") == [
        "Tell them to press the lift's alarm or intercom and not to force the doors. Staff are coming."]
    await owner.should_not_see(marker="urgency-normal")  # an emergency is asked neither how urgent
    await owner.should_not_see(marker="visit-any")  # nor when to come
    owner.find(marker="repair-submit").click()

    await owner.should_see(marker="repair-emergency", retries=20)
    (repair,) = repairs_of(community)
    assert (repair.category, repair.urgency, repair.visit_window, repair.description) == (
        RepairCategory.ELEVATOR, Urgency.EMERGENCY, VisitWindow.ANY, "Someone is trapped in a lift")
    assert label_texts(owner, "emergency-duty-phone") == ["010-6688 1234"]  # still there once it is sent
    assert label_texts(owner, "emergency-call-120") == ["120"]
    alert = "EMERGENCY repair R0001: elevator at public area, building 3 floor 1 紧急报修"
    assert community.open_alerts() == [alert]
    await staff.should_see(alert, retries=40)  # on the open console, without reloading
    await owner.should_see("Please take your slip", retries=40)
    printed = decode((community.settings.data_dir / "printer.bin").read_bytes())
    assert "** URGENT **" in printed.texts
    assert printed.value_of("24-hour duty phone") == "010-6688 1234"
    assert [printed.value_of(what_for) for what_for in ("Police", "Fire", "Ambulance")] == ["110", "119", "120"]


async def test_typing_a_gas_smell_makes_the_report_an_emergency_by_itself(owner: User, community: Site) -> None:
    await open_signed_in(owner, "repair", lang="zh")
    owner.find(marker="where-unit").click()
    await owner.should_see(marker="category-other", retries=20)
    owner.find(marker="category-other").click()
    await owner.should_see(marker="visit-evening", retries=20)
    await owner.should_not_see(marker="emergency-panel")
    owner.find(marker="visit-evening").click()

    owner.find(marker="repair-text").type("燃气味很大")

    await owner.should_see(marker="emergency-panel", retries=20)
    assert label_texts(owner, "emergency-now") == ["紧急情况，请立即拨打"]
    assert label_texts(owner, "emergency-advice") == [
        "不要开关电灯电器，不要点火；打开门窗，马上离开，到室外再打电话。"]
    assert [label_texts(owner, f"emergency-for-{n}") for n in ("110", "119", "120")] == [["报警"], ["火警"], ["急救"]]
    await owner.should_not_see(marker="emergency-duty-phone")  # staff have not set one: the public numbers only
    await owner.should_not_see(marker="visit-evening")
    owner.find(marker="repair-submit").click()

    await owner.should_see(marker="repair-emergency", retries=20)
    (repair,) = repairs_of(community)
    assert (repair.urgency, repair.visit_window, repair.description) == (
        Urgency.EMERGENCY, VisitWindow.ANY, "燃气味很大")
    assert community.open_alerts() == ["EMERGENCY repair R0001: other at 3-1202 紧急报修"]
    await owner.should_see("请取走回执", retries=40)
    printed = decode((community.settings.data_dir / "printer.bin").read_bytes())
    assert "** 紧急 **" in printed.texts
    assert [printed.value_of(what_for) for what_for in ("报警", "火警", "急救")] == ["110", "119", "120"]


async def test_words_taken_back_are_no_emergency_and_the_visit_is_asked_again(owner: User, community: Site) -> None:
    await open_signed_in(owner, "repair")
    owner.find(marker="where-unit").click()
    await owner.should_see(marker="category-plumbing", retries=20)
    owner.find(marker="category-plumbing").click()
    await owner.should_see(marker="phrase-3", retries=20)
    owner.find(marker="phrase-3").click()  # Burst pipe
    await owner.should_see(marker="emergency-panel", retries=20)
    await owner.should_not_see(marker="visit-morning")

    owner.find(marker="phrase-3").click()  # no, not burst after all
    owner.find(marker="phrase-0").click()  # a dripping tap

    await owner.should_not_see(marker="emergency-panel", retries=20)
    owner.find(marker="visit-morning").click()
    owner.find(marker="repair-submit").click()
    await owner.should_see(marker="repair-number", retries=20)
    await owner.should_not_see(marker="repair-emergency")
    (repair,) = repairs_of(community)
    assert (repair.urgency, repair.visit_window, repair.description) == (
        Urgency.NORMAL, VisitWindow.MORNING, "Dripping tap")
    assert community.open_alerts() == []


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


async def test_the_repair_words_offer_phrases_first_and_the_keys_when_the_box_is_tapped(
    owner: User, community: Site
) -> None:
    await open_signed_in(owner, "repair", lang="zh")
    owner.find(marker="where-unit").click()
    owner.find(marker="category-plumbing").click()
    await owner.should_see(marker="repair-text", retries=20)
    await owner.should_not_see(marker="keyboard")  # the phrases above come first
    owner.find(marker="repair-text").click()
    await owner.should_see(marker="keyboard")
    owner.find(marker="keyboard").trigger("done")
    await owner.should_see(marker="keyboard-open")
