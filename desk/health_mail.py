"""Which health findings go out by e-mail, once each, and what the message says (pure).

A finding is mailed when it first appears: paper running out or gone, backups failing, the sync
failing or stalled for longer than its limit. Its key (``printer:paper_near_end``) is then kept as
"open" until the finding goes away, so the same trouble is not mailed again every minute; when it
comes back later, it is mailed again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from desk.health import Finding

MAILED_KEYS = frozenset({
    "printer:paper_near_end", "printer:paper_out",
    "backup:stale", "backup:none",
    "sync:failing", "sync:stalled",
})


@dataclass(frozen=True)
class MailPlan:
    """What to send now, and the keys to remember as open once it went out."""

    send: tuple[Finding, ...]
    open_keys: frozenset[str]


def plan_mail(findings: Iterable[Finding], already_open: frozenset[str]) -> MailPlan:
    """The mailable findings not mailed while open; the open keys are today's (gone ones are forgotten)."""
    mailable = [finding for finding in findings if finding.key in MAILED_KEYS]
    return MailPlan(
        send=tuple(finding for finding in mailable if finding.key not in already_open),
        open_keys=frozenset(finding.key for finding in mailable),
    )


def alert_message(findings: Iterable[Finding], *, community: str, at: datetime) -> tuple[str, str]:
    """The subject and plain-text body of one e-mail telling the office what needs doing."""
    chosen = list(findings)
    first = chosen[0]
    more = f" (+{len(chosen) - 1})" if len(chosen) > 1 else ""
    subject = f"[{community}] {first.en}{more} · {first.zh}"
    lines = [f"{community} · {at:%Y-%m-%d %H:%M}", ""]
    for finding in chosen:
        lines += [f"- {finding.en}", f"  {finding.zh}"]
        if finding.detail:
            lines.append(f"  ({finding.detail})")
    lines += ["", "The staff console's Operations page shows how the site is doing. 运行状况页可查看详情。",
              "-- lobbydesk"]
    return subject, "\n".join(lines) + "\n"
