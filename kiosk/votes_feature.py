"""Owners' votes at the kiosk: a signed-in owner of record answers each open question once, one per screen.

The steps: the open questions (skipped when there is one), the question with its choices, "You chose
… — cast your vote?", then the recorded vote and its printed receipt. A unit that already voted is
told so in words, with its own choice; nothing on screen names a record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from nicegui import ui

from desk.catalog import CATALOG, say
from desk.day_words import span_words
from desk.print_journal import NOT_PRINTED
from desk.votes import Ballot, OpenVote, Vote, VoteDesk, VoteKind, VoteRefused, VoteRefusedError
from kiosk.features import FeatureHost, HomeTile, StepFeature
from kiosk.widgets import action, message, title

_REFUSALS = {VoteRefused.NOT_OPEN: "vote_not_open", VoteRefused.ALREADY_VOTED: "vote_already_voted",
             VoteRefused.NOT_AN_OWNER: "vote_not_an_owner", VoteRefused.NO_SUCH_CHOICE: "vote_no_such_choice"}


@dataclass
class _Screen:
    """One screen's step: which question, which choice awaits confirming, the ballot taken, or why not."""

    vote: Vote | None = None
    choice: str | None = None
    ballot: Ballot | None = None
    refused: VoteRefused | None = None
    own: Ballot | None = None  # the unit's earlier ballot, shown with an "already voted"
    casting: bool = False  # the ballot is being taken: a second tap must not cast another


class VotesFeature(StepFeature[_Screen]):
    """The Votes tile: shown only while a vote is open; needs the owner signed in."""

    def __init__(self, votes: VoteDesk, wake_printer: Callable[[], None] | None = None) -> None:
        super().__init__(_Screen)
        self.votes = votes
        self.wake_printer = wake_printer
        self.tile = HomeTile(key="votes", icon="how_to_vote", title=CATALOG["votes"], hint=CATALOG["votes_hint"],
                             needs_sign_in=True, order=45, shown_when=votes.any_open)

    def draw_step(self, host: FeatureHost, screen: _Screen) -> None:
        """The list, the question, the confirmation, the recorded vote, or why not."""
        session = host.session
        if session is None:
            host.ask_sign_in()
            return
        if screen.ballot is not None:
            self._recorded(host, screen.ballot)
        elif screen.refused is not None:
            self._refused(host, screen)
        elif screen.vote is not None and screen.choice is not None:
            self._confirm(host, screen, screen.vote, screen.choice)
        elif screen.vote is not None:
            self._question(host, screen, screen.vote)
        elif not self.votes.may_vote(session.unit_id):
            screen.refused = VoteRefused.NOT_AN_OWNER  # told before reading a question they cannot answer
            self._refused(host, screen)
        else:
            self._list(host, screen, self.votes.open_for(session.unit_id))

    def _list(self, host: FeatureHost, screen: _Screen, open_votes: list[OpenVote]) -> None:
        lang = host.lang
        if not open_votes:
            message(say("votes_none_open", lang), "votes-none")
            action(say("done", lang), host.go_home, "vote-done")
            return
        if len(open_votes) == 1:
            self._chose_vote(host, screen, open_votes[0], redraw=False)
            self.draw_step(host, screen)
            return
        title(say("votes_choose", lang), "votes-choose")
        with ui.column().classes("w-full max-w-4xl gap-6"):
            for number, found in enumerate(open_votes, start=1):
                words = found.vote.question(lang)
                if found.own is not None:
                    words += f" · {say('vote_your_unit_voted', lang)}"
                action(words, partial(self._chose_vote, host, screen, found), f"vote-open-{number}",
                       primary=found.own is None).classes("w-full")
        action(say("back", lang), host.go_home, "vote-back", primary=False)

    def _chose_vote(self, host: FeatureHost, screen: _Screen, found: OpenVote, *, redraw: bool = True) -> None:
        host.touch()
        screen.vote = found.vote
        if found.own is not None:
            screen.refused, screen.own = VoteRefused.ALREADY_VOTED, found.own
        if redraw:
            host.redraw()

    def _question(self, host: FeatureHost, screen: _Screen, vote: Vote) -> None:
        lang = host.lang
        title(vote.question(lang), "vote-question")
        closes = self.votes.local(vote.closes)
        message(say("vote_closes_at", lang, time=span_words(closes, None, lang)), "vote-closes")
        if vote.kind is VoteKind.MAJOR:
            message(say("vote_major", lang), "vote-major")
        message(say("vote_pick_one", lang), "vote-pick-one")
        with ui.column().classes("w-full max-w-4xl gap-6"):
            for number, key in enumerate(vote.choice_keys(), start=1):
                action(vote.choice_label(key, lang), partial(self._chose, host, screen, key),
                       f"vote-choice-{number}").classes("w-full")
        action(say("back", lang), partial(self._back_to_list, host, screen), "vote-back", primary=False)

    def _chose(self, host: FeatureHost, screen: _Screen, key: str | None) -> None:
        host.touch()
        screen.choice = key
        host.redraw()

    def _back_to_list(self, host: FeatureHost, screen: _Screen) -> None:
        host.touch()
        if host.session is not None and len(self.votes.open_for(host.session.unit_id)) <= 1:
            host.go_home()  # the list would only open the one question again
            return
        screen.vote = screen.choice = None
        host.redraw()

    def _confirm(self, host: FeatureHost, screen: _Screen, vote: Vote, key: str) -> None:
        lang = host.lang
        title(vote.question(lang), "vote-question")
        message(say("vote_confirm", lang, choice=vote.choice_label(key, lang)), "vote-confirm")
        with ui.row().classes("gap-6"):
            action(say("vote_yes_cast", lang), partial(self._cast, host, screen, vote, key), "vote-cast")
            action(say("vote_change_choice", lang), partial(self._chose, host, screen, None), "vote-change",
                   primary=False)

    async def _cast(self, host: FeatureHost, screen: _Screen, vote: Vote, key: str) -> None:
        host.touch()
        session = host.session
        if screen.casting or screen.ballot is not None or session is None:
            return  # the first tap's ballot is on its way, or taken
        screen.casting = True
        try:
            ballot = await host.in_background(partial(self.votes.cast, lang=host.lang), vote.id, session.unit_id,
                                              key)
        except VoteRefusedError as refused:
            screen.refused, screen.own = refused.reason, refused.ballot
            host.redraw()
            return
        finally:
            screen.casting = False
        if ballot is None:
            return
        screen.ballot = ballot
        if self.wake_printer is not None:
            self.wake_printer()
        host.redraw()

    def _recorded(self, host: FeatureHost, ballot: Ballot) -> None:
        lang = host.lang
        title(say("vote_recorded", lang), "vote-recorded")
        vote = self.votes.get(ballot.vote)
        if vote is not None:
            message(say("vote_you_chose", lang, choice=vote.choice_label(ballot.choice, lang)), "vote-own-choice")
        if host.print_outcome(ballot.id) == NOT_PRINTED:
            message(say("no_printer", lang), "vote-no-printer", warning=True)
        else:
            message(say("vote_receipt_printing", lang), "vote-receipt-printing")
        action(say("done", lang), host.go_home, "vote-done")

    def _refused(self, host: FeatureHost, screen: _Screen) -> None:
        lang = host.lang
        if screen.vote is not None:  # which question: the owner may have come straight from the tile
            title(screen.vote.question(lang), "vote-question")
        message(say(_REFUSALS[screen.refused or VoteRefused.NOT_OPEN], lang), "vote-refused", warning=True)
        if screen.own is not None and screen.vote is not None:
            message(say("vote_you_chose", lang, choice=screen.vote.choice_label(screen.own.choice, lang)),
                    "vote-own-choice")
        action(say("done", lang), host.go_home, "vote-done")
