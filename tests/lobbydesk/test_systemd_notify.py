"""systemd hears from the server: READY when it starts, a beat while its event loop runs, STOPPING at the end."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from lobbydesk.systemd_notify import Heartbeat, heartbeat_seconds, notify


class FakeSystemd:
    """The receiving end of $NOTIFY_SOCKET: a real unix datagram socket, as systemd binds it."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(address.replace("@", "\0", 1) if address.startswith("@") else address)
        self.sock.settimeout(2.0)

    def next_message(self) -> str:
        return self.sock.recv(4096).decode()

    def messages_waiting(self) -> list[str]:
        messages = []
        self.sock.settimeout(0.05)
        try:
            while True:
                messages.append(self.sock.recv(4096).decode())
        except TimeoutError:
            return messages
        finally:
            self.sock.settimeout(2.0)


@pytest.fixture
def systemd() -> Iterator[FakeSystemd]:
    # A short folder of its own: a unix socket's path may not exceed 107 bytes, and pytest's tmp paths can.
    with tempfile.TemporaryDirectory(prefix="ld-notify-", dir="/tmp") as folder:
        fake = FakeSystemd(str(Path(folder) / "notify"))
        yield fake
        fake.sock.close()


def test_a_message_reaches_the_socket_systemd_named(systemd: FakeSystemd) -> None:
    assert notify("READY=1", {"NOTIFY_SOCKET": systemd.address})
    assert systemd.next_message() == "READY=1"


def test_an_abstract_socket_address_works_too() -> None:
    fake = FakeSystemd(f"@lobbydesk-test-{os.getpid()}")
    try:
        assert notify("WATCHDOG=1", {"NOTIFY_SOCKET": fake.address})
        assert fake.next_message() == "WATCHDOG=1"
    finally:
        fake.sock.close()


def test_outside_systemd_nothing_is_sent_and_nothing_breaks(tmp_path: Path) -> None:
    assert not notify("READY=1", {})
    assert not notify("READY=1", {"NOTIFY_SOCKET": "vsock:2:1234"})
    assert not notify("READY=1", {"NOTIFY_SOCKET": str(tmp_path / "gone")})  # systemd went away: a warning only


async def test_a_lost_socket_is_reported_once_not_at_every_beat(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    heartbeat = Heartbeat({"NOTIFY_SOCKET": str(tmp_path / "gone"), "WATCHDOG_USEC": "30000"})  # every 10 ms

    heartbeat.start()
    await asyncio.sleep(0.1)
    await heartbeat.stop()

    alive = [record for record in caplog.records if "alive" in record.getMessage()]
    assert len(alive) == 1


def test_the_beat_comes_three_times_per_watchdog_period_and_only_for_this_process() -> None:
    assert heartbeat_seconds({"WATCHDOG_USEC": "60000000"}) == 20.0
    assert heartbeat_seconds({"WATCHDOG_USEC": "60000000", "WATCHDOG_PID": str(os.getpid())}) == 20.0
    assert heartbeat_seconds({"WATCHDOG_USEC": "60000000", "WATCHDOG_PID": "1"}) is None
    assert heartbeat_seconds({}) is None
    assert heartbeat_seconds({"WATCHDOG_USEC": "soon"}) is None
    assert heartbeat_seconds({"WATCHDOG_USEC": "0"}) is None


async def test_the_server_says_ready_beats_while_it_runs_and_says_when_it_stops(systemd: FakeSystemd) -> None:
    heartbeat = Heartbeat({"NOTIFY_SOCKET": systemd.address, "WATCHDOG_USEC": "60000"})  # a beat every 20 ms

    heartbeat.start()
    await asyncio.sleep(0.1)
    await heartbeat.stop()

    messages = systemd.messages_waiting()
    assert messages[0] == "READY=1\nSTATUS=serving"
    assert messages[-1] == "STOPPING=1"
    assert messages[1:-1].count("WATCHDOG=1") >= 3, messages
    assert set(messages[1:-1]) == {"WATCHDOG=1"}


async def test_without_a_watchdog_the_server_only_says_ready_and_stopping(systemd: FakeSystemd) -> None:
    heartbeat = Heartbeat({"NOTIFY_SOCKET": systemd.address})

    heartbeat.start()
    await asyncio.sleep(0.05)
    await heartbeat.stop()

    assert systemd.messages_waiting() == ["READY=1\nSTATUS=serving", "STOPPING=1"]


def test_the_site_server_tells_systemd_it_is_serving_beats_and_says_when_it_stops(
    systemd: FakeSystemd, tmp_path: Path
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Without PYTEST_CURRENT_TEST: NiceGUI would take the server for a screen test and change its port.
    environment = {key: value for key, value in os.environ.items() if key != "PYTEST_CURRENT_TEST"}
    environment |= {"NOTIFY_SOCKET": systemd.address, "WATCHDOG_USEC": "1500000"}  # a beat each 0.5 s
    server = subprocess.Popen(
        [sys.executable, "-m", "lobbydesk", "run", "--data", str(tmp_path), "--port", str(port)],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        systemd.sock.settimeout(60)  # the server's start-up, on a busy machine
        assert systemd.next_message() == "READY=1\nSTATUS=serving"
        systemd.sock.settimeout(5)
        assert [systemd.next_message(), systemd.next_message()] == ["WATCHDOG=1", "WATCHDOG=1"]
    finally:
        server.send_signal(signal.SIGTERM)  # what systemctl stop sends
        try:
            _, errors = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
    assert systemd.messages_waiting()[-1:] == ["STOPPING=1"], errors.decode()[-2000:]
