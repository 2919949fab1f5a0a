"""The site's clock: aware datetimes in the site's time zone, injectable for tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


class Clock:
    """Wall-clock time in the site's time zone."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz

    def now(self) -> datetime:
        """The current time, aware, in the site's zone."""
        return datetime.now(self.tz)


class FixedClock(Clock):
    """A clock that only moves when told to; for tests and benchmarks."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None or not isinstance(start.tzinfo, ZoneInfo):
            raise ValueError("FixedClock needs a datetime with a ZoneInfo time zone")
        super().__init__(start.tzinfo)
        self._now = start

    def now(self) -> datetime:
        """The time the clock was last set to."""
        return self._now

    def advance(self, **delta: float) -> None:
        """Move the clock forward, e.g. ``advance(minutes=5)``."""
        self._now = self._now + timedelta(**delta)
