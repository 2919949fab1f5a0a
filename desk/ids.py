"""Record IDs: unique across sites, short enough to read off a ticket."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

# Crockford's base32 without I, L, O, U: nothing on paper reads as another character.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SITE_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
# The characters after the kind: 5 bits each, from one draw of the system's random source.
RANDOM_LENGTH = 6

RandomBits = Callable[[int], int]


class IdFactory:
    """Makes IDs like ``SUNNY-T7K3M9P``: site code, record kind (a letter or two), six random characters.

    The site code keeps IDs unique across sites sharing one spreadsheet; the random part keeps
    them unguessable, because a ticket's status page is reached by its ID alone.
    """

    def __init__(self, site_code: str, random_bits: RandomBits = secrets.randbits) -> None:
        if not SITE_CODE.match(site_code):
            raise ValueError(f"site code {site_code!r} must be 2-8 capital letters or digits, starting with a letter")
        self.site_code = site_code
        self._random_bits = random_bits

    def new(self, kind: str) -> str:
        """A fresh ID for a record of the given kind (random: see ``Transaction.new_id`` for unused)."""
        bits = self._random_bits(5 * RANDOM_LENGTH)
        shifts = range(5 * (RANDOM_LENGTH - 1), -1, -5)  # the most significant bits first
        return f"{self.site_code}-{kind}" + "".join(ALPHABET[(bits >> shift) & 31] for shift in shifts)


class SequentialIds(IdFactory):
    """Predictable IDs for tests and demos: ``SITE-T000001``, ``SITE-T000002`` …"""

    def __init__(self, site_code: str) -> None:
        super().__init__(site_code)
        self._counter = 0

    def new(self, kind: str) -> str:
        """The next ID in sequence."""
        self._counter += 1
        return f"{self.site_code}-{kind}{self._counter:0{RANDOM_LENGTH}d}"


def is_id_of(record_id: str, site_code: str, kind: str) -> bool:
    """Whether ``record_id`` has the form of an ID ``site_code`` gives records of ``kind``.

    The kind is read from the whole ID, not its first letters: kinds are one letter or two, so a
    repair's ``SUNNY-RD4K7M9`` (R, then a random part that starts with D) begins as a round's
    ``SUNNY-RD4K7M9P`` (RD) does, and only the random part's fixed length tells them apart.
    """
    prefix = f"{site_code}-{kind}"
    random_part = record_id[len(prefix):]
    return (record_id.startswith(prefix) and len(random_part) == RANDOM_LENGTH
            and all(character in ALPHABET for character in random_part))
