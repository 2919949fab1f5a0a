"""A read of several tabs, a tab at a time: largest first, a tab left to openpyxl, the file calamine reads."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from sync.backend import trim_grid, trim_grid_in_place
from sync.xlsx_openpyxl_read import read_with_openpyxl
from sync.xlsx_read import TabByTab, read_fast
from sync.xlsx_read_cache import TabReadCache


def workbook(rows_by_tab: dict[str, int], *, word: str = "row") -> bytes:
    """A workbook with these tabs, each with that many rows of a text, a number and a yes/no."""
    book = Workbook()
    book.remove(book.active)
    for tab, count in rows_by_tab.items():
        sheet = book.create_sheet(tab)
        for number in range(1, count + 1):
            sheet.append([f"{word} {number} of {tab}", number * 1.5, number % 2 == 0])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_a_comment_in(content: bytes, tab_part: str) -> bytes:
    """The package with an XML comment in one sheet's data: a file the fast reader leaves to openpyxl."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == tab_part:
                data = data.replace(b"<sheetData>", b"<sheetData><!-- staff were here -->", 1)
            target.writestr(info.filename, data)
    return out.getvalue()


def values(grids: dict[str, Any]) -> dict[str, list[list[Any]]]:
    return {tab: [[(type(value).__name__, value) for value in row] for row in cells.rows]
            for tab, cells in grids.items()}


def test_the_tabs_are_parsed_largest_first_and_read_as_openpyxl_reads_them() -> None:
    content = workbook({"Small": 3, "Big": 300, "Middle": 40})

    reading = TabByTab(content, ["Small", "Big", "Middle", "Absent"])
    given_tabs = dict(reading)

    assert list(given_tabs) == ["Big", "Middle", "Small"]
    reference = read_with_openpyxl(content, ["Small", "Big", "Middle"])
    assert values(given_tabs) == values(reference.tabs)
    assert reading.used == reference.used
    assert reading.fallback == ""
    assert list(read_fast(content, ["Small", "Big", "Middle"]).tabs) == ["Small", "Big", "Middle"]


def test_a_tab_left_to_openpyxl_is_read_by_it_with_the_tabs_after_it() -> None:
    plain = workbook({"Big": 300, "Small": 3})
    content = with_a_comment_in(plain, "xl/worksheets/sheet2.xml")  # Small, parsed after Big
    cache = TabReadCache()

    reading = TabByTab(content, ["Small", "Big"], cache)
    given_tabs = dict(reading)

    assert "comments" in reading.fallback
    assert cache.parsed == ["Big", "Small"]
    reference = read_with_openpyxl(content, ["Small", "Big"])
    assert values(given_tabs) == values(reference.tabs)
    assert reading.used == reference.used
    assert not reading.kept("Big"), "a read that fell back keeps nothing for the next"


def test_the_read_cache_keeps_the_tabs_it_has_room_for_and_says_so() -> None:
    content = workbook({"Big": 300, "Small": 3})
    cache = TabReadCache(cell_limit=100)

    reading = TabByTab(content, ["Big", "Small"], cache)
    dict(reading)

    assert reading.kept("Small") and not reading.kept("Big")
    again = TabByTab(content, ["Big", "Small"], cache)
    dict(again)
    assert cache.parsed == ["Big"], "the small tab came from the cache"


def test_a_read_from_an_open_file_reads_it_even_when_it_was_replaced_since(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(workbook({"Data": 5}, word="before"))
    with path.open("rb") as file:
        staff_save = tmp_path / "saved.xlsx"
        staff_save.write_bytes(workbook({"Data": 5}, word="after"))
        os.replace(staff_save, path)  # as an office suite saves: a new file in its place

        read = dict(TabByTab(file, ["Data"]))

    assert read["Data"].rows[0][0] == "before 1 of Data"


grid_values = st.one_of(st.none(), st.sampled_from(["", "x", " "]), st.integers(-3, 3))


@given(st.lists(st.lists(grid_values, max_size=5), max_size=6))
def test_a_grid_trimmed_in_place_is_the_copy_trim_grid_makes(grid: list[list[Any]]) -> None:
    assert trim_grid_in_place([list(row) for row in grid]) == trim_grid(grid)
