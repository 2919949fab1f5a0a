"""``/staff/operations``: is the site well — last sync, last backup, disk free, printer paper — each flagged when stale.

The facts are gathered off the event loop by the wiring's callables (cached a few seconds, so many
open pages cost one look); the checks are :func:`desk.health.check_health`, the same the monitor's
``/healthz`` and ``lobbydesk doctor`` use.
"""

from __future__ import annotations

from collections.abc import Callable

from nicegui import run, ui

from admin.auth import StaffPage, StaffSession
from admin.sections import ConsoleSection
from desk.health import Finding, HealthFacts, HealthLimits, Level, age_en, age_zh, check_health, size_en

REFRESH_SECONDS = 30.0
# The four things the office watches, in the order shown, and the checks also looked at.
PANELS: tuple[tuple[str, str], ...] = (
    ("sync", "Last sync 最近同步"),
    ("backup", "Last backup 最近备份"),
    ("disk", "Disk free 磁盘空间"),
    ("printer", "Printer paper 打印纸"),
)
OTHERS: tuple[tuple[str, str], ...] = (("store", "Records 数据库"), ("clock", "Clock 时钟"))
STYLES = {
    Level.OK: ("check_circle", "bg-green-50 border-green-600 text-green-950"),
    Level.WARN: ("warning", "bg-amber-100 border-amber-600 text-amber-950"),
    Level.FAIL: ("error", "bg-red-100 border-red-700 text-red-950"),
}


class OperationsConsole:
    """The Operations page: four panels and the other checks, redrawn every half minute or on "Check now"."""

    def __init__(self, facts: Callable[[], HealthFacts], fresh_facts: Callable[[], HealthFacts],
                 limits: HealthLimits) -> None:
        self.facts = facts  # recent facts (blocks when it must gather)
        self.fresh_facts = fresh_facts  # gathered now (blocks)
        self.limits = limits

    def section(self) -> ConsoleSection:
        """The page in the console's navigation."""
        return ConsoleSection("operations", "Operations 运行状况", self.build)

    def build(self, page: StaffPage) -> None:
        """Draw the page; the facts arrive a moment later, gathered off the event loop."""
        _OperationsPage(self, page).build()

    def limits_words(self) -> dict[str, str]:
        """When each panel turns to a warning, in the office's words."""
        limits = self.limits
        return {
            "sync": f"warns after {age_en(limits.sync_lag)} · 超过{age_zh(limits.sync_lag)}提醒",
            "backup": f"warns after {age_en(limits.backup_age)} · 超过{age_zh(limits.backup_age)}提醒",
            "disk": f"warns below {size_en(limits.disk_free_bytes)} · 少于{size_en(limits.disk_free_bytes)}提醒",
            "printer": "warns when the paper runs low · 纸快用完时提醒",
        }


class _OperationsPage:
    """One open Operations page."""

    def __init__(self, console: OperationsConsole, page: StaffPage) -> None:
        self.console = console
        self.page = page

    def build(self) -> None:
        with ui.column().classes("w-full max-w-5xl mx-auto p-6 gap-4"):
            with ui.row().classes("w-full items-center justify-between"):
                ui.label("Operations 运行状况").classes("text-2xl font-bold")
                self.page.button("Check now 立即检查", "operations.check", self.check_now, mark="ops-check-now")\
                    .props("outline no-caps")
            self.area = ui.column().classes("w-full gap-4").mark("ops-area")
            with self.area:
                ui.label("Looking… 正在检查").classes("text-gray-600")
        ui.timer(0.05, self.refresh, once=True)
        ui.timer(REFRESH_SECONDS, self.refresh)

    async def refresh(self) -> None:
        """Redraw with the recent facts."""
        facts = await run.io_bound(self.console.facts)
        if facts is not None:  # None: the server is stopping
            self.show(facts)

    async def check_now(self, staff: StaffSession) -> None:
        """Look again at once (after changing the paper roll, say) and redraw."""
        facts = await run.io_bound(self.console.fresh_facts)
        if facts is not None:
            self.show(facts)
            ui.notify("Checked just now 已重新检查", type="positive")

    def show(self, facts: HealthFacts) -> None:
        """Draw the panels and the other checks from these facts."""
        findings = {finding.check: finding for finding in check_health(facts, self.console.limits)}
        limits = self.console.limits_words()
        self.area.clear()
        with self.area:
            with ui.row().classes("w-full gap-4"):
                for check, title in PANELS:
                    _panel(title, findings[check], limits[check])
            with ui.column().classes("w-full gap-2"):
                for check, title in OTHERS:
                    _line(title, findings[check])
            ui.label(f"Checked at {facts.now:%H:%M:%S} 检查时间").classes("text-sm text-gray-500")\
                .mark("ops-checked-at")


def _panel(title: str, finding: Finding, limit: str) -> None:
    icon, style = STYLES[finding.level]
    stale = ["ops-stale"] if finding.level is not Level.OK else []
    with ui.card().classes(f"w-[14rem] grow border-l-8 gap-2 p-4 {style}")\
            .mark(f"ops-{finding.check}", f"ops-{finding.check}-{finding.level}", *stale):
        with ui.row().classes("items-center gap-2"):
            ui.icon(icon).classes("text-2xl")
            ui.label(title).classes("text-lg font-bold")
        ui.label(finding.en).classes("text-base").mark(f"ops-{finding.check}-words")
        ui.label(finding.zh).classes("text-base")
        if finding.detail:
            ui.label(finding.detail).classes("text-sm break-all opacity-80")
        ui.label(limit).classes("text-xs opacity-70")


def _line(title: str, finding: Finding) -> None:
    icon, style = STYLES[finding.level]
    with ui.row().classes(f"w-full items-center gap-3 rounded px-4 py-2 {style}")\
            .mark(f"ops-{finding.check}", f"ops-{finding.check}-{finding.level}"):
        ui.icon(icon)
        ui.label(f"{title}: {finding.words()}")
        if finding.detail:
            ui.label(finding.detail).classes("text-sm opacity-80")
