"""In a real browser: the demo's manager opens the dashboard, sees its charts, opens a chart's numbers and
downloads the month's report, which reads back in Chinese with its charts drawn."""

from __future__ import annotations

import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from lobbydesk.cli import main
from lobbydesk.demo import DEMO_MANAGER
from tests.e2e.test_clerk_day_in_chromium import _log_in, _tap_testid, _testid_text
from tests.lobbydesk.report_pages import coloured_pixels, page_images, pdf_text

CHARTS = ("collection_month", "collection_building", "arrears", "repairs_category", "ratings", "queue_hour", "events")


def test_the_manager_reads_the_dashboard_opens_the_numbers_and_downloads_the_report(
    demo_server: tuple[str, Path], browser: webdriver.Chrome, tmp_path: Path
) -> None:
    base, data = demo_server
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    _log_in(browser, base, "/staff/dashboard", *DEMO_MANAGER)

    WebDriverWait(browser, 30).until(lambda b: _testid_text(b, "key-value-tickets").strip() not in ("", "-"))
    for chart in CHARTS:  # ECharts draws into a canvas inside each chart's element
        WebDriverWait(browser, 20).until(
            lambda b, chart=chart: b.find_elements(By.CSS_SELECTOR, f"[data-testid=chart-{chart}] canvas"))
    assert _testid_text(browser, "key-value-open_decisions") == "3"
    assert "公示停车位分配名单" in browser.find_element(By.TAG_NAME, "body").text, "the overdue decision is listed"

    hidden = browser.find_elements(By.CSS_SELECTOR, "[data-testid=numbers-table-ratings]")
    assert not any(table.is_displayed() for table in hidden), "the numbers wait one tap away"
    _tap_testid(browser, "numbers-ratings")
    numbers = WebDriverWait(browser, 15).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=numbers-table-ratings]")))
    assert all(f"{star}★" in numbers.text for star in range(1, 6))

    browser.execute_script("window.scrollTo(0, 0)")  # the button sits in the page's top row, under the header
    _tap_testid(browser, "dashboard-report-zh")
    report = _downloaded(downloads, seconds=60)
    assert report.name.startswith("report-") and report.name.endswith("-zh.pdf")
    _looks_like_a_report(report.read_bytes(), "月度报告")

    made = tmp_path / "report-en.pdf"  # the same month from the terminal, on the server's data folder
    month = report.name.removeprefix("report-").removesuffix("-zh.pdf")
    assert main(["report", "--data", str(data), "--month", month, "--pdf", str(made), "--lang", "en"]) == 0
    _looks_like_a_report(made.read_bytes(), "Monthlyreport")


def _downloaded(folder: Path, seconds: float) -> Path:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.suffix == ".pdf"]
        if done:
            return done[0]
        time.sleep(0.25)
    raise AssertionError(f"no PDF arrived in {seconds} s: {list(folder.iterdir())}")


def _looks_like_a_report(data: bytes, title: str) -> None:
    pages = pdf_text(data)
    assert title in pages[0] and len(pages) >= 3
    images = page_images(data)
    assert coloured_pixels(images[1], (0.0, 0.0, 1.0, 1.0)) > 5000, "the charts are drawn in colour"
