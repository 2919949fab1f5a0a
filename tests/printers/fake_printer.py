"""A fake network ticket printer on 127.0.0.1: keeps what each connection sent and answers ``DLE EOT``.

It behaves like the printers property offices buy, in the ways lobbydesk cares about, and can be
switched between them while a test runs:

* ``ONLINE``: answers status "online" and takes jobs;
* ``PAPER_NEAR_END``: online, but the roll sensor says the paper is running out;
* ``PAPER_OUT`` and ``COVER_OPEN``: offline for that cause (it still reads what it is sent);
* ``SILENT``: takes jobs but never answers a status query (older or cheaper printers);
* ``SLOW``: answers, but reads a few hundred bytes at a time with pauses in between;
* ``REFUSED``: nothing listens on its port: every connection is refused.

Like a real printer it answers status queries wherever they appear in the data, and it closes
its side of a connection when the other side has finished sending.
"""

from __future__ import annotations

import contextlib
import enum
import re
import socket
import threading
import time

DLE_EOT = b"\x10\x04"
_STATUS_QUERIES_ONLY = re.compile(rb"(?:\x10\x04[\x01-\x04])*")


class Mode(enum.Enum):
    """How the fake printer behaves."""

    ONLINE = "online"
    PAPER_NEAR_END = "paper near end"
    PAPER_OUT = "paper out"
    COVER_OPEN = "cover open"
    SILENT = "silent"
    SLOW = "slow"
    REFUSED = "refused"


# The answer bytes to DLE EOT 1 (printer), 2 (offline cause) and 4 (roll paper sensor), as an
# Epson TM printer sends them: bits 1 and 4 always set; offline 0x08; cover 0x04, paper-end stop
# 0x20; near end 0x0C, paper out 0x60 (with near end, since that sensor trips first).
_ANSWERS: dict[Mode, dict[int, int]] = {
    Mode.ONLINE: {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    Mode.SLOW: {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    Mode.PAPER_NEAR_END: {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E},
    Mode.PAPER_OUT: {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E},
    Mode.COVER_OPEN: {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12},
}

# Small receive buffers make a slow reader push back on the sender quickly, as a printer does.
_RECEIVE_BUFFER = 4096
SLOW_READ_BYTES = 256
SLOW_PAUSE_SECONDS = 0.05


class FakeNetworkPrinter:
    """The fake printer; ``close()`` it after use (the ``fake_printer`` fixture does)."""

    def __init__(self, mode: Mode = Mode.ONLINE) -> None:
        self._mode = mode
        self._lock = threading.Condition()
        self._stopping = threading.Event()
        self._server: socket.socket | None = self._listen(0)
        self.port: int = self._server.getsockname()[1]
        # switch_to() bumps the wanted generation; the serving thread reports the one it has applied.
        self._wanted_generation = 0
        self._applied_generation = 0
        self.received: list[bytes] = []
        self.status_queries = 0
        self._handlers: list[threading.Thread] = []
        if mode is Mode.REFUSED:
            self._server.close()
            self._server = None
        self._thread = threading.Thread(target=self._serve, name="fake-printer", daemon=True)
        self._thread.start()

    def url(self, timeout: float = 0.5) -> str:
        """The printer URL lobbydesk is configured with, with a short timeout for tests."""
        return f"network://127.0.0.1:{self.port}?timeout={timeout}"

    @property
    def mode(self) -> Mode:
        """How it behaves now."""
        return self._mode

    def switch_to(self, mode: Mode) -> None:
        """Behave differently from now on; returns once the port listens (or refuses) accordingly."""
        with self._lock:
            self._mode = mode
            self._wanted_generation += 1
            wanted = self._wanted_generation
            if not self._lock.wait_for(lambda: self._applied_generation >= wanted, timeout=2):
                raise RuntimeError(f"the fake printer did not switch to {mode}")

    @property
    def jobs(self) -> list[bytes]:
        """What each connection that carried more than status queries sent, in order."""
        with self._lock:
            return [data for data in self.received if not _STATUS_QUERIES_ONLY.fullmatch(data)]

    def close(self) -> None:
        """Stop listening and serving; wait for the threads."""
        self._stopping.set()
        self._thread.join(timeout=5)
        for handler in self._handlers:
            handler.join(timeout=5)

    def _listen(self, port: int) -> socket.socket:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, _RECEIVE_BUFFER)  # accepted sockets inherit it
        server.bind(("127.0.0.1", port))
        server.listen(8)
        # accept() wakes up now and then to notice a switch or close(); closing alone does not interrupt it.
        server.settimeout(0.02)
        return server

    def _serve(self) -> None:
        """Accept connections; open or close the listening socket when the mode asks (only here)."""
        while not self._stopping.is_set():
            with self._lock:
                refusing = self._mode is Mode.REFUSED
                generation = self._wanted_generation
            if refusing and self._server is not None:
                self._server.close()
                self._server = None
            elif not refusing and self._server is None:
                self._server = self._listen(self.port)
            with self._lock:
                self._applied_generation = generation
                self._lock.notify_all()
            if self._server is None:
                time.sleep(0.02)
                continue
            try:
                connection, _ = self._server.accept()
            except TimeoutError:
                continue
            handler = threading.Thread(target=self._handle, args=(connection,), daemon=True)
            self._handlers.append(handler)
            handler.start()
        if self._server is not None:
            self._server.close()

    def _handle(self, connection: socket.socket) -> None:
        """Read one connection to its end, answering status queries as they come."""
        data = bytearray()
        answered_up_to = 0
        with connection:
            connection.settimeout(0.05)
            while not self._stopping.is_set():
                slow = self._mode is Mode.SLOW
                try:
                    chunk = connection.recv(SLOW_READ_BYTES if slow else 65536)
                except TimeoutError:
                    continue
                except OSError:
                    break  # the other side reset the connection
                if not chunk:
                    break
                data += chunk
                answered_up_to = self._answer_queries(connection, data, answered_up_to)
                if slow:
                    time.sleep(SLOW_PAUSE_SECONDS)
            # Filed before closing, as a printer has the job before it hangs up: the sender waits
            # for the close, so a job reported sent is already in ``received``.
            with self._lock:
                self.received.append(bytes(data))

    def _answer_queries(self, connection: socket.socket, data: bytearray, start: int) -> int:
        """Answer each complete ``DLE EOT n`` from ``start`` on; returns where the next search starts."""
        while True:
            found = data.find(DLE_EOT, start)
            if found == -1:
                # A DLE at the very end may be the start of a query still on its way.
                return max(start, len(data) - 1)
            if found + 2 >= len(data):
                return found
            question = data[found + 2]
            start = found + 3
            with self._lock:
                answer = _ANSWERS.get(self._mode, {}).get(question)
                self.status_queries += 1
            if answer is not None:
                # The asker may have gone already: a real printer would not care either.
                with contextlib.suppress(OSError):
                    connection.sendall(bytes([answer]))
