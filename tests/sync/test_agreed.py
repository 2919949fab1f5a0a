"""The agreed rows kept between cycles: one int a row, which still tells an unchanged row from a changed one."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from desk.queue import QueueTicket
from desk.repairs import Repair
from sync.agreed import SEEN, AgreedRows, picker, unchanged
from sync.mapping import TabLayout, cell_text
from sync.sheet import Ownership, changed_rows, read_sheet

HEADERS = ["ID", "Status", "Unit"]


def agreed_tab(cells: dict[str, str]) -> dict[str, int]:
    rows = AgreedRows()
    rows.keep(Repair, HEADERS, [("SUNNY-R000001", 7, cells)])
    return rows.tabs[Repair.TAB]


def test_a_row_as_agreed_is_unchanged_and_is_then_known_by_its_cells_as_seen() -> None:
    tab = agreed_tab({"ID": "SUNNY-R000001", "Status": "open", "Unit": "1-301"})
    row = ["SUNNY-R000001", "open", "1-301", "a staff note in a column of their own"]

    assert unchanged(row, picker([0, 1, 2]), 3, tab, "SUNNY-R000001")
    assert tab["SUNNY-R000001"] & SEEN
    assert unchanged(row, picker([0, 1, 2]), 3, tab, "SUNNY-R000001"), "and again, from the cells as seen"


def test_a_row_staff_changed_is_changed_whether_or_not_it_was_seen_before() -> None:
    tab = agreed_tab({"ID": "SUNNY-R000001", "Status": "open", "Unit": "1-301"})
    assert unchanged(["SUNNY-R000001", "open", "1-301"], picker([0, 1, 2]), 3, tab, "SUNNY-R000001")

    assert not unchanged(["SUNNY-R000001", "done", "1-301"], picker([0, 1, 2]), 3, tab, "SUNNY-R000001")
    assert not unchanged(["SUNNY-R000001", "open"], picker([0, 1, 2]), 3, tab, "SUNNY-R000001")


cells = st.one_of(st.text(max_size=5), st.integers(), st.booleans(), st.none())


@given(st.lists(cells, min_size=2, max_size=2), st.lists(cells, min_size=2, max_size=2))
def test_a_row_is_unchanged_exactly_when_its_texts_are_the_agreed_ones(first: list[Any], second: list[Any]) -> None:
    rows = AgreedRows()
    agreed_texts = {"ID": cell_text(first[0]), "Status": cell_text(first[1])}
    rows.keep(Repair, ["ID", "Status"], [("SUNNY-R000001", 1, agreed_texts)])
    tab, pick = rows.tabs[Repair.TAB], picker([0, 1])

    assert unchanged(list(first), pick, 2, tab, "SUNNY-R000001")
    same_texts = [cell_text(value) for value in second] == [cell_text(value) for value in first]
    assert unchanged(list(second), pick, 2, tab, "SUNNY-R000001") == same_texts


class CountedGrid(list[list[Any]]):
    """A tab's rows that count the looks at single rows (a packed grid unpacks a chunk for each)."""

    looks = 0

    def __getitem__(self, index: Any) -> Any:
        self.looks += 1
        return super().__getitem__(index)


def test_rows_seen_as_agreed_last_cycle_are_not_looked_at_again_and_a_staff_edit_still_is() -> None:
    layout = TabLayout.of(QueueTicket)
    header = list(layout.headers)
    ids = [f"SUNNY-Q{number:06d}" for number in range(1, 6)]
    rows = [[record_id, *[f"{header} {record_id}" for header in header[1:]]] for record_id in ids]
    rows_agreed = AgreedRows()
    rows_agreed.keep(QueueTicket, header, [(row[0], 1, dict(zip(header, map(cell_text, row), strict=True)))
                                           for row in rows])
    tab, owner = rows_agreed.tabs[QueueTicket.TAB], Ownership("SUNNY")
    assert changed_rows(read_sheet(layout, [header, *rows], owner), tab, ids) == set()  # seen from now on

    rows[3][1] = "typed by staff"
    grid = CountedGrid([header, *rows])
    sheet = read_sheet(layout, grid, owner)  # one pass over the rows, and a look at the header row
    looks = grid.looks
    changed = changed_rows(sheet, tab, ids)

    assert changed == {ids[3]}
    assert grid.looks - looks == 1  # the one row that differs from what was seen


@given(st.dictionaries(st.text(max_size=20), st.integers(min_value=0, max_value=(1 << 129) - 1), max_size=50))
def test_agreed_rows_held_packed_between_cycles_come_back_the_same(tab: dict[str, int]) -> None:
    rows = AgreedRows()
    rows.tabs[Repair.TAB] = dict(tab)
    rows.pack()

    assert rows.tabs == {}
    back = rows.tab(Repair.TAB)
    assert back == tab
    assert list(back) == list(tab), "in the same order"
    assert rows.tab(Repair.TAB) is back, "unpacked once a cycle"


def test_keeping_no_rows_leaves_a_packed_tab_packed() -> None:
    rows = AgreedRows()
    rows.keep(Repair, HEADERS, [("SUNNY-R000001", 7, {"ID": "SUNNY-R000001", "Status": "open", "Unit": "1-301"})])
    rows.pack()
    rows.keep(Repair, HEADERS, [])

    assert rows.tabs == {}
    assert list(rows.tab(Repair.TAB)) == ["SUNNY-R000001"]
