"""``lobbydesk doctor``: is this site well, and are its settings right — one line per check.

The same checks as ``/healthz`` and the console's Operations page (the store, the sync, the printer's
paper, the disk, the backups, the clock), then the settings: the workbook, the printer's link, the
address phones use, the secrets, the Chinese font, the mail server. Exit status 0 when all is well,
1 when something needs a look, 2 when something is broken (or the settings cannot be read).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from desk.health import Finding, Level, check_health, overall
from lobbydesk.cli_common import add_site_options, settings_from
from lobbydesk.settings import Settings, SettingsError

MARKS = {Level.OK: "✓", Level.WARN: "!", Level.FAIL: "✗"}
EXIT_CODES = {Level.OK: 0, Level.WARN: 1, Level.FAIL: 2}
TITLES = {
    "store": "Records", "sync": "Sync", "printer": "Printer paper", "disk": "Disk", "backup": "Backup",
    "clock": "Clock", "settings": "Settings", "workbook": "Workbook", "printer_link": "Printer",
    "public_url": "Phones", "secrets": "Secrets", "font": "Font", "mail": "E-mail",
}


def register(commands: Any) -> None:
    """Add ``lobbydesk doctor`` to the parser's subcommands."""
    doctor = commands.add_parser(
        "doctor", help="check the site and its settings, in plain words",
        description="Check the store, the sync, the printer, the disk, the backups and the clock, then the "
        "settings (workbook, printer, the address phones use, secrets, Chinese font, mail server). "
        "Exit status 0 when all is well, 1 when something needs a look, 2 when something is broken.",
    )
    add_site_options(doctor)
    doctor.add_argument("--mail-test", action="store_true", help="also send a test e-mail to smtp_to")
    doctor.set_defaults(command=run_doctor)


def run_doctor(args: argparse.Namespace) -> int:
    """Run every check, print one line each, and answer the exit status of the worst."""
    from desk.clock import Clock
    from lobbydesk.doctor_checks import settings_findings
    from lobbydesk.health_facts import gather_facts, health_limits

    try:
        settings = settings_from(args)
    except SettingsError as error:
        return report([Finding("settings", Level.FAIL, "invalid", "The settings cannot be read", "设置有误",
                               str(error))])
    where = f"{settings.site_code} in {settings.data_dir}"
    facts = gather_facts(settings, Clock(settings.zone).now())
    findings = [Finding("settings", Level.OK, "ok", f"The settings are valid ({where})", "设置正确"),
                *check_health(facts, health_limits(settings)), *settings_findings(settings)]
    if args.mail_test:
        findings.append(_mail_test(settings))
    return report(findings)


def _mail_test(settings: Settings) -> Finding:
    from lobbydesk.mailer import MailError, send_mail

    if not settings.smtp_host:
        return Finding("mail", Level.FAIL, "off", "No test e-mail: smtp_host is not set", "未设置邮件服务器")
    try:
        send_mail(settings, f"[{settings.community_name}] lobbydesk test e-mail 测试邮件",
                  "If you can read this, lobbydesk's alerts reach you.\n收到此邮件说明提醒邮件可以送达。\n")
    except MailError as error:
        return Finding("mail", Level.FAIL, "test_failed", "The test e-mail could not be sent", "测试邮件发送失败",
                       str(error))
    return Finding("mail", Level.OK, "test_sent", f"A test e-mail went to {', '.join(settings.smtp_to)}",
                   "测试邮件已发送")


def report(findings: Sequence[Finding]) -> int:
    """Print the findings, one line each (and what went wrong under it); the worst one's exit status."""
    for finding in findings:
        print(line(finding))
        if finding.detail and finding.level is not Level.OK:
            print(f"    {finding.detail}")
    worst = overall(list(findings))
    counts = {level: sum(1 for f in findings if f.level is level) for level in Level}
    print(f"{counts[Level.OK]} fine, {counts[Level.WARN]} to look at, {counts[Level.FAIL]} broken")
    return EXIT_CODES[worst]


def line(finding: Finding) -> str:
    """``✓ Disk: 12.3 GB free on the disk``."""
    return f"{MARKS[finding.level]} {TITLES.get(finding.check, finding.check)}: {finding.en}"
