"""A large tab as read is held packed and reads back as the rows it was made from."""

from __future__ import annotations

import pickle
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync.backend import CellValue, Row, trim_grid
from sync.merge import TabPlan
from sync.packed_grid import GridInReadForm, PackedGrid, cell_count, put_cells

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


# --- read form, kept as the rows come and as cells are put in ------------------------------------------------

raw_cells = st.one_of(st.just(""), st.none(), st.text(max_size=3), st.integers(-3, 3), st.booleans())
raw_rows = st.lists(st.lists(raw_cells, max_size=5), max_size=30)


@given(raw_rows, st.integers(0, 12), st.integers(1, 6))
def test_a_tab_made_into_read_form_as_its_rows_come_is_the_whole_tab_trimmed(
    rows: list[Row], packed_from: int, runs: int
) -> None:
    building = GridInReadForm(packed_from)
    for start in range(0, len(rows), runs):
        building.extend(rows[start:start + runs])

    grid = building.finish()

    assert grid == trim_grid(rows)
    assert isinstance(grid, PackedGrid) == (sum(len(row) for row in trim_grid(rows)) >= packed_from)
    assert cell_count(grid) == sum(len(row) for row in trim_grid(rows))


def test_a_tab_is_packed_as_soon_as_it_holds_enough_cells_not_once_it_is_whole() -> None:
    building = GridInReadForm(packed_from=10)
    building.extend([["a", "b", "c", "d"]] * 2)
    assert isinstance(building._grid, list)

    building.extend([["e", "f", "", None]])

    assert isinstance(building._grid, PackedGrid), "packed with the run that reached ten cells"


@given(raw_rows, st.lists(st.tuples(st.integers(0, 35), st.integers(0, 6), raw_cells), max_size=12),
       st.integers(1, 7))
def test_cells_put_into_a_grid_in_read_form_leave_it_as_the_raw_grid_with_them_would_read(
    rows: list[Row], puts: list[tuple[int, int, CellValue]], chunk_rows: int
) -> None:
    raw = [list(row) for row in rows]
    for at_row, at_column, value in puts:
        while len(raw) <= at_row:
            raw.append([])
        raw[at_row].extend([None] * (at_column + 1 - len(raw[at_row])))
        raw[at_row][at_column] = value
    as_list = trim_grid(rows)
    packed = PackedGrid(trim_grid(rows), chunk_rows)

    put_cells(as_list, puts)
    put_cells(packed, puts)

    assert as_list == trim_grid(raw)
    assert packed == trim_grid(raw) and len(packed) == len(trim_grid(raw))
    assert packed.cells == sum(len(row) for row in trim_grid(raw))


@given(st.lists(st.lists(cells, max_size=4), min_size=1, max_size=30), st.integers(1, 7), st.data())
def test_rows_taken_off_a_packed_grid_s_end_and_rows_replaced_read_back_as_in_a_list(
    rows: list[Row], chunk_rows: int, data: st.DataObject
) -> None:
    kept = [list(row) for row in rows]
    packed = PackedGrid(rows, chunk_rows)
    packed[0]  # a chunk kept unpacked by a look is not given again after the rows changed
    popped = data.draw(st.integers(0, len(kept)))
    for _ in range(popped):
        assert packed.pop() == kept.pop()
    replaced = {index: [f"new {index}"] for index in data.draw(st.sets(st.integers(0, len(kept) - 1)) if kept
                                                              else st.just(set()))}
    packed.replace_rows(replaced)
    for index, row in replaced.items():
        kept[index] = row

    assert list(packed) == kept and [packed[index] for index in range(len(kept))] == kept
    assert packed.cells == sum(len(row) for row in kept)


def test_a_copy_of_a_packed_grid_is_not_changed_with_it_and_pickles_without_the_chunk_it_looked_at() -> None:
    packed = PackedGrid([[index, "x"] for index in range(10)], chunk_rows=4)
    copy = packed.copy()
    packed[5]

    put_cells(packed, [(1, 0, "changed"), (9, 1, None)])

    assert copy == [[index, "x"] for index in range(10)]
    assert packed[1] == ["changed", "x"] and packed[9] == [9]
    assert pickle.loads(pickle.dumps(packed))._unpacked == (-1, [])
    assert pickle.loads(pickle.dumps(packed)) == packed
