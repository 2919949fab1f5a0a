"""Unit PINs and staff passwords: slow salted hashes in the local store, with lockout.

A credential's life: not set -> set; each wrong try counts a failure; the fifth in a row locks
the subject for 15 minutes; a right answer (when not locked) clears the failures.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from desk.clock import Clock
from desk.store import Store

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
PIN_PATTERN = re.compile(r"^[0-9]{4,8}$")


class CredentialKind(enum.StrEnum):
    """What a credential opens."""

    UNIT_PIN = "unit_pin"
    STAFF_PASSWORD = "staff_password"  # noqa: S105 - a kind of credential, not a password


class StaffRole(enum.StrEnum):
    """What a staff account may do: desk work, or also manage (billing, accounts)."""

    DESK = "desk"
    MANAGER = "manager"


class Outcome(enum.StrEnum):
    """The answer to one try."""

    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"
    NOT_SET = "not-set"


@dataclass(frozen=True)
class CheckResult:
    """The outcome of a try, how many tries are left, and until when the subject is locked."""

    outcome: Outcome
    tries_left: int = MAX_FAILURES
    locked_until: datetime | None = None
    role: str = ""


class ScryptHasher:
    """scrypt with a per-secret salt; the cost makes guessing a stolen store slow."""

    def __init__(self, n: int = 2**14, r: int = 8, p: int = 1) -> None:
        self.n, self.r, self.p = n, r, p

    def hash(self, secret: str) -> str:
        """A self-describing hash: ``scrypt$n$r$p$salt$digest``."""
        salt = secrets.token_bytes(16)
        digest = self._digest(secret, salt, self.n, self.r, self.p)
        return "$".join(["scrypt", str(self.n), str(self.r), str(self.p), _b64(salt), _b64(digest)])

    def verify(self, secret: str, stored: str) -> bool:
        """Whether ``secret`` matches a hash made by :meth:`hash` (any cost parameters)."""
        try:
            scheme, n, r, p, salt, digest = stored.split("$")
        except ValueError:
            return False
        if scheme != "scrypt":
            return False
        candidate = self._digest(secret, base64.b64decode(salt), int(n), int(r), int(p))
        return hmac.compare_digest(candidate, base64.b64decode(digest))

    @staticmethod
    def _digest(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
        return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class Credentials:
    """Sets and checks unit PINs and staff passwords."""

    def __init__(self, store: Store, clock: Clock, hasher: ScryptHasher | None = None) -> None:
        self._store = store
        self._clock = clock
        self._hasher = hasher or ScryptHasher()

    def set_pin(self, unit_id: str, pin: str) -> None:
        """Set or reset a unit's PIN (4-8 digits); clears any lockout."""
        if not PIN_PATTERN.match(pin):
            raise ValueError("a PIN is 4 to 8 digits")
        self._set(CredentialKind.UNIT_PIN, unit_id, pin, role="")

    def new_pin(self, unit_id: str, digits: int = 6) -> str:
        """Give a unit a fresh random PIN and return it (to print on a PIN slip, once)."""
        pin = "".join(secrets.choice("0123456789") for _ in range(digits))
        self.set_pin(unit_id, pin)
        return pin

    def pin_is_set(self, unit_id: str) -> bool:
        """Whether the unit has a PIN (the workbook shows only this)."""
        with self._store.transaction() as tx:
            return tx.credential(CredentialKind.UNIT_PIN, unit_id) is not None

    def check_pin(self, unit_id: str, pin: str) -> CheckResult:
        """Try a unit's PIN, counting failures towards the lockout."""
        return self._check(CredentialKind.UNIT_PIN, unit_id, pin)

    def add_staff(self, name: str, role: StaffRole, password: str) -> None:
        """Create or update a staff account; passwords are at least 8 characters."""
        if not name.strip() or len(name) > 40:
            raise ValueError("a staff name is 1 to 40 characters")
        if len(password) < 8:
            raise ValueError("a password is at least 8 characters")
        self._set(CredentialKind.STAFF_PASSWORD, name.strip(), password, role=role.value)

    def check_staff(self, name: str, password: str) -> CheckResult:
        """Try a staff login, counting failures towards the lockout."""
        return self._check(CredentialKind.STAFF_PASSWORD, name.strip(), password)

    def _set(self, kind: CredentialKind, subject: str, secret: str, role: str) -> None:
        hashed = self._hasher.hash(secret)
        with self._store.transaction() as tx:
            tx.put_credential(kind.value, subject, role=role, hashed=hashed, at=self._clock.now())

    def _check(self, kind: CredentialKind, subject: str, secret: str) -> CheckResult:
        now = self._clock.now()
        with self._store.transaction() as tx:
            stored = tx.credential(kind.value, subject)
        if stored is None:
            return CheckResult(Outcome.NOT_SET)
        if stored.locked_until is not None and stored.locked_until > now:
            return CheckResult(Outcome.LOCKED, 0, stored.locked_until)
        # The slow hash runs outside the store's lock, so other screens are not held up.
        right = self._hasher.verify(secret, stored.hashed)
        with self._store.transaction() as tx:
            if right:
                tx.count_credential_failure(kind.value, subject, failures=0, locked_until=None, at=now)
                return CheckResult(Outcome.OK, MAX_FAILURES, role=stored.role)
            current = tx.credential(kind.value, subject)
            failures = (current.failures if current else stored.failures) + 1
            if stored.locked_until is not None:  # the last lockout ran out: a fresh count starts
                failures = 1
            locked_until = now + LOCKOUT if failures >= MAX_FAILURES else None
            tx.count_credential_failure(kind.value, subject, failures=failures, locked_until=locked_until, at=now)
        if locked_until is not None:
            return CheckResult(Outcome.LOCKED, 0, locked_until)
        return CheckResult(Outcome.WRONG, MAX_FAILURES - failures)
