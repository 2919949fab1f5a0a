"""What the lobby display says aloud for a call."""

from __future__ import annotations

from admin.announcer import Announcement, Announcer
from admin.display import spoken_call


def test_a_call_is_spoken_digit_by_digit_in_both_languages() -> None:
    zh, en = spoken_call(Announcement(1, "A012", "2"))
    assert zh == "请 A 0 1 2 号到 2 号窗口"
    assert en == "Number A 0 1 2, please go to counter 2"


def test_a_new_display_starts_quiet_and_hears_only_later_calls() -> None:
    announcer = Announcer(keep=3)
    announcer.announce("A001", "1")
    joined_at = announcer.latest_sequence()
    announcer.announce("A002", "2")
    announcer.announce("A002", "2")
    assert [(c.number, c.sequence) for c in announcer.since(joined_at)] == [("A002", 2), ("A002", 3)]
    for n in range(5):
        announcer.announce(f"B00{n}", "1")
    assert len(announcer.since(0)) == 3, "only the latest calls are kept"
