"""Staff at the command line: is the printer all right, and does a test page come out?"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lobbydesk.cli import main
from tests.printers.escpos_decoder import decode
from tests.printers.fake_printer import FakeNetworkPrinter, Mode


@pytest.fixture
def fake_printer(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeNetworkPrinter]:
    printer = FakeNetworkPrinter()
    monkeypatch.setenv("LOBBYDESK_PRINTER", printer.url(timeout=0.3))
    yield printer
    printer.close()


@pytest.mark.parametrize(
    ("mode", "said", "exit_status"),
    [
        (Mode.ONLINE, "online", 0),
        (Mode.PAPER_NEAR_END, "online, paper near end", 0),
        (Mode.PAPER_OUT, "offline: paper out", 1),
        (Mode.COVER_OPEN, "offline: cover open", 1),
        (Mode.SILENT, "no answer to the status query", 1),
    ],
)
def test_printer_status_says_how_the_printer_is_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_printer: FakeNetworkPrinter,
    mode: Mode, said: str, exit_status: int,
) -> None:
    fake_printer.switch_to(mode)

    assert main(["printer", "status", "--data", str(tmp_path)]) == exit_status
    assert capsys.readouterr().out == f"network 127.0.0.1:{fake_printer.port}: {said}\n"


def test_printer_status_says_when_the_printer_cannot_be_reached(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_printer: FakeNetworkPrinter
) -> None:
    fake_printer.switch_to(Mode.REFUSED)

    assert main(["printer", "status", "--data", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"cannot reach network 127.0.0.1:{fake_printer.port}: ") and "refused" in out
    assert out.count("\n") == 1


@pytest.mark.parametrize(("url", "kind"), [("", "file"), ("none", "none"), ("cups://Receipt", "cups")])
def test_printer_status_is_not_available_for_printers_that_cannot_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str, kind: str
) -> None:
    if url:
        monkeypatch.setenv("LOBBYDESK_PRINTER", url)

    assert main(["printer", "status", "--data", str(tmp_path)]) == 1
    assert f"status not available for {kind} printers" in capsys.readouterr().out


def test_print_test_sends_a_test_page_to_a_network_printer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_printer: FakeNetworkPrinter
) -> None:
    assert main(["print-test", "--data", str(tmp_path)]) == 0

    assert f"Test page sent to network 127.0.0.1:{fake_printer.port}" in capsys.readouterr().out
    [page] = fake_printer.jobs
    assert any(text.startswith("Printed: ") for text in decode(page).texts)


def test_print_test_does_not_send_to_a_printer_out_of_paper(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_printer: FakeNetworkPrinter
) -> None:
    fake_printer.switch_to(Mode.PAPER_OUT)

    assert main(["print-test", "--data", str(tmp_path)]) == 1
    assert "offline: paper out" in capsys.readouterr().err
    assert fake_printer.jobs == []


def test_printer_status_explains_itself(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["printer", "status", "--help"])
    assert done.value.code == 0
    said = capsys.readouterr().out
    assert "--data" in said and "Exit status 0 when it can print" in said
