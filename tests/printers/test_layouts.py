"""What a queue ticket and the test page put on paper, read back through the ESC/POS decoder."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from zoneinfo import ZoneInfo

import qrcode
from hypothesis import given, settings
from hypothesis import strategies as st

from printers import layouts
from printers.layouts import QueueTicketSlip, queue_ticket
from printers.profile import PrinterProfile, profile_named
from tests.printers.escpos_decoder import Cut, Feed, Printout, RasterImage, decode

SHANGHAI = ZoneInfo("Asia/Shanghai")
STATUS_URL = "https://desk.example.org/t/SUNNY-T000012"

# A printer that can do neither: every Chinese line and the QR code must arrive as images.
BARE_58MM = dataclasses.replace(profile_named("58mm"), native_qr=False, chinese_font=False)


def slip(**changes: object) -> QueueTicketSlip:
    base = QueueTicketSlip(
        community_name="阳光花园 Sunny Garden",
        number="A012",
        service_label="咨询",
        issued_at=datetime(2026, 11, 27, 9, 15, tzinfo=SHANGHAI),
        ahead=3,
        status_url=STATUS_URL,
        language="zh",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def printed(ticket: QueueTicketSlip, profile: PrinterProfile | None = None) -> Printout:
    return decode(queue_ticket(ticket, profile or profile_named("default")))


def qr_matrix_in(image: RasterImage, module: int) -> list[list[bool]]:
    """The modules of a QR code drawn in an image, read by sampling the middle of each module."""
    black = [(x, y) for y, row in enumerate(image.rows) for x, dot in enumerate(row) if dot]
    left, top = min(x for x, _ in black), min(y for _, y in black)
    right = max(x for x, _ in black)
    count = (right - left + 1) // module
    return [
        [image.rows[top + row * module + module // 2][left + column * module + module // 2] for column in range(count)]
        for row in range(count)
    ]


def qr_matrix_of(payload: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def test_a_chinese_ticket_shows_the_big_number_service_time_and_people_ahead() -> None:
    paper = printed(slip())

    number = paper.line_with("A012")
    assert number.text == "A012"
    assert (number.style.width, number.style.height, number.style.align) == (4, 4, "center")
    community = paper.line_with("阳光花园")
    assert community.text == "阳光花园 Sunny Garden"
    assert community.chinese and community.style.bold and community.style.align == "center"
    assert paper.line_with("咨询").style.width == 2
    assert "2026-11-27 09:15" in paper.texts
    assert "前面还有 3 人" in paper.texts
    assert "扫码查看排队进度" in paper.texts
    assert not any("?" in text for text in paper.texts), "an unmappable character reached paper as '?'"


def test_the_qr_code_leads_to_the_status_page_and_the_address_is_printed_small() -> None:
    paper = printed(slip())

    [qr] = paper.qr_codes
    assert qr.payload == STATUS_URL
    assert qr.align == "center"
    assert qr.error_correction == "M"
    assert paper.line_with(STATUS_URL).style.font == 1, "the address is printed in the small font"


def test_the_ticket_ends_by_feeding_past_the_cutter_and_cutting() -> None:
    paper = printed(slip())

    assert paper.items[-2:] == [Feed(6), Cut(partial=False)]


def test_an_english_ticket_speaks_english() -> None:
    paper = printed(slip(language="en", service_label="Inquiry", ahead=3))

    assert "Your number" in paper.texts
    assert "3 people ahead of you" in paper.texts
    assert "Scan to follow your turn" in paper.texts
    assert paper.line_with("Inquiry").style.bold


def test_the_people_ahead_line_reads_naturally_for_none_and_one() -> None:
    assert "You are next" in printed(slip(language="en", ahead=0)).texts
    assert "1 person ahead of you" in printed(slip(language="en", ahead=1)).texts
    assert "您是下一位" in printed(slip(ahead=0)).texts


def test_the_time_is_printed_as_the_slip_gives_it_in_its_own_zone() -> None:
    evening_in_new_york = datetime(2026, 11, 26, 20, 15, tzinfo=ZoneInfo("America/New_York"))

    assert "2026-11-26 20:15" in printed(slip(issued_at=evening_in_new_york)).texts


def test_a_reprint_says_so_on_top() -> None:
    assert printed(slip(reprint=True)).lines[0].text == "** 补打 **"
    assert printed(slip(language="en", reprint=True)).lines[0].text == "** REPRINT **"
    assert "补打" not in " ".join(printed(slip()).texts)


def test_a_long_community_name_falls_back_to_normal_size_on_narrow_paper() -> None:
    long_name = "阳光花园第二期业主服务中心"  # 13 wide characters: 26 columns, 52 at double size

    assert printed(slip(community_name=long_name), profile_named("58mm")).line_with(long_name).style.width == 1
    assert printed(slip(community_name="阳光花园"), profile_named("58mm")).line_with("阳光花园").style.width == 2


def test_control_characters_in_a_name_never_reach_the_printer_as_commands() -> None:
    # ESC d 9 would feed nine lines; GS V would cut the ticket in half.
    paper = printed(slip(community_name="Sunny\x1bd\x09Garden\x1dV\x00"))

    assert paper.lines[0].text == "Sunny d Garden V "
    assert paper.cuts == [Cut(partial=False)]
    assert Feed(9) not in paper.items


def test_without_a_chinese_font_chinese_lines_become_images_and_no_raw_chinese_is_sent() -> None:
    paper = printed(slip(), BARE_58MM)

    assert not any(line.chinese for line in paper.lines)
    assert all(text.isascii() for text in paper.texts)
    assert b"\x1c&" not in queue_ticket(slip(), BARE_58MM)
    # Community name, "your number", service, people ahead, scan hint, plus the QR code.
    assert len(paper.images) == 6
    assert all(image.width == 384 and image.ink > 0 for image in paper.images)
    # ASCII lines stay text, and the number stays big.
    assert paper.line_with("A012").style.width == 4
    assert "2026-11-27 09:15" in paper.texts
    assert STATUS_URL in paper.texts


def test_without_native_qr_the_code_is_an_image_of_the_status_url() -> None:
    paper = printed(slip(), BARE_58MM)

    assert paper.qr_codes == []
    qr_image = max(paper.images, key=lambda image: image.height)
    assert qr_matrix_in(qr_image, module=5) == qr_matrix_of(STATUS_URL)


def test_the_site_can_force_drawn_chinese_on_a_printer_whose_font_it_does_not_trust() -> None:
    drawn = profile_named("80mm", chinese_text="image")
    paper = printed(slip(), drawn)

    assert b"\x1c&" not in queue_ticket(slip(), drawn), "no Chinese mode at all"
    assert all(text.isascii() for text in paper.texts)
    assert len(paper.images) == 5, "community, 'your number', service, people ahead, scan hint"
    assert [qr.payload for qr in paper.qr_codes] == [STATUS_URL], "the QR code stays native"


def test_the_site_can_force_the_printer_font_on_a_profile_that_says_it_has_none() -> None:
    profile = dataclasses.replace(profile_named("58mm", chinese_text="native"), chinese_font=False)

    assert printed(slip(), profile).line_with("阳光花园").chinese
    assert printed(slip(), profile).images == []


def test_a_native_queue_ticket_with_chinese_and_a_qr_code_stays_under_4_kb() -> None:
    assert len(queue_ticket(slip(), profile_named("58mm"))) < 4096
    assert len(queue_ticket(slip(), profile_named("80mm"))) < 4096


def test_characters_beyond_the_printer_font_are_drawn_even_on_a_chinese_printer() -> None:
    # U+20000 needs GB18030's four-byte form, which printer fonts usually lack.
    paper = printed(slip(community_name="\U00020000园"))

    assert not any("\U00020000" in text for text in paper.texts)
    assert len(paper.images) == 1


def test_a_layout_is_a_pure_function_of_its_inputs() -> None:
    assert queue_ticket(slip(), BARE_58MM) == queue_ticket(slip(), BARE_58MM)
    assert queue_ticket(slip(), profile_named("default")) != queue_ticket(slip(ahead=4), profile_named("default"))


def test_the_test_page_shows_the_profile_width_chinese_and_a_qr_code() -> None:
    profile = profile_named("TM-T88III")
    paper = decode(layouts.test_page("阳光花园", profile, datetime(2026, 11, 27, 9, 15, tzinfo=SHANGHAI)))

    assert paper.line_with("阳光花园").style.bold
    assert "Profile: TM-T88III (escpos: TM-T88III)" in paper.texts
    assert "Width: 42 characters, 512 dots" in paper.texts
    assert "Chinese text: printer font (GB18030)" in paper.texts
    assert "Printed: 2026-11-27 09:15" in paper.texts
    ruler = paper.line_with("123456789|")
    assert len(ruler.text) == 42
    chinese = paper.line_with("中文测试")
    assert chinese.text == "中文测试 你好" and chinese.chinese
    assert [qr.payload for qr in paper.qr_codes] == [layouts.TEST_PAGE_QR]
    assert paper.cuts == [Cut(partial=False)]


def test_the_test_page_on_a_bare_printer_draws_chinese() -> None:
    paper = decode(layouts.test_page("Sunny Garden", BARE_58MM, datetime(2026, 11, 27, 9, 15, tzinfo=SHANGHAI)))

    assert "Native QR: no, Chinese font: no" in paper.texts
    assert "Chinese text: drawn as images" in paper.texts
    assert len(paper.line_with("123456789|").text) == 32
    assert all(text.isascii() for text in paper.texts)
    assert len(paper.images) == 3  # the bilingual title, the Chinese line, the QR code


@settings(max_examples=40, deadline=None)
@given(
    community_name=st.text(min_size=1, max_size=40),
    ahead=st.integers(min_value=0, max_value=999),
    language=st.sampled_from(["zh", "en"]),
    bare=st.booleans(),
)
def test_any_name_prints_cleanly(community_name: str, ahead: int, language: str, bare: bool) -> None:
    profile = BARE_58MM if bare else profile_named("default")
    paper = printed(slip(community_name=community_name, ahead=ahead, language=language), profile)

    assert paper.cuts == [Cut(partial=False)]
    assert "A012" in paper.texts
    if not bare:
        assert [qr.payload for qr in paper.qr_codes] == [STATUS_URL]
    if "?" not in community_name:
        assert not any("?" in text for text in paper.texts)


def test_a_ticket_with_people_ahead_says_how_long_the_wait_may_be() -> None:
    assert "预计等候约 12 分钟" in printed(slip(ahead=3, wait_minutes=12)).texts
    assert "Estimated wait about 12 min" in printed(slip(language="en", ahead=3, wait_minutes=12)).texts
    nobody_ahead = printed(slip(language="en", ahead=0, wait_minutes=0)).texts
    assert not any("Estimated wait" in text for text in nobody_ahead)
