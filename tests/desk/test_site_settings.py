"""The Settings tab's opening hours: is the desk open, and when does it open next."""

from __future__ import annotations

from datetime import datetime

from desk.site_settings import SiteSettings


def test_opening_hours_say_whether_the_desk_is_open_and_when_it_opens() -> None:
    hours = SiteSettings.model_validate({"community_name": "x", "opening_hours": "08:00-12:00, 13:30-18:00"})
    day = datetime(2026, 11, 27, 7, 59)
    assert not hours.desk_is_open(day)
    assert hours.desk_opens(day) == ("08:00", True)
    assert hours.desk_is_open(day.replace(hour=8, minute=0))
    assert not hours.desk_is_open(day.replace(hour=12, minute=30))
    assert hours.desk_opens(day.replace(hour=12, minute=30)) == ("13:30", True)
    assert hours.desk_opens(day.replace(hour=18, minute=0)) == ("08:00", False)


def test_no_opening_hours_means_always_open() -> None:
    always = SiteSettings(community_name="x")
    assert always.desk_is_open(datetime(2026, 11, 27, 3, 0))
    assert always.desk_opens(datetime(2026, 11, 27, 3, 0)) is None
