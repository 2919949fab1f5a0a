"""Drawing for printers that lack a glyph or a QR command: text and QR codes as ESC/POS raster images.

Everything here is pure computation on Pillow images; the only file access is the one-time lookup
of a CJK font, done on first use and cached, never at import time.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

import qrcode
from PIL import Image, ImageDraw, ImageFont

Align = Literal["left", "center", "right"]

# Font A is 24 dots high; text drawn as an image matches it so both kinds of line look alike.
IMAGE_TEXT_HEIGHT = 24
# Space under each drawn line, like the printer's own line spacing.
IMAGE_LINE_GAP = 6

# Looked for in order when text has to be drawn; the first that exists is used. On Debian and
# Ubuntu the first comes from the fonts-noto-cjk package (.ci/run installs it).
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

# GS v 0 takes at most 2303 rows; python-escpos splits at 960 and so do we, to stay well inside
# the receive buffers of small printers.
RASTER_ROWS_PER_COMMAND = 960

# Pillow's "1" images store white as 1; ESC/POS rasters print 1 as black. Flipping every bit of
# the packed bytes converts one to the other without touching single pixels in Python.
_INVERT = bytes(255 - value for value in range(256))

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def draw_text(text: str, width_dots: int, *, align: Align = "left", size: int = 1, bold: bool = False) -> Image.Image:
    """Text drawn black on white, wrapped to the paper width, for printers without the glyphs."""
    pixel_size = IMAGE_TEXT_HEIGHT * size
    lines = _wrap(text, pixel_size, bold, width_dots)
    line_height = pixel_size + IMAGE_LINE_GAP
    image = Image.new("L", (width_dots, line_height * len(lines)), color=255)
    for row, line in enumerate(lines):
        length = text_length(line, pixel_size, bold)
        left = {"left": 0.0, "center": (width_dots - length) / 2, "right": width_dots - length}[align]
        _draw_line(image, line, pixel_size, bold, left, row * line_height)
    return _black_and_white(image)


def draw_row(left: str, right: str, width_dots: int, *, bold: bool = False) -> Image.Image | None:
    """``left`` flush left and ``right`` flush right on one drawn line; None when they do not fit."""
    left_length = text_length(left, IMAGE_TEXT_HEIGHT, bold)
    right_length = text_length(right, IMAGE_TEXT_HEIGHT, bold)
    # A gap of half a character keeps the two parts from reading as one word.
    if left_length + right_length + IMAGE_TEXT_HEIGHT / 2 > width_dots:
        return None
    image = Image.new("L", (width_dots, IMAGE_TEXT_HEIGHT + IMAGE_LINE_GAP), color=255)
    _draw_line(image, left, IMAGE_TEXT_HEIGHT, bold, 0.0, 0)
    _draw_line(image, right, IMAGE_TEXT_HEIGHT, bold, width_dots - right_length, 0)
    return _black_and_white(image)


def text_length(text: str, pixel_size: int, bold: bool) -> float:
    """How many dots wide ``text`` is drawn at this size."""
    return sum(_glyph(char, pixel_size, bold)[1] for char in text)


def draw_qr(payload: str, width_dots: int, *, module: int) -> Image.Image:
    """A QR code (error correction M) centred on a paper-wide image, ``module`` dots per module."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    matrix = code.get_matrix()
    count = len(matrix)
    while module > 1 and count * module > width_dots:
        module -= 1
    modules = Image.new("1", (count, count), color=1)
    modules.putdata([0 if dark else 1 for row in matrix for dark in row])
    scaled = modules.resize((count * module, count * module), Image.Resampling.NEAREST)
    # Two modules of white above and below: the quiet zone the text lines around it do not give.
    margin = 2 * module
    image = Image.new("1", (width_dots, scaled.height + 2 * margin), color=1)
    image.paste(scaled, ((width_dots - scaled.width) // 2, margin))
    return image


def raster_commands(image: Image.Image) -> bytes:
    """``GS v 0`` commands that print a black-and-white image, split into bands printers accept."""
    image = image.convert("1") if image.mode != "1" else image
    width_bytes = (image.width + 7) // 8
    packed = image.tobytes().translate(_INVERT)
    commands = bytearray()
    for top in range(0, image.height, RASTER_ROWS_PER_COMMAND):
        rows = min(RASTER_ROWS_PER_COMMAND, image.height - top)
        commands += b"\x1dv0\x00" + width_bytes.to_bytes(2, "little") + rows.to_bytes(2, "little")
        commands += packed[top * width_bytes : (top + rows) * width_bytes]
    return bytes(commands)


def _black_and_white(image: Image.Image) -> Image.Image:
    # A hard threshold instead of dithering keeps glyph edges crisp on thermal paper.
    return image.point(_THRESHOLD).convert("1", dither=Image.Dither.NONE)


_THRESHOLD = [255 if value > 160 else 0 for value in range(256)]


def _draw_line(image: Image.Image, text: str, pixel_size: int, bold: bool, left: float, top: int) -> None:
    """Stamp the glyphs of ``text`` onto ``image`` from (left, top), one after another."""
    x = left
    for char in text:
        mask, advance = _glyph(char, pixel_size, bold)
        if mask.width:
            image.paste(0, (round(x) - _GLYPH_MARGIN, top), mask)
        x += advance


def _wrap(text: str, pixel_size: int, bold: bool, width_dots: int) -> list[str]:
    """Break text into lines no wider than the paper, by character (Chinese has no spaces)."""
    lines: list[str] = []
    current, length = "", 0.0
    for char in text:
        advance = _glyph(char, pixel_size, bold)[1]
        if current and length + advance > width_dots:
            lines.append(current)
            current, length = char.lstrip(), (advance if char.strip() else 0.0)
        else:
            current, length = current + char, length + advance
    lines.append(current)
    return lines


# Room around each glyph for strokes and for glyphs that reach beyond their advance (italics, "j").
_GLYPH_MARGIN = 3


@functools.lru_cache(maxsize=8192)
def _glyph(char: str, pixel_size: int, bold: bool) -> tuple[Image.Image, float]:
    """One character drawn as a mask (white is ink), and how far the pen moves after it.

    FreeType renders a glyph in about 20 µs and Pillow keeps no cache of its own, so a slip drawn
    line by line spent most of its time drawing the same digits and words again; stamping cached
    masks is ten times faster. Kerning is lost, which Chinese text does not use.
    """
    font = load_font(pixel_size)
    advance = font.getlength(char)
    if not char.strip():
        return Image.new("L", (0, 0)), advance
    stroke = 1 if bold else 0
    width = int(advance) + 2 * _GLYPH_MARGIN
    mask = Image.new("L", (width, pixel_size + IMAGE_LINE_GAP), color=0)
    # Placed on a common baseline: Chinese glyphs fill the em box above it and dip a little below;
    # Latin descenders (g, y) need about a fifth of the size, which the line gap leaves room for.
    baseline = round(pixel_size * 0.88)
    ImageDraw.Draw(mask).text(
        (_GLYPH_MARGIN, baseline), char, font=font, anchor="ls", fill=255, stroke_width=stroke, stroke_fill=255
    )
    return mask, advance


@functools.lru_cache(maxsize=16)
def load_font(pixel_size: int) -> Font:
    """A font with Chinese glyphs at this size, or Pillow's own font when the system has none.

    Loading the CJK collection takes about 10 ms per size, once per process; a worker that wants
    its first drawn ticket as fast as the others can call this at start for sizes 24 and 48.
    """
    path = cjk_font_path()
    if path is None:
        return ImageFont.load_default(pixel_size)
    # Chinese and Latin text need no shaping: the basic layout engine is twice as fast as raqm.
    return ImageFont.truetype(
        path, pixel_size, index=_simplified_chinese_face(path), layout_engine=ImageFont.Layout.BASIC
    )


@functools.lru_cache(maxsize=1)
def cjk_font_path() -> str | None:
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
