"""Days and times as owners read them, the same whatever the server's locale."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from desk.day_words import day_words, span_words

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_a_day_reads_as_month_and_day_in_each_language() -> None:
    assert day_words(date(2026, 12, 3), "zh") == "12月3日"
    assert day_words(date(2026, 12, 3), "en") == "Dec 3"


def test_an_evening_names_its_weekday_and_an_end_past_midnight_names_its_day() -> None:
    starts = datetime(2026, 12, 3, 19, 0, tzinfo=SHANGHAI)

    assert span_words(starts, starts.replace(hour=21), "zh") == "12月3日 周四 19:00–21:00"
    assert span_words(starts, datetime(2026, 12, 4, 1, 0, tzinfo=SHANGHAI), "en") == "Thu Dec 3, 19:00–Dec 4 01:00"
    assert span_words(starts, None, "en") == "Thu Dec 3, 19:00"
