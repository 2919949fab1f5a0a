"""The shift handover as an A4 PDF: the same summary as the slip, with room for every overdue repair.

Chinese needs a font embedded in the file; it is found as for the owner file
(:func:`lobbydesk.owner_file_pdf.chinese_font`), so ``NoChineseFontError`` says what to install.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from fpdf.fonts import FontFace

from desk.handover import HandoverSummary
from desk.handover_words import QUEUE_COLUMNS, cell, local_time, say, service_label, shift_span, to_do_words
from desk.money import money_text
from desk.repair_words import NAMES
from desk.repairs import RepairCategory, RepairStatus
from lobbydesk.owner_file_pdf import a4_page_with_chinese

__all__ = ["handover_pdf"]

HEADINGS = FontFace(fill_color=(235, 235, 235))
LEFT, RIGHT = "LEFT", "RIGHT"


def handover_pdf(summary: HandoverSummary, *, community_name: str, tz: tzinfo, printed_at: datetime) -> bytes:
    """The handover as PDF bytes: the shift, the queue per service, repairs, payments, what is open."""
    pdf = a4_page_with_chinese(f"Shift handover {shift_span(summary, tz)}")

    def text(size: float, line: str, height: float = 6) -> None:
        pdf.set_font("cjk", size=size)
        pdf.multi_cell(pdf.epw, height, line, new_x="LMARGIN", new_y="NEXT")

    def table(rows: Sequence[Sequence[str]], widths: Sequence[float], aligns: Sequence[str]) -> None:
        """A table whose first row is its headings; widths in millimetres."""
        pdf.set_font("cjk", size=9)
        with pdf.table(col_widths=tuple(widths), text_align=tuple(aligns), headings_style=HEADINGS,
                       line_height=5.5, width=sum(widths), align="LEFT") as drawn:
            for row in rows:
                drawn.row(row)
        pdf.ln(2)

    def figures(rows: Sequence[tuple[str, str]]) -> None:
        """Label-value lines, the values right-aligned."""
        pdf.set_font("cjk", size=10)
        with pdf.table(col_widths=(70, 30), text_align=(LEFT, RIGHT), first_row_as_headings=False,
                       line_height=6, width=100, align="LEFT") as drawn:
            for row in rows:
                drawn.row(row)
        pdf.ln(2)

    def heading(key: str) -> None:
        pdf.ln(2)
        text(12, say(key), 7)

    text(16, community_name, 9)
    text(14, f"{say('title')} · {shift_span(summary, tz)}", 8)
    text(9, f"{say('printed')} {local_time(printed_at, tz)}"
            + (f" · {say('clerk')} {summary.clerk}" if summary.clerk else ""))

    heading("queue")
    if summary.queue_total.anything:
        rows = [[service_label(service), *(cell(figures, c) for c in QUEUE_COLUMNS)]
                for service, figures in summary.queue]
        rows.append([say("total"), *(cell(summary.queue_total, c) for c in QUEUE_COLUMNS)])
        table([["", *(f"{c.zh} {c.en_long}" for c in QUEUE_COLUMNS)], *rows],
              (34, *([24] * len(QUEUE_COLUMNS))), (LEFT, *([RIGHT] * len(QUEUE_COLUMNS))))
        if summary.queue_total.at_counter:
            text(10, f"{say('at_counter')}: {summary.queue_total.at_counter}")
    else:
        text(10, say("no_tickets"))

    repairs = summary.repairs
    heading("repairs")
    figures([(say("opened"), str(repairs.opened)), (say("done"), str(repairs.done)),
             (say("still_open"), str(repairs.still_open)), (say("overdue"), str(len(repairs.overdue)))])
    if repairs.overdue:
        table([["No. 单号", "Where 地点", "Type 类别", "Urgency 紧急", "Status 状态", f"{say('due')}"],
               *([r.number, r.place, _category(r.category), r.urgency.value, _status(r.status),
                  local_time(r.due_at, tz)] for r in repairs.overdue)],
              (18, 52, 34, 22, 24, 30), (LEFT, LEFT, LEFT, LEFT, LEFT, RIGHT))

    payments = summary.payments
    heading("payments")
    figures([(say("confirmed"), str(payments.confirmed)), (say("received"), money_text(payments.total)),
             (say("pending"), str(payments.pending))])

    heading("open_now")
    figures([(say("visitors_in"), str(summary.visitors_in)), (say("move_ins"), str(len(summary.move_ins))),
             (say("alerts"), str(len(summary.alerts)))])
    for case in summary.move_ins:
        text(10, f"{case.unit_label} {case.number}: {to_do_words(len(case.missing))} ({', '.join(case.missing)})")
    for alert in summary.alerts:
        text(10, f"! {alert}")
    pdf.ln(8)
    text(11, f"{say('taken_over_by')}: ____________________    {say('clerk')}: ____________________")
    return bytes(pdf.output())


def _category(category: RepairCategory) -> str:
    names = NAMES[(RepairCategory, category.value)]
    return f"{names['zh']} {names['en']}"


def _status(status: RepairStatus) -> str:
    names = NAMES[(RepairStatus, status.value)]
    return f"{names['zh']} {names['en']}"
