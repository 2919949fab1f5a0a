"""The handover slip read back from its ESC/POS bytes: both languages, figures under their headers, 58 and 80 mm."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal

import pytest

from desk.handover import (
    HANDOVER,
    HandoverSummary,
    OpenMoveIn,
    OverdueRepair,
    PaymentFigures,
    QueueFigures,
    RepairFigures,
)
from desk.queue import Service
from desk.repairs import RepairCategory, RepairStatus, Urgency
from desk.store import PrintJob
from printers.handover_slip import handover_renderer, handover_slip
from printers.profile import PrinterProfile, profile_named
from printers.renderers import RendererByKind, RenderError, UnknownJobKindError
from tests.printers.escpos_decoder import Cut, Printout, decode
from tests.printers.slip_samples import SHANGHAI

NATIVE_80MM = profile_named("80mm")
NATIVE_58MM = profile_named("58mm")
DRAWN_80MM = profile_named("80mm", chinese_text="image")
BARE_58MM = dataclasses.replace(profile_named("58mm"), chinese_font=False, native_qr=False)


def at(hour: int, minute: int = 0, day: int = 27) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


MORNING = HandoverSummary(
    since=at(8), until=at(12),
    queue=(
        (Service.INQUIRY, QueueFigures(taken=3, served=1, no_shows=1, waiting=1, average_wait=Decimal("12.5"),
                                       average_service=Decimal("6.0"))),
        (Service.PAYMENT, QueueFigures(taken=14, served=13, average_wait=Decimal("5.0"),
                                       average_service=Decimal("8.0"))),
        (Service.REPAIR, QueueFigures(waiting=1)),
    ),
    queue_total=QueueFigures(taken=17, served=14, no_shows=1, waiting=2, at_counter=1,
                             average_wait=Decimal("10.0"), average_service=Decimal("7.9")),
    repairs=RepairFigures(opened=2, done=1, still_open=3, overdue=(
        OverdueRepair("R0004", "3-1202", RepairCategory.PLUMBING, Urgency.EMERGENCY, RepairStatus.ASSIGNED, at(9)),
        OverdueRepair("R0001", "public area, building 3 floor 12", RepairCategory.ELEVATOR, Urgency.NORMAL,
                      RepairStatus.IN_PROGRESS, at(10)),
    )),
    payments=PaymentFigures(confirmed=2, total=Decimal("12210.38"), pending=1),
    visitors_in=1,
    move_ins=(OpenMoveIn("5-301", "E001", ("keys handed over", "Water 水 reading")),),
    alerts=("printer is out of paper: load a new roll",),
    clerk="wang",
)


def printed(profile: PrinterProfile = NATIVE_80MM, summary: HandoverSummary = MORNING, **options: bool) -> Printout:
    return decode(handover_slip(summary, profile, community_name="阳光花园 Sunny Garden", tz=SHANGHAI,
                                printed_at=at(12, 1), **options))


def queue_table(paper: Printout, english_header: str) -> list[tuple[str, list[str]]]:
    """The rows of the queue table whose English header holds ``english_header``: (label, figures).

    Every figure must end in the same column as its header (both reach the paper's right edge), or
    the story fails. A label printed on a line of its own belongs to the figures under it; a drawn
    label is no text line at all, so its row has the label "".
    """
    texts = paper.texts
    start = next(i for i, text in enumerate(texts) if english_header in text)
    header = texts[start].split()
    header_ends = _ends_from_the_right(texts[start], len(header))
    rows: list[tuple[str, list[str]]] = []
    label = ""
    for text in texts[start + 1:]:
        if not text or text.startswith(("---", "等候/办理")) or "Taken" in text or "W.avg" in text:
            break
        words = text.split()
        figures = words[-len(header):]
        if len(words) < len(header) or not all(w == "-" or w.replace(".", "").isdigit() for w in figures):
            label = text
            continue
        assert _ends_from_the_right(text, len(header)) == header_ends, f"{text!r} is not under {texts[start]!r}"
        rows.append((" ".join(words[:-len(header)]) or label, figures))
        label = ""
    return rows


def _ends_from_the_right(text: str, count: int) -> list[int]:
    """Where the last ``count`` words end, counted from the end of the line."""
    ends, position = [], len(text)
    for word in reversed(text.split()[-count:]):
        position = text.rindex(word, 0, position)
        ends.append(len(text) - position - len(word))
    return ends


def test_the_slip_says_whose_shift_it_is_in_chinese_then_english() -> None:
    paper = printed()

    assert paper.texts[:2] == ["阳光花园 Sunny Garden", "交班单 Shift handover"]
    assert paper.value_of("班次 Shift") == "2026-11-27 08:00-12:00"
    assert paper.value_of("交班人 Handed over by") == "wang"
    assert paper.value_of("打印时间 Printed") == "2026-11-27 12:01"
    assert "接班人签字 Taken over by:" in paper.texts
    assert paper.qr_codes == [], "a slip for staff has nothing to follow on a phone"
    assert paper.items[-1] == Cut(partial=False)


def test_on_80mm_the_queue_is_one_table_with_every_figure_under_its_header() -> None:
    paper = printed()

    header = paper.line_with("Taken")
    assert header.text.split() == ["Taken", "Done", "Miss", "Wait", "W.avg", "S.avg"]
    assert paper.line_with("取号").text.split("\u3000")[-6:] == ["取号", "已办", "过号", "在等", "等候", "办理"]
    assert dict(queue_table(paper, "Taken")) == {
        "咨询 Inquiry": ["3", "1", "1", "1", "12.5", "6.0"],
        "缴费 Payment": ["14", "13", "0", "0", "5.0", "8.0"],
        "报修 Repair": ["0", "0", "0", "1", "-", "-"],
        "合计 Total": ["17", "14", "1", "2", "10.0", "7.9"],
    }
    assert paper.line_with("咨询 Inquiry").text.endswith("12.5   6.0"), "every label fits beside its figures"
    assert paper.line_with("合计 Total").style.bold
    assert paper.value_of("叫号未办完 Called, not finished") == "1"


def test_on_58mm_the_queue_splits_into_counts_and_minutes() -> None:
    paper = printed(NATIVE_58MM)

    assert "咨询 Inquiry" in paper.texts, "no room beside four figures: the label has a line of its own"

    assert dict(queue_table(paper, "Taken")) == {
        "咨询 Inquiry": ["3", "1", "1", "1"], "缴费 Payment": ["14", "13", "0", "0"],
        "报修 Repair": ["0", "0", "0", "1"], "合计 Total": ["17", "14", "1", "2"]}
    assert dict(queue_table(paper, "W.avg")) == {
        "咨询 Inquiry": ["12.5", "6.0"], "缴费 Payment": ["5.0", "8.0"], "报修 Repair": ["-", "-"],
        "合计 Total": ["10.0", "7.9"]}


def test_repairs_payments_and_what_is_open_are_right_aligned_figures() -> None:
    for profile in (NATIVE_80MM, NATIVE_58MM):
        paper = printed(profile)
        width = profile.width_chars

        assert paper.value_of("本班新报 Reported") == "2"
        assert paper.value_of("本班完成 Done") == "1"
        assert paper.value_of("未完成 Still open") == "3"
        assert paper.value_of("已逾期 Overdue") == "2"
        assert paper.value_of("!R0004 3-1202") == "11-27 09:00", "an emergency is marked"
        assert paper.value_of("本班确认 Confirmed") == "2"
        assert paper.value_of("收款合计 Received") == "12,210.38"
        assert paper.value_of("待确认 Awaiting confirmation") == "1"
        assert paper.value_of("访客在场 Visitors in") == "1"
        assert paper.value_of("入住办理中 Move-ins open") == "1"
        assert paper.value_of(" 5-301 E001") == "2 项待办 2 to do"
        assert paper.value_of("提醒 Alerts") == "1"
        for label in ("本班新报 Reported", "收款合计 Received", "提醒 Alerts"):
            assert paper.line_with(label).columns == width, f"{label}'s figure ends at the paper's edge"
        assert "printer is out of paper: load a new roll" in " ".join(paper.texts)


def test_a_public_place_too_long_for_the_line_goes_above_its_due_time() -> None:
    paper = printed(NATIVE_58MM)

    place = paper.texts.index(" R0001 public area, building 3")
    assert paper.texts[place + 1: place + 3] == ["floor 12", "11-27 10:00"]
    assert paper.lines[place + 2].style.align == "right"


def test_a_quiet_shift_says_nobody_took_a_number() -> None:
    paper = printed(summary=HandoverSummary(since=at(22, day=26), until=at(6)))
    narrow = printed(NATIVE_58MM, summary=HandoverSummary(since=at(22, day=26), until=at(6)))

    assert "本班无人取号 No tickets this shift" in paper.texts
    assert not any("W.avg" in text for text in paper.texts), "no queue table"
    assert paper.value_of("班次 Shift") == "2026-11-26 22:00 - 11-27 06:00"
    assert paper.value_of("收款合计 Received") == "0.00"
    assert "2026-11-26 22:00 - 11-27 06:00" in narrow.texts, "a night shift still takes one line on 58 mm"


@pytest.mark.parametrize("profile", [NATIVE_80MM, NATIVE_58MM, DRAWN_80MM, BARE_58MM],
                         ids=["80mm", "58mm", "80mm-drawn", "58mm-bare"])
def test_the_slip_fits_every_paper_and_drawn_chinese_keeps_the_figures_as_text(profile: PrinterProfile) -> None:
    paper = printed(profile)

    assert paper.overflowing(profile.width_chars, profile.width_dots) == []
    assert paper.cuts == [Cut(partial=False)]
    assert not any("?" in text for text in paper.texts), "an unmappable character reached paper as '?'"
    if not profile.native_chinese:
        assert not any(line.chinese for line in paper.lines)
        # Labels and Chinese headers are drawn; the figures stay in the printer's own monospaced font.
        rows = queue_table(paper, "Taken")
        assert [label for label, _ in rows] == ["", "", "", ""]
        assert rows[-1][1] == ["17", "14", "1", "2"] + (["10.0", "7.9"] if profile.width_chars >= 48 else [])


def _job(payload: dict[str, object], *, kind: str = HANDOVER, reprint: bool = False) -> PrintJob:
    return PrintJob(7, kind, "handover:2026-11-27T12:00:00+08:00", payload, "sending", 1, "", reprint=reprint)


def test_the_renderer_prints_the_summary_the_job_carries_and_reprint_when_the_journal_says_so() -> None:
    render = RendererByKind({HANDOVER: handover_renderer(community_name=lambda: "阳光花园", profile=NATIVE_58MM,
                                                         tz=SHANGHAI, now=lambda: at(12, 3))})

    first = decode(render(_job(MORNING.to_payload())))
    again = decode(render(_job(MORNING.to_payload(), reprint=True)))

    assert first.texts[:2] == ["阳光花园", "交班单 Shift handover"]
    assert first.value_of("收款合计 Received") == "12,210.38"
    assert "2026-11-27 12:03" in first.texts, "printed when it printed"
    assert again.texts[0] == "** 补打 REPRINT **"
    with pytest.raises(RenderError, match="does not carry a handover"):
        render(_job({"since": "not a time"}))
    with pytest.raises(UnknownJobKindError):
        handover_renderer(community_name=lambda: "x", profile=NATIVE_58MM, tz=SHANGHAI,
                          now=lambda: at(12))(_job(MORNING.to_payload(), kind="receipt"))
