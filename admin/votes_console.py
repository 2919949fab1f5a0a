"""``/staff/votes``: owners' votes, their turnout so far, and (for managers) who voted and publishing the result.

Every clerk sees each vote's window and turnout; choices are counted on the page only once a vote has
closed, so nobody at the desk can tell owners how it is going. Who voted (the named ballots) is shown
only to a manager, at the press of a button the gate checks, and so are Publish and the PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from nicegui import run, ui

from admin.auth import StaffPage, StaffSession, actor_of
from admin.sections import ConsoleSection
from desk.votes import Vote, VoteDesk, VoteState, area_text, result_text
from desk.votes_tally import Tally

MANAGERS = ("manager",)
STATES = {VoteState.UPCOMING: "upcoming 未开始", VoteState.OPEN: "open 进行中", VoteState.CLOSED: "closed 已截止"}


class VotesConsole:
    """The votes page; the result's PDF is made by the wiring (fpdf2 lives above the console)."""

    def __init__(self, votes: VoteDesk, *, pdf: Callable[[Vote, Tally], bytes], refresh_seconds: float = 5.0) -> None:
        self.votes = votes
        self.pdf = pdf
        self.refresh_seconds = refresh_seconds

    def section(self) -> ConsoleSection:
        """The page in the console's navigation."""
        return ConsoleSection("votes", "Votes 业主表决", self.build)

    def build(self, page: StaffPage) -> None:
        """Draw the votes and keep their turnout current."""
        _VotesPage(self, page).build()


class _VotesPage:
    """One open votes page: redrawn when a vote or a ballot changed."""

    def __init__(self, console: VotesConsole, page: StaffPage) -> None:
        self.console = console
        self.votes = console.votes
        self.page = page
        self.shown_ballots: set[str] = set()  # votes whose named ballots this manager asked to see

    def build(self) -> None:
        with ui.column().classes("w-full max-w-5xl mx-auto p-6 gap-4"):
            ui.label("Votes 业主表决").classes("text-2xl font-bold")
            self.area = ui.column().classes("w-full gap-4").mark("votes-list")
        self.drawn: object = None
        self.refresh()
        ui.timer(self.console.refresh_seconds, self.refresh)

    def refresh(self, *, force: bool = False) -> None:
        """Redraw when a vote, a count or the state of a window changed."""
        now = self.votes.now()
        counted = [(*self.votes.count(vote.id), vote.state(now)) for vote in self.votes.votes()]
        if counted == self.drawn and not force:
            return
        self.drawn = counted
        self.area.clear()
        with self.area:
            if not counted:
                ui.label("No votes yet: add one in the Votes tab 暂无表决，请在 Votes 表中添加").mark("votes-empty")
            for vote, tally, state in counted:
                self._vote(vote, tally, state)

    def _vote(self, vote: Vote, tally: Tally, state: VoteState) -> None:
        with ui.card().classes("w-full gap-2").mark(f"vote-{vote.id}"):
            ui.label(f"{vote.question('zh')} · {vote.question('en')}").classes("text-xl font-bold")
            opens, closes = self.votes.local(vote.opens), self.votes.local(vote.closes)
            ui.label(f"{vote.kind.value} · {opens:%Y-%m-%d %H:%M} – {closes:%Y-%m-%d %H:%M} · {STATES[state]}")\
                .mark(f"vote-state-{vote.id}")
            ui.label(f"Took part 参与: {tally.owners} / {tally.total_owners} owners 户 · "
                     f"{area_text(tally.area)} / {area_text(tally.total_area)} m²").mark(f"vote-turnout-{vote.id}")
            if state is VoteState.CLOSED:
                for lang in ("zh", "en"):
                    ui.label(result_text(vote, tally, lang)).classes("whitespace-pre-wrap")\
                        .mark(f"vote-result-{vote.id}")
            if vote.published_at is not None:
                published = self.votes.local(vote.published_at)
                ui.label(f"Published 已公布 {published:%Y-%m-%d %H:%M}").mark(f"vote-published-{vote.id}")
            if self.page.role in MANAGERS:
                self._managers_buttons(vote, state)
            if vote.id in self.shown_ballots:
                self._ballots(vote)

    def _managers_buttons(self, vote: Vote, state: VoteState) -> None:
        with ui.row().classes("gap-2"):
            self.page.button("Who voted 投票名单", "votes.ballots", partial(self._show_ballots, vote=vote),
                             mark=f"vote-ballots-{vote.id}", roles=MANAGERS).props("outline no-caps")
            if state is VoteState.CLOSED:
                if vote.published_at is None:
                    self.page.button("Publish 公布结果", "votes.publish", partial(self._publish, vote=vote),
                                     mark=f"vote-publish-{vote.id}", roles=MANAGERS)\
                        .props(f"color=primary no-caps data-testid=vote-publish-{vote.id}")
                self.page.button("Download PDF 下载PDF", "votes.pdf", partial(self._download, vote=vote),
                                 mark=f"vote-pdf-{vote.id}", roles=MANAGERS).props("outline no-caps")

    def _ballots(self, vote: Vote) -> None:
        ballots = self.votes.ballots(vote.id)
        with ui.column().classes("w-full gap-1 bg-white rounded p-3").mark(f"vote-who-{vote.id}"):
            if not ballots:
                ui.label("Nobody has voted yet 尚无人投票")
            for ballot in ballots:
                ui.label(f"{ballot.unit_label} · {ballot.owner_name} · {vote.choice_label(ballot.choice, 'zh')} · "
                         f"{area_text(ballot.area_m2)} m² · {self.votes.local(ballot.cast_at):%m-%d %H:%M}")\
                    .mark("vote-ballot-row")

    def _show_ballots(self, staff: StaffSession, vote: Vote) -> None:
        self.shown_ballots.add(vote.id)
        self.refresh(force=True)

    async def _publish(self, staff: StaffSession, vote: Vote) -> None:
        try:
            published = await run.io_bound(partial(self.votes.publish, vote.id, actor=actor_of(staff)))
        except ValueError as refused:  # staff moved the close later in the sheet meanwhile
            ui.notify(f"Not published 未公布: {refused}", type="warning")
            return
        if published is None:  # the server is stopping
            return
        ui.notify("Published on the notice board 已发布公告", type="positive")
        self.refresh(force=True)
        await self._download(staff, vote)  # the same result on paper, for the board in the lobby

    async def _download(self, staff: StaffSession, vote: Vote) -> None:
        counted = await run.io_bound(self.votes.count, vote.id)
        if counted is None:
            return
        try:
            data = await run.io_bound(self.console.pdf, *counted)
        except RuntimeError as error:  # no Chinese font on this machine: the message says what to install
            ui.notify(f"The PDF cannot be made 无法生成PDF: {error}", type="warning")
            return
        if data is not None:
            ui.download.content(data, f"vote-result-{self.votes.local(vote.closes):%Y-%m-%d}.pdf", "application/pdf")
