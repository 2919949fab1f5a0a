"""A unit's owner file: everyone who lived there, moved-out residents kept, every change with who and when."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desk.clock import FixedClock
from desk.owner_file import OwnerFileError, OwnerFiles, OwnersOfRecord
from desk.store import Store
from desk.units import Resident, ResidentRole, Unit


@pytest.fixture
def files(store: Store, clock: FixedClock) -> OwnerFiles:
    with store.transaction() as tx:
        tx.put(Unit(id="U1", building="3", room="1202", area_m2=Decimal("89.50")), actor="staff", at=clock.now())
        tx.put(Resident(id="P1", name="张三明", unit="U1", phone="13800138000", move_in=date(2019, 5, 1)),
               actor="staff", at=clock.now())
        tx.put(Resident(id="P9", name="Someone Else", unit="U2"), actor="staff", at=clock.now())
    clock.advance(days=1)
    with store.transaction() as tx:
        tx.put(Resident(id="P2", name="李秀英", unit="U1", role=ResidentRole.TENANT), actor="kiosk", at=clock.now())
    return OwnerFiles(store, clock)


def test_the_file_is_found_by_label_or_id(files: OwnerFiles) -> None:
    assert files.find_unit("3-1202").id == "U1"  # type: ignore[union-attr]
    assert files.find_unit("U1").label == "3-1202"  # type: ignore[union-attr]
    assert files.find_unit("9-999") is None
    with pytest.raises(OwnerFileError):
        files.file_of("U404")


def test_a_resident_who_moves_out_stays_in_the_file_and_the_history_says_when_and_who(
    files: OwnerFiles, clock: FixedClock
) -> None:
    clock.advance(days=1)
    files.mark_moved_out("P2", date(2026, 11, 29), actor="desk wang")

    owner_file = files.file_of("U1")

    assert [r.name for r in owner_file.current] == ["张三明"]
    assert [r.name for r in owner_file.moved_out] == ["李秀英"]
    lines = [(c.at.strftime("%m-%d"), c.actor, c.subject, c.describe()) for c in owner_file.changes]
    assert lines == [
        ("11-27", "staff", "Unit 3-1202", "created: Building 3 · Room 1202 · Area m2 89.50 · Heating yes · PIN set no"),
        ("11-27", "staff", "Resident 张三明",
         "created: Name 张三明 · Unit U1 · Phone 13800138000 · Role owner · Language zh · Move-in 2019-05-01"),
        ("11-28", "kiosk", "Resident 李秀英", "created: Name 李秀英 · Unit U1 · Role tenant · Language zh"),
        ("11-29", "desk wang", "Resident 李秀英", "Moved out: (empty) → 2026-11-29"),
    ]


def test_a_unit_is_found_as_a_clerk_writes_it(files: OwnerFiles) -> None:
    for typed in ("3栋1202", "3 - 1202", "3－1202"):
        assert files.find_unit(typed).id == "U1"  # type: ignore[union-attr]


def test_a_resident_still_kept_with_a_unit_as_typed_is_in_no_file_by_guess(
    files: OwnerFiles, store: Store, clock: FixedClock
) -> None:
    # Migration 8 turned every unit typed as one unit's label into its ID; what is left names no unit or
    # several, and Problems asks staff which. Its text may equal a label, but that is not a unit.
    with store.transaction() as tx:
        tx.put(Resident(id="P3", name="王五", unit="3-1202"), actor="staff", at=clock.now())
    assert sorted(r.name for r in files.file_of("U1").residents) == ["张三明", "李秀英"]


def sell(store: Store, clock: FixedClock, *, moved_out: date, move_in: date) -> None:
    """张三明 sells 3-1202 to 赵六."""
    with store.transaction() as tx:
        seller = tx.get(Resident, "P1")
        assert seller is not None
        tx.put(seller.model_copy(update={"moved_out": moved_out}), actor="staff", at=clock.now())
        tx.put(Resident(id="P4", name="赵六", unit="U1", move_in=move_in), actor="staff", at=clock.now())


def owner_of_record(store: Store) -> str:
    with store.transaction() as tx:
        unit = tx.get(Unit, "U1")
    assert unit is not None
    return unit.owner_of_record


def test_after_a_sale_the_owner_of_record_is_the_buyer(files: OwnerFiles, store: Store, clock: FixedClock) -> None:
    rule = OwnersOfRecord(store, clock)
    rule.follow_residents()
    assert owner_of_record(store) == "张三明"  # the only owner living there

    sell(store, clock, moved_out=date(2026, 11, 26), move_in=date(2026, 11, 27))

    assert [unit.owner_of_record for unit in rule.follow_residents()] == ["赵六"]
    assert owner_of_record(store) == "赵六"
    assert rule.follow_residents() == []  # idempotent
    assert [r.name for r in files.file_of("U1").residents] == ["赵六", "李秀英", "张三明"]  # the seller stays in it


def test_a_sale_typed_ahead_takes_effect_on_its_day(store: Store, clock: FixedClock) -> None:
    rule = OwnersOfRecord(store, clock)
    with store.transaction() as tx:
        tx.put(Unit(id="U1", building="3", room="1202", owner_of_record="张三明"), actor="staff", at=clock.now())
        tx.put(Resident(id="P1", name="张三明", unit="U1"), actor="staff", at=clock.now())
    sell(store, clock, moved_out=date(2026, 11, 30), move_in=date(2026, 12, 1))

    rule.follow_residents()
    assert owner_of_record(store) == "张三明"  # still his till the 30th

    clock.advance(days=4)  # December 1st: no one typed anything since
    rule.follow_residents()
    assert owner_of_record(store) == "赵六"


def test_co_owners_and_units_without_an_owner_keep_what_staff_wrote(store: Store, clock: FixedClock) -> None:
    with store.transaction() as tx:
        tx.put(Unit(id="U1", building="3", room="1202", owner_of_record="张三明、李秀英"), actor="staff",
               at=clock.now())
        tx.put(Resident(id="P1", name="张三明", unit="U1", move_in=date(2019, 5, 1)), actor="staff", at=clock.now())
        tx.put(Resident(id="P2", name="李秀英", unit="U1", move_in=date(2020, 1, 1)), actor="staff", at=clock.now())
        tx.put(Unit(id="U2", building="5", room="301", owner_of_record="Developer Co."), actor="staff", at=clock.now())
        tx.put(Resident(id="P3", name="马丽", unit="U2", role=ResidentRole.TENANT), actor="staff", at=clock.now())

    assert OwnersOfRecord(store, clock).follow_residents() == []
