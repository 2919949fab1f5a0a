"""Small fakes of the outside world shared by the stories."""

from __future__ import annotations


class FakeMonotonic:
    """A monotonic clock that only moves when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
