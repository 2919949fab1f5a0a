"""A write's requests in bodies under Google's size limit: in order, none lost, an append cut between rows."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from sync.google_bodies import BODY_LIMIT, GOOGLE_BODY_LIMIT, request_bodies
from sync.google_requests import AppendRows

cell_values = st.one_of(st.none(), st.text(max_size=40), st.integers(-10**15, 10**15), st.booleans(),
                        st.floats(allow_nan=False, allow_infinity=False), st.dates())
appends = st.builds(AppendRows, st.integers(1, 3), st.lists(st.lists(cell_values, max_size=6), min_size=1, max_size=12))
others = st.one_of(
    st.builds(lambda title: {"addSheet": {"properties": {"title": title}}}, st.text(max_size=30)),
    st.builds(lambda row, text: {"updateCells": {"start": {"rowIndex": row}, "rows": [{"values": [text]}]}},
              st.integers(0, 10**6), st.text(max_size=60)),
)
GUARD = {"includeSpreadsheetInResponse": True, "responseRanges": ["'Queue'!1:1"]}


def as_sent(requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Requests with appends to one tab side by side made one: what Google does with them is the same."""
    joined: list[dict[str, Any]] = []
    for request in requests:
        previous = joined[-1].get("appendCells") if joined else None
        append = request.get("appendCells")
        if previous is not None and append is not None and previous["sheetId"] == append["sheetId"]:
            previous["rows"] = previous["rows"] + append["rows"]
        else:
            joined.append(json.loads(json.dumps(request)))
    return joined


@given(st.lists(st.one_of(appends, others), max_size=8), st.integers(300, 3_000))
def test_bodies_carry_every_request_in_order_each_under_the_limit(requests: list[Any], limit: int) -> None:
    bodies = list(request_bodies(requests, extra=GUARD, limit=limit))
    decoded = [json.loads(body.data) for body in bodies]

    expected = [r.as_request() if isinstance(r, AppendRows) else r for r in requests]
    assert as_sent([request for body in decoded for request in body["requests"]]) == as_sent(expected)
    for body, content in zip(bodies, decoded, strict=True):
        only = content["requests"][0] if len(content["requests"]) == 1 else None
        lone = only is not None and len(only.get("appendCells", {"rows": [0]})["rows"]) == 1
        assert len(body.data) <= limit or lone  # only a request (or a row) too large on its own goes over
        adds = any("addSheet" in request or "appendCells" in request for request in content["requests"])
        assert body.repeatable is not adds
    assert [body.last for body in bodies] == [index == len(bodies) - 1 for index in range(len(bodies))]
    assert all(("responseRanges" in content) is body.last for body, content in zip(bodies, decoded, strict=True))
    assert len(bodies) == (1 if requests else 0) or sum(len(body.data) for body in bodies) > limit


def test_a_first_sync_of_many_rows_is_cut_between_rows_under_googles_limit() -> None:
    rows = [[f"SUNNY-C{n:07}", f"{n // 100}-{n % 100:02}01", "物业费 property fee", n * 1.5, None, True]
            for n in range(120_000)]

    bodies = list(request_bodies([{"addSheet": {"properties": {"title": "Charges"}}}, AppendRows(7, rows)]))

    assert len(bodies) > 1 and all(len(body.data) <= BODY_LIMIT < GOOGLE_BODY_LIMIT for body in bodies)
    sent = [row for body in bodies for request in json.loads(body.data)["requests"]
            for row in request.get("appendCells", {"rows": []})["rows"]]
    assert sent == AppendRows(7, rows).as_request()["appendCells"]["rows"]
    assert not any(body.repeatable for body in bodies)  # each adds rows: never sent twice


def test_a_cycles_write_is_one_body() -> None:
    updates = [{"updateCells": {"start": {"sheetId": 7, "rowIndex": n}, "rows": [{"values": [{}]}]}}
               for n in range(10_000)]

    bodies = list(request_bodies([*updates, AppendRows(7, [["T1", "A001"]] * 2_000)], extra=GUARD))

    assert len(bodies) == 1 and bodies[0].last and not bodies[0].repeatable
    assert json.loads(bodies[0].data)["responseRanges"] == GUARD["responseRanges"]


def test_cell_updates_alone_may_be_sent_twice_and_nothing_makes_no_body() -> None:
    update = {"updateCells": {"start": {"sheetId": 7, "rowIndex": 1}, "rows": [{"values": [{}]}]}}

    assert [body.repeatable for body in request_bodies([update])] == [True]
    assert list(request_bodies([], extra=GUARD)) == []
