"""The sync imports openpyxl without numpy (20 MiB a process), and numpy stays there for the report charts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def test_the_server_and_the_sync_load_openpyxl_without_numpy_which_a_report_can_still_import() -> None:
    story = (
        "import sys\n"
        "import lobbydesk.server, lobbydesk.site, lobbydesk.sync_child, sync.xlsx\n"
        "import openpyxl.compat.numbers as openpyxl_numbers\n"
        "assert 'numpy' not in sys.modules, 'numpy came in with the server or the sync'\n"
        "assert not openpyxl_numbers.NUMPY\n"
        "import numpy\n"
        "print('numpy', numpy.__name__ in sys.modules)\n"
    )

    finished = subprocess.run([sys.executable, "-c", story], cwd=PROJECT, capture_output=True, text=True, timeout=120)

    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.strip() == "numpy True"
