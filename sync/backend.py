"""The one seam between the sync and a workbook: a batched read, a batched write, and workbook URLs.

Every backend (in-memory, .xlsx, later Google Sheets) speaks in grids: a tab is a list of rows, each a
list of cell values, the header row first. A read returns no trailing empty rows, no trailing empty
cells in a row, and an empty cell as ``None``, so two backends holding the same sheet read the same.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from sync.formats import FoundFormat, TabFormat

CellValue = str | int | float | Decimal | bool | datetime | date | None


Row = list[CellValue]
Grid = list[Row]


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
    appends: dict[str, list[Row]] = field(default_factory=dict)

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

    def read(self, tabs: Sequence[str]) -> dict[str, Grid]:
        """Read all the named tabs in one request; a tab that does not exist is absent from the result."""

    def write(self, batch: WriteBatch) -> None:
        """Apply the whole batch in one request, or raise WorkbookBusy / WorkbookUnavailable."""


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
    trimmed: Grid = []
    for raw_row in grid:
        row = [value if value.__class__ is not str or value else None for value in raw_row]
        while row and row[-1] is None:
            row.pop()
        trimmed.append(row)
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    return trimmed


WorkbookScheme = Literal["xlsx", "gsheets", "memory"]

ACCEPTED_FORMS = "xlsx:///absolute/path/workbook.xlsx, gsheets://SPREADSHEET_KEY or memory://"
SPREADSHEET_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
WINDOWS_DRIVE_PATH = re.compile(r"^/[A-Za-z]:[/\\]")


@dataclass(frozen=True)
class WorkbookUrl:
    """Where the workbook lives, parsed: an .xlsx file path, a Google spreadsheet key, or memory."""

    scheme: WorkbookScheme
    path: Path | None = None
    key: str | None = None


def parse_workbook_url(url: str) -> WorkbookUrl:
    """Parse a workbook URL without touching anything; raises ValueError naming the accepted forms."""
    problem = f"workbook URL {url!r} is not understood; use {ACCEPTED_FORMS}"
    parts = urlsplit(url.strip())
    if parts.query or parts.fragment:
        raise ValueError(problem)
    if parts.scheme == "memory" and not parts.netloc and parts.path in ("", "/"):
        return WorkbookUrl("memory")
    if parts.scheme == "gsheets" and SPREADSHEET_KEY.match(parts.netloc) and parts.path in ("", "/"):
        return WorkbookUrl("gsheets", key=parts.netloc)
    if parts.scheme == "xlsx" and not parts.netloc:
        raw_path = unquote(parts.path)
        # xlsx:///C:/Desk/workbook.xlsx names a Windows drive; the leading slash belongs to the URL.
        if WINDOWS_DRIVE_PATH.match(raw_path):
            raw_path = raw_path[1:]
        absolute = PurePosixPath(raw_path).is_absolute() or PureWindowsPath(raw_path).is_absolute()
        if absolute and raw_path.lower().endswith(".xlsx"):
            return WorkbookUrl("xlsx", path=Path(raw_path))
    raise ValueError(problem)


def backend_from_url(
    url: str, *, google_service_account: Path | None = None, google_api_base: str = ""
) -> WorkbookBackend:
    """The backend a workbook URL names, not yet opened (no I/O happens here).

    A ``gsheets://`` workbook signs in with the service account's JSON key file; ``google_api_base``
    sends its requests elsewhere than Google (the Sheets fake), and then the key file may be left out.
    """
    parsed = parse_workbook_url(url)
    if parsed.scheme == "xlsx":
        from sync.xlsx import XlsxWorkbook  # deferred: openpyxl is only imported when an .xlsx is used

        assert parsed.path is not None
        return XlsxWorkbook(parsed.path)
    if parsed.scheme == "memory":
        from sync.memory import MemoryWorkbook

        return MemoryWorkbook()
    from sync.google import GoogleSheetsWorkbook  # deferred: gspread and google-auth only when Google is used

    assert parsed.key is not None
    return GoogleSheetsWorkbook(parsed.key, service_account=google_service_account, api_base=google_api_base)
