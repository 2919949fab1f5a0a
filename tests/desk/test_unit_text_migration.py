"""Upgrading a store whose records keep units as a clerk typed them: each becomes the unit's ID, or is listed.

Before unit columns were read as units, the store kept what staff typed in them (``1-301``, ``1栋301``,
`` 1-301 ``). The kiosk, the owner file and the reports look records up by the unit's ID and missed
those. Migration 8 rewrites every text that names one unit to that unit's ID, as a new version in the
history; a text naming no unit, or several, stays as it is and the Problems tab says so.
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import desk
from desk.clock import FixedClock
from desk.fees import FeeBasis, FeeRule, Meter, MeterReading
from desk.ledger import Charge
from desk.migrations import MIGRATIONS, UNIT_HEADERS, UPGRADE_ACTOR, unit_text_to_unit_ids
from desk.owner_file import OwnerFiles
from desk.parcels import Parcel
from desk.records import Record
from desk.store import MigrationFailedError, Store, Transaction
from desk.units import Resident, Unit, UnitDirectory

SHANGHAI = ZoneInfo("Asia/Shanghai")
BEFORE = datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)
UPGRADE_DAY = FixedClock(datetime(2027, 3, 1, 2, 0, tzinfo=SHANGHAI))
UNIT_TEXT_MIGRATION = MIGRATIONS.index(unit_text_to_unit_ids) + 1
PREVIOUS_SCHEMA = MIGRATIONS[: UNIT_TEXT_MIGRATION - 1]

UNITS = (
    Unit(id="SUNNY-U1", building="1", room="301", area_m2=Decimal("79.65")),
    Unit(id="SUNNY-U2", building="3", room="1202", area_m2=Decimal("89.50")),
    Unit(id="SUNNY-U3", building="A", room="301"),
    Unit(id="SUNNY-U4", building="A座", room="301"),  # "A-301" names this one as much as the one above
    Unit(id="MOON-U1", building="1", room="301"),  # a site sharing the spreadsheet has its own 1-301
)


def resident(record_id: str, unit: str) -> Resident:
    return Resident(id=record_id, name=f"Resident {record_id}", unit=unit, move_in=date(2019, 5, 1))


def old_store(path: Path, *records: Record) -> None:
    """A store as the version before migration 8 left it: the units, and records keeping units as typed."""
    with Store(path, migrations=PREVIOUS_SCHEMA) as store, store.transaction() as tx:
        for record in (*UNITS, *records):
            tx.put(record, actor="staff", at=BEFORE)


def upgraded(path: Path) -> Store:
    store = Store(path, clock=UPGRADE_DAY)
    store.open()
    return store


def units_of(store: Store, kind: type[Record]) -> dict[str, str]:
    with store.transaction() as tx:
        return {record.id: record.unit for record in tx.find(kind)}  # type: ignore[attr-defined]


def problems_of(store: Store) -> list[tuple[str, str, str, str, str]]:
    with store.transaction() as tx:
        return [(p.tab, p.record, p.header, p.value, p.reason) for p in tx.sync_problems()]


def test_units_typed_as_staff_say_them_become_the_units_id(tmp_path: Path) -> None:
    path = tmp_path / "lobbydesk.sqlite3"
    old_store(path, resident("SUNNY-P1", "1-301"), resident("SUNNY-P2", " 1-301 "), resident("SUNNY-P3", "1栋301"),
              resident("SUNNY-P4", "3 - 1202"), resident("SUNNY-P5", " sunny-u2 "), resident("SUNNY-P6", "SUNNY-U2"),
              MeterReading(id="SUNNY-M1", unit="3栋1202", meter=Meter.WATER, period="2026-11", reading=Decimal("12")))

    store = upgraded(path)

    assert store.schema_version() == len(MIGRATIONS)
    assert units_of(store, Resident) == {"SUNNY-P1": "SUNNY-U1", "SUNNY-P2": "SUNNY-U1", "SUNNY-P3": "SUNNY-U1",
                                         "SUNNY-P4": "SUNNY-U2", "SUNNY-P5": "SUNNY-U2", "SUNNY-P6": "SUNNY-U2"}
    assert units_of(store, MeterReading) == {"SUNNY-M1": "SUNNY-U2"}
    assert problems_of(store) == []
    store.close()


def test_the_rewrite_is_a_new_version_in_the_history_and_the_owner_file_now_finds_the_resident(
    tmp_path: Path,
) -> None:
    path = tmp_path / "lobbydesk.sqlite3"
    old_store(path, resident("SUNNY-P1", "1栋301"), resident("SUNNY-P2", "SUNNY-U1"))
    store = upgraded(path)

    with store.transaction() as tx:
        versions = [(entry.actor, entry.body["unit"]) for entry in tx.history_entries("SUNNY-P1")]
        untouched = [entry.actor for entry in tx.history_entries("SUNNY-P2")]
    assert versions == [("staff", "1栋301"), (UPGRADE_ACTOR, "SUNNY-U1")]
    assert untouched == ["staff"], "a unit already stored by its ID is left alone"
    assert [r.id for r in UnitDirectory(store, UPGRADE_DAY).residents("SUNNY-U1")] == ["SUNNY-P1", "SUNNY-P2"]
    owner_file = OwnerFiles(store, UPGRADE_DAY).file_of("SUNNY-U1")
    assert {r.id for r in owner_file.residents} == {"SUNNY-P1", "SUNNY-P2"}
    assert ("Resident Resident SUNNY-P1", "Unit: 1栋301 → SUNNY-U1") in [
        (change.subject, change.describe()) for change in owner_file.changes]
    store.close()


def test_a_text_naming_no_unit_stays_and_the_problems_tab_lists_it(tmp_path: Path) -> None:
    path = tmp_path / "lobbydesk.sqlite3"
    old_store(path, resident("SUNNY-P1", "9-999"), resident("SUNNY-P2", "3"),
              Charge(id="SUNNY-C1", unit="9-999", fee="Property fee", period="2026-10", amount=Decimal("10.00"),
                     created_at=BEFORE))

    store = upgraded(path)

    assert units_of(store, Resident) == {"SUNNY-P1": "9-999", "SUNNY-P2": "3"}
    assert units_of(store, Charge) == {"SUNNY-C1": "9-999"}
    assert problems_of(store) == [
        ("Residents", "SUNNY-P1", "Unit", "9-999",
         "kept as typed at the upgrade to unit IDs: '9-999' is not a unit in the Units tab"),
        ("Residents", "SUNNY-P2", "Unit", "3",
         "kept as typed at the upgrade to unit IDs: '3' is a building, not a unit: write the unit as "
         "building-room, e.g. 3-1202"),
        ("Charges", "SUNNY-C1", "Unit", "9-999",
         "kept as typed at the upgrade to unit IDs: '9-999' is not a unit in the Units tab"),
    ]
    with store.transaction() as tx:
        assert {p.until for p in tx.sync_problems()} == {"2027-03-15T02:00:00+08:00"}, "listed for two weeks"
        assert [entry.actor for entry in tx.history_entries("SUNNY-P1")] == ["staff"]
    store.close()


def test_a_label_of_two_units_of_one_site_is_not_guessed_and_another_sites_twin_does_not_count(
    tmp_path: Path,
) -> None:
    path = tmp_path / "lobbydesk.sqlite3"
    old_store(path, resident("SUNNY-P1", "A-301"), resident("SUNNY-P2", "1-301"), resident("MOON-P1", "1-301"))

    store = upgraded(path)

    assert units_of(store, Resident) == {"SUNNY-P1": "A-301", "SUNNY-P2": "SUNNY-U1", "MOON-P1": "MOON-U1"}
    assert problems_of(store) == [
        ("Residents", "SUNNY-P1", "Unit", "A-301",
         "kept as typed at the upgrade to unit IDs: 'A-301' names 2 units: A-301 (SUNNY-U3), A座-301 (SUNNY-U4); "
         "type the one meant by its ID"),
    ]
    files = OwnerFiles(store, UPGRADE_DAY)
    assert [r.id for r in files.file_of("SUNNY-U3").residents] == [], "A-301 is that unit's label, but not a guess"
    assert [r.id for r in files.file_of("SUNNY-U4").residents] == []
    store.close()


def test_a_label_beside_the_unit_follows_it_unless_it_names_another_unit(tmp_path: Path) -> None:
    def parcel(record_id: str, unit: str, label: str) -> Parcel:
        return Parcel(id=record_id, pickup_code="1234", unit=unit, unit_label=label, arrived_at=BEFORE)

    path = tmp_path / "lobbydesk.sqlite3"
    old_store(path, parcel("SUNNY-B1", "1栋301", ""), parcel("SUNNY-B2", "1栋301", "1栋301"),
              parcel("SUNNY-B3", "1栋301", "3-1202"))

    store = upgraded(path)

    with store.transaction() as tx:
        parcels = {p.id: (p.unit, p.unit_label) for p in tx.find(Parcel)}
    assert parcels == {"SUNNY-B1": ("SUNNY-U1", "1-301"), "SUNNY-B2": ("SUNNY-U1", "1-301"),
                       "SUNNY-B3": ("SUNNY-U1", "3-1202")}
    store.close()


def test_a_fee_rules_units_are_written_as_the_sync_writes_them_and_a_unit_it_cannot_read_is_listed(
    tmp_path: Path,
) -> None:
    def rule(record_id: str, units: str) -> FeeRule:
        return FeeRule(id=record_id, fee="Parking", basis=FeeBasis.FIXED_MONTHLY, rate=Decimal("150"), units=units)

    path = tmp_path / "lobbydesk.sqlite3"
    old_store(path, rule("SUNNY-K1", "1栋301，3"), rule("SUNNY-K2", "1-301, 3"), rule("SUNNY-K3", "1-301, 9-999"))

    store = upgraded(path)

    with store.transaction() as tx:
        rules = {r.id: r.units for r in tx.find(FeeRule)}
        unchanged = [entry.actor for entry in tx.history_entries("SUNNY-K2")]
    assert rules == {"SUNNY-K1": "1-301, 3", "SUNNY-K2": "1-301, 3", "SUNNY-K3": "1-301, 9-999"}
    assert unchanged == ["staff"]
    assert problems_of(store) == [
        ("FeeRules", "SUNNY-K3", "Units", "1-301, 9-999",
         "kept as typed at the upgrade to unit IDs: '9-999' is not a unit or a building in the Units tab"),
    ]
    store.close()


def test_running_it_again_changes_nothing_and_lists_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "lobbydesk.sqlite3"
    old_store(path, resident("SUNNY-P1", "1-301"), resident("SUNNY-P2", "9-999"))
    store = upgraded(path)
    with store.transaction() as tx:
        revision, problems = tx.last_revision(), tx.sync_problems()

    with store.transaction() as tx:
        unit_text_to_unit_ids(tx, datetime(2027, 3, 2, 9, 0, tzinfo=SHANGHAI))
        assert (tx.last_revision(), tx.sync_problems()) == (revision, problems)
    store.close()

    with Store(path, clock=UPGRADE_DAY) as again, again.transaction() as tx:  # opening it again runs nothing
        assert (tx.last_revision(), tx.sync_problems()) == (revision, problems)
    assert len(problems) == 1


def test_an_archived_record_stays_out_of_the_live_workbook_after_its_unit_is_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "lobbydesk.sqlite3"
    old_store(path, resident("SUNNY-P1", "1-301"), resident("SUNNY-P2", "1-301"))
    with Store(path, migrations=PREVIOUS_SCHEMA) as store, store.transaction() as tx:
        tx.mark_archived(Resident, [("SUNNY-P1", tx.revision_of(Resident, "SUNNY-P1") or 0)], 2025, BEFORE)

    store = upgraded(path)

    with store.transaction() as tx:
        assert [u.record_id for u in tx.unsynced(Resident)] == ["SUNNY-P2"]
        assert tx.archived_among(Resident, ["SUNNY-P1"]) == {"SUNNY-P1"}
    assert units_of(store, Resident) == {"SUNNY-P1": "SUNNY-U1", "SUNNY-P2": "SUNNY-U1"}
    store.close()


def test_a_data_step_that_fails_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "lobbydesk.sqlite3"
    old_store(path, resident("SUNNY-P1", "1-301"))

    def half_done(tx: Transaction, at: datetime) -> None:
        tx.put(resident("SUNNY-P9", "SUNNY-U1"), actor="upgrade", at=at)
        raise ValueError("a body the step cannot read")

    with pytest.raises(MigrationFailedError, match="a body the step cannot read"):
        Store(path, migrations=(*MIGRATIONS, half_done), clock=UPGRADE_DAY).open()

    with Store(path, migrations=PREVIOUS_SCHEMA) as store:
        assert store.schema_version() == len(PREVIOUS_SCHEMA)
        assert units_of(store, Resident) == {"SUNNY-P1": "1-301"}, "migration 8 went back with the failing step"


def test_every_tab_with_a_unit_column_is_listed_with_its_header() -> None:
    """A record kind given a unit column later must be born with unit IDs; these are the ones of migration 8."""
    for module in pkgutil.walk_packages(desk.__path__, "desk."):
        importlib.import_module(module.name)
    kinds = {kind.TAB: kind for kind in _record_kinds(Record) if "unit" in kind.model_fields}
    with_columns = {tab: header for tab, kind in kinds.items()
                    for spec in kind.columns() if spec.field == "unit" for header in [spec.header]}
    assert with_columns == UNIT_HEADERS
    assert set(kinds) - set(with_columns) == {"AnonymousSenders"}, "never synced: listed to nobody"


def _record_kinds(base: type[Record]) -> list[type[Record]]:
    return [kind for sub in base.__subclasses__() for kind in (sub, *_record_kinds(sub))]
