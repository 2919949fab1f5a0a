"""Calls to announce on the lobby displays: an in-memory, numbered list the displays poll."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Announcement:
    """One call of a number to a counter (a recall is a new announcement)."""

    sequence: int
    number: str
    counter: str


class Announcer:
    """Keeps the latest calls; each display asks for the ones after the last it showed."""

    def __init__(self, keep: int = 50) -> None:
        self._calls: deque[Announcement] = deque(maxlen=keep)
        self._sequence = 0
        self._lock = threading.Lock()

    def announce(self, number: str, counter: str) -> Announcement:
        """Queue a call for every display."""
        with self._lock:
            self._sequence += 1
            call = Announcement(self._sequence, number, counter)
            self._calls.append(call)
            return call

    def since(self, sequence: int) -> list[Announcement]:
        """Calls made after ``sequence``, oldest first."""
        with self._lock:
            return [call for call in self._calls if call.sequence > sequence]

    def latest_sequence(self) -> int:
        """The number of the latest call (0 before any), so a new display starts quiet."""
        with self._lock:
            return self._sequence
