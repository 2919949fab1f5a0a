"""How the sync is doing, remembered in the store after every cycle: for ``lobbydesk sync --status``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from desk.records import Record
from desk.site_settings import STATE_KEY
from desk.store import Store, SyncProblem, Transaction

if TYPE_CHECKING:
    from sync.report import CycleReport

SITE_SETTINGS_KEY = STATE_KEY
LAST_CYCLE_AT = "sync.last_cycle_at"
LAST_GOOD_AT = "sync.last_good_at"
LAST_GOOD_SUMMARY = "sync.last_good_summary"
LAST_READ_AT = "sync.last_read_at"
LAST_READ_SUMMARY = "sync.last_read_summary"
LAST_ERROR_AT = "sync.last_error_at"
LAST_ERROR = "sync.last_error"
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


def sync_status(store: Store, kinds: Sequence[type[Record]], site_code: str | None) -> SyncStatus:
    """Read the remembered outcomes, count what is waiting and list the open problems."""
    prefix = f"{site_code}-" if site_code else ""
    with store.transaction() as tx:
        state = tx.site_state()
        pending = sum(tx.unsynced_count(kind, prefix) for kind in kinds)
        problems = tx.sync_problems()
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
    )


def _when(iso: str | None) -> str:
    if iso is None:
        return "never"
    return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M:%S %z")
