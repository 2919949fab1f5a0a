"""A ticket being composed: styled lines, rows, QR codes and a cut, collected as ESC/POS bytes.

Layouts write through :class:`Paper` and never touch python-escpos directly. Paper decides how
each line reaches the printer: plain ASCII as text, other text either in the printer's Chinese mode
(``FS &`` + GB18030 + ``FS .``) or, when the profile says so or the printer's font lacks a
character, drawn into an image. It never lets python-escpos's code-page encoder near non-ASCII
text, because that encoder prints ``?`` for every character it cannot map.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from PIL import Image

from printers.profile import PrinterProfile
from printers.text_image import Align, draw_qr, draw_row, draw_text, raster_commands

ENTER_CHINESE_MODE = b"\x1c\x26"  # FS &
LEAVE_CHINESE_MODE = b"\x1c\x2e"  # FS .

# Runs of spaces, words of visible ASCII, or any other single character (a Chinese character is
# a word of its own): the pieces a line may be broken between.
_WRAP_PIECES = re.compile(r" +|[!-~]+|.", re.DOTALL)
# Punctuation that must not begin a line of Chinese.
_NO_LINE_START = frozenset("，。、；：？！）》」』】〉”’…")


class Paper:
    """One ticket's worth of ESC/POS output for a given printer profile."""

    def __init__(self, profile: PrinterProfile) -> None:
        self.profile = profile
        self._printer = _escpos_dummy(profile)
        self._has_small_font = "1" in self._printer.profile.fonts
        self._printer.hw("INIT")

    def line(self, text: str, *, align: Align = "left", bold: bool = False, size: int = 1, small: bool = False) -> None:
        """Print one line of text; ``size`` multiplies width and height (1-8)."""
        text = printable(text)
        self._style(align=align, bold=bold, size=size, small=small)
        if text.isascii():
            self._printer.text(text + "\n")
        elif self._native(text):
            self._printer._raw(ENTER_CHINESE_MODE + text.encode("gb18030") + LEAVE_CHINESE_MODE + b"\n")
        else:
            self._image(draw_text(text, self.profile.width_dots, align=align, size=size, bold=bold))

    def paragraph(
        self, text: str, *, align: Align = "left", bold: bool = False, size: int = 1, max_lines: int | None = None
    ) -> None:
        """Print text that may be longer than a line, broken between words; newlines start new lines.

        With ``max_lines``, text beyond that many lines is dropped and the last line ends in "...".
        """
        lines = [
            wrapped
            for part in text.splitlines() or [""]
            for wrapped in wrap_columns(printable(part), self.profile.width_chars // size)
        ]
        if max_lines is not None and len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = _shorten(lines[-1], self.profile.width_chars // size - 3) + "..."
        for line in lines:
            self.line(line, align=align, bold=bold, size=size)

    def row(self, label: str, value: str, *, bold: bool = False) -> None:
        """The label flush left and the value flush right on one line, or on two when they do not fit."""
        label, value = printable(label), printable(value)
        spare = self.profile.width_chars - display_width(label) - display_width(value)
        if self._native(label + value):
            if spare >= 1:
                self.line(label + " " * spare + value, bold=bold)
                return
        else:
            image = draw_row(label, value, self.profile.width_dots, bold=bold)
            if image is not None:
                self._style(align="left", bold=False, size=1, small=False)
                self._image(image)
                return
        self.line(label, bold=bold)
        self.paragraph(value, align="right", bold=bold)

    def rule(self) -> None:
        """A dashed line across the paper, between parts of a slip."""
        self.line("-" * self.profile.width_chars)

    def fitting_size(self, text: str, preferred: int) -> int:
        """The largest size up to ``preferred`` at which ``text`` fits on one line."""
        width = display_width(printable(text))
        size = preferred
        while size > 1 and width * size > self.profile.width_chars:
            size -= 1
        return size

    def blank(self, count: int = 1) -> None:
        """Feed empty lines."""
        self._style(align="left", bold=False, size=1, small=False)
        self._printer.text("\n" * count)

    def qr(self, payload: str) -> None:
        """Print a centred QR code, by the printer itself when it can, as an image otherwise."""
        module = 6 if self.profile.width_dots >= 512 else 5
        if self.profile.native_qr:
            # python-escpos cannot centre a native QR code; the alignment command does it instead.
            self._style(align="center", bold=False, size=1, small=False)
            self._printer.qr(payload, native=True, size=module, ec=_QR_ERROR_CORRECTION_M)
            self._printer.text("\n")
        else:
            self._style(align="left", bold=False, size=1, small=False)
            self._image(draw_qr(payload, self.profile.width_dots, module=module))

    def cut(self) -> None:
        """Feed the paper past the cutter and cut (where the profile says the printer can)."""
        self._style(align="left", bold=False, size=1, small=False)
        self._printer.cut()

    def to_bytes(self) -> bytes:
        """Everything written so far."""
        output: bytes = self._printer.output
        return output

    def _native(self, text: str) -> bool:
        """Whether the printer can print this text from its own fonts."""
        return text.isascii() or (self.profile.native_chinese and _fits_printer_font(text))

    def _image(self, image: Image.Image) -> None:
        self._printer._raw(raster_commands(image))

    def _style(self, *, align: Align, bold: bool, size: int, small: bool) -> None:
        # Every line states its whole style, so no line depends on what the previous one left set.
        # GS ! sets the size of Chinese characters too, unlike ESC !, so sizes always go through it.
        self._printer.set(
            align=align,
            bold=bold,
            font="b" if small and self._has_small_font else "a",
            custom_size=True,
            width=size,
            height=size,
        )


# python-escpos's constant for error correction level M (about 15% of the code can be damaged).
_QR_ERROR_CORRECTION_M = 1


# Control characters, line and paragraph separators, and lone surrogates (which no encoding takes).
_NOT_PRINTABLE = frozenset({"Cc", "Zl", "Zp", "Cs"})


def printable(text: str) -> str:
    """The text without control characters, which would otherwise reach the printer as commands.

    Line and paragraph separators count too: a printer would not break the line, but the
    layout's widths would be wrong.
    """
    return "".join(" " if unicodedata.category(char) in _NOT_PRINTABLE else char for char in text)


def display_width(text: str) -> int:
    """Printed width in font-A columns: ASCII takes one, anything else two.

    In the printer's Chinese mode every non-ASCII character is a two-byte code printed full
    width, even those Unicode calls narrow (·, “, ”); drawn text is never wider than that.
    """
    return sum(1 if char.isascii() else 2 for char in text)


def wrap_columns(text: str, columns: int) -> list[str]:
    """Text broken into lines of at most ``columns`` columns, between words where it can."""
    lines: list[str] = []
    current = ""
    for piece in _WRAP_PIECES.findall(text):
        if piece.isspace() and not current and lines:
            continue  # no line starts with the spaces it was broken at
        if display_width(current + piece) <= columns:
            current += piece
            continue
        if piece.isspace():
            lines.append(current.rstrip())
            current = ""
            continue
        if piece in _NO_LINE_START and len(current.rstrip()) > 1:
            # Chinese never starts a line with a comma or a closing mark: its character goes along.
            lines.append(current[:-1].rstrip())
            current = current[-1] + piece
            continue
        if current.strip():
            lines.append(current.rstrip())
        current = ""
        # A word longer than a whole line (an address, a long number) is cut where the line ends.
        for char in piece:
            if display_width(current + char) > columns:
                lines.append(current)
                current = ""
            current += char
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return lines


def _shorten(text: str, columns: int) -> str:
    while display_width(text) > columns:
        text = text[:-1]
    return text


def _fits_printer_font(text: str) -> bool:
    """Whether every character is in GBK, the two-byte part of GB18030 that printer fonts carry.

    Characters beyond it (rare ideographs, emoji) need GB18030's four-byte codes, which many
    printers print as garbage, so such lines are drawn as images instead.
    """
    try:
        return text.encode("gbk") == text.encode("gb18030")
    except UnicodeEncodeError:
        return False


def _escpos_dummy(profile: PrinterProfile) -> Any:
    """A python-escpos Dummy printer whose capabilities follow our profile's paper width."""
    # Imported here: python-escpos loads its capabilities database when imported.
    from escpos.capabilities import CAPABILITIES, Profile
    from escpos.printer import Dummy

    data = CAPABILITIES["profiles"][profile.escpos_profile]
    escpos_profile = Profile(columns=profile.width_chars, features=dict(data.get("features", {})))
    media = data.get("media", {})
    # Our width in dots replaces the database's, which is often "Unknown" (python-escpos then
    # prints a warning to stdout for every image and cannot centre one).
    escpos_profile.profile_data = {
        **data,
        "media": {**media, "width": {**media.get("width", {}), "pixels": profile.width_dots}},
    }
    return Dummy(profile=escpos_profile)
