"""A unit typed in any tab is taken as the unit the clerk meant, or listed in Problems; never kept as mere text."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from desk.clock import FixedClock
from desk.fees import FeeRule, MeterReading
from desk.ids import SequentialIds
from desk.ledger import Charge
from desk.repairs import Repair
from desk.service_levels import RepairCategory
from desk.store import Store
from desk.units import Resident, Unit
from sync.engine import SYNCED_KINDS, SyncEngine
from sync.memory import MemoryWorkbook


@pytest.fixture
def engine(store: Store, sheet: MemoryWorkbook, clock: FixedClock) -> SyncEngine:
    """Two flats in building 1, already in the Units tab."""
    with store.transaction() as tx:
        tx.put(Unit(id="SUNNY-U1", building="1", room="301"), actor="staff", at=clock.now())
        tx.put(Unit(id="SUNNY-U2", building="1", room="302"), actor="staff", at=clock.now())
    engine = SyncEngine(store, sheet, SYNCED_KINDS, clock, ids=SequentialIds("SUNNY"))
    engine.run_once()
    return engine


def problems(sheet: MemoryWorkbook) -> list[tuple[object, ...]]:
    return [(row["Tab"], row["ID"], row["Column"], row["Value"], row["Why"])
            for row in sheet.rows_by_header("Problems") if row["Site"]]


def residents(store: Store) -> dict[str, str]:
    with store.transaction() as tx:
        return {resident.name: resident.unit for resident in tx.find(Resident)}


@pytest.mark.parametrize("typed", ["1-301", "1-301 ", "1－301", "1栋301", "1 - 301", "SUNNY-U1"])
def test_a_resident_typed_with_the_units_label_lives_in_that_unit(
    store: Store, sheet: MemoryWorkbook, engine: SyncEngine, typed: str
) -> None:
    row = sheet.add_row("Residents", {"Name": "李秀英", "Unit": typed, "Role": "owner"})

    engine.run_once()  # numbered
    engine.run_once()  # taken

    assert residents(store) == {"李秀英": "SUNNY-U1"}
    assert sheet.rows_by_header("Residents")[row - 1]["Unit"] == "SUNNY-U1"  # shown back in the stored form
    assert problems(sheet) == []
    assert engine.run_once().writes == 0  # what was written back agrees: no rewriting every cycle


def test_a_unit_that_does_not_exist_is_explained_and_the_row_waits(
    store: Store, sheet: MemoryWorkbook, engine: SyncEngine
) -> None:
    row = sheet.add_row("Residents", {"Name": "王五", "Unit": "1-999"})
    building = sheet.add_row("Residents", {"Name": "赵六", "Unit": "1"})

    engine.run_once()
    engine.run_once()

    assert residents(store) == {}
    assert problems(sheet) == [
        ("Residents", f"new row {row + 1}", "Unit", "1-999",
         "'1-999' is not a unit in the Units tab; the row gets an ID once fixed"),
        ("Residents", f"new row {building + 1}", "Unit", "1",
         "'1' is a building, not a unit: write the unit as building-room, e.g. 1-301; the row gets an ID once fixed"),
    ]

    sheet.type_at("Residents", row, "Unit", "1-302")
    engine.run_once()
    engine.run_once()

    assert residents(store) == {"王五": "SUNNY-U2"}
    assert [p[1] for p in problems(sheet)] == [f"new row {building + 1}"]


def test_moving_a_resident_to_another_unit_by_label_and_a_typo_that_is_not_taken(
    store: Store, sheet: MemoryWorkbook, engine: SyncEngine, clock: FixedClock
) -> None:
    with store.transaction() as tx:
        tx.put(Resident(id="SUNNY-P1", name="张三明", unit="SUNNY-U1"), actor="staff", at=clock.now())
    engine.run_once()

    sheet.type_into("Residents", row_id="SUNNY-P1", header="Unit", value="1 - 302")
    engine.run_once()
    assert residents(store) == {"张三明": "SUNNY-U2"}
    assert sheet.rows_by_header("Residents")[0]["Unit"] == "SUNNY-U2"

    sheet.type_into("Residents", row_id="SUNNY-P1", header="Unit", value="1-999")
    engine.run_once()
    assert residents(store) == {"张三明": "SUNNY-U2"}  # the last good value stays
    assert sheet.rows_by_header("Residents")[0]["Unit"] == "1-999"  # what staff typed stays for them to fix
    assert problems(sheet) == [("Residents", "SUNNY-P1", "Unit", "1-999", "'1-999' is not a unit in the Units tab")]


def test_in_tabs_lobbydesk_writes_the_unit_and_its_label_move_together(
    store: Store, sheet: MemoryWorkbook, engine: SyncEngine, clock: FixedClock
) -> None:
    now = clock.now()
    with store.transaction() as tx:
        tx.put(Charge(id="SUNNY-C1", unit="SUNNY-U1", unit_label="1-301", fee="Parking", period="2024-05",
                      amount=Decimal("150"), created_at=now), actor="billing", at=now)
        tx.put(Repair(id="SUNNY-R1", number="R0001", unit="SUNNY-U1", unit_label="1-301",
                      category=RepairCategory.PLUMBING, reported_at=now, due_at=now + timedelta(days=1)),
               actor="kiosk", at=now)
    engine.run_once()

    sheet.type_into("Charges", row_id="SUNNY-C1", header="Unit", value="1栋302")  # the ID column, typed as a label
    sheet.type_into("Repairs", row_id="SUNNY-R1", header="Unit", value="1-302")  # the label column
    engine.run_once()

    with store.transaction() as tx:
        charge, repair = tx.get(Charge, "SUNNY-C1"), tx.get(Repair, "SUNNY-R1")
    assert charge is not None and (charge.unit, charge.unit_label) == ("SUNNY-U2", "1-302")
    assert repair is not None and (repair.unit, repair.unit_label) == ("SUNNY-U2", "1-302")
    shown_charge, shown_repair = sheet.rows_by_header("Charges")[0], sheet.rows_by_header("Repairs")[0]
    assert (shown_charge["Unit"], shown_charge["Unit label"]) == ("SUNNY-U2", "1-302")
    assert (shown_repair["Unit ID"], shown_repair["Unit"]) == ("SUNNY-U2", "1-302")
    assert engine.run_once().writes == 0


def test_meter_readings_and_fee_rules_name_units_as_clerks_write_them(
    store: Store, sheet: MemoryWorkbook, engine: SyncEngine
) -> None:
    sheet.add_row("MeterReadings", {"Unit": "1栋301", "Meter": "water", "Period": "2024-04", "Reading": "100"})
    sheet.add_row("FeeRules", {"Fee": "Parking", "Basis": "fixed monthly", "Rate": "150", "Units": "1－301，1栋"})
    typo = sheet.add_row("FeeRules", {"Fee": "Storage", "Basis": "fixed monthly", "Rate": "20", "Units": "1-301 1-999"})

    engine.run_once()
    engine.run_once()

    with store.transaction() as tx:
        assert [reading.unit for reading in tx.find(MeterReading)] == ["SUNNY-U1"]
        assert [(rule.fee, rule.units) for rule in tx.find(FeeRule)] == [("Parking", "1-301, 1")]
    assert problems(sheet) == [("FeeRules", f"new row {typo + 1}", "Units", "1-301 1-999",
                                "'1-999' is not a unit or a building in the Units tab; the row gets an ID once fixed")]
    assert engine.run_once().writes == 0


def test_a_unit_and_its_first_resident_typed_together_both_arrive(
    store: Store, sheet: MemoryWorkbook, engine: SyncEngine
) -> None:
    sheet.add_row("Units", {"Building": "2", "Room": "501"})
    sheet.add_row("Residents", {"Name": "新业主", "Unit": "2-501"})

    for _ in range(3):  # the unit is numbered, then taken; the resident is numbered once the unit is known
        engine.run_once()

    with store.transaction() as tx:
        [unit] = [u for u in tx.find(Unit) if u.label == "2-501"]
    assert residents(store) == {"新业主": unit.id}
    assert problems(sheet) == []
