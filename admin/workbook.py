"""Provisioning: lay the workbook out for staff (``workbook init``) and say what drifted (``workbook check``).

Both are idempotent and never delete anything: init only adds what is missing (tabs, headers put
back at the end, Settings keys) and then formats every tab; check only reads. Formatting needs a
backend that can format (:class:`sync.backend.FormattableWorkbook`); with any other, init lays out
values only and says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from desk.records import Record
from desk.site_settings import SETTING_KEYS, SiteSettings
from sync.backend import CellUpdate, FormattableWorkbook, ReadGrid, WorkbookBackend, WriteBatch
from sync.formats import ColumnFormat, TabFormat, describe_drift, format_of
from sync.mapping import TabLayout, cell_text, header_key
from sync.problems import PROBLEM_HEADERS, PROBLEMS_TAB
from sync.settings_tab import SETTINGS_TAB, key_of, read_settings_tab

# A Settings key that looks like one of these is a secret someone pasted in; it belongs in lobbydesk.toml.
SECRET_WORDS = re.compile(r"secret|password|passwd|token|credential|private|api.?key|service.?account", re.IGNORECASE)


def settings_format() -> TabFormat:
    """The Settings tab: lobbydesk writes the keys and their meaning; staff write values and sites."""
    return TabFormat(
        SETTINGS_TAB,
        (
            ColumnFormat("Key", 18, locked=True),
            ColumnFormat("Value", 40),
            ColumnFormat("Meaning", 60, locked=True),
            ColumnFormat("Site", 10),
        ),
    )


def problems_format() -> TabFormat:
    """The Problems tab: written by the sync alone."""
    widths = {"Site": 8, "Tab": 12, "ID": 18, "Column": 14, "Value": 24, "Why": 80}
    columns = tuple(ColumnFormat(header, widths[header], locked=True) for header in PROBLEM_HEADERS)
    return TabFormat(PROBLEMS_TAB, columns)


def wanted_formats(kinds: Sequence[type[Record]]) -> list[TabFormat]:
    """How every tab should look, Settings first and Problems last (the order tabs are created in)."""
    return [settings_format(), *(format_of(kind) for kind in kinds), problems_format()]


@dataclass
class Provisioned:
    """What ``workbook init`` did, in sentences."""

    done: list[str] = field(default_factory=list)
    formatted: bool = False

    def describe(self, workbook: str) -> str:
        """A paragraph for a person."""
        if not self.done:
            return f"{workbook} was already laid out; formats checked and refreshed."
        formats = " and formatted every tab" if self.formatted else ""
        return f"Laid out {workbook}{formats}: " + "; ".join(self.done) + "."


def provision(
    backend: WorkbookBackend, kinds: Sequence[type[Record]], site_code: str | None, settings: SiteSettings
) -> Provisioned:
    """Create what is missing (tabs, headers, Settings keys) in one write, then format every tab."""
    formats = wanted_formats(kinds)
    grids = backend.read([wanted.tab for wanted in formats])
    batch = WriteBatch()
    result = Provisioned()
    settings_plan = read_settings_tab(grids.get(SETTINGS_TAB), site_code, settings).plan
    if settings_plan.new_tab_headers is not None:
        batch.new_tabs[SETTINGS_TAB] = settings_plan.new_tab_headers
    batch.updates.extend(settings_plan.header_updates)
    if settings_plan.appends:
        batch.appends[SETTINGS_TAB] = settings_plan.appends
        keys = ", ".join(cell_text(row[0]) for row in settings_plan.appends)
        result.done.append(f"added the Settings key(s) {keys}")
    for layout in [TabLayout.of(kind) for kind in kinds]:
        _lay_out(layout.tab, layout.headers, grids.get(layout.tab), batch)
    _lay_out(PROBLEMS_TAB, list(PROBLEM_HEADERS), grids.get(PROBLEMS_TAB), batch)
    if batch.new_tabs:
        result.done.insert(0, f"created the tab(s) {', '.join(batch.new_tabs)}")
    if batch.updates:
        headers = ", ".join(f"{update.tab}: {update.value}" for update in batch.updates)
        result.done.append(f"put back the header(s) {headers} at the end of their rows")
    backend.write(batch)
    if isinstance(backend, FormattableWorkbook):
        backend.apply_formats(formats)
        result.formatted = True
    else:
        result.done.append(f"left formats alone ({backend.describe()} cannot be formatted)")
    return result


def _lay_out(tab: str, headers: Sequence[str], grid: ReadGrid | None, batch: WriteBatch) -> None:
    """A missing tab is created; headers it lacks go at the end of its header row."""
    if grid is None:
        batch.new_tabs[tab] = list(headers)
        return
    header_row = grid[0] if grid else []
    have = {header_key(cell) for cell in header_row}
    width = len(header_row)
    for header in headers:
        if header_key(header) not in have:
            batch.updates.append(CellUpdate(tab, 0, width, header))
            width += 1


def check(backend: WorkbookBackend, kinds: Sequence[type[Record]]) -> list[str]:
    """What differs from how ``workbook init`` lays the workbook out, one sentence each; empty when nothing."""
    formats = wanted_formats(kinds)
    grids = backend.read([wanted.tab for wanted in formats])
    drift = _settings_drift(grids.get(SETTINGS_TAB))
    if isinstance(backend, FormattableWorkbook):
        found = backend.read_formats(formats)
        for wanted in formats:
            drift.extend(describe_drift(wanted, found[wanted.tab]))
        return drift
    for wanted in formats:
        grid = grids.get(wanted.tab)
        if grid is None:
            drift.append(f"{wanted.tab}: the tab is missing")
            continue
        have = {header_key(cell) for cell in (grid[0] if grid else [])}
        missing = [column.header for column in wanted.columns if header_key(column.header) not in have]
        if missing:
            drift.append(f"{wanted.tab}: missing column(s) {', '.join(missing)}")
    return drift


def _settings_drift(grid: ReadGrid | None) -> list[str]:
    """Keys missing from the Settings tab, and rows that look like secrets (they never belong there)."""
    if grid is None:
        return []
    column = {header_key(cell): index for index, cell in enumerate(grid[0] if grid else [])}.get("key")
    if column is None:
        return [f"{SETTINGS_TAB}: missing column(s) Key"]
    keys = [key_of(cell_text(row[column])) for row in grid[1:] if column < len(row)]
    drift = [
        f"{SETTINGS_TAB}: the row {key!r} looks like a secret; remove it from the workbook (secrets belong "
        f"in lobbydesk.toml, which only the site server reads)"
        for key in keys
        if SECRET_WORDS.search(key)
    ]
    missing = [setting.key for setting in SETTING_KEYS if setting.key not in keys]
    if missing:
        drift.append(f"{SETTINGS_TAB}: missing key(s) {', '.join(missing)} (the next sync cycle adds them)")
    return drift
