"""The owner file leaves for the archive as a PDF whose text holds the unit's whole history, Chinese included."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.owner_file import OwnerFiles
from desk.units import Resident, ResidentRole, Unit
from lobbydesk.cli import main
from lobbydesk.settings import load_settings
from lobbydesk.site import Site

SHANGHAI = ZoneInfo("Asia/Shanghai")


def seed(data: Path) -> None:
    """A unit whose tenant moved out, with its history written over three days."""
    clock = FixedClock(datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI))
    site = Site(load_settings(data_dir=data, community_name="阳光花园 Sunny Garden"), clock=clock,
                ids=SequentialIds("SUNNY"))
    site.store.open()
    try:
        with site.store.transaction() as tx:
            tx.put(Unit(id="SUNNY-U1", building="3", room="1202", area_m2=Decimal("89.50")), actor="staff",
                   at=clock.now())
            tx.put(Resident(id="SUNNY-P1", name="张三明", unit="SUNNY-U1", move_in=date(2019, 5, 1)), actor="staff",
                   at=clock.now())
            tx.put(Resident(id="SUNNY-P2", name="李秀英", unit="SUNNY-U1", role=ResidentRole.TENANT), actor="staff",
                   at=clock.now())
        clock.advance(days=2)
        OwnerFiles(site.store, clock).mark_moved_out("SUNNY-P2", date(2026, 11, 27), actor="desk wang")
    finally:
        site.store.close()


def pdf_text(path: Path) -> str:
    """The PDF's text, spaces taken out.

    fpdf2 embeds a CJK font with a CMap stream as its encoding; pypdf reads each two-byte code's
    high byte as a character of its own (U+0000), so those are taken out too.
    """
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"[\s\x00]+", "", text)


def test_the_exported_pdf_holds_the_residents_and_every_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(tmp_path / "data")
    target = tmp_path / "3-1202.pdf"

    assert main(["owner-file", "3-1202", "--pdf", str(target), "--data", str(tmp_path / "data")]) == 0

    assert "Wrote the owner file of 3-1202 (4 changes)" in capsys.readouterr().out
    text = pdf_text(target)
    assert "业主档案" in text
    assert "2026-11-2510:00·staff·Resident张三明:created:Name张三明" in text
    assert "2026-11-2710:00·deskwang·Resident李秀英:Movedout:(empty)→2026-11-27" in text
    assert "李秀英·tenant·—·movedin入住?·movedout迁出2026-11-27" in text


def test_without_pdf_the_file_is_printed_and_an_unknown_unit_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(tmp_path / "data")

    assert main(["owner-file", "3-1202", "--data", str(tmp_path / "data")]) == 0
    out = capsys.readouterr().out
    assert "李秀英 (tenant), moved in ?, moved out 2026-11-27" in out
    assert "desk wang  Resident 李秀英: Moved out: (empty) → 2026-11-27" in out

    assert main(["owner-file", "9-999", "--data", str(tmp_path / "data")]) == 1
    assert "no unit 9-999" in capsys.readouterr().err
