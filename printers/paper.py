"""A ticket being composed: styled lines, QR codes and a cut, collected as ESC/POS bytes.

Layouts write through :class:`Paper` and never touch python-escpos directly. Paper decides how
each line reaches the printer: plain ASCII as text, other text either in the printer's Chinese mode
(``FS &`` + GB18030 + ``FS .``) or, for printers without a Chinese font, drawn into an image. It never
lets python-escpos's code-page encoder near non-ASCII text, because that encoder prints ``?`` for
every character it cannot map.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path
from typing import Any, Literal

from PIL import Image, ImageDraw, ImageFont

from printers.profile import PrinterProfile

Align = Literal["left", "center", "right"]

ENTER_CHINESE_MODE = b"\x1c\x26"  # FS &
LEAVE_CHINESE_MODE = b"\x1c\x2e"  # FS .

# Font A is 24 dots high; text drawn as an image matches it so both kinds of line look alike.
IMAGE_TEXT_HEIGHT = 24

# Looked for in order when text has to be drawn; the first that exists is used.
CJK_FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
)


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
        elif self.profile.chinese_font and _fits_printer_font(text):
            self._printer._raw(ENTER_CHINESE_MODE + text.encode("gb18030") + LEAVE_CHINESE_MODE + b"\n")
        else:
            self._printer.image(draw_text(text, self.profile.width_dots, align=align, size=size, bold=bold))

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
            self._printer.qr(payload, native=False, size=module, ec=_QR_ERROR_CORRECTION_M, center=True)

    def cut(self) -> None:
        """Feed the paper past the cutter and cut (where the profile says the printer can)."""
        self._style(align="left", bold=False, size=1, small=False)
        self._printer.cut()

    def to_bytes(self) -> bytes:
        """Everything written so far."""
        output: bytes = self._printer.output
        return output

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


def printable(text: str) -> str:
    """The text without control characters, which would otherwise reach the printer as commands."""
    return "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)


def display_width(text: str) -> int:
    """Printed width in font-A columns: Chinese (wide) characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def _fits_printer_font(text: str) -> bool:
    """Whether every character is in GBK, the two-byte part of GB18030 that printer fonts carry.

    Characters beyond it (rare ideographs, emoji) need GB18030's four-byte codes, which many
    printers print as garbage, so such lines are drawn as images instead.
    """
    try:
        text.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


def draw_text(text: str, width_dots: int, *, align: Align = "left", size: int = 1, bold: bool = False) -> Image.Image:
    """Text drawn black on white, wrapped to the paper width, for printers without the glyphs."""
    font = _font(IMAGE_TEXT_HEIGHT * size)
    lines = _wrap(text, font, width_dots)
    line_height = IMAGE_TEXT_HEIGHT * size + 4
    image = Image.new("L", (width_dots, line_height * len(lines)), color=255)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        length = font.getlength(line)
        left = {"left": 0.0, "center": (width_dots - length) / 2, "right": width_dots - length}[align]
        draw.text((left, row * line_height), line, font=font, fill=0, stroke_width=1 if bold else 0, stroke_fill=0)
    # A hard threshold instead of python-escpos's dithering keeps glyph edges crisp on thermal paper.
    return image.point(lambda value: 255 if value > 160 else 0).convert("1", dither=Image.Dither.NONE)


def _wrap(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width_dots: int) -> list[str]:
    """Break text into lines no wider than the paper, by character (Chinese has no spaces)."""
    lines: list[str] = []
    current = ""
    for char in text:
        if current and font.getlength(current + char) > width_dots:
            lines.append(current)
            current = char.lstrip()
        else:
            current += char
    lines.append(current)
    return lines


@functools.lru_cache(maxsize=16)
def _font(pixel_size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A font with Chinese glyphs at this size, or Pillow's own font when the system has none."""
    path = _cjk_font_path()
    if path is None:
        return ImageFont.load_default(pixel_size)
    return ImageFont.truetype(path, pixel_size, index=_simplified_chinese_face(path))


@functools.lru_cache(maxsize=1)
def _cjk_font_path() -> str | None:
    """The first installed font of :data:`CJK_FONT_CANDIDATES`, looked up once per process."""
    return next((path for path in CJK_FONT_CANDIDATES if Path(path).is_file()), None)


@functools.lru_cache(maxsize=4)
def _simplified_chinese_face(path: str) -> int:
    """The face of a font collection drawn for Simplified Chinese ("… SC"); the first otherwise."""
    if not path.lower().endswith(".ttc"):
        return 0
    for index in range(16):
        try:
            family, _style = ImageFont.truetype(path, 12, index=index).getname()
        except OSError:
            break
        if family is not None and family.endswith(" SC"):
            return index
    return 0


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
