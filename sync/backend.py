"""The one seam between the sync and a workbook: a batched read and a batched write.

Every backend (in-memory, .xlsx, later Google Sheets) speaks in grids: a tab is a list of rows, each a
list of cell values, the header row first. A read returns no trailing empty rows, no trailing empty
cells in a row, and an empty cell as ``None``, so two backends holding the same sheet read the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from sync.formats import FoundFormat, TabFormat

CellValue = str | int | float | Decimal | bool | datetime | date | None


Row = list[CellValue]
Grid = list[Row]
# A tab as read: rows to look at, not to change (a large tab's rows may be unpacked afresh at each look).
ReadGrid = Sequence[Row]


class UnreadFormula(str):
    """A formula cell whose shown value the file did not keep: its text, marked so no column takes it."""


class WorkbookBusy(Exception):  # noqa: N818 - the name the sync contract uses
    """The workbook cannot be written just now (open in Excel, rate limited): try again next cycle."""


class WorkbookLocked(WorkbookBusy):
    """The workbook is open in an office suite (its lock file says so): writable once the version moves."""


class WorkbookUnavailable(Exception):  # noqa: N818 - the name the sync contract uses
    """The workbook cannot be used: missing folder, broken file, network down, refused."""


@dataclass(frozen=True)
class CellUpdate:
    """Write one value into an existing tab; row and column are 0-based over the tab's grid."""

    tab: str
    row: int
    column: int
    value: CellValue


@dataclass
class WriteBatch:
    """Everything one cycle writes, applied in this order: new tabs, cell updates, appended rows.

    ``new_tabs`` maps a tab to its header row; a tab that already exists is left as it is.
    ``updates`` may reach past the current end of a row or of the header (the grid grows).
    ``appends`` maps a tab to rows that go after its last non-empty row.
    """

    new_tabs: dict[str, list[str]] = field(default_factory=dict)
    updates: list[CellUpdate] = field(default_factory=list)
    appends: dict[str, Sequence[Row]] = field(default_factory=dict)

    def is_empty(self) -> bool:
        """True when there is nothing to write, so no request needs to be made."""
        return not self.new_tabs and not self.updates and not any(self.appends.values())

    def size(self) -> int:
        """How many changes the batch carries: tabs, cells and rows."""
        return len(self.new_tabs) + len(self.updates) + sum(len(rows) for rows in self.appends.values())


class WorkbookBackend(Protocol):
    """A workbook lobbydesk syncs with. Nothing happens on construction; I/O starts at :meth:`open`."""

    def open(self) -> None:
        """Get ready to read and write (connect, check the folder); raises WorkbookUnavailable."""

    def close(self) -> None:
        """Release what :meth:`open` took; safe to call twice."""

    def describe(self) -> str:
        """Where the workbook is, in words for a person, e.g. ``the workbook file /data/desk.xlsx``."""

    def read(self, tabs: Sequence[str]) -> dict[str, ReadGrid]:
        """Read all the named tabs in one request; a tab that does not exist is absent from the result."""

    def write(self, batch: WriteBatch) -> None:
        """Apply the whole batch in one request, or raise WorkbookBusy / WorkbookUnavailable.

        A batch over a service's size limit may go in several requests, in order (Google: over 10 MiB);
        when one of them fails, those before it stay applied, as after a write whose answer was lost.
        """


@runtime_checkable
class VersionedWorkbook(WorkbookBackend, Protocol):
    """A backend that tells cheaply whether the workbook may have changed, so an idle cycle reads nothing.

    The engine asks for the version before each read and skips the read while the version is the one
    it last merged and the store has nothing to send. A version must move with every change of the
    contents (staff's edits, other sites' writes, our own writes) and with anything that decides
    whether a write would be refused (an office suite's lock file); moving without a change only costs
    a read.
    """

    def version(self) -> str | None:
        """A token for the workbook as it is now (no values read); None when it cannot tell: read it."""


@runtime_checkable
class LookedAtWorkbook(Protocol):
    """A workbook that can be looked at for free (a local file's ``stat``), so a staff save is seen at once."""

    def look(self) -> str:
        """A token that moves whenever the workbook is saved or its lock files come and go (no contents read)."""


@runtime_checkable
class TabVersionedWorkbook(WorkbookBackend, Protocol):
    """A backend that tells each tab's version apart, so a cycle reads only the tabs that may have changed.

    A tab's version must move with every change of what a read of that tab gives (its cells, and
    anything its reading depends on, as the shared strings of an .xlsx file); moving without a change
    only costs a read. See :mod:`sync.settled`.
    """

    def tab_versions(self) -> dict[str, str]:
        """Each tab's version as the workbook is now (no values read); empty when it cannot tell."""

    def last_tab_versions(self) -> dict[str, str]:
        """Each tab's version as the last read found it or, for the tabs the last write changed, as it left it.

        A tab absent was not read, or a write changed it in a way the backend cannot vouch for.
        """

    def tab_versions_are_exact(self) -> bool:
        """True when a version is a digest of what a read of the tab gives, so it cannot miss a change."""


@runtime_checkable
class FormattableWorkbook(WorkbookBackend, Protocol):
    """A backend that can also make tabs look right for staff; used by provisioning, never by the sync.

    Formats name columns by header (staff may have moved them); a header the tab lacks is skipped.
    Both calls leave every value, and every format lobbydesk did not make, as it was.
    """

    def apply_formats(self, formats: Sequence[TabFormat]) -> None:
        """Freeze and filter the header row, size, shade, protect and give dropdowns, highlight rows.

        Tabs must exist already. Idempotent: a second call changes nothing. Column widths are set only
        where none is set yet, so staff's own widths stay. Raises WorkbookBusy / WorkbookUnavailable.
        """

    def read_formats(self, formats: Sequence[TabFormat]) -> dict[str, FoundFormat]:
        """How each of these tabs looks now, by tab name, in the words of :class:`FoundFormat`."""


def trim_grid(grid: Sequence[Sequence[CellValue]]) -> Grid:
    """A copy of a grid in read form: empty strings as None, no trailing empty cells or rows."""
    trimmed: Grid = [trimmed_row(row) for row in grid]
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    return trimmed


def trim_grid_in_place(grid: list[Row]) -> Grid:
    """The grid made into read form as :func:`trim_grid` makes it, each row replaced as it is trimmed.

    A large tab is not held twice: each row of the grid given is let go as its trimmed row takes its place.
    """
    for index, row in enumerate(grid):
        grid[index] = trimmed_row(row)
    while grid and not grid[-1]:
        grid.pop()
    return grid


def trimmed_row(raw_row: Sequence[CellValue]) -> Row:
    """A row in read form: empty strings as None, no trailing empty cells."""
    row = [value if value.__class__ is not str or value else None for value in raw_row]
    while row and row[-1] is None:
        row.pop()
    return row
