"""Issue 16's .xlsx figures side by side on the large demo, in one run, each part in a process of its own.

    uv run lobbydesk demo --size large --no-serve --data DIR        # the large demo and its first sync
    uv run python -m bench.scale.side_by_side --data DIR [--no-naive] [--no-archive] [--no-server]

Parts, each in a fresh process so its peak memory is its own:

- ``cycles``: what the sync child does (``lobbydesk/sync_child.py``'s ``cycle_giving_back``: the engine's
  cycle, the rules after it, the memory freed given back), through the site's own engine, each step with
  the memory held after it and its peak (the kernel's high-water mark): the first cycle after a start,
  an idle cycle (CPU, workbook reads, tabs parsed), kiosk -> sheet (a queue number taken, until its row is
  in the file; a number called, a row the file has), the read after our own write, and staff edit -> kiosk
  twice: a save that leaves the other tabs' bytes as they were (openpyxl, or our patch) and one that
  rewrites every part (as Excel does).
- ``naive``: openpyxl loading and saving the whole workbook, what the sync did before issue 16.
- ``archive``: ``lobbydesk archive --year Y`` for 2022-2025 on a copy; then ``cycles`` again on that copy.
- ``server``: ``lobbydesk run`` on the folder for a minute: the server's and its sync child's peak memory.

Between cycles the server's loop looks at the file every second (``lobbydesk/sync_loop.py``): add up to
a second to the cycle seconds for what a person sees (``bench/scale/edit_to_kiosk.py`` times a staff
edit end to end). Figures go in bench/scale/README.md; nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import time
import urllib.request
import zipfile
import zlib
from pathlib import Path
from typing import Any

PARTS = ("cycles", "naive", "archive", "server")
CLOSED_YEARS = (2022, 2023, 2024, 2025)  # the large demo ends in November 2026


def main() -> None:
    """Run every part in its own process and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="a large demo's data folder")
    parser.add_argument("--part", choices=PARTS, help="run one part in this process (used by the run itself)")
    for part in PARTS[1:]:
        parser.add_argument(f"--no-{part}", action="store_true", help=f"leave out the {part} part")
    args = parser.parse_args()
    if args.part:
        print(json.dumps(PART_FUNCTIONS[args.part](args.data)))
        return
    results = {"cycles": _in_child("cycles", args.data)}
    if not args.no_naive:
        results["naive"] = _in_child("naive", args.data)
    if not args.no_archive:
        copy = args.data.with_name(args.data.name + "-archived")
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(args.data, copy)
        results["archive"] = _in_child("archive", copy)
        results["cycles after the archive"] = _in_child("cycles", copy)
    if not args.no_server:
        results["server"] = _in_child("server", args.data)
    print(json.dumps(results, indent=2))


def _in_child(part: str, data: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "bench.scale.side_by_side", "--part", part, "--data", str(data)],
                          check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{part}: {result}", file=sys.stderr)
    return result


def cycles(data: Path) -> dict[str, Any]:
    """The sync child's cycles on this folder's site."""
    from desk.queue import Service
    from lobbydesk.cli_common import settings_from
    from lobbydesk.site import Site
    from lobbydesk.sync_child import cycle_giving_back
    from sync.freed_memory import keep_large_blocks_apart
    from sync.xlsx import RACY_NANOSECONDS, XlsxWorkbook

    figures: dict[str, Any] = {}
    keep_large_blocks_apart()  # as the sync child does when it starts
    with Site(settings_from(argparse.Namespace(config=None, data=data))) as site:
        def cycle() -> Any:  # what the sync child runs: the engine's cycle, the rules after it, memory given back
            return cycle_giving_back(site).report

        book = site.workbook
        assert isinstance(book, XlsxWorkbook)
        figures["cells in the workbook"] = _cells(book.path)
        figures["first cycle after a start"] = _timed(cycle, book)
        # The first cycle's rules refresh the Report tab (all twelve months on the day's first refresh):
        # the next cycle writes it. Then nothing is left to do.
        figures["the cycle after it (the Report tab written)"] = _timed(cycle, book)
        figures["the read after that write"] = _timed(cycle, book)
        figures["idle cycle"] = _timed(cycle, book)  # the file's timestamp still recent: its SHA-256 is its version
        time.sleep(RACY_NANOSECONDS / 1e9)
        # The version without the hash is another version: the file is read once more (every tab's part as read).
        figures["the cycle once the last write's timestamp settled"] = _timed(cycle, book)
        figures["idle cycle, the timestamp settled"] = _timed(cycle, book)  # a stat
        site.queue.take_number(Service.INQUIRY, print_ticket=False)
        figures["kiosk -> sheet (cycle)"] = _timed(cycle, book)
        figures["the read after our own write"] = _timed(cycle, book)
        site.queue.take_number(Service.INQUIRY, print_ticket=False)
        figures["kiosk -> sheet again (cycle)"] = _timed(cycle, book)
        figures["the read after it"] = _timed(cycle, book)
        site.queue.call_next(counter="1")  # a row the sheet has, changed: the tab must be read to find it
        figures["a number called -> sheet (cycle)"] = _timed(cycle, book)
        figures["the read after that"] = _timed(cycle, book)
        repair_id = _as_staff(book.path, "Wang (bench)", rewrite_every_part=False)
        figures["staff edit -> kiosk, other tabs as they were (cycle)"] = _timed(cycle, book)
        figures["the edit reached the store"] = _assignee(site, repair_id) == "Wang (bench)"
        repair_id = _as_staff(book.path, "Li (bench)", rewrite_every_part=True)
        figures["staff edit -> kiosk, every part rewritten (cycle)"] = _timed(cycle, book)
        figures["the second edit reached the store"] = _assignee(site, repair_id) == "Li (bench)"
    figures["peak memory MiB"] = _peak_mib()
    return figures


def _timed(cycle: Any, book: Any) -> dict[str, Any]:
    reads = book.reads
    _reset_peak()
    cpu, wall = time.process_time(), time.perf_counter()
    report = cycle()
    return {"wall s": round(time.perf_counter() - wall, 2), "cpu s": round(time.process_time() - cpu, 3),
            "workbook reads": book.reads - reads, "tabs parsed": len(book.read_cache.parsed) if book.reads > reads
            else 0, "helper parsed": book.last_helped if book.reads > reads else "",
            "write": book.last_write_path if report.writes else "", "ok": report.ok,
            "rss MiB": _rss_kib(os.getpid()) // 1024, "peak MiB": _rss_kib(os.getpid(), "VmHWM:") // 1024}


def _as_staff(path: Path, assignee: str, *, rewrite_every_part: bool) -> str:
    """:func:`_staff_edit` in a process of its own: staff's program's memory is not the sync child's."""
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        return str(pool.apply(_staff_edit, (path, assignee), {"rewrite_every_part": rewrite_every_part}))


def _staff_edit(path: Path, assignee: str, *, rewrite_every_part: bool) -> str:
    """Staff type an assignee into the first repair row, saved as our patch writer saves (other parts kept)."""
    from sync.backend import CellUpdate, WriteBatch
    from sync.xlsx import XlsxWorkbook

    staff = XlsxWorkbook(path)
    grid = staff.read(["Repairs"])["Repairs"]
    headers = grid[0]
    staff.write(WriteBatch(updates=[CellUpdate("Repairs", 1, headers.index("Assignee"), assignee)]))
    if rewrite_every_part:
        _rezip(path)
    return str(grid[1][headers.index("ID")])


def _rezip(path: Path) -> None:
    """Every part stored again with other bytes, as after an office suite's save: none of them stays.

    Deflated at level 1, or at 9 where level 1 gives the bytes it had; stored as it is where both do.
    """
    from sync.xlsx_package import stored_bytes

    content = path.read_bytes()
    with zipfile.ZipFile(path) as old:
        parts = [(info, old.read(info), bytes(stored_bytes(content, info))) for info in old.infolist()]
    temp = path.with_suffix(".rezip")
    with zipfile.ZipFile(temp, "w") as new:
        for info, data, stored in parts:
            level = next((level for level in (1, 9) if _deflated(data, level) != stored), None)
            method = zipfile.ZIP_STORED if level is None else zipfile.ZIP_DEFLATED
            new.writestr(info.filename, data, compress_type=method, compresslevel=level)
    os.replace(temp, path)


def _deflated(data: bytes, level: int) -> bytes:
    squeeze = zlib.compressobj(level, zlib.DEFLATED, -15)
    return squeeze.compress(data) + squeeze.flush()


def _assignee(site: Any, repair_id: str) -> str:
    from desk.repairs import Repair

    with site.store.transaction() as tx:
        repair = tx.get(Repair, repair_id)
    return str(repair.assignee) if repair is not None else ""


def _cells(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(str(path)) as workbook:
        sizes = [workbook.get_sheet_by_name(name) for name in workbook.sheet_names]
        return sum(sheet.height * sheet.width for sheet in sizes)


def naive(data: Path) -> dict[str, Any]:
    """openpyxl loading the whole workbook and saving it, as every write did before issue 16."""
    from openpyxl import load_workbook

    path = data / "workbook.xlsx"
    cpu, wall = time.process_time(), time.perf_counter()
    workbook = load_workbook(path)
    loaded = (round(time.perf_counter() - wall, 1), round(time.process_time() - cpu, 1))
    cpu, wall = time.process_time(), time.perf_counter()
    workbook.save(data / "naive-save.xlsx")
    saved = (round(time.perf_counter() - wall, 1), round(time.process_time() - cpu, 1))
    (data / "naive-save.xlsx").unlink()
    return {"load wall/cpu s": loaded, "save wall/cpu s": saved, "peak memory MiB": _peak_mib()}


def archive(data: Path) -> dict[str, Any]:
    """``lobbydesk archive --year Y`` on this folder for every closed year, oldest first, as staff would."""
    from lobbydesk.cli import main as lobbydesk

    figures: dict[str, Any] = {}
    for year in CLOSED_YEARS:
        before = (data / "workbook.xlsx").stat().st_size
        cpu, wall = time.process_time(), time.perf_counter()
        status = lobbydesk(["archive", "--year", str(year), "--data", str(data)])
        figures[str(year)] = {"status": status, "wall s": round(time.perf_counter() - wall, 1),
                              "cpu s": round(time.process_time() - cpu, 1), "peak memory MiB so far": _peak_mib(),
                              "workbook MiB before/after": (round(before / 2**20, 1),
                                                            round((data / "workbook.xlsx").stat().st_size / 2**20, 1))}
    return figures


def server(data: Path, seconds: float = 75.0, env: dict[str, str] | None = None) -> dict[str, Any]:
    """``lobbydesk run`` on the folder: the largest resident memory of the server and of its children.

    ``env``: settings for the run (``LOBBYDESK_*``) on top of this process's environment.
    """
    port = 18_000 + os.getpid() % 1000
    process = subprocess.Popen([sys.executable, "-m", "lobbydesk", "run", "--data", str(data), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    peaks: dict[str, int] = {}
    try:
        started = time.monotonic()
        up = None
        while time.monotonic() - started < seconds + 60:
            if up is None and _answers(f"http://127.0.0.1:{port}/healthz"):
                up = time.monotonic() - started
            for pid, role in _family(process.pid):
                peaks[role] = max(peaks.get(role, 0), _rss_kib(pid, "VmHWM:"))  # the kernel's high-water mark
            if up is not None and time.monotonic() - started > up + seconds:
                break
            time.sleep(0.5)
    finally:
        process.terminate()
        process.wait(30)
    return {"up after s": round(up or -1, 1), "peak RSS MiB by process": {role: round(kib / 1024) for role, kib
                                                                        in peaks.items()},
            "server + sync child MiB": round(sum(peaks.values()) / 1024)}


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError as error:
        return getattr(error, "code", None) == 503  # up, and saying what is wrong


def _family(pid: int, role: str = "server") -> list[tuple[int, str]]:
    """The server and every process under it (the sync child, its read helper, multiprocessing's), a name each."""
    found = [(pid, role)]
    with contextlib.suppress(OSError):
        for number, child in enumerate(Path(f"/proc/{pid}/task/{pid}/children").read_text().split()):
            found += _family(int(child), f"child {number}" if role == "server" else f"{role} > child {number}")
    return found


def _rss_kib(pid: int, field: str = "VmRSS:") -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _reset_peak() -> None:
    """Start the kernel's high-water mark of this process's memory again from what it holds now (Linux)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_mib() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


PART_FUNCTIONS = {"cycles": cycles, "naive": naive, "archive": archive, "server": server}

if __name__ == "__main__":
    main()
