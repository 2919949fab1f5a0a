"""A record's history for a person: every version, when, by whom, and what changed from the one before.

Values are shown as they appear in the workbook (the same headers and cell texts), so a line of
history reads like the sheet did at that moment.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from desk.records import Record
from desk.store import HistoryEntry
from sync.mapping import cell_text, record_cells

EMPTY = "(empty)"
TIME_FORM = "%Y-%m-%d %H:%M:%S"


def describe_history(
    record_id: str, entries: Sequence[HistoryEntry], kinds: Sequence[type[Record]], tz: ZoneInfo
) -> str:
    """Lines for a terminal: a heading, then one line per version with its changes."""
    if not entries:
        return f"No record with ID {record_id} in this site's store."
    kinds_by_tab = {kind.TAB: kind for kind in kinds}
    tab = entries[-1].tab
    versions = "1 version" if len(entries) == 1 else f"{len(entries)} versions"
    lines = [f"History of {record_id} ({tab}), {versions}, oldest first:"]
    width = max(len(entry.actor) for entry in entries)
    previous: dict[str, str] | None = None
    for entry in entries:
        cells = _cells(entry, kinds_by_tab.get(entry.tab), tz)
        when = datetime.fromisoformat(entry.at).astimezone(tz).strftime(TIME_FORM)
        lines.append(f"  {when}  {entry.actor:<{width}}  {_changes(previous, cells)}")
        previous = cells
    return "\n".join(lines)


def _cells(entry: HistoryEntry, kind: type[Record] | None, tz: ZoneInfo) -> dict[str, str]:
    """A version's values by header, as cell texts; by field name when its kind is not known (any more)."""
    if kind is not None:
        try:
            record = kind.model_validate(entry.body)
        except ValidationError:
            pass
        else:
            return {header: cell_text(value) for header, value in record_cells(record, tz).items() if header != "ID"}
    return {name: _plain(value) for name, value in entry.body.items() if name != "id"}


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def _changes(before: dict[str, str] | None, after: dict[str, str]) -> str:
    if before is None:
        shown = [f"{header} {value}" for header, value in after.items() if value]
        return "created: " + (" · ".join(shown) if shown else "no values")
    changed = [
        f"{header}: {before.get(header) or EMPTY} → {value or EMPTY}"
        for header, value in after.items()
        if before.get(header, "") != value
    ]
    return "; ".join(changed) if changed else "saved again, no field changed"
