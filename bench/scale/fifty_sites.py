"""Fifty sites on one Google service account: the Sheets fake enforcing 60 reads and 60 writes a minute.

Run: ``uv run python -m bench.scale.fifty_sites [--minutes 5] [--layout shared|own]``.

Each site is a store (SQLite), lobbydesk's Google backend and sync engine, driven by the production
sync loop (:class:`lobbydesk.sync_loop.SyncLoop` with :class:`sync.pace.Pace`, its share of the quota
set for 50 sites), all in one process against the Sheets fake on 127.0.0.1 with its per-user quota
enforced. The clock is the real one: a five-minute run takes five minutes. Sites start two reads'
share apart in all (servers do not start together, and a first cycle reads twice: the list of tabs,
then the values). Changes start at a site once it is past that first cycle, whose two reads keep it
quiet for two reads' share (111 s): the figures are of a running company, not of fifty servers
started in the same minute. While the run lasts, each site's kiosk files repairs (new rows) and staff
type notes into its rows in the sheet, at random; then nothing more is injected and the loops run
until every change has arrived (at most 150 s more). Measured: change -> sheet (a repair filed until its row is
in the spreadsheet), sheet -> store (a note typed until the site's store has it), the 429s the fake
answered and whether any change was lost, and the requests a minute the quota counted (over 60 s
windows). Then one cycle carrying 10,000 changes, counted request by request.

Layouts: ``shared`` (the issue's "one company spreadsheet"): every site in the same Repairs tab, its
rows told by its site code in the ID, as lobbydesk supports for several sites in one spreadsheet
(``docs/workbook.md``; a tab set per site is not supported: tab names are fixed per record kind).
``own``: a spreadsheet per site, all shared with the one service account.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bench.sync.cycle_cost import ZONE, BenchRepair, repair
from bench.sync.sheets_side_by_side import grid_of
from desk.clock import Clock, FixedClock
from desk.ids import SequentialIds
from desk.store import Store
from lobbydesk.sync_loop import IDLE_CEILING_IN_CYCLES, CountedCycle, SyncLoop
from sync.engine import SyncEngine
from sync.google import GoogleSheetsWorkbook
from sync.google_http import RetryPolicy
from sync.pace import Pace, PaceRules, PaceSnapshot, QuotaShare, RequestTally
from tests.sync.sheets_fake import SheetsFake

FAST = 5.0  # sync_interval's default
TARGET_LATENCY = 60.0
TARGET_REQUESTS = 3
HEADER = grid_of([])[0]


@dataclass
class SimSite:
    """One simulated site: its store, backend, engine, and the changes waiting to arrive."""

    code: str
    key: str
    store: Store
    backend: GoogleSheetsWorkbook
    engine: SyncEngine
    next_number: int = 0
    kiosk_waiting: dict[str, float] = field(default_factory=dict)  # repair ID -> when filed
    staff_waiting: dict[tuple[str, str], float] = field(default_factory=dict)  # (ID, note) -> when typed
    tallies: list[RequestTally] = field(default_factory=list)
    notes_typed_over: int = 0
    busy_cycles: int = 0
    failed_cycles: int = 0
    paces: list[PaceSnapshot] = field(default_factory=list)

    def counted(self) -> CountedCycle:
        try:
            report = self.engine.run_once()
        except Exception:
            self.failed_cycles += 1
            raise
        if not report.ok:
            self.busy_cycles += 1
        tally = self.backend.take_tally()
        self.tallies.append(tally)
        return CountedCycle(report, tally, self.backend.size())

    def revision(self) -> int:
        with self.store.transaction() as tx:
            return tx.last_revision()

    def file_repair(self) -> None:
        """The kiosk files a repair: a new record in the store."""
        now = datetime.now(ZONE)
        record = repair(self.next_number, now).model_copy(update={"id": f"{self.code}-R{self.next_number:06d}"})
        self.next_number += 1
        with self.store.transaction() as tx:
            tx.put(record, actor="kiosk", at=now)
        self.kiosk_waiting[record.id] = time.monotonic()


@dataclass
class Latencies:
    kiosk: list[float] = field(default_factory=list)
    staff: list[float] = field(default_factory=list)


def build_sites(fake: SheetsFake, count: int, rows: int, layout: str, folder: Path) -> list[SimSite]:
    """Sites with ``rows`` repairs each, already in their store and in the sheet (agreed by a first cycle)."""
    start = FixedClock(datetime(2024, 5, 6, 9, 0, tzinfo=ZONE)).now()
    sites = []
    shared_rows: list[list[object]] = [HEADER]
    for number in range(count):
        code = f"S{number + 1:02d}"
        key = "company" if layout == "shared" else f"site-{code.lower()}"
        records = [repair(n, start).model_copy(update={"id": f"{code}-R{n:06d}"}) for n in range(rows)]
        store = Store(folder / f"{code}.sqlite3")
        store.open()
        with store.transaction() as tx:
            for record in records:
                tx.put(record, actor="kiosk", at=start)
        if layout == "own":
            fake.add_spreadsheet(key).load_tab("Repairs", grid_of(records))
        else:
            shared_rows.extend(grid_of(records)[1:])
        backend = GoogleSheetsWorkbook(key, api_base=fake.api_base, retry=RetryPolicy())
        backend.open()
        engine = SyncEngine(store, backend, (BenchRepair,), Clock(ZONE), ids=SequentialIds(code))
        sites.append(SimSite(code, key, store, backend, engine, next_number=rows))
    if layout == "shared":
        fake.add_spreadsheet("company").load_tab("Repairs", shared_rows)
    return sites


async def drive(fake: SheetsFake, sites: list[SimSite], minutes: float, kiosk_every: float, staff_every: float,
                quota: QuotaShare, seed: int) -> tuple[Latencies, dict[str, list[int]], float]:
    """Run every site's sync loop for ``minutes`` of changes, then until all arrived (or 3 more minutes)."""
    rng = random.Random(seed)
    loop = asyncio.get_running_loop()
    loop.set_default_executor(ThreadPoolExecutor(max_workers=len(sites) + 8))
    latencies = Latencies()
    used: dict[str, list[int]] = {"read": [], "write": []}
    stop = asyncio.Event()
    injecting = True

    async def site_loop(site: SimSite, delay: float) -> None:
        await asyncio.sleep(delay)

        async def run_cycle() -> CountedCycle | None:
            return None if stop.is_set() else await asyncio.to_thread(site.counted)

        async def revision() -> int:
            return await asyncio.to_thread(site.revision)

        async def remember(_counted: CountedCycle | None, pace: PaceSnapshot) -> None:
            site.paces.append(pace)

        rules = PaceRules(fast=FAST, idle_ceiling=FAST * IDLE_CEILING_IN_CYCLES, quota=quota)  # as pace_rules sets
        await SyncLoop(Pace(rules), run_cycle, store_revision=revision, remember=remember).run()

    async def kiosk_and_staff(site: SimSite) -> None:
        while len(site.tallies) < 2:  # changes start once the site is past its first cycle (module docstring)
            await asyncio.sleep(1.0)
        await asyncio.sleep(rng.uniform(0, kiosk_every))
        while injecting:
            if rng.random() < kiosk_every / (kiosk_every + staff_every):
                await asyncio.to_thread(site.file_repair)
            else:
                row_id = f"{site.code}-R{rng.randrange(site.next_number):06d}"
                note = f"called back {time.monotonic():.0f}"
                book = fake.spreadsheet(site.key)
                await asyncio.to_thread(book.type_into, "Repairs", row_id=row_id, header="Staff note", value=note)
                for earlier in [waiting for waiting in site.staff_waiting if waiting[0] == row_id]:
                    del site.staff_waiting[earlier]  # typed over before it was taken: the later note wins
                    site.notes_typed_over += 1
                site.staff_waiting[(row_id, note)] = time.monotonic()
            mean = 1 / (1 / kiosk_every + 1 / staff_every)
            await asyncio.sleep(rng.expovariate(1 / mean))

    def arrived() -> None:
        """Look at the sheet and the stores: which changes have arrived, and when."""
        now = time.monotonic()
        in_sheet: dict[str, set[str]] = {}
        for site in sites:
            if site.key not in in_sheet:
                grid = fake.spreadsheet(site.key).tab("Repairs")
                in_sheet[site.key] = {str(row[0]) for row in grid[1:] if row}
            for record_id in [r for r in site.kiosk_waiting if r in in_sheet[site.key]]:
                latencies.kiosk.append(now - site.kiosk_waiting.pop(record_id))
            if site.staff_waiting:
                with site.store.transaction() as tx:
                    for (record_id, note), typed in list(site.staff_waiting.items()):
                        record = tx.get(BenchRepair, record_id)
                        if record is not None and record.note == note:
                            latencies.staff.append(now - typed)
                            del site.staff_waiting[(record_id, note)]

    async def watch() -> None:
        while not stop.is_set():
            await asyncio.to_thread(arrived)
            quota_now = fake.quota_used()
            used["read"].append(quota_now["read"])
            used["write"].append(quota_now["write"])
            await asyncio.sleep(1.0)

    # A first cycle reads twice (the list of tabs, then the values): starts spread over two reads' share.
    stagger = quota.spacing(2, 0) / len(sites)
    tasks = [asyncio.create_task(site_loop(site, index * stagger)) for index, site in enumerate(sites)]
    watcher = asyncio.create_task(watch())
    changes = [asyncio.create_task(kiosk_and_staff(site)) for site in sites]
    started = time.monotonic()
    await asyncio.sleep(minutes * 60)
    injecting = False
    for task in changes:
        task.cancel()
    drain_until = time.monotonic() + 150
    while time.monotonic() < drain_until and any(s.kiosk_waiting or s.staff_waiting for s in sites):
        await asyncio.sleep(1.0)
    elapsed = time.monotonic() - started
    stop.set()
    for task in tasks:
        task.cancel()  # a loop may be waiting minutes (throttled); its cycle in a thread is let finish
    await asyncio.gather(*tasks, return_exceptions=True)
    await watcher
    return latencies, used, elapsed


def ten_thousand_changes(fake: SheetsFake, folder: Path) -> tuple[dict[str, int], str]:
    """One cycle carrying 10,000 changes (5,000 at the kiosk, 5,000 typed by staff), with the quota on."""
    clock = FixedClock(datetime(2024, 5, 6, 9, 0, tzinfo=ZONE))
    records = [repair(n, clock.now()) for n in range(20_000)]
    store = Store(folder / "big.sqlite3")
    store.open()
    with store.transaction() as tx:
        for record in records:
            tx.put(record, actor="kiosk", at=clock.now())
    book = fake.add_spreadsheet("big")
    book.load_tab("Repairs", grid_of(records))
    backend = GoogleSheetsWorkbook("big", api_base=fake.api_base, retry=RetryPolicy())
    backend.open()
    engine = SyncEngine(store, backend, (BenchRepair,), clock, ids=SequentialIds("BENCH"))
    assert engine.run_once().ok
    with store.transaction() as tx:
        for record in records[:5_000]:
            tx.put(record.model_copy(update={"description": record.description + " (again)"}), actor="kiosk",
                   at=clock.now())
    grid = book.tab("Repairs")
    assignee = grid[0].index("Assignee")
    for row in grid[10_001:15_001]:
        row.extend([None] * (assignee + 1 - len(row)))
        row[assignee] = "Wang"
    book.load_tab("Repairs", grid)
    fake.reset_counts()
    backend.take_tally()
    report = engine.run_once()
    assert report.ok, report.summary()
    counts = dict(fake.requests)
    backend.close()
    store.close()
    return counts, report.summary()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=5.0, help="of injected changes (real time)")
    parser.add_argument("--layout", choices=["shared", "own"], default="shared")
    parser.add_argument("--rows", type=int, default=100, help="repairs each site starts with")
    parser.add_argument("--kiosk-every", type=float, default=120.0, help="mean seconds between a site's repairs")
    parser.add_argument("--staff-every", type=float, default=240.0, help="mean seconds between a site's notes")
    parser.add_argument("--quota", type=int, default=60, help="reads (and writes) a minute per user")
    parser.add_argument("--planned-sites", type=int, default=None,
                        help="the sites each pace believes share the account (google_sites_per_account); "
                        "fewer than --sites over-commits the quota, to see 429s handled")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args(argv)
    planned = args.planned_sites or args.sites
    quota = QuotaShare(sites=planned, reads_per_minute=args.quota, writes_per_minute=args.quota)
    with tempfile.TemporaryDirectory() as folder, SheetsFake.running() as fake:
        sites = build_sites(fake, args.sites, args.rows, args.layout, Path(folder))
        fake.quota_per_minute = args.quota
        fake.reset_counts()
        cpu = time.process_time()
        latencies, used, elapsed = asyncio.run(
            drive(fake, sites, args.minutes, args.kiosk_every, args.staff_every, quota, args.seed))
        cpu = time.process_time() - cpu
        refusals = fake.quota_refusals
        requests = dict(fake.requests)
        for site in [site for site in sites if site.staff_waiting][:5]:
            with site.store.transaction() as tx:
                for (record_id, note), _typed in site.staff_waiting.items():
                    stored = tx.get(BenchRepair, record_id)
                    in_sheet = fake.spreadsheet(site.key).rows_by_header("Repairs")
                    sheet_note = next((row["Staff note"] for row in in_sheet if row["ID"] == record_id), "no row")
                    print(f"never arrived: {site.code} {record_id} {note!r}; store {stored and stored.note!r}; "
                          f"sheet {sheet_note!r}")
        lost_kiosk = sum(len(site.kiosk_waiting) for site in sites)
        lost_staff = sum(len(site.staff_waiting) for site in sites)
        tallies = [tally for site in sites for tally in site.tallies]
        for site in sites:
            site.backend.close()
            site.store.close()
        fake.quota_per_minute = args.quota
        big_counts, big_summary = ten_thousand_changes(fake, Path(folder))
    report(args, quota, latencies, used, elapsed, cpu, refusals, requests, lost_kiosk, lost_staff, sites, tallies)
    sheets = {kind: count for kind, count in big_counts.items() if not kind.startswith("drive.")}
    print(f"\n10,000-change cycle: {sum(sheets.values())} Sheets requests {sheets}, "
          f"+ {big_counts.get('drive.files.get', 0)} Drive version check")
    print(f"  {big_summary}")
    missed = []
    if lost_kiosk or lost_staff:
        missed.append(f"{lost_kiosk + lost_staff} change(s) never arrived")
    if latencies.kiosk and max(latencies.kiosk) > TARGET_LATENCY:
        missed.append(f"a change took {max(latencies.kiosk):.0f} s to reach the sheet")
    if sum(sheets.values()) > TARGET_REQUESTS:
        missed.append(f"the 10,000-change cycle made {sum(sheets.values())} Sheets requests")
    print("\n" + ("targets met" if not missed else "missed: " + "; ".join(missed)))
    return 0 if not missed else 1


def report(args: argparse.Namespace, quota: QuotaShare, latencies: Latencies, used: dict[str, list[int]],
           elapsed: float, cpu: float, refusals: int, requests: dict[str, int], lost_kiosk: int, lost_staff: int,
           sites: list[SimSite], tallies: list[RequestTally]) -> None:
    minutes = elapsed / 60
    reads = sum(count for kind, count in requests.items() if kind in ("values.batchGet", "spreadsheets.get"))
    writes = requests.get("spreadsheets.batchUpdate", 0)
    print(f"{args.sites} sites, layout {args.layout}, {args.rows} rows each, quota {args.quota}/min reads and "
          f"writes; {args.minutes:g} min of changes, {minutes:.1f} min in all (real clock); CPU {cpu:.0f} s")
    print(f"pace: fast {FAST:g} s, idle up to {FAST * IDLE_CEILING_IN_CYCLES:g} s; share {quota.describe()}")
    print(f"changes: {len(latencies.kiosk) + lost_kiosk} repairs filed, {len(latencies.staff) + lost_staff} "
          f"notes typed; never arrived: {lost_kiosk} + {lost_staff}")
    for name, values in (("kiosk -> sheet", latencies.kiosk), ("sheet -> store", latencies.staff)):
        if values:
            print(f"  {name}: median {statistics.median(values):.1f} s, p95 "
                  f"{sorted(values)[int(len(values) * 0.95) - 1]:.1f} s, max {max(values):.1f} s (n={len(values)})")
    print(f"requests: {reads} reads, {writes} writes, {requests.get('drive.files.get', 0)} Drive checks = "
          f"{reads / minutes:.1f} reads/min, {writes / minutes:.1f} writes/min, "
          f"{requests.get('drive.files.get', 0) / minutes:.0f} Drive checks/min")
    print(f"quota's 60 s window: reads at most {max(used['read'], default=0)}, "
          f"writes at most {max(used['write'], default=0)} (of {args.quota})")
    seen = sum(tally.rate_limited for tally in tallies)
    print(f"429s: the fake answered {refusals}; the backends saw {seen}; cycles that gave up after retries "
          f"(reported busy, tried again next cycle): {sum(s.busy_cycles for s in sites)}; cycles that raised: "
          f"{sum(s.failed_cycles for s in sites)}")
    states: dict[str, int] = {}
    for site in sites:
        for pace in site.paces:
            states[pace.state] = states.get(pace.state, 0) + 1
    print(f"pace states after each cycle: {states}")
    double = sum(1 for site in sites for tally in site.tallies[1:] if tally.reads >= 2)
    print(f"cycles after the first that read twice or more: {double}; notes typed over before they were "
          f"taken (the later one counted): {sum(site.notes_typed_over for site in sites)}")


if __name__ == "__main__":
    raise SystemExit(main())

