"""A clerk opens the workbook in LibreOffice Calc, edits it and saves it: the sync carries on as before.

LibreOffice saves every yes/no cell as the formula ``=TRUE()`` or ``=FALSE()`` with its result, and any
formula staff type with the result it shows; lobbydesk reads each by the value it shows. The real
LibreOffice does the saving here (headless, with a profile of its own so parallel runs do not clash).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desk.queue import Service
from desk.units import Unit
from lobbydesk.demo import seed_demo, write_demo_config
from lobbydesk.settings import load_settings
from lobbydesk.site import Site
from sync.engine import SYNCED_KINDS

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs libreoffice-calc-nogui"
)

Snapshot = dict[tuple[str, str], dict[str, Any]]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """The demo community, its workbook made by a first sync, as the office finds it in the morning."""
    data = tmp_path / "demo"
    write_demo_config(data)
    demo = Site(load_settings(data_dir=data))
    demo.open()
    seed_demo(demo)
    first = demo.sync.run_once()
    assert first.ok and first.rows_appended > 400, first.summary()
    yield demo
    demo.close()


def workbook_path(site: Site) -> Path:
    return site.settings.data_dir / "workbook.xlsx"


def store_snapshot(site: Site) -> Snapshot:
    """Every synced record's fields, by kind and ID."""
    with site.store.transaction() as tx:
        return {(kind.TAB, record.id): record.model_dump() for kind in SYNCED_KINDS for record in tx.find(kind)}


def changes_between(before: Snapshot, after: Snapshot) -> dict[tuple[str, str, str], Any]:
    """The fields whose value differs, with their new value (records only in ``after`` are left out)."""
    return {
        (tab, record_id, name): value
        for (tab, record_id), fields in after.items()
        if (tab, record_id) in before
        for name, value in fields.items()
        if before[(tab, record_id)][name] != value
    }


def column_of(sheet: Any, header: str) -> int:
    return int(next(cell.column for cell in sheet[1] if cell.value == header))


def row_of(sheet: Any, record_id: str) -> int:
    return int(next(row[0].row for row in sheet.iter_rows(min_row=2) if row[0].value == record_id))


def save_in_libreoffice(path: Path, scratch: Path) -> None:
    """Open the file in LibreOffice Calc and save it again as .xlsx, in its place, as a clerk would."""
    assert SOFFICE is not None
    saved = scratch / "saved by libreoffice"
    profile = scratch / "libreoffice profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "xlsx", "--outdir", str(saved), str(path)],
        check=True, capture_output=True, timeout=300,
    )
    shutil.move(saved / path.name, path)
    assert not (path.parent / f".~lock.{path.name}#").exists(), "LibreOffice left its lock file behind"


def test_a_workbook_edited_and_saved_in_libreoffice_syncs_the_edits_and_nothing_else(
    site: Site, tmp_path: Path
) -> None:
    path = workbook_path(site)
    before = store_snapshot(site)
    with site.store.transaction() as tx:
        units_in_store = tx.find(Unit)
    first_unit = next(unit for unit in units_in_store if not unit.heating)  # the demo's third floors have none
    second_unit = next(unit for unit in units_in_store if unit.heating)

    # At the office PC, in Calc: heating on for one unit, a new owner's name, an area worked out by a
    # formula, and a column of the clerk's own, also a formula.
    book = openpyxl.load_workbook(path)
    units = book["Units"]
    first_row, second_row = row_of(units, first_unit.id), row_of(units, second_unit.id)
    units.cell(first_row, column_of(units, "Heating")).value = True
    units.cell(first_row, column_of(units, "Owner of record")).value = "王小红"
    units.cell(second_row, column_of(units, "Area m2")).value = "=80+5.5"
    own_column = units.max_column + 1
    units.cell(1, own_column).value = "Label"
    for row in range(2, units.max_row + 1):
        units.cell(row, own_column).value = f'=B{row}&"-"&C{row}'
    book.save(path)
    save_in_libreoffice(path, tmp_path)

    saved = openpyxl.load_workbook(path)["Units"]
    heating = [cell.value for cell in saved[openpyxl.utils.get_column_letter(column_of(saved, "Heating"))][1:]]
    assert set(heating) == {"=TRUE()", "=FALSE()"}, "LibreOffice saves every yes/no cell as a formula"

    taken = site.sync.run_once()

    assert taken.ok, taken.summary()
    assert taken.rejected == []
    assert taken.problems_listed == 0
    assert changes_between(before, store_snapshot(site)) == {
        ("Units", first_unit.id, "heating"): True,
        ("Units", first_unit.id, "owner_of_record"): "王小红",
        ("Units", second_unit.id, "area_m2"): pytest.approx(85.5),
    }
    assert (taken.values_taken, taken.writes) == (3, 0), "each cell already reads as what the store now holds"

    # The kiosk goes on: lobbydesk writes the file itself (openpyxl keeps formulas but not their results).
    site.queue.take_number(Service.INQUIRY, print_ticket=False)
    written = site.sync.run_once()
    assert written.ok and written.rows_appended == 1, written.summary()
    after_write = openpyxl.load_workbook(path)["Units"]
    assert after_write.cell(second_row, column_of(after_write, "Area m2")).value == "=80+5.5"
    assert after_write.cell(first_row, column_of(after_write, "Label")).value == f'=B{first_row}&"-"&C{first_row}'
    settled = store_snapshot(site)

    quiet = site.sync.run_once()

    assert quiet.ok, quiet.summary()
    assert (quiet.values_taken, quiet.writes, quiet.rejected, quiet.problems_listed) == (0, 0, [], 0)
    assert store_snapshot(site) == settled

