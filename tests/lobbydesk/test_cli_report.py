"""``lobbydesk report``: the demo community's November as a PDF in Chinese and in English, read back and looked at."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desk.clock import Clock, FixedClock
from desk.ids import SequentialIds
from lobbydesk.cli import main
from lobbydesk.demo import seed_demo, write_demo_config
from lobbydesk.settings import load_settings
from lobbydesk.site import Site
from tests.lobbydesk.report_pages import coloured_pixels, page_images, pdf_text

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 20, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo community with its half year of history, seeded on 20 December 2026."""
    folder = tmp_path_factory.mktemp("report") / "data"
    write_demo_config(folder)
    site = Site(load_settings(data_dir=folder), clock=FixedClock(NOW), ids=SequentialIds("DEMO"))
    site.store.open()
    try:
        seed_demo(site)
    finally:
        site.store.close()
    return folder


@pytest.fixture
def data(demo_folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(Clock, "now", lambda self: NOW)  # the command's own clock: the same morning
    return demo_folder


def test_the_november_report_in_chinese_has_the_summary_first_then_the_charts(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "report-2026-11-zh.pdf"
    started = time.monotonic()

    assert main(["report", "--data", str(data), "--month", "2026-11", "--pdf", str(pdf)]) == 0

    seconds = time.monotonic() - started
    printed = capsys.readouterr().out
    assert "收费率 %:" in printed and f"Wrote the report to {pdf}" in printed
    pages = pdf_text(pdf.read_bytes())
    summary = pages[0]
    assert "阳光花园SunnyGarden" in summary and "月度报告·2026-11" in summary
    assert "本期要点" in summary and "业委会待办决议" in summary
    assert "公示停车位分配名单" in summary and "已逾期" in summary, "the overdue decision is flagged"
    assert "更换3号楼门禁" not in summary, "a decision that is done is not listed"
    rate_line = next(line for line in printed.splitlines() if line.startswith("收费率 %:"))
    assert rate_line.split(": ")[1] in summary, "the key figures are on the summary page"
    charts = "".join(pages[1:])
    for title in ("各楼收费率", "欠费账龄", "报修（按类别）", "维修评价分布", "投诉（按部门）", "排队（按取号时段）",
                  "社区活动报名与到场"):
        assert title in charts
    assert seconds < 30, f"the report took {seconds:.1f} s"


def test_the_english_report_says_the_same_in_english_and_its_chart_pages_are_drawn(
    data: Path, tmp_path: Path
) -> None:
    pdf = tmp_path / "report-2026-11-en.pdf"

    assert main(["report", "--data", str(data), "--month", "2026-11", "--pdf", str(pdf), "--lang", "en"]) == 0

    data_bytes = pdf.read_bytes()
    pages = pdf_text(data_bytes)
    assert "Monthlyreport·2026-11" in pages[0] and "Opencommitteedecisions" in pages[0]
    assert "Feecollectionratebybuildingandmonth" in "".join(pages[1:])
    images = page_images(data_bytes)
    assert len(images) == len(pages) >= 3
    first_chart = coloured_pixels(images[1], (0.0, 0.0, 1.0, 1.0))
    assert first_chart > 5000, f"the chart page should be drawn in colour, found {first_chart} pixels"
    summary = coloured_pixels(images[0], (0.0, 0.0, 1.0, 0.4))
    assert summary < first_chart / 10, "the summary's key figures are printed text, not a chart"


def test_a_month_that_is_not_a_month_is_refused(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--data", str(data), "--month", "2026-13", "--pdf", str(tmp_path / "x.pdf")]) == 2
    assert "'2026-13' is not a month like 2026-12" in capsys.readouterr().err
    assert main(["report", "--data", str(data), "--month", "2026-11", "--to", "2026-10",
                 "--pdf", str(tmp_path / "x.pdf")]) == 2
    assert not (tmp_path / "x.pdf").exists()
