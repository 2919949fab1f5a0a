"""A unit's owner file as a PDF for the archive: the unit, its residents, and every change, Chinese included.

Chinese needs a font with the characters embedded in the file. The first of these found is used:
``LOBBYDESK_PDF_FONT`` (a .ttf/.otf/.ttc path), Noto Sans CJK (Debian's ``fonts-noto-cjk``), Droid
Sans Fallback (``fonts-droid-fallback``), WenQuanYi Zen Hei (``fonts-wqy-zenhei``).
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path

from fontTools.ttLib import TTCollection  # type: ignore[import-untyped]
from fpdf import FPDF

from desk.owner_file import OwnerFile

FONT_CANDIDATES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
)


class NoChineseFontError(RuntimeError):
    """No font with Chinese characters is installed."""


def a4_page_with_chinese(title: str) -> FPDF:
    """A new A4 document with its first page, titled, with a CJK font added as ``cjk``."""
    font, face = chinese_font()
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it logs every subsetting step at INFO
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.add_font("cjk", fname=str(font), collection_font_number=face)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    return pdf


def chinese_font() -> tuple[Path, int]:
    """The font file to embed and, for a collection, the index of its Simplified Chinese face."""
    configured = os.environ.get("LOBBYDESK_PDF_FONT")
    candidates = (Path(configured),) if configured else FONT_CANDIDATES
    for path in candidates:
        if path.is_file():
            return path, _simplified_chinese_face(path)
    raise NoChineseFontError(
        "no font with Chinese characters found; install Debian's fonts-noto-cjk "
        "or set LOBBYDESK_PDF_FONT to a .ttf/.otf/.ttc file")


def _simplified_chinese_face(path: Path) -> int:
    if path.suffix.lower() != ".ttc":
        return 0
    faces = TTCollection(str(path), lazy=True).fonts
    names = [str(face["name"].getDebugName(4) or "") for face in faces]
    return next((index for index, name in enumerate(names) if name.endswith(" SC")), 0)


def owner_file_pdf(owner_file: OwnerFile, *, community_name: str, exported_at: datetime) -> bytes:
    """The file as PDF bytes: a heading, the residents (moved-out ones kept), the history oldest first."""
    pdf = a4_page_with_chinese(f"Owner file {owner_file.unit.label}")
    width = pdf.epw
    unit = owner_file.unit

    def text(size: float, line: str, height: float = 6) -> None:
        pdf.set_font("cjk", size=size)
        pdf.multi_cell(width, height, line, new_x="LMARGIN", new_y="NEXT")

    text(16, f"{community_name}", 9)
    text(14, f"Owner file 业主档案 · Unit 房号 {unit.label}", 8)
    text(9, f"Exported 导出 {exported_at:%Y-%m-%d %H:%M %Z} · unit ID {unit.id}")
    text(10, f"Area 面积 {unit.area_m2} m² · heating 供暖 {'yes' if unit.heating else 'no'} · "
             f"owner of record 登记业主 {unit.owner_of_record or '—'}")
    pdf.ln(3)
    text(12, "Residents 住户", 7)
    for resident in owner_file.residents:
        gone = f" · moved out 迁出 {resident.moved_out}" if resident.moved_out else " · living there 在住"
        text(10, f"{resident.name} · {resident.role.value} · {resident.phone or '—'} · "
                 f"moved in 入住 {resident.move_in or '?'}{gone}")
    pdf.ln(3)
    text(12, f"History 变更记录 ({len(owner_file.changes)} versions, oldest first)", 7)
    for change in owner_file.changes:
        text(9, f"{change.at:%Y-%m-%d %H:%M} · {change.actor} · {change.subject}: {change.describe()}", 5)
    return bytes(pdf.output())
