"""Staff edit -> open kiosk on the large demo, end to end: ``lobbydesk run``, an office suite's save, the store.

    uv run python -m bench.scale.edit_to_kiosk --data DIR [--rounds 3] [--no-helper]

``lobbydesk run`` serves the folder's site (a copy is best: the edits stay in it). Once its first cycle
is done (a first staff edit, saved as our patch writer saves, has reached the store), staff save an edit
as an office suite does, every part of the file rewritten (``side_by_side._rezip``), made on a copy of
the file and put in its place in one rename, as Excel and LibreOffice save. The figure is the seconds from
that rename until the store holds the edit: what an open kiosk shows on its next look. The server's
loop looks at the file every second, so each round starts at another moment of that second. Every
process's peak memory is sampled meanwhile, the sync child's read helper included, and so is their sum
every 0.2 s (the peaks do not all fall at the same moment: the helper's is in a read, the sync child's
may be in the merge or the write after it); ``--no-helper`` runs
the site without it (``sync_read_helper = false``), for the figures side by side. Nothing passes or fails.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench.scale.side_by_side import _answers, _as_staff, _family, _rss_kib


def main() -> None:
    """Run the rounds and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="a large demo's data folder (a copy: it is edited)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-helper", action="store_true", help="run the site with sync_read_helper = false")
    args = parser.parse_args()
    print(json.dumps(edit_to_kiosk(args.data, args.rounds, helper=not args.no_helper), indent=2))


def edit_to_kiosk(data: Path, rounds: int, *, helper: bool = True) -> dict[str, Any]:
    """``lobbydesk run`` on the folder, then ``rounds`` office-suite saves: seconds until each reached the store."""
    port = 18_000 + os.getpid() % 1000
    env = {**os.environ, "LOBBYDESK_SYNC_READ_HELPER": "true" if helper else "false"}
    process = subprocess.Popen([sys.executable, "-m", "lobbydesk", "run", "--data", str(data), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    peaks: dict[str, int] = {"all together": 0}
    sampling = threading.Event()
    sampler = threading.Thread(target=_sample, args=(process.pid, peaks, sampling), daemon=True)
    sampler.start()
    path = data / "workbook.xlsx"
    figures: dict[str, Any] = {}
    try:
        started = time.monotonic()
        while not _answers(f"http://127.0.0.1:{port}/healthz"):
            time.sleep(0.5)
        figures["up after s"] = round(time.monotonic() - started, 1)
        repair_id = _as_staff(path, "Warm-up (bench)", rewrite_every_part=False)
        _wait_for(data, repair_id, "Warm-up (bench)")
        figures["first cycle and a patch-saved edit done after s"] = round(time.monotonic() - started, 1)
        time.sleep(10)  # the read after that cycle, and the Report tab's, are done
        seconds = []
        for round_number in range(rounds):
            time.sleep(3 + 0.37 * round_number)  # another moment of the loop's one-second look
            assignee = f"Li {round_number} (bench)"
            repair_id = _office_save(path, assignee)
            saved = time.monotonic()
            _wait_for(data, repair_id, assignee)
            seconds.append(round(time.monotonic() - saved, 1))
        figures["office save -> store, s each round"] = seconds
    finally:
        process.terminate()
        process.wait(30)
        sampling.set()
        sampler.join()
    figures["peak RSS MiB by process"] = {role: round(kib / 1024) for role, kib in peaks.items()}
    return figures


def _office_save(path: Path, assignee: str) -> str:
    """Staff's edit made on a copy, every part rewritten, then put in the file's place in one rename."""
    copy = path.with_name(f"saving-{path.name}")
    shutil.copyfile(path, copy)
    repair_id = _as_staff(copy, assignee, rewrite_every_part=True)
    os.replace(copy, path)
    return repair_id


def _wait_for(data: Path, repair_id: str, assignee: str, timeout: float = 300.0) -> None:
    """Until the store says the repair has this assignee (read as the kiosk reads it: a snapshot)."""
    from desk.repairs import Repair
    from desk.store import Store

    deadline = time.monotonic() + timeout
    with Store(data / "lobbydesk.sqlite3") as store:
        while time.monotonic() < deadline:
            with store.reading() as tx:
                repair = tx.get(Repair, repair_id)
            if repair is not None and repair.assignee == assignee:
                return
            time.sleep(0.1)
    raise TimeoutError(f"the edit of {repair_id} did not reach the store in {timeout:g} s")


def _sample(pid: int, peaks: dict[str, int], stop: threading.Event) -> None:
    while not stop.wait(0.2):
        together = 0
        for member, role in _family(pid):
            peaks[role] = max(peaks.get(role, 0), _rss_kib(member, "VmHWM:"))
            together += _rss_kib(member)
        peaks["all together"] = max(peaks["all together"], together)


if __name__ == "__main__":
    main()
