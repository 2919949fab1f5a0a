"""A large tab as read is held packed and reads back as the rows it was made from."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync.backend import Row
from sync.merge import TabPlan
from sync.packed_grid import PackedGrid

cells = st.one_of(st.none(), st.text(max_size=8), st.integers(), st.floats(allow_nan=False), st.booleans(),
                  st.dates(), st.datetimes(), st.decimals(allow_nan=False, allow_infinity=False))


@given(st.lists(st.lists(cells, max_size=6), max_size=40), st.integers(1, 7), st.data())
def test_a_packed_grid_gives_back_every_row_in_any_order_of_looks(rows: list[Row], chunk_rows: int,
                                                                   data: st.DataObject) -> None:
    kept = [list(row) for row in rows]
    packed = PackedGrid(rows, chunk_rows)

    assert rows == [], "the rows given were let go as they were packed"
    assert len(packed) == len(kept)
    assert list(packed) == kept
    for index in data.draw(st.lists(st.integers(-len(kept), len(kept) - 1), max_size=20)) if kept else []:
        assert packed[index] == kept[index]
    assert packed[1:5] == kept[1:5]
    assert packed == kept and kept == packed


@given(st.lists(st.lists(cells, max_size=6), max_size=40), st.lists(st.lists(cells, max_size=6), max_size=40),
       st.integers(1, 7), st.data())
def test_rows_added_to_a_packed_grid_read_back_after_those_it_was_made_from(
    first: list[Row], added: list[Row], chunk_rows: int, data: st.DataObject
) -> None:
    kept = [list(row) for row in [*first, *added]]
    packed = PackedGrid(first, chunk_rows)
    for index, row in enumerate(added):
        packed.append(row)
        if index % 3 == 0 and len(packed):  # a look between two adds leaves the rows as they are
            packed[data.draw(st.integers(0, len(packed) - 1))]

    assert len(packed) == len(kept) and list(packed) == kept and packed == kept
    assert [packed[index] for index in range(-len(kept), len(kept))] == kept + kept


def test_a_plan_holds_its_rows_to_append_packed_once_they_are_many() -> None:
    plan = TabPlan("Charges")
    rows: list[Row] = [[f"SUNNY-C{n:06}", "1-301", 12.5, None] for n in range(30_000)]
    for row in rows:
        plan.append(list(row))

    assert isinstance(plan.appends, PackedGrid) and plan.appends == rows
    assert isinstance(TabPlan("Queue", appends=[["T1"]]).appends, list)


def test_a_look_past_the_end_is_an_index_error_as_in_a_list() -> None:
    packed = PackedGrid([["a"], ["b"]])
    with pytest.raises(IndexError):
        packed[2]
    assert packed[-1] == ["b"]


def test_a_tab_of_repeated_texts_and_dates_packs_to_a_fraction_of_its_rows() -> None:
    rows: list[Row] = [[f"DEMO-CK{n:05}", "1-101", "Property fee", "2022-01", 324.14, date(2022, 1, 15),
                        datetime(2022, 1, 1, 8), Decimal("0.05"), None] for n in range(20_000)]
    packed = PackedGrid(rows)

    assert packed.packed_bytes() < 20_000 * 20, "under 20 bytes a row: the IDs are the only texts that change"
    assert packed[12_345][0] == "DEMO-CK12345"
