"""The gate every staff action passes: a live server-side session and the right role, checked on each press.

A browser keeps only its session's random token (in NiceGUI's per-browser storage); the session
itself lives in ``desk.staff_sessions.StaffSessions``. A page built while logged in proves
nothing later: each button's handler asks the gate again when it is pressed, so logging out in
one tab, an expired session or a role taken away stops every open tab at its next press, and a
watch on each page sends a tab whose session ended to the login.
"""

from __future__ import annotations

import asyncio
import inspect
import weakref
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from nicegui import Client, app, ui

from desk.staff_sessions import StaffSession, StaffSessions

__all__ = ["ALL_STAFF", "StaffGate", "StaffPage", "StaffSession"]

ALL_STAFF = ("desk", "manager")
SESSION_KEY = "staff"
WATCH_SECONDS = 3.0

# A staff action gets the live session it runs for (its actor), never the one the page was built with.
StaffHandler = Callable[[StaffSession], object]  # may be a coroutine function


class StaffGate:
    """Logs staff in and out, and guards each staff action with the live session and its role."""

    def __init__(self, sessions: StaffSessions) -> None:
        self.sessions = sessions
        self.actions: dict[str, tuple[str, ...]] = {}  # every action a page has offered, by name: who may run it
        # One turn per open tab: its actions run one at a time, in the order pressed. Each action waits for
        # its work off the event loop, so without this a quick "Save readings" then "Move-in done" could be
        # checked before the readings were saved.
        self._turns: weakref.WeakKeyDictionary[Client, asyncio.Lock] = weakref.WeakKeyDictionary()

    def current(self, touch: bool = True) -> StaffSession | None:
        """The live session of this browser, or None (never logged in, logged out, expired)."""
        return self.sessions.live(app.storage.user.get(SESSION_KEY), touch=touch)

    def log_in(self, name: str, role: str) -> StaffSession:
        """Start a session for a staff member whose password was just checked."""
        self.sessions.end(app.storage.user.get(SESSION_KEY))
        session = self.sessions.start(name, role)
        app.storage.user[SESSION_KEY] = session.token
        return session

    def log_out(self) -> None:
        """End this browser's session everywhere at once and go to the login page."""
        self.sessions.end(app.storage.user.pop(SESSION_KEY, None))
        ui.navigate.to("/staff/login")

    def action(self, name: str, handler: StaffHandler, roles: tuple[str, ...] = ALL_STAFF) -> Callable[[], Any]:
        """``handler`` guarded: it runs only if, at the press, the session is live and its role allowed."""
        self.actions.setdefault(name, roles)

        async def guarded() -> None:
            async with self._turn():
                await run_guarded()

        async def run_guarded() -> None:
            staff = self.current()
            if staff is None:
                ui.notify("Your session has ended: please log in again 登录已失效，请重新登录", type="warning")
                self.to_login()
                return
            if staff.role not in roles:
                ui.notify("This is for managers 仅限经理", type="warning")
                return
            outcome = handler(staff)
            if inspect.isawaitable(outcome):
                await outcome

        return guarded

    def _turn(self) -> asyncio.Lock:
        """This tab's turn: asyncio's lock wakes its waiters first come, first served."""
        return self._turns.setdefault(ui.context.client, asyncio.Lock())

    def watch(self) -> None:
        """Send this page to the login once its session ends (checked every few seconds, not counted as use)."""
        def check() -> None:
            if self.current(touch=False) is None:
                self.to_login()
                timer.deactivate()

        timer = ui.timer(WATCH_SECONDS, check)

    @staticmethod
    def to_login() -> None:
        """The login page, coming back here afterwards."""
        here = ui.context.client.request.url
        wanted = here.path + (f"?{here.query}" if here.query else "")
        ui.navigate.to(f"/staff/login?next={quote(wanted, safe='/')}")


class StaffPage:
    """One staff page being drawn: who opened it, and guarded buttons for its actions."""

    def __init__(self, gate: StaffGate, session: StaffSession, roles: tuple[str, ...] = ALL_STAFF) -> None:
        self.gate = gate
        self.session = session
        self.roles = roles

    @property
    def name(self) -> str:
        """Who opened the page (an action's actor comes from the session live at its press)."""
        return self.session.name

    @property
    def role(self) -> str:
        """The role the page was opened with: what to show; what may be done is checked at each press."""
        return self.session.role

    def action(self, name: str, handler: StaffHandler, roles: tuple[str, ...] | None = None) -> Callable[[], Any]:
        """A guarded handler for an input's change or a key press."""
        return self.gate.action(name, handler, roles or self.roles)

    def button(self, label: str, name: str, handler: StaffHandler, *, mark: str = "",
               roles: tuple[str, ...] | None = None) -> ui.button:
        """A button whose press is a guarded staff action; marked with ``mark`` (or its name) for tests."""
        return ui.button(label, on_click=self.action(name, handler, roles))\
            .mark(mark or name, "staff-action", f"action:{name}")


def actor_of(staff: StaffSession) -> str:
    """How a staff member signs a change in the history: role and name."""
    return f"{staff.role} {staff.name}"
