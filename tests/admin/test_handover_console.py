"""At the end of her shift the clerk opens Handover 交班, reads the summary, prints it and keeps a PDF."""

from __future__ import annotations

import io
from collections.abc import Callable

from nicegui.testing.user import User
from pypdf import PdfReader

from desk.clock import FixedClock
from desk.queue import Service
from lobbydesk.site import Site
from tests.admin.test_console_and_display import _log_in
from tests.fakes import label_texts
from tests.printers.escpos_decoder import decode


def _a_morning(site: Site, clock: FixedClock) -> None:
    """Two inquiries and a payment taken; one inquiry served after a 5-minute wait and 3 at the counter."""
    first = site.queue.take_number(Service.INQUIRY, print_ticket=False).ticket
    site.queue.take_number(Service.INQUIRY, print_ticket=False)
    site.queue.take_number(Service.PAYMENT, print_ticket=False)
    clock.advance(minutes=5)
    called = site.queue.call_next("1", {Service.INQUIRY})
    assert called is not None and called.id == first.id
    clock.advance(minutes=3)
    site.queue.serve(first.id)


async def _open_handover(new_browser: Callable[[], User]) -> User:
    staff = new_browser()
    await _log_in(staff)
    await staff.open("/staff/handover")
    await staff.should_see(marker="handover-preview")
    return staff


async def test_the_page_previews_the_shift_and_print_puts_the_handover_on_the_slip_printer(
    new_browser: Callable[[], User], community: Site, site_clock: FixedClock
) -> None:
    _a_morning(community, site_clock)
    staff = await _open_handover(new_browser)

    preview = label_texts(staff, "handover-line")
    assert "交班单 Shift handover · 2026-11-27 01:38-09:38 · 交班人 Handed over by wang" in preview
    assert ("  咨询 Inquiry: 取号 Taken 2 · 已办 Served 1 · 过号 No-show 0 · 在等 Still waiting 1 · "
            "等候 Avg wait (min) 5.0 · 办理 Avg service (min) 3.0") in preview
    printer = community.settings.data_dir / "printer.bin"
    assert not printer.exists(), "nothing printed before the press"

    site_clock.advance(minutes=2)
    staff.find(marker="handover-print").click()
    await staff.should_see("The handover is printing 交班单正在打印", retries=50)

    paper = decode(printer.read_bytes())
    assert paper.texts[:2] == ["阳光花园 Sunny Garden", "交班单 Shift handover"]
    assert paper.value_of("班次 Shift") == "2026-11-27 01:40-09:40"
    assert paper.value_of("交班人 Handed over by") == "wang"
    assert paper.line_with("咨询 Inquiry").text.split()[-6:] == ["2", "1", "0", "1", "5.0", "3.0"]
    assert paper.line_with("缴费 Payment").text.split()[-6:] == ["1", "0", "0", "1", "-", "-"]
    assert paper.line_with("合计 Total").text.split()[-6:] == ["3", "1", "0", "2", "5.0", "3.0"]
    assert paper.value_of("收款合计 Received") == "0.00"
    with community.store.transaction() as tx:
        assert [job.status for job in tx.print_jobs("sent") if job.kind == "handover"] == ["sent"]
    assert "交班单 Shift handover · 2026-11-27 01:40-09:40 · 交班人 Handed over by wang" in label_texts(
        staff, "handover-line"), "the preview shows what was printed"


async def test_download_pdf_gives_the_same_summary_as_an_a4_page(
    new_browser: Callable[[], User], community: Site, site_clock: FixedClock
) -> None:
    _a_morning(community, site_clock)
    staff = await _open_handover(new_browser)

    staff.find(marker="handover-pdf").click()
    response = await staff.download.next(timeout=20)

    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) == 1
    text = "".join(pages[0].extract_text().split()).replace("\x00", "")
    assert "交班单Shifthandover·2026-11-2701:38-09:38" in text
    assert "咨询Inquiry21015.03.0" in text
    assert not (community.settings.data_dir / "printer.bin").exists(), "a PDF prints nothing"
