"""``/staff/dashboard``: the managers' charts of a month or a range of months, each chart's numbers one tap
away, the committee's open decisions, and the monthly report as a PDF."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from nicegui import run, ui

from admin.auth import StaffPage, StaffSession
from admin.sections import ConsoleSection
from desk.credentials import StaffRole
from desk.report_data import CHART_KEYS, SUMMARY_KEYS, ReportDesk, ReportFigures
from desk.report_figures import Table, months_back
from desk.report_words import both, column_name, number_text, plotted, row_name

MANAGERS = (StaffRole.MANAGER.value,)
PICKER_MONTHS = 36  # how far back the period picker reaches


def _name(chart: Table, row: str) -> str:
    zh, en = row_name(chart, row, "zh"), row_name(chart, row, "en")
    return zh if zh == en else f"{zh} {en}"


def _column(chart: Table, column: str) -> str:
    zh, en = column_name(chart, column, "zh"), column_name(chart, column, "en")
    return zh if zh == en else f"{zh} {en}"


def echart_options(chart: Table) -> dict[str, Any]:
    """The chart as ECharts options: bars side by side, stacked or lying, or lines, one series per measure."""
    kind, columns = plotted(chart)
    rows = [_name(chart, row) for row in chart.rows]
    category = {"type": "category", "data": rows, "axisLabel": {"interval": 0, "rotate": 30 if len(rows) > 6 else 0}}
    value_axis: dict[str, Any] = {"type": "value"}
    series = [{"name": _column(chart, c), "type": "line" if kind == "line" else "bar",
               "data": [float(v) if v is not None else None for v in chart.column(c)],
               **({"stack": "total"} if kind == "stacked" else {})} for c in columns]
    return {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 140 if kind == "barh" else 50, "right": 20, "bottom": 70, "top": 40},
        "xAxis": value_axis if kind == "barh" else category,
        "yAxis": {**category, "inverse": True, "axisLabel": {}} if kind == "barh" else value_axis,
        "series": series,
    }


class DashboardConsole:
    """Charts and numbers of any span of months for managers, and the monthly report to download."""

    def __init__(self, desk: ReportDesk, *, pdf: Callable[[ReportFigures, str], bytes],
                 pdf_name: Callable[[ReportFigures, str], str]) -> None:
        self.desk = desk
        self.pdf = pdf
        self.pdf_name = pdf_name

    def section(self) -> ConsoleSection:
        """The page in the console's navigation, for managers only."""
        return ConsoleSection("dashboard", "Dashboard 看板", self.build, roles=MANAGERS)

    def build(self, page: StaffPage) -> None:
        """Draw the picker, then the figures of this month once they are read."""
        _DashboardPage(self, page).build()


class _DashboardPage:
    """One open dashboard: its span and its drawn charts are its own; each press passes the gate."""

    def __init__(self, console: DashboardConsole, page: StaffPage) -> None:
        self.console = console
        self.desk = console.desk
        self.page = page
        self.figures: ReportFigures | None = None
        self.loading: tuple[str, str] | None = None  # the span being read now
        self.tables: dict[str, ui.table] = {}
        self.echarts: dict[str, ui.echart] = {}

    def build(self) -> None:
        this_month = self.desk.this_month()
        months = [months_back(this_month, back) for back in range(PICKER_MONTHS)]
        with ui.column().classes("w-full max-w-6xl mx-auto p-6 gap-4"):
            ui.label("Dashboard 看板").classes("text-2xl font-bold")
            with ui.row().classes("items-end gap-3"):
                self.first = ui.select(months, value=this_month, label="From 从").classes("w-36")\
                    .mark("dashboard-from").props("data-testid=dashboard-from")
                self.last = ui.select(months, value=this_month, label="To 至").classes("w-36")\
                    .mark("dashboard-to").props("data-testid=dashboard-to")
                for picker in (self.first, self.last):
                    picker.on_value_change(self.page.action("dashboard.period", self.show_picked, MANAGERS))
                self._button("This month 本月", "dashboard.period", partial(self.pick, 0), "dashboard-this-month")
                self._button("Last 12 months 近12个月", "dashboard.period", partial(self.pick, 11),
                             "dashboard-year")
                self._button("Report PDF 月报（中文）", "dashboard.report", partial(self.download, lang="zh"),
                             "dashboard-report-zh").props("color=primary")
                self._button("Report PDF (English)", "dashboard.report", partial(self.download, lang="en"),
                             "dashboard-report-en").props("color=primary outline")
            self.period = ui.label("").classes("text-gray-600").mark("dashboard-period")
            self.summary = ui.row().classes("w-full gap-3")
            self.decisions = ui.column().classes("w-full gap-1").mark("dashboard-decisions")
            with ui.column().classes("w-full gap-4"):
                for key in CHART_KEYS:  # drawn empty now, filled in place once the figures are read
                    self._chart(key)
        ui.timer(0.01, self.load, once=True)  # read the store off the event loop, after the page is sent

    def _button(self, label: str, action: str, handler: Callable[[StaffSession], object], mark: str) -> ui.button:
        return self.page.button(label, action, handler, mark=mark, roles=MANAGERS)\
            .props(f"no-caps data-testid={mark}")

    async def pick(self, back: int, staff: StaffSession) -> None:
        """This month, or the twelve months up to it."""
        this_month = self.desk.this_month()
        self.first.set_value(months_back(this_month, back))
        self.last.set_value(this_month)
        await self.load()

    async def show_picked(self, staff: StaffSession) -> None:
        """The span the pickers say, read again."""
        await self.load()

    async def load(self) -> None:
        """Read the span's figures off the event loop and draw them."""
        first, last = sorted((str(self.first.value), str(self.last.value)))
        if self.loading == (first, last):  # a quick pick changes both pickers: one read is enough
            return
        self.loading = (first, last)
        try:
            figures = await run.io_bound(self.desk.figures, self.desk.span(first, last))
        finally:
            self.loading = None
        if figures is None:  # the server is stopping
            return
        self.figures = figures
        self.draw(figures)

    def draw(self, figures: ReportFigures) -> None:
        """Key figures, open decisions and every chart with its hidden numbers."""
        span = figures.span
        self.period.set_text(f"{span.first}" + (f" – {span.last}" if span.last != span.first else "")
                             + f" · as of 截至 {figures.as_of:%Y-%m-%d %H:%M}")
        self.summary.clear()
        with self.summary:
            for key in SUMMARY_KEYS:
                with ui.card().classes("p-3 min-w-[9rem] gap-0").mark(f"key-{key}"):
                    ui.label(both(key)).classes("text-xs text-gray-600")
                    ui.label(number_text(figures.summary.cell(key, "value"))).classes("text-xl font-bold")\
                        .mark("key-figure", f"key-value-{key}").props(f"data-testid=key-value-{key}")
        self._decisions(figures)
        for chart in figures.charts():
            self._fill(chart)

    def _decisions(self, figures: ReportFigures) -> None:
        self.decisions.clear()
        with self.decisions:
            ui.label("Open committee decisions 业委会待办决议").classes("text-lg font-bold")
            if not figures.decisions:
                ui.label("No decision is open 没有待办决议").mark("decision")
            for item in figures.decisions:
                decision = item.decision
                due = f"due 截止 {decision.due:%Y-%m-%d}" if decision.due else "no due date 无截止日期"
                words = f"{decision.text} · {decision.responsible or '-'} · {due}"
                label = ui.label(("⚠ overdue 已逾期 · " if item.overdue else "") + words)
                label.mark("decision", *(("decision-overdue",) if item.overdue else ()))\
                    .classes("text-red-700 font-bold" if item.overdue else "")

    def _chart(self, key: str) -> None:
        with ui.card().classes("w-full gap-2").mark(f"chart-card-{key}"):
            with ui.row().classes("w-full items-center justify-between"):
                ui.label(both(key)).classes("text-lg font-bold")
                self._button("Numbers 数字", "dashboard.numbers", partial(self.toggle, key), f"numbers-{key}")\
                    .props("flat")
            self.echarts[key] = ui.echart({"series": []}).classes("w-full h-72")\
                .mark(f"chart-{key}", "chart").props(f"data-testid=chart-{key}")
            numbers = ui.table(columns=[], rows=[], row_key="row").classes("w-full")\
                .mark(f"numbers-table-{key}").props(f"dense flat data-testid=numbers-table-{key}")
            numbers.set_visibility(False)
            self.tables[key] = numbers

    def _fill(self, chart: Table) -> None:
        """Put a chart's figures into its drawn chart and table."""
        echart = self.echarts[chart.key]
        echart.options.clear()
        echart.options.update(echart_options(chart))
        echart.update()
        numbers = self.tables[chart.key]
        numbers.columns = [{"name": "row", "label": "", "field": "row", "align": "left"},
                           *({"name": c, "label": _column(chart, c), "field": c, "align": "right"}
                             for c in chart.columns)]
        numbers.rows = [{"row": _name(chart, row), **{c: number_text(v) for c, v in zip(chart.columns, values,
                                                                                         strict=True)}}
                        for row, values in zip(chart.rows, chart.values, strict=True)]

    def toggle(self, key: str, staff: StaffSession) -> None:
        """Show or hide a chart's numbers."""
        numbers = self.tables.get(key)
        if numbers is not None:
            numbers.set_visibility(not numbers.visible)

    async def download(self, staff: StaffSession, *, lang: str) -> None:
        """The report of the span shown, as a PDF the browser saves (made off the event loop)."""
        if self.figures is None:
            await self.load()
        figures = self.figures
        if figures is None:
            return
        ui.notify("Making the report… 正在生成月报…")
        try:
            data = await run.io_bound(self.console.pdf, figures, lang)
        except RuntimeError as error:  # no Chinese font on this machine: the message says what to install
            ui.notify(f"The PDF cannot be made 无法生成PDF: {error}", type="warning")
            return
        if data is None:  # the server is stopping
            return
        ui.download.content(data, self.console.pdf_name(figures, lang), "application/pdf")
