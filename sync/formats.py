"""How a tab should look for staff, in words every backend understands; and how to say what drifted.

Pure. Provisioning (``lobbydesk workbook init``) hands a :class:`TabFormat` per tab to a backend that
can format (see :class:`sync.backend.FormattableWorkbook`); ``workbook check`` asks the backend what
it finds, as a :class:`FoundFormat`, and :func:`describe_drift` says what differs in plain words.
Every tab gets a frozen header row and a filter on it; columns lobbydesk writes are shaded and
protected (warning-only on Google, sheet protection with the other columns unlocked on .xlsx); a
column with allowed values gets a dropdown; highlight rules colour whole rows.
"""

from __future__ import annotations

import datetime as dt
import decimal
import typing
from dataclasses import dataclass, field

from desk.records import Highlight, Owner, Record
from sync.mapping import TabLayout

SHADE = "EDEDED"  # light grey behind the columns lobbydesk writes
MIN_WIDTH, MAX_WIDTH = 8.0, 48.0


@dataclass(frozen=True)
class ColumnFormat:
    """One column as staff should find it: width in characters, dropdown choices, written by lobbydesk."""

    header: str
    width: float
    choices: tuple[str, ...] = ()
    locked: bool = False  # lobbydesk writes it: shaded and protected


@dataclass(frozen=True)
class RowHighlight:
    """Colour a whole row when the cell under ``header`` matches (see :class:`desk.records.Highlight`)."""

    header: str
    meaning: str
    equals: tuple[str, ...] = ()
    before_today: bool = False
    colour: str = "FFC7CE"


@dataclass(frozen=True)
class TabFormat:
    """How one tab should look."""

    tab: str
    columns: tuple[ColumnFormat, ...]
    highlights: tuple[RowHighlight, ...] = ()

    @property
    def protected(self) -> bool:
        """True when some column is lobbydesk's, so the tab is protected with the others left open."""
        return any(column.locked for column in self.columns)


@dataclass
class FoundFormat:
    """What a backend finds in a tab, in the same words; ``headers`` are the headers it has, as typed."""

    tab: str
    exists: bool
    headers: list[str] = field(default_factory=list)
    frozen_header: bool = False
    filter_on: bool = False
    protected: bool = False
    dropdowns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # by header
    locked: set[str] = field(default_factory=set)  # headers of locked columns
    shaded: set[str] = field(default_factory=set)  # headers of shaded columns
    highlights: set[RowHighlight] = field(default_factory=set)  # the wanted ones it has


def format_of(kind: type[Record]) -> TabFormat:
    """How a record kind's tab should look, from its declaration."""
    layout = TabLayout.of(kind)
    columns = tuple(
        ColumnFormat(
            header=spec.header,
            width=_width(kind, spec.field, spec.header, spec.choices),
            choices=spec.choices,
            locked=spec.owner is Owner.KIOSK,
        )
        for spec in layout.columns
    )
    return TabFormat(kind.TAB, columns, tuple(_row_highlight(layout, rule) for rule in kind.HIGHLIGHTS))


def _row_highlight(layout: TabLayout, rule: Highlight) -> RowHighlight:
    return RowHighlight(layout.header_of(rule.field), rule.meaning, rule.equals, rule.before_today, rule.colour)


def _width(kind: type[Record], field_name: str, header: str, choices: tuple[str, ...]) -> float:
    """Wide enough for the header and a typical value of the field's type."""
    info = kind.model_fields[field_name]
    annotation = info.annotation
    typical = 12
    if choices:
        typical = max(len(choice) for choice in choices) + 3  # room for the dropdown arrow
    elif annotation is dt.datetime or dt.datetime in typing.get_args(annotation):
        typical = 19
    elif annotation is dt.date or dt.date in typing.get_args(annotation):
        typical = 11
    elif annotation in (int, float, decimal.Decimal, bool):
        typical = 10
    elif field_name == "id":
        typical = 16
    elif any(getattr(rule, "pattern", None) for rule in info.metadata):
        typical = 10  # a short coded value, like a ticket number
    else:
        limit = next((getattr(m, "max_length", None) for m in info.metadata if getattr(m, "max_length", None)), None)
        typical = min(limit or 24, 40)
    return float(min(MAX_WIDTH, max(MIN_WIDTH, len(header) + 2, typical)))


def describe_drift(wanted: TabFormat, found: FoundFormat) -> list[str]:
    """What differs between how a tab should look and how it looks, one plain sentence each."""
    tab = wanted.tab
    if not found.exists:
        return [f"{tab}: the tab is missing"]
    drift = []
    have = {header.strip().casefold() for header in found.headers}
    missing = [column.header for column in wanted.columns if column.header.casefold() not in have]
    if missing:
        drift.append(f"{tab}: missing column(s) {', '.join(missing)}")
    keys = [header.strip().casefold() for header in found.headers]
    repeated = sorted({header for header, key in zip(found.headers, keys, strict=True) if keys.count(key) > 1})
    if repeated:
        drift.append(f"{tab}: header(s) repeated: {', '.join(repeated)} (lobbydesk reads the first)")
    if not found.frozen_header:
        drift.append(f"{tab}: the header row is not frozen")
    if not found.filter_on:
        drift.append(f"{tab}: the header row has no filter")
    if wanted.protected and not found.protected:
        drift.append(f"{tab}: the tab is not protected (the columns lobbydesk writes can be typed over)")
    for column in wanted.columns:
        if column.header.casefold() not in have:
            continue
        drift.extend(_column_drift(tab, column, found))
    for rule in wanted.highlights:
        if rule not in found.highlights:
            drift.append(f"{tab}: rows are not highlighted when {_rule_words(rule)} ({rule.meaning})")
    return drift


def _column_drift(tab: str, column: ColumnFormat, found: FoundFormat) -> list[str]:
    drift = []
    where = f"{tab}, column {column.header}"
    choices = found.dropdowns.get(column.header, ())
    if column.choices and tuple(choices) != column.choices:
        drift.append(
            f"{where}: the dropdown should offer {', '.join(column.choices)}"
            + (f" (it offers {', '.join(choices)})" if choices else " (it has none)")
        )
    if column.locked and column.header not in found.shaded:
        drift.append(f"{where}: lobbydesk writes it, but it is not shaded")
    if found.protected and column.locked and column.header not in found.locked:
        drift.append(f"{where}: lobbydesk writes it, but it is not protected")
    if found.protected and not column.locked and column.header in found.locked:
        drift.append(f"{where}: staff write it, but it is locked")
    return drift


def _rule_words(rule: RowHighlight) -> str:
    if rule.before_today:
        return f"{rule.header} is before today"
    return f"{rule.header} is " + " or ".join(rule.equals)
