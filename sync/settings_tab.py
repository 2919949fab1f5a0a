"""The Settings tab: what staff tune without a restart (key, value, meaning), read back every cycle.

Pure. Each key of :data:`desk.site_settings.SETTING_KEYS` is one row. In a spreadsheet several sites
share, a row may name a site in its Site column: that row is for that site alone and beats the row
without a site. A value that does not validate is never taken: the site keeps its last good value
and the Problems tab says why. Keys missing from the tab are added with the current value, by the
site responsible for shared rows (the primary site, or any site while none is named).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from desk.site_settings import SETTING_KEYS, SettingKey, SiteSettings
from sync.backend import ReadGrid, Row
from sync.mapping import cell_text, plain_reason
from sync.merge import CellProblem, TabPlan
from sync.problems import managed_columns

SETTINGS_TAB = "Settings"
SETTINGS_HEADERS = ("Key", "Value", "Meaning", "Site")


@dataclass
class SettingsReading:
    """What the Settings tab says now, and what the cycle does to the tab."""

    settings: SiteSettings
    plan: TabPlan
    taken: list[str] = field(default_factory=list)  # keys whose value changed from the sheet this cycle


@dataclass(frozen=True)
class _SettingRow:
    index: int
    key: str
    value: str
    site: str


def key_of(cell_text_value: str) -> str:
    """How keys are compared: trimmed, case-insensitive, spaces and dashes as underscores."""
    return cell_text_value.strip().casefold().replace(" ", "_").replace("-", "_")


def read_settings_tab(grid: ReadGrid | None, site_code: str | None, last_good: SiteSettings) -> SettingsReading:
    """Read the tab against the last good settings; plan its creation, missing keys and problems."""
    plan = TabPlan(SETTINGS_TAB)
    positions = managed_columns(SETTINGS_TAB, SETTINGS_HEADERS, grid, plan)
    ours = (site_code or "").upper()
    rows = _rows_for_site(grid or [], positions, ours)
    chosen: dict[str, _SettingRow] = {}
    for candidate in sorted(rows, key=lambda row: (row.site == "", row.index)):  # one naming this site first
        chosen.setdefault(candidate.key, candidate)
    settings = last_good
    primary = _primary_site(chosen, last_good)
    responsible = primary in ("", ours)
    reading = SettingsReading(settings, plan)

    def reported(row: _SettingRow) -> bool:
        return bool(row.site) or responsible

    known = {setting.key: setting for setting in SETTING_KEYS}
    for unknown in rows:
        if unknown.key not in known and reported(unknown):
            reason = "lobbydesk does not know this key; it reads: " + ", ".join(known)
            plan.problems.append(CellProblem(SETTINGS_TAB, unknown.key, "Key", unknown.key, reason))
    for setting in SETTING_KEYS:
        row = chosen.get(setting.key)
        if row is None:
            if responsible:
                plan.append(_seed_row(setting, settings, positions))
            continue
        try:
            updated = SiteSettings.model_validate({**settings.model_dump(), setting.field: row.value})
        except ValidationError as invalid:
            if reported(row):
                reason = f"{plain_reason(invalid)}; lobbydesk keeps using {settings.text_of(setting)!r}"
                plan.problems.append(CellProblem(SETTINGS_TAB, setting.key, "Value", row.value, reason))
            continue
        if getattr(updated, setting.field) != getattr(settings, setting.field):
            reading.taken.append(setting.key)
        settings = updated
    reading.settings = settings
    return reading


def _rows_for_site(grid: ReadGrid, positions: dict[str, int], ours: str) -> list[_SettingRow]:
    """The rows with a key that are for every site or for this one."""
    rows = []
    for index in range(1, len(grid)):
        cells = grid[index]

        def text(header: str, cells: Row = cells) -> str:
            column = positions[header]
            return cell_text(cells[column]).strip() if column < len(cells) else ""

        key, site = key_of(text("Key")), text("Site").upper()
        if key and site in ("", ours):
            rows.append(_SettingRow(index, key, text("Value"), site))
    return rows


def _primary_site(chosen: dict[str, _SettingRow], last_good: SiteSettings) -> str:
    """The primary site the tab names now (or the last good one, if what it names is not a site code)."""
    row = chosen.get("primary_site")
    if row is None:
        return last_good.primary_site
    try:
        return SiteSettings.model_validate({**last_good.model_dump(), "primary_site": row.value}).primary_site
    except ValidationError:
        return last_good.primary_site


def _seed_row(setting: SettingKey, settings: SiteSettings, positions: dict[str, int]) -> Row:
    row: Row = [None] * (max(positions.values()) + 1)
    row[positions["Key"]] = setting.key
    row[positions["Value"]] = settings.text_of(setting) or None
    row[positions["Meaning"]] = setting.meaning
    return row
