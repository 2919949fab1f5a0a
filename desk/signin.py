"""Owners signing in at the kiosk: a unit chosen by touch, then its PIN."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from desk.credentials import Credentials, Outcome
from desk.sign_in_limits import Network, is_lobby_screen
from desk.units import UnitDirectory, masked_name


@dataclass(frozen=True)
class OwnerSession:
    """Who is signed in at a screen: the unit and how the lobby may name them."""

    unit_id: str
    unit_label: str
    masked_name: str
    language: str


@dataclass(frozen=True)
class SignInResult:
    """A session, or why there is none (``unknown-unit``, ``not-set``, ``wrong``, ``locked``, ``throttled``).

    ``not-set`` is for the desk's own eyes: an owner at the kiosk is told the same as for ``wrong``.
    ``locked_until`` is when the unit's lockout, or the screen's or the site's throttle, ends.
    """

    session: OwnerSession | None
    problem: str = ""
    tries_left: int = 0
    locked_until: datetime | None = None


class SignIn:
    """Checks a unit's PIN and opens an owner session."""

    def __init__(self, units: UnitDirectory, credentials: Credentials, lobby_screens: Sequence[Network] = ()) -> None:
        self.units = units
        self.credentials = credentials
        self.lobby_screens = tuple(lobby_screens)  # besides the kiosk PC's own: other touchscreens' addresses

    def is_lobby_screen(self, address: str, header_names: Iterable[str]) -> bool:
        """Whether a page from this address (with these request headers) is one of the lobby's touchscreens."""
        return is_lobby_screen(address, header_names, self.lobby_screens)

    def sign_in(
        self, building: str, room: str, pin: str, *, screen: str = "", address: str = "", lobby_screen: bool = False
    ) -> SignInResult:
        """Sign in to a unit with its PIN at a kiosk screen; five wrong PINs lock the unit for 15 minutes.

        ``screen`` and ``address`` are the screen's browser id and network address; ``lobby_screen``
        says it is the kiosk PC's own touchscreen, which phones spraying PINs cannot close.
        """
        unit = self.units.find(building, room)
        if unit is None:
            return SignInResult(None, "unknown-unit")
        checked = self.credentials.check_pin(unit.id, pin, screen=screen, address=address, lobby_screen=lobby_screen)
        if checked.outcome is not Outcome.OK:
            return SignInResult(None, checked.outcome.value, checked.tries_left, checked.locked_until)
        residents = self.units.residents(unit.id)
        name = residents[0].name if residents else unit.owner_of_record
        language = residents[0].language if residents else ""
        return SignInResult(OwnerSession(unit.id, unit.label, masked_name(name), language))
