"""The Problems tab: what staff typed that was not taken, and what lobbydesk undid, in plain words.

Pure. The sync works the list out whole every cycle: problems last while their cause does (a bad
value stays listed until it is fixed, then its row goes), and notices about something already done
(a deleted row put back) stay listed for a day. The tab is written in the cycle's one batched write,
cell by cell and only where it differs, so an unchanged list costs nothing.

Several sites may share one spreadsheet, so each row names its site, and a site rewrites only its
own rows: it fills them in order, blanks the ones it no longer needs and appends the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from desk.store import SyncProblem
from sync.backend import CellUpdate, CellValue, ReadGrid, Row
from sync.mapping import cell_text
from sync.merge import CellProblem, TabPlan
from sync.sheet import header_positions

PROBLEMS_TAB = "Problems"
PROBLEM_HEADERS = ("Site", "Tab", "ID", "Column", "Value", "Why")
NOTICE_LASTS = timedelta(days=1)


def managed_columns(tab: str, headers: Sequence[str], grid: ReadGrid | None, plan: TabPlan) -> dict[str, int]:
    """Where a tab lobbydesk manages has each of its headers; creates the tab or puts headers back in ``plan``."""
    if grid is None:
        plan.new_tab_headers = list(headers)
        return {header: index for index, header in enumerate(headers)}
    found = header_positions(grid[0] if grid else [])
    width = max((len(row) for row in grid), default=0)
    positions: dict[str, int] = {}
    for header in headers:
        column = found.get(header.casefold())
        if column is None:
            column = width
            width += 1
            plan.header_updates.append(CellUpdate(tab, 0, column, header))
        positions[header] = column
    return positions


def current_problems(
    fresh: Sequence[CellProblem], notices: Sequence[CellProblem], earlier: Sequence[SyncProblem], now: datetime
) -> list[SyncProblem]:
    """This cycle's Problems list: the open problems, then the notices of the last day, newest last."""
    listed = [SyncProblem(p.tab, p.record_id, p.header, p.value, p.reason) for p in fresh]
    new_notices = [
        SyncProblem(p.tab, p.record_id, p.header, p.value, p.reason, (now + NOTICE_LASTS).isoformat()) for p in notices
    ]
    renewed = {(p.tab, p.record, p.header) for p in new_notices}
    kept = [
        p
        for p in earlier
        if p.until is not None and datetime.fromisoformat(p.until) > now and (p.tab, p.record, p.header) not in renewed
    ]
    return listed + kept + new_notices


def plan_problems_tab(grid: ReadGrid | None, site_label: str, problems: Sequence[SyncProblem]) -> TabPlan:
    """Rewrite this site's rows of the Problems tab to list ``problems``, touching only cells that differ."""
    plan = TabPlan(PROBLEMS_TAB)
    positions = managed_columns(PROBLEMS_TAB, PROBLEM_HEADERS, grid, plan)
    rows = grid or []
    site_column = positions["Site"]
    ours = [
        index
        for index in range(1, len(rows))
        if _text(rows[index], site_column).strip().upper() == site_label
        and (site_label or any(value is not None for value in rows[index]))
    ]
    wanted = [[site_label, p.tab, p.record, p.header, p.value, p.reason] for p in problems]
    for index, values in zip(ours, wanted, strict=False):
        for header, value in zip(PROBLEM_HEADERS, values, strict=True):
            column = positions[header]
            if _text(rows[index], column) != value:
                plan.cell_updates.append(CellUpdate(PROBLEMS_TAB, index, column, value or None))
    for index in ours[len(wanted) :]:
        for header in PROBLEM_HEADERS:
            if _text(rows[index], positions[header]):
                plan.cell_updates.append(CellUpdate(PROBLEMS_TAB, index, positions[header], None))
    width = max(positions.values()) + 1
    for values in wanted[len(ours) :]:
        row: Row = [None] * width
        for header, value in zip(PROBLEM_HEADERS, values, strict=True):
            row[positions[header]] = value or None
        plan.append(row)
    return plan


def _text(row: Sequence[CellValue], column: int) -> str:
    return cell_text(row[column]) if column < len(row) else ""
