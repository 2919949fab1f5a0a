"""IDs in batches small enough for one SQL statement, with their placeholders."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

# SQLite caps the parameters of one statement (999 in older builds): stay well under it.
PARAMETERS_AT_ONCE = 500


def in_chunks(values: Iterable[str]) -> Iterator[tuple[list[str], str]]:
    """The values in chunks for ``... IN (?, ?, ...)``: each chunk with its ``?,?,…`` placeholders."""
    wanted = list(values)
    for start in range(0, len(wanted), PARAMETERS_AT_ONCE):
        chunk = wanted[start : start + PARAMETERS_AT_ONCE]
        yield chunk, ",".join("?" * len(chunk))
