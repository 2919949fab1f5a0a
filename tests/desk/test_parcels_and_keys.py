"""Parcels on the desk's shelf, special-service requests, and keys that go only to the person named."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.key_custody import KEY_RECEIPT, KeyDesk, KeyRefusedError, KeyStatus
from desk.parcels import PARCEL_LABEL, ParcelDesk, ParcelError, ParcelStatus
from desk.special_services import (
    SERVICE_SLIP,
    RequestStatus,
    ServiceError,
    ServiceRequest,
    SpecialService,
    SpecialServices,
)
from desk.store import Store


def scripted(draws: list[int]) -> Iterator[int]:
    yield from draws


@pytest.fixture
def ids() -> SequentialIds:
    return SequentialIds("SUNNY")


def desk_with_draws(store: Store, clock: FixedClock, ids: SequentialIds, draws: list[int],
                    days: int = 7) -> ParcelDesk:
    script = scripted(draws)
    return ParcelDesk(store, clock, ids, overdue_days=lambda: days, draw_below=lambda _limit: next(script))


def test_a_parcel_gets_a_four_digit_code_and_its_shelf_label_is_journaled(
    store: Store, clock: FixedClock, ids: SequentialIds
) -> None:
    parcels = desk_with_draws(store, clock, ids, [42])

    parcel = parcels.register("SUNNY-U1", "3-1202", carrier="顺丰", shelf="A-3", staff="wang")

    assert (parcel.pickup_code, parcel.shelf, parcel.registered_by) == ("0042", "A-3", "wang")
    assert parcel.pickup_code not in parcel.id
    with store.transaction() as tx:
        [job] = tx.pending_print_jobs()
    assert (job.kind, job.ref) == (PARCEL_LABEL, parcel.id)


def test_a_code_already_on_the_shelf_is_drawn_again_but_a_handed_over_code_may_come_back(
    store: Store, clock: FixedClock, ids: SequentialIds
) -> None:
    parcels = desk_with_draws(store, clock, ids, [1234, 1234, 5678, 1234])
    first = parcels.register("SUNNY-U1", "3-1202", carrier="", shelf="", staff="wang", print_label=False)
    second = parcels.register("SUNNY-U1", "3-1202", carrier="", shelf="", staff="wang", print_label=False)
    assert (first.pickup_code, second.pickup_code) == ("1234", "5678")

    parcels.hand_over(first.id, staff="wang")
    third = parcels.register("SUNNY-U2", "5-301", carrier="", shelf="", staff="wang", print_label=False)

    assert third.pickup_code == "1234"  # unique among waiting parcels only
    assert parcels.waiting_with_code("1234") == third


def test_a_parcel_handed_over_by_its_code_records_when_and_who_and_cannot_go_out_twice(
    store: Store, clock: FixedClock, ids: SequentialIds
) -> None:
    parcels = desk_with_draws(store, clock, ids, [7])
    parcel = parcels.register("SUNNY-U1", "3-1202", carrier="京东", shelf="B-1", staff="wang", print_label=False)
    clock.advance(hours=5)

    done = parcels.hand_over_by_code("0007", staff="li")

    assert (done.status, done.picked_up_at, done.handed_over_by) == (ParcelStatus.PICKED_UP, clock.now(), "li")
    with pytest.raises(ParcelError, match="already picked up at 11-27 14:00, handed over by li"):
        parcels.hand_over(parcel.id, staff="wang")
    with pytest.raises(ParcelError, match="no waiting parcel has the code '0007'"):
        parcels.hand_over_by_code("0007", staff="wang")
    assert parcels.waiting() == []


def test_a_parcel_waiting_longer_than_the_settings_days_is_overdue_and_flagged_for_the_sheet(
    store: Store, clock: FixedClock, ids: SequentialIds
) -> None:
    parcels = desk_with_draws(store, clock, ids, [1, 2], days=3)
    old = parcels.register("SUNNY-U1", "3-1202", carrier="", shelf="", staff="wang", print_label=False)
    clock.advance(days=2)
    new = parcels.register("SUNNY-U1", "3-1202", carrier="", shelf="", staff="wang", print_label=False)
    clock.advance(days=1, minutes=1)

    parcels.flag_overdue()

    assert [p.id for p in parcels.overdue()] == [old.id]
    flagged = {p.id: p.overdue for p in parcels.waiting()}
    assert flagged == {old.id: True, new.id: False}
    parcels.hand_over(old.id, staff="wang")
    after = parcels.get(old.id)
    assert after is not None and after.overdue is False


@pytest.fixture
def keys(store: Store, clock: FixedClock, ids: SequentialIds) -> KeyDesk:
    return KeyDesk(store, clock, ids)


def test_a_key_goes_only_to_the_person_named_and_prints_a_receipt(keys: KeyDesk, store: Store,
                                                                   clock: FixedClock) -> None:
    key = keys.leave("SUNNY-U1", "3-1202", key_label="front door", collector_name="王 师傅", collector_tail="6688",
                     until=clock.now() + timedelta(days=7), staff="wang")

    with pytest.raises(KeyRefusedError, match="not the person named for this key"):
        keys.collect(key.id, name="李师傅", tail="6688", staff="wang")
    with pytest.raises(KeyRefusedError, match="not the person named"):
        keys.collect(key.id, name="王师傅", tail="1234", staff="wang")
    held = keys.get(key.id)
    assert held is not None and held.status is KeyStatus.HELD

    done = keys.collect(key.id, name=" 王师傅 ", tail="6688", staff="li")

    assert (done.status, done.handed_by, done.handed_at) == (KeyStatus.COLLECTED, "li", clock.now())
    with store.transaction() as tx:
        assert [(job.kind, job.ref) for job in tx.pending_print_jobs()] == [(KEY_RECEIPT, key.id)]
    with pytest.raises(KeyRefusedError, match="already collected"):
        keys.collect(key.id, name="王师傅", tail="6688", staff="li")


def test_a_key_held_past_its_date_is_flagged_and_nobody_collects_it(keys: KeyDesk, clock: FixedClock) -> None:
    key = keys.leave("SUNNY-U1", "3-1202", key_label="", collector_name="Zhao", collector_tail="123x",
                     until=clock.now() + timedelta(days=1), staff="wang")
    clock.advance(days=1, minutes=1)

    keys.flag_expired()

    assert [k.id for k in keys.expired()] == [key.id]
    flagged = keys.get(key.id)
    assert flagged is not None and flagged.expired
    with pytest.raises(KeyRefusedError, match="custody ended 2026-11-28 09:00"):
        keys.collect(key.id, name="Zhao", tail="123X", staff="wang")
    returned = keys.return_to_owner(key.id, staff="wang")
    assert (returned.status, returned.expired) == (KeyStatus.RETURNED, False)


def test_a_key_needs_a_name_four_digits_and_a_date_ahead(keys: KeyDesk, clock: FixedClock) -> None:
    later = clock.now() + timedelta(days=1)
    with pytest.raises(KeyRefusedError, match="name the person"):
        keys.leave("SUNNY-U1", "3-1202", key_label="", collector_name=" ", collector_tail="6688", until=later,
                   staff="wang")
    with pytest.raises(KeyRefusedError, match="last 4 digits"):
        keys.leave("SUNNY-U1", "3-1202", key_label="", collector_name="Zhao", collector_tail="66", until=later,
                   staff="wang")
    with pytest.raises(KeyRefusedError, match="later than now"):
        keys.leave("SUNNY-U1", "3-1202", key_label="", collector_name="Zhao", collector_tail="6688",
                   until=clock.now(), staff="wang")


def test_an_owner_requests_an_active_service_and_staff_move_it_to_done(
    store: Store, clock: FixedClock, ids: SequentialIds
) -> None:
    services = SpecialServices(store, clock, ids)
    with store.transaction() as tx:
        tx.put(SpecialService(id="SUNNY-J1", name_zh="借梯子", name_en="Borrow a ladder", order=2), actor="staff",
               at=clock.now())
        tx.put(SpecialService(id="SUNNY-J2", name_zh="会议室", active=False), actor="staff", at=clock.now())
    assert [s.id for s in services.active()] == ["SUNNY-J1"]
    with pytest.raises(ServiceError, match="not offered"):
        services.request("SUNNY-J2", "SUNNY-U1", "3-1202", "")

    request = services.request("SUNNY-J1", "SUNNY-U1", "3-1202", "  tomorrow   9:00 ", lang="en")

    assert (request.service_name, request.details, request.status) == ("Borrow a ladder", "tomorrow 9:00",
                                                                       RequestStatus.REQUESTED)
    with store.transaction() as tx:
        assert [(job.kind, job.ref) for job in tx.pending_print_jobs()] == [(SERVICE_SLIP, request.id)]
    services.move(request.id, RequestStatus.IN_PROGRESS, staff="wang", actor="desk wang")
    done = services.move(request.id, RequestStatus.DONE, staff="wang", actor="desk wang")
    assert (done.status, done.handled_by) == (RequestStatus.DONE, "wang")
    assert services.open_requests() == []
    with pytest.raises(ServiceError, match="a request that is done cannot become in progress"):
        services.move(request.id, RequestStatus.IN_PROGRESS, staff="wang", actor="desk wang")


def test_the_sheet_cannot_reopen_a_closed_request(clock: FixedClock) -> None:
    done = ServiceRequest(id="SUNNY-Z1", service="SUNNY-J1", unit="SUNNY-U1", requested_at=clock.now(),
                          status=RequestStatus.DONE)
    reopened = ServiceRequest.model_validate({**done.model_dump(), "status": RequestStatus.REQUESTED})

    assert done.change_refused(reopened) == {"status": "a request that is done cannot become requested"}

