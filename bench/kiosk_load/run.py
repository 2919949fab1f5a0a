"""Load on one site server: 20 kiosk screens, 5 staff consoles and 2 lobby displays for a minute.

Run: ``uv run python bench/kiosk_load/run.py [SECONDS] [--sync-in-thread]``. Every screen is a NiceGUI simulated
browser on the real app in this process (the same pages, timers, store, print worker and sync loop
as ``lobbydesk run``, with an .xlsx workbook and a file printer), so the figures are the server's
own work per tap, without network time. A tap is timed from the click until the screen it leads
to is built. Targets on a 2-core machine: p95 under 50 ms, peak memory under 250 MB.
"""

from __future__ import annotations

import asyncio
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from nicegui import app, core, ui
from nicegui.storage import Storage
from nicegui.testing.general import prepare_simulation
from nicegui.testing.user import User

from desk.credentials import StaffRole
from lobbydesk.server import mount
from lobbydesk.settings import load_settings
from lobbydesk.site import Site

KIOSKS, CONSOLES, DISPLAYS = 20, 5, 2


class TapTimedOutError(RuntimeError):
    """A tap's next screen did not appear within the bench's patience."""


async def _tap(user: User, marker: str, then: str, timings: list[float]) -> None:
    started = time.perf_counter()
    user.find(marker=marker).click()
    while True:
        try:
            user.find(marker=then)
            break
        except AssertionError:
            if time.perf_counter() - started > 5:
                raise TapTimedOutError(f"tapping {marker} never showed {then}") from None
            await asyncio.sleep(0.0005)
    timings.append((time.perf_counter() - started) * 1000)


async def _kiosk(user: User, until: float, timings: list[float], rng: random.Random) -> None:
    await user.open("/")
    services = ["inquiry", "payment", "repair", "complaint", "other"]
    while time.monotonic() < until:
        await asyncio.sleep(rng.uniform(1.0, 4.0))
        await _tap(user, "take-number", "back", timings)
        await _tap(user, f"service-{rng.choice(services)}", "ticket-number", timings)
        await asyncio.sleep(rng.uniform(0.5, 2.0))
        await _tap(user, "done", "take-number", timings)


async def _console(user: User, counter: int, until: float, timings: list[float], rng: random.Random) -> None:
    await user.open("/staff/login")
    user.find(marker="login-name").type("bench")
    user.find(marker="login-password").type("bench-password")
    user.find(marker="login-submit").click()
    # NiceGUI simulates ui.navigate for the newest browser only, so open the console directly.
    while True:
        await asyncio.sleep(0.2)
        await user.open("/staff")
        try:
            user.find(marker="call-next")
            break
        except AssertionError:
            continue
    while time.monotonic() < until:
        await asyncio.sleep(rng.uniform(3.0, 6.0))
        await _tap(user, "call-next", "call-next", timings)


async def _display(user: User) -> None:
    await user.open("/display")


async def main(seconds: float, sync_process: bool) -> None:
    """Run the load and print the figures."""
    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings(data_dir=Path(folder), site_code="BENCH", community_name="Bench Garden",
                                 sync_interval=5.0, sync_process=sync_process)
        site = Site(settings)
        site.open()
        site.credentials.add_staff("bench", StaffRole.DESK, "bench-password")
        # A fresh process has no NiceGUI state to reset: simulate browsers as the tests do, with
        # the browser storage kept in the temporary folder.
        os.environ["NICEGUI_USER_SIMULATION"] = "true"
        Storage.path = Path(folder) / "nicegui-storage"
        app.storage = Storage()
        prepare_simulation()
        mount(site)
        ui.run(storage_secret="bench secret")
        transport = httpx.ASGITransport(core.app)
        async with core.app.router.lifespan_context(core.app):
            clients = [httpx.AsyncClient(transport=transport, base_url="http://bench")
                       for _ in range(KIOSKS + CONSOLES + DISPLAYS)]
            users = [User(client) for client in clients]
            kiosk_taps: list[float] = []
            console_taps: list[float] = []
            until = time.monotonic() + seconds
            rng = random.Random(7)
            await asyncio.gather(
                *(_kiosk(users[i], until, kiosk_taps, random.Random(rng.random())) for i in range(KIOSKS)),
                *(_console(users[KIOSKS + i], i + 1, until, console_taps, random.Random(rng.random()))
                  for i in range(CONSOLES)),
                *(_display(users[KIOSKS + CONSOLES + i]) for i in range(DISPLAYS)),
            )
            for client in clients:
                await client.aclose()
        site.close()
    taps = sorted(kiosk_taps + console_taps)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{KIOSKS} kiosks, {CONSOLES} consoles, {DISPLAYS} displays for {seconds:.0f} s on {os.cpu_count()} cores")
    print(f"  taps handled: {len(taps)} ({len(kiosk_taps)} at kiosks, {len(console_taps)} at consoles)")
    print(f"  time to handle a tap: p50 {statistics.median(taps):.1f} ms, p95 {taps[int(len(taps) * 0.95)]:.1f} ms, "
          f"max {taps[-1]:.1f} ms")
    print(f"  peak memory of the server process: {peak_mb:.0f} MB; of its largest child process: {child_mb:.0f} MB"
          f" (sync {'in a child process' if sync_process else 'in a thread'})")


if __name__ == "__main__":
    numbers = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    asyncio.run(main(float(numbers[0]) if numbers else 60.0, sync_process="--sync-in-thread" not in sys.argv))
