"""Staff keep the committee's meetings and decisions in the sheet; lobbydesk writes every figure to a Report tab."""

from __future__ import annotations

from datetime import date

from desk.clock import FixedClock
from desk.meetings import Decision, DecisionStatus, Meeting
from desk.queue import Service
from desk.report_tab import ReportFigure
from lobbydesk.site import Site
from sync.memory import MemoryWorkbook


def _sheet(site: Site) -> MemoryWorkbook:
    assert isinstance(site.workbook, MemoryWorkbook)
    return site.workbook


def test_a_meeting_and_a_decision_typed_into_the_sheet_reach_the_store_and_the_dashboard(community: Site) -> None:
    community.sync.run_once()  # the tabs exist, as staff find them
    sheet = _sheet(community)
    sheet.add_row("Meetings", {"Date": "2026-11-20", "Agenda": "Heating", "Attendees": "王主任, 赵经理",
                               "Status": "held"})
    sheet.add_row("Decisions", {"Meeting": "2026-11-20", "Decision": "Answer heating complaints in a week",
                                "Responsible": "工程部", "Due": "2026-11-25", "Status": "open"})

    community.sync.run_once()  # IDs given
    community.sync.run_once()  # rows taken

    with community.store.transaction() as tx:
        meetings, decisions = tx.find(Meeting), tx.find(Decision)
    assert [m.held_on for m in meetings] == [date(2026, 11, 20)]
    assert [(d.text, d.status, d.due) for d in decisions] == [
        ("Answer heating complaints in a week", DecisionStatus.OPEN, date(2026, 11, 25))]
    figures = community.reports.desk.figures(community.reports.desk.span("2026-11"))
    assert [(o.decision.responsible, o.overdue) for o in figures.decisions] == [("工程部", True)]


def test_the_report_tab_lists_the_months_figures_one_row_each_and_rewrites_only_what_changed(
    community: Site, site_clock: FixedClock
) -> None:
    community.queue.take_number(Service.INQUIRY, print_ticket=False)
    community.queue.take_number(Service.PAYMENT, print_ticket=False)

    written = community.reports.tab.refresh()
    community.sync.run_once()

    rows = _sheet(community).rows_by_header("Report")
    assert written == len(rows) > 0
    tickets = [r for r in rows if r["Section"] == "queue_service" and r["Measure"] == "tickets"]
    assert sorted((r["Month"], r["Dimension"], float(str(r["Value"]))) for r in tickets) == [
        ("2026-11", "inquiry", 1.0), ("2026-11", "payment", 1.0)]
    summary = {r["Dimension"]: r["Value"] for r in rows if r["Section"] == "summary" and r["Month"] == "2026-11"}
    assert float(str(summary["tickets"])) == 2.0

    assert community.reports.tab.refresh() == 0, "nothing changed: nothing written"
    community.queue.take_number(Service.INQUIRY, print_ticket=False)
    assert community.reports.tab.refresh() == 0, "at most every quarter of an hour"
    site_clock.advance(minutes=16)
    rewritten = community.reports.tab.refresh()
    with community.store.transaction() as tx:
        inquiries = [f for f in tx.find(ReportFigure) if f.section == "queue_service" and f.dimension == "inquiry"
                     and f.measure == "tickets"]
    assert [f.value for f in inquiries] == [2]
    assert 0 < rewritten < written, "only the figures that moved"
    assert inquiries[0].as_of == site_clock.now()


def test_the_report_rows_just_written_do_not_make_the_figures_worked_out_again(
    community: Site, site_clock: FixedClock
) -> None:
    community.queue.take_number(Service.INQUIRY, print_ticket=False)
    tab = community.reports.tab
    assert tab.refresh() > 0
    worked_out = tab.worked_out

    site_clock.advance(minutes=16)
    assert tab.refresh() == 0
    assert tab.worked_out == worked_out, "only the Report rows changed since: nothing to work out"

    community.queue.take_number(Service.PAYMENT, print_ticket=False)
    site_clock.advance(minutes=16)
    assert tab.refresh() > 0
    assert tab.worked_out == worked_out + 1
