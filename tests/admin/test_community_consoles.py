"""Security's list of today's visitors, the move-in checklist, and a unit's owner file in the console."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from nicegui.testing.user import User

from desk.fees import MeterReading
from desk.notices import Notice
from desk.units import Resident
from desk.visitors import VisitPurpose
from lobbydesk.site import Site
from tests.admin.test_console_and_display import _log_in
from tests.fakes import label_texts


async def test_security_sees_todays_visitors_and_marks_one_left(
    new_browser: Callable[[], User], community: Site
) -> None:
    visitors = community.community.visitors
    visitors.register("SUNNY-U1", "3-1202", "Li Wei", VisitPurpose.VISIT, print_pass=False)
    community.clock.advance(minutes=10)  # type: ignore[attr-defined]
    visitors.register("SUNNY-U2", "5-301", "快递小哥", VisitPurpose.DELIVERY, print_pass=False)
    staff = new_browser()
    await _log_in(staff)

    await staff.open("/staff/visitors")

    await staff.should_see("Today's visitors 今日访客 (2)")
    assert sorted(label_texts(staff, "visitor-name")) == ["Li Wei", "快递小哥"]
    staff.find(marker="visitor-left-V001").click()
    await staff.should_see("left 09:40 已离开")


async def test_staff_work_the_move_in_checklist_and_the_readings_become_meter_readings(
    new_browser: Callable[[], User], community: Site
) -> None:
    community.community.movein.start("SUNNY-U2", "5-301")
    staff = new_browser()
    await _log_in(staff)
    await staff.open("/staff/movein")
    await staff.should_see(marker="movein-5-301")

    staff.find(marker="finish-5-301").click()
    await staff.should_see("5-301: the checklist still lacks documents signed, keys handed over, Water 水 reading, "
                           "Electricity 电 reading, Gas 燃气 reading")
    staff.find(marker="documents-5-301").click()
    staff.find(marker="keys-5-301").click()
    staff.find(marker="water-5-301").type("12.5")
    staff.find(marker="electricity-5-301").type("3021")
    staff.find(marker="gas-5-301").type("0.8")
    staff.find(marker="save-readings-5-301").click()
    staff.find(marker="finish-5-301").click()

    await staff.should_see(marker="no-movein", retries=20)
    with community.store.transaction() as tx:
        readings = sorted((r.meter.value, r.reading) for r in tx.find(MeterReading))
    assert readings == [("electricity", Decimal("3021")), ("gas", Decimal("0.8")), ("water", Decimal("12.5"))]
    assert community.community.movein.open_cases() == []


async def test_the_owner_file_shows_residents_kept_after_moving_out_and_every_change(
    new_browser: Callable[[], User], community: Site
) -> None:
    with community.store.transaction() as tx:
        tx.put(Resident(id="SUNNY-P2", name="李秀英", unit="SUNNY-U1", move_in=date(2020, 1, 1)), actor="staff",
               at=community.clock.now())
    staff = new_browser()
    await _log_in(staff)
    await staff.open("/staff/owners?unit=3-1202")
    await staff.should_see(marker="owner-file-heading")

    staff.find(marker="move-out-SUNNY-P2").click()

    await staff.should_see("李秀英 · owner ·  · moved in 2020-01-01 · moved out 已迁出 2026-11-27")
    history = staff.find(marker="owner-file-history").elements.pop()
    changes = [row["change"] for row in history.rows]  # type: ignore[attr-defined]
    assert changes[-1] == "Moved out: (empty) → 2026-11-27"
    assert [row["who"] for row in history.rows][-1] == "desk wang"  # type: ignore[attr-defined]


async def test_the_lobby_display_scrolls_todays_notices(new_browser: Callable[[], User], community: Site) -> None:
    with community.store.transaction() as tx:
        tx.put(Notice(id="SUNNY-N1", title_zh="周六停水", title_en="Water off Saturday"), actor="staff",
               at=community.clock.now())
        tx.put(Notice(id="SUNNY-N2", title_en="Old news", ends=date(2026, 11, 1)), actor="staff",
               at=community.clock.now())
    display = new_browser()

    await display.open("/display")

    await display.should_see("周六停水 · Water off Saturday", retries=20)
    await display.should_not_see("Old news")
