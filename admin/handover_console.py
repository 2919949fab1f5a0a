"""``/staff/handover``: the shift's summary for the clerk who takes over, printed on the slip printer or as a PDF."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import Literal

from nicegui import run, ui

from admin.auth import StaffPage, StaffSession
from admin.sections import ConsoleSection
from desk.handover import HandoverDesk, HandoverSummary
from desk.handover_words import summary_lines

Tone = Literal["positive", "warning"]
# What the print journal says about the slip once the spool had its go, in the clerk's words.
OUTCOMES: dict[str, tuple[str, Tone]] = {
    "sent": ("The handover is printing 交班单正在打印", "positive"),
    "not printed": ("This site has no printer: download the PDF instead 本站没有打印机，请下载PDF", "warning"),
}
WAITING: tuple[str, Tone] = (
    "The printer cannot print now; the handover prints when it is back 打印机暂不可用，恢复后自动打印", "warning")


class HandoverConsole:
    """A preview of the shift's summary, and the two ways to hand it over: the slip and the PDF."""

    def __init__(self, handover: HandoverDesk, *, pdf: Callable[[HandoverSummary], bytes],
                 pdf_name: Callable[[HandoverSummary], str], print_now: Callable[[], object],
                 print_outcome: Callable[[str], str | None], tz: tzinfo) -> None:
        self.handover = handover
        self.pdf = pdf
        self.pdf_name = pdf_name
        self.print_now = print_now  # one pass of the print spool: the slip need not wait for the worker's next look
        self.print_outcome = print_outcome
        self.tz = tz

    def section(self) -> ConsoleSection:
        """The page in the console's navigation."""
        return ConsoleSection("handover", "Handover 交班", self.build)

    def build(self, page: StaffPage) -> None:
        """Draw the preview and the buttons."""
        _HandoverPage(self, page).build()


class _HandoverPage:
    """One open handover page: its preview is its own; each button passes the gate."""

    def __init__(self, console: HandoverConsole, page: StaffPage) -> None:
        self.console = console
        self.handover = console.handover
        self.page = page

    def build(self) -> None:
        with ui.column().classes("w-full max-w-4xl mx-auto p-6 gap-4"):
            ui.label("Handover 交班").classes("text-2xl font-bold")
            with ui.row().classes("gap-2"):
                self.page.button("Print handover 打印交班单", "handover.print", self.print, mark="handover-print")\
                    .props("color=primary no-caps")
                self.page.button("Download PDF 下载PDF", "handover.pdf", self.download, mark="handover-pdf")\
                    .props("outline no-caps")
            self.preview = ui.column().classes("w-full gap-0 bg-white rounded p-4 font-mono")\
                .mark("handover-preview")
        self.show(self.handover.summary(clerk=self.page.name))

    def show(self, summary: HandoverSummary) -> None:
        """Draw the summary's lines in the preview."""
        self.preview.clear()
        with self.preview:
            for line in summary_lines(summary, self.console.tz):
                ui.label(line or "\u00a0").classes("whitespace-pre-wrap").mark("handover-line")

    async def print(self, staff: StaffSession) -> None:
        """Journal the slip, let the spool send it at once, and say what became of it."""
        journalled = await run.io_bound(lambda: self.handover.print_handover(clerk=staff.name))
        if journalled is None:  # the server is stopping
            return
        summary, ref = journalled
        await run.io_bound(self.console.print_now)
        self.show(summary)  # what went to the printer, which may be newer than what the page opened with
        message, kind = OUTCOMES.get(self.console.print_outcome(ref) or "", WAITING)
        ui.notify(message, type=kind)

    async def download(self, staff: StaffSession) -> None:
        """The summary as of now, as a PDF the browser saves."""
        summary = await run.io_bound(lambda: self.handover.summary(clerk=staff.name))
        if summary is None:  # the server is stopping
            return
        try:
            data = await run.io_bound(self.console.pdf, summary)
        except RuntimeError as error:  # no Chinese font on this machine: the message says what to install
            ui.notify(f"The PDF cannot be made 无法生成PDF: {error}", type="warning")
            return
        if data is None:
            return
        self.show(summary)
        ui.download.content(data, self.console.pdf_name(summary), "application/pdf")
