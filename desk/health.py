"""Is the site well? Pure checks over a snapshot of gathered facts, answered in a property office's words.

The facts (:class:`HealthFacts`) are gathered elsewhere (``lobbydesk/health_facts.py``: the store, the
sync's last outcome, the printer's open alerts, the disk, the backups folder, the clock); here they
become one :class:`Finding` per check, each ok, warn or fail, in English and Chinese. The monitor's
``/healthz``, ``lobbydesk doctor``, the console's Operations page and the e-mail alerts all read these.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timedelta

GIB = 1024**3
MIB = 1024**2
# A clock before this date was reset (a dead clock battery), whatever the store says.
CLOCK_FLOOR = datetime.fromisoformat("2025-01-01T00:00:00+00:00")
# Records or a sync this far ahead of the clock mean it went back: a little is a warning, an hour a failure.
CLOCK_AHEAD_WARN = timedelta(minutes=2)
CLOCK_AHEAD_FAIL = timedelta(hours=1)
# The codes of the printer alerts the print spool opens (printers.spool.PrinterAlert), most pressing first.
PRINTER_PROBLEMS = ("paper_out", "cover_open", "offline", "unreachable", "paper_near_end")
ZH_UNITS = {"second": "秒", "minute": "分钟", "hour": "小时", "day": "天"}
CHECKS = ("store", "sync", "printer", "disk", "backup", "clock")


class Level(enum.StrEnum):
    """How a check came out: fine, worth a look, or the desk is hurt."""

    OK = "ok"
    WARN = "warn"
    FAIL = "fail"


LEVEL_ORDER = (Level.OK, Level.WARN, Level.FAIL)


@dataclass(frozen=True)
class HealthLimits:
    """When a fact becomes a warning: the sync's lag, the last backup's age, the disk space left."""

    sync_lag: timedelta = timedelta(minutes=10)
    backup_age: timedelta = timedelta(hours=36)
    disk_free_bytes: int = GIB  # below a quarter of it the check fails: the store soon cannot write


@dataclass(frozen=True)
class StoreFacts:
    """The records database as a separate read-only look found it."""

    exists: bool
    readable: bool = False
    schema_version: int | None = None
    known_version: int = 0  # the newest schema this lobbydesk knows
    problem: str = ""  # why it could not be read, for the person at the machine
    latest_record_at: datetime | None = None  # when the newest version of any record was written


@dataclass(frozen=True)
class SyncFacts:
    """The sync's last outcomes as the store remembers them."""

    last_good_at: datetime | None = None
    last_error_at: datetime | None = None
    last_error: str = ""


@dataclass(frozen=True)
class PrinterFacts:
    """The ticket printer: whether the site has one, and the printer alerts the print worker keeps open."""

    configured: bool = True  # False for printer = "none"
    reports_status: bool = True  # a file or CUPS printer cannot say whether it has paper
    open_alerts: frozenset[str] = frozenset()  # codes, e.g. {"paper_near_end"}


@dataclass(frozen=True)
class HealthFacts:
    """Everything the checks look at, gathered at one moment."""

    now: datetime
    store: StoreFacts
    sync: SyncFacts = field(default_factory=SyncFacts)
    printer: PrinterFacts = field(default_factory=PrinterFacts)
    disk_free_bytes: int | None = None  # of the data folder's disk; None when it could not be told
    last_backup_at: datetime | None = None  # the newest backup file's time; None when there is none


@dataclass(frozen=True)
class Finding:
    """One check's outcome: ``code`` for machines (e.g. ``paper_near_end``), words for people.

    ``detail`` (an error's own text) is for the person at the machine only: never served to a monitor.
    """

    check: str
    level: Level
    code: str
    en: str
    zh: str
    detail: str = ""

    @property
    def key(self) -> str:
        """``printer:paper_near_end``: the same trouble has the same key until it goes away."""
        return f"{self.check}:{self.code}"

    def words(self) -> str:
        """Both languages on one line, as the staff pages write them."""
        return f"{self.en} {self.zh}"


def check_health(facts: HealthFacts, limits: HealthLimits) -> list[Finding]:
    """One finding per check, in the order of :data:`CHECKS`."""
    return [
        store_finding(facts.store),
        sync_finding(facts.sync, facts.now, limits),
        printer_finding(facts.printer),
        disk_finding(facts.disk_free_bytes, limits),
        backup_finding(facts.last_backup_at, facts.now, limits),
        clock_finding(facts),
    ]


def overall(findings: list[Finding]) -> Level:
    """The worst level among the findings (ok when there are none)."""
    return max((finding.level for finding in findings), key=LEVEL_ORDER.index, default=Level.OK)


def store_finding(store: StoreFacts) -> Finding:
    """Can the records be read, and by this lobbydesk."""
    def said(level: Level, code: str, en: str, zh: str) -> Finding:
        return Finding("store", level, code, en, zh, store.problem)

    if not store.exists:
        return said(Level.WARN, "missing", "There is no records database yet: the server makes it when it starts",
                    "尚无数据库：服务器启动时会创建")
    if not store.readable or store.schema_version is None:
        return said(Level.FAIL, "unreadable", "The records database cannot be read: call your IT support",
                    "数据库无法读取：请联系技术支持")
    if store.schema_version > store.known_version:
        return said(Level.FAIL, "newer", "The records database was written by a newer lobbydesk: update this one",
                    "数据库由更新版本的lobbydesk写入：请升级本程序")
    if store.schema_version < store.known_version:
        return said(Level.WARN, "older", "The records database is updated the next time the server starts",
                    "数据库将在服务器下次启动时升级")
    return said(Level.OK, "ok", f"The records database is readable (schema {store.schema_version})",
                f"数据库正常（版本 {store.schema_version}）")


def sync_finding(sync: SyncFacts, now: datetime, limits: HealthLimits) -> Finding:
    """How far the workbook is behind the desk."""
    failing_now = sync.last_error_at is not None and (
        sync.last_good_at is None or sync.last_error_at > sync.last_good_at)
    if sync.last_good_at is None:
        code = "failing" if failing_now else "never"
        return Finding("sync", Level.WARN, code, "The workbook has never been synced yet", "工作簿还从未同步过",
                       sync.last_error if failing_now else "")
    lag = max(now - sync.last_good_at, timedelta(0))
    if lag > limits.sync_lag:
        if failing_now:
            return Finding("sync", Level.WARN, "failing",
                           f"The workbook has not synced for {age_en(lag)}: the sync keeps failing",
                           f"工作簿已{age_zh(lag)}未同步：同步一直失败", sync.last_error)
        return Finding("sync", Level.WARN, "stalled", f"The workbook has not synced for {age_en(lag)}",
                       f"工作簿已{age_zh(lag)}未同步")
    if failing_now:  # a recent good cycle: the loop tries again by itself
        return Finding("sync", Level.OK, "retrying",
                       f"The workbook synced {age_en(lag)} ago; the last try failed and is being retried",
                       f"工作簿{age_zh(lag)}前已同步；最近一次失败，正在重试", sync.last_error)
    return Finding("sync", Level.OK, "ok", f"The workbook synced {age_en(lag)} ago", f"工作簿{age_zh(lag)}前已同步")


PRINTER_WORDS: dict[str, tuple[Level, str, str]] = {
    "paper_out": (Level.FAIL, "The ticket printer is out of paper: load a new roll", "小票打印机缺纸：请换新纸卷"),
    "cover_open": (Level.FAIL, "The ticket printer's cover is open: close it", "小票打印机盖子未关：请关好"),
    "offline": (Level.FAIL, "The ticket printer is offline: check its power and cable",
                "小票打印机离线：请检查电源和线缆"),
    "unreachable": (Level.FAIL, "The ticket printer cannot be reached: check its power and cable",
                    "无法连接小票打印机：请检查电源和线缆"),
    "paper_near_end": (Level.WARN, "The ticket printer's paper is running out: change the roll soon",
                       "小票打印机纸快用完了：请尽快换纸"),
}


def printer_finding(printer: PrinterFacts) -> Finding:
    """The most pressing thing about the ticket printer's paper and connection."""
    if not printer.configured:
        return Finding("printer", Level.OK, "none", "This site has no ticket printer", "本站未配置小票打印机")
    problem = next((code for code in PRINTER_PROBLEMS if code in printer.open_alerts), None)
    if problem is not None:
        level, en, zh = PRINTER_WORDS[problem]
        return Finding("printer", level, problem, en, zh)
    if not printer.reports_status:
        return Finding("printer", Level.OK, "no_status", "The ticket printer cannot report its paper",
                       "小票打印机无法报告纸张状态")
    return Finding("printer", Level.OK, "ok", "The ticket printer has paper", "小票打印机纸张正常")


def disk_finding(free: int | None, limits: HealthLimits) -> Finding:
    """Room left for the store, the photos and the backups."""
    if free is None:
        return Finding("disk", Level.WARN, "unknown", "The free disk space could not be told", "无法获知磁盘剩余空间")
    if free < limits.disk_free_bytes // 4:
        return Finding("disk", Level.FAIL, "full", f"Only {size_en(free)} free on the disk: make room now, "
                       "or the desk stops saving", f"磁盘只剩{size_en(free)}：请立即清理，否则无法保存")
    if free < limits.disk_free_bytes:
        return Finding("disk", Level.WARN, "low", f"Only {size_en(free)} free on the disk: make room soon",
                       f"磁盘只剩{size_en(free)}：请尽快清理")
    return Finding("disk", Level.OK, "ok", f"{size_en(free)} free on the disk", f"磁盘剩余{size_en(free)}")


def backup_finding(last_backup_at: datetime | None, now: datetime, limits: HealthLimits) -> Finding:
    """Whether a recent copy of the data exists."""
    if last_backup_at is None:
        return Finding("backup", Level.WARN, "none", "No backup has been made yet", "还没有任何备份")
    age = max(now - last_backup_at, timedelta(0))
    if age > limits.backup_age:
        return Finding("backup", Level.WARN, "stale",
                       f"The last backup is {age_en(age)} old: backups are failing or not running",
                       f"最近的备份已是{age_zh(age)}前：备份失败或没有运行")
    return Finding("backup", Level.OK, "ok", f"The last backup was made {age_en(age)} ago",
                   f"最近备份于{age_zh(age)}前")


def clock_finding(facts: HealthFacts) -> Finding:
    """Whether the computer's clock can be believed: ticket numbers, due times and the sync depend on it."""
    now = facts.now
    shown = f"{now:%Y-%m-%d %H:%M}"
    if now < CLOCK_FLOOR:
        return Finding("clock", Level.FAIL, "reset", f"The computer's clock says {shown}: set the date and time",
                       f"电脑时钟显示{shown}：请设置正确的日期和时间")
    seen = [at for at in (facts.store.latest_record_at, facts.sync.last_good_at, facts.sync.last_error_at) if at]
    ahead = max((at - now for at in seen), default=timedelta(0))
    if ahead > CLOCK_AHEAD_WARN:
        level = Level.FAIL if ahead > CLOCK_AHEAD_FAIL else Level.WARN
        return Finding("clock", level, "behind",
                       f"The computer's clock is behind: records were written {age_en(ahead)} after the time it "
                       "says now; set the time", f"电脑时钟慢了：有记录比现在晚{age_zh(ahead)}；请校准时间")
    return Finding("clock", Level.OK, "ok", f"The computer's clock says {shown}", f"电脑时钟显示{shown}")


def age_en(age: timedelta) -> str:
    """``45 seconds``, ``12 minutes``, ``5 hours``, ``3 days``."""
    count, unit = _age(age)
    return f"{count} {unit}" + ("" if count == 1 else "s")


def age_zh(age: timedelta) -> str:
    """``12分钟``, ``5小时``, ``3天``."""
    count, unit = _age(age)
    return f"{count}{ZH_UNITS[unit]}"


def _age(age: timedelta) -> tuple[int, str]:
    seconds = int(age.total_seconds())
    if seconds < 120:
        return seconds, "second"
    if seconds < 2 * 3600:
        return seconds // 60, "minute"
    if seconds < 2 * 86400:
        return seconds // 3600, "hour"
    return seconds // 86400, "day"


def size_en(size: int) -> str:
    """``800 MB`` or ``2.4 GB`` (binary units, as disk tools show them)."""
    if size >= GIB:
        return f"{size / GIB:.1f} GB"
    return f"{size // MIB} MB"
