"""The demo's rounds: cleaning and disinfection in every building, some done today, one late, one missed.

The windows are laid around the moment the demo is made, so the picture holds whenever it starts (a demo
made just after midnight gets whole-day windows where a window would have ended before midnight).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from desk.rounds import HowOften, Round, RoundVisit, Task, VisitStatus, Weekday, parse_windows

if TYPE_CHECKING:
    from lobbydesk.site import Site

DEMO_ROUNDS_STAFF = "demo cleaner"
TRY_PLACE = ("3", "大堂 Lobby")  # the checkpoint whose disinfection is due as the demo starts


def seed_rounds(site: Site) -> int:
    """Add the demo's rounds and today's visits; returns how many records were added."""
    now = site.clock.now()
    day = now.date()
    midnight = datetime.combine(day, datetime.min.time(), now.tzinfo)
    # The same records whatever the hour, so the demo's counts never depend on when it was made.
    plan: list[tuple[str, str, Task, tuple[float, float], tuple[float | None, VisitStatus] | None]] = [
        # building, place, task, window (hours from now), visited (hours from now) and how
        ("3", "大堂 Lobby", Task.CLEANING, (-2.5, -1.5), (-2.0, VisitStatus.ON_TIME)),
        ("3", "大堂 Lobby", Task.DISINFECTION, (-0.5, 1.5), None),
        ("1", "电梯厅 Lift hall", Task.DISINFECTION, (-3.0, -2.0), (-2.5, VisitStatus.ON_TIME)),
        ("1", "电梯厅 Lift hall", Task.CLEANING, (-2.0, -1.0), (-1.8, VisitStatus.ON_TIME)),
        ("2", "大堂 Lobby", Task.CLEANING, (-3.0, -2.0), (-0.5, VisitStatus.LATE)),
        ("2", "花园 Garden", Task.GREENING, (-2.0, -1.0), (None, VisitStatus.MISSED)),
        ("1", "消防通道 Fire exit", Task.FIRE_CHECK, (-1.0, 3.0), None),
    ]
    added = 0
    with site.store.transaction() as tx:
        for building, place, task, (opens, closes), visited in plan:
            window = f"{_clock_time(now, opens)}-{_clock_time(now, closes)}"
            try:
                parse_windows(window)
            except ValueError:  # a window clipped at midnight came out empty: the demo started too early or late
                window = "00:00-23:59"
            weekly = task is Task.FIRE_CHECK
            round_ = Round(id=tx.new_id(site.ids, Round), task=task, place=place, building=building,
                           how_often=HowOften.WEEKLY if weekly else HowOften.DAILY,
                           weekday=list(Weekday)[day.weekday()], windows=window, who="保洁 Cleaning team")
            tx.put(round_, actor="demo", at=now)
            added += 1
            if visited is None:
                continue
            hours, status = visited
            done = None if hours is None else max(now + timedelta(hours=hours), midnight)
            tx.put(RoundVisit(id=tx.new_id(site.ids, RoundVisit), round=round_.id, task=task, building=building,
                              place=place, day=day, window=window, status=status, at=done,
                              staff=DEMO_ROUNDS_STAFF if done else "",
                              scanned_place=f"{building} · {place}" if done else ""), actor="demo", at=now)
            added += 1
    return added


def _clock_time(now: datetime, hours: float) -> str:
    """``now`` moved by ``hours`` as HH:MM, kept within today."""
    moved = now + timedelta(hours=hours)
    if moved.date() < now.date():
        return "00:00"
    if moved.date() > now.date():
        return "23:59"
    return f"{moved:%H:%M}"


def try_line(site: Site) -> str:
    """Where to try rounds in the demo, for the terminal (empty when it has none)."""
    base = site.settings.base_url
    token = next((c.token for c in site.rounds.rounds.checkpoints(TRY_PLACE[0]) if c.place == TRY_PLACE[1]), "")
    if not token:  # the large demo has no rounds
        return ""
    return (f"  rounds:         {base}/staff/rounds; scan a label as a phone would: {base}/round/{token} "
            f"(building 3 lobby, disinfection due); labels: lobbydesk rounds labels --building 3")
