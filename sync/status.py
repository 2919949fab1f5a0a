"""How the sync is doing, remembered in the store after every cycle: for ``lobbydesk sync --status``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from desk.archive import DATED_FIELDS, TabSize, archive_suggestion
from desk.records import Record
from desk.site_settings import STATE_KEY
from desk.store import Store, SyncProblem, Transaction
from sync.size import WorkbookSize, size_from_json

if TYPE_CHECKING:
    from sync.pace import PaceSnapshot, RequestTally
    from sync.report import CycleReport

SITE_SETTINGS_KEY = STATE_KEY
LAST_CYCLE_AT = "sync.last_cycle_at"
LAST_GOOD_AT = "sync.last_good_at"
LAST_GOOD_SUMMARY = "sync.last_good_summary"
LAST_READ_AT = "sync.last_read_at"
LAST_READ_SUMMARY = "sync.last_read_summary"
LAST_ERROR_AT = "sync.last_error_at"
LAST_ERROR = "sync.last_error"
PACE = "sync.pace"  # where the pace stood after the last cycle, in words
PACE_QUOTA = "sync.pace_quota"  # the site's share of its service account's quota, in words
LAST_REQUESTS = "sync.last_requests"  # what the last cycle asked of the workbook's API, in words
WORKBOOK_SIZE = "sync.workbook_size"  # JSON of a WorkbookSize, as the last cycle that could tell found it
PROBLEMS_SHOWN = 20


def remember_outcome(tx: Transaction, report: CycleReport) -> None:
    """Keep what a cycle came to: when it ran, and either its summary (it went well) or what went wrong.

    The last good cycle that read the workbook is kept apart, so a quiet day of cycles that found
    nothing changed does not hide what the last real one did.
    """
    at = report.started_at.isoformat(timespec="seconds")
    values = {LAST_CYCLE_AT: at}
    if report.ok:
        values |= {LAST_GOOD_AT: at, LAST_GOOD_SUMMARY: report.summary()}
        if not report.unchanged:
            values |= {LAST_READ_AT: at, LAST_READ_SUMMARY: values[LAST_GOOD_SUMMARY]}
    else:
        values |= {LAST_ERROR_AT: at, LAST_ERROR: report.error or report.busy or "unknown"}
    tx.set_site_state(values)


def remember_pace(
    tx: Transaction, pace: PaceSnapshot | None, requests: RequestTally | None, size: WorkbookSize | None
) -> None:
    """Keep where the sync loop's pace stands, what the last cycle asked of the API, and the workbook's size.

    What the last cycle could not tell (a backend without a count, a cycle that did not read) is left
    as an earlier cycle found it.
    """
    values = {} if pace is None else {PACE: pace.describe(), PACE_QUOTA: pace.quota or ""}
    if requests is not None:
        values[LAST_REQUESTS] = requests.describe()
    if size is not None:
        values[WORKBOOK_SIZE] = json.dumps(asdict(size))
    tx.set_site_state(values)


@dataclass(frozen=True)
class SyncStatus:
    """The sync as the store remembers it, and what is waiting."""

    last_cycle_at: str | None
    last_good_at: str | None
    last_good_summary: str | None
    last_error_at: str | None
    last_error: str | None
    pending: int  # records changed in the store that the workbook has not seen
    problems: list[SyncProblem] = field(default_factory=list)
    last_read_at: str | None = None  # the last good cycle that read the workbook (not found unchanged)
    last_read_summary: str | None = None
    pace: str | None = None  # where the sync loop's pace stood after the last cycle
    quota: str | None = None  # the site's share of the service account's quota, if the workbook has one
    last_requests: str | None = None  # what the last cycle asked of the API, if the backend counts
    size: WorkbookSize | None = None
    archive_suggestion: str | None = None  # what to move out of the workbook before it fills, if anything

    def describe(self) -> str:
        """Several lines for a person at a terminal."""
        if self.last_cycle_at is None:
            lines = ["The sync has not run yet."]
        else:
            lines = [f"Last cycle:      {_when(self.last_cycle_at)}"]
            good = _when(self.last_good_at) if self.last_good_at else "never"
            lines.append(f"Last good cycle: {good}")
            if self.last_good_summary:
                lines.append(f"                 {self.last_good_summary}")
            if self.last_read_at and self.last_read_at != self.last_good_at:
                lines.append(f"Last read:       {_when(self.last_read_at)}")
                if self.last_read_summary:
                    lines.append(f"                 {self.last_read_summary}")
        if self.last_error_at and self.last_error:
            fixed = self.last_good_at is not None and self.last_good_at >= self.last_error_at
            later = " (a good cycle since)" if fixed else ""
            lines.append(f"Last error:      {_when(self.last_error_at)}{later}: {self.last_error}")
        else:
            lines.append("Last error:      none")
        lines.append(f"Pending changes: {self.pending} record(s) changed in the store, not yet in the workbook")
        lines.extend(self._pace_lines())
        open_problems = [problem for problem in self.problems if problem.until is None]
        notices = len(self.problems) - len(open_problems)
        lines.append(f"Open problems:   {len(open_problems)}" + (f" (and {notices} notice(s))" if notices else ""))
        for problem in self.problems[:PROBLEMS_SHOWN]:
            where = " ".join(part for part in (problem.tab, problem.record) if part)
            column = f", {problem.header}" if problem.header else ""
            value = f" = {problem.value!r}" if problem.value else ""
            lines.append(f"  - {where}{column}{value}: {problem.reason}")
        if len(self.problems) > PROBLEMS_SHOWN:
            lines.append(f"  … and {len(self.problems) - PROBLEMS_SHOWN} more in the Problems tab")
        return "\n".join(lines)


    def _pace_lines(self) -> list[str]:
        """The pace the loop runs at, its quota share, the last cycle's requests, the size and its advice."""
        lines = []
        if self.pace:
            lines.append(f"Pace:            {self.pace}")
        if self.quota:
            lines.append(f"Quota share:     {self.quota}")
        if self.last_requests:
            lines.append(f"Last requests:   {self.last_requests}")
        if self.size is not None:
            lines.append(f"Workbook size:   {self.size.describe()}")
        if self.archive_suggestion:
            lines.append(f"Archive:         {self.archive_suggestion}")
        return lines


def sync_status(
    store: Store, kinds: Sequence[type[Record]], site_code: str | None, today: date | None = None
) -> SyncStatus:
    """Read the remembered outcomes, count what is waiting and list the open problems.

    Given ``today`` (the site's date), also say whether a closed year should be archived, from the
    workbook's size as the last cycle found it (:func:`desk.archive.archive_suggestion`).
    """
    prefix = f"{site_code}-" if site_code else ""
    with store.transaction() as tx:
        state = tx.site_state()
        pending = sum(tx.unsynced_count(kind, prefix) for kind in kinds)
        problems = tx.sync_problems()
        oldest_year = tx.oldest_live_year(DATED_FIELDS) if today is not None else None
    size = _size(state.get(WORKBOOK_SIZE))
    suggestion = None
    if size is not None and today is not None:
        tabs = [TabSize(tab, max(0, rows - 1), columns) for tab, rows, columns in size.per_tab]
        suggestion = archive_suggestion(tabs, oldest_year, today, google=size.cell_limit is not None)
    return SyncStatus(
        last_cycle_at=state.get(LAST_CYCLE_AT),
        last_good_at=state.get(LAST_GOOD_AT),
        last_good_summary=state.get(LAST_GOOD_SUMMARY),
        last_error_at=state.get(LAST_ERROR_AT),
        last_error=state.get(LAST_ERROR),
        pending=pending,
        problems=problems,
        last_read_at=state.get(LAST_READ_AT),
        last_read_summary=state.get(LAST_READ_SUMMARY),
        pace=state.get(PACE),
        quota=state.get(PACE_QUOTA) or None,
        last_requests=state.get(LAST_REQUESTS),
        size=size,
        archive_suggestion=suggestion,
    )


def _size(remembered: str | None) -> WorkbookSize | None:
    if not remembered:
        return None
    try:
        return size_from_json(json.loads(remembered))
    except (ValueError, TypeError, AttributeError):
        return None  # written by another version of lobbydesk: the next cycle writes it again


def _when(iso: str | None) -> str:
    if iso is None:
        return "never"
    return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M:%S %z")
