"""Slip layouts: pure functions from a slip's data and a printer profile to the ESC/POS bytes.

Every slip follows one pattern, so owners learn to read them: a REPRINT banner when the printer
may already have printed it, the community's name, what the slip is, its big number, the facts
as label-value rows, the time, a QR code to follow it on a phone (never on a PIN slip), a cut.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from desk.catalog import say
from desk.words import Language, estimated_wait, people_ahead
from printers.paper import Paper
from printers.profile import PrinterProfile
from printers.slips import (
    EventPassSlip,
    PinSlip,
    QueueTicketSlip,
    ReceiptSlip,
    RepairSlip,
    VisitorPassSlip,
)

__all__ = [
    "TEST_PAGE_CHINESE",
    "TEST_PAGE_QR",
    "TIME_FORMAT",
    "EmergencyCall",
    "QueueTicketSlip",
    "event_pass",
    "pin_slip",
    "queue_ticket",
    "receipt",
    "repair_slip",
    "ruler",
    "test_page",
    "visitor_pass",
]

TIME_FORMAT = "%Y-%m-%d %H:%M"
# A repair description can be long; the slip keeps the start and the phone page has the rest.
DESCRIPTION_MAX_LINES = 6


def queue_ticket(slip: QueueTicketSlip, profile: PrinterProfile) -> bytes:
    """The bytes of a queue ticket: community, big number, service, time, people ahead, QR, cut.

    A priority ticket says so in large letters above the number: the owner shows it at the counter.
    """
    paper = _start(profile, slip.community_name, slip.language, reprint=slip.reprint)
    if slip.priority:
        banner = f"** {say('priority_banner', slip.language)} **"
        paper.line(banner, align="center", bold=True, size=paper.fitting_size(banner, 2))
    paper.line(say("your_number", slip.language), align="center")
    _big(paper, slip.number, preferred=4)
    paper.line(slip.service_label, align="center", bold=True, size=paper.fitting_size(slip.service_label, 2))
    paper.blank()
    paper.line(_time(slip.issued_at), align="center")
    paper.line(people_ahead(slip.ahead, slip.language), align="center", bold=True)
    if slip.ahead and slip.wait_minutes is not None:
        paper.line(estimated_wait(slip.wait_minutes, slip.language), align="center")
    paper.blank()
    _follow(paper, slip.status_url, say("scan_queue", slip.language))
    return paper.to_bytes()


@dataclass(frozen=True)
class EmergencyCall:
    """Whom an owner calls at once about an emergency: the duty phone ("" for none) and the public numbers.

    ``public_numbers`` are (what for, number) in the slip's language, e.g. ("急救", "120").
    """

    duty_phone: str
    public_numbers: tuple[tuple[str, str], ...]


def repair_slip(slip: RepairSlip, profile: PrinterProfile, emergency: EmergencyCall | None = None) -> bytes:
    """The bytes of a repair request's slip: its number, unit, type, problem, times and a QR code.

    An emergency's slip says so first, and whom to call, before anything else.
    """
    language = slip.language
    paper = _start(profile, slip.community_name, language, reprint=slip.reprint,
                   title=say("repair_slip_title", language))
    if slip.urgent or emergency is not None:
        banner = say("emergency" if emergency is not None else "urgent", language)
        paper.line(f"** {banner} **", align="center", bold=True, size=2)
    paper.line(say("repair_no", language), align="center")
    _big(paper, slip.number, preferred=3)
    if emergency is not None:
        _whom_to_call(paper, emergency, language)
    paper.rule()
    paper.row(say("unit", language), slip.unit)
    paper.row(say("category", language), slip.category)
    paper.row(say("repair_reported", language), _time(slip.reported_at))
    if slip.visit_booked_at is not None:
        paper.row(say("visit_booked", language), _time(slip.visit_booked_at), bold=True)
    paper.line(say("problem", language) + ":")
    paper.paragraph(slip.description, max_lines=DESCRIPTION_MAX_LINES)
    paper.rule()
    _follow(paper, slip.status_url, say("scan_repair", language))
    return paper.to_bytes()


RECEIPT_COPY_MARK = "补打 COPY"
RECEIPT_COPY_NOTE: dict[Language, str] = {
    "zh": "与原收据同号，不是另一笔付款",
    "en": "Same number as the original receipt: not a second payment",
}


def _whom_to_call(paper: Paper, emergency: EmergencyCall, language: Language) -> None:
    paper.rule()
    paper.line(say("call_now", language), align="center", bold=True)
    if emergency.duty_phone:
        paper.row(say("duty_phone", language), emergency.duty_phone, bold=True)
    for what_for, number in emergency.public_numbers:
        paper.row(what_for, number, bold=True)


def receipt(slip: ReceiptSlip, profile: PrinterProfile) -> bytes:
    """The bytes of a payment receipt: number, payer's unit, each charge, the total and its state.

    A pending payment prints as a "payment slip" that says, in large letters, it is not yet a
    receipt: only a confirmed payment gets the receipt's title. A receipt printed again is marked
    "补打 COPY" under its title, so a copy is never taken for a second payment.
    """
    language = slip.language
    paid = slip.state == "paid"
    title = say("receipt_title_paid" if paid else "receipt_title_pending", language)
    paper = _start(profile, slip.community_name, language, reprint=slip.reprint, title=title)
    if slip.reprint and paid:
        # One payment has one original: a copy says so in both languages, whoever reads it later.
        paper.line(RECEIPT_COPY_MARK, align="center", bold=True, size=paper.fitting_size(RECEIPT_COPY_MARK, 2))
        paper.paragraph(RECEIPT_COPY_NOTE[language], align="center")
    if slip.receipt_number:  # a slip still waiting for the money has no receipt number yet
        paper.row(say("receipt_no", language), slip.receipt_number, bold=True)
    if slip.unit:
        paper.row(say("unit", language), slip.unit)
    paper.rule()
    for charge in slip.charges:
        paper.row(charge.description, money(charge.amount))
    paper.rule()
    total = f"{slip.currency}{money(slip.total)}"
    paper.line(say("receipt_total", language), align="center")
    _big(paper, total, preferred=2)
    state = say("receipt_paid" if paid else "receipt_pending", language)
    paper.line(f"{say('status', language)}: {state}", align="center", bold=True, size=1 if paid else 2)
    if not paid:
        paper.paragraph(say("pending_note", language), align="center", bold=True)
    paper.rule()
    if slip.method:
        paper.row(say("method", language), slip.method)
    if slip.reference:
        paper.row(say("payment_reference", language), slip.reference)
    paper.row(say("time", language), _time(slip.issued_at))
    _follow(paper, slip.status_url, say("scan_receipt" if paid else "scan_payment", language))
    return paper.to_bytes()


def event_pass(slip: EventPassSlip, profile: PrinterProfile) -> bytes:
    """The bytes of an event pass: the event, its pass number, when and where, how many, a QR code."""
    language = slip.language
    paper = _start(profile, slip.community_name, language, reprint=slip.reprint, title=say("event_title", language))
    paper.paragraph(slip.event_title, align="center", bold=True, size=paper.fitting_size(slip.event_title, 2))
    paper.line(say("pass_number", language), align="center")
    _big(paper, slip.pass_number, preferred=4)
    paper.rule()
    paper.row(say("when", language), _time_span(slip.starts_at, slip.ends_at), bold=True)
    paper.row(say("where", language), slip.place)
    paper.row(say("unit", language), slip.unit)
    paper.row(say("people", language), str(slip.people))
    paper.row(say("printed", language), _time(slip.issued_at))
    _follow(paper, slip.status_url, say("scan_event", language))
    return paper.to_bytes()


def visitor_pass(slip: VisitorPassSlip, profile: PrinterProfile) -> bytes:
    """The bytes of a visitor pass: its number, the unit visited, until when it is valid, a QR code."""
    language = slip.language
    paper = _start(profile, slip.community_name, language, reprint=slip.reprint, title=say("visitor_title", language))
    _big(paper, slip.pass_number, preferred=4)
    paper.rule()
    paper.row(say("visiting", language), slip.visiting_unit, bold=True)
    if slip.visitor:
        paper.row(say("visitor", language), slip.visitor)
    if slip.vehicle_plate:
        paper.row(say("vehicle", language), slip.vehicle_plate)
    paper.row(say("valid_until", language), _time(slip.valid_until), bold=True)
    paper.row(say("printed", language), _time(slip.issued_at))
    paper.paragraph(say("visitor_note", language), align="center")
    _follow(paper, slip.status_url, say("scan_visitor", language))
    return paper.to_bytes()


def pin_slip(slip: PinSlip, profile: PrinterProfile) -> bytes:
    """The bytes of a PIN slip: what the PIN is for, the PIN in large print, and no QR code of it."""
    language = slip.language
    paper = _start(profile, slip.community_name, language, reprint=slip.reprint, title=slip.purpose)
    paper.line(say("your_pin", language), align="center")
    _big(paper, slip.pin, preferred=4)
    paper.rule()
    paper.row(say("unit", language), slip.unit)
    if slip.valid_until is not None:
        paper.row(say("valid_until", language), _time(slip.valid_until))
    paper.row(say("printed", language), _time(slip.issued_at))
    paper.paragraph(say("pin_note", language), align="center", bold=True)
    paper.cut()
    return paper.to_bytes()


TEST_PAGE_CHINESE = "中文测试 你好"
TEST_PAGE_QR = "lobbydesk printer test"


def test_page(community_name: str, profile: PrinterProfile, printed_at: datetime) -> bytes:
    """A page that shows staff what the configured profile prints: width, Chinese text, a QR code."""
    paper = Paper(profile)
    paper.line(community_name, align="center", bold=True)
    paper.line(f"{say('test_title', 'en')} / {say('test_title', 'zh')}", align="center")
    paper.blank()
    paper.line(f"Profile: {profile.name} (escpos: {profile.escpos_profile})")
    paper.line(f"Width: {profile.width_chars} characters, {profile.width_dots} dots")
    paper.line(f"Native QR: {_yes_no(profile.native_qr)}, Chinese font: {_yes_no(profile.chinese_font)}")
    paper.line(f"Chinese text: {'printer font (GB18030)' if profile.native_chinese else 'drawn as images'}")
    paper.line(f"Printed: {_time(printed_at)}")
    # A full-width ruler: if it wraps or stops short, the width setting is wrong for this paper.
    paper.line(ruler(profile.width_chars))
    paper.line(TEST_PAGE_CHINESE)
    paper.blank()
    paper.qr(TEST_PAGE_QR)
    paper.cut()
    return paper.to_bytes()


def ruler(width: int) -> str:
    """Exactly ``width`` characters: digits counting columns, with the tens marked by ``|``."""
    return "".join("|" if column % 10 == 0 else str(column % 10) for column in range(1, width + 1))


def money(amount: Decimal) -> str:
    """An amount with two decimals and thousands separators, e.g. ``1,234.50`` or ``-50.00``."""
    return f"{amount.quantize(Decimal('0.01')):,.2f}"


def _start(
    profile: PrinterProfile, community_name: str, language: Language, *, reprint: bool, title: str = ""
) -> Paper:
    """A new slip with its REPRINT banner (when it may be a second copy), community name and title."""
    paper = Paper(profile)
    if reprint:
        paper.line(f"** {say('reprint', language)} **", align="center", bold=True, size=1)
    paper.line(community_name, align="center", bold=True, size=paper.fitting_size(community_name, 2))
    if title:
        paper.line(title, align="center", bold=True)
    paper.blank()
    return paper


def _big(paper: Paper, number: str, *, preferred: int) -> None:
    """The number an owner reads from across the lobby, as large as the paper allows."""
    paper.line(number, align="center", bold=True, size=paper.fitting_size(number, preferred))


def _follow(paper: Paper, url: str, caption: str) -> None:
    """The QR code to follow the slip on a phone, its caption and address, then the cut.

    The address is printed without its ``lang``: it is there to be typed when the code will not scan,
    it must fit 58 mm paper, and the page it opens offers both languages. The code carries it.
    """
    paper.blank()
    paper.qr(url)
    paper.line(caption, align="center")
    paper.line(_without_language(url), align="center", small=True)
    paper.cut()


def _without_language(url: str) -> str:
    """``…/r/SUNNY-R7K3M9P?lang=zh`` as ``…/r/SUNNY-R7K3M9P``; any other query is kept."""
    address, _, query = url.partition("?")
    kept = "&".join(part for part in query.split("&") if part and not part.startswith("lang="))
    return f"{address}?{kept}" if kept else address


def _time(moment: datetime) -> str:
    return moment.strftime(TIME_FORMAT)


def _time_span(starts_at: datetime, ends_at: datetime | None) -> str:
    """``2026-12-01 19:00-21:00``, or both full times when the span crosses midnight."""
    if ends_at is None:
        return _time(starts_at)
    if ends_at.date() == starts_at.date():
        return f"{_time(starts_at)}-{ends_at.strftime('%H:%M')}"
    return f"{_time(starts_at)} - {_time(ends_at)}"


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"
