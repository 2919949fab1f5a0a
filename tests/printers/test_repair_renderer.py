"""A repair's slip: its number, where and what, an URGENT banner for urgent requests, a QR code to /r/<ID>."""

from __future__ import annotations

import pytest

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.repairs import Location, RepairCategory, RepairDesk, RepairReport, Urgency
from desk.store import PrintJob, Store
from printers.profile import profile_named
from printers.renderers import RenderError
from printers.repair_renderer import RepairSlipRenderer
from tests.printers.conftest import SHANGHAI
from tests.printers.escpos_decoder import decode


def render(store: Store, job: PrintJob, *, duty_phone: str = "", profile: str = "default") -> bytes:
    renderer = RepairSlipRenderer(store, community_name=lambda: "Sunny Garden",
                                  status_url=lambda repair_id: f"https://desk.example.org/r/{repair_id}",
                                  profile=profile_named(profile), tz=SHANGHAI, duty_phone=lambda: duty_phone)
    return renderer(job)


def test_an_emergency_slip_says_urgent_and_links_the_status_page(store: Store, clock: FixedClock) -> None:
    desk = RepairDesk(store, clock, SequentialIds("SUNNY"))
    repair = desk.report(RepairReport(unit_id="SUNNY-U1", unit_label="3-1202", category=RepairCategory.ELEVATOR,
                                      phrases=["Someone trapped"], urgency=Urgency.EMERGENCY, language="en",
                                      location=Location.PUBLIC, building="3", floor="12"))
    with store.transaction() as tx:
        job = tx.pending_print_jobs()[0]

    paper = decode(render(store, job))

    assert "** URGENT **" in paper.texts
    assert "R0001" in paper.texts
    assert paper.value_of("Type") == "Elevator"
    assert paper.value_of("Reported") == "2026-11-27 09:15"
    assert "Someone trapped" in paper.texts
    # The phone page opens in the slip's language (it used to open in the site's default).
    assert [qr.payload for qr in paper.qr_codes] == [f"https://desk.example.org/r/{repair.id}?lang=en"]
    assert "3-1202" not in " ".join(paper.texts[:3])  # nothing personal above the fold


def test_a_normal_slip_has_no_banner_and_a_missing_repair_is_explained(store: Store, clock: FixedClock) -> None:
    desk = RepairDesk(store, clock, SequentialIds("SUNNY"))
    repair = desk.report(RepairReport(unit_id="SUNNY-U1", unit_label="3-1202", category=RepairCategory.PLUMBING,
                                      phrases=["水龙头漏水"]))
    job = PrintJob(1, "repair_slip", repair.id, {"lang": "en", "urgent": False}, "queued", 0, "")

    assert "** URGENT **" not in decode(render(store, job)).texts
    with pytest.raises(RenderError, match="SUNNY-R999999 of print job 1 is not in the store"):
        render(store, PrintJob(1, "repair_slip", "SUNNY-R999999", {}, "queued", 0, ""))


def test_an_emergency_slip_says_whom_to_call_before_anything_else(store: Store, clock: FixedClock) -> None:
    desk = RepairDesk(store, clock, SequentialIds("SUNNY"))
    desk.report(RepairReport(unit_id="SUNNY-U1", unit_label="3-1202", category=RepairCategory.ELEVATOR,
                             phrases=["有人被困在电梯里"], language="zh", location=Location.PUBLIC, building="3",
                             floor="1"))
    with store.transaction() as tx:
        job = tx.pending_print_jobs()[0]

    paper = decode(render(store, job, duty_phone="010-6688 1234", profile="58mm"))

    assert "** 紧急 **" in paper.texts
    assert paper.value_of("24小时值班电话") == "010-6688 1234"
    assert [paper.value_of(what_for) for what_for in ("报警", "火警", "急救")] == ["110", "119", "120"]
    assert paper.texts.index("紧急情况请立即拨打") < paper.texts.index(paper.line_with("房号").text)
    assert paper.overflowing(32, 384) == []  # the narrowest paper still holds every line
    assert "3-1202 → 公共区域 3 号楼 1 层" in paper.texts
    assert not any(english in " ".join(paper.texts) for english in ("URGENT", "public area"))  # one language


def test_an_urgent_slip_that_is_no_emergency_lists_no_numbers(store: Store, clock: FixedClock) -> None:
    desk = RepairDesk(store, clock, SequentialIds("SUNNY"))
    desk.report(RepairReport(unit_id="SUNNY-U1", unit_label="3-1202", category=RepairCategory.ELECTRICAL,
                             phrases=["插座没电"], urgency=Urgency.URGENT, language="zh"))
    with store.transaction() as tx:
        job = tx.pending_print_jobs()[0]

    paper = decode(render(store, job, duty_phone="010-6688 1234"))

    assert "** 加急 **" in paper.texts
    assert not any("110" in text or "010-6688 1234" in text for text in paper.texts)


@pytest.mark.parametrize(("language", "label", "place"), [
    ("zh", "房号", "3-1202 → 公共区域 5 号楼 3 层"),
    ("en", "Unit", "3-1202 → public area, building 5 floor 3"),
])
def test_a_public_place_is_named_in_the_slips_language_and_its_code_opens_the_page_in_it(
    store: Store, clock: FixedClock, language: str, label: str, place: str
) -> None:
    desk = RepairDesk(store, clock, SequentialIds("SUNNY"))
    repair = desk.report(RepairReport(unit_id="SUNNY-U1", unit_label="3-1202", category=RepairCategory.PUBLIC_AREA,
                                      phrases=["墙面破损"], location=Location.PUBLIC, building="5", floor="3",
                                      language=language))
    with store.transaction() as tx:
        job = tx.pending_print_jobs()[0]

    paper = decode(render(store, job))

    assert paper.value_of(label) == place
    assert [qr.payload for qr in paper.qr_codes] == [f"https://desk.example.org/r/{repair.id}?lang={language}"]
    assert paper.texts[-1] == f"https://desk.example.org/r/{repair.id}"  # the address to type, kept short
