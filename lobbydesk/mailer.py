"""E-mail alerts: a plain-text message to the office over SMTP, once per new trouble.

What to send is decided by :func:`desk.health_mail.plan_mail` (pure); this module sends it with
``smtplib`` and remembers, in the store's site state, which troubles were mailed and are still open,
so a restart does not mail them again. Sending blocks: the health watch runs it off the event loop.
"""

from __future__ import annotations

import json
import logging
import smtplib
import ssl
from collections.abc import Callable, Sequence
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from desk.health import Finding
from desk.health_mail import alert_message, plan_mail
from desk.store import Store
from lobbydesk.settings import Settings

log = logging.getLogger(__name__)

MAILED_STATE = "health.mailed_open"  # site-state key: JSON list of the finding keys mailed and still open
SMTP_TIMEOUT = 20.0


class MailError(Exception):
    """The message could not be handed to the mail server; the words say why."""


def smtp_password(settings: Settings) -> str:
    """The SMTP password: from its file when one is named, else the setting (best given by environment)."""
    if settings.smtp_password_file is not None:
        try:
            return settings.smtp_password_file.read_text(encoding="utf-8").strip()
        except OSError as error:
            raise MailError(f"the SMTP password file {settings.smtp_password_file} cannot be read: "
                            f"{error.strerror or error}") from None
    return settings.smtp_password


def build_message(settings: Settings, subject: str, body: str) -> EmailMessage:
    """A plain-text UTF-8 message from the site's sender to its recipients."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.smtp_from
    message["To"] = ", ".join(settings.smtp_to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=settings.smtp_from.rpartition("@")[2] or None)
    message.set_content(body)
    return message


def send_mail(settings: Settings, subject: str, body: str) -> None:
    """Hand one message to the configured SMTP server; raises MailError when it cannot be sent."""
    if not settings.smtp_host:
        raise MailError("no mail server is set (smtp_host)")
    message = build_message(settings, subject, body)
    password = smtp_password(settings)
    try:
        with _connect(settings) as smtp:
            if settings.smtp_username:
                smtp.login(settings.smtp_username, password)
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as error:
        raise MailError(f"the mail server {settings.smtp_host}:{settings.smtp_port} refused or failed: "
                        f"{_said(error)}") from None


def check_mail_server(settings: Settings) -> None:
    """Connect, secure and log in as a send would, without sending; raises MailError when that fails."""
    password = smtp_password(settings)
    try:
        with _connect(settings) as smtp:
            if settings.smtp_username:
                smtp.login(settings.smtp_username, password)
    except (smtplib.SMTPException, OSError) as error:
        raise MailError(f"the mail server {settings.smtp_host}:{settings.smtp_port}: {_said(error)}") from None


def _connect(settings: Settings) -> smtplib.SMTP:
    if settings.smtp_security == "ssl":
        return smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT,
                                context=ssl.create_default_context())
    smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT)
    try:
        if settings.smtp_security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
    except BaseException:
        smtp.close()
        raise
    return smtp


def _said(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        said = error.smtp_error
        return f"{error.smtp_code} {said.decode('utf-8', 'replace') if isinstance(said, bytes) else said}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "every recipient was refused: " + ", ".join(error.recipients)
    return str(error) or type(error).__name__


class AlertMailer:
    """Mails each new trouble once while it lasts, and remembers what it mailed in the store."""

    def __init__(self, settings: Settings, store: Store, community_name: Callable[[], str],
                 send: Callable[[str, str], None] | None = None) -> None:
        self.settings = settings
        self.store = store
        self.community_name = community_name
        self.send = send or (lambda subject, body: send_mail(settings, subject, body))

    def mail_new(self, findings: Sequence[Finding], now: datetime) -> tuple[Finding, ...]:
        """Send one message with the troubles not mailed yet; what was sent. Blocks; raises MailError.

        When sending fails nothing is remembered, so the next look tries again.
        """
        with self.store.transaction() as tx:
            remembered = tx.site_state().get(MAILED_STATE, "[]")
        already = frozenset(_keys(remembered))
        plan = plan_mail(findings, already)
        if plan.send:
            subject, body = alert_message(plan.send, community=self.community_name(), at=now)
            self.send(subject, body)
            log.warning("e-mailed %s: %s", ", ".join(self.settings.smtp_to), subject)
        if plan.open_keys != already:
            with self.store.transaction() as tx:
                tx.set_site_state({MAILED_STATE: json.dumps(sorted(plan.open_keys))})
        return plan.send


def _keys(remembered: str) -> list[str]:
    try:
        keys = json.loads(remembered)
    except ValueError:
        return []  # written by another version: at worst an open trouble is mailed once more
    return [key for key in keys if isinstance(key, str)] if isinstance(keys, list) else []
