"""The monthly report as an A4 PDF: a summary page (key figures, open committee decisions), then each chart
with its numbers under it, in Chinese or English.

The charts are matplotlib PNGs (:mod:`lobbydesk.report_charts`); Chinese is embedded with the font
the other PDFs use, so ``NoChineseFontError`` says what to install.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime, tzinfo

from fpdf import FPDF
from fpdf.fonts import FontFace

from desk.report_data import SUMMARY_KEYS, ReportFigures
from desk.report_figures import Table
from desk.report_words import column_name, number_text, row_name, say
from lobbydesk.owner_file_pdf import a4_page_with_chinese, chinese_font
from lobbydesk.report_charts import chart_png

__all__ = ["report_pdf"]

HEADINGS = FontFace(fill_color=(235, 235, 235))
OVERDUE = FontFace(color=(180, 0, 0))



def report_pdf(figures: ReportFigures, *, community_name: str, lang: str, tz: tzinfo, printed_at: datetime) -> bytes:
    """The report as PDF bytes: the summary page first, then one chart and its table after another."""
    font, _ = chinese_font()
    span = figures.span
    period = span.first if span.first == span.last else f"{span.first} – {span.last}"
    pdf = a4_page_with_chinese(f"{say('report', 'en')} {period}")

    def text(size: float, line: str, height: float = 6) -> None:
        pdf.set_font("cjk", size=size)
        pdf.multi_cell(pdf.epw, height, line, new_x="LMARGIN", new_y="NEXT")

    text(16, community_name, 9)
    text(14, f"{say('report', lang)} · {period}", 8)
    text(9, f"{say('as_of', lang)} {figures.as_of.astimezone(tz):%Y-%m-%d %H:%M} · "
            f"{say('printed', lang)} {printed_at.astimezone(tz):%Y-%m-%d %H:%M}")
    pdf.ln(2)
    text(12, say("key_figures", lang), 7)
    _table(pdf, [[say(key, lang), number_text(figures.summary.cell(key, "value"))] for key in SUMMARY_KEYS],
           (90, 40), headings=False)
    text(12, say("decisions", lang), 7)
    _decisions(pdf, figures, lang)
    _votes_this_month(pdf, figures, lang)

    pdf.add_page()
    for chart in figures.charts():
        if pdf.will_page_break(82):
            pdf.add_page()
        text(11, say(chart.key, lang), 6)  # the title as text too: the PDF can be searched
        image = io.BytesIO(chart_png(chart, lang, font))
        pdf.image(image, w=160, h=70)
        _numbers(pdf, chart, lang)
        pdf.ln(3)
    return bytes(pdf.output())


def _decisions(pdf: FPDF, figures: ReportFigures, lang: str) -> None:
    """The committee's open decisions, overdue first and marked."""
    if not figures.decisions:
        pdf.set_font("cjk", size=10)
        pdf.multi_cell(pdf.epw, 6, say("no_decisions", lang), new_x="LMARGIN", new_y="NEXT")
        return
    pdf.set_font("cjk", size=9)
    with pdf.table(col_widths=(22, 88, 30, 40), headings_style=HEADINGS, line_height=5.5, width=180,
                   align="LEFT") as drawn:
        drawn.row([say("meeting", lang), say("decisions", lang), say("responsible", lang), say("due", lang)])
        for item in figures.decisions:
            due = f"{item.decision.due:%Y-%m-%d}" if item.decision.due else "-"
            style = OVERDUE if item.overdue else None
            drawn.row([f"{item.meeting_date:%Y-%m-%d}" if item.meeting_date else item.decision.meeting,
                       item.decision.text, item.decision.responsible,
                       f"{due} {say('overdue_flag', lang)}" if item.overdue else due], style=style)
    pdf.ln(2)


def _votes_this_month(pdf: FPDF, figures: ReportFigures, lang: str) -> None:
    """Where the summary page will list the month's committee votes once consultations and votes exist.

    The committee's votes are another feature's records; this page draws nothing for them yet.
    """


def _numbers(pdf: FPDF, chart: Table, lang: str) -> None:
    """A chart's numbers under it: a row per thing counted, a column per measure."""
    width = min(180.0, 50 + 22.0 * len(chart.columns))
    measures = (width - 50) / max(len(chart.columns), 1)
    rows = [[row_name(chart, row, lang), *(number_text(v) for v in values)]
            for row, values in zip(chart.rows, chart.values, strict=True)]
    _table(pdf, [["", *(column_name(chart, c, lang) for c in chart.columns)], *rows],
           (50, *([measures] * len(chart.columns))), headings=True)


def _table(pdf: FPDF, rows: Sequence[Sequence[str]], widths: Sequence[float], *, headings: bool) -> None:
    pdf.set_font("cjk", size=8 if len(widths) > 5 else 9)
    aligns = ("LEFT", *(["RIGHT"] * (len(widths) - 1)))
    with pdf.table(col_widths=tuple(widths), text_align=aligns, first_row_as_headings=headings,
                   headings_style=HEADINGS, line_height=5, width=sum(widths), align="LEFT") as drawn:
        for row in rows:
            drawn.row(row)
    pdf.ln(2)
