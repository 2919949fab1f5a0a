"""Staff sessions kept on the server: a browser holds only a random token, the server decides.

A session's life: live -> ended (logged out, or its owner's account ended all its sessions)
or expired (past its absolute end, or idle longer than the idle limit). Every staff action looks
the token up at the moment it runs, so a session ended in one tab is ended in every tab at once.
Sessions live in the server's memory: a restart logs everyone out, which is the safe direction.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from desk.clock import Clock

SESSION_LENGTH = timedelta(hours=10)  # one working day at the counter
IDLE_LIMIT = timedelta(minutes=60)  # a shared office PC left alone stops acting for the last clerk


@dataclass(frozen=True)
class StaffSession:
    """Who is logged in with a token, with which role, and until when."""

    token: str
    name: str
    role: str
    expires: datetime
    last_used: datetime


class StaffSessions:
    """The live staff sessions of this server; thread-safe, since actions run off the event loop too."""

    def __init__(self, clock: Clock, length: timedelta = SESSION_LENGTH, idle: timedelta = IDLE_LIMIT) -> None:
        self._clock = clock
        self._length = length
        self._idle = idle
        self._lock = threading.Lock()
        self._live: dict[str, StaffSession] = {}

    def start(self, name: str, role: str) -> StaffSession:
        """A new session for a staff member who just proved who they are."""
        now = self._clock.now()
        session = StaffSession(secrets.token_urlsafe(32), name, role, now + self._length, now)
        with self._lock:
            self._drop_dead(now)
            self._live[session.token] = session
        return session

    def live(self, token: object, touch: bool = True) -> StaffSession | None:
        """The session of ``token`` if it is still live (``touch`` counts this as use), else None."""
        if not isinstance(token, str):
            return None
        now = self._clock.now()
        with self._lock:
            session = self._live.get(token)
            if session is None:
                return None
            if not self._alive(session, now):
                del self._live[token]
                return None
            if touch:
                session = replace(session, last_used=now)
                self._live[token] = session
            return session

    def end(self, token: object) -> None:
        """Log a session out (every tab that holds its token stops acting)."""
        with self._lock:
            if isinstance(token, str):
                self._live.pop(token, None)

    def end_all_for(self, name: str) -> int:
        """End every session of one staff member (a password reset, a removed account); how many ended."""
        with self._lock:
            tokens = [token for token, session in self._live.items() if session.name == name]
            for token in tokens:
                del self._live[token]
        return len(tokens)

    def _alive(self, session: StaffSession, now: datetime) -> bool:
        return now < session.expires and now - session.last_used < self._idle

    def _drop_dead(self, now: datetime) -> None:
        for token in [token for token, session in self._live.items() if not self._alive(session, now)]:
            del self._live[token]
