"""The Sheets fake in a process of its own, and the small control API (``/_fake/...``) that drives it.

A separate process keeps the fake's CPU time out of a benchmark and survives a sync process that is
killed. Start one from a test or a bench::

    with SheetsFakeProcess.running(keys=["desk-key"]) as fake:
        env = {"LOBBYDESK_WORKBOOK": "gsheets://desk-key", "LOBBYDESK_GOOGLE_API_BASE": fake.api_base}
        fake.inject("rate_limited", on="values.batchGet", retry_after=2)
        fake.staff("desk-key", "sort_rows", name="Queue", header="Number", descending=True)
        fake.staff("desk-key", "reverse_rows", name="Queue", before="spreadsheets.batchUpdate")
        fake.tab("desk-key", "Queue"); fake.requests(); fake.reset_counts()

The control API (JSON in, JSON out), served next to ``/v4/`` and never counted as a request:
``GET /_fake/requests``, ``POST /_fake/reset_counts``, ``POST /_fake/spreadsheets {"key"}``,
``GET /_fake/spreadsheets/KEY/tabs/NAME``, ``POST /_fake/faults {"fault", "on", "times", "status",
"retry_after", "seconds"}``, ``POST /_fake/staff {"key", "action", "args", "before"}`` where action is
a :class:`~tests.sync.sheets_fake_view.SpreadsheetView` method such as ``sort_rows`` or ``type_into``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote
from urllib.request import Request, urlopen

if TYPE_CHECKING:
    from tests.sync.sheets_fake import SheetsFake

STAFF_ACTIONS = frozenset(
    {
        "type_cell",
        "type_into",
        "load_tab",
        "insert_row",
        "delete_row",
        "move_rows",
        "sort_rows",
        "reverse_rows",
        "move_column",
        "insert_column",
        "delete_column",
        "add_tab",
        "delete_tab",
        "rename_tab",
    }
)
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def control(fake: SheetsFake, method: str, path: str, query: dict[str, list[str]], raw: bytes) -> tuple[int, Any]:
    """Serve one control request; (status, JSON answer)."""
    from tests.sync.sheets_fake import Fault

    body = json.loads(raw) if raw else {}
    parts = [unquote(part) for part in path.split("/")[2:]]
    if method == "GET" and parts == ["requests"]:
        with fake.lock:
            return 200, {
                "requests": dict(fake.requests),
                "batch_requests": dict(fake.batch_requests),
                "total": sum(fake.requests.values()),
                "quota_refusals": fake.quota_refusals,
                "pending": fake.pending(),
            }
    if method == "POST" and parts == ["reset_counts"]:
        fake.reset_counts()
        return 200, {}
    if method == "POST" and parts == ["spreadsheets"]:
        fake.add_spreadsheet(body["key"], body.get("title", "lobbydesk"), tuple(body.get("sheets", ["Sheet1"])))
        return 200, {}
    if method == "GET" and len(parts) == 4 and parts[0] == "spreadsheets" and parts[2] == "tabs":
        try:
            return 200, {"grid": fake.spreadsheet(parts[1]).tab(parts[3])}
        except Exception as error:  # the fake's own 400s, a missing key
            return 404, {"error": str(error)}
    if method == "POST" and parts == ["faults"]:
        fault = Fault(
            body["fault"],
            status=body.get("status", 429 if body["fault"] == "rate_limited" else 500),
            retry_after=body.get("retry_after"),
            seconds=body.get("seconds", 0.0),
        )
        fake.inject(fault, on=body.get("on"), times=body.get("times", 1))
        return 200, {}
    if method == "POST" and parts == ["staff"] and body.get("action") in STAFF_ACTIONS:
        view = fake.spreadsheet(body["key"])
        action = getattr(view, body["action"])
        arguments = body.get("args", {})
        if body.get("before"):
            fake.before(body["before"], lambda: action(**arguments), times=body.get("times", 1))
        else:
            action(**arguments)
        return 200, {}
    return 404, {"error": f"no control endpoint {method} {path}"}


class SheetsFakeProcess:
    """A fake started with ``python -m tests.sync.sheets_fake`` and the client of its control API."""

    def __init__(self, process: subprocess.Popen[str], api_base: str) -> None:
        self.process = process
        self.api_base = api_base

    @classmethod
    @contextmanager
    def running(
        cls, keys: Sequence[str] = ("lobbydesk-demo",), quota: int | None = None
    ) -> Iterator[SheetsFakeProcess]:
        """Start the fake on a free port, wait until it listens, and stop it on leaving the block."""
        command = [sys.executable, "-m", "tests.sync.sheets_fake", "--port", "0"]
        for key in keys:
            command += ["--key", key]
        if quota is not None:
            command += ["--quota", str(quota)]
        env = os.environ | {"PYTHONPATH": str(PROJECT_ROOT)}
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, text=True)
        try:
            assert process.stdout is not None
            first = process.stdout.readline()
            if "listening on " not in first:
                raise RuntimeError(f"the Sheets fake did not start: {first!r}")
            yield cls(process, first.rsplit(" ", 1)[-1].strip())
        finally:
            process.terminate()
            process.wait(timeout=10)

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = Request(self.api_base + path, data=data, method=method, headers={"Content-Type": "application/json"})
        with urlopen(request, timeout=10) as answer:
            return json.loads(answer.read() or b"{}")

    def requests(self) -> dict[str, Any]:
        """Counts by kind: ``{"requests": {...}, "batch_requests": {...}, "total": n, "pending": n}``."""
        return dict(self._call("GET", "/_fake/requests"))

    def reset_counts(self) -> None:
        """Forget the requests counted so far."""
        self._call("POST", "/_fake/reset_counts", {})

    def add_spreadsheet(self, key: str) -> None:
        """Create another spreadsheet."""
        self._call("POST", "/_fake/spreadsheets", {"key": key})

    def tab(self, key: str, name: str) -> list[list[Any]]:
        """A tab as lobbydesk reads it."""
        return list(self._call("GET", f"/_fake/spreadsheets/{quote(key, safe='')}/tabs/{quote(name, safe='')}")["grid"])

    def inject(self, fault: str, *, on: str | None = None, times: int = 1, **details: Any) -> None:
        """Inject a fault by name: rate_limited, server_error, slow, dropped_connection, answer_lost."""
        self._call("POST", "/_fake/faults", {"fault": fault, "on": on, "times": times, **details})

    def staff(self, key: str, action: str, *, before: str | None = None, **args: Any) -> None:
        """Have staff act now, or just before the next request of kind ``before``."""
        self._call("POST", "/_fake/staff", {"key": key, "action": action, "args": args, "before": before})
