"""How many wrong tries a kiosk screen, the whole site, a staff browser or an address may make.

A unit's own lockout (desk/credentials.py) stops guessing one unit's PIN; these windows stop one
PIN being sprayed over every unit, and stand in for a lockout of staff accounts, which anyone in
the lobby could otherwise trigger to keep the manager out. Each window counts the wrong tries of
the last few minutes, and the tries still being hashed as wrong, so simultaneous tries cannot
slip past it. They are counted in the store (``sign_in_attempts``), in the same transaction that
takes the try: a restart does not wipe them, and a second process would see them too.
"""

from __future__ import annotations

import enum
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
    # with 6-digit PINs, while a busy lobby's honest slips stay well below it.
    Limit(Scope.SITE, 20, timedelta(minutes=10)),
)

STAFF_LIMITS = (
    # The old account lockout (5 per 15 minutes), but for the browser that made the mistakes only.
    Limit(Scope.BROWSER, 5, timedelta(minutes=15)),
    # A cleared cookie is a new browser; the address still counts. Higher, as the office PCs may
    # share one address behind a router.
    Limit(Scope.ADDRESS, 20, timedelta(minutes=15)),
)

# No window looks further back than this, so older tries can be forgotten.
LONGEST_WINDOW = max(limit.window for limit in (*KIOSK_LIMITS, *STAFF_LIMITS))


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
