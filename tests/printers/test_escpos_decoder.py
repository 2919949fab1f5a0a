"""The decoder the layout stories rely on: it reads what printers read, and refuses surprises."""

from __future__ import annotations

import pytest

from tests.printers.escpos_decoder import Cut, Feed, QrCode, RasterImage, Style, TextLine, UnexpectedBytesError, decode


def test_styled_lines_come_back_with_their_style() -> None:
    data = b"\x1b@" + b"\x1ba\x01\x1bE\x01\x1d!\x33" + b"A012\n" + b"\x1d!\x00\x1bE\x00\x1ba\x00" + b"plain\n"

    printout = decode(data)

    assert printout.lines == [
        TextLine("A012", Style(align="center", bold=True, width=4, height=4)),
        TextLine("plain", Style()),
    ]


def test_chinese_mode_text_is_read_as_gb18030() -> None:
    printout = decode(b"\x1c&" + "前面还有 3 人".encode("gb18030") + b"\x1c.\n")

    assert printout.lines == [TextLine("前面还有 3 人", Style(), chinese=True)]


def test_a_native_qr_code_yields_its_payload_and_settings() -> None:
    payload = b"https://desk.example.org/t/SUNNY-T000001"
    data = (
        b"\x1ba\x01"
        + b"\x1d(k\x04\x001A2\x00"
        + b"\x1d(k\x03\x001C\x06"
        + b"\x1d(k\x03\x001E1"
        + b"\x1d(k"
        + bytes([len(payload) + 3, 0])
        + b"1P0"
        + payload
        + b"\x1d(k\x03\x001Q0"
    )

    assert decode(data).qr_codes == [QrCode(payload.decode(), module_size=6, error_correction="M", align="center")]


def test_a_raster_image_keeps_its_size_and_pixels() -> None:
    # Two bytes wide (16 dots), two rows: the first row's leftmost dot is black.
    printout = decode(b"\x1dv0\x00\x02\x00\x02\x00" + b"\x80\x00" + b"\x00\x00")

    [image] = printout.images
    assert (image.width, image.height, image.ink) == (16, 2, 1)
    assert image.rows[0][0] and not image.rows[1][0]
    assert isinstance(printout.items[0], RasterImage)


def test_feed_and_cut_are_recognised() -> None:
    assert decode(b"\x1bd\x06\x1dV\x00").items == [Feed(6), Cut(partial=False)]
    assert decode(b"\x1dVB\x00").items == [Cut(partial=True)]


@pytest.mark.parametrize(
    ("data", "complaint"),
    [
        (b"\x1bZ\x00", "unknown command ESC"),
        (b"\x1d\x7f", "unknown command GS"),
        ("caf\u00e9\n".encode("cp437"), "outside Chinese mode"),
        ("中文\n".encode("gb18030"), "outside Chinese mode"),
        (b"\x1c&" + "中文".encode("gb18030") + b"\n", "line feed inside Chinese mode"),
        (b"\x1c&" + "中文".encode("gb18030"), "ends inside Chinese mode"),
        (b"text without a line feed", "never printed"),
        (b"\x1d(k\x03\x001Q0", "without stored data"),
        (b"\x1dv0\x00\x02\x00\x05\x00\x00", "cut short"),
    ],
)
def test_anything_unexpected_is_refused(data: bytes, complaint: str) -> None:
    with pytest.raises(UnexpectedBytesError, match=complaint):
        decode(data)


def test_a_line_knows_how_wide_it_prints_and_a_row_gives_its_value() -> None:
    data = (
        b"\x1d!\x11" + b"A012\n"  # double size: 8 columns
        + b"\x1d!\x00" + b"\x1c&" + "房号".encode("gb18030") + b"\x1c." + b"   3-2-501\n"
        + b"\x1bM\x01" + b"x" * 40 + b"\n"  # small font: 40 characters in 30 columns
    )

    printout = decode(data)

    assert [line.columns for line in printout.lines] == [8, 14, 30]
    assert printout.value_of("房号") == "3-2-501"
    assert printout.overflowing(width_chars=12, width_dots=384) == [printout.lines[1], printout.lines[2]]
