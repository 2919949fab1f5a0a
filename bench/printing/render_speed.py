"""How long a queue ticket takes to lay out, and how many bytes it is, per kind of printer.

Run: ``uv run python -m bench.printing.render_speed``. The figures it printed on the development
box are kept in ``bench/printing/README.md``.
"""

from __future__ import annotations

import dataclasses
import statistics
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from printers.layouts import QueueTicketSlip, queue_ticket
from printers.profile import PrinterProfile, profile_named

SLIP = QueueTicketSlip(
    community_name="阳光花园 Sunny Garden",
    number="A012",
    service_label="咨询",
    issued_at=datetime(2026, 11, 27, 9, 15, tzinfo=ZoneInfo("Asia/Shanghai")),
    ahead=3,
    status_url="https://desk.example.org/t/SUNNY-T7K3M9P",
    language="zh",
)

PROFILES: dict[str, PrinterProfile] = {
    "80mm, Chinese font, native QR": profile_named("80mm"),
    "58mm, Chinese font, native QR": profile_named("58mm"),
    "80mm, images only": dataclasses.replace(profile_named("80mm"), native_qr=False, chinese_font=False),
    "58mm, images only": dataclasses.replace(profile_named("58mm"), native_qr=False, chinese_font=False),
}


def main(rounds: int = 50) -> None:
    """Print median and worst render time and the job size for each profile."""
    queue_ticket(SLIP, profile_named("80mm"))  # first call pays for imports and font loading
    print(f"{'profile':34} {'median ms':>10} {'max ms':>8} {'bytes':>8}")
    for name, profile in PROFILES.items():
        timings = []
        for _ in range(rounds):
            started = time.perf_counter()
            data = queue_ticket(SLIP, profile)
            timings.append((time.perf_counter() - started) * 1000)
        print(f"{name:34} {statistics.median(timings):10.2f} {max(timings):8.2f} {len(data):8d}")


if __name__ == "__main__":
    main()
