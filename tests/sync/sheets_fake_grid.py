"""spreadsheets.get of the Sheets v4 fake: the Spreadsheet resource, with grid data when asked.

Grid data shows each cell as Google does: its entered value, its effective and formatted value, the
format and the data validation that cover it (the last rule set wins), and rows' and columns' sizes.
"""

from __future__ import annotations

from typing import Any

from tests.sync.sheets_fake_cells import extended_of, formatted, parse_a1, render
from tests.sync.sheets_fake_model import FakeSheet, FakeSpreadsheet
from tests.sync.sheets_fake_requests import grid_bounds


def _covers(grid_range: dict[str, Any], sheet: FakeSheet, row: int, column: int) -> bool:
    top, bottom, left, right = grid_bounds(sheet, grid_range)
    return top <= row < bottom and left <= column < right


def spreadsheet_resource(book: FakeSpreadsheet, ranges: list[str], include_grid_data: bool) -> dict[str, Any]:
    """The Spreadsheet resource: properties, and per sheet its properties, protections, filter and rules.

    With ``ranges`` only the sheets they name are returned; with grid data, each cell's value, format
    and validation, and the rows' and columns' sizes.
    """
    wanted: dict[str, list[Any]] = {}
    for text in ranges:
        parsed = parse_a1(text)
        wanted.setdefault(book.sheet(parsed.sheet).title, []).append(parsed)
    sheets = []
    for sheet in book.sheets:
        if ranges and sheet.title not in wanted:
            continue
        resource: dict[str, Any] = {"properties": dict(sheet.properties)}
        if sheet.protected_ranges:
            resource["protectedRanges"] = list(sheet.protected_ranges)
        if sheet.basic_filter is not None:
            resource["basicFilter"] = sheet.basic_filter
        if sheet.conditional_formats:
            resource["conditionalFormats"] = list(sheet.conditional_formats)
        if include_grid_data:
            resource["data"] = [
                _grid_data(sheet, parsed) for parsed in wanted.get(sheet.title, [parse_a1(f"'{sheet.title}'")])
            ]
        sheets.append(resource)
    return {
        "spreadsheetId": book.spreadsheet_id,
        "properties": dict(book.properties),
        "sheets": sheets,
        "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{book.spreadsheet_id}/edit",
    }


def _grid_data(sheet: FakeSheet, parsed: Any) -> dict[str, Any]:
    top, bottom, left, right = sheet.bounds(parsed)
    bottom, right = min(bottom, sheet.row_count), min(right, sheet.column_count)
    last = min(bottom, sheet.last_data_row() + 1 if not (sheet.formats or sheet.validations) else bottom)
    row_data = []
    for row in range(top, last):
        cells = [_cell_data(sheet, row, column) for column in range(left, right)]
        while cells and not cells[-1]:
            cells.pop()
        row_data.append({"values": cells} if cells else {})
    while row_data and not row_data[-1]:
        row_data.pop()
    data: dict[str, Any] = {
        "rowMetadata": [sheet.row_metadata.get(row, {"pixelSize": 21}) for row in range(top, bottom)],
        "columnMetadata": [sheet.column_metadata.get(column, {"pixelSize": 100}) for column in range(left, right)],
    }
    if top:
        data["startRow"] = top
    if left:
        data["startColumn"] = left
    if row_data:
        data["rowData"] = row_data
    return data


def _cell_data(sheet: FakeSheet, row: int, column: int) -> dict[str, Any]:
    value = sheet.get(row, column)
    cell: dict[str, Any] = {}
    entered = extended_of(value)
    if entered is not None:
        cell["userEnteredValue"] = entered
        effective = extended_of(render(value, "UNFORMATTED_VALUE"))
        if effective is not None:
            cell["effectiveValue"] = effective
        cell["formattedValue"] = formatted(render(value, "UNFORMATTED_VALUE"))
    cell_format: dict[str, Any] = {}
    for grid_range, piece in sheet.formats:
        if _covers(grid_range, sheet, row, column):
            cell_format = _merged(cell_format, piece)
    if cell_format:
        cell["userEnteredFormat"] = cell_format
    for grid_range, rule in sheet.validations:
        if _covers(grid_range, sheet, row, column):
            if rule is None:
                cell.pop("dataValidation", None)
            else:
                cell["dataValidation"] = rule
    return cell


def _merged(base: dict[str, Any], piece: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in piece.items():
        merged[key] = (
            _merged(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
        )
    return merged
