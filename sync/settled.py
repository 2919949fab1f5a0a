"""Tabs whose last merge still stands, so a cycle need not read them: :mod:`sync.idle`, tab by tab.

A tab's merge is a function of its cells, the store's records of its kind, the cells agreed on, the
units and whose rows are whose (:class:`sync.sheet.Ownership`). While the tab's version (see
:class:`sync.backend.TabVersionedWorkbook`) is the one its last merge left, no record of its kind was
written since, and the rest is as it was, merging it again would plan nothing and find the same
problems: the engine leaves the tab unread and carries its problems over. On the large demo that is
what keeps a queue number from parsing five years of charges. When the only records written since
are new ones (a number taken, a repair filed), the tab is still left unread: as its version says it
is as last merged, they are not in it, and their rows are appended under its header row as it was.

Only a merge that settles its tab leaves a mark: one that gave no IDs, adopted or mirrored no rows,
restored no headers, made no new tab, and raised no notice or conflict (each of those shows its
effect only in a later cycle). Every mark goes when its tab is merged again; after
:data:`~sync.idle.FULL_CYCLE_AT_LEAST_EVERY` where a version may miss a change (Google's Drive
version), after :data:`EXACT_VERSIONS_TRUSTED_FOR` where it is a digest of the tab (.xlsx: a tab
is parsed again only when its bytes change); and all go at once when the context moves: another
process synced (the agreed cells were loaded again), a unit changed, or the Settings tab gave rows to
another site.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sync.backend import CellValue
from sync.merge import CellProblem, TabPlan
from sync.sheet import Ownership

# A mark on a version that is a digest of the tab cannot miss a change; it is dropped now and then only
# as a net under our own mistakes (a full parse of the large demo's workbook: 27 s of CPU).
EXACT_VERSIONS_TRUSTED_FOR = timedelta(hours=6)


@dataclass(frozen=True)
class MergeContext:
    """What every tab's merge depends on besides its own cells and records."""

    ownership: Ownership
    units_version: int


@dataclass(frozen=True)
class SettledTab:
    """A tab as its last merge left it: nothing to do while its version and its kind's records stay."""

    version: str
    store_revision: int  # the store's newest revision when the merge was done
    problems: tuple[CellProblem, ...]
    merged_at: datetime
    header_row: tuple[CellValue, ...]  # where its columns are: a record new since is appended unread


def settles(plan: TabPlan) -> bool:
    """True when merging the tab again right after this plan (once written) would plan nothing new."""
    return (
        plan.blocked is None
        and plan.new_tab_headers is None
        and not plan.header_updates
        and not plan.notices
        and not plan.conflicts
        and plan.ids_given == plan.rows_adopted == plan.rows_mirrored == plan.rows_restored == 0
    )


class SettledTabs:
    """The marks of settled tabs, by tab, and the context they were made in."""

    def __init__(self) -> None:
        self._marks: dict[str, SettledTab] = {}
        self._context: MergeContext | None = None

    def standing(self, versions: Mapping[str, str], now: datetime, every: timedelta) -> dict[str, SettledTab]:
        """The marks that still stand for the tabs' versions now, none older than ``every``.

        The caller checks the records written since.
        """
        standing = {}
        for tab, mark in list(self._marks.items()):
            if not mark.merged_at <= now < mark.merged_at + every:  # a clock put back counts as time up
                del self._marks[tab]
            elif versions.get(tab) == mark.version:
                standing[tab] = mark
        return standing

    def enter(self, context: MergeContext) -> bool:
        """Start a merge in this context; False (and every mark dropped) when it is not the marks' context."""
        held = context == self._context
        if not held:
            self._marks.clear()
            self._context = context
        return held

    def mark(self, tab: str) -> SettledTab | None:
        """The tab's mark, if it has one."""
        return self._marks.get(tab)

    def problems(self, tab: str) -> list[CellProblem]:
        """The problems the tab's last merge found, carried while it is left unread."""
        mark = self._marks.get(tab)
        return list(mark.problems) if mark is not None else []

    def merged(
        self, tab: str, plan: TabPlan, version: str | None, store_revision: int, now: datetime,
        header_row: Sequence[CellValue],
    ) -> None:
        """Mark a tab just merged (and written) as settled at this version, or forget it if it is not."""
        if version is None or not header_row or not settles(plan):
            self._marks.pop(tab, None)
            return
        self._marks[tab] = SettledTab(version, store_revision, tuple(plan.problems), now, tuple(header_row))

    def forget(self, tab: str) -> None:
        """Drop one tab's mark: it is being merged, and only a merge that went through leaves a new one."""
        self._marks.pop(tab, None)

    def clear(self) -> None:
        """Forget every mark: the next cycle reads every tab."""
        self._marks.clear()
        self._context = None
