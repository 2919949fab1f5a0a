"""Shared steps of the repair and feedback stories: sign in at a tile, staff typing into the workbook."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from nicegui.testing.user import User

from desk.repairs import Repair
from desk.site_settings import SETTING_KEYS
from lobbydesk.site import Site
from sync.memory import MemoryWorkbook
from tests.kiosk.test_sign_in import _enter_pin, choose_unit


async def open_signed_in(owner: User, tile: str, *, lang: str = "en") -> None:
    """Tap a tile on the home screen and sign in as 3-1202; the screen switches to ``lang`` first."""
    await owner.open("/")
    owner.find(marker=f"tile-{tile}").click()
    await choose_unit(owner, "3", "1202")
    await _enter_pin(owner, "2468")
    await owner.should_see(marker="greeting", retries=50)  # signed in (the PIN hash is slow on purpose)
    if lang == "en":
        owner.find(marker="lang-en").click()
        await owner.should_see("Hello, 张*明 (3-1202)", retries=20)


async def staff_type_into_repair(site: Site, repair_id: str, **cells: Any) -> Repair:
    """Type cells into a repair's row of the workbook, as staff would, and wait until the sync took them."""
    sheet = site.workbook
    assert isinstance(sheet, MemoryWorkbook)
    row = await _row_of(sheet, "Repairs", repair_id)
    for header, value in cells.items():
        sheet.type_at("Repairs", row, header, value)
    for _ in range(200):
        repair = site.repairs.repairs.get(repair_id)
        if repair is not None and all(_agrees(repair, header, value) for header, value in cells.items()):
            return repair
        await asyncio.sleep(0.05)
    raise AssertionError(f"the sync did not take {cells} from the Repairs tab")


async def _row_of(sheet: MemoryWorkbook, tab: str, record_id: str) -> int:
    for _ in range(200):
        if tab in sheet.tab_names() and any(row.get("ID") == record_id for row in sheet.rows_by_header(tab)):
            return sheet.find_row(tab, "ID", record_id)
        await asyncio.sleep(0.05)
    raise AssertionError(f"{record_id} never reached the {tab} tab")


def _agrees(repair: Repair, header: str, value: object) -> bool:
    field = next(spec.field for spec in Repair.columns() if spec.header == header)
    current = getattr(repair, field)
    if isinstance(current, datetime):
        return current.strftime("%Y-%m-%d %H:%M") == str(value)[:16]
    return str(getattr(current, "value", current)) == str(value)


async def sheet_rows(site: Site, tab: str, wanted: int) -> list[dict[str, Any]]:
    """The rows of a tab once it has ``wanted`` of them (the sync writes them a moment later)."""
    sheet = site.workbook
    assert isinstance(sheet, MemoryWorkbook)
    for _ in range(200):
        if tab in sheet.tab_names() and len(rows := sheet.rows_by_header(tab)) >= wanted:
            return rows
        await asyncio.sleep(0.05)
    raise AssertionError(f"the {tab} tab never had {wanted} rows")


async def staff_type_settings(site: Site, **values: str) -> None:
    """Type values into the Settings tab, as staff would, and wait until the sync took them."""
    sheet = site.workbook
    assert isinstance(sheet, MemoryWorkbook)
    for _ in range(200):
        if "Settings" in sheet.tab_names():
            break
        await asyncio.sleep(0.05)
    for key, value in values.items():
        sheet.type_at("Settings", sheet.find_row("Settings", "Key", key), "Value", value)
    for _ in range(200):
        taken = site.site_settings()
        if all(taken.text_of(key) == values[key.key] for key in SETTING_KEYS if key.key in values):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the sync did not take {values} from the Settings tab")
