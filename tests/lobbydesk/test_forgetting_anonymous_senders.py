"""The site's housekeeping after the sync forgets who made anonymous suggestions once the limits are done."""

from __future__ import annotations

from desk.clock import FixedClock
from desk.feedback import AnonymousSender, FeedbackCategory, FeedbackKind
from lobbydesk.site import Site


def test_the_rules_after_the_sync_forget_the_senders_of_anonymous_suggestions_made_before_yesterday(
    site: Site, site_clock: FixedClock
) -> None:
    site.repairs.feedback.file(kind=FeedbackKind.SUGGESTION, category=FeedbackCategory.CLEANING,
                               text="More bins by gate 2", unit_id="SUNNY-U1", unit_label="3-1202", anonymous=True)
    site.after_sync()
    with site.store.transaction() as tx:
        (sender,) = tx.find(AnonymousSender)  # today's: the daily limit and the duplicate check still count it

    site_clock.advance(days=2)
    site.after_sync(quiet=True)  # a quiet cycle: the rules that follow the clock still run once a minute

    with site.store.transaction() as tx:
        assert tx.find(AnonymousSender) == []
        assert tx.history_entries(sender.id) == []
