"""Paper running out, backups failing, a sync failing for long: the office hears of it by e-mail, once.

Every message goes to a real SMTP server the test starts on 127.0.0.1 (aiosmtpd).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from desk.health import Finding, HealthFacts, HealthLimits, PrinterFacts, StoreFacts, SyncFacts, check_health
from desk.store import Store
from lobbydesk.mailer import MAILED_STATE, AlertMailer, MailError, send_mail
from lobbydesk.settings import Settings, load_settings
from tests.lobbydesk.smtp_inbox import Inbox, smtp_server

NOW = datetime(2026, 11, 27, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def mail_settings(tmp_path: Path, inbox: Inbox, **more: Any) -> Settings:
    return load_settings(data_dir=tmp_path / "site", workbook="memory://", smtp_host=inbox.host, smtp_port=inbox.port,
                         smtp_security="none", smtp_from="lobbydesk@sunny.example",
                         smtp_to=["office@sunny.example", "manager@sunny.example"], **more)


def findings(*, paper: frozenset[str] = frozenset(), backup_hours: float = 5, **sync: datetime) -> list[Finding]:
    """What the checks say of a site with this paper, this old a backup and these sync times."""
    facts = HealthFacts(now=NOW, store=StoreFacts(exists=True, readable=True, schema_version=1, known_version=1),
                        sync=SyncFacts(last_good_at=sync.get("last_good_at", NOW), last_error_at=sync.get("error_at")),
                        printer=PrinterFacts(open_alerts=frozenset(paper)), disk_free_bytes=10**12,
                        last_backup_at=NOW - timedelta(hours=backup_hours))
    return check_health(facts, HealthLimits())


def test_a_message_reaches_every_recipient_with_its_subject_and_words(tmp_path: Path) -> None:
    with smtp_server() as inbox:
        send_mail(mail_settings(tmp_path, inbox), "[阳光花园] Paper 纸", "Change the roll 请换纸\n")

    [got] = inbox.received
    assert got.sender == "lobbydesk@sunny.example"
    assert got.recipients == ["office@sunny.example", "manager@sunny.example"]
    assert got.message["Subject"] == "[阳光花园] Paper 纸"
    assert got.message["To"] == "office@sunny.example, manager@sunny.example"
    assert got.body == "Change the roll 请换纸\n"


def test_the_password_comes_from_its_secret_file_and_a_wrong_one_is_said_plainly(tmp_path: Path) -> None:
    secret = tmp_path / "smtp-password"
    secret.write_text("right-password\n", encoding="utf-8")
    wrong = tmp_path / "wrong-password"
    wrong.write_text("guess", encoding="utf-8")
    with smtp_server(login=("lobbydesk", "right-password")) as inbox:
        send_mail(mail_settings(tmp_path, inbox, smtp_username="lobbydesk", smtp_password_file=secret), "Hi", "ok\n")
        with pytest.raises(MailError, match=r"refused or failed: 535"):
            send_mail(mail_settings(tmp_path, inbox, smtp_username="lobbydesk", smtp_password_file=wrong), "Hi", "x\n")

    assert [got.message["Subject"] for got in inbox.received] == ["Hi"]


def test_paper_near_end_is_mailed_once_and_again_only_after_it_was_fixed(tmp_path: Path, store: Store) -> None:
    with smtp_server() as inbox:
        mailer = AlertMailer(mail_settings(tmp_path, inbox), store, lambda: "阳光花园")

        low = findings(paper=frozenset({"paper_near_end"}))

        sent = mailer.mail_new(low, NOW)
        mailer.mail_new(low, NOW + timedelta(minutes=1))  # the next look: no mail
        mailer.mail_new(findings(), NOW + timedelta(minutes=30))  # a new roll
        mailer.mail_new(low, NOW + timedelta(hours=9))  # running out again

    assert [f.key for f in sent] == ["printer:paper_near_end"]
    assert [got.message["Subject"] for got in inbox.received] == [
        "[阳光花园] The ticket printer's paper is running out: change the roll soon · 小票打印机纸快用完了：请尽快换纸",
    ] * 2
    assert "- The ticket printer's paper is running out: change the roll soon" in inbox.received[0].body


def test_a_failing_backup_and_a_long_failing_sync_go_out_together(tmp_path: Path, store: Store) -> None:
    with smtp_server() as inbox:
        mailer = AlertMailer(mail_settings(tmp_path, inbox), store, lambda: "阳光花园")
        mailer.mail_new(findings(backup_hours=40, last_good_at=NOW - timedelta(hours=1), error_at=NOW), NOW)

    [got] = inbox.received
    assert got.message["Subject"].startswith(
        "[阳光花园] The workbook has not synced for 60 minutes: the sync keeps failing (+1)")
    assert "- The last backup is 40 hours old: backups are failing or not running" in got.body


def test_a_mail_server_that_refuses_is_tried_again_at_the_next_look(tmp_path: Path, store: Store) -> None:
    with smtp_server() as inbox:
        mailer = AlertMailer(mail_settings(tmp_path, inbox), store, lambda: "阳光花园")
        inbox.refuse = True
        with pytest.raises(MailError, match="451"):
            mailer.mail_new(findings(paper=frozenset({"paper_out"})), NOW)
        with store.transaction() as tx:
            assert MAILED_STATE not in tx.site_state(), "nothing is remembered as mailed"
        inbox.refuse = False
        mailer.mail_new(findings(paper=frozenset({"paper_out"})), NOW + timedelta(minutes=1))

    assert [got.message["Subject"] for got in inbox.received] == [
        "[阳光花园] The ticket printer is out of paper: load a new roll · 小票打印机缺纸：请换新纸卷"]


def test_what_was_mailed_survives_a_restart(tmp_path: Path, store: Store) -> None:
    """A second mailer on the same store (the server restarted) does not mail an open trouble again."""
    with smtp_server() as inbox:
        settings = mail_settings(tmp_path, inbox)
        AlertMailer(settings, store, lambda: "阳光花园").mail_new(findings(paper=frozenset({"paper_out"})), NOW)
        AlertMailer(settings, store, lambda: "阳光花园").mail_new(findings(paper=frozenset({"paper_out"})), NOW)

    assert len(inbox.received) == 1


def test_settings_refuse_a_mail_server_without_a_sender_or_recipients(tmp_path: Path) -> None:
    from lobbydesk.settings import SettingsError

    with pytest.raises(SettingsError, match="setting 'smtp_to'"):
        load_settings(data_dir=tmp_path, workbook="memory://", smtp_host="mail.example", smtp_from="a@example.cn")
    settings = load_settings(data_dir=tmp_path, workbook="memory://", smtp_host="mail.example",
                             smtp_from="a@example.cn", smtp_to="office@example.cn, manager@example.cn")
    assert settings.smtp_to == ["office@example.cn", "manager@example.cn"]
