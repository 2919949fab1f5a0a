"""A manager opens Dashboard 看板: key figures, the committee's open decisions, charts with their numbers, the PDF."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date, timedelta

from nicegui import ui
from nicegui.testing.user import User
from pypdf import PdfReader

from admin.dashboard_console import echart_options
from desk.clock import FixedClock
from desk.credentials import StaffRole
from desk.meetings import Decision, Meeting
from desk.queue import Service
from lobbydesk.site import Site
from tests.admin.test_console_and_display import _log_in
from tests.fakes import label_texts


def _a_month_with_a_queue_and_a_decision(site: Site, clock: FixedClock) -> None:
    first = site.queue.take_number(Service.INQUIRY, print_ticket=False).ticket
    site.queue.take_number(Service.PAYMENT, print_ticket=False)
    clock.advance(minutes=6)
    site.queue.call_next("1", {Service.INQUIRY})
    site.queue.serve(first.id)
    today = clock.now().date()
    with site.store.transaction() as tx:
        tx.put(Meeting(id="SUNNY-MT1", held_on=date(2026, 11, 2)), actor="staff", at=clock.now())
        tx.put(Decision(id="SUNNY-DC1", meeting="SUNNY-MT1", text="Publish the parking list", responsible="李委员",
                        due=today - timedelta(days=3)), actor="staff", at=clock.now())


async def _open_dashboard(new_browser: Callable[[], User], site: Site) -> User:
    site.credentials.add_staff("li", StaffRole.MANAGER, "manager-password")
    manager = new_browser()
    await _log_in(manager, "li", "manager-password")
    await manager.open("/staff/dashboard")
    await manager.should_see(marker="key-value-tickets", retries=50)  # the figures are read after the page shows
    return manager


async def test_the_manager_sees_this_months_figures_the_overdue_decision_and_every_charts_numbers(
    new_browser: Callable[[], User], community: Site, site_clock: FixedClock
) -> None:
    _a_month_with_a_queue_and_a_decision(community, site_clock)
    manager = await _open_dashboard(new_browser, community)

    assert label_texts(manager, "key-value-tickets") == ["2"]
    assert label_texts(manager, "key-value-average_wait") == ["6"]
    assert label_texts(manager, "key-value-overdue_decisions") == ["1"]
    assert label_texts(manager, "decision-overdue") == [
        "⚠ overdue 已逾期 · Publish the parking list · 李委员 · due 截止 2026-11-24"]
    chart = next(iter(manager.find(marker="chart-queue_service").elements))
    assert isinstance(chart, ui.echart)
    series = {s["name"]: s["data"] for s in chart.options["series"]}
    assert series["取号数 Tickets"][:3] == [1.0, 0.0, 1.0], "inquiry, complaint, payment"

    await manager.should_not_see(marker="numbers-table-queue_service")  # the numbers wait one tap away
    manager.find(marker="numbers-queue_service").click()
    await manager.should_see(marker="numbers-table-queue_service", retries=30)
    numbers = next(iter(manager.find(marker="numbers-table-queue_service").elements))
    assert isinstance(numbers, ui.table)
    assert numbers.rows[0] == {"row": "咨询 Inquiry", "tickets": "1", "average_wait": "6"}


async def test_a_range_of_months_and_the_report_pdf_of_what_is_shown(
    new_browser: Callable[[], User], community: Site, site_clock: FixedClock
) -> None:
    _a_month_with_a_queue_and_a_decision(community, site_clock)
    manager = await _open_dashboard(new_browser, community)

    manager.find(marker="dashboard-year").click()
    await manager.should_see("2025-12 – 2026-11", retries=50)
    months = next(iter(manager.find(marker="chart-collection_month").elements))
    assert isinstance(months, ui.echart) and len(months.options["xAxis"]["data"]) == 12

    manager.find(marker="dashboard-report-en").click()
    response = await manager.download.next(timeout=60)

    pages = PdfReader(io.BytesIO(response.content)).pages
    text = re.sub(r"[\s\x00]+", "", "".join(page.extract_text() for page in pages))
    assert "Monthlyreport·2025-12–2026-11" in text
    assert "Publishtheparkinglist" in text


async def test_a_desk_clerk_is_told_the_dashboard_is_for_managers(
    new_browser: Callable[[], User], community: Site
) -> None:
    clerk = new_browser()
    await _log_in(clerk)
    await clerk.open("/staff/dashboard")

    await clerk.should_see("This page is for managers 仅限经理")
    await clerk.should_not_see(marker="chart-ratings")


def test_a_lying_bar_chart_names_its_rows_on_the_vertical_axis() -> None:
    from desk.report_figures import table

    options = echart_options(table("complaints_topic", ["parking"], ["complaints"], [[3]]))

    assert options["yAxis"]["data"] == ["停车 Parking"]
    assert options["xAxis"] == {"type": "value"}
    assert options["series"][0]["data"] == [3.0]
