"""The parts of an .xlsx package (a zip file): their stored bytes and their inflated XML, a piece at a time.

A package is its bytes, or an open file of them read where needed and never held whole: the large demo's
file is 25 MB, which a read held once more and a write twice more, besides what it parsed.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
from collections.abc import Iterator
from typing import BinaryIO, cast

LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, ..., file name length, extra field length
INFLATED_PIECE = 1 << 20  # a part is inflated, or its stored bytes read from a file, this much at a time
Package = bytes | BinaryIO


def opened(package: Package) -> BinaryIO:
    """The package as a file to read from (a file given is the file itself)."""
    return io.BytesIO(package) if isinstance(package, bytes) else package


def file_digest(file: BinaryIO) -> bytes:
    """The SHA-256 of the whole file, read a piece at a time."""
    file.seek(0)
    return hashlib.file_digest(cast(io.BufferedIOBase, file), "sha256").digest()


def stored_bytes(content: bytes, info: zipfile.ZipInfo) -> memoryview:
    """A part's bytes as stored in the package (compressed), found from its local header."""
    start = _stored_start(content[info.header_offset:info.header_offset + LOCAL_HEADER.size], info)
    return memoryview(content)[start:start + info.compress_size]


def stored_pieces(package: Package, info: zipfile.ZipInfo) -> Iterator[bytes | memoryview]:
    """A part's stored (compressed) bytes one after another: views of the bytes, or read from the file a piece
    at a time."""
    if isinstance(package, bytes):
        yield stored_bytes(package, info)
        return
    package.seek(info.header_offset)
    package.seek(_stored_start(package.read(LOCAL_HEADER.size), info))
    left = info.compress_size
    while left:
        piece = package.read(min(left, INFLATED_PIECE))
        if not piece:
            raise zipfile.BadZipFile(f"{info.filename} is cut short")
        left -= len(piece)
        yield piece


def _stored_start(header: bytes, info: zipfile.ZipInfo) -> int:
    """Where a part's stored bytes start, from its local header (which must be there)."""
    if len(header) < LOCAL_HEADER.size:
        raise zipfile.BadZipFile(f"no local header for {info.filename}")
    signature, name_length, extra_length = LOCAL_HEADER.unpack(header)
    if signature != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"no local header for {info.filename}")
    return int(info.header_offset + LOCAL_HEADER.size + name_length + extra_length)


def inflated_part(archive: zipfile.ZipFile, part: str) -> bytearray:
    """A part's bytes, inflated into one buffer of its size: ``ZipFile.read`` joins the pieces at the end,
    twice the part at once (the large demo's Charges tab: 164 MB for 82)."""
    buffer = bytearray(archive.getinfo(part).file_size)
    filled = 0
    for piece in inflated_pieces(archive, part):
        buffer[filled:filled + len(piece)] = piece
        filled += len(piece)
    return buffer


def inflated_pieces(archive: zipfile.ZipFile, part: str, piece_size: int = INFLATED_PIECE) -> Iterator[bytes]:
    """A part's bytes, inflated ``piece_size`` at a time; its size and CRC are checked once its end is read."""
    info = archive.getinfo(part)
    filled = 0
    with archive.open(info) as member:  # checks the part's CRC once it is read to its end
        while piece := member.read(min(piece_size, info.file_size - filled) or 1):
            if filled + len(piece) > info.file_size:
                raise zipfile.BadZipFile(f"{part} is longer than its size says")
            filled += len(piece)
            yield piece
    if filled != info.file_size:
        raise zipfile.BadZipFile(f"{part} is shorter than its size says")
