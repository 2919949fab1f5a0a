"""What one sync cycle did, counted, and said in one paragraph of plain English."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sync.merge import CellProblem, Conflict, TabPlan

# How many problems the one-line summary spells out before it only counts the rest.
PROBLEMS_SPELLED_OUT = 3


@dataclass
class CycleReport:
    """The outcome of one cycle: what was written, what was taken from the sheet, and what went wrong."""

    workbook: str
    started_at: datetime
    elapsed_seconds: float = 0.0
    reads: int = 0
    writes: int = 0
    unchanged: bool = False  # the workbook and the store were as the last full cycle left them: nothing read
    tabs_created: list[str] = field(default_factory=list)
    headers_restored: list[str] = field(default_factory=list)  # as "Tab: Header"
    rows_appended: int = 0
    rows_restored: int = 0
    cells_updated: int = 0  # in record tabs
    values_taken: int = 0
    ids_given: int = 0  # IDs written into rows staff added
    rows_adopted: int = 0  # rows numbered earlier, now in the store
    rows_mirrored: int = 0  # other sites' shared rows taken into the store
    rows_left_alone: int = 0  # rows without an ID that another site (or nobody) numbers
    settings_taken: list[str] = field(default_factory=list)  # Settings keys whose value changed
    conflicts: list[Conflict] = field(default_factory=list)
    rejected: list[CellProblem] = field(default_factory=list)  # open problems: values and rows not taken
    problems_listed: int = 0  # rows of this site in the Problems tab after the cycle
    problems_tab_changed: bool = False
    tabs_left_alone: list[str] = field(default_factory=list)  # one sentence per tab, with the reason
    busy: str | None = None  # the workbook could not be written now; the next cycle retries
    error: str | None = None  # the workbook could not be used at all
    unwritten_changes: int = 0

    @property
    def ok(self) -> bool:
        """True when the cycle reached the workbook and wrote everything it meant to."""
        return self.busy is None and self.error is None

    def count_taken(self, plan: TabPlan) -> None:
        """Count what a tab's plan took from the sheet into the store (true even if the write fails)."""
        self.values_taken += plan.values_taken
        self.rows_adopted += plan.rows_adopted
        self.rows_mirrored += plan.rows_mirrored
        self.rows_left_alone += plan.rows_left_alone
        self.conflicts.extend(plan.conflicts)
        self.rejected.extend(plan.problems)
        if plan.blocked:
            self.tabs_left_alone.append(f"left tab {plan.tab} alone ({plan.blocked})")

    def count_written(self, plan: TabPlan) -> None:
        """Count what a tab's plan changed in the workbook, once the write went through."""
        if plan.new_tab_headers is not None:
            self.tabs_created.append(plan.tab)
        self.headers_restored.extend(f"{plan.tab}: {u.value}" for u in plan.header_updates)
        self.rows_appended += plan.rows_appended
        self.rows_restored += plan.rows_restored
        self.ids_given += plan.ids_given
        self.cells_updated += len(plan.cell_updates) - plan.ids_given

    def count_problems_tab(self, plan: TabPlan, listed: int) -> None:
        """Note the Problems tab as written: how many rows it lists, and whether it changed."""
        if plan.new_tab_headers is not None:
            self.tabs_created.append(plan.tab)
        self.headers_restored.extend(f"{plan.tab}: {u.value}" for u in plan.header_updates)
        self.problems_listed = listed
        self.problems_tab_changed = bool(plan.cell_updates or plan.appends)

    def summary(self) -> str:
        """One paragraph for a person, e.g. for ``lobbydesk sync --once``."""
        done = "; ".join(self._what_was_done())
        writes = _count(self.writes, "write") if self.writes else "no write"
        reads = "unchanged: nothing read" if self.unchanged else _count(self.reads, "read")
        timing = f"in {self.elapsed_seconds:.2f} s ({reads}, {writes})"
        if self.ok:
            return f"Synced {self.workbook} {timing}: {done or 'nothing to change'}.{self._not_taken()}"
        if self.error is not None:
            text = f"Could not sync with {self.workbook} {timing}: {self.error}. Nothing is lost: "
            text += "the store keeps every change and the next cycle tries again."
        else:
            waiting = _count(self.unwritten_changes, "change") if self.unwritten_changes else "the changes"
            text = f"Could not write to {self.workbook} {timing}: {self.busy}. Nothing is lost: "
            text += f"{waiting} will be written on the next cycle."
        if done:
            text += f" Before that, lobbydesk {done}."
        return text + self._not_taken()

    def _not_taken(self) -> str:
        """The open problems spelled out (the first few), as a sentence of their own."""
        if not self.rejected:
            return ""
        spelled = "; ".join(problem.describe() for problem in self.rejected[:PROBLEMS_SPELLED_OUT])
        more = len(self.rejected) - PROBLEMS_SPELLED_OUT
        return f" Not taken: {spelled}" + (f"; and {more} more." if more > 0 else ".")

    def _what_was_done(self) -> list[str]:
        done = []
        if self.tabs_created:
            done.append(f"created {_count(len(self.tabs_created), 'tab')} ({', '.join(self.tabs_created)})")
        if self.headers_restored:
            restored = ", ".join(self.headers_restored)
            done.append(f"put back {_count(len(self.headers_restored), 'missing header')} ({restored})")
        if self.rows_appended:
            done.append(f"appended {_count(self.rows_appended, 'new row')}")
        if self.rows_restored:
            done.append(f"restored {_count(self.rows_restored, 'deleted row')}")
        if self.cells_updated:
            done.append(f"updated {_count(self.cells_updated, 'cell')}")
        if self.ids_given:
            done.append(f"gave {_count(self.ids_given, 'new row')} an ID")
        if self.values_taken:
            done.append(f"took {_count(self.values_taken, 'value')} typed in the sheet")
        if self.rows_adopted:
            done.append(f"took {_count(self.rows_adopted, 'row')} staff added")
        if self.rows_mirrored:
            done.append(f"took {_count(self.rows_mirrored, 'shared row')} another site keeps")
        if self.settings_taken:
            done.append(f"took the setting(s) {', '.join(self.settings_taken)}")
        if self.conflicts:
            done.append(f"settled {_count(len(self.conflicts), 'conflict')} (the column's owner won)")
        if self.rejected:
            done.append(f"listed {_count(len(self.rejected), 'problem')} in the Problems tab")
        done.extend(self.tabs_left_alone)
        if self.rows_left_alone:
            done.append(f"left alone {_count(self.rows_left_alone, 'row')} without an ID for another site")
        return done


def _count(number: int, noun: str) -> str:
    """``1 row``, ``3 rows``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
