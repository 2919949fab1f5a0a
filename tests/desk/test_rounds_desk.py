"""Rounds over the store: a scan recorded on time or late, at the wrong place, too early; missed rows; labels."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.rounds import CHECKPOINT_LABEL, Round, RoundVisit, Task, VisitStatus
from desk.rounds_desk import RoundRefusedError, RoundsDesk
from desk.store import Store

SECRET = b"the site's checkpoint secret"


@pytest.fixture
def rounds(store: Store, clock: FixedClock, tmp_path: Path) -> RoundsDesk:
    """Two places: building 3's lobby (cleaned twice a day, disinfected once) and building 2's lobby."""
    with store.transaction() as tx:
        for round_ in (
            Round(id="SUNNY-RD1", task=Task.CLEANING, place="大堂 Lobby", building="3",
                  windows="08:00-10:00, 14:00-16:00"),
            Round(id="SUNNY-RD2", task=Task.DISINFECTION, place="大堂 Lobby", building="3", windows="06:00-08:00"),
            Round(id="SUNNY-RD3", task=Task.CLEANING, place="大堂 Lobby", building="2", windows="08:00-10:00"),
        ):
            tx.put(round_, actor="staff", at=clock.now())
    return RoundsDesk(store, clock, SequentialIds("SUNNY"), lambda: SECRET, tmp_path / "photos",
                      lambda name: f"http://desk/photos/{name}")


def token_of(rounds: RoundsDesk, building: str) -> str:
    (checkpoint,) = [c for c in rounds.checkpoints() if c.building == building]
    return checkpoint.token


def visits(store: Store) -> list[RoundVisit]:
    with store.transaction() as tx:
        return tx.find(RoundVisit)


def test_each_place_is_one_checkpoint_with_its_tasks_and_a_label_job_each(rounds: RoundsDesk, store: Store) -> None:
    checkpoints = rounds.checkpoints()

    assert [(c.building, c.place, c.tasks) for c in checkpoints] == [
        ("2", "大堂 Lobby", (Task.CLEANING,)), ("3", "大堂 Lobby", (Task.CLEANING, Task.DISINFECTION))]
    assert [c.title for c in rounds.journal_labels("3")] == ["3 · 大堂 Lobby"]
    with store.transaction() as tx:
        (job,) = tx.print_jobs("queued")
    assert (job.kind, job.ref) == (CHECKPOINT_LABEL, token_of(rounds, "3"))
    assert rounds.checkpoint("not-a-token") is None


def test_a_scan_in_the_window_is_on_time_and_signed_with_the_note_and_a_clean_photo(
    rounds: RoundsDesk, store: Store, tmp_path: Path
) -> None:
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(picture, "PNG")

    visit = rounds.record(token_of(rounds, "3"), "SUNNY-RD1", staff="李师傅", note="  floor  mopped ",
                          photo=picture.getvalue())

    assert (visit.status, visit.window, visit.staff, visit.note) == (VisitStatus.ON_TIME, "08:00-10:00", "李师傅",
                                                                     "floor mopped")
    assert visit.photo.startswith("http://desk/photos/round-") and visit.photo.endswith(".png")
    assert len(list((tmp_path / "photos").iterdir())) == 1
    with pytest.raises(RoundRefusedError) as refused:
        rounds.record(token_of(rounds, "3"), "SUNNY-RD1", staff="李师傅")
    assert refused.value.code == "not_yet", "the morning is done and the afternoon has not come"


def test_a_window_missed_is_flagged_once_and_a_late_visit_turns_that_row_late(
    rounds: RoundsDesk, store: Store, clock: FixedClock
) -> None:
    clock.advance(hours=1, minutes=30)  # 10:30: both lobbies' morning cleaning and the 06:00 disinfection ended

    assert rounds.flag_missed() == 3
    assert rounds.flag_missed() == 0, "a second run adds nothing"
    missed = {v.round: v for v in visits(store) if v.status is VisitStatus.MISSED}
    late = rounds.record(token_of(rounds, "3"), "SUNNY-RD1", staff="李师傅")

    assert (late.id, late.status, late.window) == (missed["SUNNY-RD1"].id, VisitStatus.LATE, "08:00-10:00")
    assert sorted(v.status.value for v in visits(store)) == ["late", "missed", "missed"]


def test_a_round_recorded_at_another_places_checkpoint_is_kept_as_wrong_place_and_stays_open(
    rounds: RoundsDesk, store: Store
) -> None:
    wrong = rounds.record(token_of(rounds, "2"), "SUNNY-RD1", staff="李师傅")

    assert (wrong.status, wrong.scanned_place, wrong.building) == (VisitStatus.WRONG_PLACE, "2 · 大堂 Lobby", "3")
    right = rounds.record(token_of(rounds, "3"), "SUNNY-RD1", staff="李师傅")
    assert right.status is VisitStatus.ON_TIME


def test_an_unknown_label_records_nothing(rounds: RoundsDesk, store: Store) -> None:
    with pytest.raises(RoundRefusedError) as refused:
        rounds.record("forged-token", "SUNNY-RD1", staff="李师傅")

    assert refused.value.code == "unknown_place"
    assert visits(store) == []


def test_the_lobby_lines_say_when_each_building_was_cleaned_and_disinfected(
    rounds: RoundsDesk, clock: FixedClock
) -> None:
    clock.advance(minutes=12)
    rounds.record(token_of(rounds, "3"), "SUNNY-RD1", staff="李师傅")
    rounds.record(token_of(rounds, "2"), "SUNNY-RD3", staff="王师傅")
    clock.advance(minutes=53)
    rounds.record(token_of(rounds, "3"), "SUNNY-RD2", staff="李师傅")  # the 06:00-08:00 disinfection, late

    assert rounds.lobby_lines("zh") == ["2号楼 清洁 09:12", "3号楼 清洁 09:12 · 消毒 10:05"]
    assert rounds.lobby_lines("en") == ["Building 2 cleaned 09:12", "Building 3 cleaned 09:12 · disinfected 10:05"]
