"""The load itself: simulated browsers on the real app in this process, timed per tap (see run.py)."""

from __future__ import annotations

import asyncio
import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from nicegui import app, core, ui
from nicegui.storage import Storage
from nicegui.testing.general import prepare_simulation
from nicegui.testing.user import User

from desk.credentials import StaffRole
from lobbydesk.server import freeze_startup_objects, mount, run_options
from lobbydesk.settings import load_settings
from lobbydesk.site import Site

KIOSKS, CONSOLES, DISPLAYS = 20, 5, 2


class TapTimedOutError(RuntimeError):
    """A tap's next screen did not appear within the bench's patience."""


Timings = dict[str, list[float]]


def _shows(user: User, marker: str) -> bool:
    """Whether the screen shows an element with this marker (cheaper than ``user.find``'s miss)."""
    client = user.client
    assert client is not None, "the simulated browser has not opened a page"
    for element in client.elements.values():
        if marker in element._markers and element.visible:
            parent = element.parent_slot.parent if element.parent_slot else None
            while parent is not None and parent.visible:
                parent = parent.parent_slot.parent if parent.parent_slot else None
            if parent is None:
                return True
    return False


async def _tap(user: User, marker: str, then: str, timings: Timings, kind: str) -> None:
    started = time.perf_counter()
    user.find(marker=marker).click()
    while not _shows(user, then):
        if time.perf_counter() - started > 5:
            raise TapTimedOutError(f"tapping {marker} never showed {then}")
        await asyncio.sleep(0.001)
    timings.setdefault(kind, []).append((time.perf_counter() - started) * 1000)


async def _kiosk(user: User, until: float, timings: Timings, rng: random.Random) -> None:
    await user.open("/")
    services = ["inquiry", "payment", "repair", "complaint", "other"]
    while time.monotonic() < until:
        await asyncio.sleep(rng.uniform(1.0, 4.0))
        await _tap(user, "take-number", "back", timings, "kiosk: take a number")
        await _tap(user, f"service-{rng.choice(services)}", "ticket-number", timings, "kiosk: a service (ticket)")
        await asyncio.sleep(rng.uniform(0.5, 2.0))
        await _tap(user, "done", "take-number", timings, "kiosk: done")


async def _log_in(user: User) -> None:
    """Log a console in before the load starts.

    The user simulation points ``ui.navigate`` at whichever simulated browser was touched last, so
    the login's redirect is not followed here: the console page is opened once the session is stored.
    """
    await user.open("/staff/login")
    user.find(marker="login-name").type("bench")
    user.find(marker="login-password").type("bench-password")
    user.find(marker="login-submit").click()
    for _ in range(100):
        await asyncio.sleep(0.1)
        await user.open("/staff")
        if _shows(user, "staff-name"):
            return
    raise TapTimedOutError("the console never showed after logging in")


async def _console(user: User, until: float, timings: Timings, rng: random.Random) -> None:
    while time.monotonic() < until:
        await asyncio.sleep(rng.uniform(3.0, 6.0))
        # A called owner is finished before the next is called (the console no longer does both in one tap).
        if _shows(user, "served"):
            await _tap(user, "served", "call-next", timings, "console: served")
        else:
            await _tap(user, "call-next", "served", timings, "console: call next")


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
        mount(site)  # as lobbydesk.server.serve does
        app.on_startup(freeze_startup_objects)
        ui.run(**run_options(settings))
        transport = httpx.ASGITransport(core.app)
        async with core.app.router.lifespan_context(core.app):
            clients = [httpx.AsyncClient(transport=transport, base_url="http://bench")
                       for _ in range(KIOSKS + CONSOLES + DISPLAYS)]
            users = [User(client) for client in clients]
            timings: Timings = {}
            for console in users[KIOSKS:KIOSKS + CONSOLES]:
                await _log_in(console)
            until = time.monotonic() + seconds
            rng = random.Random(7)
            await asyncio.gather(
                *(_kiosk(users[i], until, timings, random.Random(rng.random())) for i in range(KIOSKS)),
                *(_console(users[KIOSKS + i], until, timings, random.Random(rng.random()))
                  for i in range(CONSOLES)),
                *(_display(users[KIOSKS + CONSOLES + i]) for i in range(DISPLAYS)),
            )
            children_mb = _children_peak_mb()
            for client in clients:
                await client.aclose()
        site.close()
    _report(seconds, timings, children_mb, sync_process)


def _children_peak_mb() -> float:
    """The largest peak resident memory among this process's live children (the sync child), from /proc.

    ``getrusage(RUSAGE_CHILDREN)`` would report the server's own size at the moment of the spawn's fork.
    """
    peaks = [0.0]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if parent == os.getpid():
                status = (stat.parent / "status").read_text()
                peaks.append(int(status.split("VmHWM:")[1].split()[0]) / 1024)
        except (OSError, IndexError, ValueError):
            continue  # the process ended while being read
    return max(peaks)


def _percentile(sorted_values: list[float], share: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * share))]


def _report(seconds: float, timings: Timings, children_mb: float, sync_process: bool) -> None:
    taps = sorted(value for values in timings.values() for value in values)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{KIOSKS} kiosks, {CONSOLES} consoles, {DISPLAYS} displays for {seconds:.0f} s on {os.cpu_count()} cores")
    print(f"  taps handled: {len(taps)}")
    print(f"  time to handle a tap: p50 {statistics.median(taps):.1f} ms, p95 {_percentile(taps, 0.95):.1f} ms, "
          f"max {taps[-1]:.1f} ms")
    for kind, values in sorted(timings.items()):
        values.sort()
        print(f"    {kind}: {len(values)} taps, p50 {statistics.median(values):.1f} ms, "
              f"p95 {_percentile(values, 0.95):.1f} ms")
    print(f"  peak memory of the server process: {peak_mb:.0f} MB; of the sync child: {children_mb:.0f} MB"
          f" (sync {'in a child process' if sync_process else 'in a thread'})")
