"""The process the crash test kills: a kiosk issuing tickets and a sync loop, on one .xlsx workbook.

It appends each ticket's ID to ``acks.txt`` only after the ticket is committed, as the kiosk shows a
number only after its commit: those are the tickets an owner was promised.
"""

from __future__ import annotations

import random
from pathlib import Path
from zoneinfo import ZoneInfo

from desk.clock import Clock
from desk.ids import IdFactory
from desk.queue import QueueDesk, QueueTicket, Service
from desk.store import Store
from sync.backend import WorkbookBackend
from sync.engine import SyncEngine
from sync.google import GoogleSheetsWorkbook
from sync.xlsx import XlsxWorkbook
from tests.sync.kinds import Bulletin

KINDS = (QueueTicket, Bulletin)
ZONE = ZoneInfo("Asia/Shanghai")


GOOGLE_KEY = "crash-key"


def site_engine(folder: Path, store: Store, google_api_base: str = "") -> SyncEngine:
    """The sync as the site runs it: random IDs (as in production), and the workbook file in the folder,
    or the spreadsheet on the Sheets fake at ``google_api_base``."""
    workbook: WorkbookBackend = (
        GoogleSheetsWorkbook(GOOGLE_KEY, api_base=google_api_base, timeout=(2.0, 5.0))
        if google_api_base
        else XlsxWorkbook(folder / "desk.xlsx")
    )
    workbook.open()
    return SyncEngine(store, workbook, KINDS, Clock(ZONE), ids=IdFactory("SUNNY"))


def run_until_killed(folder: str, seed: int, google_api_base: str = "") -> None:
    """Issue a few tickets, run a cycle, again and again, until the test kills this process."""
    here = Path(folder)
    store = Store(here / "desk.sqlite3")
    store.open()
    desk = QueueDesk(store, Clock(ZONE), IdFactory("SUNNY"))
    engine = site_engine(here, store, google_api_base)
    rng = random.Random(seed)
    with (here / "acks.txt").open("a", encoding="utf-8") as acks:
        while True:
            for _ in range(rng.randint(0, 3)):
                ticket = desk.take_number(rng.choice(list(Service)), print_ticket=False).ticket
                acks.write(ticket.id + "\n")
                acks.flush()
            engine.run_once()


def ready() -> None:
    """Nothing: started once so the fork server is up before the first timed kill."""
