"""``lobbydesk handover``: the morning's summary at the terminal, and the same summary as a one-page A4 PDF."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from desk.clock import Clock, FixedClock
from desk.ids import SequentialIds
from desk.ledger import Payment, PaymentStatus
from desk.queue import Service
from desk.repairs import Repair, RepairCategory
from lobbydesk.cli import main
from lobbydesk.settings import CONFIG_NAME, load_settings
from lobbydesk.site import Site

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOON = datetime(2026, 11, 27, 12, 0, tzinfo=SHANGHAI)


def at(hour: int, minute: int = 0, day: int = 27) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site's folder after a morning: the 07:50 inquiry served, the 08:10 one waiting, a payment confirmed,
    an overdue repair; it is noon."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / CONFIG_NAME).write_text('site_code = "SUNNY"\ncommunity_name = "阳光花园 Sunny Garden"\n',
                                      encoding="utf-8")
    clock = FixedClock(at(7, 50))
    site = Site(load_settings(data_dir=folder), clock=clock, ids=SequentialIds("SUNNY"))
    site.store.open()
    try:
        site.queue.take_number(Service.INQUIRY, print_ticket=False)  # before the shift
        clock.advance(minutes=20)
        site.queue.take_number(Service.INQUIRY, print_ticket=False)
        clock.advance(minutes=10)
        called = site.queue.call_next("1", {Service.INQUIRY})
        assert called is not None
        clock.advance(minutes=4)
        site.queue.serve(called.id)
        with site.store.transaction() as tx:
            tx.put(Payment(id="SUNNY-Y1", unit="SUNNY-U1", amount=Decimal("210.33"), created_at=at(9),
                           status=PaymentStatus.CONFIRMED, confirmed_at=at(9, 5), receipt_number="2026-000001"),
                   actor="wang", at=at(9, 5))
            tx.put(Repair(id="SUNNY-R1", number="R0001", unit="SUNNY-U1", unit_label="3-1202",
                          category=RepairCategory.ELEVATOR, reported_at=at(10, day=26), due_at=at(10)),
                   actor="kiosk", at=at(10, day=26))
    finally:
        site.store.close()
    monkeypatch.setattr(Clock, "now", lambda self: NOON)  # the command's own clock says noon
    return folder


def pdf_text(path: Path) -> str:
    """The PDF's text without spaces (and the U+0000 pypdf reads before each two-byte code of a CJK font)."""
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"[\s\x00]+", "", text)


def test_the_command_prints_the_shift_since_the_time_given_and_writes_an_a4_pdf(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "handover.pdf"

    assert main(["handover", "--since", "08:00", "--pdf", str(target), "--data", str(data)]) == 0

    out = capsys.readouterr().out
    assert "交班单 Shift handover · 2026-11-27 08:00-12:00" in out
    assert ("咨询 Inquiry: 取号 Taken 1 · 已办 Served 1 · 过号 No-show 0 · 在等 Still waiting 1 · "
            "等候 Avg wait (min) 30.0 · 办理 Avg service (min) 4.0") in out
    assert "报修 Repairs: 本班新报 Reported 0 · 本班完成 Done 0 · 未完成 Still open 1 · 已逾期 Overdue 1" in out
    assert "R0001 3-1202 (elevator) 应完成 due 2026-11-27 10:00" in out
    assert "缴费 Payments: 本班确认 Confirmed 1 · 收款合计 Received 210.33" in out
    assert f"Wrote the handover to {target}" in out

    pages = PdfReader(target).pages
    assert len(pages) == 1
    assert (round(float(pages[0].mediabox.width)), round(float(pages[0].mediabox.height))) == (595, 842)  # A4
    text = pdf_text(target)
    assert "阳光花园SunnyGarden" in text
    assert "交班单Shifthandover·2026-11-2708:00-12:00" in text
    assert "咨询Inquiry110130.04.0" in text  # taken, served, no-show, waiting, minutes: one row
    assert "R00013-1202电梯Elevatornormal已受理Received2026-11-2710:00" in text
    assert "收款合计Received210.33" in text


def test_without_since_the_shift_is_the_last_8_hours_and_without_pdf_nothing_is_written(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["handover", "--data", str(data)]) == 0

    out = capsys.readouterr().out
    assert "2026-11-27 04:00-12:00" in out
    assert "咨询 Inquiry: 取号 Taken 2 · 已办 Served 1" in out, "the 07:50 ticket is in the last 8 hours"
    assert list(tmp_path.glob("*.pdf")) == []


def test_a_since_that_is_not_a_time_is_refused(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["handover", "--since", "8am", "--data", str(data)]) == 2

    assert "lobbydesk: --since '8am' is not a time like 08:00" in capsys.readouterr().err
