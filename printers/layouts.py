"""Ticket layouts: pure functions from a slip's data to the ESC/POS bytes that print it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desk.words import LANGUAGES, Language, people_ahead
from printers.paper import Paper
from printers.profile import PrinterProfile

# Words printed on a queue ticket, per language.
TICKET_WORDS: dict[Language, dict[str, str]] = {
    "zh": {
        "reprint": "补打",
        "your_number": "您的号码",
        "scan": "扫码查看排队进度",
    },
    "en": {
        "reprint": "REPRINT",
        "your_number": "Your number",
        "scan": "Scan to follow your turn",
    },
}

TIME_FORMAT = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class QueueTicketSlip:
    """Everything printed on one queue ticket, already in the slip's language and time zone."""

    community_name: str
    number: str
    service_label: str
    issued_at: datetime
    ahead: int
    status_url: str
    language: Language
    reprint: bool = False

    def __post_init__(self) -> None:
        if self.issued_at.tzinfo is None:
            raise ValueError("a queue ticket's issue time must carry its time zone")
        if self.ahead < 0:
            raise ValueError(f"people ahead cannot be negative (got {self.ahead})")
        if self.language not in LANGUAGES:
            raise ValueError(f"ticket language must be one of {', '.join(LANGUAGES)} (got {self.language!r})")


def queue_ticket(slip: QueueTicketSlip, profile: PrinterProfile) -> bytes:
    """The bytes of a queue ticket: community, big number, service, time, people ahead, QR, cut."""
    words = TICKET_WORDS[slip.language]
    paper = Paper(profile)
    if slip.reprint:
        paper.line(f"** {words['reprint']} **", align="center", bold=True)
    paper.line(slip.community_name, align="center", bold=True, size=paper.fitting_size(slip.community_name, 2))
    paper.blank()
    paper.line(words["your_number"], align="center")
    paper.line(slip.number, align="center", bold=True, size=paper.fitting_size(slip.number, 4))
    paper.line(slip.service_label, align="center", bold=True, size=paper.fitting_size(slip.service_label, 2))
    paper.blank()
    paper.line(slip.issued_at.strftime(TIME_FORMAT), align="center")
    paper.line(people_ahead(slip.ahead, slip.language), align="center", bold=True)
    paper.blank()
    paper.qr(slip.status_url)
    paper.line(words["scan"], align="center")
    paper.line(slip.status_url, align="center", small=True)
    paper.cut()
    return paper.to_bytes()


TEST_PAGE_CHINESE = "中文测试 你好"
TEST_PAGE_QR = "lobbydesk printer test"


def test_page(community_name: str, profile: PrinterProfile) -> bytes:
    """A page that shows staff what the configured profile prints: width, Chinese text, a QR code."""
    paper = Paper(profile)
    paper.line(community_name, align="center", bold=True)
    paper.line("Printer test page / 打印机测试页", align="center")
    paper.blank()
    paper.line(f"Profile: {profile.name} (escpos: {profile.escpos_profile})")
    paper.line(f"Width: {profile.width_chars} characters, {profile.width_dots} dots")
    paper.line(f"Native QR: {_yes_no(profile.native_qr)}, Chinese font: {_yes_no(profile.chinese_font)}")
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


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"
