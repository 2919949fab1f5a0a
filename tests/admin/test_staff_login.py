"""Staff log in: wrong passwords slow down the browser that typed them, never lock the account for everyone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from nicegui.testing.user import User

from desk.clock import FixedClock
from desk.credentials import Credentials, Outcome, ScryptHasher, StaffRole
from desk.store import Store
from lobbydesk.site import Site
from tests.admin.test_console_and_display import _log_in
from tests.conftest import SHANGHAI
from tests.desk.test_credentials import CountingHasher


async def test_wrong_passwords_in_the_lobby_do_not_keep_the_manager_out_at_the_office(
    new_browser: Callable[[], User], community: Site
) -> None:
    community.credentials.add_staff("manager", StaffRole.MANAGER, "manager-password")
    lobby_phone = new_browser()
    for _ in range(5):
        await _log_in(lobby_phone, "manager", "guess-guess", right=False)
        await lobby_phone.should_see("Wrong name or password.", retries=30)
    await _log_in(lobby_phone, "manager", "manager-password", right=False)
    await lobby_phone.should_see("Too many wrong passwords from here.", retries=30)
    await lobby_phone.should_not_see(marker="call-next")

    office_pc = new_browser()
    await _log_in(office_pc, "manager", "manager-password")
    await office_pc.should_see(marker="call-next")


def test_an_unknown_name_costs_one_hash_like_a_known_one(store: Store) -> None:
    hasher = CountingHasher(ScryptHasher(n=2**10))
    credentials = Credentials(store, FixedClock(datetime(2026, 11, 27, 9, 0, tzinfo=SHANGHAI)), hasher)
    credentials.add_staff("wang", StaffRole.DESK, "desk-password")

    assert credentials.check_staff("wang", "not-the-password").outcome is Outcome.WRONG
    assert hasher.checked == 1
    assert credentials.check_staff("nobody", "not-the-password").outcome is Outcome.NOT_SET
    assert hasher.checked == 2, "an unknown name is checked against a decoy hash of the same cost"


def test_a_staff_account_is_never_locked_only_the_browser_and_the_address_slowed(store: Store) -> None:
    clock = FixedClock(datetime(2026, 11, 27, 9, 0, tzinfo=SHANGHAI))
    credentials = Credentials(store, clock, ScryptHasher(n=2**10))
    credentials.add_staff("manager", StaffRole.MANAGER, "manager-password")

    answers = [credentials.check_staff("manager", "guess-guess", browser="phone", address="10.0.0.7").outcome
               for _ in range(6)]
    assert answers == [Outcome.WRONG] * 5 + [Outcome.THROTTLED]
    for n in range(15):  # a cleared cookie is a new browser, but the address still counts
        credentials.check_staff("manager", "guess-guess", browser=f"fresh-{n}", address="10.0.0.7")
    assert credentials.check_staff("manager", "manager-password", browser="fresh-x",
                                   address="10.0.0.7").outcome is Outcome.THROTTLED

    office = credentials.check_staff("manager", "manager-password", browser="office", address="10.0.0.2")
    assert (office.outcome, office.role) == (Outcome.OK, "manager")
    clock.advance(minutes=15)
    assert credentials.check_staff("manager", "manager-password", browser="phone",
                                   address="10.0.0.7").outcome is Outcome.OK
