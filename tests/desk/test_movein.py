"""Move-in: a queue number at the kiosk, a checklist staff work, meter readings handed to the fees area."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.movein import MoveIn, MoveInDesk, MoveInError, MoveInStatus
from desk.queue import QueueDesk, Service
from desk.store import Store, Transaction

READINGS = {"water": Decimal("12.5"), "electricity": Decimal("3021"), "gas": Decimal("0.8")}


@pytest.fixture
def taken_readings() -> list[tuple[str, dict[str, Decimal], str]]:
    return []


@pytest.fixture
def movein(store: Store, clock: FixedClock, taken_readings: list[tuple[str, dict[str, Decimal], str]]) -> MoveInDesk:
    ids = SequentialIds("SUNNY")

    def record(tx: Transaction, unit: str, readings: dict[str, Decimal], at: datetime, actor: str) -> None:
        taken_readings.append((unit, readings, actor))

    return MoveInDesk(store, clock, ids, QueueDesk(store, clock, ids), record_readings=record)


def test_starting_a_move_in_takes_a_move_in_number_and_opens_a_case(movein: MoveInDesk) -> None:
    started = movein.start("U7", "2-801", lang="en")

    assert started.issued.ticket.service is Service.MOVE_IN
    assert started.issued.ticket.number == "E001"
    assert started.issued.ticket.unit == "U7"
    assert (started.case.number, started.case.status) == ("E001", MoveInStatus.WAITING)
    assert movein.open_cases() == [started.case]


def test_coming_back_reuses_the_open_case_with_a_new_number(movein: MoveInDesk) -> None:
    first = movein.start("U7", "2-801")
    second = movein.start("U7", "2-801")

    assert second.case.id == first.case.id
    assert second.case.number == "E002"


def test_a_case_finishes_only_with_the_whole_checklist_and_hands_over_its_readings(
    movein: MoveInDesk, taken_readings: list[tuple[str, dict[str, Decimal], str]]
) -> None:
    case = movein.start("U7", "2-801").case
    movein.tick(case.id, actor="wang", documents_signed=True, keys_handed=True)

    with pytest.raises(MoveInError, match="lacks Water 水 reading, Electricity 电 reading, Gas 燃气 reading"):
        movein.finish(case.id, actor="wang")

    movein.tick(case.id, actor="wang", readings=READINGS)
    done = movein.finish(case.id, actor="wang")

    assert done.status is MoveInStatus.DONE
    assert taken_readings == [("U7", READINGS, "wang")]
    assert movein.open_cases() == []
    with pytest.raises(MoveInError, match="done"):
        movein.tick(case.id, actor="wang", keys_handed=False)


def test_done_typed_in_the_sheet_is_refused_until_the_checklist_is_complete() -> None:
    case = MoveIn(id="H1", unit="U7", started_at=datetime(2026, 11, 27, 9, 0).astimezone())
    typed_done = case.model_copy(update={"status": MoveInStatus.DONE})
    complete = case.model_copy(update={"status": MoveInStatus.DONE, "documents_signed": True, "keys_handed": True,
                                       **READINGS})

    assert case.change_refused(typed_done)["status"].startswith("the checklist still lacks documents signed")
    assert case.change_refused(complete) == {}
    assert complete.change_refused(case) == {"status": "a finished move-in stays done"}


def test_a_case_done_in_the_sheet_gets_its_finish_time_and_readings_once(
    movein: MoveInDesk, store: Store, clock: FixedClock, taken_readings: list[tuple[str, dict[str, Decimal], str]]
) -> None:
    case = movein.start("U7", "2-801").case
    with store.transaction() as tx:
        tx.put(case.model_copy(update={"status": MoveInStatus.DONE, "documents_signed": True, "keys_handed": True,
                                       **READINGS}), actor="staff", at=clock.now())

    [settled] = movein.settle_done_in_sheet()

    assert settled.finished_at == clock.now()
    assert movein.settle_done_in_sheet() == []
    assert taken_readings == [("U7", READINGS, "staff (sheet)")]


def test_readings_at_move_in_become_meter_readings_of_the_month_before(store: Store, clock: FixedClock) -> None:
    from desk.fees import Meter, MeterReading
    from desk.movein_readings import MoveInReadings

    ids = SequentialIds("SUNNY")
    desk = MoveInDesk(store, clock, ids, QueueDesk(store, clock, ids), record_readings=MoveInReadings(ids))
    case = desk.start("U7", "2-801").case
    desk.tick(case.id, actor="wang", documents_signed=True, keys_handed=True, readings=READINGS)
    desk.finish(case.id, actor="wang")

    with store.transaction() as tx:
        rows = tx.find(MeterReading)
    assert [(r.unit, r.meter, r.period, r.reading, r.read_on.isoformat()) for r in rows] == [  # type: ignore[union-attr]
        ("U7", Meter.WATER, "2026-10", Decimal("12.5"), "2026-11-27"),
        ("U7", Meter.ELECTRICITY, "2026-10", Decimal("3021"), "2026-11-27"),
        ("U7", Meter.GAS, "2026-10", Decimal("0.8"), "2026-11-27"),
    ]


def test_the_clerk_calling_the_number_sees_what_the_checklist_still_lacks(movein: MoveInDesk) -> None:
    case = movein.start("U7", "2-801").case
    movein.tick(case.id, actor="wang", documents_signed=True, readings={"water": Decimal("1")})

    assert movein.unit_facts("U7") == [
        "Move-in 入住 E001: still to do keys handed over, Electricity 电 reading, Gas 燃气 reading "
        "(checklist at /staff/movein)"]
    assert movein.unit_facts("U8") == []
