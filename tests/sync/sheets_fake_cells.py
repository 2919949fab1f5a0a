"""Cells and ranges as the Sheets v4 fake keeps them: A1 notation, typed input, formulas, rendering.

A cell holds ``None`` (empty), text, a number, a boolean or a :class:`Formula`. How a value got there
matters: ``RAW`` input and ``stringValue`` keep text as text, ``USER_ENTERED`` input (and staff typing
in the browser) turns ``=1+1`` into a formula and ``"42"`` into a number, as Google Sheets does.
"""

from __future__ import annotations

import ast
import operator
import re
from dataclasses import dataclass
from typing import Any

MAX_CELL_CHARACTERS = 50_000  # Google refuses longer cell contents


STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}


class SheetsApiError(Exception):
    """An error the fake answers in Google's JSON error format."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def body(self) -> dict[str, Any]:
        """The JSON body Google sends with an error."""
        status = STATUS_NAMES.get(self.code, "UNKNOWN")
        return {"error": {"code": self.code, "message": self.message, "status": status}}


def invalid(message: str) -> SheetsApiError:
    """A 400 INVALID_ARGUMENT error."""
    return SheetsApiError(400, message)


@dataclass(frozen=True)
class Formula:
    """A formula as staff typed it, ``=`` included; its value is computed only for plain arithmetic."""

    text: str

    def value(self) -> Any:
        """The computed value: arithmetic is evaluated; any other formula reads as ``#N/A`` in the fake."""
        try:
            return _arithmetic(ast.parse(self.text[1:].strip(), mode="eval").body)
        except (SyntaxError, ValueError, ZeroDivisionError, RecursionError):
            return "#N/A"


CellValue = str | int | float | bool | Formula | None

_OPERATORS: dict[type, Any] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


def _arithmetic(node: ast.AST) -> float | int:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        operand = _arithmetic(node.operand)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_arithmetic(node.left), _arithmetic(node.right))  # type: ignore[no-any-return]
    raise ValueError("not arithmetic")


NUMBER_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def user_entered(raw: Any) -> CellValue:
    """What a cell holds after someone typed ``raw`` (USER_ENTERED): formulas, numbers, booleans parsed.

    Dates are kept as text (a simplification: Google would store a date serial number).
    """
    if not isinstance(raw, str):
        return raw_value(raw)
    if raw == "":
        return None
    if raw.startswith("'"):
        return raw[1:]  # a leading apostrophe forces text and is not part of the value
    if raw.startswith("=") and len(raw) > 1:
        return Formula(raw)
    plain = raw.strip().replace(",", "") if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?", raw.strip()) else raw.strip()
    if NUMBER_TEXT.match(plain):
        number = float(plain)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if raw.strip().upper() in ("TRUE", "FALSE"):
        return raw.strip().upper() == "TRUE"
    return raw


def raw_value(raw: Any) -> CellValue:
    """What a cell holds after a RAW write: exactly the value sent; an empty string empties the cell."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool | int | float):
        return raw
    if isinstance(raw, str):
        _check_length(raw)
        return raw
    raise invalid(f"Invalid value at 'data.values' ({type(raw).__name__}): {raw!r}")


def extended_value(extended: dict[str, Any] | None) -> CellValue:
    """What a cell holds after an ``ExtendedValue`` (updateCells, appendCells): ``stringValue`` is literal text."""
    if not extended:
        return None
    if "stringValue" in extended:
        text = str(extended["stringValue"])
        _check_length(text)
        return text or None
    if "numberValue" in extended:
        number = extended["numberValue"]
        return int(number) if isinstance(number, float) and number.is_integer() else number  # type: ignore[no-any-return]
    if "boolValue" in extended:
        return bool(extended["boolValue"])
    if "formulaValue" in extended:
        return Formula(str(extended["formulaValue"]))
    raise invalid(f"Invalid ExtendedValue: {extended!r}")


def _check_length(text: str) -> None:
    if len(text) > MAX_CELL_CHARACTERS:
        raise invalid(
            f"Your input contains more than the maximum of {MAX_CELL_CHARACTERS} characters in a single cell."
        )


def render(value: CellValue, option: str) -> Any:
    """A cell as ``values.get`` returns it for a valueRenderOption (FORMATTED_VALUE, UNFORMATTED_VALUE, FORMULA)."""
    if isinstance(value, Formula):
        if option == "FORMULA":
            return value.text
        value = value.value()
    if option == "FORMATTED_VALUE":
        return formatted(value)
    return "" if value is None else value


def formatted(value: Any) -> str:
    """The text a cell shows on screen."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def extended_of(value: CellValue) -> dict[str, Any] | None:
    """A cell's value as an ``ExtendedValue`` (for grid data), or None when empty."""
    if value is None:
        return None
    if isinstance(value, Formula):
        return {"formulaValue": value.text}
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int | float):
        return {"numberValue": value}
    return {"stringValue": value}


# --- A1 notation ---


@dataclass(frozen=True)
class A1Range:
    """A parsed A1 range: the sheet title (None: the first sheet) and 0-based bounds, end exclusive.

    A bound of None is open: ``A:C`` has no row bounds, ``2:2`` no column bounds.
    """

    sheet: str | None
    start_row: int | None = None
    end_row: int | None = None
    start_column: int | None = None
    end_column: int | None = None


CELL_REF = re.compile(r"^(?P<column>[A-Za-z]{0,3})(?P<row>[0-9]{0,7})$")


def parse_a1(text: str) -> A1Range:
    """Parse ``'My sheet'!A1:C10``, ``Queue!A:F``, ``Queue``, ``'队列'!2:2`` or ``B3``; raises a 400 otherwise."""
    sheet, cells = _split_sheet(text)
    if cells is None:
        return A1Range(sheet)
    start_text, colon, end_text = cells.partition(":")
    start = CELL_REF.match(start_text)
    end = CELL_REF.match(end_text) if colon else start
    if not start or not end or not start_text or (colon and not end_text):
        raise invalid(f"Unable to parse range: {text}")
    if not colon and not (start.group("column") and start.group("row")):
        raise invalid(f"Unable to parse range: {text}")
    start_column, start_row = _cell_bounds(start)
    end_column, end_row = _cell_bounds(end)
    return A1Range(
        sheet,
        start_row=start_row,
        end_row=None if end_row is None else end_row + 1,
        start_column=start_column,
        end_column=None if end_column is None else end_column + 1,
    )


def _split_sheet(text: str) -> tuple[str | None, str | None]:
    """The sheet title and the cell part of a range; a bare word with no cell reference is a sheet title."""
    if text.startswith("'"):
        closing = _closing_quote(text)
        title = text[1:closing].replace("''", "'")
        rest = text[closing + 1 :]
        if rest == "":
            return title, None
        if not rest.startswith("!"):
            raise invalid(f"Unable to parse range: {text}")
        return title, rest[1:]
    if "!" in text:
        title, _, cells = text.rpartition("!")
        return title, cells
    if re.fullmatch(r"[A-Za-z]{1,3}[0-9]*(:[A-Za-z]{0,3}[0-9]*)?|[0-9]+:[0-9]+", text):
        return None, text
    return text, None


def _closing_quote(text: str) -> int:
    index = 1
    while index < len(text):
        if text[index] == "'":
            if index + 1 < len(text) and text[index + 1] == "'":
                index += 2
                continue
            return index
        index += 1
    raise invalid(f"Unable to parse range: {text}")


def _cell_bounds(match: re.Match[str]) -> tuple[int | None, int | None]:
    letters, digits = match.group("column"), match.group("row")
    column = column_index(letters) if letters else None
    row = int(digits) - 1 if digits else None
    if row is not None and row < 0:
        raise invalid("Unable to parse range: row 0")
    return column, row


def column_index(letters: str) -> int:
    """``A`` is 0, ``Z`` 25, ``AA`` 26."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + (ord(letter) - ord("A") + 1)
    return index - 1


def column_letters(index: int) -> str:
    """0 is ``A``, 25 ``Z``, 26 ``AA``."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def a1_name(title: str) -> str:
    """A sheet title as Google writes it in a range: quoted unless it is a plain word."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", title) and not CELL_REF.match(title.upper()):
        return title
    return "'" + title.replace("'", "''") + "'"


def a1_text(title: str, start_row: int, end_row: int, start_column: int, end_column: int) -> str:
    """``'Title'!A1:C3`` for 0-based bounds, end exclusive."""
    first = f"{column_letters(start_column)}{start_row + 1}"
    last = f"{column_letters(max(end_column, start_column + 1) - 1)}{max(end_row, start_row + 1)}"
    return f"{a1_name(title)}!{first}:{last}" if first != last else f"{a1_name(title)}!{first}"
