"""A store from before unit columns were read as units is upgraded: the sheet follows, and staff are told the rest.

The Residents tab was synced while the store kept the units as typed (``1栋301``, ``9-999``), so both
sides agree on that text and no cycle would look at it again. After the upgrade the sheet shows the
unit's ID where a text named a unit, and the Problems tab lists the text that names none.
"""

from __future__ import annotations

from pathlib import Path

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.migrations import MIGRATIONS, UNREAD_UNIT_LISTED_FOR, unit_text_to_unit_ids
from desk.store import Store
from desk.units import Resident, Unit
from lobbydesk.settings import Settings
from lobbydesk.site import Site
from sync.engine import SYNCED_KINDS, SyncEngine
from sync.memory import MemoryWorkbook

PREVIOUS_SCHEMA = MIGRATIONS[: MIGRATIONS.index(unit_text_to_unit_ids)]


def problems(sheet: MemoryWorkbook) -> list[tuple[object, ...]]:
    return [(row["Tab"], row["ID"], row["Column"], row["Value"], row["Why"])
            for row in sheet.rows_by_header("Problems") if row["Site"]]


def units_in_the_sheet(sheet: MemoryWorkbook) -> dict[object, object]:
    return {row["Name"]: row["Unit"] for row in sheet.rows_by_header("Residents")}


def test_after_the_upgrade_the_sheet_shows_the_units_id_and_problems_lists_what_names_no_unit(
    tmp_path: Path, sheet: MemoryWorkbook, clock: FixedClock
) -> None:
    path = tmp_path / "lobbydesk.sqlite3"
    with Store(path, migrations=PREVIOUS_SCHEMA, clock=clock) as old:
        with old.transaction() as tx:
            tx.put(Unit(id="SUNNY-U1", building="1", room="301"), actor="staff", at=clock.now())
            tx.put(Resident(id="SUNNY-P1", name="张三明", unit="1栋301"), actor="staff", at=clock.now())
            tx.put(Resident(id="SUNNY-P2", name="李秀英", unit="9-999"), actor="staff", at=clock.now())
        SyncEngine(old, sheet, SYNCED_KINDS, clock, ids=SequentialIds("SUNNY")).run_once()
    assert units_in_the_sheet(sheet) == {"张三明": "1栋301", "李秀英": "9-999"}

    with Store(path, clock=clock) as upgraded:
        engine = SyncEngine(upgraded, sheet, SYNCED_KINDS, clock, ids=SequentialIds("SUNNY"))
        engine.run_once()
        clock.advance(minutes=5)
        engine.run_once()  # the list is worked out again every cycle: the upgrade's notice stays

    assert units_in_the_sheet(sheet) == {"张三明": "SUNNY-U1", "李秀英": "9-999"}
    assert problems(sheet) == [("Residents", "SUNNY-P2", "Unit", "9-999",
                                "kept as typed at the upgrade to unit IDs: '9-999' is not a unit in the Units tab")]


def test_a_site_upgrading_its_store_dates_the_upgrades_notices_in_its_own_time_zone(
    site_settings: Settings, site_clock: FixedClock
) -> None:
    with Store(site_settings.store_path, migrations=PREVIOUS_SCHEMA, clock=site_clock) as old, \
            old.transaction() as tx:
        tx.put(Resident(id="SUNNY-P2", name="李秀英", unit="9-999"), actor="staff", at=site_clock.now())

    with Site(site_settings, clock=site_clock, ids=SequentialIds("SUNNY")) as site, site.store.transaction() as tx:
        listed = tx.sync_problems()

    assert [(p.record, p.until) for p in listed] == [
        ("SUNNY-P2", (site_clock.now() + UNREAD_UNIT_LISTED_FOR).isoformat())]
    assert listed[0].until is not None and listed[0].until.endswith("+08:00")
