"""Unit PINs and staff passwords: slow salted hashes in the local store, and tries that cannot be raced.

A try is taken, hashed and settled; taking and settling are each one ``BEGIN IMMEDIATE`` store
transaction, and the slow hash runs between them outside the store's lock:

- take: refuse without hashing when the subject is locked, when its failures (the tries still
  being hashed included) reached MAX_FAILURES, or when a window of :mod:`desk.sign_in_limits` is
  full; otherwise count the try as a failure at once, provisionally, and note it pending.
- hash: a subject without a secret (no PIN yet, no such staff name) is checked against a decoy
  hash of the same cost, so the time taken does not tell.
- settle: a right answer clears the failures only if it raced nothing; otherwise its provisional
  failure stands.

A unit PIN's states (f = failures, tries being hashed included):

    open(f < 5)  --take-->                    open(f + 1)
    open(f >= 5) --take-->                    locked(now + 15 min), refused: 5 tries are in flight
    locked       --take, before it ends-->    locked, refused
    locked       --take, after it ended-->    open(0), then taken as above
    open(f)      --settle wrong-->            open(f); locked(now + 15 min) once f >= 5
    open(f)      --settle right, no race-->   open(0)
    any          --set_pin-->                 open(0)

A right answer raced nothing when no other try at its subject was pending as it was taken, none
was taken (even a refused one) before it settled, the subject is not locked and its secret did
not change. Otherwise it is answered exactly as a wrong one: saying "right but refused" would
tell a guesser the PIN. So however many tries arrive at once, at most 5 are hashed and a right
PIN among them never signs in, while a right PIN typed alone after up to 4 slips still does.

A unit without a PIN gets a row without a secret at its first try and lives through the same
states, so the kiosk cannot tell it from a unit whose PIN is not guessed. Staff passwords are
never locked (anyone in the lobby could lock the manager out): the staff windows, per browser and
per address, bound guessing instead. A full site window refuses phones, never the lobby's own
touchscreen (:mod:`desk.sign_in_limits` says why).
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
from typing import Protocol

from desk.clock import Clock
from desk.credential_store import NO_SECRET
from desk.sign_in_limits import LONGEST_WINDOW, STAFF_LIMITS, Limit, kiosk_limits, throttled_until
from desk.store import Store, Transaction

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
# A hash takes ~50 ms: a try still pending after a minute died with its process. Its failure
# stands, but it no longer counts as racing the tries after it.
ABANDONED_AFTER = timedelta(minutes=1)
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
    THROTTLED = "throttled"  # a window of wrong tries (this screen, browser, address, the site) is full


@dataclass(frozen=True)
class CheckResult:
    """The outcome of a try, how many tries are left, and until when the subject is locked (or throttled)."""

    outcome: Outcome
    tries_left: int = MAX_FAILURES
    locked_until: datetime | None = None
    role: str = ""


class Hasher(Protocol):
    """Makes and checks slow salted hashes."""

    def hash(self, secret: str) -> str:
        """A hash of ``secret`` with a fresh salt."""
        ...

    def verify(self, secret: str, stored: str) -> bool:
        """Whether ``secret`` matches ``stored``."""
        ...

    def decoy(self) -> str:
        """A hash no secret matches that takes as long to check as a real one."""
        ...


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

    def decoy(self) -> str:
        """A well-formed hash at this cost with a random digest: checking it costs a full scrypt, matching never."""
        parts = [str(self.n), str(self.r), str(self.p), _b64(secrets.token_bytes(16)), _b64(secrets.token_bytes(32))]
        return "$".join(["scrypt", *parts])

    @staticmethod
    def _digest(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
        return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True)
class _Taken:
    """A try counted in the store and about to be hashed."""

    attempt: int  # its row in sign_in_attempts
    kind: CredentialKind
    subject: str
    hashed: str  # what it is checked against (NO_SECRET: nothing, so the decoy)
    role: str
    alone: bool  # no other try at the subject was pending when it was taken


class Credentials:
    """Sets and checks unit PINs and staff passwords."""

    def __init__(self, store: Store, clock: Clock, hasher: Hasher | None = None) -> None:
        self._store = store
        self._clock = clock
        self._hasher: Hasher = hasher or ScryptHasher()
        self._decoy = self._hasher.decoy()

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
            stored = tx.credential(CredentialKind.UNIT_PIN, unit_id)
        return stored is not None and stored.hashed != NO_SECRET

    def check_pin(
        self, unit_id: str, pin: str, *, screen: str = "", address: str = "", lobby_screen: bool = False
    ) -> CheckResult:
        """Try a unit's PIN at a kiosk screen (its browser id and address), counting towards the unit's lockout.

        ``lobby_screen`` is the kiosk PC's own touchscreen, which a full site window does not refuse.
        """
        limits = kiosk_limits(lobby_screen=lobby_screen, browser=screen, address=address)
        return self._check(CredentialKind.UNIT_PIN, unit_id, pin, limits, browser=screen, address=address)

    def add_staff(self, name: str, role: StaffRole, password: str) -> None:
        """Create or update a staff account; passwords are at least 8 characters."""
        if not name.strip() or len(name) > 40:
            raise ValueError("a staff name is 1 to 40 characters")
        if len(password) < 8:
            raise ValueError("a password is at least 8 characters")
        self._set(CredentialKind.STAFF_PASSWORD, name.strip(), password, role=role.value)

    def check_staff(self, name: str, password: str, *, browser: str = "", address: str = "") -> CheckResult:
        """Try a staff login from a browser (its id) and a network address; unknown names take as long."""
        return self._check(CredentialKind.STAFF_PASSWORD, name.strip(), password, STAFF_LIMITS, browser=browser,
                           address=address)

    def _set(self, kind: CredentialKind, subject: str, secret: str, role: str) -> None:
        hashed = self._hasher.hash(secret)
        with self._store.transaction() as tx:
            tx.put_credential(kind.value, subject, role=role, hashed=hashed, at=self._clock.now())

    def _check(
        self, kind: CredentialKind, subject: str, secret: str, limits: tuple[Limit, ...], *, browser: str,
        address: str,
    ) -> CheckResult:
        taken = self._take(kind, subject, limits, browser=browser, address=address)
        if isinstance(taken, CheckResult):
            return taken
        # The slow hash runs outside the store's lock, so other screens are not held up.
        right = self._hasher.verify(secret, taken.hashed if taken.hashed != NO_SECRET else self._decoy)
        return self._settle(taken, right)

    def _take(
        self, kind: CredentialKind, subject: str, limits: tuple[Limit, ...], *, browser: str, address: str
    ) -> _Taken | CheckResult:
        now = self._clock.now()
        lockable = kind is CredentialKind.UNIT_PIN
        with self._store.transaction() as tx:
            tx.forget_sign_in_attempts(before=now - LONGEST_WINDOW)

            def refuse(result: CheckResult) -> CheckResult:
                # Noted too: a refused try still races a right answer being hashed for the same subject.
                tx.add_sign_in_attempt(kind.value, subject, browser=browser, address=address, at=now,
                                       result="refused")
                return result

            if lockable:
                tx.hold_credential_without_secret(kind.value, subject, at=now)
            stored = tx.credential(kind.value, subject)
            failures = 0
            if lockable and stored is not None:
                failures = stored.failures
                if stored.locked_until is not None and stored.locked_until > now:
                    return refuse(CheckResult(Outcome.LOCKED, 0, stored.locked_until))
                if stored.locked_until is not None:  # the last lockout ran out: a fresh count starts
                    failures = 0
                if failures >= MAX_FAILURES:  # that many tries are being hashed at this moment
                    return refuse(self._lock(tx, kind, subject, failures, now))
            until = throttled_until(tx, kind.value, limits, browser=browser, address=address, now=now)
            if until is not None:
                return refuse(CheckResult(Outcome.THROTTLED, 0, until))
            alone = tx.pending_sign_in_attempts(kind.value, subject, since=now - ABANDONED_AFTER) == 0
            attempt = tx.add_sign_in_attempt(kind.value, subject, browser=browser, address=address, at=now,
                                             result="pending")
            if lockable:
                tx.count_credential_failure(kind.value, subject, failures=failures + 1, locked_until=None, at=now)
        return _Taken(attempt, kind, subject, stored.hashed if stored else NO_SECRET, stored.role if stored else "",
                      alone)

    def _settle(self, taken: _Taken, right: bool) -> CheckResult:
        now = self._clock.now()
        kind, subject = taken.kind.value, taken.subject
        lockable = taken.kind is CredentialKind.UNIT_PIN
        with self._store.transaction() as tx:
            current = tx.credential(kind, subject)
            unchanged = current is not None and current.hashed == taken.hashed
            locked = current is not None and current.locked_until is not None and current.locked_until > now
            raced = lockable and (not taken.alone or tx.sign_in_attempts_after(kind, subject, taken.attempt) > 0)
            accepted = right and unchanged and not (lockable and locked) and not raced
            tx.settle_sign_in_attempt(taken.attempt, "right" if accepted else "wrong")
            if accepted:
                if lockable:
                    tx.count_credential_failure(kind, subject, failures=0, locked_until=None, at=now)
                return CheckResult(Outcome.OK, MAX_FAILURES, role=taken.role)
            wrong = Outcome.NOT_SET if taken.hashed == NO_SECRET else Outcome.WRONG
            if not lockable or current is None:
                return CheckResult(wrong)
            if locked:
                return CheckResult(Outcome.LOCKED, 0, current.locked_until)
            if current.failures >= MAX_FAILURES:
                return self._lock(tx, taken.kind, subject, current.failures, now)
            return CheckResult(wrong, MAX_FAILURES - current.failures)

    @staticmethod
    def _lock(tx: Transaction, kind: CredentialKind, subject: str, failures: int, now: datetime) -> CheckResult:
        locked_until = now + LOCKOUT
        tx.count_credential_failure(kind.value, subject, failures=failures, locked_until=locked_until, at=now)
        return CheckResult(Outcome.LOCKED, 0, locked_until)
