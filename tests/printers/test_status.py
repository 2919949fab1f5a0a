"""Reading a printer's DLE EOT answers: online, cover open, paper near end, paper out, no answer."""

from __future__ import annotations

import pytest

from printers.status import (
    ASK_OFFLINE_CAUSE,
    ASK_PAPER,
    ASK_PRINTER,
    PrinterCondition,
    PrinterStatus,
    read_status,
)


class PrinterAnswering:
    """A printer at the other end of the line, answering each question from a table."""

    def __init__(self, answers: dict[bytes, bytes]) -> None:
        self.answers = answers
        self.asked: list[bytes] = []

    def __call__(self, query: bytes) -> bytes:
        self.asked.append(query)
        return self.answers.get(query, b"")


def status_for(printer: int, offline_cause: int, paper: int) -> PrinterStatus:
    return read_status(
        PrinterAnswering(
            {ASK_PRINTER: bytes([printer]), ASK_OFFLINE_CAUSE: bytes([offline_cause]), ASK_PAPER: bytes([paper])}
        )
    )


@pytest.mark.parametrize(
    ("answers", "condition", "said", "must_wait"),
    [
        ((0x12, 0x12, 0x12), PrinterCondition.ONLINE, "online", False),
        ((0x12, 0x12, 0x1E), PrinterCondition.PAPER_NEAR_END, "online, paper near end", False),
        ((0x1A, 0x32, 0x7E), PrinterCondition.PAPER_OUT, "offline: paper out", True),
        ((0x1A, 0x16, 0x12), PrinterCondition.COVER_OPEN, "offline: cover open", True),
        ((0x1A, 0x52, 0x12), PrinterCondition.OFFLINE, "offline: error", True),
        ((0x1A, 0x1A, 0x12), PrinterCondition.OFFLINE, "offline", True),
    ],
)
def test_the_three_answers_make_one_status(
    answers: tuple[int, int, int], condition: PrinterCondition, said: str, must_wait: bool
) -> None:
    status = status_for(*answers)

    assert status.condition is condition
    assert status.describe() == said
    assert status.must_wait is must_wait


def test_a_printer_that_does_not_answer_is_asked_once() -> None:
    printer = PrinterAnswering({})

    status = read_status(printer)

    assert status == PrinterStatus(answered=False)
    assert status.condition is PrinterCondition.NO_ANSWER
    assert not status.must_wait, "it may still print: the job is sent and its send decides"
    assert printer.asked == [ASK_PRINTER]


def test_a_byte_that_is_not_a_status_answer_counts_as_no_answer() -> None:
    # XON (0x11) is what a serial printer sends when it is ready for more data; 0xFF is line noise.
    assert read_status(PrinterAnswering({ASK_PRINTER: b"\x11"})).condition is PrinterCondition.NO_ANSWER
    assert read_status(PrinterAnswering({ASK_PRINTER: b"\xff"})).condition is PrinterCondition.NO_ANSWER


def test_a_missing_later_answer_leaves_only_what_the_first_said() -> None:
    status = read_status(PrinterAnswering({ASK_PRINTER: b"\x1a"}))

    assert status.condition is PrinterCondition.OFFLINE
    assert status.describe() == "offline"
