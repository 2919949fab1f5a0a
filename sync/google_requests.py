"""A WriteBatch as the requests of a ``spreadsheets.batchUpdate``, and cells as the Sheets API spells them.

Pure functions: nothing here talks to Google. Everything lobbydesk writes is a literal: text goes as
``stringValue``, which Sheets never reads as a formula (the API's equivalent of ``RAW`` input), so a
description like ``=HYPERLINK(...)`` stays text. The requests go in this order: new tabs (with their
bold, frozen header row), more rows or columns where the grid is too small, cell updates, then appended
rows (``appendCells`` adds rows after the last row with data, as INSERT_ROWS does). Google applies a
body all or nothing; :mod:`sync.google_bodies` puts the requests into as few bodies as its size limit allows.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sync.backend import CellUpdate, CellValue, WriteBatch

NEW_TAB_ROWS = 1000  # what Google gives a new tab; appended rows are added to the grid as needed
NEW_TAB_COLUMNS = 26
VALUES_ONLY = "userEnteredValue"  # updateCells touches nothing but the values: formats and validation stay
RANGE_END = re.compile(r"!(?:[A-Z]+\d+:)?(?P<column>[A-Z]+)(?P<row>\d+)$")


@dataclass(frozen=True)
class AppendRows:
    """An ``appendCells`` of rows after a tab's last row with data, encoded a row at a time as bodies are made.

    A first sync appends every live row: as a dict for each cell it took the archived large demo past
    1 GB, and one body could not carry it anyway (:mod:`sync.google_bodies` cuts it between rows).
    """

    sheet_id: int
    rows: Sequence[Sequence[CellValue]]

    def as_request(self) -> dict[str, Any]:
        """The request as a dict, as the body spells it when no cut falls within it."""
        rows = [{"values": [cell_data(value) for value in row]} for row in self.rows]
        return {"appendCells": {"sheetId": self.sheet_id, "rows": rows, "fields": VALUES_ONLY}}


@dataclass(frozen=True)
class TabInfo:
    """What the write needs to know about a tab: its numeric id and how big its grid is."""

    sheet_id: int
    rows: int
    columns: int
    title: str = ""  # as it is spelled in the spreadsheet (lobbydesk finds tabs whatever their case)


def json_bytes(value: Any) -> bytes:
    """A request body, or a part of one, as JSON (no NaN: Google would refuse it)."""
    return json.dumps(value, separators=(",", ":"), allow_nan=False).encode()


def a1_tab(title: str) -> str:
    """A tab's name as an A1 range of the whole tab, quoted so spaces, quotes and Chinese are safe."""
    return "'" + title.replace("'", "''") + "'"


def column_letters(index: int) -> str:
    """0 is ``A``, 25 ``Z``, 26 ``AA``."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def grid_size_of(range_text: str) -> tuple[int, int] | None:
    """Rows and columns of a tab from the range Google answers for the whole tab (``'Queue'!A1:Z1000``)."""
    match = RANGE_END.search(range_text)
    if match is None:
        return None
    column = 0
    for letter in match.group("column"):
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(match.group("row")), column


def extended_value(value: CellValue) -> dict[str, Any] | None:
    """A cell value as a Sheets ``ExtendedValue``; None for an empty cell."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int):
        return {"numberValue": value}
    if isinstance(value, float | Decimal):
        number = float(value)
        return {"numberValue": number} if math.isfinite(number) else {"stringValue": str(value)}
    if isinstance(value, datetime):
        return {"stringValue": value.strftime("%Y-%m-%d %H:%M:%S")}  # as the engine writes times: text
    if isinstance(value, date):
        return {"stringValue": value.isoformat()}
    return {"stringValue": str(value)}


def cell_data(value: CellValue) -> dict[str, Any]:
    """A cell to write; an empty one clears what is there."""
    extended = extended_value(value)
    return {} if extended is None else {"userEnteredValue": extended}


@dataclass
class WritePlan:
    """The requests of one batchUpdate, and what the tabs will look like once it is applied."""

    requests: list[dict[str, Any] | AppendRows] = field(default_factory=list)
    tabs_after: dict[str, TabInfo] = field(default_factory=dict)
    adds_rows_or_tabs: bool = False  # such a write must not be sent twice


def plan_write(batch: WriteBatch, tabs: Mapping[str, TabInfo], new_sheet_id: Callable[[], int]) -> WritePlan:
    """The batchUpdate requests for a batch, given the tabs that exist (a tab in ``new_tabs`` that exists is kept)."""
    plan = WritePlan(tabs_after=dict(tabs))
    taken_ids = {info.sheet_id for info in tabs.values()}
    for title, headers in batch.new_tabs.items():
        if title in tabs:
            continue
        sheet_id = new_sheet_id()
        while sheet_id in taken_ids:
            sheet_id = new_sheet_id()
        taken_ids.add(sheet_id)
        widest = max([len(headers), *(len(row) for row in batch.appends.get(title, []))])
        info = TabInfo(sheet_id, NEW_TAB_ROWS, max(NEW_TAB_COLUMNS, widest), title)
        plan.tabs_after[title] = info
        plan.adds_rows_or_tabs = True
        grid = {"rowCount": info.rows, "columnCount": info.columns, "frozenRowCount": 1}
        plan.requests.append(
            {"addSheet": {"properties": {"sheetId": sheet_id, "title": title, "gridProperties": grid}}}
        )
        header_cells = [cell_data(header) | {"userEnteredFormat": {"textFormat": {"bold": True}}} for header in headers]
        plan.requests.append(
            _update_row(sheet_id, 0, 0, header_cells, f"{VALUES_ONLY},userEnteredFormat.textFormat.bold")
        )
    _grow_grids(batch, plan)
    for (title, row, first_column), values in _runs(batch.updates):
        plan.requests.append(
            _update_row(plan.tabs_after[title].sheet_id, row, first_column, [cell_data(v) for v in values])
        )
    for title, rows in batch.appends.items():
        if rows:
            plan.adds_rows_or_tabs = True
            plan.requests.append(AppendRows(plan.tabs_after[title].sheet_id, rows))
    return plan


def _update_row(
    sheet_id: int, row: int, column: int, cells: list[dict[str, Any]], fields: str = VALUES_ONLY
) -> dict[str, Any]:
    return {
        "updateCells": {
            "start": {"sheetId": sheet_id, "rowIndex": row, "columnIndex": column},
            "rows": [{"values": cells}],
            "fields": fields,
        }
    }


def _grow_grids(batch: WriteBatch, plan: WritePlan) -> None:
    """Add rows or columns where an update or an appended row reaches past the grid (Google refuses otherwise)."""
    needed: dict[str, list[int]] = {}
    for update in batch.updates:
        sizes = needed.setdefault(update.tab, [0, 0])
        sizes[0] = max(sizes[0], update.row + 1)
        sizes[1] = max(sizes[1], update.column + 1)
    for title, appended in batch.appends.items():
        sizes = needed.setdefault(title, [0, 0])
        sizes[1] = max([sizes[1], *(len(row) for row in appended)])
    for title, (rows, columns) in needed.items():
        info = plan.tabs_after[title]
        for dimension, have, want in (("ROWS", info.rows, rows), ("COLUMNS", info.columns, columns)):
            if want > have:
                # appendDimension only ever adds: if staff grew the tab meanwhile, nothing of theirs is cut off.
                plan.requests.append(
                    {"appendDimension": {"sheetId": info.sheet_id, "dimension": dimension, "length": want - have}}
                )
        plan.tabs_after[title] = replace(info, rows=max(info.rows, rows), columns=max(info.columns, columns))


def _runs(updates: list[CellUpdate]) -> list[tuple[tuple[str, int, int], list[CellValue]]]:
    """Updates grouped into runs of side-by-side cells of one row, so each run is one updateCells."""
    latest: dict[tuple[str, int, int], CellValue] = {}
    for update in updates:
        latest[(update.tab, update.row, update.column)] = update.value  # the last update of a cell wins
    runs: list[tuple[tuple[str, int, int], list[CellValue]]] = []
    previous: tuple[str, int, int] | None = None
    for (title, row, column), value in sorted(latest.items(), key=lambda item: item[0]):
        if previous is not None and previous == (title, row, column - 1):
            runs[-1][1].append(value)
        else:
            runs.append(((title, row, column), [value]))
        previous = (title, row, column)
    return runs
