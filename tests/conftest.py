"""Shared fixtures: a whole site on temporary files, and owners at its kiosk (NiceGUI's user simulation)."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AsyncExitStack
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from nicegui import core, ui
from nicegui.functions.download import download
from nicegui.functions.navigate import Navigate
from nicegui.functions.notify import notify
from nicegui.testing.general import nicegui_reset_globals, prepare_simulation
from nicegui.testing.user import User

from admin.context import AdminContext
from desk.clock import FixedClock
from desk.credentials import StaffRole
from desk.ids import SequentialIds
from desk.queue import QueueDesk
from desk.store import Store
from desk.units import Resident, Unit
from kiosk.features import KioskFeature
from lobbydesk.server import mount
from lobbydesk.settings import Settings, load_settings
from lobbydesk.site import Site
from printers.connections import PrinterConnection
from tests.fakes import FakeMonotonic

pytest_plugins = ["nicegui.testing.general_fixtures"]

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh store in the test's own folder."""
    store = Store(tmp_path / "site.sqlite3")
    store.open()
    yield store
    store.close()


@pytest.fixture
def queue(store: Store, clock: FixedClock) -> QueueDesk:
    """The queue rules on that store, with the package's ``clock`` and predictable IDs."""
    return QueueDesk(store, clock, SequentialIds("SUNNY"))


@pytest.fixture
def site_settings(tmp_path: Path) -> Settings:
    return load_settings(
        data_dir=tmp_path / "site",
        site_code="SUNNY",
        community_name="阳光花园 Sunny Garden",
        workbook="memory://",
        printer=f"file://{tmp_path / 'site' / 'printer.bin'}",
        sync_interval=0.2,
    )


@pytest.fixture
def site_clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 27, 9, 30, tzinfo=SHANGHAI))


@pytest.fixture
def site_printer() -> PrinterConnection | None:
    """The printer the site uses; None takes the one its settings name."""
    return None


@pytest.fixture
def site(site_settings: Settings, site_clock: FixedClock, site_printer: PrinterConnection | None) -> Iterator[Site]:
    site = Site(site_settings, clock=site_clock, ids=SequentialIds("SUNNY"), printer=site_printer)
    site.open()
    yield site
    site.close()


@pytest.fixture
def idle_clock() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
def extra_kiosk_features() -> list[KioskFeature]:
    """Kiosk features a test adds to the site's own (override in a test module)."""
    return []


@pytest.fixture
def extend_admin() -> Callable[[AdminContext], AdminContext]:
    """Adds to the site's admin context for a test (override in a test module): sections, unit facts."""
    return lambda admin: admin


@pytest.fixture
async def new_browser(
    site: Site, idle_clock: FakeMonotonic, extra_kiosk_features: list[KioskFeature],
    extend_admin: Callable[[AdminContext], AdminContext],
) -> AsyncIterator[Callable[[], User]]:
    """Opens browsers on the site's server (each with its own cookies), workers running."""
    with nicegui_reset_globals():
        os.environ["NICEGUI_USER_SIMULATION"] = "true"
        try:
            prepare_simulation()
            mount(
                site,
                lambda kiosk: dataclasses.replace(
                    kiosk, monotonic=idle_clock, status_refresh_seconds=0.2, print_wait_seconds=3.0,
                    features=[*kiosk.features, *extra_kiosk_features]),
                lambda admin: extend_admin(
                    dataclasses.replace(admin, display_refresh_seconds=0.2, console_refresh_seconds=0.2)),
            )
            ui.run(storage_secret="simulated secret")
            transport = httpx.ASGITransport(core.app)
            async with AsyncExitStack() as stack:
                await stack.enter_async_context(core.app.router.lifespan_context(core.app))

                def browser() -> User:
                    client = httpx.AsyncClient(transport=transport, base_url="http://test")
                    stack.push_async_callback(client.aclose)
                    return User(client)

                yield browser
        finally:
            os.environ.pop("NICEGUI_USER_SIMULATION", None)
            ui.navigate = Navigate()
            ui.notify = notify
            ui.download = download


@pytest.fixture
def owner(new_browser: Callable[[], User]) -> User:
    """An owner standing at the site's kiosk."""
    return new_browser()


@pytest.fixture
def community(site: Site) -> Site:
    """The site with units, their residents, a unit PIN and a desk account."""
    now = site.clock.now()
    with site.store.transaction() as tx:
        tx.put(Unit(id="SUNNY-U1", building="3", room="1202", area_m2=Decimal("89.50"), owner_of_record="张三明"),
               actor="staff", at=now)
        tx.put(Unit(id="SUNNY-U2", building="5", room="301"), actor="staff", at=now)
        tx.put(Resident(id="SUNNY-P1", name="张三明", unit="SUNNY-U1", phone="13800138000"), actor="staff", at=now)
    site.credentials.set_pin("SUNNY-U1", "2468")
    site.credentials.add_staff("wang", StaffRole.DESK, "desk-password")
    return site
