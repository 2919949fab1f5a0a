"""How long each slip takes to lay out, and how many bytes it is, per language and Chinese mode.

Run: ``uv run python -m bench.printing.render_speed [--rounds N] [--check]``. The figures it printed
on the development box are kept in ``bench/printing/README.md``. With ``--check`` it exits 1 when a
target is missed: any slip over 20 ms (median), or a native queue ticket over 4 KB.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from desk.words import Language
from printers import layouts
from printers.profile import PrinterProfile, profile_named
from printers.slips import (
    Charge,
    EventPassSlip,
    PinSlip,
    QueueTicketSlip,
    ReceiptSlip,
    RepairSlip,
    VisitorPassSlip,
)
from printers.text_image import IMAGE_TEXT_HEIGHT, load_font

BUILD_TARGET_MS = 20.0
QUEUE_TICKET_TARGET_BYTES = 4096

AT = datetime(2026, 11, 27, 9, 15, tzinfo=ZoneInfo("Asia/Shanghai"))
URL = "https://desk.example.org"


def sample_slips(language: Language) -> dict[str, tuple[Callable[[Any, PrinterProfile], bytes], Any]]:
    """One realistic slip of every kind, in a language, with its layout."""
    zh = language == "zh"
    community = "阳光花园" if zh else "Sunny Garden"
    return {
        "queue ticket": (
            layouts.queue_ticket,
            QueueTicketSlip(community, "A012", "咨询" if zh else "Inquiry", AT, 3, f"{URL}/t/SUNNY-T7K3M9P", language),
        ),
        "repair slip": (
            layouts.repair_slip,
            RepairSlip(
                community, "R0042", "3-2-501", "水电" if zh else "Plumbing",
                "厨房水龙头一直滴水，关紧后仍然漏，水槽下面的柜子已经湿了。" if zh
                else "The kitchen tap keeps dripping even when closed; the cupboard under the sink is wet.",
                AT, f"{URL}/r/SUNNY-R7K3M9P", language, visit_booked_at=AT + timedelta(days=1, hours=5),
            ),
        ),
        "payment receipt": (
            layouts.receipt,
            ReceiptSlip(
                community, "SUNNY-P7K3M9P", "3-2-501",
                (
                    Charge("物业费 2026-11" if zh else "Property fee 2026-11", Decimal("356.40")),
                    Charge("取暖费 2026-2027" if zh else "Heating 2026-2027", Decimal("2100.00")),
                    Charge("水费 10月" if zh else "Water, October", Decimal("48.75")),
                ),
                "paid", AT, f"{URL}/p/SUNNY-P7K3M9P", language,
                method="微信支付" if zh else "WeChat Pay", reference="PAY-20261127-0042",
            ),
        ),
        "event pass": (
            layouts.event_pass,
            EventPassSlip(
                community, "E017", "中秋灯会" if zh else "Lantern evening", AT + timedelta(days=3),
                "会所多功能厅" if zh else "Clubhouse hall", "3-2-501", 2, AT, f"{URL}/e/SUNNY-E7K3M9P", language,
                ends_at=AT + timedelta(days=3, hours=2),
            ),
        ),
        "visitor pass": (
            layouts.visitor_pass,
            VisitorPassSlip(
                community, "V023", "5-1-1202", AT + timedelta(hours=8), AT, f"{URL}/v/SUNNY-V7K3M9P", language,
                visitor="快递" if zh else "Delivery", vehicle_plate="京A12345",
            ),
        ),
        "PIN slip": (
            layouts.pin_slip,
            PinSlip(community, "482913", "手机账户开通密码" if zh else "Phone account PIN", "3-2-501", AT, language),
        ),
    }


PROFILES: dict[str, PrinterProfile] = {
    "80mm native": profile_named("80mm"),
    "58mm native": profile_named("58mm"),
    "80mm image": profile_named("80mm", chinese_text="image"),
    "58mm image": profile_named("58mm", chinese_text="image"),
    # No Chinese font and no QR command either: the QR code is drawn too (the worst case).
    "58mm bare": dataclasses.replace(profile_named("58mm"), chinese_font=False, native_qr=False),
}


def main(argv: list[str] | None = None) -> int:
    """Print first and median build time and the job size for each slip, language and profile."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=30)
    options.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = options.parse_args(argv)

    # The first slip of a process pays for importing python-escpos and loading its capabilities
    # database (about 0.4 s), and each size of drawn text for loading the CJK font (about 10 ms):
    # done once here, outside the figures.
    layouts.queue_ticket(sample_slips("zh")["queue ticket"][1], profile_named("80mm"))
    for size in (1, 2, 3, 4):
        load_font(IMAGE_TEXT_HEIGHT * size)
    misses: list[str] = []
    print(f"{'slip':16} {'lang':4} {'profile':12} {'first ms':>9} {'median ms':>10} {'bytes':>7}")
    for language in ("zh", "en"):
        for kind, (layout, slip) in sample_slips(language).items():
            for profile_name, profile in PROFILES.items():
                # "first" is the first build of this slip in the process: glyphs not drawn before
                # are rendered then, later builds stamp them from the cache.
                timings = []
                for _ in range(args.rounds):
                    started = time.perf_counter()
                    data = layout(slip, profile)
                    timings.append((time.perf_counter() - started) * 1000)
                median = statistics.median(timings)
                print(f"{kind:16} {language:4} {profile_name:12} {timings[0]:9.2f} {median:10.2f} {len(data):7d}")
                if median > BUILD_TARGET_MS:
                    misses.append(f"{kind} ({language}, {profile_name}) takes {median:.1f} ms")
                if kind == "queue ticket" and "native" in profile_name and len(data) > QUEUE_TICKET_TARGET_BYTES:
                    misses.append(f"queue ticket ({language}, {profile_name}) is {len(data)} bytes")
    for miss in misses:
        print(f"target missed: {miss}")
    return 1 if args.check and misses else 0


if __name__ == "__main__":
    sys.exit(main())
