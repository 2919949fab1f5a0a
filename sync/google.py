"""The Google Sheets backend: a spreadsheet read in one ``values.batchGet`` and written in one ``batchUpdate``.

Requests per sync cycle:

- read: one ``values.batchGet`` of every synced tab that exists (a site of more than half a million
  cells: one for each half million or so, each answer parsed before the next is asked for). The list
  of tabs (with their numeric ids) is fetched by the first read and again only when a tab lobbydesk
  syncs is missing from it or the sheet refused a range: one more request in those cycles only;
- write: one ``spreadsheets.batchUpdate`` carrying new tabs, cell updates and appended rows together,
  which Google applies all or nothing; none when there is nothing to write. Google refuses a body over
  10 MiB, so a write larger than that (a large site's first sync) goes in several, in order
  (:mod:`sync.google_bodies`); the next cycle finishes one cut short.

So a cycle costs one request to read and a busy one two, three at most. Before it, Drive's metadata
of the spreadsheet (its ``version``) says whether anything changed: an idle cycle costs that one
request and reads no values (Drive's quota, not Sheets'). If Drive refuses (its API not enabled in
the service account's project), every cycle reads, as before, and Drive is asked again an hour later.
A write whose answer is lost
is not sent again if it adds rows or tabs: the next cycle reads the sheet, finds the IDs already
there, and so never appends a row twice. Staff sorting or inserting rows in the moment between our
read and our write would make cell updates land on the wrong rows; :mod:`sync.google_guard` checks
the rows the write touched (their contents come back in the write's own answer) and moves stray
values back where they belong.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from sync.backend import ReadGrid, WorkbookBusy, WorkbookUnavailable, WriteBatch, trim_grid_in_place
from sync.formats import FoundFormat, TabFormat
from sync.google_bodies import BODY_LIMIT, request_bodies
from sync.google_formats import STATE_FIELDS, TabState, format_requests, found_formats, parse_state, state_ranges
from sync.google_guard import Guard
from sync.google_http import RetryPolicy, SheetsApi, SheetsRefusal, sheets_http_client
from sync.google_requests import NEW_TAB_ROWS, TabInfo, a1_tab, grid_size_of, plan_write
from sync.pace import RequestTally
from sync.packed_grid import PACK_FROM_CELLS, packed_if_large
from sync.size import GOOGLE_CELL_LIMIT, WorkbookSize, size_of_tabs

TAB_FIELDS = "sheets.properties(sheetId,title,gridProperties(rowCount,columnCount))"
ASK_DRIVE_AGAIN_AFTER = 3600.0  # seconds, after Drive refused to say a version
# A read's answer is parsed whole: the archived large demo's 1.86 million cells in one answer took the
# sync child past 380 MiB. A site under this many cells is read in one request.
READ_CELLS = 500_000

log = logging.getLogger(__name__)


class GoogleSheetsWorkbook:
    """One Google spreadsheet, by key; nothing is read or signed in until :meth:`open`."""

    def __init__(
        self,
        key: str,
        *,
        service_account: Path | None = None,
        api_base: str = "",
        retry: RetryPolicy | None = None,
        timeout: tuple[float, float] = (5.0, 30.0),
        new_sheet_id: Callable[[], int] | None = None,
        packed_from: int = PACK_FROM_CELLS,
        body_limit: int = BODY_LIMIT,
        read_cells: int = READ_CELLS,
    ) -> None:
        """``packed_from``: a tab read with at least this many cells is held packed (:mod:`sync.packed_grid`).

        ``body_limit``: the most bytes a write sends in one request (Google refuses over 10 MiB).
        ``read_cells``: about how many cells a read asks for in one request (see :meth:`_read_values`).
        """
        self.key = key
        self._packed_from = packed_from
        self._body_limit = body_limit
        self._read_cells = read_cells
        self.service_account = service_account
        self.api_base = api_base.rstrip("/")
        self.retry = retry or RetryPolicy()
        self.timeout = timeout
        self._new_sheet_id = new_sheet_id or (lambda: random.randrange(1, 2**31 - 1))  # noqa: S311 - not a secret
        self._api: SheetsApi | None = None
        self._tabs: dict[str, TabInfo] | None = None  # None: look again before the next read
        self._last_read: dict[str, ReadGrid] = {}  # what the engine planned the coming write on
        self._tabs_just_fetched = False  # no read since the list of tabs was fetched: no need to fetch it again
        self._drive_refused_at: float | None = None  # when Drive last refused a version, on the retry policy's clock
        # Drive's version is the whole spreadsheet's: it is every tab's version (see tab_versions).
        self._version_asked: str | None = None  # Drive's last answer
        self._versions_read: dict[str, str] = {}
        self._cells_read: dict[str, int] = {}  # by tab name in lower case: how many cells its last read gave

    def open(self) -> None:
        """Load the service account's key; nothing goes over the network yet, so a site starts offline too."""
        client = sheets_http_client(service_account=self.service_account, api_base=self.api_base, timeout=self.timeout)
        self._api = SheetsApi(self.key, client, self.retry)
        self._tabs = None

    def close(self) -> None:
        """Close the connection; safe to call twice."""
        if self._api is not None:
            self._api.client.session.close()
        self._api = None
        self._tabs = None
        self._last_read = {}

    def describe(self) -> str:
        """In words for a person."""
        where = f" (Sheets API at {self.api_base})" if self.api_base else ""
        return f"the Google spreadsheet {self.key}{where}"

    def version(self) -> str | None:
        """The spreadsheet's Drive version, which moves with every change; None while Drive refuses to say."""
        api = self._require_open()
        refused_at = self._drive_refused_at
        if refused_at is not None and self.retry.clock() - refused_at < ASK_DRIVE_AGAIN_AFTER:
            return None
        try:
            answer = api.file_version()
        except SheetsRefusal as refusal:
            self._drive_refused_at = self.retry.clock()
            log.warning("Drive did not give the spreadsheet's version, so every sync cycle reads it: %s", refusal)
            return None
        self._drive_refused_at = None
        version = answer.get("version")
        self._version_asked = None if version is None else str(version)
        return self._version_asked

    def tab_versions(self) -> dict[str, str]:
        """Every known tab's version: the spreadsheet's, as Drive last gave it (no request of its own).

        While it stays, nobody changed any tab, so a cycle reads only the tabs with something to send.
        """
        if self._version_asked is None or self._tabs is None:
            return {}
        return {info.title: self._version_asked for info in self._tabs.values()}

    def tab_versions_are_exact(self) -> bool:
        """False: Drive's version may lag an edit in Sheets."""
        return False

    def last_tab_versions(self) -> dict[str, str]:
        """The version asked before the last read, for the tabs it read; none after a write (Drive moves with it).

        A change made between that question and the read is read but labelled with the older version: the
        next cycle finds the version moved and reads every tab again, which is the safe way round.
        """
        return dict(self._versions_read)

    def read(self, tabs: Sequence[str]) -> dict[str, ReadGrid]:
        """Read the named tabs that exist in one values.batchGet."""
        api = self._require_open()
        if self._tabs is None or (any(self._known(name) is None for name in tabs) and not self._tabs_just_fetched):
            self._tabs = self._fetch_tabs()  # a tab may have been added (by staff, another site) since
        self._tabs_just_fetched = False
        try:
            grids = self._read_values(api, [name for name in tabs if self._known(name)])
        except SheetsRefusal as refusal:
            if refusal.code != 400:
                raise
            self._tabs = self._fetch_tabs()  # a tab was deleted or renamed since: ask which ones exist now
            grids = self._read_values(api, [name for name in tabs if self._known(name)])
        self._last_read = grids
        version = self._version_asked
        self._versions_read = {} if version is None else dict.fromkeys(grids, version)
        return dict(grids)

    def write(self, batch: WriteBatch) -> None:
        """Apply the whole batch in one spreadsheets.batchUpdate (more if it is over Google's size limit).

        Raises WorkbookBusy / WorkbookUnavailable.
        """
        api = self._require_open()
        self._versions_read = {}
        if batch.is_empty():
            return
        planned_on, self._last_read = self._last_read, {}  # after this write its positions are out of date
        if self._tabs is None:
            self._tabs = self._fetch_tabs()
        named = {update.tab for update in batch.updates} | set(batch.appends) | set(batch.new_tabs)
        known = {name: info for name in named if (info := self._known(name)) is not None}
        missing = sorted(named - set(known) - set(batch.new_tabs))
        if missing:
            raise WorkbookUnavailable(f"the spreadsheet has no tab {missing[0]!r} to write to")
        plan = plan_write(batch, known, self._new_sheet_id)
        if not plan.requests:
            return  # only tabs that exist already, which are left as they are
        # A large write (a first sync) goes in several bodies: see sync.google_bodies for a failure between them.
        guard = Guard(batch, planned_on, {name: info.title for name, info in plan.tabs_after.items()})
        answer: dict[str, Any] = {}
        sent = 0
        try:
            for body in request_bodies(plan.requests, extra=guard.response_request(), limit=self._body_limit):
                fields = guard.response_fields() if body.last else "spreadsheetId"
                answer = api.batch_update(body.data, fields=fields, repeatable=body.repeatable)
                sent += 1
        except SheetsRefusal as refusal:
            self._tabs = None  # the sheet is not what we thought (a tab appeared, the grid shrank): look again
            _log_partly_applied(sent)
            if "already exists" in refusal.google_message:
                raise WorkbookBusy(
                    f"a tab lobbydesk wanted to create appeared in the spreadsheet since the read "
                    f"({refusal.google_message}); the next cycle reads it"
                ) from refusal
            raise
        except (WorkbookBusy, WorkbookUnavailable):
            self._tabs = None
            _log_partly_applied(sent)
            raise
        self._note(plan.tabs_after)
        for title, rows in batch.appends.items():  # the next read's answer is this much larger
            if rows and (info := plan.tabs_after.get(title)) is not None:
                key = info.title.casefold()
                self._cells_read[key] = self._cells_read.get(key, 0) + len(rows) * len(rows[0])
        fixes = guard.corrections(answer, lambda names: self._read_values(api, names))
        if fixes:
            # Rare (staff reordered rows during the write): one more read and one more write, both repeatable.
            now = {name: info for name in plan.tabs_after if (info := self._known(name)) is not None}  # as just read
            fix_plan = plan_write(WriteBatch(updates=fixes), now, self._new_sheet_id)
            for body in request_bodies(fix_plan.requests, limit=self._body_limit):
                api.batch_update(body.data, fields="spreadsheetId", repeatable=True)
            self._note(fix_plan.tabs_after)

    def take_tally(self) -> RequestTally:
        """The requests sent since the last call (Sheets reads and writes, Drive version checks, 429s)."""
        if self._api is None:
            return RequestTally()
        tally, self._api.tally = self._api.tally, RequestTally()
        return tally

    def size(self) -> WorkbookSize | None:
        """Every tab's grid (rows x columns, empty cells too) as last seen, against Google's 10,000,000 cells."""
        if self._tabs is None:
            return None
        tabs = {info.title: (info.rows, info.columns) for info in self._tabs.values()}
        return size_of_tabs(tabs, cell_limit=GOOGLE_CELL_LIMIT)

    # --- formats, for provisioning (``lobbydesk workbook init`` and ``check``) ---

    def apply_formats(self, formats: Sequence[TabFormat]) -> None:
        """Make the tabs look as staff should find them, in one read and one write (none if nothing drifted)."""
        api = self._require_open()
        states = self._format_states(api, formats)
        missing = [wanted.tab for wanted in formats if wanted.tab.casefold() not in states]
        if missing:
            raise WorkbookUnavailable(f"the spreadsheet has no tab {missing[0]!r} to format")
        requests = format_requests(formats, states)
        if requests:
            # Not repeatable: rules and protections are added, and a lost answer would add them twice.
            for body in request_bodies(requests, limit=self._body_limit):
                api.batch_update(body.data, fields="spreadsheetId", repeatable=False)

    def read_formats(self, formats: Sequence[TabFormat]) -> dict[str, FoundFormat]:
        """How each of these tabs looks now, by tab name."""
        return found_formats(formats, self._format_states(self._require_open(), formats))

    def _format_states(self, api: SheetsApi, formats: Sequence[TabFormat]) -> dict[str, TabState]:
        if self._tabs is None:
            self._tabs = self._fetch_tabs()
        titles = [info.title for wanted in formats if (info := self._known(wanted.tab)) is not None]
        if not titles:
            return {}
        return parse_state(api.spreadsheet(STATE_FIELDS, state_ranges(titles)))

    # --- inside ---

    def _require_open(self) -> SheetsApi:
        if self._api is None:
            raise WorkbookUnavailable(f"{self.describe()} was not opened")
        return self._api

    def _known(self, name: str) -> TabInfo | None:
        """The tab called ``name``, found as Google finds names: whatever their case."""
        return None if self._tabs is None else self._tabs.get(name.casefold())

    def _note(self, tabs: dict[str, TabInfo]) -> None:
        """Remember tabs as a write left them (new ones, bigger grids)."""
        if self._tabs is not None:
            self._tabs.update({info.title.casefold(): info for info in tabs.values()})
        self._tabs_just_fetched = False

    def _fetch_tabs(self) -> dict[str, TabInfo]:
        """The spreadsheet's tabs by their name in lower case (Google allows no two names differing in case)."""
        answer = self._require_open().spreadsheet(TAB_FIELDS)
        self._tabs_just_fetched = True
        tabs = {}
        for sheet in answer.get("sheets", []):
            properties = sheet.get("properties", {})
            grid = properties.get("gridProperties", {})
            if "title" in properties:
                title = str(properties["title"])
                tabs[title.casefold()] = TabInfo(
                    int(properties.get("sheetId", 0)),
                    int(grid.get("rowCount", 0)),
                    int(grid.get("columnCount", 0)),
                    title,
                )
        return tabs

    def _read_values(self, api: SheetsApi, names: list[str]) -> dict[str, ReadGrid]:
        """The named tabs' values (they must exist), noting each tab's grid size on the way.

        An answer is parsed whole, so the tabs are asked for in groups of about ``read_cells`` cells (by
        their grids as last seen), each group parsed and its large tabs packed before the next is asked for.
        """
        grids: dict[str, ReadGrid] = {}
        for group in read_groups(names, self._cells_to_read, self._read_cells):
            grids |= self._read_group(api, group)
        return grids

    def _cells_to_read(self, name: str) -> int:
        """About how many cells a read of the tab answers: as many as the last read, else its grid past a new tab's."""
        info = self._known(name)
        if info is None:
            return 0
        return self._cells_read.get(info.title.casefold(), max(0, info.rows - NEW_TAB_ROWS) * info.columns)

    def _read_group(self, api: SheetsApi, names: list[str]) -> dict[str, ReadGrid]:
        infos = [self._known(name) for name in names]
        titles = [info.title if info else name for name, info in zip(names, infos, strict=True)]
        value_ranges = api.values([a1_tab(title) for title in titles])
        if len(value_ranges) != len(names):
            raise WorkbookUnavailable(f"Google Sheets answered {len(value_ranges)} ranges for {len(names)} tabs")
        grids: dict[str, ReadGrid] = {}
        for name, info, value_range in zip(names, infos, value_ranges, strict=True):
            # The answer's own lists, trimmed in place and let go as they are packed: a tab is not held twice.
            rows = trim_grid_in_place(value_range.pop("values", []))
            if info is not None:
                self._cells_read[info.title.casefold()] = sum(len(row) for row in rows)
            grids[name] = packed_if_large(rows, self._packed_from)
            size = grid_size_of(str(value_range.get("range", "")))
            if size is not None and info is not None and self._tabs is not None:
                self._tabs[info.title.casefold()] = replace(info, rows=size[0], columns=size[1])
        return grids


def read_groups(names: Sequence[str], cells_of: Callable[[str], int], most: int) -> list[list[str]]:
    """The tabs in order, in groups of at most ``most`` cells; a tab larger than that alone in its group."""
    groups: list[list[str]] = []
    cells = 0
    for name in names:
        size = cells_of(name)
        if not groups or (groups[-1] and cells + size > most):
            groups.append([])
            cells = 0
        groups[-1].append(name)
        cells += size
    return groups


def _log_partly_applied(bodies_sent: int) -> None:
    if bodies_sent:
        log.warning("a write was cut short after %d of its requests had been applied; the next cycle reads "
                    "what landed and sends the rest", bodies_sent)
