"""``/round/<token>``: a checkpoint label scanned with a staff member's phone; record the round done here.

The page asks for the staff login once (the console's login and session; it comes back here after), shows
the rounds of this place today with how each window stands, and records one as done with an optional
note and photo (cleaned as a repair photo is, at most 5 MB). Done is a guarded staff action: a phone whose
session ended cannot record. What counts as on time, late or too early is :func:`desk.rounds.judge`.
"""

from __future__ import annotations

from datetime import tzinfo
from functools import partial
from typing import TypeVar
from urllib.parse import quote

from nicegui import events, run, ui

from admin.auth import StaffGate, StaffPage, StaffSession
from admin.context import AdminContext
from admin.rounds_console import STATES, task_words
from desk.photos import PHOTO_MAX_BYTES, PhotoRefusedError, clean_photo
from desk.rounds import BoardState, Round, RoundVisit, VisitStatus
from desk.rounds_desk import NOTE_MAX, RoundRefusedError, RoundsDesk

PHONE_STYLE = "background: #f1f5f9"
REFUSALS = {
    "unknown_place": "This label is not a checkpoint (any more) 此标签不是有效巡查点",
    "no_round": "That round is not in the Rounds tab any more 该巡查已不存在",
    "all_done": "This round is done for today 今日已完成",
}


def register_round_page(rounds: RoundsDesk, admin: AdminContext) -> None:
    """Add ``/round/<token>`` to the app, behind the staff login."""

    @ui.page("/round/{token}")
    def round_page(token: str) -> None:
        ui.page_title(f"{admin.community_name()} · rounds 巡查")
        staff = admin.gate.current()
        if staff is None:
            ui.navigate.to(f"/staff/login?next={quote(f'/round/{token}', safe='/')}")
            return
        RoundPhonePage(rounds, admin.gate, StaffPage(admin.gate, staff), token).build()


class RoundPhonePage:
    """One scanned checkpoint on one phone."""

    def __init__(self, rounds: RoundsDesk, gate: StaffGate, page: StaffPage, token: str) -> None:
        self.rounds = rounds
        self.gate = gate
        self.page = page
        self.token = token
        self.photo: bytes | None = None

    def build(self) -> None:
        """Draw the place, its rounds today and the form, or why the label is not a checkpoint."""
        ui.query("body").style(PHONE_STYLE)
        self.gate.watch()
        self.area = ui.column().classes("w-full max-w-md mx-auto p-4 gap-4")
        with self.area:
            try:
                checkpoint, _ = self.rounds.here(self.token)
            except RoundRefusedError as refused:
                _testid(ui.label(REFUSALS.get(refused.code, str(refused))).classes("text-2xl font-bold"),
                        "round-refused")
                return
            ui.label(f"{self.page.name} ({self.page.role})").classes("text-base text-gray-700")
            ui.label("Checkpoint 巡查点").classes("text-lg")
            _testid(ui.label(checkpoint.title).classes("text-3xl font-bold"), "round-place")
            self.windows = ui.column().classes("w-full gap-2")
            self._draw_form()
            self.message = _testid(ui.label("").classes("text-xl font-bold"), "round-message")
        self._draw_windows()

    def _draw_form(self) -> None:
        _, rows = self.rounds.here(self.token)
        here: dict[str, Round] = {row.round.id: row.round for row in rows}
        choices = {round_id: f"{task_words(r.task)} · {r.windows}" for round_id, r in here.items()}
        # Rounds of other places: recording one here is kept as "wrong place", so a mix-up is seen, not hidden.
        for other in self.rounds.elsewhere(self.token):
            choices[other.id] = f"⚠ {other.building} · {other.place} · {task_words(other.task)}"
        # The window open now first, else one that ended unvisited (a late visit beats none).
        due = next((row.round.id for state in (BoardState.DUE, BoardState.MISSED) for row in rows
                    if row.state is state), None)
        self.choice = _testid(ui.select(choices, value=due or next(iter(here), None), label="Round 巡查项目")
                              .classes("w-full text-xl"), "round-choice")
        self.note = _testid(ui.textarea("Note 备注 (optional)").props(f"outlined autogrow maxlength={NOTE_MAX}")
                            .classes("w-full"), "round-note")
        self.uploader = ui.upload(label="Photo 照片 (optional)", on_upload=self._received, auto_upload=True,
                                  max_file_size=PHOTO_MAX_BYTES, max_files=1)\
            .props('accept="image/jpeg,image/png" flat bordered').classes("w-full").mark("round-photo")\
            .props("data-testid=round-photo").on("rejected", self.page.action("rounds.photo_refused", self._rejected))
        self.photo_status = _testid(ui.label("").classes("text-base"), "round-photo-status")
        _testid(self.page.button("Done 完成", "rounds.done", self._done, mark="round-done")
                .classes("w-full text-xl min-h-[64px]").props("color=primary no-caps"), "round-done")

    def _draw_windows(self) -> None:
        _, rows = self.rounds.here(self.token)
        tz = self.rounds.tz
        self.windows.clear()
        with self.windows:
            if not rows:
                ui.label("No rounds here today 今日此处无巡查").classes("text-xl").mark("round-none")
            for row in rows:
                words, colour = STATES[row.state]
                done = f" · {row.visit.at.astimezone(tz):%H:%M} {row.visit.staff}" \
                    if row.visit is not None and row.visit.at is not None else ""
                _testid(ui.label(f"{task_words(row.round.task)} {row.window.label}: {words}{done}")
                        .classes(f"w-full rounded px-3 py-2 text-lg {colour}"), "round-window")

    async def _received(self, event: events.UploadEventArguments) -> None:
        """Keep the photo once it is known to be one (cleaned again when the round is recorded).

        Only for a live session: a phone logged out elsewhere has its photo dropped unread.
        """
        self.photo = None
        if self.gate.current() is None:
            return
        if event.file.size() > PHOTO_MAX_BYTES:
            self.photo_status.set_text("The photo is over 5 MB 照片超过 5 MB")
            return
        data = await event.file.read()
        try:
            await run.io_bound(clean_photo, data)
        except PhotoRefusedError:
            self.photo_status.set_text("Only JPEG or PNG photos up to 5 MB 仅限 5 MB 以内的 JPEG/PNG 照片")
            return
        self.photo = data
        self.photo_status.set_text("Photo added 已添加照片")

    def _rejected(self, _staff: StaffSession) -> None:
        self.photo_status.set_text("Only JPEG or PNG photos up to 5 MB 仅限 5 MB 以内的 JPEG/PNG 照片")

    async def _done(self, staff: StaffSession) -> None:
        """Record the chosen round at this checkpoint, for the staff member whose session is live now."""
        round_id = self.choice.value
        if not round_id:
            self.message.set_text("Choose the round first 请先选择巡查项目")
            return
        record = partial(self.rounds.record, self.token, str(round_id), staff=staff.name,
                         note=self.note.value or "", photo=self.photo)
        try:
            visit = await run.io_bound(record)
        except RoundRefusedError as refused:
            self.message.set_text(_refusal(refused))
            return
        except PhotoRefusedError as refused:
            self.message.set_text(f"The photo was refused 照片无法使用: {refused}")
            return
        if visit is None:  # the server is stopping
            return
        self.message.set_text(_outcome(visit, self.rounds.tz))
        self.note.set_value("")
        self.photo = None
        self.uploader.reset()
        self.photo_status.set_text("")
        self._draw_windows()


def _outcome(visit: RoundVisit, tz: tzinfo) -> str:
    at = f"{visit.at.astimezone(tz):%H:%M}" if visit.at is not None else ""
    if visit.status is VisitStatus.WRONG_PLACE:
        return (f"Wrong place 位置不符: this round is at {visit.building} · {visit.place}. Kept as wrong place; "
                "the round is still open 已记录为位置不符，该巡查仍未完成")
    if visit.status is VisitStatus.LATE:
        return f"Recorded late 已登记（迟到） {at} · window 时段 {visit.window}"
    return f"Recorded on time 已按时登记 {at} · window 时段 {visit.window}"


def _refusal(refused: RoundRefusedError) -> str:
    if refused.code == "not_yet":
        return f"Not yet 尚未到时间: {refused}"
    return REFUSALS.get(refused.code, str(refused))


E = TypeVar("E", bound=ui.element)


def _testid(element: E, name: str) -> E:
    """Marked for the user fixture and, as ``data-testid``, for Chromium."""
    return element.mark(name).props(f"data-testid={name}")
