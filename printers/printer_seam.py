"""The seam between lobbydesk and a printer: what a connection offers, and how it fails."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from printers.status import PrinterStatus

DEFAULT_TIMEOUT_SECONDS = 3.0
# A printer answers a status query at once, even when offline; waiting longer only delays the
# jobs of printers that never answer.
STATUS_ANSWER_SECONDS = 1.0


class PrinterUnavailable(Exception):  # noqa: N818 - reads as the state it reports: "printer unavailable"
    """The printer could not take the job: unplugged, switched off, unreachable, or misconfigured.

    ``maybe_printed`` says some of the job's bytes had left before the failure, so the printer may
    have printed all or part of it: a retry is then marked as a reprint.
    """

    def __init__(self, message: str, *, maybe_printed: bool = False) -> None:
        super().__init__(message)
        self.maybe_printed = maybe_printed


class PrinterConnection(Protocol):
    """Somewhere to send a finished job's bytes."""

    def send(self, data: bytes) -> None:
        """Open, send every byte, close; raises :class:`PrinterUnavailable` on any failure."""

    def describe(self) -> str:
        """A short human description, e.g. ``network 10.0.0.5:9100``."""


@runtime_checkable
class ReportsStatus(Protocol):
    """A connection that can also read from the printer, and so ask it how it is (network, USB, serial)."""

    def read_status(self) -> PrinterStatus:
        """Open, ask ``DLE EOT`` status, close; raises :class:`PrinterUnavailable` when it cannot connect."""


def reason(error: BaseException) -> str:
    """An error as one readable phrase, even for exceptions without a message (e.g. timeouts)."""
    text = str(error).strip() or type(error).__name__
    return " ".join(text.split())
