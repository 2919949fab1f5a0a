"""The running server watches itself: with a mail server set, the office is mailed what is newly wrong."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from nicegui.testing.user import User

from lobbydesk.health_watch import HealthWatch
from lobbydesk.settings import Settings, load_settings
from tests.lobbydesk.smtp_inbox import Inbox, smtp_server


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with smtp_server() as inbox:
        yield inbox


@pytest.fixture
def site_settings(tmp_path: Path, inbox: Inbox) -> Settings:
    """The usual test site, with e-mail alerts to the office through the test's SMTP server."""
    return load_settings(data_dir=tmp_path / "site", site_code="SUNNY", community_name="阳光花园 Sunny Garden",
                         workbook="memory://", printer=f"file://{tmp_path / 'site' / 'printer.bin'}",
                         sync_interval=0.2, smtp_host=inbox.host, smtp_port=inbox.port, smtp_security="none",
                         smtp_from="lobbydesk@sunny.example", smtp_to=["office@sunny.example"])


async def test_a_site_without_any_backup_mails_the_office_once_it_starts(
    new_browser: Callable[[], User], inbox: Inbox
) -> None:
    new_browser()  # the server is up
    for _ in range(100):
        if inbox.received:
            break
        await asyncio.sleep(0.05)

    [got] = inbox.received
    assert got.recipients == ["office@sunny.example"]
    assert got.message["Subject"] == "[阳光花园 Sunny Garden] No backup has been made yet · 还没有任何备份"


class SwallowingWatch(HealthWatch):
    """A watch whose look swallows a cancel and answers as if nothing happened, as NiceGUI's run.io_bound does."""

    def __init__(self) -> None:
        super().__init__(facts=None, limits=None, mailer=None, seconds=60)  # type: ignore[arg-type]
        self.looks = 0

    async def look_once(self) -> None:
        self.looks += 1
        with suppress(asyncio.CancelledError):
            await asyncio.sleep(10)


async def test_stopping_the_watch_in_the_middle_of_a_look_ends_it_at_once() -> None:
    watch = SwallowingWatch()
    watch.start()
    await asyncio.sleep(0.05)  # the watch is inside its first look

    started = asyncio.get_running_loop().time()
    await asyncio.wait_for(watch.stop(), timeout=3)  # (stop swallows the timeout's cancel too: timed below)

    assert asyncio.get_running_loop().time() - started < 1  # not the 60 s sleep, and not for ever
    assert watch.looks == 1
