"""A stateful fake of the Google Sheets v4 REST API on 127.0.0.1, for gspread and lobbydesk to talk to.

Start it in the test process::

    with SheetsFake.running() as fake:                  # an ephemeral port on 127.0.0.1
        book = fake.add_spreadsheet("desk-key")         # a spreadsheet with one empty "Sheet1"
        backend = fake.backend("desk-key")              # GoogleSheetsWorkbook(key, api_base=fake.api_base)
        client = fake.gspread_client()                  # plain gspread, e.g. client.open_by_key("desk-key")

or as a separate process (``docs/operations.md``; :mod:`tests.sync.sheets_fake_process` drives one)::

    uv run python -m tests.sync.sheets_fake --port 8765 --key lobbydesk-demo
    LOBBYDESK_WORKBOOK=gsheets://lobbydesk-demo LOBBYDESK_GOOGLE_API_BASE=http://127.0.0.1:8765 lobbydesk ...

What it serves (``/v4/spreadsheets/...``): spreadsheets.get (sheet properties, protected ranges, basic
filter, conditional formats; grid data with ``includeGridData``), spreadsheets.batchUpdate (all or
nothing: addSheet, deleteSheet, updateSheetProperties, updateSpreadsheetProperties, updateCells,
appendCells, appendDimension, insertDimension, deleteDimension, moveDimension, sortRange,
updateDimensionProperties, setDataValidation, repeatCell, add/update/deleteProtectedRange,
set/clearBasicFilter, add/update/deleteConditionalFormatRule; ``includeSpreadsheetInResponse`` with
``responseRanges``), values.get/batchGet (FORMATTED_VALUE, UNFORMATTED_VALUE, FORMULA; ROWS or COLUMNS),
values.update/batchUpdate/append (RAW or USER_ENTERED: with USER_ENTERED ``=1+1`` becomes a formula
whose value is 2; with RAW it stays text; append with INSERT_ROWS or OVERWRITE), values.clear/batchClear.
Drive v3 ``files.get`` (``/drive/v3/files/KEY``) answers a spreadsheet's ``version`` and ``modifiedTime``
(as many of the two as ``fields`` names): the version moves with every write request and every staff
edit made through :class:`~tests.sync.sheets_fake_view.SpreadsheetView` (not with a FakeSheet changed
directly). Errors come in Google's format ``{"error": {"code", "message", "status"}}``. Writes outside the grid
are refused ("exceeds grid limits"), as Google does. Only arithmetic formulas are computed; any other
formula's value reads as ``#N/A``. Typed dates stay text.

Counting: ``fake.requests`` is a Counter by kind (``"values.batchGet"``, ``"spreadsheets.batchUpdate"``,
``"values.append"`` ...), ``fake.batch_requests`` counts the requests inside batchUpdates (``"addSheet"``),
``fake.log`` lists every request; ``fake.reset_counts()``. Every request counts, failed ones too.

Faults, each taken by the next request of the given kind (any kind when None), ``times`` in a row::

    fake.inject(rate_limited(retry_after=7))                # 429 RESOURCE_EXHAUSTED, Retry-After: 7
    fake.inject(server_error(503), on="spreadsheets.batchUpdate", times=3)
    fake.inject(slow(0.5))                                  # answers after 0.5 s (the request is applied)
    fake.inject(dropped_connection())                       # closes the connection; nothing applied
    fake.inject(answer_lost(), on="spreadsheets.batchUpdate")   # applied, then the connection closes
    fake.quota_per_minute = 60      # 429 beyond Google's per-user quota: 60 reads and, apart, 60 writes a minute
    fake.quota_clock = lambda: t    # the quota's clock (time.monotonic by default); fake.quota_refusals counts 429s

Staff at work, between any two requests::

    fake.before("spreadsheets.batchUpdate", lambda: book.sort_rows("Queue", "Number", descending=True))
    book.type_into("Queue", row_id="SUNNY-T000001", header="Status", value="called")  # as typed in a browser
    book.type_cell("Queue", 1, 3, "=1+1")           # 0-based row and column; becomes a formula
    book.insert_row("Queue", 2); book.delete_row("Queue", 1); book.move_rows("Queue", 1, 2, to=5)
    book.move_column("Queue", "Status", 0); book.insert_column("Queue", 2, "Note"); book.delete_column(...)
    book.load_tab("Queue", rows)  # fill a tab fast (values as given), e.g. 50,000 rows for a benchmark
    book.tab("Queue")         # the grid as lobbydesk reads it: formulas as their text, empty cells None
    book.cell("Queue", 1, 3)  # what the cell holds: a value, or a Formula("=1+1")
    book.sheet("Queue")       # the FakeSheet: properties, validations, protected ranges, formats ...
"""

from __future__ import annotations

import argparse
import re
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from tests.sync.sheets_fake_cells import SheetsApiError, invalid
from tests.sync.sheets_fake_grid import spreadsheet_resource
from tests.sync.sheets_fake_http import (
    READING_KINDS,
    FakeHandler,
    FakeServer,
    Fault,
    answer_lost,
    dropped_connection,
    rate_limited,
    server_error,
    slow,
)
from tests.sync.sheets_fake_model import FakeSpreadsheet, entering
from tests.sync.sheets_fake_requests import apply_batch
from tests.sync.sheets_fake_view import SpreadsheetView

__all__ = [
    "Fault",
    "RequestRecord",
    "SheetsFake",
    "answer_lost",
    "dropped_connection",
    "main",
    "rate_limited",
    "server_error",
    "slow",
]

if TYPE_CHECKING:
    import gspread

    from sync.google import GoogleSheetsWorkbook


@dataclass
class _Pending:
    on: str | None
    remaining: int
    fault: Fault | None = None
    action: Callable[[], None] | None = None


@dataclass(frozen=True)
class RequestRecord:
    """One request as the fake saw it."""

    kind: str
    method: str
    path: str
    fault: str | None = None


class SheetsFake:
    """The fake server: spreadsheets by key, request counts, pending faults and staff actions."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._address = (host, port)
        self._server: FakeServer | None = None
        self._thread: threading.Thread | None = None
        self.lock = threading.RLock()
        self.books: dict[str, FakeSpreadsheet] = {}
        self.requests: Counter[str] = Counter()
        self.batch_requests: Counter[str] = Counter()
        self.log: list[RequestRecord] = []
        self._pending: list[_Pending] = []
        # Google's per-user quota, counted apart for reads and writes over the last 60 s; a request it
        # refuses is not counted against it. Drive's requests have a quota of their own (not enforced).
        self.quota_per_minute: int | None = None
        self.quota_clock: Callable[[], float] = time.monotonic
        self.quota_refusals = 0
        self._recent: dict[str, deque[float]] = {"read": deque(), "write": deque()}
        self.versions: Counter[str] = Counter()  # Drive's version of each spreadsheet, by key
        self._modified: dict[str, str] = {}

    # --- life cycle ---

    @classmethod
    @contextmanager
    def running(cls, host: str = "127.0.0.1", port: int = 0) -> Iterator[SheetsFake]:
        """A started fake, stopped on leaving the block."""
        fake = cls(host, port)
        fake.start()
        try:
            yield fake
        finally:
            fake.stop()

    def start(self) -> None:
        """Listen (port 0 picks a free one) and serve in a daemon thread."""
        self._server = FakeServer(self._address, FakeHandler)
        self._server.fake = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="sheets-fake", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def port(self) -> int:
        """The port it listens on."""
        assert self._server is not None, "the fake is not started"
        return int(self._server.server_address[1])

    @property
    def api_base(self) -> str:
        """What replaces ``https://sheets.googleapis.com`` (the LOBBYDESK_GOOGLE_API_BASE setting)."""
        return f"http://{self._address[0]}:{self.port}"

    # --- spreadsheets ---

    def add_spreadsheet(
        self, key: str, title: str = "lobbydesk", sheets: tuple[str, ...] = ("Sheet1",)
    ) -> SpreadsheetView:
        """Create a spreadsheet (as someone would in Drive) and return the staff's view of it."""
        with self.lock:
            book = FakeSpreadsheet(key, {"title": title, "locale": "en_US", "timeZone": "Asia/Shanghai"})
            for name in sheets:
                book.add_sheet(name)
            self.books[key] = book
            self.note_change(key)
        return self.spreadsheet(key)

    def spreadsheet(self, key: str) -> SpreadsheetView:
        """The staff's view of an existing spreadsheet."""
        return SpreadsheetView(self, key)

    # --- faults, staff actions, counts ---

    def inject(self, fault: Fault, *, on: str | None = None, times: int = 1) -> None:
        """Let the next ``times`` requests of kind ``on`` (any kind when None) meet ``fault``."""
        with self.lock:
            self._pending.append(_Pending(on, times, fault=fault))

    def before(self, on: str | None, action: Callable[[], None], *, times: int = 1) -> None:
        """Run ``action`` (staff editing the sheet) just before the next request of kind ``on`` is handled."""
        with self.lock:
            self._pending.append(_Pending(on, times, action=action))

    def pending(self) -> int:
        """How many injected faults and staff actions are still waiting for their request."""
        with self.lock:
            return sum(item.remaining for item in self._pending)

    def note_change(self, key: str) -> None:
        """Move a spreadsheet's Drive version on: something in it changed."""
        with self.lock:
            self.versions[key] += 1
            self._modified[key] = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def reset_counts(self) -> None:
        """Forget the requests counted so far."""
        with self.lock:
            self.requests.clear()
            self.batch_requests.clear()
            self.log.clear()

    def total_requests(self) -> int:
        """Every request counted since the start or the last reset."""
        with self.lock:
            return sum(self.requests.values())

    # --- clients pointed at the fake ---

    def backend(self, key: str, **options: Any) -> GoogleSheetsWorkbook:
        """lobbydesk's Google backend for spreadsheet ``key``, talking to this fake (not opened)."""
        from sync.google import GoogleSheetsWorkbook

        return GoogleSheetsWorkbook(key, api_base=self.api_base, **options)

    def gspread_client(self) -> gspread.Client:
        """A plain gspread client whose requests go to this fake, no credentials needed."""
        import functools

        import gspread
        import requests

        from sync.google_http import SheetsHttpClient

        client_class = functools.partial(SheetsHttpClient, api_base=self.api_base)
        return gspread.Client(auth=None, session=requests.Session(), http_client=client_class)  # type: ignore[arg-type]

    # --- serving one request ---

    def take_pending(self, kind: str) -> tuple[list[Callable[[], None]], Fault | None]:
        with self.lock:
            actions, fault = [], None
            for item in self._pending:
                if item.remaining and item.on in (None, kind):
                    if item.action is not None:
                        actions.append(item.action)
                        item.remaining -= 1
                    elif fault is None and item.fault is not None:
                        fault = item.fault
                        item.remaining -= 1
            self._pending = [item for item in self._pending if item.remaining]
            return actions, fault

    def count(self, kind: str, method: str, path: str, fault: Fault | None) -> None:
        with self.lock:
            self.requests[kind] += 1
            self.log.append(RequestRecord(kind, method, path, fault.kind if fault else None))

    def over_quota(self, kind: str) -> bool:
        """Count a Sheets request against its quota (reads or writes), or refuse it when the minute's is used up."""
        if self.quota_per_minute is None:
            return False
        with self.lock:
            now = self.quota_clock()
            recent = self._recent["read" if kind in READING_KINDS else "write"]
            while recent and now - recent[0] >= 60:
                recent.popleft()
            if len(recent) >= self.quota_per_minute:
                self.quota_refusals += 1
                return True
            recent.append(now)
            return False

    def quota_used(self) -> dict[str, int]:
        """The reads and writes the quota counted over the last 60 s (both 0 while it is not enforced)."""
        with self.lock:
            now = self.quota_clock()
            return {name: sum(1 for at in recent if now - at < 60) for name, recent in self._recent.items()}

    def handle(self, kind: str, match: re.Match[str], query: dict[str, list[str]], body: Any) -> dict[str, Any]:
        """Apply one request to the state and return the answer's JSON body; raises SheetsApiError."""
        with self.lock:
            answer = self._apply(kind, match, query, body)
            if kind not in READING_KINDS:
                self.note_change(match.group("key"))
            return answer

    def _apply(self, kind: str, match: re.Match[str], query: dict[str, list[str]], body: Any) -> dict[str, Any]:
        with self.lock:
            key = match.group("key")
            if key not in self.books:
                raise SheetsApiError(404, "Requested entity was not found.")
            if kind == "drive.files.get":
                file = {"version": str(self.versions[key]), "modifiedTime": self._modified[key]}
                wanted = (_one(query, "fields") or "version,modifiedTime").split(",")
                return {name: file[name] for name in (field.strip() for field in wanted) if name in file}
            book = self.books[key]
            range_text = unquote(match.group("range")) if "range" in match.groupdict() else ""
            option = _one(query, "valueRenderOption") or "FORMATTED_VALUE"
            columns = _one(query, "majorDimension") == "COLUMNS"
            if kind == "spreadsheets.get":
                grid = (_one(query, "includeGridData") or "false").lower() == "true"
                return spreadsheet_resource(book, query.get("ranges", []), grid)
            if kind == "values.get":
                return book.values_get(range_text, option, columns)
            if kind == "values.batchGet":
                ranges = query.get("ranges", [])
                return {"spreadsheetId": key, "valueRanges": [book.values_get(r, option, columns) for r in ranges]}
            # values.update, append and clear check everything before they change anything: no copy needed.
            if kind == "values.clear":
                return {"spreadsheetId": key, "clearedRange": book.values_clear(range_text)}
            if kind == "values.batchClear":
                changed = book.clone()
                cleared_ranges = [changed.values_clear(r) for r in (body or {}).get("ranges", [])]
                self.books[key] = changed
                return {"spreadsheetId": key, "clearedRanges": cleared_ranges}
            if kind == "values.update":
                return book.values_update(
                    range_text,
                    (body or {}).get("values", []),
                    _one(query, "valueInputOption") or "",
                    (body or {}).get("majorDimension") == "COLUMNS",
                )
            if kind == "values.append":
                insert = _one(query, "insertDataOption") == "INSERT_ROWS"
                return book.values_append(
                    range_text, (body or {}).get("values", []), _one(query, "valueInputOption") or "", insert
                )
            if kind == "values.batchUpdate":
                return self._values_batch_update(key, book, body or {})
            return self._batch_update(key, book, body or {})

    def _values_batch_update(self, key: str, book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
        entering(body.get("valueInputOption"))  # refuses a missing or unknown option before anything changes
        changed = book.clone()
        responses = [
            changed.values_update(
                item["range"], item.get("values", []), body["valueInputOption"], item.get("majorDimension") == "COLUMNS"
            )
            for item in body.get("data", [])
        ]
        self.books[key] = changed
        return {
            "spreadsheetId": key,
            "totalUpdatedRows": sum(r["updatedRows"] for r in responses),
            "totalUpdatedColumns": sum(r["updatedColumns"] for r in responses),
            "totalUpdatedCells": sum(r["updatedCells"] for r in responses),
            "totalUpdatedSheets": len({r["updatedRange"].rpartition("!")[0] for r in responses}),
            "responses": responses,
        }

    def _batch_update(self, key: str, book: FakeSpreadsheet, body: dict[str, Any]) -> dict[str, Any]:
        requests = body.get("requests", [])
        if not requests:
            raise invalid("Must specify at least one request.")
        changed, replies = apply_batch(book, requests)
        self.books[key] = changed
        for request in requests:
            self.batch_requests.update(request.keys())
        answer: dict[str, Any] = {"spreadsheetId": key, "replies": replies}
        if body.get("includeSpreadsheetInResponse"):
            answer["updatedSpreadsheet"] = spreadsheet_resource(
                changed, body.get("responseRanges", []), bool(body.get("responseIncludeGridData"))
            )
        return answer




def _one(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[-1] if values else None


def main(argv: list[str] | None = None) -> int:
    """Serve the fake until interrupted, with one spreadsheet ready (``--key``)."""
    parser = argparse.ArgumentParser(prog="python -m tests.sync.sheets_fake", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port (printed on the first line)")
    parser.add_argument("--key", action="append", help="spreadsheet key to create (repeatable); default lobbydesk-demo")
    parser.add_argument("--quota", type=int, default=None, help="answer 429 beyond this many requests a minute")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    fake = SheetsFake(args.host, args.port)
    fake.quota_per_minute = args.quota
    for key in args.key or ["lobbydesk-demo"]:
        fake.add_spreadsheet(key)
    fake.start()
    assert fake._server is not None
    fake._server.verbose = args.verbose
    print(f"Sheets v4 fake listening on {fake.api_base}", flush=True)
    for key in fake.books:
        print(f"  LOBBYDESK_WORKBOOK=gsheets://{key}", flush=True)
    print(f"  LOBBYDESK_GOOGLE_API_BASE={fake.api_base}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
