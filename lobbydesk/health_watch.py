"""The server's watch over its own health: every minute, the findings; new troubles go out by e-mail.

Runs only when the site has a mail server (``smtp_host``). Gathering and sending block, so both run
off the event loop; a mail server that is down is logged and tried again at the next look.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress

from nicegui import run

from desk.health import HealthLimits, check_health
from lobbydesk.health_facts import CachedFacts
from lobbydesk.mailer import AlertMailer, MailError

log = logging.getLogger(__name__)

WATCH_SECONDS = 60.0


class HealthWatch:
    """Looks at the site's health every ``seconds`` and mails what is newly wrong."""

    def __init__(self, facts: CachedFacts, limits: HealthLimits, mailer: AlertMailer,
                 seconds: float = WATCH_SECONDS) -> None:
        self.facts = facts
        self.limits = limits
        self.mailer = mailer
        self.seconds = seconds
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def start(self) -> None:
        """Start looking, on the running event loop."""
        self._task = asyncio.create_task(self._watch(), name="lobbydesk-health-watch")

    async def stop(self) -> None:
        """Stop looking and wait for the loop to end."""
        if self._task is not None:
            # NiceGUI's run.io_bound swallows a cancel that lands during its call and answers None, so the
            # loop also looks at this flag: without it, it slept on and stop() waited for ever.
            self._stopping = True
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def look_once(self) -> None:
        """Gather the facts, check them, and mail what is new; a mail failure is logged, not raised."""
        facts = await run.io_bound(self.facts.get)
        if facts is None:  # the app is stopping
            return
        findings = check_health(facts, self.limits)
        try:
            await run.io_bound(self.mailer.mail_new, findings, facts.now)
        except MailError as error:
            log.warning("an e-mail alert could not be sent (tried again in %.0f s): %s", self.seconds, error)

    async def _watch(self) -> None:
        while not self._stopping:
            try:
                await self.look_once()
            except Exception:  # the watch must outlive one bad look (a store locked for long, a full disk)
                log.exception("the health watch's look failed; it looks again in %.0f s", self.seconds)
            if not self._stopping:
                await asyncio.sleep(self.seconds)
