"""Staff at the command line of a site set up without a printer: nothing claims a page came out."""

from __future__ import annotations

from pathlib import Path

import pytest

from lobbydesk.cli import main


@pytest.fixture(autouse=True)
def no_printer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOBBYDESK_PRINTER", "none")


def test_a_test_page_is_not_said_to_be_sent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["print-test", "--data", str(tmp_path)]) == 1

    said = capsys.readouterr()
    assert "sent" not in said.out
    assert said.err == 'lobbydesk: this site has no printer (printer = "none"): nothing was printed\n'


def test_the_status_says_slips_are_not_printed_and_owners_photograph_the_screen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["printer", "status", "--data", str(tmp_path)]) == 1

    assert capsys.readouterr().out == (
        'no printer: status not available for none printers; this site has no printer (printer = "none"): '
        "slips are marked not printed and owners are asked to photograph the screen\n")
