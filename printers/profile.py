"""Printer profiles: what a ticket printer can do and how wide its paper is."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal, get_args

# Font A on ESC/POS printers is 12 dots wide, so a line of N characters covers 12 * N dots.
DOTS_PER_CHARACTER = 12

# How Chinese text reaches paper: "auto" follows ``chinese_font``; "native" sends GB18030 in the
# printer's Chinese mode; "image" draws it (for printers whose font is missing or poor).
ChineseText = Literal["auto", "native", "image"]
CHINESE_TEXT_CHOICES: tuple[str, ...] = get_args(ChineseText)

# Generic profiles that need no model name; python-escpos's "default" profile behind them.
_GENERIC: dict[str, tuple[int, int]] = {
    "default": (48, 576),
    "80mm": (48, 576),
    "58mm": (32, 384),
}


@dataclass(frozen=True)
class PrinterProfile:
    """What the layouts need to know about a printer: paper width, QR and Chinese font support.

    ``escpos_profile`` names an entry of python-escpos's capabilities database (it decides, for
    example, whether the printer can cut). ``chinese_font`` says the printer has a GB18030 font
    reachable with ``FS &``; the database does not record that, so it is a setting of its own.
    ``chinese_text`` chooses how Chinese is printed; its default, "auto", follows ``chinese_font``,
    and "image" forces drawn text even on a printer with a font.
    """

    name: str = "default"
    escpos_profile: str = "default"
    width_chars: int = 48
    width_dots: int = 576
    native_qr: bool = True
    chinese_font: bool = True
    chinese_text: ChineseText = "auto"

    def __post_init__(self) -> None:
        if self.chinese_text not in CHINESE_TEXT_CHOICES:
            raise ValueError(
                f"printer profile {self.name!r}: Chinese text must be one of {', '.join(CHINESE_TEXT_CHOICES)}"
                f" (got {self.chinese_text!r})"
            )
        if self.width_chars < 8:
            raise ValueError(
                f"printer profile {self.name!r}: paper width of {self.width_chars} characters is too narrow"
            )
        if self.width_dots < 96 or self.width_dots % 8:
            raise ValueError(
                f"printer profile {self.name!r}: paper width of {self.width_dots} dots must be at least 96"
                " and a multiple of 8"
            )

    @property
    def native_chinese(self) -> bool:
        """Whether Chinese goes to the printer as GB18030 text (else it is drawn as an image)."""
        if self.chinese_text == "auto":
            return self.chinese_font
        return self.chinese_text == "native"


def profile_named(name: str, *, chinese_text: ChineseText = "auto") -> PrinterProfile:
    """The profile for a generic name ("default", "58mm", "80mm") or a python-escpos model name.

    Model names (e.g. "TM-T88III", "TM-T20II", "POS-5890") are matched without regard to case and
    take their width and QR support from python-escpos's capabilities database. Use
    :func:`dataclasses.replace` to adjust a field, e.g. ``chinese_font=False`` for a printer sold
    without a Chinese font. ``chinese_text`` is the site's choice of Chinese mode (see
    :class:`PrinterProfile`).
    """
    wanted = name.strip()
    if wanted.lower() in _GENERIC:
        width_chars, width_dots = _GENERIC[wanted.lower()]
        return PrinterProfile(
            name=wanted.lower(), width_chars=width_chars, width_dots=width_dots, chinese_text=chinese_text
        )
    models = _escpos_models()
    by_lower = {model.lower(): model for model in models}
    model = by_lower.get(wanted.lower())
    if model is None:
        known = ", ".join(sorted(m for m in models if m not in _GENERIC))
        raise ValueError(
            f"unknown printer profile {name!r}: use 'default', '58mm', '80mm' or a python-escpos model name ({known})"
        )
    return dataclasses.replace(_from_escpos(model, models[model]), chinese_text=chinese_text)


def _escpos_models() -> dict[str, dict[str, Any]]:
    """python-escpos's capabilities database, by model name."""
    # Imported here: loading the database reads (and caches) a large file, which must not happen
    # merely because this module was imported.
    from escpos.capabilities import CAPABILITIES

    profiles: dict[str, dict[str, Any]] = CAPABILITIES["profiles"]
    return profiles


def _from_escpos(model: str, data: dict[str, Any]) -> PrinterProfile:
    """A profile from one capabilities entry, with sensible widths where the entry has none."""
    columns = data.get("fonts", {}).get("0", {}).get("columns")
    width_chars = columns if isinstance(columns, int) and columns >= 8 else 48
    pixels = data.get("media", {}).get("width", {}).get("pixels")
    # Some entries say "Unknown"; the widest line of font A is the next best measure.
    width_dots = pixels if isinstance(pixels, int) else width_chars * DOTS_PER_CHARACTER
    width_dots -= width_dots % 8
    return PrinterProfile(
        name=model,
        escpos_profile=model,
        width_chars=width_chars,
        width_dots=width_dots,
        native_qr=bool(data.get("features", {}).get("qrCode", False)),
    )
