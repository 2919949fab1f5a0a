"""How a record kind looks in its tab: the headers, a record as cells, and staff's cells as field values.

Pure functions over the record models; nothing here touches a workbook. The cell conventions are the
same on every backend:

- text is written as text (an empty string as an empty cell), enums as their value;
- int, float and Decimal are written as numbers; a Decimal is handed to the backend as a Decimal, and
  read back through its decimal text, so money stays exact;
- a datetime is written as the text ``YYYY-MM-DD HH:MM:SS`` in the site's time zone, a date as
  ``YYYY-MM-DD``: text round-trips exactly on every backend (and still sorts in time order), so the
  sync never sees a change that is only a float rounding of a date. A real date typed by staff is
  read as a time in the site's zone;
- booleans as TRUE / FALSE;
- a column naming a unit is read through a :class:`~desk.units.UnitIndex` when one is given (see
  :func:`read_cells`): a clerk's label (``1-301``, ``1栋301``) becomes what the field holds, and text
  naming no unit is a reason, never a value.

Cells are compared through :func:`cell_text`, one canonical text per value, so ``2``, ``2.0`` and
``"2"`` agree and a number that went through a float reads the same as the Decimal that was written.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import TypeAdapter, ValidationError

from desk.records import ColumnSpec, Record
from desk.units import UnitIndex
from sync.backend import CellValue, UnreadFormula

DATETIME_TEXT = "%Y-%m-%d %H:%M:%S"
DATETIME_FORMS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M")
DATE_FORMS = ("%Y-%m-%d", "%Y/%m/%d")
# The record models name units by these fields: ``unit`` holds one unit's ID, ``unit_label`` its label
# (beside ``unit`` in tabs lobbydesk writes), ``units`` a list of units or buildings (a fee rule's).
UNIT_ID, UNIT_LABEL, UNIT_LIST = "unit", "unit_label", "units"
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "是"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "否"})


@dataclass(frozen=True)
class TabLayout:
    """The columns a record kind needs in its tab, in declaration order (``ID`` first)."""

    kind: type[Record]
    columns: tuple[ColumnSpec, ...]

    @classmethod
    def of(cls, kind: type[Record]) -> TabLayout:
        """The layout declared on a record model."""
        return cls(kind, kind.columns())

    @property
    def tab(self) -> str:
        """The tab's name."""
        return self.kind.TAB

    @property
    def headers(self) -> list[str]:
        """The header row of a freshly created tab."""
        return [spec.header for spec in self.columns]

    @property
    def site_header(self) -> str | None:
        """The header of the column naming the site a row is for, when the kind declares one."""
        site_field = self.kind.SITE_FIELD
        return next((spec.header for spec in self.columns if spec.field == site_field), None)

    def header_of(self, field_name: str) -> str:
        """The header of a field's column."""
        return next(spec.header for spec in self.columns if spec.field == field_name)


def header_key(cell: CellValue) -> str:
    """How headers are compared: trimmed and case-insensitive, so ``" status "`` is ``Status``."""
    return "" if cell is None else str(cell).strip().casefold()


def match_headers(layout: TabLayout, header_row: typing.Sequence[CellValue]) -> dict[str, int]:
    """Where each declared header sits in a sheet's header row (first occurrence wins); absent ones are left out."""
    position_by_key: dict[str, int] = {}
    for index, cell in enumerate(header_row):
        position_by_key.setdefault(header_key(cell), index)
    positions: dict[str, int] = {}
    for spec in layout.columns:
        column = position_by_key.get(header_key(spec.header))
        if column is not None:
            positions[spec.header] = column
    return positions


def record_cells(record: Record, tz: ZoneInfo) -> dict[str, CellValue]:
    """A record's values as the cells of its row, keyed by header."""
    return {spec.header: to_cell(getattr(record, spec.field), tz) for spec in record.columns()}


def to_cell(value: Any, tz: ZoneInfo) -> CellValue:
    """One field value as a cell value (see the module's conventions)."""
    kind = value.__class__
    if kind is str:  # the common case first: the sync converts every field of every row it writes
        return value or None
    if kind in PLAIN_NUMBERS:
        return value  # type: ignore[no-any-return]
    if isinstance(value, enum.Enum):
        value = value.value
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        local = value.astimezone(tz) if value.tzinfo is not None else value
        return _datetime_text(local)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str | int | float | Decimal | bool):
        return value
    return str(value)


def _datetime_text(value: datetime) -> str:
    """``YYYY-MM-DD HH:MM:SS`` (DATETIME_TEXT), wall-clock, without the zone; isoformat is 3x strftime's speed."""
    return value.replace(tzinfo=None).isoformat(" ", "seconds")


PLAIN_NUMBERS = frozenset({int, bool, float, Decimal})


def cell_text(value: CellValue) -> str:
    """The canonical text of a cell, used to compare the sheet, the store and the agreed values."""
    kind = value.__class__
    if kind is str:
        return value  # type: ignore[return-value]
    convert = _TEXT_BY_TYPE.get(kind)
    if convert is not None:
        return convert(value)
    return _text_of_other(value)


def _text_of_other(value: CellValue) -> str:
    """cell_text for values of a subclass of the usual types."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        return _number_text(value)
    if isinstance(value, datetime):
        return _datetime_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@lru_cache(maxsize=8192)
def _number_text(value: float | Decimal) -> str:
    # repr() is the shortest text that reads back as the same float: 0.1 stays "0.1". Cached, because
    # a tab repeats its amounts and areas; equal numbers (2, 2.0, Decimal("2.00")) share one text.
    number = Decimal(repr(value)) if isinstance(value, float) else value
    if not number.is_finite():
        return str(number)
    text = format(number.normalize(), "f")
    return "0" if text == "-0" else text


_TEXT_BY_TYPE: dict[type, Callable[[Any], str]] = {
    type(None): lambda _value: "",
    bool: lambda value: "TRUE" if value else "FALSE",
    int: int.__str__,
    float: _number_text,
    Decimal: _number_text,
    datetime: _datetime_text,
    date: date.isoformat,
}


@dataclass(frozen=True)
class CellReading:
    """What staff's cells mean: parsed field values, and a plain-words reason for each cell that failed."""

    values: dict[str, Any] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)


class _UnreadableCellError(Exception):
    """A cell that does not convert to its field's type; the message is the reason in plain words."""


def read_cells(
    kind: type[Record], cells: Mapping[str, CellValue], tz: ZoneInfo, *, units: UnitIndex | None = None
) -> CellReading:
    """Parse cells keyed by header into field values; failures come back as data, never raised.

    Headers the kind does not declare are ignored. Each value is checked against its field's
    constraints on its own; rules spanning several fields are checked when the record is built.
    With ``units``, a unit column takes what names a unit (see :func:`_unit_reference`), and a unit
    and its label column move together: typing either sets both.
    """
    specs = {header_key(spec.header): spec for spec in kind.columns()}
    reading = CellReading()
    for header, raw in cells.items():
        spec = specs.get(header_key(header))
        if spec is None:
            continue
        annotation = kind.model_fields[spec.field].annotation
        try:
            if isinstance(raw, UnreadFormula):  # not even a text column may take a formula's text for its value
                raise _UnreadableCellError(f"'{raw}' is a formula saved without the value it shows; "
                                           "type the value, or open and save the workbook in an office suite")
            candidate = _convert(annotation, raw, tz)
            if units is not None and annotation is str and spec.field in (UNIT_ID, UNIT_LABEL, UNIT_LIST):
                candidate = _unit_reference(spec.field, candidate, units)
            reading.values[spec.field] = _field_adapter(kind, spec.field).validate_python(candidate)
        except _UnreadableCellError as unreadable:
            reading.problems[spec.header] = str(unreadable)
        except ValidationError as invalid:
            reading.problems[spec.header] = plain_reason(invalid)
    if units is not None:
        _unit_and_label_together(kind, reading.values, units)
    return reading


def _unit_reference(field_name: str, text: str, units: UnitIndex) -> str:
    """What a unit column holds for the text typed: the unit's ID, its label, or a list's names."""
    if not text:
        return text  # the field says whether it may be empty
    if field_name == UNIT_LIST:
        try:
            return units.names_in(text)
        except ValueError as nothing:
            raise _UnreadableCellError(str(nothing)) from None
    unit = units.find(text)
    if unit is None:
        raise _UnreadableCellError(units.why_not(text))
    return unit.id if field_name == UNIT_ID else unit.label


def _unit_and_label_together(kind: type[Record], values: dict[str, Any], units: UnitIndex) -> None:
    """A row's unit and its label name one unit: the one typed decides (the ID, when both were)."""
    fields = kind.model_fields
    if UNIT_ID not in fields or UNIT_LABEL not in fields:
        return
    if values.get(UNIT_ID):
        unit = units.find(values[UNIT_ID])
        if unit is not None:
            values[UNIT_LABEL] = unit.label
    elif values.get(UNIT_LABEL):
        unit = units.find(values[UNIT_LABEL])
        if unit is not None:
            values[UNIT_ID] = unit.id


@cache
def _field_adapter(kind: type[Record], field_name: str) -> TypeAdapter[Any]:
    """A validator for one field with its constraints (length, pattern, bounds), built once."""
    info = kind.model_fields[field_name]
    assert info.annotation is not None, "every record field is annotated"
    if not info.metadata:
        return TypeAdapter(info.annotation)
    return TypeAdapter(Annotated[(info.annotation, *info.metadata)])  # type: ignore[arg-type]


def read_record(
    kind: type[Record], cells: Mapping[str, CellValue], tz: ZoneInfo, record_id: str, *, units: UnitIndex | None = None
) -> CellReading:
    """A whole row read as a record with the given ID: ``values`` holds ``{"record": …}`` when it is one.

    Otherwise ``problems`` says, by header, why not (a cell that does not convert, a value the model
    refuses, a needed value left empty); a complaint about the row as a whole is filed under "".
    """
    id_key = header_key(id_header_of(kind))
    # An empty cell of a field with a default takes the default, as in a freshly made record.
    optional = {header_key(spec.header) for spec in kind.columns() if not spec.required}
    given = {
        header: value
        for header, value in cells.items()
        if header_key(header) != id_key and not (header_key(header) in optional and cell_text(value).strip() == "")
    }
    reading = read_cells(kind, given, tz, units=units)
    if reading.problems:
        return CellReading(problems=reading.problems)
    try:
        record = kind.model_validate({**reading.values, "id": record_id})
    except ValidationError as invalid:
        return CellReading(problems=problems_by_header(kind, invalid))
    return CellReading(values={"record": record})


def id_header_of(kind: type[Record]) -> str:
    """The header of a kind's ID column."""
    return next(spec.header for spec in kind.columns() if spec.field == "id")


def problems_by_header(kind: type[Record], invalid: ValidationError) -> dict[str, str]:
    """Every complaint of a pydantic error in plain words, filed under the header of its field."""
    headers = {spec.field: spec.header for spec in kind.columns()}
    problems: dict[str, str] = {}
    for error in invalid.errors():
        location = error.get("loc") or ()
        header = headers.get(str(location[0]), "") if location else ""
        problems.setdefault(header, _plain(error))
    return problems


def plain_reason(invalid: ValidationError) -> str:
    """The first complaint of a pydantic error, in words a member of staff understands."""
    return _plain(invalid.errors()[0])


def _plain(first: Any) -> str:
    context = first.get("ctx") or {}
    kind = first["type"]
    if kind == "missing":
        return "it is empty but needs a value"
    if kind == "string_too_long":
        return f"it is longer than {context.get('max_length')} characters"
    if kind == "string_too_short":
        return "it is empty but needs a value" if context.get("min_length") == 1 else "it is too short"
    if kind == "string_pattern_mismatch":
        return "it does not have the expected form"
    message = str(first["msg"]).removeprefix("Value error, ")
    return message[:1].lower() + message[1:]


def _convert(annotation: Any, raw: CellValue, tz: ZoneInfo) -> Any:
    """A cell converted to the Python type of its field; raises _UnreadableCellError with the reason."""
    inner, optional = _unwrap_optional(annotation)
    text = cell_text(raw).strip()
    if text == "":
        if optional:
            return None
        if inner is str:
            return ""
        raise _UnreadableCellError("it is empty but needs a value" + _choices_hint(inner))
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        return _choose(text, [member.value for member in inner], inner)
    if typing.get_origin(inner) is typing.Literal:
        return _choose(text, list(typing.get_args(inner)), None)
    if inner is bool:
        return _boolean(raw, text)
    if inner is int:
        return _whole_number(raw, text)
    if inner in (Decimal, float):
        number = _decimal(text)
        return number if inner is Decimal else float(number)
    if inner is datetime:
        return _datetime(raw, text, tz)
    if inner is date:
        return _date(raw, text)
    return text


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(members) == 1:
            return members[0], len(members) < len(typing.get_args(annotation))
    return annotation, False


def _choices_hint(inner: Any) -> str:
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        return "; choose one of: " + ", ".join(str(member.value) for member in inner)
    return ""


def _choose(text: str, allowed: list[Any], enum_type: type[enum.Enum] | None) -> Any:
    for value in allowed:
        if str(value).casefold() == text.casefold():
            return enum_type(value) if enum_type is not None else value
    raise _UnreadableCellError(f"{text!r} is not one of: " + ", ".join(str(value) for value in allowed))


def _boolean(raw: CellValue, text: str) -> bool:
    if isinstance(raw, bool):
        return raw
    if text.casefold() in TRUE_WORDS:
        return True
    if text.casefold() in FALSE_WORDS:
        return False
    raise _UnreadableCellError(f"{text!r} is not yes or no (TRUE or FALSE)")


def _whole_number(raw: CellValue, text: str) -> int:
    try:
        number = _decimal(text)
    except _UnreadableCellError:
        raise _UnreadableCellError(f"{text!r} is not a whole number") from None
    if number != number.to_integral_value():
        raise _UnreadableCellError(f"{text!r} is not a whole number")
    return int(number)


def _decimal(text: str) -> Decimal:
    # Staff write thousands with separators ("1,250.50"); spaces sneak in when pasting.
    cleaned = text.replace(",", "").replace(" ", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise _UnreadableCellError(f"{text!r} is not a number") from None
    if not number.is_finite():
        raise _UnreadableCellError(f"{text!r} is not a number")
    return number


def _datetime(raw: CellValue, text: str, tz: ZoneInfo) -> datetime:
    if isinstance(raw, datetime):
        return raw.astimezone(tz) if raw.tzinfo is not None else raw.replace(tzinfo=tz)
    if isinstance(raw, date):
        return datetime(raw.year, raw.month, raw.day, tzinfo=tz)
    for form in DATETIME_FORMS + DATE_FORMS:
        try:
            return datetime.strptime(text, form).replace(tzinfo=tz)
        except ValueError:
            continue
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise _UnreadableCellError(f"{text!r} is not a date and time like 2024-05-01 09:30") from None
    return parsed.astimezone(tz) if parsed.tzinfo is not None else parsed.replace(tzinfo=tz)


def _date(raw: CellValue, text: str) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    for form in DATE_FORMS:
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise _UnreadableCellError(f"{text!r} is not a date like 2024-05-01")
