"""What ``lobbydesk doctor`` checks besides the site's health: the settings and what they point at.

Each check looks at one thing (the workbook, the printer's link, the address phones use, the
secrets' file modes, the Chinese font, the mail server) and answers a :class:`desk.health.Finding`,
so the doctor prints them like the health checks. These touch files and the network: a thin layer.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from desk.health import Finding, Level
from lobbydesk.settings import CONFIG_NAME, Settings
from lobbydesk.site_secrets import SECRETS_FOLDER
from printers.connections import NoPrinter, PrinterConnection, PrinterUnavailable, ReportsStatus, connection_from_url
from printers.status import PrinterCondition
from sync.urls import parse_workbook_url

UNREACHABLE_HOSTS = ("127.0.0.1", "localhost", "::1", "0.0.0.0", "::")  # noqa: S104 - named to warn about them


def settings_findings(settings: Settings, *, printer: PrinterConnection | None = None,
                      open_workbook: Callable[[], str] | None = None) -> list[Finding]:
    """Every settings check, in the order the doctor prints them.

    ``printer`` and ``open_workbook`` (reads the workbook once, returns its description) replace the
    real ones in tests.
    """
    return [
        workbook_finding(settings, open_workbook),
        printer_link_finding(printer or connection_from_url(settings.printer)),
        public_url_finding(settings),
        secrets_finding(settings),
        font_finding(),
        mail_finding(settings),
    ]


def workbook_finding(settings: Settings, open_workbook: Callable[[], str] | None = None) -> Finding:
    """Whether the workbook can be reached: a file's folder, or one read of a Google spreadsheet."""
    workbook = parse_workbook_url(settings.workbook)
    if workbook.scheme == "memory":
        return Finding("workbook", Level.WARN, "memory", "The workbook is kept in memory only: staff have no sheet",
                       "工作簿只在内存中：员工没有表格可用")
    if workbook.scheme == "xlsx":
        assert workbook.path is not None
        return _xlsx_finding(workbook.path, settings.data_dir)
    try:
        described = (open_workbook or (lambda: _read_google(settings)))()
    except Exception as error:  # whatever Google or the network says, the doctor reports it
        return Finding("workbook", Level.FAIL, "unreachable", "The Google spreadsheet cannot be read",
                       "无法读取谷歌表格", str(error) or type(error).__name__)
    return Finding("workbook", Level.OK, "ok", f"Read {described}", "工作簿可以读取")


def _xlsx_finding(path: Path, data_dir: Path) -> Finding:
    if path.is_file():
        if os.access(path, os.R_OK | os.W_OK):
            return Finding("workbook", Level.OK, "ok", f"The workbook file {path} is there", "工作簿文件正常")
        return Finding("workbook", Level.FAIL, "no_access", f"The workbook file {path} cannot be written",
                       "工作簿文件无法写入", "check its owner and permissions")
    folder_ready = path.parent.is_dir() and os.access(path.parent, os.W_OK)
    if folder_ready or (path.parent == data_dir and not data_dir.exists()):  # the server makes the data folder
        return Finding("workbook", Level.WARN, "not_yet", f"The workbook file {path} does not exist yet: "
                       "the first sync makes it", "工作簿文件尚不存在：首次同步时创建")
    return Finding("workbook", Level.FAIL, "no_folder", f"The folder for the workbook {path} is missing or "
                   "cannot be written", "工作簿所在文件夹不存在或无法写入")


def _read_google(settings: Settings) -> str:
    from lobbydesk.site import workbook_from_settings

    backend = workbook_from_settings(settings)
    backend.open()
    try:
        backend.read(["Settings"])
        return backend.describe()
    finally:
        backend.close()


def printer_link_finding(printer: PrinterConnection) -> Finding:
    """Ask a printer that can answer how it is; say what can be said of the others."""
    if isinstance(printer, NoPrinter):
        return Finding("printer_link", Level.OK, "none", "No ticket printer is set (printer = \"none\")",
                       "未设置小票打印机")
    if not isinstance(printer, ReportsStatus):
        return Finding("printer_link", Level.OK, "no_status", f"Tickets go to {printer.describe()}, "
                       "which cannot say how it is", "打印机无法报告状态")
    try:
        status = printer.read_status()
    except PrinterUnavailable as error:
        return Finding("printer_link", Level.FAIL, "unreachable", f"{printer.describe()} cannot be reached",
                       "无法连接小票打印机", str(error))
    condition = status.condition
    if condition is PrinterCondition.ONLINE:
        return Finding("printer_link", Level.OK, "ok", f"{printer.describe()} answers: online", "打印机在线")
    if condition is PrinterCondition.PAPER_NEAR_END:
        return Finding("printer_link", Level.WARN, "paper_near_end", f"{printer.describe()} answers: paper near "
                       "its end", "打印机纸快用完了")
    if condition is PrinterCondition.NO_ANSWER:
        return Finding("printer_link", Level.WARN, "no_answer", f"{printer.describe()} takes tickets but does not "
                       "say how it is", "打印机不回答状态查询")
    return Finding("printer_link", Level.FAIL, str(condition).replace(" ", "_"),
                   f"{printer.describe()} answers: {status.describe()}", "打印机无法打印")


def public_url_finding(settings: Settings) -> Finding:
    """Whether phones can open the ticket pages the QR codes point at."""
    base = settings.base_url
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Finding("public_url", Level.FAIL, "bad", f"The address for phones {base!r} is no web address",
                       "手机访问地址无效", "set public_url, e.g. http://192.168.1.10:8080")
    if parts.hostname in UNREACHABLE_HOSTS:
        return Finding("public_url", Level.WARN, "local", f"Phones cannot open {base}: the QR codes on tickets "
                       "lead nowhere", "手机无法打开小票二维码的地址",
                       "set public_url to this server's address on the lobby network, e.g. http://192.168.1.10:8080")
    return Finding("public_url", Level.OK, "ok", f"Phones open ticket pages at {base}", "手机访问地址已设置")


def secrets_finding(settings: Settings) -> Finding:
    """Every secret file present and readable by its owner only."""
    files = sorted((settings.data_dir / SECRETS_FOLDER).glob("*")) if (settings.data_dir / SECRETS_FOLDER).is_dir() \
        else []
    named = [path for path in (settings.google_service_account, settings.smtp_password_file) if path is not None]
    missing = [str(path) for path in named if not path.is_file()]
    if missing:
        return Finding("secrets", Level.FAIL, "missing", "A secret file the settings name is missing",
                       "设置中指定的密钥文件不存在", ", ".join(missing))
    config = settings.data_dir / CONFIG_NAME
    holds_secret = settings.payment_webhook_secret or settings.smtp_password or settings.storage_secret
    loose = [str(path) for path in [*files, *named] if path.is_file() and _others_may_read(path)]
    if holds_secret and config.is_file() and _others_may_read(config):
        loose.append(str(config))
    if loose:
        return Finding("secrets", Level.FAIL, "readable", "Other accounts on this computer can read a secret: "
                       "chmod 600 it", "密钥文件其他账户可读：请设为仅本人可读（chmod 600）", ", ".join(loose))
    return Finding("secrets", Level.OK, "ok", f"{len(files) + len(named)} secret file(s), readable by their owner only",
                   "密钥文件仅本人可读")


def _others_may_read(path: Path) -> bool:
    return bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))


def font_finding() -> Finding:
    """A Chinese font for the PDFs (handover, owner file) and for tickets drawn as pictures."""
    from lobbydesk.owner_file_pdf import NoChineseFontError, chinese_font

    try:
        font, _face = chinese_font()
    except NoChineseFontError as error:
        return Finding("font", Level.WARN, "missing", "No Chinese font: PDFs cannot be made and drawn tickets "
                       "show boxes", "没有中文字体：无法生成PDF，图片小票显示方框", str(error))
    return Finding("font", Level.OK, "ok", f"Chinese font {font}", "中文字体已安装")


def mail_finding(settings: Settings, check: Callable[[Settings], None] | None = None) -> Finding:
    """Whether e-mail alerts can go out: connect, secure and log in as a send would (nothing is sent)."""
    from lobbydesk.mailer import MailError, check_mail_server

    if not settings.smtp_host:
        return Finding("mail", Level.OK, "off", "E-mail alerts are off (no smtp_host)", "未开启邮件提醒")
    try:
        (check or check_mail_server)(settings)
    except MailError as error:
        return Finding("mail", Level.FAIL, "refused", "E-mail alerts cannot go out", "邮件提醒无法发送", str(error))
    return Finding("mail", Level.OK, "ok", f"E-mail alerts go to {', '.join(settings.smtp_to)} through "
                   f"{settings.smtp_host}:{settings.smtp_port}", "邮件提醒可以发送")
