"""An upgrade the store cannot take stops the server before it serves, with one line and no traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desk.store import MIGRATIONS
from lobbydesk.cli import main
from tests.lobbydesk.site_folders import site_folder


def test_lobbydesk_run_refuses_a_store_it_cannot_open_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = site_folder(tmp_path / "site")
    with sqlite3.connect(data / "lobbydesk.sqlite3") as conn:
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")

    assert main(["run", "--data", str(data), "--port", "8799"]) == 2

    said = capsys.readouterr().err
    assert said.count("\n") == 1
    assert said.startswith(f"lobbydesk: {data / 'lobbydesk.sqlite3'} was written by a newer lobbydesk")
    assert "Traceback" not in said
