"""The pure parts of the Google backend: the retry policy's waits, and a batch as Sheets API requests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from sync.backend import CellUpdate, WriteBatch
from sync.google_http import RetryPolicy, retry_after_seconds
from sync.google_requests import (
    AppendRows,
    TabInfo,
    a1_tab,
    extended_value,
    grid_size_of,
    plan_write,
)


def test_waits_double_up_to_a_cap_and_the_jitter_takes_off_at_most_half() -> None:
    highest = RetryPolicy(first_wait=1.0, longest_wait=16.0, random_fraction=lambda: 1.0)
    lowest = RetryPolicy(first_wait=1.0, longest_wait=16.0, random_fraction=lambda: 0.0)

    assert [highest.backoff(retry) for retry in range(1, 8)] == [1.0, 2.0, 4.0, 8.0, 16.0, 16.0, 16.0]
    assert [lowest.backoff(retry) for retry in range(1, 4)] == [0.5, 1.0, 2.0]


def test_retry_after_is_read_as_seconds_or_as_a_date() -> None:
    now = datetime(2024, 5, 6, 1, 0, 0, tzinfo=UTC)

    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Mon, 06 May 2024 01:00:30 GMT", now=lambda: now) == 30.0
    assert retry_after_seconds("Mon, 06 May 2024 00:59:00 GMT", now=lambda: now) == 0.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


@pytest.mark.parametrize(
    ("value", "extended"),
    [
        ("=1+1", {"stringValue": "=1+1"}),
        ("+86 138", {"stringValue": "+86 138"}),
        (3, {"numberValue": 3}),
        (Decimal("1250.50"), {"numberValue": 1250.5}),
        (True, {"boolValue": True}),
        (datetime(2024, 5, 6, 9, 30, 15), {"stringValue": "2024-05-06 09:30:15"}),
        (date(2024, 5, 6), {"stringValue": "2024-05-06"}),
        ("", None),
        (None, None),
    ],
)
def test_every_value_is_written_as_a_literal(value: object, extended: object) -> None:
    assert extended_value(value) == extended  # type: ignore[arg-type]


def test_tab_names_are_quoted_for_a1_and_grid_sizes_read_back() -> None:
    assert a1_tab("前台 It's") == "'前台 It''s'"
    assert grid_size_of("'前台 It''s'!A1:Z1000") == (1000, 26)
    assert grid_size_of("Queue!A1:AB7") == (7, 28)
    assert grid_size_of("Queue") is None


def test_a_batch_is_one_list_of_requests_new_tabs_first_appends_last() -> None:
    tabs = {"Queue": TabInfo(sheet_id=7, rows=1000, columns=26)}
    batch = WriteBatch(
        new_tabs={"Queue": ["ID"], "Problems": ["Site", "Why"]},
        updates=[CellUpdate("Queue", 2, 4, "served"), CellUpdate("Queue", 2, 3, "2"), CellUpdate("Queue", 0, 27, "X")],
        appends={"Problems": [["SUNNY", "because"]]},
    )

    plan = plan_write(batch, tabs, new_sheet_id=lambda: 99)

    assert [next(iter(request)) for request in plan.requests[:-1]] == [
        "addSheet",
        "updateCells",
        "appendDimension",
        "updateCells",
        "updateCells",
    ]
    assert plan.requests[-1] == AppendRows(99, [["SUNNY", "because"]])
    assert plan.requests[0]["addSheet"]["properties"]["title"] == "Problems"
    assert plan.requests[2]["appendDimension"] == {"sheetId": 7, "dimension": "COLUMNS", "length": 2}
    assert plan.requests[4]["updateCells"] == {  # side-by-side cells of a row go as one run
        "start": {"sheetId": 7, "rowIndex": 2, "columnIndex": 3},
        "rows": [
            {"values": [{"userEnteredValue": {"stringValue": "2"}}, {"userEnteredValue": {"stringValue": "served"}}]}
        ],
        "fields": "userEnteredValue",
    }
    assert plan.tabs_after == {"Queue": TabInfo(7, 1000, 28), "Problems": TabInfo(99, 1000, 26, "Problems")}
    assert plan.adds_rows_or_tabs


def test_cell_updates_alone_may_be_sent_twice() -> None:
    plan = plan_write(WriteBatch(updates=[CellUpdate("Queue", 1, 1, None)]), {"Queue": TabInfo(7, 10, 5)}, lambda: 1)

    assert plan.requests == [
        {
            "updateCells": {
                "start": {"sheetId": 7, "rowIndex": 1, "columnIndex": 1},
                "rows": [{"values": [{}]}],
                "fields": "userEnteredValue",
            }
        }
    ]
    assert not plan.adds_rows_or_tabs
