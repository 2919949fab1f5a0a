"""Staff keep the emergency signs in the EmergencySigns tab; what they change there is what the kiosk hears."""

from __future__ import annotations

from desk.clock import FixedClock
from desk.emergencies import seed_emergency_signs
from desk.ids import SequentialIds
from desk.repairs import RepairCategory, RepairDesk, RepairReport, Urgency
from desk.store import Store
from sync.engine import SYNCED_KINDS, SyncEngine
from sync.memory import MemoryWorkbook


def reported(desk: RepairDesk, category: RepairCategory, words: str) -> Urgency:
    return desk.report(RepairReport(unit_id="SUNNY-U1", unit_label="3-1202", category=category, free_text=words),
                       print_slip=False).urgency


def test_staff_switch_a_sign_off_and_add_their_own_in_the_sheet(
    store: Store, sheet: MemoryWorkbook, clock: FixedClock
) -> None:
    ids = SequentialIds("SUNNY")
    seed_emergency_signs(store, clock, ids)
    engine = SyncEngine(store, sheet, SYNCED_KINDS, clock, ids=ids)
    engine.run_once()
    rows = sheet.rows_by_header("EmergencySigns")
    assert [(row["Sign"], row["Category"]) for row in rows] == [
        ("trapped", "elevator"), ("gas", "other"), ("fire", "other"), ("flood", "plumbing"), ("outage", "other"),
        ("unwell", "other")]
    assert rows[0]["Words zh"] == "有人被困在电梯里, 有人被困, 被困, 困在电梯, 关在电梯"

    sheet.type_at("EmergencySigns", sheet.find_row("EmergencySigns", "Sign", "outage"), "On", "FALSE")
    sheet.add_row("EmergencySigns", {"Category": "doors and locks", "Words zh": "进不了楼, 门禁坏了进不了楼",
                                     "Words en": "Locked out of the building",
                                     "Tell the owner en": "Wait at the gate: the guard is coming."})
    for _ in range(3):  # a row staff add is numbered in one cycle and taken in the next
        engine.run_once()

    desk = RepairDesk(store, clock, ids)
    assert [sign.button("en") for sign in desk.emergency_signs()] == [
        "Someone is trapped in a lift", "Gas smell", "Fire or smoke", "Burst pipe or flooding", "Someone is unwell",
        "Locked out of the building"]
    assert reported(desk, RepairCategory.ELECTRICAL, "整栋楼停电了") is Urgency.NORMAL
    assert reported(desk, RepairCategory.DOORS, "门禁坏了，进不了楼") is Urgency.EMERGENCY
