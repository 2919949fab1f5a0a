"""Knowing something is wrong: the health checks read gathered facts and say what needs doing."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desk.health import (
    CHECKS,
    GIB,
    MIB,
    Finding,
    HealthFacts,
    HealthLimits,
    Level,
    PrinterFacts,
    StoreFacts,
    SyncFacts,
    check_health,
    overall,
)
from desk.health_mail import alert_message, plan_mail

NOW = datetime(2026, 11, 27, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
LIMITS = HealthLimits()


def a_well_site(**changes: object) -> HealthFacts:
    """A site where everything is fine: synced a minute ago, backed up last night, paper in, room on disk."""
    facts = HealthFacts(
        now=NOW,
        store=StoreFacts(exists=True, readable=True, schema_version=7, known_version=7,
                         latest_record_at=NOW - timedelta(minutes=3)),
        sync=SyncFacts(last_good_at=NOW - timedelta(minutes=1)),
        printer=PrinterFacts(),
        disk_free_bytes=40 * GIB,
        last_backup_at=NOW - timedelta(hours=7),
    )
    return replace(facts, **changes)  # type: ignore[arg-type]


def finding(facts: HealthFacts, check: str) -> Finding:
    return next(f for f in check_health(facts, LIMITS) if f.check == check)


def test_a_well_site_is_ok_on_every_check_in_words_staff_understand() -> None:
    findings = check_health(a_well_site(), LIMITS)

    assert [f.check for f in findings] == list(CHECKS)
    assert {f.level for f in findings} == {Level.OK}
    assert overall(findings) is Level.OK
    said = {f.check: f.words() for f in findings}
    assert said["sync"] == "The workbook synced 60 seconds ago 工作簿60秒前已同步"
    assert said["backup"] == "The last backup was made 7 hours ago 最近备份于7小时前"
    assert said["disk"] == "40.0 GB free on the disk 磁盘剩余40.0 GB"
    assert said["printer"] == "The ticket printer has paper 小票打印机纸张正常"


def test_a_sync_behind_its_limit_warns_and_says_whether_it_keeps_failing() -> None:
    quiet = a_well_site(sync=SyncFacts(last_good_at=NOW - timedelta(minutes=25)))
    failing = a_well_site(sync=SyncFacts(last_good_at=NOW - timedelta(minutes=25),
                                         last_error_at=NOW - timedelta(seconds=30), last_error="403 PERMISSION_DENIED"))

    assert (finding(quiet, "sync").level, finding(quiet, "sync").code) == (Level.WARN, "stalled")
    assert finding(quiet, "sync").en == "The workbook has not synced for 25 minutes"
    failed = finding(failing, "sync")
    assert (failed.level, failed.code, failed.detail) == (Level.WARN, "failing", "403 PERMISSION_DENIED")
    assert failed.zh == "工作簿已25分钟未同步：同步一直失败"


def test_one_failed_cycle_after_a_recent_good_one_is_no_alarm() -> None:
    blip = a_well_site(sync=SyncFacts(last_good_at=NOW - timedelta(minutes=2), last_error_at=NOW,
                                      last_error="Google Sheets is rate limiting lobbydesk"))

    assert (finding(blip, "sync").level, finding(blip, "sync").code) == (Level.OK, "retrying")


def test_a_site_never_synced_warns() -> None:
    fresh = a_well_site(sync=SyncFacts())

    assert (finding(fresh, "sync").level, finding(fresh, "sync").code) == (Level.WARN, "never")


@pytest.mark.parametrize(("alerts", "level", "code"), [
    ({"paper_near_end"}, Level.WARN, "paper_near_end"),
    ({"paper_out"}, Level.FAIL, "paper_out"),
    ({"paper_near_end", "cover_open"}, Level.FAIL, "cover_open"),  # the more pressing first
    ({"unreachable"}, Level.FAIL, "unreachable"),
])
def test_the_printer_check_names_the_most_pressing_printer_alert(alerts: set[str], level: Level, code: str) -> None:
    facts = a_well_site(printer=PrinterFacts(open_alerts=frozenset(alerts)))

    assert (finding(facts, "printer").level, finding(facts, "printer").code) == (level, code)


def test_a_site_without_a_printer_is_fine_and_says_so() -> None:
    facts = a_well_site(printer=PrinterFacts(configured=False, open_alerts=frozenset({"paper_out"})))

    assert finding(facts, "printer").words() == "This site has no ticket printer 本站未配置小票打印机"


def test_disk_space_warns_below_the_limit_and_fails_below_a_quarter_of_it() -> None:
    assert finding(a_well_site(disk_free_bytes=800 * MIB), "disk").en == "Only 800 MB free on the disk: make room soon"
    assert finding(a_well_site(disk_free_bytes=800 * MIB), "disk").level is Level.WARN
    assert finding(a_well_site(disk_free_bytes=200 * MIB), "disk").level is Level.FAIL
    assert finding(a_well_site(disk_free_bytes=None), "disk").level is Level.WARN


def test_a_backup_older_than_36_hours_or_none_at_all_warns() -> None:
    old = finding(a_well_site(last_backup_at=NOW - timedelta(hours=50)), "backup")
    none = finding(a_well_site(last_backup_at=None), "backup")

    assert (old.level, old.code) == (Level.WARN, "stale")
    assert old.en == "The last backup is 2 days old: backups are failing or not running"
    assert (none.level, none.code) == (Level.WARN, "none")
    assert finding(a_well_site(last_backup_at=NOW - timedelta(hours=35)), "backup").level is Level.OK


def test_a_clock_that_went_back_is_caught_by_records_written_after_now() -> None:
    store = a_well_site().store
    slightly = a_well_site(store=replace(store, latest_record_at=NOW + timedelta(minutes=10)))
    far = a_well_site(store=replace(store, latest_record_at=NOW + timedelta(hours=3)))

    assert (finding(slightly, "clock").level, finding(slightly, "clock").code) == (Level.WARN, "behind")
    assert finding(far, "clock").level is Level.FAIL
    assert finding(far, "clock").en == ("The computer's clock is behind: records were written 3 hours after the "
                                        "time it says now; set the time")


def test_a_clock_reset_to_long_ago_fails_whatever_the_store_says() -> None:
    reset = a_well_site(now=datetime(2000, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai")), store=StoreFacts(exists=False))

    assert finding(reset, "clock").words() == ("The computer's clock says 2000-01-01 00:00: set the date and time "
                                               "电脑时钟显示2000-01-01 00:00：请设置正确的日期和时间")


def test_a_store_that_cannot_be_read_or_is_too_new_fails() -> None:
    unreadable = a_well_site(store=StoreFacts(exists=True, known_version=7, problem="database disk image is malformed"))
    newer = a_well_site(store=StoreFacts(exists=True, readable=True, schema_version=9, known_version=7))

    assert (finding(unreadable, "store").level, finding(unreadable, "store").detail) == (
        Level.FAIL, "database disk image is malformed")
    assert finding(newer, "store").code == "newer"
    assert overall(check_health(newer, LIMITS)) is Level.FAIL


def test_paper_running_out_is_mailed_once_while_it_lasts_and_again_when_it_comes_back() -> None:
    low_paper = check_health(a_well_site(printer=PrinterFacts(open_alerts=frozenset({"paper_near_end"}))), LIMITS)

    first = plan_mail(low_paper, frozenset())
    assert [f.key for f in first.send] == ["printer:paper_near_end"]
    again = plan_mail(low_paper, first.open_keys)
    assert again.send == ()
    changed = plan_mail(check_health(a_well_site(), LIMITS), again.open_keys)
    assert (changed.send, changed.open_keys) == ((), frozenset())
    assert [f.key for f in plan_mail(low_paper, changed.open_keys).send] == ["printer:paper_near_end"]


def test_only_the_troubles_worth_a_mail_are_mailed() -> None:
    """A low disk shows on the page and the monitor; mail is for paper, backups and a failing sync."""
    troubles = check_health(a_well_site(disk_free_bytes=10 * MIB, last_backup_at=None,
                                        sync=SyncFacts(last_good_at=NOW - timedelta(hours=2), last_error_at=NOW)),
                            LIMITS)

    assert sorted(f.key for f in plan_mail(troubles, frozenset()).send) == ["backup:none", "sync:failing"]


def test_the_mail_says_what_to_do_in_both_languages() -> None:
    troubles = [f for f in check_health(a_well_site(last_backup_at=NOW - timedelta(days=3),
                                                    printer=PrinterFacts(open_alerts=frozenset({"paper_out"}))),
                                        LIMITS) if f.level is not Level.OK]

    subject, body = alert_message(troubles, community="阳光花园", at=NOW)

    assert subject == "[阳光花园] The ticket printer is out of paper: load a new roll (+1) · 小票打印机缺纸：请换新纸卷"
    assert body.splitlines()[:6] == [
        "阳光花园 · 2026-11-27 09:30", "",
        "- The ticket printer is out of paper: load a new roll", "  小票打印机缺纸：请换新纸卷",
        "- The last backup is 3 days old: backups are failing or not running",
        "  最近的备份已是3天前：备份失败或没有运行",
    ]
