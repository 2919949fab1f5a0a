"""Notices staff publish in the Notices tab, and which of them show now, for which building."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from desk.clock import Clock
from desk.records import Highlight, Owner, Record, column
from desk.store import Store, Transaction

# Staff separate buildings as they would in a note: "1, 3", "1，3", "1 3", "1;3".
BUILDING_SEPARATORS = re.compile(r"[\s,，;；、]+")


class Notice(Record):
    """One notice for the lobby: title and body in each language, when it shows, for which buildings."""

    TAB = "Notices"
    ID_KIND = "N"
    ROWS_FROM = Owner.STAFF
    HIGHLIGHTS = (Highlight("ends", "the notice has ended and no longer shows", before_today=True,
                            colour="D9D9D9"),)

    title_zh: str = column("Title (zh)", Owner.STAFF, default="", max_length=80)
    title_en: str = column("Title (en)", Owner.STAFF, default="", max_length=80)
    body_zh: str = column("Body (zh)", Owner.STAFF, default="", max_length=1000)
    body_en: str = column("Body (en)", Owner.STAFF, default="", max_length=1000)
    starts: date | None = column("Starts", Owner.STAFF, default=None)
    ends: date | None = column("Ends", Owner.STAFF, default=None)
    buildings: str = column("Buildings", Owner.STAFF, default="", max_length=80)
    pinned: bool = column("Pinned", Owner.STAFF, default=False)

    def title(self, lang: str) -> str:
        """The title in a language, or in the other one when staff wrote only that."""
        return _in(lang, self.title_zh, self.title_en)

    def body(self, lang: str) -> str:
        """The body in a language, or in the other one when staff wrote only that."""
        return _in(lang, self.body_zh, self.body_en)

    def building_list(self) -> tuple[str, ...]:
        """The buildings the notice is for; empty means every building."""
        return tuple(part for part in BUILDING_SEPARATORS.split(self.buildings) if part)

    def shows_on(self, today: date, building: str | None = None) -> bool:
        """Whether the notice shows on a day: started, not ended, with a title, for the building if one is named.

        With no building (the lobby, where anyone may stand) every notice that is current shows.
        """
        if not (self.title_zh or self.title_en):
            return False
        if self.starts is not None and today < self.starts:
            return False
        if self.ends is not None and today > self.ends:
            return False
        targets = self.building_list()
        return building is None or not targets or building in targets


def _in(lang: str, zh: str, en: str) -> str:
    first, other = (zh, en) if lang == "zh" else (en, zh)
    return first or other


def notices_showing(notices: list[Notice], today: date, building: str | None = None) -> list[Notice]:
    """The notices that show on a day, pinned first, then the most recently started."""
    current = [notice for notice in notices if notice.shows_on(today, building)]
    return sorted(current, key=lambda n: (not n.pinned, -(n.starts or date.min).toordinal(), n.id))


@dataclass(frozen=True)
class NoticeText:
    """A notice as a screen shows it in one language, with the day it is dated (None: not known)."""

    id: str
    title: str
    body: str
    pinned: bool
    buildings: tuple[str, ...]
    day: date | None = None


class NoticeBoard:
    """Reads the notices showing now from the store."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def showing(self, building: str | None = None) -> list[Notice]:
        """The notices showing today (for a building, when named), pinned first."""
        with self._store.transaction() as tx:
            notices = tx.find(Notice)
        return notices_showing(notices, self._clock.now().date(), building)

    def texts(self, lang: str, building: str | None = None) -> list[NoticeText]:
        """The notices showing today, in a language, each dated by its Starts or else the day it was written."""
        with self._store.transaction() as tx:
            notices = notices_showing(tx.find(Notice), self._clock.now().date(), building)
            days = {n.id: n.starts or _first_written(tx, n.id, self._clock.tz) for n in notices}
        return [NoticeText(n.id, n.title(lang), n.body(lang), n.pinned, n.building_list(), days[n.id])
                for n in notices]

    def ticker_lines(self) -> list[str]:
        """One line per notice showing today, both languages, for the lobby display's ticker."""
        lines = []
        for notice in self.showing():
            titles = [t for t in dict.fromkeys((notice.title_zh, notice.title_en)) if t]
            lines.append(" · ".join(titles))
        return lines


def _first_written(tx: Transaction, notice_id: str, tz: tzinfo) -> date | None:
    """The day a notice first reached the store: staff left Starts empty, so it showed from then."""
    entries = tx.history_entries(notice_id)
    return datetime.fromisoformat(entries[0].at).astimezone(tz).date() if entries else None
