"""Units, the owner file and signing in at the kiosk with a unit's PIN."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desk.clock import FixedClock
from desk.credentials import Credentials, ScryptHasher
from desk.signin import SignIn
from desk.store import Store
from desk.units import Resident, ResidentRole, Unit, UnitDirectory, UnitIndex, masked_name


@pytest.fixture
def directory(store: Store, clock: FixedClock) -> UnitDirectory:
    with store.transaction() as tx:
        for unit in [
            Unit(id="SUNNY-U1", building="3", room="1202", area_m2=Decimal("89.50"), owner_of_record="张三明"),
            Unit(id="SUNNY-U2", building="10", room="101"),
            Unit(id="SUNNY-U3", building="2", room="502"),
        ]:
            tx.put(unit, actor="staff", at=clock.now())
        tx.put(Resident(id="SUNNY-P1", name="张小明", unit="SUNNY-U1", phone="13800000000",
                        role=ResidentRole.FAMILY), actor="staff", at=clock.now())
        tx.put(Resident(id="SUNNY-P2", name="张三明", unit="SUNNY-U1", role=ResidentRole.OWNER,
                        language="zh"), actor="staff", at=clock.now())
        tx.put(Resident(id="SUNNY-P3", name="Old Owner", unit="SUNNY-U1", moved_out=date(2025, 1, 1)),
               actor="staff", at=clock.now())
    return UnitDirectory(store, clock)


@pytest.fixture
def sign_in(directory: UnitDirectory, store: Store, clock: FixedClock) -> SignIn:
    credentials = Credentials(store, clock, ScryptHasher(n=2**10))
    credentials.set_pin("SUNNY-U1", "2468")
    return SignIn(directory, credentials)


@pytest.mark.parametrize(("name", "masked"), [("张三明", "张*明"), ("欧阳娜娜", "欧**娜"), ("李四", "李*"),
                                              ("Wang Lei", "W*** L."), ("Mary Ann Smith", "M*** S."), ("", "")])
def test_the_lobby_sees_only_a_masked_name(name: str, masked: str) -> None:
    assert masked_name(name) == masked


def test_buildings_are_listed_in_natural_order(directory: UnitDirectory) -> None:
    assert directory.buildings() == ["2", "3", "10"]
    unit = directory.find("3", "1202")
    assert unit is not None and unit.label == "3-1202"
    assert directory.find("3", "9999") is None


def test_an_owner_signs_in_and_is_named_only_by_a_masked_name(sign_in: SignIn) -> None:
    result = sign_in.sign_in("3", "1202", "2468")
    assert result.session is not None
    assert (result.session.unit_label, result.session.masked_name) == ("3-1202", "张*明")
    assert "138" not in repr(result)


def test_a_wrong_pin_or_unit_says_why(sign_in: SignIn) -> None:
    assert sign_in.sign_in("3", "1202", "1111").problem == "wrong"
    assert sign_in.sign_in("3", "1202", "1111").tries_left == 3
    assert sign_in.sign_in("9", "1", "2468").problem == "unknown-unit"
    assert sign_in.sign_in("2", "502", "2468").problem == "not-set"


def test_a_unit_without_a_pin_counts_down_like_a_wrong_pin(sign_in: SignIn) -> None:
    with_pin = [sign_in.sign_in("3", "1202", "1111", screen="lobby") for _ in range(2)]
    without_pin = [sign_in.sign_in("2", "502", "1111", screen="lobby") for _ in range(2)]
    assert [r.tries_left for r in with_pin] == [r.tries_left for r in without_pin] == [4, 3]


def test_a_screen_that_sprays_one_pin_is_told_when_to_try_again(sign_in: SignIn, clock: FixedClock) -> None:
    for unit in [("3", "1202"), ("2", "502"), ("10", "101")] * 3:
        last = sign_in.sign_in(*unit, "1111", screen="lobby")
    assert (last.problem, last.locked_until) == ("throttled", clock.now().replace(minute=10))
    assert sign_in.sign_in("3", "1202", "2468", screen="lobby").session is None
    assert sign_in.sign_in("3", "1202", "2468", screen="office").session is not None


UNITS = UnitIndex.of([Unit(id="DEMO-U5", building="1", room="301"), Unit(id="DEMO-U6", building="1", room="302"),
                      Unit(id="DEMO-U9", building="North-2", room="101")])


@pytest.mark.parametrize("typed", ["1-301", "1-301 ", " 1 - 301", "1－301", "1–301", "１－３０１", "1栋301",
                                   "1号楼301室", "1幢 301", "DEMO-U5", "demo-u5"])
def test_a_unit_is_found_however_a_clerk_writes_it(typed: str) -> None:
    found = UNITS.find(typed)
    assert found is not None and found.id == "DEMO-U5"


def test_a_building_with_a_dash_or_a_word_in_its_name_still_reads_as_building_and_room() -> None:
    found = UNITS.find("North-2-101")
    assert found is not None and found.id == "DEMO-U9"
    tower = UnitIndex.of([Unit(id="DEMO-U1", building="A座", room="1201")])
    assert [tower.find(typed) for typed in ("A座-1201", "A座1201", "a座 1201")] == [tower.by_id["demo-u1"]] * 3


@pytest.mark.parametrize(("typed", "why"), [
    ("1-999", "'1-999' is not a unit in the Units tab"),
    ("1", "'1' is a building, not a unit: write the unit as building-room, e.g. 1-301"),
    ("Mr Li", "'Mr Li' is not a unit in the Units tab (write a unit as building-room, e.g. 3-1202, or its ID)"),
])
def test_what_names_no_unit_is_found_not_and_said_why(typed: str, why: str) -> None:
    assert UNITS.find(typed) is None
    assert UNITS.why_not(typed) == why


def test_a_list_of_units_and_buildings_is_written_the_one_way() -> None:
    assert UNITS.names_in("1－301，1栋302 DEMO-U9、1栋") == "1-301, 1-302, DEMO-U9, 1"
    with pytest.raises(ValueError, match="'1-999' is not a unit or a building in the Units tab"):
        UNITS.names_in("1-301, 1-999")


def test_where_sites_share_a_label_the_sites_own_unit_is_found() -> None:
    both = [Unit(id="OTHER-U1", building="3", room="1202"), Unit(id="SUNNY-U1", building="3", room="1202")]
    assert UnitIndex.of(both, "SUNNY").find("3-1202").id == "SUNNY-U1"  # type: ignore[union-attr]
    assert UnitIndex.of(list(reversed(both)), "SUNNY").find("3-1202").id == "SUNNY-U1"  # type: ignore[union-attr]
    assert UnitIndex.of(both, "SUNNY").find("OTHER-U1").id == "OTHER-U1"  # type: ignore[union-attr]


def test_all_the_units_a_text_names_are_told_where_find_would_pick_one() -> None:
    towers = UnitIndex.of([Unit(id="SUNNY-U1", building="A", room="301"),
                           Unit(id="SUNNY-U2", building="A座", room="301"),
                           Unit(id="OTHER-U1", building="A", room="301"),
                           Unit(id="SUNNY-U3", building="A", room="302")])
    assert [u.id for u in towers.all_named("A-301")] == ["SUNNY-U1", "SUNNY-U2", "OTHER-U1"]
    assert [u.id for u in towers.all_named(" sunny-u2 ")] == ["SUNNY-U2"], "an ID names its unit only"
    assert [u.id for u in towers.all_named("A栋302")] == ["SUNNY-U3"]
    assert towers.all_named("A-999") == towers.all_named("A") == []
