"""Give the memory a full sync cycle freed back to the system, where the C library allows it (glibc).

A cycle that parses a large workbook frees hundreds of megabytes, but glibc keeps freed blocks in its
heap for reuse, and by default raises the size it hands out as separate mappings each time a large
block is freed, so the next large blocks land in the heap too and pin it: on the large demo the sync
child held 407 MiB after its first cycle with 180 MiB of it in use. The sync child and the read helper
(:mod:`sync.xlsx_read_helper`) keep large blocks apart from the start. Both calls are glibc's
(``mallopt``, ``malloc_trim``); elsewhere they do nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from functools import cache

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3  # glibc's malloc.h
# Blocks from this size up get mappings of their own, returned to the system when freed. Setting it
# also stops glibc from raising it as large blocks are freed.
SEPARATE_FROM_BYTES = 256 * 1024


@cache
def _glibc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    if libc is None or not hasattr(libc, "malloc_trim") or not hasattr(libc, "mallopt"):
        return None
    return libc


def keep_large_blocks_apart() -> None:
    """Give every block from 256 KiB up a mapping of its own, whatever was freed before (call once, at start)."""
    libc = _glibc()
    if libc is not None and not libc.mallopt(M_MMAP_THRESHOLD, SEPARATE_FROM_BYTES):
        log.info("the C library refused a fixed mmap threshold")


def give_back_freed_memory() -> None:
    """Return the heap's free pages to the system (after a cycle that read or wrote the workbook)."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
