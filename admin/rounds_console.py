"""``/staff/rounds``: today's rounds per building (done, late, missed, due), and the checkpoint labels to print."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from itertools import groupby

from nicegui import run, ui

from admin.auth import StaffPage, StaffSession
from desk.catalog.rounds_words import task_name
from desk.clock import Clock
from desk.rounds import BoardRow, BoardState, Task
from desk.rounds_desk import RoundsDesk

ALL_BUILDINGS = "all"
# How each state reads and looks on the board.
STATES: dict[BoardState, tuple[str, str]] = {
    BoardState.DONE: ("done 已完成", "bg-green-100 text-green-900"),
    BoardState.LATE: ("late 迟到", "bg-amber-200 text-amber-950"),
    BoardState.MISSED: ("missed 漏检", "bg-red-200 text-red-950"),
    BoardState.DUE: ("due now 待完成", "bg-sky-100 text-sky-950"),
    BoardState.LATER: ("later 稍后", "bg-gray-100 text-gray-800"),
}


def task_words(task: Task) -> str:
    """A task for staff, in English and Chinese: ``disinfection 消毒``."""
    return f"{task.value} {task_name(task, 'zh')}"


class RoundsConsole:
    """The rounds page of the console."""

    def __init__(self, rounds: RoundsDesk, clock: Clock, *, print_now: Callable[[], object],
                 print_outcome: Callable[[str], str | None], refresh_seconds: float = 5.0) -> None:
        self.rounds = rounds
        self.clock = clock
        self.print_now = print_now  # one pass of the spool: labels need not wait for the worker's next look
        self.print_outcome = print_outcome
        self.refresh_seconds = refresh_seconds

    def build(self, page: StaffPage) -> None:
        """Draw the board and keep it current."""
        _RoundsPage(self, page).build()


class _RoundsPage:
    """One open rounds page, redrawn when today's board changes."""

    def __init__(self, console: RoundsConsole, page: StaffPage) -> None:
        self.console = console
        self.page = page
        self.drawn: tuple[BoardRow, ...] | None = None

    def build(self) -> None:
        with ui.column().classes("w-full max-w-6xl mx-auto p-6 gap-4"):
            self.heading = ui.label().classes("text-2xl font-bold").mark("rounds-heading")
            with ui.row().classes("items-center gap-4"):
                buildings = sorted({c.building for c in self.console.rounds.checkpoints()}, key=lambda b: b.zfill(6))
                choices = {ALL_BUILDINGS: "All buildings 全部楼栋", **{b: f"Building {b} {b}号楼" for b in buildings}}
                self.building = ui.select(choices, value=ALL_BUILDINGS).classes("w-56").mark("rounds-building")
                self.page.button("Print checkpoint labels 打印巡查点标签", "rounds.labels", self._print_labels,
                                 mark="rounds-print-labels").props("color=primary no-caps")
            self.summary = ui.row().classes("w-full gap-4").mark("rounds-summary")
            self.area = ui.column().classes("w-full gap-4")
        self.refresh()
        ui.timer(self.console.refresh_seconds, self.refresh)

    def refresh(self) -> None:
        """Redraw when today's windows or their visits changed."""
        board = tuple(self.console.rounds.board())
        today = self.console.clock.now()
        self.heading.set_text(f"Rounds today 今日巡查 · {today:%Y-%m-%d %H:%M}")
        if board == self.drawn:
            return
        self.drawn = board
        self.summary.clear()
        self.area.clear()
        if not board:
            with self.area:
                ui.label("No rounds today: staff add them in the workbook's Rounds tab "
                         "今日无巡查（在工作簿 Rounds 表中添加）").classes("text-xl").mark("no-rounds")
            return
        for building, rows in groupby(board, key=lambda row: row.round.building):
            rows_of_building = list(rows)
            counts = Counter(row.state for row in rows_of_building)
            name = f"Building {building} {building}号楼" if building else "Grounds 公共区域"
            with self.summary:
                still_open = counts[BoardState.DUE] + counts[BoardState.LATER]
                ui.label(f"{name}: done {counts[BoardState.DONE]} · late {counts[BoardState.LATE]} · "
                         f"missed {counts[BoardState.MISSED]} · open {still_open}")\
                    .classes("text-lg rounded bg-white px-3 py-1").mark(f"rounds-summary-{building or 'grounds'}")
            with self.area, ui.card().classes("w-full gap-1 p-4"):
                ui.label(name).classes("text-xl font-bold")
                for row in rows_of_building:
                    self._row(row)

    def _row(self, row: BoardRow) -> None:
        words, colour = STATES[row.state]
        tz = self.console.clock.tz
        with ui.row().classes(f"w-full items-center gap-4 rounded px-3 py-2 {colour}")\
                .mark("round-row", f"round-{row.state.value}"):
            ui.label(row.round.place).classes("w-48 font-bold")
            ui.label(task_words(row.round.task)).classes("w-44")
            ui.label(row.window.label).classes("w-32 font-mono")
            ui.label(words).classes("w-32 font-bold").mark("round-state")
            visit = row.visit
            if visit is not None and visit.at is not None:
                ui.label(f"{visit.at.astimezone(tz):%H:%M} {visit.staff}").classes("w-40")
                if visit.note:
                    ui.label(visit.note).classes("text-sm")
                if visit.photo:
                    ui.link("photo 照片", visit.photo, new_tab=True)
            elif row.round.who:
                ui.label(row.round.who).classes("text-sm text-gray-700")

    async def _print_labels(self, staff: StaffSession) -> None:
        """Journal one label per place (of the chosen building), let the spool send them, say how it went."""
        building = None if self.building.value == ALL_BUILDINGS else str(self.building.value)
        printed = await run.io_bound(self.console.rounds.journal_labels, building)
        if printed is None:  # the server is stopping
            return
        if not printed:
            ui.notify("No places with rounds to label 没有需要标签的巡查点", type="warning")
            return
        await run.io_bound(self.console.print_now)
        outcome = self.console.print_outcome(printed[-1].token)
        if outcome == "sent":
            ui.notify(f"{len(printed)} labels printing 正在打印 {len(printed)} 张标签", type="positive")
        elif outcome == "not printed":
            ui.notify("This site has no printer 本站没有打印机", type="warning")
        else:
            ui.notify("The printer cannot print now; the labels print when it is back 打印机暂不可用，恢复后自动打印",
                      type="warning")
