"""The words of the handover in Chinese then English, shared by the slip, the PDF, the console and the CLI.

The staff read Chinese first: every label is ``中文 English``. The queue's column words are short
enough for a column of a 58 mm slip; the PDF and the screens use their longer English.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from desk.handover import HandoverSummary, QueueFigures
from desk.money import money_text
from desk.queue import Service
from desk.words import SERVICE_NAMES

WORDS: dict[str, tuple[str, str]] = {
    "title": ("交班单", "Shift handover"),
    "shift": ("班次", "Shift"),
    "clerk": ("交班人", "Handed over by"),
    "queue": ("排队", "Queue"),
    "total": ("合计", "Total"),
    "no_tickets": ("本班无人取号", "No tickets this shift"),
    "at_counter": ("叫号未办完", "Called, not finished"),
    "minutes_note": ("等候/办理：平均分钟", "Wait/serve: average minutes"),
    "repairs": ("报修", "Repairs"),
    "opened": ("本班新报", "Reported"),
    "done": ("本班完成", "Done"),
    "still_open": ("未完成", "Still open"),
    "overdue": ("已逾期", "Overdue"),
    "due": ("应完成", "due"),
    "payments": ("缴费", "Payments"),
    "confirmed": ("本班确认", "Confirmed"),
    "received": ("收款合计", "Received"),
    "pending": ("待确认", "Awaiting confirmation"),
    "open_now": ("现场未完", "Open now"),
    "visitors_in": ("访客在场", "Visitors in"),
    "move_ins": ("入住办理中", "Move-ins open"),
    "to_do": ("项待办", "to do"),
    "alerts": ("提醒", "Alerts"),
    "printed": ("打印时间", "Printed"),
    "taken_over_by": ("接班人签字", "Taken over by"),
}


@dataclass(frozen=True)
class QueueColumn:
    """One figure of a queue line: its field, a short header in each language, and the longer English."""

    field: str
    zh: str
    en: str  # at most 5 letters: a column of the slip is 6 wide
    en_long: str


QUEUE_COLUMNS: tuple[QueueColumn, ...] = (
    QueueColumn("taken", "取号", "Taken", "Taken"),
    QueueColumn("served", "已办", "Done", "Served"),
    QueueColumn("no_shows", "过号", "Miss", "No-show"),
    QueueColumn("waiting", "在等", "Wait", "Still waiting"),
    QueueColumn("average_wait", "等候", "W.avg", "Avg wait (min)"),
    QueueColumn("average_service", "办理", "S.avg", "Avg service (min)"),
)

TIME_FORMAT = "%Y-%m-%d %H:%M"


def say(key: str) -> str:
    """A label in both languages, Chinese first: ``取号 Taken``."""
    zh, en = WORDS[key]
    return f"{zh} {en}"


def service_label(service: Service) -> str:
    """A service in both languages: ``咨询 Inquiry``."""
    names = SERVICE_NAMES[service]
    return f"{names['zh']} {names['en']}"


def cell(figures: QueueFigures, column: QueueColumn) -> str:
    """One figure as printed: a count, minutes with one decimal, or ``-`` when nobody was timed."""
    value = getattr(figures, column.field)
    if value is None:
        return "-"
    return f"{value:.1f}" if column.field.startswith("average") else str(value)


def shift_span(summary: HandoverSummary, tz: tzinfo) -> str:
    """``2026-11-27 08:00-12:30``, or ``2026-11-26 22:00 - 11-27 06:00`` across midnight (a line of 58 mm paper)."""
    since, until = summary.since.astimezone(tz), summary.until.astimezone(tz)
    if since.date() == until.date():
        return f"{since:{TIME_FORMAT}}-{until:%H:%M}"
    return f"{since:{TIME_FORMAT}} - {until:%m-%d %H:%M}"


def local_time(moment: datetime, tz: tzinfo) -> str:
    """A time as the handover prints it, in the site's zone."""
    return f"{moment.astimezone(tz):{TIME_FORMAT}}"


def to_do_words(missing: int) -> str:
    """``3 项待办 3 to do``."""
    zh, en = WORDS["to_do"]
    return f"{missing} {zh} {missing} {en}"


def summary_lines(summary: HandoverSummary, tz: tzinfo) -> list[str]:
    """The handover as plain lines, for the terminal and the console's preview."""
    lines = [f"{say('title')} · {shift_span(summary, tz)}" + (f" · {say('clerk')} {summary.clerk}"
                                                              if summary.clerk else ""), "", say("queue")]
    if not summary.queue_total.anything:
        lines.append(f"  {say('no_tickets')}")
    for label, figures in [*((service_label(s), f) for s, f in summary.queue),
                           *([(say("total"), summary.queue_total)] if summary.queue_total.anything else [])]:
        figures_text = " · ".join(f"{c.zh} {c.en_long} {cell(figures, c)}" for c in QUEUE_COLUMNS)
        lines.append(f"  {label}: {figures_text}")
    if summary.queue_total.at_counter:
        lines.append(f"  {say('at_counter')}: {summary.queue_total.at_counter}")
    repairs = summary.repairs
    lines += ["", f"{say('repairs')}: {say('opened')} {repairs.opened} · {say('done')} {repairs.done} · "
                  f"{say('still_open')} {repairs.still_open} · {say('overdue')} {len(repairs.overdue)}"]
    lines += [f"  {r.number} {r.place} ({r.category.value}) {say('due')} {local_time(r.due_at, tz)}"
              for r in repairs.overdue]
    payments = summary.payments
    lines += ["", f"{say('payments')}: {say('confirmed')} {payments.confirmed} · "
                  f"{say('received')} {money_text(payments.total)} · {say('pending')} {payments.pending}"]
    lines += ["", f"{say('open_now')}: {say('visitors_in')} {summary.visitors_in} · "
                  f"{say('move_ins')} {len(summary.move_ins)} · {say('alerts')} {len(summary.alerts)}"]
    lines += [f"  {case.unit_label} {case.number}: {to_do_words(len(case.missing))}" for case in summary.move_ins]
    lines += [f"  ! {alert}" for alert in summary.alerts]
    return lines
