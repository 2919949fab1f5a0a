"""Workbook URLs: where a site's workbook lives, and the backend that reads and writes it there.

``xlsx:///srv/desk.xlsx``, ``gsheets://SPREADSHEET_KEY`` or ``memory://``. Parsing touches nothing;
the backend is built here but opened by its owner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Literal
from urllib.parse import unquote, urlsplit

from sync.backend import WorkbookBackend

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
    url: str, *, google_service_account: Path | None = None, google_api_base: str = "", xlsx_read_helper: bool = True
) -> WorkbookBackend:
    """The backend a workbook URL names, not yet opened (no I/O happens here).

    A ``gsheets://`` workbook signs in with the service account's JSON key file; ``google_api_base``
    sends its requests elsewhere than Google (the Sheets fake), and then the key file may be left out.
    ``xlsx_read_helper``: an .xlsx workbook's large reads share their tabs with a helper process.
    """
    parsed = parse_workbook_url(url)
    if parsed.scheme == "xlsx":
        from sync.xlsx import XlsxWorkbook  # deferred: openpyxl is only imported when an .xlsx is used

        assert parsed.path is not None
        return XlsxWorkbook(parsed.path) if xlsx_read_helper else XlsxWorkbook(parsed.path, helper_from=None)
    if parsed.scheme == "memory":
        from sync.memory import MemoryWorkbook

        return MemoryWorkbook()
    from sync.google import GoogleSheetsWorkbook  # deferred: gspread and google-auth only when Google is used

    assert parsed.key is not None
    return GoogleSheetsWorkbook(parsed.key, service_account=google_service_account, api_base=google_api_base)
