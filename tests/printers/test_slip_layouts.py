"""What each slip a front desk hands out puts on paper, read back through the ESC/POS decoder."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from printers import layouts
from printers.profile import PrinterProfile, profile_named
from printers.slips import Charge
from tests.printers.escpos_decoder import Cut, Feed, Printout, decode
from tests.printers.slip_samples import (
    AT,
    EVENT_PASS,
    PIN,
    QUEUE_TICKET,
    RECEIPT,
    REPAIR,
    VISITOR_PASS,
    replace,
)

NATIVE_80MM = profile_named("80mm")
NATIVE_58MM = profile_named("58mm")
DRAWN_80MM = profile_named("80mm", chinese_text="image")
# Neither a Chinese font nor a QR command: everything but ASCII text arrives as images.
BARE_58MM = dataclasses.replace(profile_named("58mm"), chinese_font=False, native_qr=False)

Layout = Callable[[Any, PrinterProfile], bytes]
EVERY_SLIP: list[tuple[Layout, Any]] = [
    (layouts.queue_ticket, QUEUE_TICKET),
    (layouts.repair_slip, REPAIR),
    (layouts.receipt, RECEIPT),
    (layouts.event_pass, EVENT_PASS),
    (layouts.visitor_pass, VISITOR_PASS),
    (layouts.pin_slip, PIN),
]


def printed(layout: Layout, slip: Any, profile: PrinterProfile = NATIVE_80MM) -> Printout:
    return decode(layout(slip, profile))


def qr_payloads(paper: Printout) -> list[str]:
    return [qr.payload for qr in paper.qr_codes]


# Queue ticket


def test_a_priority_ticket_says_priority_in_large_letters_above_the_number_in_its_language() -> None:
    chinese = printed(layouts.queue_ticket, replace(QUEUE_TICKET, priority=True, language="zh"))
    english = printed(layouts.queue_ticket, replace(QUEUE_TICKET, priority=True, language="en"), NATIVE_58MM)

    for paper, banner in ((chinese, "** 优先 **"), (english, "** PRIORITY **")):
        line = paper.line_with(banner)
        assert line.text == banner and line.style.bold and line.style.width == 2 and line.style.align == "center"
        assert paper.texts.index(banner) < paper.texts.index("A012"), "the counter sees it before the number"
    assert "PRIORITY" not in " ".join(chinese.texts), "a Chinese ticket is all Chinese"
    assert "优先" not in " ".join(english.texts)


def test_a_regular_ticket_says_nothing_of_priority() -> None:
    for language in ("zh", "en"):
        texts = " ".join(printed(layouts.queue_ticket, replace(QUEUE_TICKET, language=language)).texts)
        assert "优先" not in texts and "PRIORITY" not in texts


@pytest.mark.parametrize("profile", [NATIVE_58MM, BARE_58MM], ids=["58mm", "58mm-bare"])
@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_priority_ticket_fits_narrow_paper(language: str, profile: PrinterProfile) -> None:
    paper = printed(layouts.queue_ticket, replace(QUEUE_TICKET, priority=True, language=language), profile)

    assert paper.overflowing(profile.width_chars, profile.width_dots) == []
    assert paper.cuts == [Cut(partial=False)]


def test_a_priority_ticket_printed_again_says_reprint_on_top_and_still_says_priority() -> None:
    paper = printed(layouts.queue_ticket, replace(QUEUE_TICKET, priority=True, reprint=True, language="en"))

    assert paper.texts[0] == "** REPRINT **"
    assert paper.texts.index("** PRIORITY **") < paper.texts.index("A012")


# Repair slip


def test_a_repair_slip_shows_the_repair_number_unit_problem_and_visit() -> None:
    paper = printed(layouts.repair_slip, REPAIR)

    assert paper.texts[:2] == ["阳光花园", "报修回执"]
    number = paper.line_with("R0042")
    assert (number.text, number.style.width, number.style.align) == ("R0042", 3, "center")
    assert paper.value_of("房号") == "3-2-501"
    assert paper.value_of("类别") == "水电"
    assert paper.value_of("报修时间") == "2026-11-27 09:15"
    assert paper.value_of("预约上门") == "2026-11-28 14:15"
    assert paper.line_with("预约上门").style.bold, "the booked visit stands out"
    assert "厨房水龙头一直滴水，关紧后仍然漏。" in paper.texts
    assert qr_payloads(paper) == [REPAIR.status_url]
    assert "扫码查看维修进度" in paper.texts
    assert paper.items[-2:] == [Feed(6), Cut(partial=False)]


def test_an_english_repair_slip_wraps_a_long_problem_between_words_on_narrow_paper() -> None:
    problem = "The kitchen tap keeps dripping even when it is closed tight; the cupboard under the sink is wet."
    slip = replace(REPAIR, language="en", category="Plumbing", description=problem, visit_booked_at=None)
    paper = printed(layouts.repair_slip, slip, NATIVE_58MM)

    assert "Repair request" in paper.texts
    assert paper.value_of("Unit") == "3-2-501"
    assert not any(text.startswith("Visit booked") for text in paper.texts), "no visit booked, no row"
    start = paper.texts.index("Problem:") + 1
    wrapped = paper.texts[start : start + 4]
    assert " ".join(wrapped) == problem
    assert all(len(line) <= 32 for line in wrapped)
    assert wrapped[0] == "The kitchen tap keeps dripping"


def test_a_very_long_problem_is_cut_short_on_the_slip() -> None:
    slip = replace(REPAIR, description="墙面渗水" * 100)
    paper = printed(layouts.repair_slip, slip, NATIVE_58MM)

    start = paper.texts.index("问题描述:") + 1
    kept = [text for text in paper.texts[start:] if "墙面渗水"[0] in text or text.endswith("...")]
    assert len(kept) == layouts.DESCRIPTION_MAX_LINES
    assert kept[-1].endswith("...")


# Payment receipt


def test_a_paid_receipt_itemises_the_charges_and_totals_them_big() -> None:
    paper = printed(layouts.receipt, RECEIPT)

    assert paper.texts[:2] == ["阳光花园", "缴费收据"]
    assert paper.value_of("收据号") == "SUNNY-P000123"
    assert paper.value_of("房号") == "3-2-501"
    assert paper.value_of("物业费 2026-11") == "356.40"
    assert paper.value_of("取暖费 2026-2027") == "2,100.00"
    assert paper.value_of("水费 10月") == "48.75"
    total = paper.line_with("2,505.15")
    assert (total.text, total.style.width, total.style.bold) == ("￥2,505.15", 2, True)
    assert "状态: 已支付" in paper.texts
    assert paper.value_of("支付方式") == "微信支付"
    assert paper.value_of("参考号") == "PAY-20261127-0042"
    assert paper.value_of("时间") == "2026-11-27 09:15"
    assert qr_payloads(paper) == [RECEIPT.status_url]
    assert "扫码核验收据" in paper.texts


def test_a_pending_payment_prints_as_a_slip_that_says_it_is_not_a_receipt() -> None:
    paper = printed(layouts.receipt, replace(RECEIPT, state="pending", language="en"), NATIVE_58MM)

    assert "Payment slip" in paper.texts and "Payment receipt" not in paper.texts
    status = paper.line_with("PENDING")
    assert (status.text, status.style.width) == ("Status: PENDING", 2)
    assert "Not a receipt until payment is confirmed" in " ".join(paper.texts)
    assert "Scan to follow the payment" in paper.texts


def test_adjustments_print_negative_and_large_sums_get_thousands_separators() -> None:
    charges = (Charge("Heating 2026-2027", Decimal("12345.6")), Charge("Waived late fee", Decimal("-50")))
    paper = printed(layouts.receipt, replace(RECEIPT, charges=charges, language="en", currency="CNY "))

    assert paper.value_of("Heating 2026-2027") == "12,345.60"
    assert paper.value_of("Waived late fee") == "-50.00"
    assert "CNY 12,295.60" in paper.texts


def test_a_charge_too_long_for_one_line_puts_its_amount_on_the_next() -> None:
    charge = Charge("Property management fee for the fourth quarter", Decimal("1068.00"))
    paper = printed(layouts.receipt, replace(RECEIPT, charges=(charge,), language="en"), NATIVE_58MM)

    label = paper.texts.index("Property management fee for the fourth quarter")
    amount = paper.lines[label + 1]
    assert (amount.text, amount.style.align) == ("1,068.00", "right")


# Event and visitor passes


def test_an_event_pass_shows_the_event_pass_number_when_where_and_how_many() -> None:
    paper = printed(layouts.event_pass, EVENT_PASS)

    assert paper.texts[:2] == ["Sunny Garden", "Event pass"]
    assert paper.line_with("lantern").style.bold
    number = paper.line_with("E017")
    assert (number.text, number.style.width) == ("E017", 4)
    assert paper.value_of("When") == "2026-11-30 19:15-21:15"
    assert paper.value_of("Where") == "Clubhouse hall"
    assert paper.value_of("Unit") == "3-2-501"
    assert paper.value_of("People") == "2"
    assert qr_payloads(paper) == [EVENT_PASS.status_url]


def test_an_event_past_midnight_prints_both_dates() -> None:
    slip = replace(EVENT_PASS, language="zh", ends_at=EVENT_PASS.starts_at + timedelta(hours=6))
    paper = printed(layouts.event_pass, slip)

    assert paper.value_of("时间") == "2026-11-30 19:15 - 2026-12-01 01:15"
    assert "活动入场券" in paper.texts


def test_a_visitor_pass_shows_the_unit_visited_and_until_when() -> None:
    paper = printed(layouts.visitor_pass, VISITOR_PASS, NATIVE_58MM)

    assert "访客通行证" in paper.texts
    assert paper.line_with("V023").style.width == 4
    assert paper.value_of("到访房号") == "5-1-1202"
    assert paper.value_of("访客") == "快递"
    assert paper.value_of("车牌") == "京A12345"
    assert paper.value_of("有效期至") == "2026-11-27 17:15"
    assert qr_payloads(paper) == [VISITOR_PASS.status_url]


def test_a_visitor_pass_without_a_visitor_or_vehicle_leaves_those_rows_out() -> None:
    paper = printed(layouts.visitor_pass, replace(VISITOR_PASS, visitor="", vehicle_plate="", language="en"))

    assert [text for text in paper.texts if text.startswith(("Visitor", "Vehicle"))] == ["Visitor pass"]
    assert paper.value_of("Visiting") == "5-1-1202"


# PIN slip


@pytest.mark.parametrize("profile", [NATIVE_80MM, BARE_58MM], ids=["native", "bare"])
def test_a_pin_slip_prints_the_pin_big_and_no_qr_code_of_it(profile: PrinterProfile) -> None:
    paper = printed(layouts.pin_slip, PIN, profile)

    pin = paper.line_with("482913")
    assert (pin.text, pin.style.width) == ("482913", 4)
    assert paper.texts.count("482913") == 1, "the PIN appears once"
    assert paper.qr_codes == []
    # On the bare printer every image is a line of text: a QR code would be a tall square.
    assert all(image.height <= 2 * 30 for image in paper.images)
    assert paper.cuts == [Cut(partial=False)]


def test_an_english_pin_slip_says_what_it_is_for_and_to_keep_it_private() -> None:
    paper = printed(layouts.pin_slip, replace(PIN, language="en", purpose="Phone account PIN", valid_until=None))

    assert paper.texts[:3] == ["阳光花园", "Phone account PIN", ""]
    assert "Your PIN" in paper.texts
    assert "Keep it private: staff never ask for it" in paper.texts
    assert not any(text.startswith("Valid until") for text in paper.texts)


# Every slip, every printer


@pytest.mark.parametrize(
    "profile", [NATIVE_80MM, NATIVE_58MM, DRAWN_80MM, BARE_58MM], ids=["80mm", "58mm", "80mm-drawn", "58mm-bare"]
)
@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize(("layout", "slip"), EVERY_SLIP, ids=[layout.__name__ for layout, _ in EVERY_SLIP])
def test_every_slip_fits_its_paper_and_ends_in_one_cut(
    layout: Layout, slip: Any, language: str, profile: PrinterProfile
) -> None:
    paper = printed(layout, replace(slip, language=language), profile)

    assert paper.overflowing(profile.width_chars, profile.width_dots) == []
    assert paper.cuts == [Cut(partial=False)] and paper.items[-1] == Cut(partial=False)
    assert not any("?" in text for text in paper.texts), "an unmappable character reached paper as '?'"
    if not profile.native_chinese:
        assert not any(line.chinese for line in paper.lines)
    expected_qr = [] if layout is layouts.pin_slip else [slip.status_url]
    assert qr_payloads(paper) == (expected_qr if profile.native_qr else [])
    if not profile.native_qr and expected_qr:
        assert max(image.height for image in paper.images) > 100, "the QR code is drawn"


@pytest.mark.parametrize(("layout", "slip"), EVERY_SLIP, ids=[layout.__name__ for layout, _ in EVERY_SLIP])
def test_every_slip_that_may_be_a_second_copy_says_reprint_on_top(layout: Layout, slip: Any) -> None:
    assert printed(layout, replace(slip, reprint=True, language="zh")).lines[0].text == "** 补打 **"
    assert printed(layout, replace(slip, reprint=True, language="en")).lines[0].text == "** REPRINT **"
    assert "REPRINT" not in " ".join(printed(layout, replace(slip, language="en")).texts)


@settings(max_examples=30, deadline=None)
@given(text=st.text(min_size=1, max_size=60), bare=st.booleans())
def test_whatever_staff_type_prints_without_commands_or_question_marks(text: str, bare: bool) -> None:
    profile = BARE_58MM if bare else NATIVE_58MM
    repair = printed(layouts.repair_slip, replace(REPAIR, description=text, category=text), profile)
    receipt = printed(layouts.receipt, replace(RECEIPT, charges=(Charge(text, Decimal("1.00")),)), profile)

    for paper in (repair, receipt):
        assert paper.cuts == [Cut(partial=False)], "a control character cut the slip or none did"
        assert [item for item in paper.items if isinstance(item, Feed)] == [Feed(6)]
        if "?" not in text:
            assert not any("?" in line for line in paper.texts)
    assert "R0042" in repair.texts


def test_a_slip_is_a_pure_function_of_its_data() -> None:
    assert layouts.receipt(RECEIPT, BARE_58MM) == layouts.receipt(RECEIPT, BARE_58MM)
    a_day_later = replace(RECEIPT, issued_at=AT + timedelta(days=1))
    assert layouts.receipt(RECEIPT, NATIVE_80MM) != layouts.receipt(a_day_later, NATIVE_80MM)
