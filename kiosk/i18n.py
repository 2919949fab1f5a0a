"""What the kiosk shows beside its words: the icon of each service and the name of each language.

The words themselves are in the one catalog, ``desk.catalog``.
"""

from __future__ import annotations

from desk.queue import Service

SERVICE_ICONS: dict[Service, str] = {
    Service.INQUIRY: "help_outline",
    Service.COMPLAINT: "campaign",
    Service.PAYMENT: "payments",
    Service.REPAIR: "build",
    Service.MOVE_IN: "key",
    Service.OTHER: "more_horiz",
}

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
