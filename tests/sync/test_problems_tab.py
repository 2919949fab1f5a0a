"""How a site rewrites its own rows of the Problems tab, and leaves the other sites' rows alone."""

from __future__ import annotations

from datetime import datetime, timedelta

from desk.store import SyncProblem
from sync.backend import CellUpdate
from sync.merge import CellProblem
from sync.problems import PROBLEM_HEADERS, current_problems, plan_problems_tab
from tests.sync.conftest import SITE_ZONE

HEADERS = list(PROBLEM_HEADERS)
NOW = datetime(2024, 5, 6, 9, 0, tzinfo=SITE_ZONE)


def problem(record: str, reason: str = "it is not a date") -> SyncProblem:
    return SyncProblem("Bulletins", record, "Starts", "soon", reason)


def test_the_first_problems_create_the_tab_with_its_headers() -> None:
    plan = plan_problems_tab(None, "SUNNY", [problem("new row 3")])

    assert plan.new_tab_headers == HEADERS
    assert plan.appends == [["SUNNY", "Bulletins", "new row 3", "Starts", "soon", "it is not a date"]]


def test_an_unchanged_list_writes_nothing() -> None:
    grid = [HEADERS, ["SUNNY", "Bulletins", "new row 3", "Starts", "soon", "it is not a date"]]

    plan = plan_problems_tab(grid, "SUNNY", [problem("new row 3")])

    assert (plan.cell_updates, plan.appends, plan.header_updates) == ([], [], [])


def test_a_site_fills_its_own_rows_blanks_the_rest_and_never_touches_another_sites() -> None:
    grid = [
        HEADERS,
        ["SUNNY", "Queue", "SUNNY-T000001", "Status", "bogus", "not a status"],
        ["MOON", "Queue", "MOON-T000004", "Status", "?", "not a status"],
        ["SUNNY", "Queue", "SUNNY-T000002", "Status", "x", "not a status"],
    ]

    plan = plan_problems_tab(grid, "SUNNY", [problem("new row 3")])

    assert plan.cell_updates == [
        CellUpdate("Problems", 1, 1, "Bulletins"),
        CellUpdate("Problems", 1, 2, "new row 3"),
        CellUpdate("Problems", 1, 3, "Starts"),
        CellUpdate("Problems", 1, 4, "soon"),
        CellUpdate("Problems", 1, 5, "it is not a date"),
        *(CellUpdate("Problems", 3, column, None) for column in range(6)),
    ]
    assert plan.appends == []


def test_staff_reordering_the_columns_is_followed_and_a_missing_header_comes_back() -> None:
    grid = [["Why", "Site", "Tab", "ID", "Value"], ["it is not a date", "SUNNY", "Bulletins", "new row 3", "soon"]]

    plan = plan_problems_tab(grid, "SUNNY", [problem("new row 3")])

    assert plan.header_updates == [CellUpdate("Problems", 0, 5, "Column")]
    assert plan.cell_updates == [CellUpdate("Problems", 1, 5, "Starts")]


def test_problems_last_while_their_cause_does_and_notices_for_a_day() -> None:
    fresh = [CellProblem("Queue", "SUNNY-T000001", "Status", "bogus", "not a status")]
    notice = CellProblem("Queue", "SUNNY-T000002", "", "", "the row was deleted and is back")

    first = current_problems(fresh, [notice], [], NOW)
    later = current_problems([], [], first, NOW + timedelta(hours=23))
    next_day = current_problems([], [], first, NOW + timedelta(hours=25))

    assert [(p.record, p.until is None) for p in first] == [("SUNNY-T000001", True), ("SUNNY-T000002", False)]
    assert [p.record for p in later] == ["SUNNY-T000002"]
    assert next_day == []
