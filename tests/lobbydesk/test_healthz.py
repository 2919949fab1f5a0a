"""A monitor asks ``GET /healthz`` every minute: 200 while the desk works, 503 when something stops it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from nicegui.testing.user import User

from desk.clock import FixedClock
from lobbydesk.site import Site
from printers.spool import PRINTER_ALERTS, PrinterAlert
from sync.status import LAST_ERROR, LAST_ERROR_AT, LAST_GOOD_AT


async def test_a_working_site_answers_200_with_each_check_in_plain_words(
    new_browser: Callable[[], User], site: Site, site_clock: FixedClock
) -> None:
    with site.store.transaction() as tx:
        tx.set_site_state({LAST_GOOD_AT: site_clock.now().isoformat()})

    answer = await new_browser().http_client.get("/healthz")

    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "warn", "no backup has been made yet"
    assert set(body["checks"]) == {"store", "sync", "printer", "disk", "backup", "clock"}
    assert body["checks"]["backup"] == {"status": "warn", "code": "none", "says": "No backup has been made yet"}
    assert body["checks"]["sync"]["status"] == "ok"
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["X-Frame-Options"] == "DENY", "the HTTP guard answers for it as for every page"


async def test_a_printer_out_of_paper_answers_503_and_tells_no_secrets(
    new_browser: Callable[[], User], site: Site, site_clock: FixedClock
) -> None:
    now = site_clock.now()
    with site.store.transaction() as tx:
        tx.raise_alert(PRINTER_ALERTS, PrinterAlert.PAPER_OUT, "network://10.0.0.9:9100 is out of paper", at=now)
        tx.set_site_state({LAST_GOOD_AT: (now - timedelta(hours=2)).isoformat(), LAST_ERROR_AT: now.isoformat(),
                           LAST_ERROR: "Share the spreadsheet with lobbydesk-sync@corp.iam.gserviceaccount.com"})

    answer = await new_browser().http_client.get("/healthz")

    assert answer.status_code == 503
    body = answer.json()
    assert body["status"] == "fail"
    assert body["checks"]["printer"] == {"status": "fail", "code": "paper_out",
                                         "says": "The ticket printer is out of paper: load a new roll"}
    assert body["checks"]["sync"]["code"] == "failing"
    assert "10.0.0.9" not in answer.text and "gserviceaccount" not in answer.text
