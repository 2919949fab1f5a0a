"""The rules of rounds: which window a scan settles, on time or late, what was missed, what lobby and month say."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from desk.rounds import (
    BoardState,
    HowOften,
    Round,
    RoundVisit,
    Task,
    VisitStatus,
    Weekday,
    checkpoint_token,
    day_board,
    judge,
    last_done_today,
    missed_windows,
    parse_windows,
    round_figures,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 27)  # a Friday


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def lobby(task: Task = Task.CLEANING, windows: str = "08:00-10:00", **more: object) -> Round:
    return Round.model_validate({"id": "SUNNY-RD1", "task": task, "place": "大堂 Lobby", "building": "3",
                                 "windows": windows, **more})


def visit(status: VisitStatus, window: str = "08:00-10:00", when: datetime | None = None, **more: object) -> RoundVisit:
    return RoundVisit.model_validate({"id": f"SUNNY-RV{window}{status}", "round": "SUNNY-RD1",
                                      "task": Task.CLEANING, "building": "3", "place": "大堂 Lobby", "day": DAY,
                                      "window": window, "status": status, "at": when, **more})


def test_a_window_counts_on_time_from_half_an_hour_before_it_opens_to_the_minute_it_ends() -> None:
    round_ = lobby()
    assert judge(round_, at(7, 30), []).status is VisitStatus.ON_TIME, "a cleaner may start a little early"
    assert judge(round_, at(10, 0), []).status is VisitStatus.ON_TIME, "the last minute is still on time"
    assert judge(round_, at(10, 1), []).status is VisitStatus.LATE
    early = judge(round_, at(7, 29), [])
    assert (early.status, early.refused, early.next_window) == (None, "not_yet", parse_windows("08:00-10:00")[0])


def test_a_round_due_twice_a_day_is_two_windows_each_settled_once() -> None:
    round_ = lobby(windows="14:00-16:00, 08:00-10:00")

    morning = judge(round_, at(9), [])
    assert morning.window is not None and morning.window.label == "08:00-10:00"
    assert judge(round_, at(9, 30), ["08:00-10:00"]).refused == "not_yet", "the morning is done; the afternoon waits"
    afternoon = judge(round_, at(15), ["08:00-10:00"])
    assert afternoon.window is not None and (afternoon.window.label, afternoon.status) == ("14:00-16:00",
                                                                                           VisitStatus.ON_TIME)
    assert judge(round_, at(17), ["08:00-10:00", "14:00-16:00"]).refused == "all_done"


def test_the_window_open_now_comes_before_an_earlier_one_that_was_missed() -> None:
    round_ = lobby(windows="08:00-10:00, 14:00-16:00")

    now = judge(round_, at(14, 30), [])

    assert now.window is not None and (now.window.label, now.status) == ("14:00-16:00", VisitStatus.ON_TIME)
    late = judge(round_, at(12), [])
    assert late.window is not None and (late.window.label, late.status) == ("08:00-10:00", VisitStatus.LATE)


def test_a_weekly_round_is_due_on_its_weekday_only() -> None:
    round_ = lobby(Task.FIRE_CHECK, how_often=HowOften.WEEKLY, weekday=Weekday.FRI)

    assert round_.windows_on(DAY) and not round_.windows_on(DAY + timedelta(days=1))


@pytest.mark.parametrize("typed", ["10:00-08:00", "8-10", "25:00-26:00", "08:00-10:00, 09:00-11:00", ""])
def test_windows_staff_type_wrong_are_refused_with_a_reason(typed: str) -> None:
    with pytest.raises(ValidationError):
        lobby(windows=typed)


def test_a_window_that_ended_without_a_visit_is_missed_once_and_a_late_visit_settles_it() -> None:
    round_ = lobby(windows="08:00-10:00, 14:00-16:00")

    assert missed_windows([round_], [], at(9, 59)) == []
    missed = missed_windows([round_], [], at(10, 0))
    assert [(r.id, w.label) for r, w in missed] == [("SUNNY-RD1", "08:00-10:00")]
    written = [visit(VisitStatus.MISSED)]
    assert missed_windows([round_], written, at(11)) == [], "flagging again adds nothing"
    assert missed_windows([round_], [visit(VisitStatus.LATE, when=at(10, 30))], at(11)) == []
    wrong = [visit(VisitStatus.WRONG_PLACE, window="", when=at(9))]
    assert len(missed_windows([round_], wrong, at(11))) == 1, "a scan at the wrong place does not settle the window"


def test_the_board_shows_done_late_missed_due_and_later_in_building_order() -> None:
    rounds = [lobby(windows="08:00-10:00, 14:00-16:00"),
              Round(id="SUNNY-RD2", task=Task.DISINFECTION, place="Lobby", building="10", windows="06:00-07:00"),
              Round(id="SUNNY-RD3", task=Task.DISINFECTION, place="Lobby", building="2", windows="10:30-12:00")]
    visits = [visit(VisitStatus.LATE, when=at(10, 20))]

    board = day_board(rounds, visits, at(10, 45))

    assert [(row.round.building, row.window.label, row.state) for row in board] == [
        ("2", "10:30-12:00", BoardState.DUE),
        ("3", "08:00-10:00", BoardState.LATE),
        ("3", "14:00-16:00", BoardState.LATER),
        ("10", "06:00-07:00", BoardState.MISSED),
    ]


def test_the_lobby_hears_when_each_building_was_last_cleaned_and_disinfected_today() -> None:
    visits = [
        visit(VisitStatus.ON_TIME, when=at(8, 40)),
        visit(VisitStatus.LATE, window="14:00-16:00", when=at(16, 20)),
        visit(VisitStatus.ON_TIME, when=at(10, 5), task=Task.DISINFECTION, id="d"),
        visit(VisitStatus.WRONG_PLACE, window="", when=at(17), id="w"),
        visit(VisitStatus.MISSED, window="18:00-19:00", id="m"),
        visit(VisitStatus.ON_TIME, when=at(9), task=Task.GREENING, id="g"),
    ]

    assert last_done_today(visits, DAY) == {"3": {Task.CLEANING: at(16, 20), Task.DISINFECTION: at(10, 5)}}
    assert last_done_today(visits, DAY + timedelta(days=1)) == {}


def test_a_places_token_is_unguessable_without_the_secret_and_ignores_how_the_place_is_typed() -> None:
    token = checkpoint_token(b"secret", "3", "大堂 Lobby")

    assert token == checkpoint_token(b"secret", " 3", "大堂  lobby ")
    assert token != checkpoint_token(b"another secret", "3", "大堂 Lobby")
    assert token != checkpoint_token(b"secret", "2", "大堂 Lobby")
    assert len(token) >= 20 and "Lobby" not in token


def test_the_months_figures_count_each_status_by_building_and_task_and_the_windows_scheduled() -> None:
    rounds = [lobby(windows="08:00-10:00, 14:00-16:00"),
              lobby(Task.FIRE_CHECK, how_often=HowOften.WEEKLY, weekday=Weekday.MON, id="SUNNY-RD9")]
    visits = [
        visit(VisitStatus.ON_TIME, when=at(9)),
        visit(VisitStatus.LATE, window="14:00-16:00", when=at(17)),
        visit(VisitStatus.MISSED, window="08:00-10:00", day=DAY - timedelta(days=1), id="m1", building="2"),
        visit(VisitStatus.WRONG_PLACE, window="", when=at(11), id="w1"),
        visit(VisitStatus.ON_TIME, day=date(2026, 12, 1), id="december"),
    ]

    figures = round_figures(visits, rounds, date(2026, 11, 15))

    assert figures.month == "2026-11"
    assert (figures.total.on_time, figures.total.late, figures.total.missed, figures.total.wrong_place) == (1, 1, 1, 1)
    assert figures.total.done == 2 and figures.total.on_time_percent == 33
    assert figures.by_building["2"].missed == 1 and figures.by_building["3"].done == 2
    assert list(figures.by_task) == [Task.CLEANING]
    assert figures.scheduled == 30 * 2 + 5, "twice a day for 30 days, and five Mondays in November 2026"
