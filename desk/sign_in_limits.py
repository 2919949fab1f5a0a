"""How many wrong tries a kiosk screen, the whole site, a staff browser or an address may make.

A unit's own lockout (desk/credentials.py) stops guessing one unit's PIN; these windows stop one
PIN being sprayed over every unit, and stand in for a lockout of staff accounts, which anyone in
the lobby could otherwise trigger to keep the manager out. Each window counts the wrong tries of
the last few minutes, and the tries still being hashed as wrong, so simultaneous tries cannot
slip past it. They are counted in the store (``sign_in_attempts``), in the same transaction that
takes the try: a restart does not wipe them, and a second process would see them too.

Who a full site window refuses. Any phone on the lobby's Wi-Fi can open the kiosk page, and a
script is a new browser at every request, so the site window is the only real bound on spraying;
but a window that refused every screen let anyone with a phone close sign-in for the whole
community, 20 wrong PINs every 10 minutes. So the site window refuses only screens reached over
the network, and the lobby's own touchscreen (:func:`is_lobby_screen`: the kiosk PC's Chromium,
which ``lobbydesk install`` points at the server over loopback) is kept apart: phones cannot fill
its windows, and it still counts towards theirs. Spraying from phones stays at 20 tries per 10
minutes; spraying at the touchscreen needs someone standing in the lobby, 8 tries per 10 minutes.
What phones can still close is one unit at a time, by its own lockout.

Weighed and not chosen: refusing only the screens that themselves made wrong tries in the window
(a script's fresh browser made none, so nothing would bound it any more); and hashing a refused
try and letting a right PIN through (the throttle would then be an oracle: "signed in" against
"throttled" is the answer it was meant to withhold). The lobby screen has a window of its own
besides its screen's: should the server ever mistake phones for it (a proxy on the kiosk PC that
hides where requests come from), they share that window and are bounded as before.
"""

from __future__ import annotations

import enum
import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from desk.credential_store import CredentialQueries


class Scope(enum.StrEnum):
    """Whose wrong tries a window counts."""

    BROWSER = "browser"  # one kiosk screen or one staff browser (its cookie)
    ADDRESS = "address"  # one network address (a cleared cookie keeps it)
    SITE = "site"  # every try of the kind at this site


@dataclass(frozen=True)
class Limit:
    """At most ``tries`` wrong tries per ``window`` in one scope."""

    scope: Scope
    tries: int
    window: timedelta


KIOSK_LIMITS = (
    # More than one owner's five tries, so a unit locked by its own owner does not also close the
    # screen to the next owner; few enough that one screen cannot spend the whole site's allowance.
    Limit(Scope.BROWSER, 8, timedelta(minutes=10)),
    # The real bound on spraying one PIN over all units (any phone can open the kiosk page, so
    # screens are cheap): 20 per 10 minutes is ~2,900 guesses a day, about one unit a year found
    # with 6-digit PINs, while a busy lobby's honest slips stay well below it. It counts the lobby
    # screen's wrong tries too, but never refuses that screen (LOBBY_SCREEN_LIMITS).
    Limit(Scope.SITE, 20, timedelta(minutes=10)),
)

LOBBY_SCREEN_LIMITS = (
    # The same screen window as any kiosk screen: someone at the touchscreen sprays 8 per 10 minutes.
    Limit(Scope.BROWSER, 8, timedelta(minutes=10)),
    # The lobby's own site window, over every try from the kiosk PC's address. A touchscreen never
    # reaches it alone; it is there for phones the server mistook for the lobby screen.
    Limit(Scope.ADDRESS, 20, timedelta(minutes=10)),
)

STAFF_LIMITS = (
    # The old account lockout (5 per 15 minutes), but for the browser that made the mistakes only.
    Limit(Scope.BROWSER, 5, timedelta(minutes=15)),
    # A cleared cookie is a new browser; the address still counts. Higher, as the office PCs may
    # share one address behind a router.
    Limit(Scope.ADDRESS, 20, timedelta(minutes=15)),
)

# No window looks further back than this, so older tries can be forgotten.
LONGEST_WINDOW = max(limit.window for limit in (*KIOSK_LIMITS, *LOBBY_SCREEN_LIMITS, *STAFF_LIMITS))

# A request carrying one of these came through a proxy: its loopback address is the proxy's, not a screen's.
FORWARDING_HEADERS = frozenset({"forwarded", "x-forwarded-for", "x-real-ip"})


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def is_lobby_screen(client_address: str, header_names: Iterable[str], lobby_screens: Iterable[Network] = ()) -> bool:
    """Whether a kiosk page was opened on a lobby touchscreen: the kiosk PC itself, or an address staff named.

    Phones and other PCs reach the server over the network; the touchscreen's Chromium opens
    ``http://127.0.0.1:8080/`` (``lobbydesk install``'s ``--kiosk-url``). A second touchscreen on its own
    PC is one only at an address in ``lobby_screens`` (the ``lobby_screens`` setting); any other kiosk
    is counted as any other screen: safe, only not spared. Nothing that came through a proxy is one.
    A phone that takes a named address shares that screen's own windows, and is bounded as before.
    """
    try:
        address = ipaddress.ip_address(client_address)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    named = address.is_loopback or any(address in network for network in lobby_screens)
    return named and not FORWARDING_HEADERS.intersection(name.lower() for name in header_names)


def kiosk_limits(*, lobby_screen: bool, browser: str, address: str) -> tuple[Limit, ...]:
    """The windows a kiosk try is refused by: the lobby screen's, or every other screen's.

    A lobby screen whose browser id or address is unknown could not be counted by its own windows,
    so it gets the others'.
    """
    return LOBBY_SCREEN_LIMITS if lobby_screen and browser and address else KIOSK_LIMITS


def throttled_until(
    tx: CredentialQueries, kind: str, limits: tuple[Limit, ...], *, browser: str, address: str, now: datetime
) -> datetime | None:
    """Until when a new try is refused because a window is full, or None when every window has room.

    A scope whose key is unknown (no browser id, no address) is not counted.
    """
    until: datetime | None = None
    for limit in limits:
        if (limit.scope is Scope.BROWSER and not browser) or (limit.scope is Scope.ADDRESS and not address):
            continue
        times = tx.failed_sign_in_times(
            kind, since=now - limit.window,
            browser=browser if limit.scope is Scope.BROWSER else "",
            address=address if limit.scope is Scope.ADDRESS else "",
        )
        if len(times) >= limit.tries:
            # The window has room again once its limit-th newest wrong try is older than the window.
            frees_at = datetime.fromtimestamp(times[limit.tries - 1], now.tzinfo) + limit.window
            until = frees_at if until is None else max(until, frees_at)
    return until
