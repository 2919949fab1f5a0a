"""How provisioning formats a Google spreadsheet, and how ``workbook check`` reads it back. Pure.

The same looks as on .xlsx (see :mod:`sync.formats`), in Sheets API requests: a frozen header row, a
basic filter, column widths where staff kept Google's default, dropdowns that warn (not refuse) on
other values, shading and row highlights as conditional formats, and warning-only protected ranges
over the columns lobbydesk writes. Rules and protections lobbydesk adds are marked (the formula
carries ``N("lobbydesk")=0``, the protection's description starts with "lobbydesk"), so a second run
replaces only its own and changes nothing when nothing drifted; staff's own rules are left alone.
Ranges are open-ended (whole columns, whole rows), so rows and columns staff add are covered too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sync.backend import Row
from sync.formats import SHADE, FoundFormat, RowHighlight, TabFormat
from sync.google_requests import a1_tab, column_letters
from sync.mapping import cell_text, header_key

MARK = 'N("lobbydesk")=0'
PROTECTION_NOTE = "lobbydesk writes this column: edit it from the kiosk or the console"
DEFAULT_PIXELS = 100  # Google's width for a column nobody resized
STATE_FIELDS = (
    "sheets(properties(sheetId,title,gridProperties(frozenRowCount)),protectedRanges,basicFilter(range),"
    "conditionalFormats,data(startRow,columnMetadata(pixelSize),rowData(values(userEnteredValue,dataValidation))))"
)

Signature = tuple[tuple[int, int | None, int, int | None], str, str]  # range, formula, colour


@dataclass
class TabState:
    """What the formats of one tab are now: header row, row 2 (its dropdowns), widths, rules, protections."""

    sheet_id: int
    title: str
    headers: Row = field(default_factory=list)
    second_row: list[dict[str, Any]] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)
    frozen_rows: int = 0
    basic_filter: dict[str, Any] | None = None
    protected: list[dict[str, Any]] = field(default_factory=list)
    rules: list[dict[str, Any]] = field(default_factory=list)

    def positions(self) -> dict[str, int]:
        """0-based column of each header, by header key (first occurrence)."""
        found: dict[str, int] = {}
        for column, value in enumerate(self.headers):
            if header_key(value):
                found.setdefault(header_key(value), column)
        return found


def state_ranges(titles: Sequence[str]) -> list[str]:
    """The ranges to ask for: each tab's header row and the row below it."""
    return [f"{a1_tab(title)}!1:2" for title in titles]


def parse_state(answer: Mapping[str, Any]) -> dict[str, TabState]:
    """The tabs of a spreadsheets.get answer (with grid data), by name in lower case."""
    states = {}
    for sheet in answer.get("sheets", []):
        properties = sheet.get("properties", {})
        state = TabState(
            int(properties.get("sheetId", 0)),
            str(properties.get("title", "")),
            frozen_rows=int(properties.get("gridProperties", {}).get("frozenRowCount", 0)),
            basic_filter=sheet.get("basicFilter"),
            protected=list(sheet.get("protectedRanges", [])),
            rules=list(sheet.get("conditionalFormats", [])),
        )
        for data in sheet.get("data", []):
            state.widths = [int(column.get("pixelSize", DEFAULT_PIXELS)) for column in data.get("columnMetadata", [])]
            rows = [row.get("values", []) for row in data.get("rowData", [])]
            if int(data.get("startRow", 0)) == 0 and rows:
                state.headers = [_entered(cell) for cell in rows[0]]
                state.second_row = rows[1] if len(rows) > 1 else []
        states[state.title.casefold()] = state
    return states


def _entered(cell: Mapping[str, Any]) -> Any:
    entered = cell.get("userEnteredValue", {})
    return next(iter(entered.values()), None) if entered else None


def format_requests(formats: Sequence[TabFormat], states: Mapping[str, TabState]) -> list[dict[str, Any]]:
    """The batchUpdate requests that make each tab look as wanted; none when nothing drifted."""
    requests: list[dict[str, Any]] = []
    for wanted in formats:
        state = states[wanted.tab.casefold()]
        sheet_id = state.sheet_id
        positions = state.positions()
        columns = [
            (column, positions[header_key(column.header)])
            for column in wanted.columns
            if header_key(column.header) in positions
        ]
        if state.frozen_rows != 1:
            grid = {"sheetId": sheet_id, "gridProperties": {"frozenRowCount": 1}}
            requests.append({"updateSheetProperties": {"properties": grid, "fields": "gridProperties.frozenRowCount"}})
        if not _filters_header(state.basic_filter):
            requests.append({"setBasicFilter": {"filter": {"range": {"sheetId": sheet_id}}}})
        for column, position in columns:
            if _width(state, position) == DEFAULT_PIXELS and column.width:
                requests.append(_width_request(sheet_id, position, round(column.width * 7 + 10)))
            if column.choices and _choices(state, position) != column.choices:
                requests.append(
                    {
                        "setDataValidation": {
                            "range": _column(sheet_id, position, from_row=1),
                            "rule": _dropdown(column.header, column.choices),
                        }
                    }
                )
        requests.extend(_rule_requests(wanted, state, columns))
        requests.extend(_protection_requests(state, {position for column, position in columns if column.locked}))
    return requests


def found_formats(formats: Sequence[TabFormat], states: Mapping[str, TabState]) -> dict[str, FoundFormat]:
    """How each tab looks now, in the words of :class:`FoundFormat`."""
    found = {}
    for wanted in formats:
        state = states.get(wanted.tab.casefold())
        if state is None:
            found[wanted.tab] = FoundFormat(wanted.tab, exists=False)
            continue
        positions = state.positions()
        header_at = {
            position: column.header
            for column in wanted.columns
            if (position := positions.get(header_key(column.header))) is not None
        }
        ours = _our_signatures(state)
        protected_columns = _our_protected_columns(state)
        found[wanted.tab] = FoundFormat(
            wanted.tab,
            exists=True,
            headers=[cell_text(value) for value in state.headers if value not in (None, "")],
            frozen_header=state.frozen_rows == 1,
            filter_on=_filters_header(state.basic_filter),
            protected=bool(protected_columns),
            dropdowns={
                header: _choices(state, position) for position, header in header_at.items() if _choices(state, position)
            },
            locked={header for position, header in header_at.items() if position in protected_columns},
            shaded={header for position, header in header_at.items() if _shade(state.sheet_id, position) in ours},
            highlights={
                rule
                for rule in wanted.highlights
                if header_key(rule.header) in positions
                and _highlight(state.sheet_id, rule, positions[header_key(rule.header)]) in ours
            },
        )
    return found


def _filters_header(basic_filter: Mapping[str, Any] | None) -> bool:
    if basic_filter is None:
        return False
    grid = basic_filter.get("range", {})
    return int(grid.get("startRowIndex", 0)) == 0 and int(grid.get("startColumnIndex", 0)) == 0


def _width(state: TabState, position: int) -> int:
    return state.widths[position] if position < len(state.widths) else DEFAULT_PIXELS


def _width_request(sheet_id: int, position: int, pixels: int) -> dict[str, Any]:
    dimension = {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": position, "endIndex": position + 1}
    return {
        "updateDimensionProperties": {"range": dimension, "properties": {"pixelSize": pixels}, "fields": "pixelSize"}
    }


def _column(sheet_id: int, position: int, from_row: int = 0) -> dict[str, Any]:
    """A whole column from a row down, however many rows the tab gets."""
    return {
        "sheetId": sheet_id,
        "startRowIndex": from_row,
        "startColumnIndex": position,
        "endColumnIndex": position + 1,
    }


def _dropdown(header: str, choices: tuple[str, ...]) -> dict[str, Any]:
    return {
        "condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": choice} for choice in choices]},
        "inputMessage": f"{header}: one of {', '.join(choices)}",
        "strict": False,  # another value gets a warning mark, as on .xlsx; the sync explains it in Problems
        "showCustomUi": True,
    }


def _choices(state: TabState, position: int) -> tuple[str, ...]:
    cell = state.second_row[position] if position < len(state.second_row) else {}
    condition = cell.get("dataValidation", {}).get("condition", {})
    if condition.get("type") != "ONE_OF_LIST":
        return ()
    return tuple(str(value.get("userEnteredValue", "")) for value in condition.get("values", []))


def _colour(hex_colour: str) -> dict[str, float]:
    red, green, blue = (int(hex_colour[index : index + 2], 16) / 255 for index in (0, 2, 4))
    return {"red": red, "green": green, "blue": blue}


def _hex(colour: Mapping[str, Any]) -> str:
    return "".join(f"{round(float(colour.get(part, 0.0)) * 255):02X}" for part in ("red", "green", "blue"))


def _shade(sheet_id: int, position: int) -> Signature:
    return ((0, None, position, position + 1), f"=AND({MARK},TRUE)", SHADE.upper())


def _highlight(sheet_id: int, rule: RowHighlight, position: int) -> Signature:
    cell = f"${column_letters(position)}2"
    if rule.before_today:
        condition = f'{cell}<>"",IFERROR(DATEVALUE(LEFT({cell},10)),{cell})<TODAY()'
    else:
        condition = "OR(" + ",".join(f'LOWER(TRIM({cell}))="{value.casefold()}"' for value in rule.equals) + ")"
    return ((1, None, 0, None), f"=AND({MARK},{condition})", rule.colour.upper())


def _signature(rule: Mapping[str, Any]) -> Signature | None:
    """A conditional format rule lobbydesk made, as (range, formula, colour); None for anyone else's."""
    boolean = rule.get("booleanRule", {})
    values = boolean.get("condition", {}).get("values", [])
    formula = str(values[0].get("userEnteredValue", "")) if values else ""
    ranges = rule.get("ranges", [])
    if MARK not in formula or len(ranges) != 1:
        return None
    grid = ranges[0]
    bounds = (
        int(grid.get("startRowIndex", 0)),
        grid.get("endRowIndex"),
        int(grid.get("startColumnIndex", 0)),
        grid.get("endColumnIndex"),
    )
    return bounds, formula, _hex(boolean.get("format", {}).get("backgroundColor", {}))


def _our_signatures(state: TabState) -> list[Signature]:
    return [signature for rule in state.rules if (signature := _signature(rule)) is not None]


def _rule_requests(wanted: TabFormat, state: TabState, columns: list[tuple[Any, int]]) -> list[dict[str, Any]]:
    """Replace lobbydesk's rules when they differ: highlights first (they win over shading), then shading."""
    positions = state.positions()
    desired = [
        _highlight(state.sheet_id, rule, positions[header_key(rule.header)])
        for rule in wanted.highlights
        if header_key(rule.header) in positions
    ]
    desired += [_shade(state.sheet_id, position) for column, position in columns if column.locked]
    if _our_signatures(state) == desired:
        return []
    ours = [index for index, rule in enumerate(state.rules) if _signature(rule) is not None]
    requests: list[dict[str, Any]] = [
        {"deleteConditionalFormatRule": {"sheetId": state.sheet_id, "index": index}} for index in reversed(ours)
    ]
    first = len(state.rules) - len(ours)  # ours go after staff's own rules
    for offset, ((top, _bottom, left, right), formula, colour) in enumerate(desired):
        grid: dict[str, Any] = {"sheetId": state.sheet_id, "startRowIndex": top, "startColumnIndex": left}
        if right is not None:
            grid["endColumnIndex"] = right
        rule = {
            "ranges": [grid],
            "booleanRule": {
                "condition": {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": formula}]},
                "format": {"backgroundColor": _colour(colour)},
            },
        }
        requests.append({"addConditionalFormatRule": {"rule": rule, "index": first + offset}})
    return requests


def _is_ours(protected: Mapping[str, Any]) -> bool:
    return str(protected.get("description", "")).startswith("lobbydesk")


def _our_protected_columns(state: TabState) -> set[int]:
    columns: set[int] = set()
    for protected in state.protected:
        grid = protected.get("range", {})
        if _is_ours(protected) and "endColumnIndex" in grid:
            columns.update(range(int(grid.get("startColumnIndex", 0)), int(grid["endColumnIndex"])))
    return columns


def _protection_requests(state: TabState, locked: set[int]) -> list[dict[str, Any]]:
    """Warning-only protection over each column lobbydesk writes: missing ones added, stale ones removed."""
    requests: list[dict[str, Any]] = []
    kept: set[int] = set()
    for protected in state.protected:
        grid = protected.get("range", {})
        start = int(grid.get("startColumnIndex", 0))
        whole_column = grid.get("endColumnIndex") == start + 1 and "startRowIndex" not in grid
        if not _is_ours(protected):
            continue
        if whole_column and start in locked and start not in kept:
            kept.add(start)
        else:
            requests.append({"deleteProtectedRange": {"protectedRangeId": protected["protectedRangeId"]}})
    for position in sorted(locked - kept):
        grid = {"sheetId": state.sheet_id, "startColumnIndex": position, "endColumnIndex": position + 1}
        requests.append(
            {
                "addProtectedRange": {
                    "protectedRange": {"range": grid, "description": PROTECTION_NOTE, "warningOnly": True}
                }
            }
        )
    return requests
