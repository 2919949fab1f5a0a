"""Which notices show: started and not ended, for the building or for all, pinned first."""

from __future__ import annotations

from datetime import date

from desk.clock import FixedClock
from desk.notices import Notice, NoticeBoard, notices_showing
from desk.store import Store

TODAY = date(2026, 11, 27)


def notice(id: str, **values: object) -> Notice:
    return Notice.model_validate({"id": id, "title_zh": f"通知{id}", "title_en": f"Notice {id}", **values})


def test_a_notice_shows_from_its_start_to_its_end_day_inclusive() -> None:
    lift = notice("N1", starts=date(2026, 11, 27), ends=date(2026, 11, 30))

    assert not lift.shows_on(date(2026, 11, 26))
    assert lift.shows_on(date(2026, 11, 27))
    assert lift.shows_on(date(2026, 11, 30))
    assert not lift.shows_on(date(2026, 12, 1))


def test_buildings_are_listed_as_staff_type_them_and_an_empty_list_means_everyone() -> None:
    water = notice("N1", buildings="1，3; 5")

    assert water.building_list() == ("1", "3", "5")
    assert water.shows_on(TODAY, "3")
    assert not water.shows_on(TODAY, "2")
    assert water.shows_on(TODAY)  # the lobby, where anyone may stand
    assert notice("N2").shows_on(TODAY, "2")


def test_pinned_notices_come_first_then_the_newest() -> None:
    old = notice("N1", starts=date(2026, 11, 1))
    new = notice("N2", starts=date(2026, 11, 20))
    pinned = notice("N3", starts=date(2026, 10, 1), pinned=True)
    ended = notice("N4", ends=date(2026, 11, 26))
    untitled = Notice(id="N5")

    assert [n.id for n in notices_showing([old, new, pinned, ended, untitled], TODAY)] == ["N3", "N2", "N1"]


def test_a_notice_written_in_one_language_shows_in_that_language_to_everyone() -> None:
    only_chinese = Notice(id="N1", title_zh="停水通知", body_zh="周六 9:00-12:00 停水")

    assert only_chinese.title("en") == "停水通知"
    assert only_chinese.body("en") == "周六 9:00-12:00 停水"


def test_the_board_reads_todays_notices_from_the_store(store: Store, clock: FixedClock) -> None:
    with store.transaction() as tx:
        tx.put(notice("N1", buildings="3"), actor="staff", at=clock.now())
        tx.put(notice("N2", buildings="1", body_en="Lift out of order"), actor="staff", at=clock.now())
    board = NoticeBoard(store, clock)

    assert [t.title for t in board.texts("en", building="1")] == ["Notice N2"]
    assert board.texts("en", building="1")[0].body == "Lift out of order"
    assert board.ticker_lines() == ["通知N1 · Notice N1", "通知N2 · Notice N2"]
