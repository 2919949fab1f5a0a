"""The handover slip: one thermal slip with the shift's queue, repairs, payments and what is left open.

It is read by staff, not owners, so both languages share each line (Chinese first) and there is no
QR code. Figures are right-aligned; the queue is a table whose columns are split into two tables
when the paper is too narrow for all six (58 mm). The table's Chinese header is padded with
ideographic spaces, which are exactly two columns wide both in the printer's font and when drawn,
so the headers stay over their figures either way. The job's payload is the summary itself
(see :mod:`desk.handover`): a slip printed late, or again after a crash, says what it said at the press.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from pydantic import ValidationError

from desk.handover import HANDOVER, HandoverSummary, QueueFigures
from desk.handover_words import (
    QUEUE_COLUMNS,
    QueueColumn,
    cell,
    local_time,
    say,
    service_label,
    shift_span,
    to_do_words,
)
from desk.money import money_text
from desk.repairs import Urgency
from desk.store import PrintJob
from printers.paper import Paper, display_width
from printers.profile import PrinterProfile
from printers.renderers import RenderError, RenderJob, UnknownJobKindError, is_reprint

__all__ = ["HANDOVER", "handover_renderer", "handover_slip"]

CELL = 6  # columns per figure: a 5-letter header, or a 4-column Chinese one, and a space
SHORTEST_LABEL = 8  # what a table leaves for its row labels at least, before it splits
IDEOGRAPHIC_SPACE = "\u3000"
OVERDUE_LISTED = 10  # the slip lists this many overdue repairs; the PDF has them all


def handover_slip(summary: HandoverSummary, profile: PrinterProfile, *, community_name: str, tz: tzinfo,
                  printed_at: datetime, reprint: bool = False) -> bytes:
    """The bytes of the handover slip, for paper of any width the profile names."""
    paper = Paper(profile)
    if reprint:
        paper.line("** 补打 REPRINT **", align="center", bold=True)
    paper.line(community_name, align="center", bold=True, size=paper.fitting_size(community_name, 2))
    paper.line(say("title"), align="center", bold=True, size=paper.fitting_size(say("title"), 2))
    paper.blank()
    paper.row(say("shift"), shift_span(summary, tz))
    if summary.clerk:
        paper.row(say("clerk"), summary.clerk)
    _queue(paper, summary)
    _repairs(paper, summary, tz)
    _payments(paper, summary)
    _open_now(paper, summary)
    paper.rule()
    paper.row(say("printed"), local_time(printed_at, tz))
    paper.blank()
    paper.line(f"{say('taken_over_by')}:")
    paper.blank(2)
    paper.line("_" * profile.width_chars)
    paper.cut()
    return paper.to_bytes()


def handover_renderer(*, community_name: Callable[[], str], profile: PrinterProfile, tz: tzinfo,
                      now: Callable[[], datetime]) -> RenderJob:
    """Prints ``handover`` jobs: the summary their payload carries, in the site's zone."""

    def render(job: PrintJob) -> bytes:
        if job.kind != HANDOVER:
            raise UnknownJobKindError(f"no layout prints {job.kind!r} jobs (job {job.id}); known kinds: {HANDOVER}")
        try:
            summary = HandoverSummary.from_payload(job.payload)
        except ValidationError as error:
            raise RenderError(f"print job {job.id} does not carry a handover: {error}") from None
        return handover_slip(summary, profile, community_name=community_name(), tz=tz, printed_at=now(),
                             reprint=is_reprint(job))

    return render


def _heading(paper: Paper, key: str) -> None:
    paper.rule()
    paper.line(say(key), bold=True)


def _queue(paper: Paper, summary: HandoverSummary) -> None:
    _heading(paper, "queue")
    if not summary.queue_total.anything:
        paper.line(say("no_tickets"))
        return
    rows = [(service_label(service), figures, False) for service, figures in summary.queue]
    rows.append((say("total"), summary.queue_total, True))
    for columns in _tables(paper.profile.width_chars):
        _table(paper, columns, rows)
    paper.paragraph(say("minutes_note"))
    if summary.queue_total.at_counter:
        paper.row(say("at_counter"), str(summary.queue_total.at_counter), bold=True)


def _tables(width: int) -> list[tuple[QueueColumn, ...]]:
    """The queue's columns, as many to a table as the paper takes with room left for the labels."""
    per_table = max(1, (width - SHORTEST_LABEL) // CELL)
    return [QUEUE_COLUMNS[start:start + per_table] for start in range(0, len(QUEUE_COLUMNS), per_table)]


def _table(paper: Paper, columns: tuple[QueueColumn, ...], rows: list[tuple[str, QueueFigures, bool]]) -> None:
    width = paper.profile.width_chars
    label_room = width - CELL * len(columns)
    # The label room is even (both widths are), so ideographic spaces fill it exactly.
    paper.line(IDEOGRAPHIC_SPACE * (label_room // 2)
               + "".join(IDEOGRAPHIC_SPACE + column.zh for column in columns))
    paper.line(" " * label_room + "".join(column.en.rjust(CELL) for column in columns))
    # Drawn text is proportional: labels share the figures' line only in the printer's own font, and
    # only when every label fits, so that a table reads one way from top to bottom.
    inline = paper.profile.native_chinese and all(display_width(label) <= label_room for label, _, _ in rows)
    for label, figures, bold in rows:
        figures_text = "".join(cell(figures, column).rjust(CELL) for column in columns)
        if inline:
            paper.line(label + " " * (label_room - display_width(label)) + figures_text, bold=bold)
        else:
            paper.line(label, bold=bold)
            paper.line(figures_text.rjust(width), bold=bold)


def _repairs(paper: Paper, summary: HandoverSummary, tz: tzinfo) -> None:
    repairs = summary.repairs
    _heading(paper, "repairs")
    paper.row(say("opened"), str(repairs.opened))
    paper.row(say("done"), str(repairs.done))
    paper.row(say("still_open"), str(repairs.still_open))
    paper.row(say("overdue"), str(len(repairs.overdue)), bold=bool(repairs.overdue))
    for repair in repairs.overdue[:OVERDUE_LISTED]:
        mark = " " if repair.urgency is Urgency.NORMAL else "!"
        _row(paper, f"{mark}{repair.number} {repair.place}", f"{repair.due_at.astimezone(tz):%m-%d %H:%M}")
    if len(repairs.overdue) > OVERDUE_LISTED:
        more = len(repairs.overdue) - OVERDUE_LISTED
        paper.paragraph(f" ... 另 {more} 项 {more} more")


def _row(paper: Paper, label: str, value: str) -> None:
    """A label-value row whose label may be longer than the paper (a public place): then wrapped above its value."""
    if display_width(label) + 1 + display_width(value) <= paper.profile.width_chars:
        paper.row(label, value)
    else:
        paper.paragraph(label)
        paper.line(value, align="right")


def _payments(paper: Paper, summary: HandoverSummary) -> None:
    payments = summary.payments
    _heading(paper, "payments")
    paper.row(say("confirmed"), str(payments.confirmed))
    paper.row(say("received"), money_text(payments.total), bold=True)
    paper.row(say("pending"), str(payments.pending))


def _open_now(paper: Paper, summary: HandoverSummary) -> None:
    _heading(paper, "open_now")
    paper.row(say("visitors_in"), str(summary.visitors_in))
    paper.row(say("move_ins"), str(len(summary.move_ins)))
    for case in summary.move_ins:
        _row(paper, f" {case.unit_label} {case.number}".rstrip(), to_do_words(len(case.missing)))
    paper.row(say("alerts"), str(len(summary.alerts)), bold=bool(summary.alerts))
    for alert in summary.alerts:
        paper.paragraph(f"! {alert}", max_lines=3)

