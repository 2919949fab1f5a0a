"""A small ESC/POS decoder: turns printer bytes back into what would appear on paper.

It knows the commands our layouts (through python-escpos) send and raises :class:`UnexpectedBytesError` on
anything else, so a surprise in the output fails a test instead of slipping through. Outside the
printer's Chinese mode only printable ASCII is accepted: our layouts never send code-page text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

ESC, GS, FS, LF = 0x1B, 0x1D, 0x1C, 0x0A


class UnexpectedBytesError(ValueError):
    """The bytes contain something this decoder (and so our layouts) does not expect."""


@dataclass(frozen=True)
class Style:
    """The character style in force when a line was printed."""

    align: str = "left"
    bold: bool = False
    width: int = 1
    height: int = 1
    font: int = 0


@dataclass(frozen=True)
class TextLine:
    """One printed line of text; ``chinese`` when any of it came through the Chinese mode."""

    text: str
    style: Style
    chinese: bool = False

    @property
    def columns(self) -> float:
        """How many font-A columns the line covers: a two-byte (Chinese-mode) character takes two,
        a character of the small font (9 dots instead of 12) three quarters of one."""
        width = sum(1 if char.isascii() else 2 for char in self.text) * self.style.width
        return width * 0.75 if self.style.font == 1 else width


@dataclass(frozen=True)
class QrCode:
    """A QR code printed by the printer itself (``GS ( k``)."""

    payload: str
    module_size: int
    error_correction: str
    align: str


@dataclass(frozen=True)
class RasterImage:
    """An image sent with ``GS v 0``; ``rows`` holds its pixels, True for black."""

    width: int
    height: int
    rows: tuple[tuple[bool, ...], ...]

    @property
    def ink(self) -> int:
        """How many dots are black."""
        return sum(sum(row) for row in self.rows)


@dataclass(frozen=True)
class Feed:
    """``ESC d n``: print and feed n lines."""

    lines: int


@dataclass(frozen=True)
class Cut:
    """``GS V``: cut the paper."""

    partial: bool


@dataclass(frozen=True)
class Command:
    """A command that changes state without putting anything on paper (init, code page)."""

    name: str
    argument: int | None = None


Item = TextLine | QrCode | RasterImage | Feed | Cut | Command


@dataclass
class Printout:
    """Everything decoded from one job, in order."""

    items: list[Item] = field(default_factory=list)

    @property
    def lines(self) -> list[TextLine]:
        """The text lines, blank ones included."""
        return [item for item in self.items if isinstance(item, TextLine)]

    @property
    def texts(self) -> list[str]:
        """The text of every line."""
        return [line.text for line in self.lines]

    @property
    def qr_codes(self) -> list[QrCode]:
        """The native QR codes."""
        return [item for item in self.items if isinstance(item, QrCode)]

    @property
    def images(self) -> list[RasterImage]:
        """The raster images."""
        return [item for item in self.items if isinstance(item, RasterImage)]

    @property
    def cuts(self) -> list[Cut]:
        """The cuts."""
        return [item for item in self.items if isinstance(item, Cut)]

    def value_of(self, label: str) -> str:
        """The value printed right of ``label`` on a label-value row; fails loudly when there is none."""
        for line in self.lines:
            if line.text.startswith(label + " ") and line.text != label:
                return line.text[len(label) :].strip()
        raise AssertionError(f"no row is labelled {label!r}; lines: {self.texts}")

    def overflowing(self, width_chars: int, width_dots: int) -> list[Item]:
        """Lines and images wider than the paper: the printer would wrap or cut them off."""
        too_wide: list[Item] = [line for line in self.lines if line.columns > width_chars]
        return too_wide + [image for image in self.images if image.width > width_dots]

    def line_with(self, fragment: str) -> TextLine:
        """The first line containing ``fragment``; fails loudly when there is none."""
        for line in self.lines:
            if fragment in line.text:
                return line
        raise AssertionError(f"no line contains {fragment!r}; lines: {self.texts}")


_ALIGNMENTS = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}
_ERROR_CORRECTION = {48: "L", 49: "M", 50: "Q", 51: "H"}


class _Decoder:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0
        self.style = Style()
        self.printout = Printout()
        self.pending = bytearray()
        self.pending_style: Style | None = None
        self.pending_chinese = False
        self.chinese_mode = False
        self.qr_module = 3
        self.qr_error_correction = "L"
        self.qr_payload: str | None = None

    def decode(self) -> Printout:
        while self.at < len(self.data):
            byte = self.data[self.at]
            if byte == ESC:
                self._esc()
            elif byte == GS:
                self._gs()
            elif byte == FS:
                self._fs()
            elif byte == LF:
                self.at += 1
                self._end_line()
            elif 0x20 <= byte < 0x7F or (self.chinese_mode and byte >= 0x80):
                self._character()
            else:
                raise UnexpectedBytesError(f"byte 0x{byte:02x} at {self.at} outside Chinese mode")
        if self.chinese_mode:
            raise UnexpectedBytesError("the job ends inside Chinese mode (FS & without FS .)")
        if self.pending:
            raise UnexpectedBytesError(f"text {self._pending_text()!r} is never printed: no line feed after it")
        return self.printout

    def _take(self, count: int) -> bytes:
        if self.at + count > len(self.data):
            raise UnexpectedBytesError(f"command at {self.at} is cut short")
        chunk = self.data[self.at : self.at + count]
        self.at += count
        return chunk

    def _character(self) -> None:
        if not self.pending:
            self.pending_style = self.style
        self.pending_chinese = self.pending_chinese or self.chinese_mode
        self.pending.append(self.data[self.at])
        self.at += 1

    def _pending_text(self) -> str:
        return bytes(self.pending).decode("gb18030" if self.pending_chinese else "ascii")

    def _end_line(self) -> None:
        if self.chinese_mode:
            raise UnexpectedBytesError("line feed inside Chinese mode")
        text = self._pending_text()
        self.printout.items.append(TextLine(text, self.pending_style or self.style, self.pending_chinese))
        self.pending.clear()
        self.pending_style = None
        self.pending_chinese = False

    def _flush_before_graphics(self) -> None:
        if self.pending:
            self._end_line()

    def _esc(self) -> None:
        command = self._take(2)[1:]
        if command == b"@":
            self.style = Style()
            self.chinese_mode = False
            self.printout.items.append(Command("init"))
        elif command == b"a":
            self.style = replace(self.style, align=_ALIGNMENTS[self._take(1)[0]])
        elif command == b"E":
            self.style = replace(self.style, bold=bool(self._take(1)[0] & 1))
        elif command == b"M":
            self.style = replace(self.style, font=self._take(1)[0] & 1)
        elif command == b"!":
            mode = self._take(1)[0]
            self.style = replace(
                self.style,
                font=mode & 1,
                bold=bool(mode & 0x08),
                height=2 if mode & 0x10 else 1,
                width=2 if mode & 0x20 else 1,
            )
        elif command == b"t":
            self.printout.items.append(Command("code page", self._take(1)[0]))
        elif command == b"d":
            self._flush_before_graphics()
            self.printout.items.append(Feed(self._take(1)[0]))
        else:
            raise UnexpectedBytesError(f"unknown command ESC {command!r} at {self.at - 2}")

    def _gs(self) -> None:
        command = self._take(2)[1:]
        if command == b"!":
            size = self._take(1)[0]
            self.style = replace(self.style, width=(size >> 4) + 1, height=(size & 0x0F) + 1)
        elif command == b"V":
            mode = self._take(1)[0]
            if mode in (65, 66):
                self._take(1)
            elif mode not in (0, 1, 48, 49):
                raise UnexpectedBytesError(f"unknown cut mode {mode}")
            self._flush_before_graphics()
            self.printout.items.append(Cut(partial=mode in (1, 49, 66)))
        elif command == b"(":
            self._gs_paren()
        elif command == b"v":
            self._raster_image()
        else:
            raise UnexpectedBytesError(f"unknown command GS {command!r} at {self.at - 2}")

    def _gs_paren(self) -> None:
        if self._take(1) != b"k":
            raise UnexpectedBytesError(f"unknown GS ( command at {self.at - 3}")
        low, high = self._take(2)
        body = self._take(low + 256 * high)
        code_type, function, rest = body[0:1], body[1], body[2:]
        if code_type != b"1":
            raise UnexpectedBytesError(f"2D code of type {code_type!r} is not a QR code")
        if function == 65:
            pass  # model select: every printer we support speaks model 2
        elif function == 67:
            self.qr_module = rest[0]
        elif function == 69:
            self.qr_error_correction = _ERROR_CORRECTION[rest[0]]
        elif function == 80:
            self.qr_payload = rest[1:].decode("utf-8")
        elif function == 81:
            if self.qr_payload is None:
                raise UnexpectedBytesError("QR print command without stored data")
            self._flush_before_graphics()
            self.printout.items.append(
                QrCode(self.qr_payload, self.qr_module, self.qr_error_correction, self.style.align)
            )
        else:
            raise UnexpectedBytesError(f"unknown QR function {function}")

    def _raster_image(self) -> None:
        if self._take(1) != b"0":
            raise UnexpectedBytesError(f"unknown GS v command at {self.at - 3}")
        density = self._take(1)[0]
        if density not in (0, 1, 2, 3, 48, 49, 50, 51):
            raise UnexpectedBytesError(f"unknown raster density {density}")
        x_low, x_high, y_low, y_high = self._take(4)
        width_bytes, height = x_low + 256 * x_high, y_low + 256 * y_high
        raster = self._take(width_bytes * height)
        row_bytes = [raster[row * width_bytes : (row + 1) * width_bytes] for row in range(height)]
        rows = tuple(tuple(bool(byte & (0x80 >> bit)) for byte in row for bit in range(8)) for row in row_bytes)
        self._flush_before_graphics()
        self.printout.items.append(RasterImage(width_bytes * 8, height, rows))

    def _fs(self) -> None:
        command = self._take(2)[1:]
        if command == b"&":
            if self.chinese_mode:
                raise UnexpectedBytesError("FS & while already in Chinese mode")
            self.chinese_mode = True
        elif command == b".":
            if not self.chinese_mode:
                raise UnexpectedBytesError("FS . outside Chinese mode")
            self.chinese_mode = False
        else:
            raise UnexpectedBytesError(f"unknown command FS {command!r} at {self.at - 2}")


def decode(data: bytes) -> Printout:
    """Decode one job's bytes; raises :class:`UnexpectedBytesError` on anything unexpected."""
    return _Decoder(data).decode()
