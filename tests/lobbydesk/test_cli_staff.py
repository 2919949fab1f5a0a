"""An office manager creates staff accounts from the command line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from desk.credentials import Outcome
from lobbydesk.cli import main
from lobbydesk.settings import load_settings
from lobbydesk.site import Site


def _check(data: Path, name: str, password: str) -> tuple[Outcome, str]:
    site = Site(load_settings(data_dir=data))
    site.open()
    try:
        result = site.credentials.check_staff(name, password)
    finally:
        site.close()
    return result.outcome, result.role


def test_a_script_adds_a_desk_account_with_the_password_on_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("tea and biscuits\n"))
    assert main(["staff", "add", "wang", "--role", "desk", "--password-stdin", "--data", str(tmp_path)]) == 0
    assert "Staff account 'wang' (desk) is ready" in capsys.readouterr().out
    assert _check(tmp_path, "wang", "tea and biscuits") == (Outcome.OK, "desk")

    assert main(["staff", "list", "--data", str(tmp_path)]) == 0
    assert "wang\tdesk" in capsys.readouterr().out


def test_a_short_password_is_refused_and_nothing_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["staff", "add", "li", "--role", "manager", "--password-stdin", "--data", str(tmp_path)]) == 1
    assert "at least 8 characters; nothing changed" in capsys.readouterr().err
    assert _check(tmp_path, "li", "short")[0] is Outcome.NOT_SET


def test_typed_passwords_must_match(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter(["first password", "second password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["staff", "add", "zhao", "--data", str(tmp_path)]) == 1
    assert "the two passwords differ" in capsys.readouterr().err
