"""``python -m lobbydesk``: the same as the ``lobbydesk`` command."""

import sys

from lobbydesk.cli import main

sys.exit(main())
