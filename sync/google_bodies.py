"""A write's requests as the bodies of ``spreadsheets.batchUpdate`` calls, each under Google's size limit.

Google refuses a request body over 10 MiB ("Request payload size exceeds the limit: 10485760 bytes").
A cycle's write fits one body; a first sync of a large site (every live row appended) does not, so the
requests are cut into bodies, in order, an append cut between two of its rows. Each body is applied all
or nothing, but a write cut in several is not: when one fails, the bodies before it stay applied. The
engine meets that as it meets a write whose answer was lost: it records nothing, and the next cycle
reads the sheet, takes the cells already written for agreed and finds the rows already appended by
their IDs, so no row is added twice. Bodies are encoded here, a row at a time, one or two at once, so
no more than two bodies' worth of JSON is ever held.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sync.backend import CellValue
from sync.google_requests import VALUES_ONLY, AppendRows, cell_data, json_bytes

GOOGLE_BODY_LIMIT = 10_485_760  # bytes; Google answers 400 INVALID_ARGUMENT to a larger request
BODY_LIMIT = 8 * 2**20  # what lobbydesk puts in one body, well under Google's limit
_HEAD = b'{"requests":['


@dataclass(frozen=True)
class Body:
    """One batchUpdate's body, ready to send."""

    data: bytes
    repeatable: bool  # it adds no rows or tabs, so sending it twice changes nothing
    last: bool  # the write's last body, which carries ``extra`` (what its answer should show)


@dataclass
class _Filling:
    """A body being filled: its requests' JSON in pieces, joined once when the body is made."""

    pieces: list[bytes] = field(default_factory=list)
    size: int = 0  # of the requests and the commas between them
    requests: int = 0
    repeatable: bool = True
    append_sheet: int | None = None  # the append still taking rows, if any: its rows are the last pieces

    def is_empty(self) -> bool:
        return not self.requests

    def room_for(self, size: int, limit: int) -> bool:
        return self.is_empty() or self.size + 1 + size <= limit

    def add(self, text: bytes, *, repeatable: bool) -> None:
        self.close_append()
        self._open(len(text))
        self.pieces.append(text)
        self.repeatable = self.repeatable and repeatable

    def room_for_row(self, sheet_id: int, row: bytes, limit: int) -> bool:
        if self.append_sheet == sheet_id:
            return self.size + 1 + len(row) <= limit
        return self.room_for(len(_append_head(sheet_id)) + len(row) + len(_APPEND_TAIL), limit)

    def add_row(self, sheet_id: int, row: bytes) -> None:
        if self.append_sheet == sheet_id:
            self.pieces.extend((b",", row))
            self.size += 1 + len(row)
            return
        self.close_append()
        head = _append_head(sheet_id)
        self._open(len(head) + len(row) + len(_APPEND_TAIL))
        self.pieces.extend((head, row))
        self.append_sheet = sheet_id
        self.repeatable = False

    def close_append(self) -> None:
        if self.append_sheet is not None:
            self.pieces.append(_APPEND_TAIL)  # counted in the size when the append was opened
            self.append_sheet = None

    def _open(self, size: int) -> None:
        if self.requests:
            self.pieces.append(b",")
            self.size += 1
        self.size += size
        self.requests += 1


def request_bodies(
    requests: Sequence[Mapping[str, Any] | AppendRows], *, extra: Mapping[str, Any] | None = None,
    limit: int = BODY_LIMIT,
) -> Iterator[Body]:
    """The requests, in order, in as few bodies of at most ``limit`` bytes as they fit; the last one carries ``extra``.

    A single request larger than the limit on its own (no row of lobbydesk's comes near) goes alone in
    its body, for Google to refuse.
    """
    tail = b"]" + (b"," + json_bytes(extra)[1:-1] if extra else b"") + b"}"
    room = limit - len(_HEAD) - len(tail)
    held: _Filling | None = None
    for filled in _fill(requests, room):
        if held is not None:
            yield _body(held, b"]}", last=False)
        held = filled
    if held is not None:
        yield _body(held, tail, last=True)


def _fill(requests: Sequence[Mapping[str, Any] | AppendRows], room: int) -> Iterator[_Filling]:
    filling = _Filling()
    for request in requests:
        if isinstance(request, AppendRows):
            for row in request.rows:
                text = _row_text(row)
                if not filling.room_for_row(request.sheet_id, text, room):
                    yield filling
                    filling = _Filling()
                filling.add_row(request.sheet_id, text)
            continue
        text = json_bytes(request)
        if not filling.room_for(len(text), room):
            yield filling
            filling = _Filling()
        filling.add(text, repeatable="addSheet" not in request)
    if filling.requests:
        yield filling


def _body(filling: _Filling, tail: bytes, *, last: bool) -> Body:
    filling.close_append()
    return Body(b"".join([_HEAD, *filling.pieces, tail]), filling.repeatable, last)


def _row_text(row: Sequence[CellValue]) -> bytes:
    return b'{"values":' + json_bytes([cell_data(value) for value in row]) + b"}"


def _append_head(sheet_id: int) -> bytes:
    return b'{"appendCells":{"sheetId":%d,"fields":%s,"rows":[' % (sheet_id, json_bytes(VALUES_ONLY))


_APPEND_TAIL = b"]}}"
