"""Rounds: cleaning, disinfection, greening and checks staff schedule per place, and each visit made or missed.

Staff keep the ``Rounds`` tab: what is done (task), where (place, building), how often (daily or weekly
on a weekday) and in which time windows; a round with N windows is done N times a day. lobbydesk writes
``RoundVisits``: each visit scanned at a place's checkpoint, and each window that ended without one.

The rules here are pure (no store, no clock): give them the rounds, the visits and the time.

A visit's status, decided when it is recorded (its states):

- ``on time``     - scanned inside a window, or up to :data:`EARLY_ALLOWANCE` before it opens;
- ``late``        - scanned after the window ended, the same day (a ``missed`` row of that window turns late);
- ``wrong place`` - the round was recorded at another place's checkpoint: kept, but the window stays open;
- ``missed``      - written by :func:`missed_windows`' step once a window ended today without a visit.

A scan earlier than the allowance before every open window is refused ("not yet"), never counted.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from pydantic import field_validator

from desk.records import Highlight, Owner, Record, column

CHECKPOINT_LABEL = "checkpoint_label"  # a print job kind
EARLY_ALLOWANCE = timedelta(minutes=30)  # a cleaner who starts a little early has still done the round
WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–~]\s*(\d{1,2}):(\d{2})\s*$")
WINDOW_SEPARATORS = re.compile(r"[,;，；\n]+")


class Task(enum.StrEnum):
    """What a round does."""

    CLEANING = "cleaning"
    DISINFECTION = "disinfection"
    GREENING = "greening"
    PATROL = "patrol"
    LIFT_CHECK = "lift check"
    FIRE_CHECK = "fire-equipment check"


class HowOften(enum.StrEnum):
    """Every day, or once a week on the round's weekday; N windows make it N times that day."""

    DAILY = "daily"
    WEEKLY = "weekly"


class Weekday(enum.StrEnum):
    """The day of a weekly round."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


class VisitStatus(enum.StrEnum):
    """How a round's window went (see the module's list of states)."""

    ON_TIME = "on time"
    LATE = "late"
    WRONG_PLACE = "wrong place"
    MISSED = "missed"


@dataclass(frozen=True, order=True)
class Window:
    """One time window of a day, e.g. 08:00-10:00; it ends at ``end``."""

    start: time
    end: time

    @property
    def label(self) -> str:
        """``08:00-10:00``."""
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    def starts_on(self, day: date, tz: tzinfo | None) -> datetime:
        """When it opens on ``day``."""
        return datetime.combine(day, self.start, tz)

    def ends_on(self, day: date, tz: tzinfo | None) -> datetime:
        """When it closes on ``day``."""
        return datetime.combine(day, self.end, tz)


def parse_windows(text: str) -> tuple[Window, ...]:
    """``"08:00-10:00, 14:00-16:00"`` as windows in the order of the day; raises ValueError for anything else.

    A window may not cross midnight (write two) and windows may not overlap: each is one visit.
    """
    windows = []
    for part in (p for p in WINDOW_SEPARATORS.split(text) if p.strip()):
        match = WINDOW.match(part)
        if match is None:
            raise ValueError(f"{part.strip()!r} is not a time window like 08:00-10:00")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if not (h1 < 24 and h2 < 24 and m1 < 60 and m2 < 60):
            raise ValueError(f"{part.strip()!r} is not a time of day")
        start, end = time(h1, m1), time(h2, m2)
        if end <= start:
            raise ValueError(f"{part.strip()!r} ends before it starts (a window crossing midnight is two)")
        windows.append(Window(start, end))
    if not windows:
        raise ValueError("a round needs at least one time window, e.g. 08:00-10:00")
    windows.sort()
    for before, after in itertools.pairwise(windows):
        if after.start < before.end:
            raise ValueError(f"windows {before.label} and {after.label} overlap")
    return tuple(windows)


class Round(Record):
    """One round staff schedule: a task at a place, how often, in which windows, by whom."""

    TAB = "Rounds"
    ID_KIND = "RD"
    ROWS_FROM = Owner.STAFF

    task: Task = column("Task", Owner.STAFF)
    place: str = column("Place", Owner.STAFF, min_length=1, max_length=60)
    building: str = column("Building", Owner.STAFF, default="", max_length=20)
    how_often: HowOften = column("How often", Owner.STAFF, default=HowOften.DAILY)
    weekday: Weekday = column("Weekday (weekly)", Owner.STAFF, default=Weekday.MON)
    windows: str = column("Time windows", Owner.STAFF, min_length=1, max_length=200)
    who: str = column("Who", Owner.STAFF, default="", max_length=60)

    @field_validator("windows")
    @classmethod
    def _windows_read(cls, value: str) -> str:
        parse_windows(value)
        return value

    @property
    def checkpoint(self) -> tuple[str, str]:
        """The place its label marks: (building, place)."""
        return checkpoint_key(self.building, self.place)

    def windows_on(self, day: date) -> tuple[Window, ...]:
        """Its windows on ``day`` (none on the other days of a weekly round)."""
        if self.how_often is HowOften.WEEKLY and list(Weekday).index(self.weekday) != day.weekday():
            return ()
        return parse_windows(self.windows)


class RoundVisit(Record):
    """One window of one round on one day: done (on time, late, at the wrong place) or missed."""

    TAB = "RoundVisits"
    ID_KIND = "RV"
    HIGHLIGHTS = (
        Highlight("status", "a round missed: its window ended without a visit", equals=(VisitStatus.MISSED.value,)),
        Highlight("status", "a round done late or scanned at the wrong place",
                  equals=(VisitStatus.LATE.value, VisitStatus.WRONG_PLACE.value), colour="FFEB9C"),
    )

    round: str = column("Round", Owner.KIOSK, min_length=1)
    task: Task = column("Task", Owner.KIOSK)
    building: str = column("Building", Owner.KIOSK, default="")
    place: str = column("Place", Owner.KIOSK)
    day: date = column("Day", Owner.KIOSK)
    window: str = column("Window", Owner.KIOSK)
    status: VisitStatus = column("Status", Owner.KIOSK)
    at: datetime | None = column("Done at", Owner.KIOSK, default=None)
    staff: str = column("Staff", Owner.KIOSK, default="", max_length=60)
    scanned_place: str = column("Scanned at", Owner.KIOSK, default="", max_length=90)
    note: str = column("Note", Owner.KIOSK, default="", max_length=200)
    photo: str = column("Photo", Owner.KIOSK, default="")
    remark: str = column("Supervisor note", Owner.STAFF, default="", max_length=200)

    @property
    def counts(self) -> bool:
        """Whether it settles its window (a visit at the wrong place does not)."""
        return self.status is not VisitStatus.WRONG_PLACE


def checkpoint_key(building: str, place: str) -> tuple[str, str]:
    """A place as its label knows it; spacing and case typed in the sheet do not make a new place."""
    return " ".join(building.split()).casefold(), " ".join(place.split()).casefold()


def checkpoint_token(secret: bytes, building: str, place: str) -> str:
    """The unguessable token a place's label carries: a keyed hash, so no table of tokens can be lost.

    The same place always gets the same token (a label survives a restore or a rebuild); renaming the
    place in the sheet makes a new one, which is how staff retire a label.
    """
    b, p = checkpoint_key(building, place)
    digest = hmac.new(secret, f"{b}\x1f{p}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")


@dataclass(frozen=True)
class Judgement:
    """Which window a scan settles and how, or why it settles none (``refused``: ``not_yet``, ``all_done``)."""

    window: Window | None
    status: VisitStatus | None
    refused: str = ""
    next_window: Window | None = None


def judge(round_: Round, at: datetime, settled: Iterable[str]) -> Judgement:
    """How a visit at ``at`` counts for ``round_``, its windows ``settled`` today (labels) not counted again.

    The window open now (or about to open) comes first: it is the duty at hand, even when an earlier one
    was missed; otherwise the latest window that ended is done late; otherwise it is not yet time.
    """
    done = set(settled)
    open_windows = [w for w in round_.windows_on(at.date()) if w.label not in done]
    tz = at.tzinfo
    for window in open_windows:
        if window.starts_on(at.date(), tz) - EARLY_ALLOWANCE <= at <= window.ends_on(at.date(), tz):
            return Judgement(window, VisitStatus.ON_TIME)
    ended = [w for w in open_windows if w.ends_on(at.date(), tz) < at]
    if ended:
        return Judgement(ended[-1], VisitStatus.LATE)
    if open_windows:
        return Judgement(None, None, "not_yet", next_window=open_windows[0])
    return Judgement(None, None, "all_done")


def missed_windows(rounds: Sequence[Round], visits: Sequence[RoundVisit], now: datetime) -> list[tuple[Round, Window]]:
    """Today's windows that ended by ``now`` with no visit settling them: each is a missed row to write once."""
    day = now.date()
    settled = {(v.round, v.window) for v in visits if v.day == day and (v.counts or v.status is VisitStatus.MISSED)}
    return [(r, w) for r in rounds for w in r.windows_on(day)
            if w.ends_on(day, now.tzinfo) <= now and (r.id, w.label) not in settled]


class BoardState(enum.StrEnum):
    """A window on today's board: done, late, missed, open now, or later today."""

    DONE = "done"
    LATE = "late"
    MISSED = "missed"
    DUE = "due"
    LATER = "later"


@dataclass(frozen=True)
class BoardRow:
    """One window of one round today, for the console."""

    round: Round
    window: Window
    state: BoardState
    visit: RoundVisit | None = None


def day_board(rounds: Sequence[Round], visits: Sequence[RoundVisit], now: datetime) -> list[BoardRow]:
    """Today's windows by building, place and time, with how each stands at ``now`` (missed before it is written)."""
    day, tz = now.date(), now.tzinfo
    by_window = {(v.round, v.window): v for v in visits if v.day == day and v.status is not VisitStatus.WRONG_PLACE}
    rows = []
    for round_ in rounds:
        for window in round_.windows_on(day):
            visit = by_window.get((round_.id, window.label))
            if visit is not None and visit.status is not VisitStatus.MISSED:
                state = BoardState.DONE if visit.status is VisitStatus.ON_TIME else BoardState.LATE
            elif window.ends_on(day, tz) <= now:
                state = BoardState.MISSED
            elif window.starts_on(day, tz) - EARLY_ALLOWANCE <= now:
                state = BoardState.DUE
            else:
                state = BoardState.LATER
            rows.append(BoardRow(round_, window, state, visit))
    return sorted(rows, key=lambda row: (_building_order(row.round.building), row.round.place, row.window))


def _building_order(building: str) -> tuple[int, str]:
    """Buildings 2 before 10; named ones after the numbered."""
    return (int(building), "") if building.isdigit() else (10**9, building)


def last_done_today(visits: Iterable[RoundVisit], day: date, tasks: Sequence[Task] = (Task.CLEANING,
                                                                                          Task.DISINFECTION),
                    ) -> dict[str, dict[Task, datetime]]:
    """By building, when each of ``tasks`` was last done on ``day`` (on time or late), for the lobby."""
    latest: dict[str, dict[Task, datetime]] = {}
    for visit in visits:
        if visit.task not in tasks or visit.at is None or not visit.counts or visit.status is VisitStatus.MISSED:
            continue
        if visit.day != day:
            continue
        seen = latest.setdefault(visit.building, {})
        if visit.task not in seen or visit.at > seen[visit.task]:
            seen[visit.task] = visit.at
    return {b: latest[b] for b in sorted(latest, key=_building_order)}


@dataclass(frozen=True)
class RoundTally:
    """How a set of windows went."""

    on_time: int = 0
    late: int = 0
    missed: int = 0
    wrong_place: int = 0

    @property
    def done(self) -> int:
        """Windows done, on time or late."""
        return self.on_time + self.late

    @property
    def on_time_percent(self) -> int | None:
        """Share of the settled windows (done or missed) done on time, rounded; None when there were none."""
        settled = self.done + self.missed
        return None if settled == 0 else round(100 * self.on_time / settled)


@dataclass(frozen=True)
class RoundFigures:
    """A month of rounds for the monthly report: totals, by building and by task, and what was scheduled."""

    month: str  # YYYY-MM
    total: RoundTally
    by_building: dict[str, RoundTally] = field(default_factory=dict)
    by_task: dict[Task, RoundTally] = field(default_factory=dict)
    scheduled: int = 0  # windows the Rounds tab, as it stands now, schedules in the month


def round_figures(visits: Iterable[RoundVisit], rounds: Iterable[Round], month: date) -> RoundFigures:
    """The month holding ``month``: visits on time, late, missed and at the wrong place, and windows scheduled.

    Pure, for the monthly report. Missed windows count as the ``missed`` rows lobbydesk wrote, so a month
    the server was off for a day counts fewer missed than ``scheduled`` would suggest.
    """
    first = month.replace(day=1)
    after = (first + timedelta(days=32)).replace(day=1)
    in_month = [v for v in visits if first <= v.day < after]
    status_of = {VisitStatus.ON_TIME: "on_time", VisitStatus.LATE: "late", VisitStatus.MISSED: "missed",
                 VisitStatus.WRONG_PLACE: "wrong_place"}

    def tally(chosen: Iterable[RoundVisit]) -> RoundTally:
        counts = Counter(status_of[v.status] for v in chosen)
        return RoundTally(**counts)

    buildings = sorted({v.building for v in in_month}, key=_building_order)
    tasks = [t for t in Task if any(v.task is t for v in in_month)]
    days = [first + timedelta(days=n) for n in range((after - first).days)]
    scheduled = sum(len(r.windows_on(day)) for r in rounds for day in days)
    return RoundFigures(
        month=f"{first:%Y-%m}",
        total=tally(in_month),
        by_building={b: tally(v for v in in_month if v.building == b) for b in buildings},
        by_task={t: tally(v for v in in_month if v.task is t) for t in tasks},
        scheduled=scheduled,
    )
