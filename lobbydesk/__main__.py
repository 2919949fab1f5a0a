"""``python -m lobbydesk``: the same as the ``lobbydesk`` command."""

import sys

from lobbydesk.cli import main

if __name__ == "__main__":  # the sync child process imports this module again; it must not start a server
    sys.exit(main())
