"""Serving one site: mount the pages, run the workers, hand over to NiceGUI."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

from nicegui import app, ui
from nicegui.storage import Storage

from admin.context import AdminContext
from admin.pages import register_admin_pages
from kiosk.context import KioskContext
from kiosk.pages import register_pages
from lobbydesk.healthz import install_healthz
from lobbydesk.http_guard import install_http_guard
from lobbydesk.settings import Settings
from lobbydesk.site import Site
from lobbydesk.site_secrets import browser_storage_folder, site_secret
from lobbydesk.systemd_notify import Heartbeat
from lobbydesk.workers import Workers


def mount(
    site: Site,
    adjust: Callable[[KioskContext], KioskContext] | None = None,
    adjust_admin: Callable[[AdminContext], AdminContext] | None = None,
) -> Workers:
    """Register the site's pages and tie its workers to the app's start and stop.

    ``adjust`` and ``adjust_admin`` let tests swap parts of the contexts, such as the idle clock.
    """
    workers = Workers(site)
    install_http_guard(app)
    # Browsers' storage (staff session tokens) belongs to the site, not to whatever folder the server started in.
    Storage.path = browser_storage_folder(site.settings.data_dir)
    kiosk = site.kiosk_context(workers.wake_printer)
    register_pages(adjust(kiosk) if adjust else kiosk)
    admin = site.admin_context()
    admin = adjust_admin(admin) if adjust_admin else admin
    register_admin_pages(admin)
    for area in site.areas:
        area.register_pages(admin)
    install_healthz(site.operations.facts.get, site.operations.limits)
    app.on_startup(workers.start)
    app.on_shutdown(workers.stop)
    watch = site.operations.mail_watch()
    if watch is not None:
        app.on_startup(watch.start)
        app.on_shutdown(watch.stop)
    return workers


def serve(site: Site) -> None:
    """Run the site's server until interrupted; the site must be open."""
    mount(site)
    app.on_startup(freeze_startup_objects)
    heartbeat = Heartbeat()  # READY=1 and the watchdog's beats, when systemd runs the server (lobbydesk install)
    app.on_startup(heartbeat.start)
    app.on_shutdown(heartbeat.stop)
    app.on_shutdown(site.close)
    ui.run(**run_options(site.settings))


def freeze_startup_objects() -> None:
    """Take everything made at startup (modules, pages, the site) out of the garbage collector's walks.

    A full collection visits every tracked object, and the ~130,000 made at startup live as long as
    the server: frozen, the longest pause under load fell from ~280 ms to ~180 ms (bench/kiosk_load).
    Only for a server process: frozen objects are never freed, so tests that start many apps do not.
    """
    gc.collect()
    gc.freeze()


def run_options(settings: Settings) -> dict[str, Any]:
    """How the server runs NiceGUI (shared with the load bench, so it measures the same server)."""
    return {
        "host": settings.host,
        "port": settings.port,
        "title": settings.community_name,
        "storage_secret": settings.storage_secret or site_secret(settings.data_dir, "storage_secret"),
        "reload": False,
        "show": False,
        "show_welcome_message": False,
        "uvicorn_logging_level": "warning",
        "favicon": "🛎",
        "reconnect_timeout": 10.0,
    }
