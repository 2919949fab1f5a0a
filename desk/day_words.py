"""Days and times as an owner reads them: "12月3日 周三 19:00–21:00" or "Wed Dec 3, 19:00–21:00"."""

from __future__ import annotations

from datetime import date, datetime

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def day_words(day: date, lang: str) -> str:
    """A day without its year: ``12月3日`` in Chinese, ``Dec 3`` otherwise.

    Spelled out here rather than with ``strftime``: month names there follow the server's locale.
    """
    if lang == "zh":
        return f"{day.month}月{day.day}日"
    return f"{MONTHS_EN[day.month - 1]} {day.day}"


def span_words(starts: datetime, ends: datetime | None, lang: str) -> str:
    """When something happens, in the zone the datetimes carry: day, weekday, start and end time."""
    weekday = (WEEKDAYS_ZH if lang == "zh" else WEEKDAYS_EN)[starts.weekday()]
    until = ""
    if ends is not None:
        # An end on another day names that day too: "19:00–12月4日 01:00".
        until = f"–{ends:%H:%M}" if ends.date() == starts.date() else f"–{day_words(ends.date(), lang)} {ends:%H:%M}"
    if lang == "zh":
        return f"{day_words(starts.date(), lang)} {weekday} {starts:%H:%M}{until}"
    return f"{weekday} {day_words(starts.date(), lang)}, {starts:%H:%M}{until}"
