"""Choosing a printer profile by name: generic widths, python-escpos models, and clear refusals."""

from __future__ import annotations

import dataclasses

import pytest

from printers.profile import PrinterProfile, profile_named


def test_the_default_profile_is_an_80mm_printer_with_qr_and_chinese_font() -> None:
    profile = profile_named("default")

    assert profile == PrinterProfile()
    assert (profile.width_chars, profile.width_dots) == (48, 576)
    assert profile.native_qr and profile.chinese_font
    assert profile.escpos_profile == "default"


def test_generic_paper_widths() -> None:
    narrow, wide = profile_named("58mm"), profile_named("80MM")

    assert (narrow.name, narrow.width_chars, narrow.width_dots) == ("58mm", 32, 384)
    assert (wide.name, wide.width_chars, wide.width_dots) == ("80mm", 48, 576)


def test_a_python_escpos_model_brings_its_width_and_qr_support() -> None:
    epson = profile_named("tm-t88iii")  # names are matched regardless of case
    no_qr_58mm = profile_named("POS-5890")

    assert (epson.name, epson.escpos_profile) == ("TM-T88III", "TM-T88III")
    assert (epson.width_chars, epson.width_dots, epson.native_qr) == (42, 512, True)
    assert (no_qr_58mm.width_chars, no_qr_58mm.width_dots, no_qr_58mm.native_qr) == (32, 384, False)


def test_a_model_without_a_known_pixel_width_gets_one_from_its_columns() -> None:
    # The capabilities database says "Unknown" for this model's dots; 42 columns of 12 dots fit.
    assert profile_named("TEP-200M").width_dots == 42 * 12


def test_an_unknown_name_is_refused_with_the_accepted_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown printer profile 'TM-9000'.*'58mm', '80mm'.*TM-T88III"):
        profile_named("TM-9000")


def test_impossible_widths_are_refused() -> None:
    with pytest.raises(ValueError, match="too narrow"):
        PrinterProfile(width_chars=4)
    with pytest.raises(ValueError, match="multiple of 8"):
        PrinterProfile(width_dots=577)


def test_chinese_text_follows_the_font_unless_the_site_chooses() -> None:
    with_font = profile_named("80mm")
    without_font = dataclasses.replace(profile_named("POS-5890"), chinese_font=False)

    assert with_font.native_chinese and not without_font.native_chinese, "auto follows chinese_font"
    assert not profile_named("80mm", chinese_text="image").native_chinese
    assert dataclasses.replace(without_font, chinese_text="native").native_chinese
    assert profile_named("TM-T88III", chinese_text="image").chinese_text == "image", "models take the choice too"


def test_an_unknown_chinese_text_choice_is_refused() -> None:
    with pytest.raises(ValueError, match="Chinese text must be one of auto, native, image"):
        PrinterProfile(chinese_text="bitmap")  # type: ignore[arg-type]
