"""Load on one site server: 20 kiosk screens, 5 staff consoles and 2 lobby displays for a minute.

Run: ``uv run python bench/kiosk_load/run.py [SECONDS] [--sync-in-thread]``. Every screen is a NiceGUI simulated
browser on the real app in this process (the same pages, timers, store, print worker and sync loop
as ``lobbydesk run``, with an .xlsx workbook and a file printer), so the figures are the server's
own work per tap, without network time. A tap is timed from the click until the screen it leads
to is built. Targets on a 2-core machine: p95 under 50 ms, peak memory under 250 MB.
"""

from __future__ import annotations

import asyncio
import sys

if __name__ == "__main__":
    # The sync child is spawned, and a spawned child imports this file again: the load (NiceGUI,
    # the simulated browsers) lives in load.py, so the child loads only what it does under
    # ``lobbydesk run`` and its memory is measured as it is there.
    from load import main

    numbers = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    asyncio.run(main(float(numbers[0]) if numbers else 60.0, sync_process="--sync-in-thread" not in sys.argv))
