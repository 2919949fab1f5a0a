"""The rounds over the store: checkpoints and their labels, recording a scanned visit, flagging missed windows."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from desk.catalog import say
from desk.catalog.rounds_words import task_name
from desk.clock import Clock
from desk.ids import IdFactory
from desk.photos import save_photo
from desk.rounds import (
    CHECKPOINT_LABEL,
    BoardRow,
    Round,
    RoundVisit,
    Task,
    VisitStatus,
    checkpoint_key,
    checkpoint_token,
    day_board,
    judge,
    last_done_today,
    missed_windows,
)
from desk.store import Store, Transaction

NOTE_MAX = 200


@dataclass(frozen=True)
class Checkpoint:
    """A place with rounds, as its label shows it; ``token`` goes in the label's QR code."""

    building: str
    place: str
    token: str
    tasks: tuple[Task, ...]

    @property
    def title(self) -> str:
        """``3 · Lobby 大堂``, or the place alone."""
        return f"{self.building} · {self.place}" if self.building else self.place


class RoundRefusedError(ValueError):
    """A visit that is not recorded; ``code``: ``unknown_place``, ``no_round``, ``not_yet``, ``all_done``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class RoundsDesk:
    """Reads the Rounds tab, records the visits staff scan, writes the missed ones."""

    def __init__(self, store: Store, clock: Clock, ids: IdFactory, checkpoint_secret: Callable[[], bytes],
                 photo_folder: Path, photo_url: Callable[[str], str]) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self._secret = checkpoint_secret  # read when first needed: the sync child never makes labels
        self._photo_folder = photo_folder
        self._photo_url = photo_url
        self._last_done: tuple[tuple[int, date], dict[str, dict[Task, datetime]]] | None = None

    @property
    def tz(self) -> ZoneInfo:
        """The site's time zone."""
        return self._clock.tz

    def rounds(self) -> list[Round]:
        """Every round in the Rounds tab."""
        with self._store.transaction() as tx:
            return tx.find(Round)

    def checkpoints(self, building: str | None = None) -> list[Checkpoint]:
        """Each place with rounds (of ``building`` only, when given), with its token."""
        places: dict[tuple[str, str], Checkpoint] = {}
        secret = self._secret()
        for round_ in self.rounds():
            if building is not None and round_.building.strip() != building.strip():
                continue
            known = places.get(round_.checkpoint)
            tasks = (known.tasks if known else ()) + ((round_.task,) if not known or round_.task not in known.tasks
                                                      else ())
            places[round_.checkpoint] = Checkpoint(round_.building.strip(), round_.place.strip(),
                                                   checkpoint_token(secret, round_.building, round_.place), tasks)
        return sorted(places.values(), key=lambda c: (c.building.zfill(6), c.place))

    def checkpoint(self, token: str) -> Checkpoint | None:
        """The place a scanned token marks, or None (compared in constant time)."""
        return next((c for c in self.checkpoints() if hmac.compare_digest(c.token, token)), None)

    def journal_labels(self, building: str | None = None, *, lang: str = "zh") -> list[Checkpoint]:
        """Journal one label print job per checkpoint (of ``building``); the print worker sends them."""
        chosen = self.checkpoints(building)
        now = self._clock.now()
        with self._store.transaction() as tx:
            for checkpoint in chosen:
                tx.add_print_job(CHECKPOINT_LABEL, checkpoint.token, {"lang": lang}, at=now)
        return chosen

    def here(self, token: str) -> tuple[Checkpoint, list[BoardRow]]:
        """The place of ``token`` and its rounds' windows today; raises :class:`RoundRefusedError` for no place."""
        checkpoint = self._place(token)
        return checkpoint, [row for row in self.board() if row.round.checkpoint == _key(checkpoint)]

    def elsewhere(self, token: str) -> list[Round]:
        """Rounds at other places (a round recorded from here is at the wrong place)."""
        checkpoint = self._place(token)
        return [r for r in self.rounds() if r.checkpoint != _key(checkpoint) and r.windows_on(self._clock.now().date())]

    def record(self, token: str, round_id: str, *, staff: str, note: str = "",
               photo: bytes | None = None) -> RoundVisit:
        """Record a visit of ``round_id`` scanned at the checkpoint of ``token``.

        At another place's checkpoint the visit is kept as ``wrong place`` and the round's window stays open.
        A photo is cleaned as a repair photo is (:func:`desk.photos.save_photo`) before anything is stored.
        """
        checkpoint = self._place(token)
        now = self._clock.now()
        photo_link = self._photo_url(save_photo(self._photo_folder, photo, "round")) if photo else ""
        with self._store.transaction() as tx:
            round_ = tx.get(Round, round_id)
            if round_ is None:
                raise RoundRefusedError("no_round", "there is no such round")
            today = _visits_on(tx, now.date())
            mine = [v for v in today if v.round == round_.id]
            common = {"round": round_.id, "task": round_.task, "building": round_.building, "place": round_.place,
                      "day": now.date(), "at": now, "staff": staff, "scanned_place": checkpoint.title,
                      "note": " ".join(note.split())[:NOTE_MAX], "photo": photo_link}
            if round_.checkpoint != _key(checkpoint):
                visit = RoundVisit(id=tx.new_id(self._ids, RoundVisit), window="", status=VisitStatus.WRONG_PLACE,
                                   **common)
                tx.put(visit, actor=f"staff {staff}", at=now)
                return visit
            judged = judge(round_, now, [v.window for v in mine if v.counts and v.status is not VisitStatus.MISSED])
            if judged.window is None or judged.status is None:
                raise RoundRefusedError(judged.refused, _refusal(judged.refused, judged.next_window))
            missed = next((v for v in mine if v.window == judged.window.label and v.status is VisitStatus.MISSED),
                          None)
            visit = RoundVisit(id=missed.id if missed else tx.new_id(self._ids, RoundVisit),
                               window=judged.window.label, status=judged.status, **common)
            tx.put(visit, actor=f"staff {staff}", at=now)
        return visit

    def flag_missed(self) -> int:
        """Write a ``missed`` row for each of today's windows that ended without a visit; idempotent."""
        now = self._clock.now()
        with self._store.transaction() as tx:  # one write transaction: two processes cannot both add a row
            missed = missed_windows(tx.find(Round), _visits_on(tx, now.date()), now)
            for round_, window in missed:
                tx.put(RoundVisit(id=tx.new_id(self._ids, RoundVisit), round=round_.id, task=round_.task,
                                  building=round_.building, place=round_.place, day=now.date(), window=window.label,
                                  status=VisitStatus.MISSED), actor="lobbydesk", at=now)
        return len(missed)

    def board(self) -> list[BoardRow]:
        """Today's windows with how each stands now."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            return day_board(tx.find(Round), _visits_on(tx, now.date()), now)

    def visits_between(self, first: date, after: date) -> list[RoundVisit]:
        """Visits of the days ``first`` up to, not including, ``after`` (for the monthly figures)."""
        with self._store.transaction() as tx:
            return tx.find(RoundVisit, "json_extract(body, '$.day') >= ? AND json_extract(body, '$.day') < ?",
                           (first.isoformat(), after.isoformat()))

    def last_done(self) -> dict[str, dict[Task, datetime]]:
        """By building, when it was last cleaned and disinfected today.

        Every lobby display and idle kiosk asks each second: the answer is kept until the store changes.
        """
        now = self._clock.now()
        with self._store.transaction() as tx:
            key = (tx.last_revision(), now.date())
            if self._last_done is None or self._last_done[0] != key:
                self._last_done = (key, last_done_today(_visits_on(tx, now.date()), now.date()))
        return self._last_done[1]

    def lobby_lines(self, lang: str) -> list[str]:
        """``3号楼 清洁 09:12 · 消毒 10:05`` for each building cleaned or disinfected today."""
        lines = []
        tz = self._clock.tz
        for building, done in self.last_done().items():
            parts = [say("rounds_task_at", lang, task=task_name(task, lang, done=True),
                         time=f"{at.astimezone(tz):%H:%M}")
                     for task, at in sorted(done.items(), key=lambda item: list(Task).index(item[0]))]
            where = say("rounds_building", lang, building=building) if building else ""
            lines.append(f"{where} {' · '.join(parts)}".strip())
        return lines

    def _place(self, token: str) -> Checkpoint:
        checkpoint = self.checkpoint(token)
        if checkpoint is None:
            raise RoundRefusedError("unknown_place", "this label is not a checkpoint of any round (now)")
        return checkpoint


def _key(checkpoint: Checkpoint) -> tuple[str, str]:
    return checkpoint_key(checkpoint.building, checkpoint.place)


def _visits_on(tx: Transaction, day: date) -> list[RoundVisit]:
    return tx.find(RoundVisit, "json_extract(body, '$.day') = ?", (day.isoformat(),))


def _refusal(code: str, next_window: object) -> str:
    if code == "not_yet" and next_window is not None:
        return f"not yet: its next window is {getattr(next_window, 'label', '')}"
    return "this round is done for today"


def month_bounds(month: date) -> tuple[date, date]:
    """The first day of ``month``'s month and the first of the next."""
    first = month.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1)
