"""Unit PINs and staff passwords: hashed, checked, and locked after five wrong tries, even all at once."""

from __future__ import annotations

import contextlib
import ipaddress
import sqlite3
import threading
from collections.abc import Callable

import pytest

from desk.clock import FixedClock
from desk.credentials import MAX_FAILURES, CheckResult, Credentials, Outcome, ScryptHasher, StaffRole
from desk.sign_in_limits import is_lobby_screen
from desk.store import Store


class CountingHasher:
    """The real scrypt hasher, counting the secrets it checked; ``during_check`` runs inside the next check.

    With ``together``, each check first waits (up to 5 s) for that many checks to be running at
    once, so simultaneous tries overlap however the threads happen to be scheduled.
    """

    def __init__(self, inner: ScryptHasher, together: int = 0) -> None:
        self.inner = inner
        self.checked = 0
        self.during_check: Callable[[], None] | None = None
        self._lock = threading.Lock()
        self._together = threading.Barrier(together) if together else None

    def hash(self, secret: str) -> str:
        return self.inner.hash(secret)

    def verify(self, secret: str, stored: str) -> bool:
        with self._lock:
            self.checked += 1
            interleaved, self.during_check = self.during_check, None
        if interleaved is not None:
            interleaved()
        if self._together is not None:
            with contextlib.suppress(threading.BrokenBarrierError):
                self._together.wait(timeout=5)
        return self.inner.verify(secret, stored)

    def decoy(self) -> str:
        return self.inner.decoy()


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


def test_a_unit_without_a_pin_answers_like_a_unit_whose_pin_is_not_guessed(store: Store, clock: FixedClock) -> None:
    hasher = CountingHasher(ScryptHasher(n=2**10))
    credentials = Credentials(store, clock, hasher)
    credentials.set_pin("SUNNY-U1", "1234")

    with_pin = [credentials.check_pin("SUNNY-U1", "0000") for _ in range(MAX_FAILURES)]
    without_pin = [credentials.check_pin("SUNNY-U2", "0000") for _ in range(MAX_FAILURES)]

    assert [r.tries_left for r in with_pin] == [r.tries_left for r in without_pin] == [4, 3, 2, 1, 0]
    assert with_pin[-1].outcome is without_pin[-1].outcome is Outcome.LOCKED
    assert hasher.checked == 2 * MAX_FAILURES, "no PIN yet costs a hash too, so the time does not tell"
    assert not credentials.pin_is_set("SUNNY-U2")


@pytest.mark.parametrize("right_at", [0, 3, 6, 11])
def test_twelve_screens_at_once_never_let_the_right_pin_through(store: Store, clock: FixedClock, right_at: int) -> None:
    hasher = CountingHasher(ScryptHasher(), together=MAX_FAILURES)  # the hashes run at the same time
    credentials = Credentials(store, clock, hasher)
    credentials.set_pin("SUNNY-U1", "2468")
    pins = [str(1000 + n) for n in range(11)]
    pins.insert(right_at, "2468")
    everyone_ready = threading.Barrier(len(pins))
    results: dict[int, CheckResult] = {}

    def press_sign_in(screen: int) -> None:
        everyone_ready.wait()
        results[screen] = credentials.check_pin("SUNNY-U1", pins[screen], screen=f"screen-{screen}")

    screens = [threading.Thread(target=press_sign_in, args=(n,)) for n in range(len(pins))]
    for screen in screens:
        screen.start()
    for screen in screens:
        screen.join()

    assert Outcome.OK not in {result.outcome for result in results.values()}
    assert results[right_at].outcome in {Outcome.WRONG, Outcome.LOCKED}, "a refused right PIN looks wrong"
    assert hasher.checked <= MAX_FAILURES
    assert credentials.check_pin("SUNNY-U1", "2468").outcome is Outcome.LOCKED


def test_a_right_pin_checked_while_another_try_arrives_counts_as_wrong(store: Store, clock: FixedClock) -> None:
    hasher = CountingHasher(ScryptHasher(n=2**10))
    credentials = Credentials(store, clock, hasher)
    credentials.set_pin("SUNNY-U1", "2468")
    other_screen: list[CheckResult] = []
    hasher.during_check = lambda: other_screen.append(credentials.check_pin("SUNNY-U1", "1111", screen="B"))

    right = credentials.check_pin("SUNNY-U1", "2468", screen="A")

    assert (right.outcome, right.tries_left) == (Outcome.WRONG, MAX_FAILURES - 2)
    assert other_screen[0].outcome is Outcome.WRONG
    assert credentials.check_pin("SUNNY-U1", "2468", screen="A").outcome is Outcome.OK, "alone, it opens"


def test_a_right_pin_taken_while_another_try_is_being_checked_counts_as_wrong(
    store: Store, clock: FixedClock
) -> None:
    hasher = CountingHasher(ScryptHasher(n=2**10))
    credentials = Credentials(store, clock, hasher)
    credentials.set_pin("SUNNY-U1", "2468")
    other_screen: list[CheckResult] = []
    hasher.during_check = lambda: other_screen.append(credentials.check_pin("SUNNY-U1", "2468", screen="B"))

    wrong = credentials.check_pin("SUNNY-U1", "1111", screen="A")

    assert other_screen[0].outcome is Outcome.WRONG
    assert (wrong.outcome, wrong.tries_left) == (Outcome.WRONG, MAX_FAILURES - 2)


def test_a_try_lost_in_a_crash_does_not_hold_the_unit_for_ever(
    credentials: Credentials, store: Store, clock: FixedClock
) -> None:
    credentials.set_pin("SUNNY-U1", "2468")
    with store.transaction() as tx:  # a try whose process died while its hash ran
        tx.add_sign_in_attempt("unit_pin", "SUNNY-U1", browser="A", address="", at=clock.now(), result="pending")
    assert credentials.check_pin("SUNNY-U1", "2468").outcome is Outcome.WRONG, "it might still be running"

    clock.advance(minutes=2)
    assert credentials.check_pin("SUNNY-U1", "2468").outcome is Outcome.OK


def test_one_pin_sprayed_over_every_unit_is_stopped_for_the_whole_site(
    credentials: Credentials, clock: FixedClock
) -> None:
    for n in range(30):
        credentials.set_pin(f"SUNNY-U{n}", "2468")
    for n in range(20):  # from many screens, so no one screen's limit is reached
        assert credentials.check_pin(f"SUNNY-U{n}", "1234", screen=f"phone-{n}").outcome is Outcome.WRONG

    refused = credentials.check_pin("SUNNY-U25", "2468", screen="phone-25")
    assert (refused.outcome, refused.locked_until) == (Outcome.THROTTLED, clock.now().replace(minute=10))

    clock.advance(minutes=10)
    assert credentials.check_pin("SUNNY-U25", "2468", screen="phone-25").outcome is Outcome.OK


def test_one_screen_spraying_a_pin_is_stopped_while_others_go_on(credentials: Credentials) -> None:
    for n in range(10):
        credentials.set_pin(f"SUNNY-U{n}", "2468")
    answers = [credentials.check_pin(f"SUNNY-U{n}", "1234", screen="lobby-left").outcome for n in range(9)]
    assert answers == [Outcome.WRONG] * 8 + [Outcome.THROTTLED]
    assert credentials.check_pin("SUNNY-U9", "2468", screen="lobby-left").outcome is Outcome.THROTTLED
    assert credentials.check_pin("SUNNY-U9", "2468", screen="lobby-right").outcome is Outcome.OK


def phone_spraying(credentials: Credentials, pin: str, units: range) -> list[Outcome]:
    """One PIN tried on each unit, every try from a new phone: a script that drops its cookie and address."""
    return [credentials.check_pin(f"SUNNY-U{n}", pin, screen=f"phone-{n}", address=f"192.168.1.{n + 10}").outcome
            for n in units]


def test_phones_spraying_a_pin_never_close_the_lobby_screen(credentials: Credentials, clock: FixedClock) -> None:
    for n in range(30):
        credentials.set_pin(f"SUNNY-U{n}", "2468")
    assert phone_spraying(credentials, "1234", range(20)) == [Outcome.WRONG] * 20
    assert phone_spraying(credentials, "1234", range(20, 25)) == [Outcome.THROTTLED] * 5, "phones are stopped"

    owner = credentials.check_pin("SUNNY-U27", "2468", screen="lobby", address="127.0.0.1", lobby_screen=True)
    assert owner.outcome is Outcome.OK, "the owner at the lobby's touchscreen signs in all the same"

    clock.advance(minutes=10)
    assert phone_spraying(credentials, "1234", range(20, 25)) == [Outcome.WRONG] * 5, "20 per 10 minutes, as before"


def test_wrong_pins_at_the_lobby_screen_count_against_the_phones_but_stop_only_the_lobby_screen_at_its_own_limit(
    credentials: Credentials,
) -> None:
    for n in range(30):
        credentials.set_pin(f"SUNNY-U{n}", "2468")

    at_the_lobby = [credentials.check_pin(f"SUNNY-U{n}", "1234", screen="lobby", address="127.0.0.1",
                                          lobby_screen=True).outcome for n in range(9)]
    assert at_the_lobby == [Outcome.WRONG] * 8 + [Outcome.THROTTLED], "someone at the touchscreen: 8 per 10 minutes"
    assert phone_spraying(credentials, "1234", range(10, 23)) == [Outcome.WRONG] * 12 + [Outcome.THROTTLED], (
        "the phones had only what the lobby left of the 20"
    )


def test_phones_mistaken_for_the_lobby_screen_are_still_stopped_at_the_sites_rate(credentials: Credentials) -> None:
    for n in range(30):
        credentials.set_pin(f"SUNNY-U{n}", "2468")
    # A proxy on the kiosk PC that does not say whom it forwards for: every phone looks like the kiosk PC.
    answers = [credentials.check_pin(f"SUNNY-U{n}", "1234", screen=f"phone-{n}", address="127.0.0.1",
                                     lobby_screen=True).outcome for n in range(25)]
    assert answers == [Outcome.WRONG] * 20 + [Outcome.THROTTLED] * 5


@pytest.mark.parametrize(
    ("address", "headers", "lobby"),
    [
        ("127.0.0.1", [], True),  # the touchscreen's Chromium on the kiosk PC (lobbydesk install's --kiosk-url)
        ("::1", ["host", "user-agent"], True),
        ("::ffff:127.0.0.1", [], True),
        ("192.168.1.23", [], False),  # a phone on the lobby's Wi-Fi
        ("127.0.0.1", ["X-Forwarded-For"], False),  # a proxy on the kiosk PC, forwarding for someone else
        ("127.0.0.1", ["forwarded"], False),
        ("", [], False),
        ("testclient", [], False),
    ],
)
def test_only_a_page_opened_on_the_kiosk_pc_itself_is_the_lobby_screen(
    address: str, headers: list[str], lobby: bool
) -> None:
    assert is_lobby_screen(address, headers) is lobby


@pytest.mark.parametrize(
    ("address", "headers", "lobby"),
    [
        ("192.168.1.20", [], True),  # the second touchscreen, by its address
        ("::ffff:192.168.1.20", [], True),
        ("10.0.5.3", [], True),  # in the network named
        ("10.0.5.9", [], False),
        ("192.168.1.23", [], False),  # a phone on the lobby's Wi-Fi
        ("192.168.1.20", ["X-Forwarded-For"], False),  # through a proxy: the address is the proxy's
        ("127.0.0.1", [], True),  # the kiosk PC's own screen stays one
    ],
)
def test_staff_may_name_other_touchscreens_of_the_lobby_by_address_or_network(
    address: str, headers: list[str], lobby: bool
) -> None:
    named = [ipaddress.ip_network("192.168.1.20"), ipaddress.ip_network("10.0.5.0/29")]
    assert is_lobby_screen(address, headers, named) is lobby
