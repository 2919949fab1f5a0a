"""A unit's owner file: everyone who lived there, moved-out residents kept, every change with who and when."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desk.clock import FixedClock
from desk.owner_file import OwnerFileError, OwnerFiles
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
