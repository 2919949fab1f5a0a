"""Which of a workbook's existing cell styles a patched cell takes, so it looks as openpyxl's write would make it.

openpyxl's write (``sync.xlsx._put``) keeps a cell's style but for two things: text that looks like a formula
gets Excel's quote prefix (any other value loses it), and a date in a cell whose number format is no date's
gets openpyxl's default date format. On a protected tab a third: the cell's protection, which
``sync.xlsx_formats.unlock_like_column`` opens in a column whose style is unlocked. The patch writer never
adds a style (``xl/styles.xml`` is copied as it is): it looks for the style that differs from the cell's
only in those things, and when the workbook has none, the write goes the openpyxl way (:class:`NoFittingStyle`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import fromstring  # defused, as openpyxl parses the rest of the file

from sync.backend import CellValue

# Text starting with these is a formula to Excel when typed; it carries the quote prefix (as in sync.xlsx).
FORMULA_PREFIXES = ("=", "+", "-", "@")
# openpyxl's number formats for a date written into a cell whose format is no date's (its TIME_FORMATS).
DEFAULT_DATE_FORMATS = {datetime: "yyyy-mm-dd h:mm:ss", date: "yyyy-mm-dd"}
TRUE = ("1", "true")
# What an <xf> means by an attribute it leaves out.
UNSAID = {"fontId": "0", "fillId": "0", "borderId": "0", "xfId": "0", "pivotButton": "0"}
PROTECTION_TAG = f"{{{SHEET_MAIN_NS}}}protection"


class Protection(NamedTuple):
    """A cell style's protection as openpyxl reads it (``openpyxl.styles.Protection``): locked unless it says not."""

    locked: bool = True
    hidden: bool = False


UNLOCKED = Protection(locked=False)  # what ``unlock_like_column`` gives a cell: hidden goes too


def openpyxl_bool(text: str) -> bool:
    """An attribute's truth as openpyxl's ``Bool`` descriptor takes it ("0", "f", "false" and "" are false)."""
    return text not in ("false", "f", "0", "")


class NoFittingStyle(Exception):  # noqa: N818 - a reason, not a failure: the openpyxl write takes over
    """The workbook has no style that gives a cell the look openpyxl's write would give it."""


@dataclass(frozen=True)
class _Xf:
    """One cell style (an ``<xf>`` of ``cellXfs``): its number format, quote prefix, protection, all else as one key."""

    number_format: str
    quoted: bool
    protection: Protection
    rest: tuple[Any, ...]


class CellStyles:
    """The cell styles of ``xl/styles.xml``, by index, as ``s`` attributes name them."""

    def __init__(self, styles_xml: bytes | None) -> None:
        self._xfs = _cell_xfs(styles_xml) if styles_xml is not None else []
        if not self._xfs:
            # A workbook without styles: every cell is the default.
            self._xfs = [_Xf("General", False, Protection(), ())]
        self._chosen: dict[tuple[int, type[date] | None, bool, Protection | None], int] = {}

    def is_date(self, style: int) -> bool:
        """Whether a number in a cell of this style reads as a date."""
        return bool(is_date_format(self._xf(style).number_format))

    def protection(self, style: int) -> Protection:
        """The protection a cell of this style has."""
        return self._xf(style).protection

    def for_value(self, value: CellValue, style: int, protection: Protection | None = None) -> int:
        """The style a cell of this style has once ``_put`` wrote this value into it; NoFittingStyle if none.

        ``protection`` is the one the cell must end with, if not its style's (see ``SheetPatch``).
        """
        quoted = isinstance(value, str) and value.startswith(FORMULA_PREFIXES)
        kind = datetime if isinstance(value, datetime) else date if isinstance(value, date) else None
        # A first sync asks this for every cell it writes; the answer hangs only on these.
        key = (style, kind, quoted, protection)
        found = self._chosen.get(key)
        if found is None:
            found = self._chosen[key] = self._style_for(style, kind, quoted, protection)
        return found

    def _style_for(self, style: int, kind: type[date] | None, quoted: bool, protection: Protection | None) -> int:
        base = self._xf(style)
        number_format = base.number_format
        if kind is not None and not is_date_format(number_format):
            number_format = DEFAULT_DATE_FORMATS[kind]
        wanted = _Xf(number_format, quoted, base.protection if protection is None else protection, base.rest)
        if wanted == base:
            return style
        for index, xf in enumerate(self._xfs):
            if xf == wanted:
                return index
        changes = [("a quote prefix" if quoted else "no quote prefix") if quoted != base.quoted else "",
                   f"the number format {number_format!r}" if number_format != base.number_format else "",
                   f"{'locked' if wanted.protection.locked else 'unlocked'} cells"
                   if wanted.protection != base.protection else ""]
        change = " and ".join(change for change in changes if change)
        raise NoFittingStyle(f"style {style} with {change} is not in the workbook yet")

    def _xf(self, style: int) -> _Xf:
        if not 0 <= style < len(self._xfs):
            raise NoFittingStyle(f"a cell has style {style}, past the workbook's {len(self._xfs)} styles")
        return self._xfs[style]


def _cell_xfs(styles_xml: bytes) -> list[_Xf]:
    root = fromstring(styles_xml)
    formats = dict(BUILTIN_FORMATS)
    for number_format in root.iterfind(f"{{{SHEET_MAIN_NS}}}numFmts/{{{SHEET_MAIN_NS}}}numFmt"):
        formats[int(number_format.get("numFmtId", "0"))] = number_format.get("formatCode", "General")
    xfs = []
    for xf in root.iterfind(f"{{{SHEET_MAIN_NS}}}cellXfs/{{{SHEET_MAIN_NS}}}xf"):
        # apply* flags say little (readers ignore them); what a cell looks like is the rest.
        attributes = {**UNSAID, **xf.attrib}
        kept = tuple(sorted((name, value) for name, value in attributes.items()
                            if not name.startswith("apply") and name not in ("numFmtId", "quotePrefix")))
        children = tuple((child.tag, tuple(sorted(child.attrib.items()))) for child in xf
                         if child.tag != PROTECTION_TAG)
        number_format = formats.get(int(xf.get("numFmtId", "0")), "General")
        xfs.append(_Xf(number_format, xf.get("quotePrefix", "0") in TRUE, _protection(xf), (kept, children)))
    return xfs


def _protection(xf: Any) -> Protection:
    """The ``<protection>`` of an ``<xf>`` as openpyxl reads it; no element is the default (locked)."""
    found = xf.find(PROTECTION_TAG)
    if found is None:
        return Protection()
    return Protection(openpyxl_bool(found.get("locked", "1")), openpyxl_bool(found.get("hidden", "0")))
