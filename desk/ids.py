"""Record IDs: unique across sites, short enough to read off a ticket."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

# Crockford's base32 without I, L, O, U: nothing on paper reads as another character.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SITE_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")

# Six characters of 5 bits each, from one draw of the system's random source.
RandomBits = Callable[[int], int]


class IdFactory:
    """Makes IDs like ``SUNNY-T7K3M9P``: site code, record kind letter, six random characters.

    The site code keeps IDs unique across sites sharing one spreadsheet; the random part keeps
    them unguessable, because a ticket's status page is reached by its ID alone.
    """

    def __init__(self, site_code: str, random_bits: RandomBits = secrets.randbits) -> None:
        if not SITE_CODE.match(site_code):
            raise ValueError(f"site code {site_code!r} must be 2-8 capital letters or digits, starting with a letter")
        self.site_code = site_code
        self._random_bits = random_bits

    def new(self, kind: str) -> str:
        """A fresh ID for a record of the given kind letter (random: see ``Transaction.new_id`` for unused)."""
        bits = self._random_bits(30)
        return f"{self.site_code}-{kind}" + "".join(ALPHABET[(bits >> shift) & 31] for shift in range(25, -1, -5))


class SequentialIds(IdFactory):
    """Predictable IDs for tests and demos: ``SITE-T000001``, ``SITE-T000002`` …"""

    def __init__(self, site_code: str) -> None:
        super().__init__(site_code)
        self._counter = 0

    def new(self, kind: str) -> str:
        """The next ID in sequence."""
        self._counter += 1
        return f"{self.site_code}-{kind}{self._counter:06d}"
