"""``GET /healthz``: how the site is, for a monitor — JSON, 200 when ok or warn, 503 when a check fails.

The answer carries each check's level, code and plain words, and nothing else: no error texts (they
may name a printer's address or a service account), no personal data. The facts behind it are
gathered at most every few seconds (:class:`lobbydesk.health_facts.CachedFacts`), off the event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi.responses import JSONResponse
from nicegui import app, run

from desk.health import Finding, HealthFacts, HealthLimits, Level, check_health, overall

HEALTHZ_PATH = "/healthz"


def healthz_answer(findings: list[Finding], checked_at: datetime) -> tuple[int, dict[str, Any]]:
    """The status code and the JSON body for these findings."""
    status = overall(findings)
    checks = {finding.check: {"status": str(finding.level), "code": finding.code, "says": finding.en}
              for finding in findings}
    code = 503 if status is Level.FAIL else 200
    return code, {"status": str(status), "checked_at": checked_at.isoformat(timespec="seconds"), "checks": checks}


def install_healthz(facts: Callable[[], HealthFacts], limits: HealthLimits) -> None:
    """Add ``GET /healthz`` to the app; ``facts`` blocks (a cached gathering), so it runs in a thread."""

    @app.get(HEALTHZ_PATH)
    async def healthz() -> JSONResponse:
        gathered = await run.io_bound(facts)
        if gathered is None:  # NiceGUI answers None when the app is stopping
            return JSONResponse({"status": "fail", "checks": {}, "stopping": True}, status_code=503)
        code, body = healthz_answer(check_health(gathered, limits), gathered.now)
        return JSONResponse(body, status_code=code, headers={"Cache-Control": "no-store"})
