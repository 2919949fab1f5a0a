"""Parcels left at the desk for a unit: a shelf label with a pickup code, the handover, and parcels left too long.

A parcel's states: ``waiting`` (on the shelf) -> ``picked up`` (handed over by a clerk, who and when
recorded) or ``returned`` (sent back to the carrier, set by staff in the sheet). The pickup code is
four digits an owner can say across the counter: short, so it is unique only among waiting parcels,
and never the record ID.

A clerk may add a photo of the parcel (a torn box, an unreadable label): cleaned and stored as a repair
photo is (:mod:`desk.photos`), in the same ``photos`` folder under the data folder, and linked in the
Parcels tab's Photo column.
"""

from __future__ import annotations

import enum
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from desk.clock import Clock
from desk.desk_columns import staff_column, staff_name, unit_column, unit_label_column
from desk.ids import IdFactory
from desk.photos import save_photo
from desk.records import Highlight, Owner, Record, column
from desk.store import Store, Transaction

PARCEL_LABEL = "parcel_label"
CODE_DIGITS = 4
DEFAULT_OVERDUE_DAYS = 7
PHOTO_PREFIX = "parcel"
PHOTO_LINK_MAX = 300  # a public address, /photos/ and a 27-character name: more than 80 for a long address

# Draws a number below its argument; the site uses the system's random source, tests a script.
DrawBelow = Callable[[int], int]


class ParcelStatus(enum.StrEnum):
    """Where a parcel is."""

    WAITING = "waiting"
    PICKED_UP = "picked up"
    RETURNED = "returned"


class Parcel(Record):
    """One parcel on the desk's shelf, for a unit."""

    TAB = "Parcels"
    ID_KIND = "B"
    HIGHLIGHTS = (Highlight("overdue", "waiting longer than the Settings tab's parcel_overdue_days",
                            equals=("TRUE",), colour="FFEB9C"),)

    pickup_code: str = column("Pickup code", Owner.KIOSK, pattern=r"^\d{4}$")
    unit: str = unit_column()
    unit_label: str = unit_label_column()
    carrier: str = column("Carrier", Owner.KIOSK, default="", max_length=40)
    # Staff's: a parcel moved to another shelf is typed in the sheet (a kiosk column would be locked there).
    shelf: str = column("Shelf", Owner.STAFF, default="", max_length=20)
    photo: str = column("Photo", Owner.KIOSK, default="", max_length=PHOTO_LINK_MAX)  # its link, as for repairs
    arrived_at: datetime = column("Arrived", Owner.KIOSK)
    registered_by: str = staff_column("Registered by")
    status: ParcelStatus = column("Status", Owner.STAFF, default=ParcelStatus.WAITING)
    picked_up_at: datetime | None = column("Picked up", Owner.KIOSK, default=None)
    handed_over_by: str = staff_column("Handed over by")
    overdue: bool = column("Overdue", Owner.KIOSK, default=False)
    note: str = column("Note", Owner.STAFF, default="", max_length=200)


class ParcelError(ValueError):
    """A parcel action that cannot be taken; the message says why, for the clerk."""


class ParcelDesk:
    """Registers parcels, hands them over by code, and finds those left too long."""

    def __init__(self, store: Store, clock: Clock, ids: IdFactory, *,
                 overdue_days: Callable[[], int] = lambda: DEFAULT_OVERDUE_DAYS,
                 draw_below: DrawBelow = secrets.randbelow, photo_folder: Path | None = None,
                 photo_url: Callable[[str], str] | None = None) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self._overdue_days = overdue_days
        self._draw_below = draw_below
        # Where repair photos are kept and served (``/photos/<name>``), unless the site says otherwise.
        self.photo_folder = photo_folder if photo_folder is not None else store.path.parent / "photos"
        self._photo_url = photo_url or _served_photo_path

    def register(self, unit_id: str, unit_label: str, *, carrier: str, shelf: str, staff: str,
                 photo: bytes | None = None, print_label: bool = True, lang: str = "zh") -> Parcel:
        """Put a parcel on the shelf with a fresh pickup code and journal its shelf label.

        A photo is cleaned and stored before anything else; one that is refused raises
        :class:`desk.photos.PhotoRefusedError` and registers nothing.
        """
        name = save_photo(self.photo_folder, photo, PHOTO_PREFIX) if photo else ""
        now = self._clock.now()
        try:
            with self._store.transaction() as tx:
                parcel = Parcel(id=tx.new_id(self._ids, Parcel), pickup_code=self._fresh_code(tx), unit=unit_id,
                                unit_label=unit_label, carrier=" ".join(carrier.split())[:40],
                                shelf=" ".join(shelf.split())[:20], photo=self._photo_url(name) if name else "",
                                arrived_at=now, registered_by=staff_name(staff))
                tx.put(parcel, actor=staff, at=now)
                if print_label:
                    tx.add_print_job(PARCEL_LABEL, parcel.id, {"lang": lang}, at=now)
        except BaseException:
            if name:  # no parcel links it: a stored photo would only sit in the data folder
                (self.photo_folder / name).unlink(missing_ok=True)
            raise
        return parcel

    def _fresh_code(self, tx: Transaction) -> str:
        taken = {parcel.pickup_code for parcel in _waiting(tx)}
        if len(taken) >= 10**CODE_DIGITS // 2:
            raise ParcelError("too many parcels are waiting for a new pickup code; hand some over first")
        while True:
            code = f"{self._draw_below(10**CODE_DIGITS):0{CODE_DIGITS}d}"
            if code not in taken:
                return code

    def get(self, parcel_id: str) -> Parcel | None:
        """A parcel by ID, or None."""
        with self._store.transaction() as tx:
            return tx.get(Parcel, parcel_id)

    def waiting(self, unit_id: str | None = None) -> list[Parcel]:
        """The parcels on the shelf (for one unit, when given), oldest first."""
        with self._store.transaction() as tx:
            parcels = _waiting(tx)
        return sorted((p for p in parcels if unit_id is None or p.unit == unit_id), key=lambda p: p.arrived_at)

    def waiting_with_code(self, code: str) -> Parcel | None:
        """The waiting parcel an owner's code names, or None."""
        code = code.strip()
        return next((parcel for parcel in self.waiting() if parcel.pickup_code == code), None)

    def overdue(self) -> list[Parcel]:
        """Waiting parcels that arrived more than the Settings tab's days ago, oldest first."""
        cutoff = self._clock.now() - timedelta(days=self._overdue_days())
        return [parcel for parcel in self.waiting() if parcel.arrived_at < cutoff]

    def hand_over(self, parcel_id: str, *, staff: str) -> Parcel:
        """Record that ``staff`` handed a waiting parcel to its owner now; a parcel goes out once."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            parcel = tx.get(Parcel, parcel_id)
            if parcel is None:
                raise ParcelError(f"there is no parcel {parcel_id}")
            if parcel.status is ParcelStatus.PICKED_UP and parcel.picked_up_at is not None:
                raise ParcelError(f"this parcel was already picked up at {parcel.picked_up_at:%m-%d %H:%M}, "
                                  f"handed over by {parcel.handed_over_by} 已取走")
            if parcel.status is not ParcelStatus.WAITING:
                raise ParcelError(f"this parcel is {parcel.status.value}, not waiting 包裹不在架上")
            done = _changed(parcel, status=ParcelStatus.PICKED_UP, picked_up_at=now, handed_over_by=staff_name(staff),
                            overdue=False)
            tx.put(done, actor=staff, at=now)
        return done

    def hand_over_by_code(self, code: str, *, staff: str) -> Parcel:
        """Hand over the waiting parcel whose pickup code the owner showed."""
        parcel = self.waiting_with_code(code)
        if parcel is None:
            raise ParcelError(f"no waiting parcel has the code {code.strip()!r} 没有此取件码的包裹")
        return self.hand_over(parcel.id, staff=staff)

    def flag_overdue(self) -> None:
        """Set each parcel's Overdue flag (for the workbook's highlight) to whether it waits too long now."""
        now = self._clock.now()
        cutoff = now - timedelta(days=self._overdue_days())
        with self._store.transaction() as tx:
            for parcel in tx.find(Parcel):
                overdue = parcel.status is ParcelStatus.WAITING and parcel.arrived_at < cutoff
                if overdue != parcel.overdue:
                    tx.put(_changed(parcel, overdue=overdue), actor="desk", at=now)


def _served_photo_path(name: str) -> str:
    return f"/photos/{name}"


def photo_name(link: str) -> str:
    """The stored file name a Photo link ends with ("" for none)."""
    return link.rpartition("/")[2]


def _waiting(tx: Transaction) -> list[Parcel]:
    return tx.find(Parcel, "json_extract(body, '$.status') = ?", (ParcelStatus.WAITING.value,))


def _changed(parcel: Parcel, **changes: Any) -> Parcel:
    return Parcel.model_validate({**parcel.model_dump(), **changes})
