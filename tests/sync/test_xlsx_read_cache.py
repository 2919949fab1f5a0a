"""After our own write only the tabs it changed are parsed again; anything else is parsed as before."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl.styles import Font

from sync.backend import CellUpdate, CellValue, WriteBatch
from sync.xlsx import XlsxWorkbook
from sync.xlsx_cells import TabCells
from sync.xlsx_read_cache import TabReadCache

TABS = ["Queue", "Repairs", "Charges"]


def three_tabs(path: Path) -> XlsxWorkbook:
    """A workbook of three tabs with a few rows each, written by lobbydesk (and read once, as the sync does)."""
    workbook = XlsxWorkbook(path)
    workbook.write(WriteBatch(
        new_tabs={tab: ["ID", "Status", "When", "Amount"] for tab in TABS},
        appends={tab: [[f"{tab}-{row}", "open", datetime(2026, 1, row + 1, 9), row * 10] for row in range(5)]
                 for tab in TABS},
    ))
    workbook.read(TABS)
    return workbook


def fresh_read(path: Path) -> dict[str, list[list[CellValue]]]:
    return XlsxWorkbook(path).read(TABS)


def test_after_our_write_to_one_tab_only_that_tab_is_parsed_again(tmp_path: Path) -> None:
    workbook = three_tabs(tmp_path / "desk.xlsx")

    workbook.write(WriteBatch(appends={"Repairs": [["Repairs-new", "open", datetime(2026, 2, 1, 8), 5]]}))
    grids = workbook.read(TABS)

    assert workbook.last_write_path == "patch"
    assert workbook.read_cache.parsed == ["Repairs"]
    assert grids == fresh_read(workbook.path)
    assert grids["Repairs"][-1][0] == "Repairs-new"


def test_a_read_of_an_unchanged_file_parses_nothing_and_gives_the_same_cells(tmp_path: Path) -> None:
    workbook = three_tabs(tmp_path / "desk.xlsx")

    grids = workbook.read(TABS)

    assert workbook.read_cache.parsed == []
    assert grids == fresh_read(workbook.path)


def test_a_save_that_changes_the_styles_makes_every_tab_parsed_again(tmp_path: Path) -> None:
    workbook = three_tabs(tmp_path / "desk.xlsx")
    staff = openpyxl.load_workbook(workbook.path)
    staff["Queue"]["B2"] = "called"
    staff["Queue"]["B2"].font = Font(italic=True)  # a new style: the styles part changes
    staff.save(workbook.path)

    grids = workbook.read(TABS)

    assert sorted(workbook.read_cache.parsed) == sorted(TABS)
    assert grids == fresh_read(workbook.path)
    assert grids["Queue"][1][1] == "called"


def test_a_save_that_leaves_the_other_tabs_byte_for_byte_parses_only_the_changed_one(tmp_path: Path) -> None:
    workbook = three_tabs(tmp_path / "desk.xlsx")
    staff = openpyxl.load_workbook(workbook.path)
    staff["Queue"]["B2"] = "called"
    staff.save(workbook.path)

    grids = workbook.read(TABS)

    assert workbook.read_cache.parsed == ["Queue"]
    assert grids == fresh_read(workbook.path)


def test_a_tab_with_a_formula_is_parsed_every_time(tmp_path: Path) -> None:
    path = tmp_path / "desk.xlsx"
    three_tabs(path)
    staff = openpyxl.load_workbook(path)
    staff["Charges"]["F2"] = "=D2*2"
    staff.save(path)
    workbook = XlsxWorkbook(path)
    workbook.read(TABS)

    workbook.read(TABS)

    assert workbook.read_cache.parsed == ["Charges"]


def test_past_the_cell_limit_nothing_is_kept(tmp_path: Path) -> None:
    workbook = three_tabs(tmp_path / "desk.xlsx")
    workbook.read_cache.cell_limit = 10
    workbook.read(TABS)

    workbook.read(TABS)

    assert sorted(workbook.read_cache.parsed) == sorted(TABS)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(writes=st.lists(
    st.tuples(st.sampled_from(TABS), st.integers(0, 7), st.integers(0, 5),
              st.one_of(st.none(), st.text(max_size=8), st.integers(-1000, 1000))),
    min_size=1, max_size=8,
))
@example(writes=[("Queue", 0, 0, "=")])  # a quoted text: a style the file lacks, so openpyxl saves it all
@example(writes=[("Queue", 0, 0, " ")])  # a text of only a space: openpyxl reads it
@example(writes=[("Repairs", 2, 1, "closed"), ("Charges", 3, 3, 120)])  # patched: one tab parsed each time
def test_reads_through_the_cache_always_equal_a_fresh_read(
    tmp_path_factory: pytest.TempPathFactory, writes: list[tuple[str, int, int, CellValue]]
) -> None:
    workbook = three_tabs(tmp_path_factory.mktemp("cache") / "desk.xlsx")
    for tab, row, column, value in writes:
        workbook.write(WriteBatch(updates=[CellUpdate(tab, row, column, value)]))

        grids = workbook.read(TABS)

        assert grids == fresh_read(workbook.path)
        # Unless openpyxl saved (a style the file lacks: every part rewritten) or read (a text the fast reader
        # leaves to it, as one of only spaces), only the tab written is parsed again.
        if workbook.last_write_path == "patch" and not workbook.last_fallback:
            assert set(workbook.read_cache.parsed) <= {tab}


def test_after_our_write_a_read_of_the_other_tabs_knows_the_grown_tab_s_range_without_calamine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = three_tabs(tmp_path / "desk.xlsx")
    workbook.write(WriteBatch(
        updates=[CellUpdate("Charges", 2, 5, "late")],  # a column the tab did not use
        appends={"Charges": [["Charges-new", "open", datetime(2026, 2, 1, 8), 5]]},
    ))
    import sync.xlsx_calamine_runs as calamine_runs

    def no_calamine(*_args: object) -> None:
        raise AssertionError("calamine opened: a tab was parsed to find its range")

    monkeypatch.setattr(calamine_runs.CalamineWorkbook, "from_filelike", no_calamine)
    workbook.read(["Queue", "Repairs"])
    monkeypatch.undo()

    assert workbook.read_cache.parsed == []
    fresh = XlsxWorkbook(workbook.path)
    fresh.read(TABS)
    assert workbook.size() == fresh.size(), "the range the read cache worked out is the one a parse finds"


def test_a_write_that_empties_a_cell_leaves_the_tab_s_range_to_a_parse(tmp_path: Path) -> None:
    workbook = three_tabs(tmp_path / "desk.xlsx")
    workbook.write(WriteBatch(updates=[CellUpdate("Charges", 5, column, None) for column in range(4)]))  # the last row

    workbook.read(["Queue", "Repairs"])

    fresh = XlsxWorkbook(workbook.path)
    fresh.read(["Queue", "Repairs"])  # the Charges tab's range as calamine finds it, as in the read above
    assert workbook.size() == fresh.size()
    assert workbook.size() is not None and ("Charges", 5, 4) in workbook.size().per_tab, "one row fewer: it shrank"


def test_a_read_lets_go_of_the_tabs_that_changed_before_it_parses_them() -> None:
    cache = TabReadCache()
    kept = {tab: TabCells([[tab, 1]]) for tab in TABS}
    cache.keep({tab: b"before" for tab in TABS}, kept, {tab: (1, 2) for tab in TABS})

    cache.forget_changed({"Queue": b"before", "Repairs": b"after", "Charges": b"after"})

    assert cache.cells("Queue", b"before") is kept["Queue"]
    assert cache.cells("Repairs", b"before") is None and cache.used("Charges", b"before") is None
