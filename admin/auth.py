"""Staff login: the page, the session kept in the browser's storage, and its expiry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from nicegui import app, run, ui

from admin.context import AdminContext
from desk.credentials import Outcome


@dataclass(frozen=True)
class StaffSession:
    """Who is logged in at a staff browser, and until when."""

    name: str
    role: str
    expires: datetime


def current_staff(admin: AdminContext) -> StaffSession | None:
    """The logged-in staff member of this browser, or None when absent or expired."""
    stored = app.storage.user.get("staff")
    if not isinstance(stored, dict):
        return None
    try:
        session = StaffSession(str(stored["name"]), str(stored["role"]), datetime.fromisoformat(stored["expires"]))
    except (KeyError, ValueError):
        return None
    if session.expires <= admin.clock.now():
        app.storage.user.pop("staff", None)
        return None
    return session


def log_out() -> None:
    """Forget this browser's staff session and go to the login page."""
    app.storage.user.pop("staff", None)
    ui.navigate.to("/staff/login")


def build_login_page(admin: AdminContext, next_path: str) -> None:
    """The login form; on success the session is stored and the browser goes to ``next_path``."""
    with ui.card().classes("mx-auto mt-16 w-96 gap-4 p-8"):
        ui.label(admin.community_name()).classes("text-2xl font-bold")
        ui.label("Staff login 员工登录").classes("text-lg")
        name = ui.input("Name 姓名").classes("w-full").mark("login-name")
        password = ui.input("Password 密码", password=True).classes("w-full").mark("login-password")
        message = ui.label().classes("text-red-800").mark("login-message")

        async def attempt() -> None:
            # The password hash is slow on purpose: check it off the event loop.
            result = await run.io_bound(admin.credentials.check_staff, name.value or "", password.value or "")
            password.set_value("")
            if result is None:  # the server is stopping
                return
            if result.outcome is Outcome.OK:
                expires = admin.clock.now() + timedelta(hours=admin.session_hours)
                app.storage.user["staff"] = {"name": name.value.strip(), "role": result.role,
                                             "expires": expires.isoformat()}
                ui.navigate.to(next_path if next_path.startswith("/staff") else "/staff")
            elif result.outcome is Outcome.LOCKED and result.locked_until is not None:
                message.set_text(f"Too many wrong passwords. Try again after {result.locked_until:%H:%M}.")
            else:
                message.set_text("Wrong name or password.")

        password.on("keydown.enter", attempt)
        ui.button("Log in 登录", on_click=attempt).classes("w-full").mark("login-submit")
