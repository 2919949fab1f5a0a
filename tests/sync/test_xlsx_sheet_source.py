"""A sheet patched while it streams, a piece at a time, is the sheet patched whole, byte for byte."""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync.backend import CellUpdate, CellValue, WriteBatch
from sync.xlsx_patch import CannotPatch, Streaming, patch_workbook
from sync.xlsx_sheet_source import NeedsWholeSheet, StreamedSheet
from tests.sync.test_xlsx_patch import rows, staff_workbook, values

WHOLE = Streaming(whole_below=1 << 62)


def patched(content: bytes, batch: WriteBatch, streaming: Streaming) -> bytes | str:
    try:
        return patch_workbook(content, batch, streaming=streaming)
    except CannotPatch:
        return "refused"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    base=rows,
    updates=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 6), values), max_size=6),
    appended=rows,
    piece=st.integers(1, 80),
    last_rows=st.integers(1, 3),
)
def test_a_streamed_sheet_is_patched_byte_for_byte_as_the_whole_one(
    tmp_path_factory: pytest.TempPathFactory,
    base: list[list[CellValue]],
    updates: list[tuple[int, int, CellValue]],
    appended: list[list[CellValue]],
    piece: int,
    last_rows: int,
) -> None:
    path = tmp_path_factory.mktemp("streamed") / "book.xlsx"
    staff_workbook(path, base)
    content = path.read_bytes()
    batch = WriteBatch(updates=[CellUpdate("Queue", row, column, value) for row, column, value in updates],
                       appends={"Queue": appended})

    streamed = patched(content, batch, Streaming(whole_below=0, piece=piece, last_rows=last_rows))

    assert streamed == patched(content, batch, WHOLE)


def test_rows_before_the_last_ones_send_the_patch_to_the_whole_sheet_with_the_same_result(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "book.xlsx"
    staff_workbook(path, [[f"SUNNY-T{number:06d}", f"A{number:03d}", "waiting"] for number in range(1, 200)])
    content = path.read_bytes()
    # The last 20 rows emptied: the row to append after is found before them, before the last 3 kept.
    emptied = [CellUpdate("Queue", row, column, None) for row in range(180, 200) for column in range(3)]
    batch = WriteBatch(updates=emptied, appends={"Queue": [["SUNNY-T000200", "A200", "waiting"]]})

    with caplog.at_level(logging.INFO, logger="sync.xlsx_patch"):
        streamed = patched(content, batch, Streaming(whole_below=0, piece=64, last_rows=3))

    assert "reads the tab Queue whole" in caplog.text
    assert isinstance(streamed, bytes)
    assert streamed == patched(content, batch, WHOLE)


def test_a_streamed_sheet_keeps_the_rows_written_the_last_ones_holding_values_and_those_after_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "book.xlsx"
    # 2,000 rows of values, then 50 rows an archive emptied (their styled cells stay).
    staff_workbook(path, [[f"SUNNY-T{number:06d}", f"A{number:03d}", "waiting"] for number in range(1, 2000)])
    batch = WriteBatch(updates=[CellUpdate("Queue", row, column, None) for row in range(2000, 2050)
                                for column in range(3)] + [CellUpdate("Queue", 2049, 0, "")])
    path.write_bytes(patch_workbook(path.read_bytes(), batch, streaming=WHOLE))
    with zipfile.ZipFile(path) as archive:
        sheet = StreamedSheet(archive, "xl/worksheets/sheet1.xml", "Queue", {5}, appended=2, last_rows=2, piece=4096)

        assert len(sheet.numbers) == 2050  # the header and every row, found
        assert b"A004" in sheet.row_xml(4)  # row 5, asked for
        assert b"A1999" in sheet.row_xml(1999) and b"A1998" in sheet.row_xml(1998)  # the last two holding values
        assert not sheet.may_hold_values(2000) and sheet.row_xml(2002)  # the three rows after them
        with pytest.raises(NeedsWholeSheet):
            sheet.row_xml(1997)
        with pytest.raises(NeedsWholeSheet):
            sheet.row_xml(2003)
