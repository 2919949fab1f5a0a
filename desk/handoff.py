""""Continue on my phone": one-time links to add words and photos to one repair request.

A link carries an unguessable token, is valid for 10 minutes, serves the one repair it was made
for, and is spent by its first successful use. Links are kept in the store as :class:`PhoneLink`
records (a kind no workbook tab shows), so a restart does not forget them and no table is needed.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from desk.clock import Clock
from desk.photos import save_photo
from desk.records import Record
from desk.repairs import PHOTOS_MAX, Repair, RepairDesk, RepairRefusedError
from desk.store import Store, Transaction

HANDOFF_VALID = timedelta(minutes=10)


class HandOffError(ValueError):
    """A link that cannot be used: ``unknown``, ``expired`` or ``used``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class PhoneLink(Record):
    """One link, stored by its token: the repair it serves, until when, and when it was used.

    Not synced (it is not in ``SYNCED_KINDS``): the workbook has no tab for it.
    """

    TAB = "PhoneLinks"
    ID_KIND = "W"

    repair: str
    expires_at: datetime
    used_at: datetime | None = None

    @property
    def token(self) -> str:
        """What the link's address carries."""
        return self.id


class HandOffs:
    """Makes, checks and spends the one-time phone links of repair requests."""

    def __init__(self, store: Store, clock: Clock, repairs: RepairDesk, photo_folder: Path,
                 photo_url: Callable[[str], str], make_token: Callable[[], str] | None = None) -> None:
        self._store = store
        self._clock = clock
        self._repairs = repairs
        self._photo_folder = photo_folder
        self._photo_url = photo_url
        self._make_token = make_token or (lambda: secrets.token_urlsafe(16))

    def issue(self, repair_id: str) -> PhoneLink:
        """A new link for one repair, valid for 10 minutes from now."""
        now = self._clock.now()
        link = PhoneLink(id=self._make_token(), repair=repair_id, expires_at=now + HANDOFF_VALID)
        with self._store.transaction() as tx:
            tx.put(link, actor="kiosk", at=now)
        return link

    def check(self, token: str) -> Repair:
        """The repair a link may still add to; raises :class:`HandOffError` otherwise."""
        with self._store.transaction() as tx:
            return self._usable(tx, token)[1]

    def complete(self, token: str, text: str, photos: Sequence[bytes]) -> Repair:
        """Spend the link: clean and store the photos, add them and the words to the repair.

        A photo that is refused (type, size) raises :class:`desk.photos.PhotoRefusedError` before the
        link is spent, so the owner can pick another one.
        """
        if len(photos) > PHOTOS_MAX:
            raise RepairRefusedError("photos", f"at most {PHOTOS_MAX} photos")
        repair = self.check(token)
        names = [save_photo(self._photo_folder, data, repair.id) for data in photos]
        now = self._clock.now()
        try:
            with self._store.transaction() as tx:
                link, _repair = self._usable(tx, token)
                changed = self._repairs.add_details(tx, link.repair, text, [self._photo_url(name) for name in names],
                                                    now)
                tx.put(link.model_copy(update={"used_at": now}), actor="owner (phone)", at=now)
        except BaseException:
            for name in names:  # nothing refers to them
                (self._photo_folder / name).unlink(missing_ok=True)
            raise
        return changed

    def _usable(self, tx: Transaction, token: str) -> tuple[PhoneLink, Repair]:
        link = tx.get(PhoneLink, token) if token else None
        if link is None:
            raise HandOffError("unknown", "this link is not valid")
        if link.used_at is not None:
            raise HandOffError("used", "this link was used already")
        if self._clock.now() > link.expires_at:
            raise HandOffError("expired", "this link has expired")
        repair = tx.get(Repair, link.repair)
        if repair is None:
            raise HandOffError("unknown", "this link is not valid")
        return link, repair
