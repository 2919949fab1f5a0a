"""How Paper lays text out: widths in columns, wrapping, label-value rows, and what never reaches the printer."""

from __future__ import annotations

from printers.paper import Paper, display_width, printable, wrap_columns
from printers.profile import profile_named
from tests.printers.escpos_decoder import decode

NARROW = profile_named("58mm")


def test_chinese_and_other_non_ascii_characters_take_two_columns() -> None:
    assert display_width("A012") == 4
    assert display_width("前面还有 3 人") == 13
    assert display_width("京A·12345") == 10, "the middle dot is a two-byte, full-width character in Chinese mode"


def test_control_characters_and_line_separators_become_spaces() -> None:
    assert printable("Sunny\x1bd\x09Garden\x1dV\x00\u2028!\ud800") == "Sunny d Garden V  ! "


def test_english_wraps_between_words_and_chinese_between_characters() -> None:
    assert wrap_columns("the kitchen tap keeps dripping", 12) == ["the kitchen", "tap keeps", "dripping"]
    assert wrap_columns("厨房水龙头一直滴水", 8) == ["厨房水龙", "头一直滴", "水"]
    assert wrap_columns("see https://desk.example.org/r/1", 10) == ["see", "https://de", "sk.example", ".org/r/1"]
    assert wrap_columns("", 10) == [""]


def test_chinese_punctuation_never_starts_a_line() -> None:
    assert wrap_columns("水龙头漏，请修理", 8) == ["水龙头", "漏，请修", "理"]


def test_a_row_puts_the_label_left_and_the_value_right_across_the_paper() -> None:
    paper = Paper(NARROW)
    paper.row("房号", "3-2-501")
    paper.row("Total", "2,505.15", bold=True)

    unit, total = decode(paper.to_bytes()).lines
    assert unit.text == "房号" + " " * 21 + "3-2-501" and unit.columns == 32 and unit.chinese
    assert total.text.endswith(" 2,505.15") and len(total.text) == 32 and total.style.bold


def test_a_row_that_cannot_share_a_line_takes_two() -> None:
    paper = Paper(NARROW)
    paper.row("Reference", "PAY-20261127-0042-SUNNY-GARDEN")

    label, value = decode(paper.to_bytes()).lines
    assert (label.text, value.text, value.style.align) == ("Reference", "PAY-20261127-0042-SUNNY-GARDEN", "right")


def test_a_drawn_row_is_one_image_as_wide_as_the_paper() -> None:
    paper = Paper(profile_named("58mm", chinese_text="image"))
    paper.row("房号", "3-2-501")

    [image] = decode(paper.to_bytes()).images
    assert image.width == 384 and image.ink > 0
    left_ink = sum(sum(row[:100]) for row in image.rows)
    right_ink = sum(sum(row[-100:]) for row in image.rows)
    middle_ink = sum(sum(row[150:230]) for row in image.rows)
    assert left_ink > 0 and right_ink > 0 and middle_ink == 0, "label left, value right, space between"


def test_a_paragraph_keeps_its_own_line_breaks() -> None:
    paper = Paper(NARROW)
    paper.paragraph("first line\nsecond line")

    assert decode(paper.to_bytes()).texts == ["first line", "second line"]
