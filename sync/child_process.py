"""What a child process lobbydesk starts does first: end as soon as the process that started it is gone."""

from __future__ import annotations

import multiprocessing
import os
import threading
from multiprocessing.connection import wait


def follow_the_parent(name: str) -> None:
    """In a child process: end it at once when its parent ends, even killed with SIGKILL.

    A pool worker waits on its queue forever, a read helper parses on, and the resource tracker lives
    as long as a worker holds its pipe: without this they outlive a killed server. Both the sync and the
    read are crash-safe, so ending at once, in the middle of anything, loses nothing.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name=name, daemon=True).start()
