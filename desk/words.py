"""The words the kiosk, the status pages and the tickets share, in Chinese and English."""

from __future__ import annotations

from typing import Literal

from desk.queue import Service

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")

SERVICE_NAMES: dict[Service, dict[Language, str]] = {
    Service.INQUIRY: {"zh": "咨询", "en": "Inquiry"},
    Service.COMPLAINT: {"zh": "投诉", "en": "Complaint"},
    Service.PAYMENT: {"zh": "缴费", "en": "Payment"},
    Service.REPAIR: {"zh": "报修", "en": "Repair"},
    Service.MOVE_IN: {"zh": "入住办理", "en": "Move-in"},
    Service.OTHER: {"zh": "其他", "en": "Other"},
}


def in_language(url: str, language: str) -> str:
    """A page's address that opens in ``language``: ``https://desk/t/SUNNY-T7K3M9P?lang=en``.

    Every link an owner is handed (a QR code on a screen or a slip) carries the language of the task
    it came from, so the phone shows the words the owner chose at the kiosk.
    """
    return f"{url}{'&' if '?' in url else '?'}lang={language}"


def service_name(service: Service, language: str) -> str:
    """A desk service's name in a language (English for one we do not know)."""
    names = SERVICE_NAMES[service]
    return names["zh"] if language == "zh" else names["en"]


def people_ahead(ahead: int, language: str) -> str:
    """How many people wait ahead of a ticket holder, said naturally in each language."""
    if language == "zh":
        return "您是下一位" if ahead == 0 else f"前面还有 {ahead} 人"
    if ahead == 0:
        return "You are next"
    return "1 person ahead of you" if ahead == 1 else f"{ahead} people ahead of you"


def estimated_wait(minutes: int, language: str) -> str:
    """The likely wait, said the same on the screen, the phone and the ticket."""
    if language == "zh":
        return f"预计等候约 {minutes} 分钟"
    return f"Estimated wait about {minutes} min"
