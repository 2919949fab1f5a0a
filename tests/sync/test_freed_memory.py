"""The sync child gives back what a large cycle freed, instead of holding it until the next one."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sync.freed_memory import _glibc

FRAGMENTED_HEAP = """
import sys
from sync.freed_memory import give_back_freed_memory

def rss_mib():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024

blocks = [b"x" * (100 * 1024) for _ in range(2000)]  # 200 MB in blocks glibc keeps in its heap
last = blocks[-1]  # still in use, at the top of the heap: plain free() cannot shrink it
del blocks
held = rss_mib()
if sys.argv[1] == "give back":
    give_back_freed_memory()
print(held, rss_mib())
"""


def _held_then_after(mode: str) -> tuple[int, int]:
    done = subprocess.run([sys.executable, "-c", FRAGMENTED_HEAP, mode], capture_output=True, text=True, check=True)
    held, after = (int(figure) for figure in done.stdout.split())
    return held, after


@pytest.mark.skipif(_glibc() is None, reason="malloc_trim is glibc's")
def test_freed_blocks_go_back_to_the_system_once_a_cycle_is_done() -> None:
    held, kept = _held_then_after("keep")
    assert held > 150 and kept > 150, "without it, the freed 200 MB stay with the process"
    held, after = _held_then_after("give back")
    assert held > 150 and after < held - 150
