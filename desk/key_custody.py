"""Keys left at the desk for a decorator: who may collect each, until when, and the handover to that person only.

A key's states: ``held`` (in the desk's drawer) -> ``collected`` (by the named person, checked by
name and the last four digits of their phone or ID number) or ``returned`` (to the owner who left
it). A key held past its date is ``expired``: flagged for staff, and nobody collects it until staff
extend the date or return it to the owner.
"""

from __future__ import annotations

import enum
import re
from datetime import datetime
from typing import Any

from desk.clock import Clock
from desk.desk_columns import staff_column, staff_name, unit_column, unit_label_column
from desk.ids import IdFactory
from desk.records import Highlight, Owner, Record, column
from desk.store import Store

KEY_RECEIPT = "key_receipt"
TAIL = re.compile(r"^[0-9Xx]{4}$")  # an ID number may end in X


class KeyStatus(enum.StrEnum):
    """Where a key is."""

    HELD = "held"
    COLLECTED = "collected"
    RETURNED = "returned"


class KeyCustody(Record):
    """One key in the desk's custody and the one person who may collect it."""

    TAB = "Keys"
    ID_KIND = "O"
    HIGHLIGHTS = (Highlight("expired", "held past its date: call the owner", equals=("TRUE",)),)

    unit: str = unit_column()
    unit_label: str = unit_label_column()
    key_label: str = column("Key", Owner.KIOSK, default="", max_length=40)
    collector_name: str = column("Collector", Owner.KIOSK, min_length=1, max_length=40)
    collector_tail: str = column("Phone or ID last 4", Owner.KIOSK, pattern=TAIL.pattern)
    until: datetime = column("Until", Owner.STAFF)
    left_at: datetime = column("Left", Owner.KIOSK)
    received_by: str = staff_column("Received by")
    status: KeyStatus = column("Status", Owner.STAFF, default=KeyStatus.HELD)
    handed_at: datetime | None = column("Handed out", Owner.KIOSK, default=None)
    handed_by: str = staff_column("Handed out by")
    expired: bool = column("Expired", Owner.KIOSK, default=False)
    note: str = column("Note", Owner.STAFF, default="", max_length=200)

    def expired_at(self, now: datetime) -> bool:
        """Whether the key is still held past its date."""
        return self.status is KeyStatus.HELD and now > self.until


class KeyRefusedError(ValueError):
    """The key cannot go out: the message says why, for the clerk to read to the person at the counter."""


class KeyDesk:
    """Takes keys into custody and hands each out to the person named for it, with a receipt."""

    def __init__(self, store: Store, clock: Clock, ids: IdFactory) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids

    def leave(self, unit_id: str, unit_label: str, *, key_label: str, collector_name: str, collector_tail: str,
              until: datetime, staff: str) -> KeyCustody:
        """Take a key into custody for ``collector_name`` (checked by ``collector_tail``) until ``until``."""
        now = self._clock.now()
        name, tail = _clean_name(collector_name), collector_tail.strip().upper()
        if not name:
            raise KeyRefusedError("name the person who may collect the key 请填写领取人姓名")
        if not TAIL.match(tail):
            raise KeyRefusedError("the last 4 digits of their phone or ID number are needed 请填写手机或证件后四位")
        if until <= now:
            raise KeyRefusedError("the date the key may be held until must be later than now 保管期限须晚于现在")
        with self._store.transaction() as tx:
            key = KeyCustody(id=tx.new_id(self._ids, KeyCustody), unit=unit_id, unit_label=unit_label,
                             key_label=" ".join(key_label.split())[:40], collector_name=name[:40],
                             collector_tail=tail, until=until, left_at=now, received_by=staff_name(staff))
            tx.put(key, actor=staff, at=now)
        return key

    def held(self) -> list[KeyCustody]:
        """Keys in the drawer now, those held longest first."""
        with self._store.transaction() as tx:
            keys = tx.find(KeyCustody, "json_extract(body, '$.status') = ?", (KeyStatus.HELD.value,))
        return sorted(keys, key=lambda k: k.left_at)

    def expired(self) -> list[KeyCustody]:
        """Held keys past their date."""
        now = self._clock.now()
        return [key for key in self.held() if key.expired_at(now)]

    def get(self, key_id: str) -> KeyCustody | None:
        """A key's custody by ID, or None."""
        with self._store.transaction() as tx:
            return tx.get(KeyCustody, key_id)

    def collect(self, key_id: str, *, name: str, tail: str, staff: str, lang: str = "zh") -> KeyCustody:
        """Hand the key to the person at the counter if they are the one named; journal the receipt.

        Anyone else is refused, and so is everyone once the custody expired.
        """
        now = self._clock.now()
        with self._store.transaction() as tx:
            key = tx.get(KeyCustody, key_id)
            if key is None:
                raise KeyRefusedError(f"there is no key {key_id}")
            if key.status is not KeyStatus.HELD:
                raise KeyRefusedError(f"this key is already {key.status.value} 钥匙已{_said(key.status)}")
            if key.expired_at(now):
                raise KeyRefusedError(f"custody ended {key.until:%Y-%m-%d %H:%M}: call the owner before handing it "
                                      f"out 保管已过期，请先联系业主")
            if not _same_person(key, name, tail):
                raise KeyRefusedError(f"not the person named for this key: refuse it 非登记领取人，不得领取 "
                                      f"(named: {key.collector_name})")
            done = _changed(key, status=KeyStatus.COLLECTED, handed_at=now, handed_by=staff_name(staff), expired=False)
            tx.put(done, actor=staff, at=now)
            tx.add_print_job(KEY_RECEIPT, key.id, {"lang": lang}, at=now)
        return done

    def return_to_owner(self, key_id: str, *, staff: str, lang: str = "zh") -> KeyCustody:
        """The owner took their key back; a receipt prints as on collection."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            key = tx.get(KeyCustody, key_id)
            if key is None or key.status is not KeyStatus.HELD:
                raise KeyRefusedError("this key is not held at the desk 钥匙不在服务台")
            done = _changed(key, status=KeyStatus.RETURNED, handed_at=now, handed_by=staff_name(staff), expired=False)
            tx.put(done, actor=staff, at=now)
            tx.add_print_job(KEY_RECEIPT, key.id, {"lang": lang}, at=now)
        return done

    def flag_expired(self) -> None:
        """Set each key's Expired flag (the workbook's highlight) to whether it is held past its date now."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            for key in tx.find(KeyCustody):
                expired = key.expired_at(now)
                if expired != key.expired:
                    tx.put(_changed(key, expired=expired), actor="desk", at=now)


def _clean_name(name: str) -> str:
    return " ".join(name.split())


def _same_person(key: KeyCustody, name: str, tail: str) -> bool:
    """Name (spaces and case aside) and the four digits must both match."""
    def folded(text: str) -> str:
        return "".join(text.split()).casefold()

    return folded(name) == folded(key.collector_name) and tail.strip().upper() == key.collector_tail


def _said(status: KeyStatus) -> str:
    return {KeyStatus.COLLECTED: "领取", KeyStatus.RETURNED: "退还业主", KeyStatus.HELD: "保管"}[status]


def _changed(key: KeyCustody, **changes: Any) -> KeyCustody:
    return KeyCustody.model_validate({**key.model_dump(), **changes})
