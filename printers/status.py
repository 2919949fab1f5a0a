"""A printer's own account of itself: ESC/POS ``DLE EOT`` real-time status, asked and read back.

``DLE EOT n`` makes the printer answer one byte at once, even when it is offline:

* n=1 printer status: bit 3 set means offline;
* n=2 offline cause: bit 2 cover open, bit 3 paper being fed by the button, bit 5 printing stopped
  because the paper ran out, bit 6 an error (e.g. a cutter jam);
* n=4 roll paper sensor: bits 2-3 paper near its end, bits 5-6 paper out.

Every answer byte has bit 1 and bit 4 set and bits 0 and 7 clear; a byte that does not is not a
status answer (some printers send XON/XOFF or automatic status instead), and is read as no answer.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

DLE_EOT = b"\x10\x04"
ASK_PRINTER = DLE_EOT + b"\x01"
ASK_OFFLINE_CAUSE = DLE_EOT + b"\x02"
ASK_PAPER = DLE_EOT + b"\x04"

_FIXED_MASK, _FIXED_BITS = 0x93, 0x12

# Talk to the printer: send one query, return its one-byte answer, or b"" when none came in time.
Exchange = Callable[[bytes], bytes]


class PrinterCondition(enum.StrEnum):
    """The one word for a printer's state that staff and the spool act on."""

    ONLINE = "online"
    PAPER_NEAR_END = "paper near end"
    COVER_OPEN = "cover open"
    PAPER_OUT = "paper out"
    OFFLINE = "offline"
    NO_ANSWER = "no answer"


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said about itself; ``answered`` is False when it said nothing we understood."""

    answered: bool
    offline: bool = False
    cover_open: bool = False
    paper_near_end: bool = False
    paper_out: bool = False
    error: bool = False

    @property
    def condition(self) -> PrinterCondition:
        """The most important thing to say, in the order staff must act on it."""
        if not self.answered:
            return PrinterCondition.NO_ANSWER
        if self.paper_out:
            return PrinterCondition.PAPER_OUT
        if self.cover_open:
            return PrinterCondition.COVER_OPEN
        if self.offline:
            return PrinterCondition.OFFLINE
        if self.paper_near_end:
            return PrinterCondition.PAPER_NEAR_END
        return PrinterCondition.ONLINE

    @property
    def must_wait(self) -> bool:
        """The printer said it cannot print now (offline, cover open, out of paper): do not send."""
        return self.answered and (self.offline or self.paper_out or self.cover_open)

    def describe(self) -> str:
        """One line for staff, e.g. ``online, paper near end`` or ``offline: cover open, paper out``."""
        if not self.answered:
            return "no answer to the status query"
        causes = [
            cause
            for cause, present in (
                ("cover open", self.cover_open),
                ("paper out", self.paper_out),
                ("error", self.error),
            )
            if present
        ]
        if self.offline or causes:
            return "offline" + (": " + ", ".join(causes) if causes else "")
        return "online, paper near end" if self.paper_near_end else "online"


NO_ANSWER = PrinterStatus(answered=False)


def read_status(exchange: Exchange) -> PrinterStatus:
    """Ask the three status questions through ``exchange`` and put the answers together.

    A printer that does not answer the first question is not asked the others, so a printer
    without status support costs one timeout, not three.
    """
    printer = _answer(exchange(ASK_PRINTER))
    if printer is None:
        return NO_ANSWER
    offline_cause = _answer(exchange(ASK_OFFLINE_CAUSE))
    paper = _answer(exchange(ASK_PAPER))
    return status_from_answers(printer, offline_cause, paper)


def status_from_answers(printer: int, offline_cause: int | None, paper: int | None) -> PrinterStatus:
    """The status three answer bytes describe; a missing later answer leaves its facts unknown (False)."""
    cause = offline_cause or 0
    roll = paper or 0
    return PrinterStatus(
        answered=True,
        offline=bool(printer & 0x08),
        cover_open=bool(cause & 0x04),
        paper_out=bool(cause & 0x20) or bool(roll & 0x60),
        paper_near_end=bool(roll & 0x0C),
        error=bool(cause & 0x40),
    )


def _answer(reply: bytes) -> int | None:
    """The status byte in a reply, or None when the reply is empty or not a status byte."""
    if len(reply) != 1 or reply[0] & _FIXED_MASK != _FIXED_BITS:
        return None
    return reply[0]
