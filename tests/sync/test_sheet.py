"""A tab as read: our columns found, the columns in use, its rows sorted by whose they are, in one pass."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from desk.queue import QueueTicket
from sync.mapping import TabLayout
from sync.sheet import Ownership, read_sheet


class PassCountingGrid(list[Any]):
    """A grid that counts the passes made over its rows (a packed grid unpacks all of it at each)."""

    passes = 0

    def __iter__(self) -> Iterator[Any]:
        self.passes += 1
        return super().__iter__()


def test_the_columns_in_use_are_the_widest_row_s_found_in_the_one_pass_over_the_rows() -> None:
    layout = TabLayout.of(QueueTicket)
    header = list(layout.headers)
    note_past_the_headers = ["SUNNY-Q000001", *[None] * (len(header) + 2), "a note staff typed past the headers"]
    grid = PassCountingGrid([header, note_past_the_headers, ["SUNNY-Q000002"]])

    sheet = read_sheet(layout, grid, Ownership("SUNNY"))

    assert sheet.width == len(header) + 4
    assert list(sheet.own_rows) == ["SUNNY-Q000001", "SUNNY-Q000002"]
    assert grid.passes == 1


def test_a_header_put_back_goes_after_every_column_in_use() -> None:
    layout = TabLayout.of(QueueTicket)
    header = list(layout.headers)[:-1]
    grid = [header, ["SUNNY-Q000001", *[None] * len(header), "a note"]]

    sheet = read_sheet(layout, grid, Ownership("SUNNY"))

    assert sheet.restored_headers == (layout.headers[-1],)
    assert sheet.positions[layout.headers[-1]] == len(header) + 2
    assert sheet.width == len(header) + 3
