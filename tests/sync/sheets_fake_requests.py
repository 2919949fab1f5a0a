"""The requests of ``spreadsheets.batchUpdate`` the fake understands, and spreadsheet metadata with grid data.

Each handler applies one request to a :class:`FakeSpreadsheet` and returns its reply (``{}`` for the
many requests Google answers with an empty reply). The batch is applied to a copy and kept only when
every request succeeded, as Google does: all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.sync.sheets_fake_cells import (
    SheetsApiError,
    extended_value,
    invalid,
)
from tests.sync.sheets_fake_model import FakeSheet, FakeSpreadsheet

Handler = Callable[[FakeSpreadsheet, dict[str, Any]], dict[str, Any]]


def apply_batch(book: FakeSpreadsheet, requests: list[dict[str, Any]]) -> tuple[FakeSpreadsheet, list[dict[str, Any]]]:
    """Apply requests in order to a copy; the changed copy and the replies, or a 400 naming the bad request."""
    changed = book.clone()
    replies = []
    for index, request in enumerate(requests):
        if len(request) != 1:
            raise invalid(f"Invalid requests[{index}]: exactly one kind of request is expected, got {sorted(request)}")
        ((kind, body),) = request.items()
        handler = HANDLERS.get(kind)
        if handler is None:
            raise invalid(f"Invalid JSON payload received. Unknown name \"{kind}\" at 'requests[{index}]'")
        try:
            replies.append(handler(changed, body))
        except SheetsApiError as error:
            raise SheetsApiError(error.code, f"Invalid requests[{index}].{kind}: {error.message}") from None
        except (KeyError, TypeError, ValueError) as error:
            raise invalid(f"Invalid requests[{index}].{kind}: {error!r}") from None
    return changed, replies


def _add_sheet(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    properties = dict(body.get("properties", {}))
    grid = dict(properties.get("gridProperties", {}))
    title = properties.get("title") or f"Sheet{len(book.sheets) + 1}"
    sheet = book.add_sheet(
        title,
        sheet_id=properties.get("sheetId"),
        index=properties.get("index"),
        rows=grid.pop("rowCount", 1000),
        columns=grid.pop("columnCount", 26),
        grid=grid,
    )
    for key in ("tabColor", "tabColorStyle", "hidden", "rightToLeft"):
        if key in properties:
            sheet.properties[key] = properties[key]
    return {"addSheet": {"properties": dict(sheet.properties)}}


def _delete_sheet(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    sheet = book.sheet_by_id(body["sheetId"])
    if len(book.sheets) == 1:
        raise invalid("You can't remove all the sheets in a document.")
    book.sheets.remove(sheet)
    book.renumber()
    return {}


def _update_sheet_properties(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    given = body["properties"]
    sheet = book.sheet_by_id(given["sheetId"])
    for path in _field_paths(body.get("fields", "")):
        if (
            path == "title"
            and given.get("title") != sheet.title
            and any(other.title == given.get("title") for other in book.sheets)
        ):
            raise invalid(f'A sheet with the name "{given["title"]}" already exists. Please enter another name.')
        if path in ("gridProperties.rowCount", "gridProperties.columnCount"):
            count = given.get("gridProperties", {}).get(path.split(".")[1])
            sheet.resize(**{"rows" if path.endswith("rowCount") else "columns": count})
            continue
        _copy_path(given, sheet.properties, path)
    if "index" in _field_paths(body.get("fields", "")):
        book.sheets.remove(sheet)
        book.sheets.insert(min(int(given["index"]), len(book.sheets)), sheet)
        book.renumber()
    return {}


def _update_spreadsheet_properties(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    for path in _field_paths(body.get("fields", "")):
        _copy_path(body["properties"], book.properties, path)
    return {}


def _field_paths(fields: str) -> list[str]:
    """``title,gridProperties(frozenRowCount,rowCount)`` as ``title``, ``gridProperties.frozenRowCount`` ..."""
    paths: list[str] = []
    prefix: list[str] = []
    token = ""
    for char in fields + ",":
        if char in ",()":
            if token.strip():
                paths.append(".".join([*prefix, token.strip()]))
            if char == "(":
                prefix.append(token.strip())
            elif char == ")":
                prefix.pop()
            token = ""
        else:
            token += char
    return paths


def _copy_path(source: dict[str, Any], target: dict[str, Any], path: str) -> None:
    if path == "*":
        target.update(source)
        return
    *parents, leaf = path.split(".")
    for part in parents:
        source = source.get(part, {})
        target = target.setdefault(part, {})
    if leaf in source:
        target[leaf] = source[leaf]
    else:
        target.pop(leaf, None)


def _write_cells(sheet: FakeSheet, top: int, left: int, rows: list[dict[str, Any]], fields: str) -> None:
    """Apply CellData rows: the value when ``userEnteredValue`` is in the fields; formats are remembered."""
    if not fields:
        raise invalid("At least one field must be specified.")
    sets_value = fields == "*" or "userEnteredValue" in fields
    for row_offset, row in enumerate(rows):
        cells = row.get("values", [])
        if not cells:
            continue
        at = top + row_offset
        sheet.put(at, left + len(cells) - 1, sheet.get(at, left + len(cells) - 1))  # the grid-limit check, once
        if sets_value:
            sheet.put_row(at, left, [extended_value(cell.get("userEnteredValue")) for cell in cells])
        for column_offset, cell in enumerate(cells):
            if "userEnteredFormat" not in cell and "dataValidation" not in cell:
                continue
            spot = {
                "startRowIndex": at,
                "endRowIndex": at + 1,
                "startColumnIndex": left + column_offset,
                "endColumnIndex": left + column_offset + 1,
            }
            if "userEnteredFormat" in cell:
                sheet.formats.append((spot, cell["userEnteredFormat"]))
            if "dataValidation" in cell:
                sheet.validations.append((spot, cell["dataValidation"]))


def _update_cells(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    if "start" in body:
        start = body["start"]
        sheet = book.sheet_by_id(start.get("sheetId", 0))
        _write_cells(
            sheet, start.get("rowIndex", 0), start.get("columnIndex", 0), body.get("rows", []), body.get("fields", "")
        )
    else:
        grid_range = body["range"]
        sheet = book.sheet_by_id(grid_range.get("sheetId", 0))
        top, bottom, left, right = grid_bounds(sheet, grid_range)
        rows = body.get("rows", [])
        # With a range, cells of the range not given in rows are cleared (for the fields named).
        padded = [
            {"values": [*row.get("values", []), *[{}] * (right - left - len(row.get("values", [])))]}
            for row in [*rows, *[{}] * (bottom - top - len(rows))]
        ]
        _write_cells(sheet, top, left, padded, body.get("fields", ""))
    return {}


def _append_cells(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    sheet = book.sheet_by_id(body["sheetId"])
    rows = body.get("rows", [])
    top = sheet.last_data_row() + 1
    needed = top + len(rows)
    if needed > sheet.row_count:
        sheet.insert_rows(sheet.row_count, needed - sheet.row_count)  # "inserting new rows if necessary"
    _write_cells(sheet, top, 0, rows, body.get("fields", ""))
    return {}


def _append_dimension(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    sheet = book.sheet_by_id(body["sheetId"])
    length = int(body["length"])
    if length < 1:
        raise invalid("length must be at least 1")
    if body["dimension"] == "ROWS":
        sheet.resize(rows=sheet.row_count + length)
    else:
        sheet.resize(columns=sheet.column_count + length)
    return {}


def _dimension(body: dict[str, Any], book: FakeSpreadsheet) -> tuple[FakeSheet, bool, int, int]:
    sheet = book.sheet_by_id(body["sheetId"])
    rows = body["dimension"] == "ROWS"
    end = body.get("endIndex", sheet.row_count if rows else sheet.column_count)
    return sheet, rows, int(body.get("startIndex", 0)), int(end)


def _insert_dimension(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    sheet, rows, start, end = _dimension(body["range"], book)
    (sheet.insert_rows if rows else sheet.insert_columns)(start, end - start)
    return {}


def _delete_dimension(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    sheet, rows, start, end = _dimension(body["range"], book)
    (sheet.delete_rows if rows else sheet.delete_columns)(start, end)
    return {}


def _move_dimension(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    sheet, rows, start, end = _dimension(body["source"], book)
    (sheet.move_rows if rows else sheet.move_columns)(start, end, int(body["destinationIndex"]))
    return {}


def _sort_range(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    grid_range = body["range"]
    sheet = book.sheet_by_id(grid_range.get("sheetId", 0))
    top, bottom, _, _ = grid_bounds(sheet, grid_range)
    specs = [(int(spec["dimensionIndex"]), spec.get("sortOrder") == "DESCENDING") for spec in body["sortSpecs"]]
    sheet.sort_rows(top, min(bottom, sheet.last_data_row() + 1), specs)
    return {}


def _update_dimension_properties(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    sheet, rows, start, end = _dimension(body["range"], book)
    metadata = sheet.row_metadata if rows else sheet.column_metadata
    for index in range(start, end):
        entry = dict(metadata.get(index, {}))
        for path in _field_paths(body.get("fields", "")):
            _copy_path(body["properties"], entry, path)
        metadata[index] = entry
    return {}


def _set_data_validation(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    sheet = book.sheet_by_id(body["range"].get("sheetId", 0))
    sheet.validations.append((body["range"], body.get("rule")))
    return {}


def _repeat_cell(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    grid_range = body["range"]
    sheet = book.sheet_by_id(grid_range.get("sheetId", 0))
    cell = body.get("cell", {})
    fields = body.get("fields", "")
    if "userEnteredFormat" in fields or fields == "*":
        sheet.formats.append((grid_range, cell.get("userEnteredFormat", {})))
    if "userEnteredValue" in fields or fields == "*":
        top, bottom, left, right = grid_bounds(sheet, grid_range)
        value = extended_value(cell.get("userEnteredValue"))
        for row in range(top, bottom):
            for column in range(left, right):
                sheet.put(row, column, value)
    if "dataValidation" in fields:
        sheet.validations.append((grid_range, cell.get("dataValidation")))
    return {}


def _add_protected_range(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    protected = dict(body["protectedRange"])
    sheet = book.sheet_by_id(protected.get("range", {}).get("sheetId", 0))
    taken = {p["protectedRangeId"] for s in book.sheets for p in s.protected_ranges}
    protected["protectedRangeId"] = protected.get("protectedRangeId") or max(taken, default=1000) + 1
    sheet.protected_ranges.append(protected)
    return {"addProtectedRange": {"protectedRange": protected}}


def _find_protected(book: FakeSpreadsheet, protected_id: int) -> tuple[FakeSheet, int]:
    for sheet in book.sheets:
        for index, protected in enumerate(sheet.protected_ranges):
            if protected["protectedRangeId"] == protected_id:
                return sheet, index
    raise invalid(f"No protected range with id: {protected_id}")


def _update_protected_range(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    given = body["protectedRange"]
    sheet, index = _find_protected(book, given["protectedRangeId"])
    for path in _field_paths(body.get("fields", "")):
        _copy_path(given, sheet.protected_ranges[index], path)
    return {}


def _delete_protected_range(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    sheet, index = _find_protected(book, body["protectedRangeId"])
    del sheet.protected_ranges[index]
    return {}


def _set_basic_filter(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    sheet = book.sheet_by_id(body["filter"]["range"].get("sheetId", 0))
    sheet.basic_filter = body["filter"]
    return {}


def _clear_basic_filter(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    book.sheet_by_id(body["sheetId"]).basic_filter = None
    return {}


def _add_conditional_format_rule(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    rule = body["rule"]
    sheet = book.sheet_by_id(rule["ranges"][0].get("sheetId", 0))
    sheet.conditional_formats.insert(int(body.get("index", len(sheet.conditional_formats))), rule)
    return {}


def _delete_conditional_format_rule(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    sheet = book.sheet_by_id(body["sheetId"])
    rule = sheet.conditional_formats.pop(int(body["index"]))
    return {"deleteConditionalFormatRule": {"rule": rule}}


def _update_conditional_format_rule(book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    sheet = book.sheet_by_id(body.get("sheetId", body.get("rule", {}).get("ranges", [{}])[0].get("sheetId", 0)))
    old = sheet.conditional_formats[int(body["index"])]
    sheet.conditional_formats[int(body["index"])] = body["rule"]
    return {"updateConditionalFormatRule": {"oldRule": old, "newRule": body["rule"], "oldIndex": body["index"]}}


HANDLERS: dict[str, Handler] = {
    "addSheet": _add_sheet,
    "deleteSheet": _delete_sheet,
    "updateSheetProperties": _update_sheet_properties,
    "updateSpreadsheetProperties": _update_spreadsheet_properties,
    "updateCells": _update_cells,
    "appendCells": _append_cells,
    "appendDimension": _append_dimension,
    "insertDimension": _insert_dimension,
    "deleteDimension": _delete_dimension,
    "moveDimension": _move_dimension,
    "sortRange": _sort_range,
    "updateDimensionProperties": _update_dimension_properties,
    "setDataValidation": _set_data_validation,
    "repeatCell": _repeat_cell,
    "addProtectedRange": _add_protected_range,
    "updateProtectedRange": _update_protected_range,
    "deleteProtectedRange": _delete_protected_range,
    "setBasicFilter": _set_basic_filter,
    "clearBasicFilter": _clear_basic_filter,
    "addConditionalFormatRule": _add_conditional_format_rule,
    "updateConditionalFormatRule": _update_conditional_format_rule,
    "deleteConditionalFormatRule": _delete_conditional_format_rule,
}


def grid_bounds(sheet: FakeSheet, grid_range: dict[str, Any]) -> tuple[int, int, int, int]:
    """A GridRange's bounds, end exclusive; a bound left out is the grid's edge, as in the API."""
    return (
        int(grid_range.get("startRowIndex", 0)),
        int(grid_range.get("endRowIndex", sheet.row_count)),
        int(grid_range.get("startColumnIndex", 0)),
        int(grid_range.get("endColumnIndex", sheet.column_count)),
    )
