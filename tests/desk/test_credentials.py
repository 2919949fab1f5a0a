"""Unit PINs and staff passwords: hashed, checked, and locked after five wrong tries."""

from __future__ import annotations

import sqlite3

import pytest

from desk.clock import FixedClock
from desk.credentials import MAX_FAILURES, Credentials, Outcome, ScryptHasher, StaffRole
from desk.store import Store


@pytest.fixture
def credentials(store: Store, clock: FixedClock) -> Credentials:
    return Credentials(store, clock, ScryptHasher(n=2**10))


def test_a_pin_is_stored_only_as_a_salted_hash(credentials: Credentials, store: Store) -> None:
    credentials.set_pin("SUNNY-U1", "482913")
    credentials.set_pin("SUNNY-U2", "482913")
    hashes = [row[0] for row in sqlite3.connect(store.path).execute("SELECT hash FROM credentials")]
    assert len(hashes) == 2
    assert hashes[0] != hashes[1], "each PIN has its own salt"
    assert not any("482913" in stored for stored in hashes)
    assert credentials.pin_is_set("SUNNY-U1")
    assert not credentials.pin_is_set("SUNNY-U3")


def test_the_right_pin_opens_and_a_wrong_one_says_how_many_tries_are_left(credentials: Credentials) -> None:
    credentials.set_pin("SUNNY-U1", "1234")
    assert credentials.check_pin("SUNNY-U1", "1234").outcome is Outcome.OK
    wrong = credentials.check_pin("SUNNY-U1", "4321")
    assert (wrong.outcome, wrong.tries_left) == (Outcome.WRONG, MAX_FAILURES - 1)
    assert credentials.check_pin("SUNNY-U9", "1234").outcome is Outcome.NOT_SET


def test_five_wrong_pins_lock_the_unit_for_fifteen_minutes(credentials: Credentials, clock: FixedClock) -> None:
    credentials.set_pin("SUNNY-U1", "1234")
    results = [credentials.check_pin("SUNNY-U1", "0000") for _ in range(5)]
    assert [r.outcome for r in results] == [Outcome.WRONG] * 4 + [Outcome.LOCKED]
    assert results[-1].locked_until == clock.now().replace(minute=15)

    clock.advance(minutes=14)
    assert credentials.check_pin("SUNNY-U1", "1234").outcome is Outcome.LOCKED, "even the right PIN waits"

    clock.advance(minutes=2)
    assert credentials.check_pin("SUNNY-U1", "1234").outcome is Outcome.OK


def test_a_success_clears_the_count_of_wrong_tries(credentials: Credentials) -> None:
    credentials.set_pin("SUNNY-U1", "1234")
    for _ in range(4):
        credentials.check_pin("SUNNY-U1", "0000")
    assert credentials.check_pin("SUNNY-U1", "1234").outcome is Outcome.OK
    assert credentials.check_pin("SUNNY-U1", "0000").tries_left == MAX_FAILURES - 1


def test_a_reset_pin_unlocks_the_unit(credentials: Credentials) -> None:
    credentials.set_pin("SUNNY-U1", "1234")
    for _ in range(5):
        credentials.check_pin("SUNNY-U1", "0000")
    pin = credentials.new_pin("SUNNY-U1")
    assert len(pin) == 6 and pin.isdigit()
    assert credentials.check_pin("SUNNY-U1", pin).outcome is Outcome.OK


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "", "١٢٣٤"])
def test_a_pin_is_four_to_eight_digits(credentials: Credentials, pin: str) -> None:
    with pytest.raises(ValueError, match="4 to 8 digits"):
        credentials.set_pin("SUNNY-U1", pin)


def test_staff_log_in_with_their_role(credentials: Credentials) -> None:
    credentials.add_staff("wang", StaffRole.DESK, "correct horse")
    ok = credentials.check_staff("wang", "correct horse")
    assert (ok.outcome, ok.role) == (Outcome.OK, "desk")
    assert credentials.check_staff("wang", "wrong horse").outcome is Outcome.WRONG
    with pytest.raises(ValueError, match="at least 8"):
        credentials.add_staff("li", StaffRole.MANAGER, "short")


def test_the_default_hash_is_slow_enough_to_matter() -> None:
    stored = ScryptHasher().hash("1234")
    assert stored.startswith("scrypt$16384$8$1$")
    assert ScryptHasher().verify("1234", stored)
    assert not ScryptHasher().verify("1235", stored)
    assert not ScryptHasher().verify("1234", "md5$whatever")
