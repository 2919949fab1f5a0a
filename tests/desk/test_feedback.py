"""Feedback: filed by category, routed by the table staff keep, anonymous only for suggestions."""

from __future__ import annotations

import sqlite3

import pytest

from desk.clock import FixedClock
from desk.feedback import (
    DEFAULT_ROUTES,
    AnonymousSender,
    Department,
    Feedback,
    FeedbackCategory,
    FeedbackDesk,
    FeedbackKind,
    FeedbackRefusedError,
    Routing,
)
from desk.ids import SequentialIds
from desk.store import Store
from sync.engine import SYNCED_KINDS


@pytest.fixture
def feedback(store: Store, clock: FixedClock) -> FeedbackDesk:
    return FeedbackDesk(store, clock, SequentialIds("SUNNY"))


def complain(desk: FeedbackDesk, text: str = "电梯里有烟味", **changes: object) -> object:
    values: dict[str, object] = {"kind": FeedbackKind.COMPLAINT, "category": FeedbackCategory.SECURITY,
                                 "text": text, "unit_id": "SUNNY-U1", "unit_label": "3-1202"}
    return desk.file(**{**values, **changes})  # type: ignore[arg-type]


def test_feedback_goes_to_the_department_the_routing_table_names(
    feedback: FeedbackDesk, store: Store, clock: FixedClock
) -> None:
    assert feedback.seed_routing() == len(DEFAULT_ROUTES)
    assert feedback.seed_routing() == 0  # once only, even after staff delete rows
    first = feedback.file(kind=FeedbackKind.COMPLAINT, category=FeedbackCategory.PARKING, text="Car on the lawn",
                          unit_id="SUNNY-U1", unit_label="3-1202")
    assert first.department is Department.SECURITY

    with store.transaction() as tx:
        row = next(r for r in tx.find(Routing) if r.category is FeedbackCategory.PARKING)
        tx.put(row.model_copy(update={"department": Department.CUSTOMER_SERVICE}), actor="staff", at=clock.now())
    second = feedback.file(kind=FeedbackKind.INQUIRY, category=FeedbackCategory.PARKING, text="Visitor spaces?",
                           unit_id="SUNNY-U1", unit_label="3-1202")
    assert second.department is Department.CUSTOMER_SERVICE


def test_only_suggestions_may_be_anonymous(feedback: FeedbackDesk) -> None:
    with pytest.raises(FeedbackRefusedError) as refused:
        complain(feedback, anonymous=True)
    assert refused.value.code == "anonymous"

    idea = feedback.file(kind=FeedbackKind.SUGGESTION, category=FeedbackCategory.CLEANING, text="More bins",
                         unit_id="SUNNY-U1", unit_label="3-1202", anonymous=True)
    assert (idea.unit, idea.unit_label, idea.anonymous) == ("", "", True)
    assert feedback.for_unit("SUNNY-U1") == []


def test_the_owner_reads_the_response_on_their_unit(feedback: FeedbackDesk, store: Store, clock: FixedClock) -> None:
    filed = feedback.file(kind=FeedbackKind.PRAISE, category=FeedbackCategory.STAFF, text="小王 very kind 👍",
                          unit_id="SUNNY-U1", unit_label="3-1202")
    with store.transaction() as tx:
        tx.put(filed.model_copy(update={"response": "Thank you!"}), actor="staff", at=clock.now())

    assert [(f.text, f.response) for f in feedback.for_unit("SUNNY-U1")] == [("小王 very kind 👍", "Thank you!")]


def test_duplicates_limits_and_text_caps(feedback: FeedbackDesk, clock: FixedClock) -> None:
    first = complain(feedback)
    with pytest.raises(FeedbackRefusedError) as refused:
        complain(feedback)
    assert (refused.value.code, refused.value.existing) == ("duplicate", getattr(first, "id", None))
    for n in range(9):
        complain(feedback, text=f"noise {n}")
    with pytest.raises(FeedbackRefusedError) as refused:
        complain(feedback, text="noise 10")
    assert refused.value.code == "limit"
    with pytest.raises(FeedbackRefusedError) as refused:
        complain(feedback, unit_id="SUNNY-U2", text="x" * 301)
    assert refused.value.code == "too-long"
    clock.advance(days=1)
    assert complain(feedback, text="noise 10") is not None


@pytest.mark.parametrize("anonymous", [False, True])
def test_the_same_words_ten_minutes_after_midnight_are_still_a_duplicate(
    feedback: FeedbackDesk, clock: FixedClock, anonymous: bool
) -> None:
    clock.advance(hours=14, minutes=55)  # 23:55
    first = suggest(feedback, anonymous=anonymous)
    clock.advance(minutes=10)  # 00:05, the next day

    with pytest.raises(FeedbackRefusedError) as refused:
        suggest(feedback, anonymous=anonymous)

    assert (refused.value.code, refused.value.existing) == ("duplicate", "" if anonymous else first.id)
    clock.advance(hours=1)
    assert suggest(feedback, anonymous=anonymous) is not None, "an hour later the same words are a new idea"


def suggest(desk: FeedbackDesk, text: str = "More bins by gate 2", **changes: object) -> Feedback:
    values: dict[str, object] = {"kind": FeedbackKind.SUGGESTION, "category": FeedbackCategory.CLEANING,
                                 "text": text, "unit_id": "SUNNY-U1", "unit_label": "3-1202", "anonymous": True}
    return desk.file(**{**values, **changes})  # type: ignore[arg-type]


def test_anonymous_suggestions_count_for_the_unit_against_the_duplicate_check_and_the_daily_limit(
    feedback: FeedbackDesk, clock: FixedClock
) -> None:
    suggest(feedback)
    with pytest.raises(FeedbackRefusedError) as refused:
        suggest(feedback)
    assert (refused.value.code, refused.value.existing) == ("duplicate", ""), "nobody is told which row it was"
    with pytest.raises(FeedbackRefusedError) as refused:
        suggest(feedback, anonymous=False)  # signing it does not make the same words new
    assert refused.value.code == "duplicate"
    assert suggest(feedback, unit_id="SUNNY-U2", unit_label="5-301") is not None, "another unit may say the same"

    clock.advance(hours=1)
    suggest(feedback)  # an hour later the same words are a new idea
    for n in range(5):
        suggest(feedback, text=f"Idea {n}")
    for n in range(3):
        complain(feedback, text=f"noise {n}")
    with pytest.raises(FeedbackRefusedError) as refused:
        suggest(feedback, text="one idea too many")
    assert refused.value.code == "limit", "ten a day, signed or not"


def test_what_staff_can_read_never_ties_an_anonymous_suggestion_to_its_unit(
    feedback: FeedbackDesk, store: Store
) -> None:
    idea = suggest(feedback)

    assert (idea.unit, idea.unit_label) == ("", "")
    assert AnonymousSender not in SYNCED_KINDS, "no workbook tab shows who sent what"
    with store.transaction() as tx:
        (sender,) = tx.find(AnonymousSender)
        assert [entry.tab for entry in tx.history_entries(idea.id)] == ["Feedback"]
    assert sender.unit == "SUNNY-U1"
    assert idea.id not in sender.model_dump_json() and idea.text not in sender.model_dump_json()


def stored_texts(store: Store) -> list[str]:
    """Every text value in every table of the store's SQLite file, read past the store's own API."""
    database = sqlite3.connect(store.path)
    try:
        tables = [name for (name,) in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return [value for table in tables for row in database.execute(f'SELECT * FROM "{table}"')
                for value in row if isinstance(value, str)]
    finally:
        database.close()


def test_who_made_an_anonymous_suggestion_is_forgotten_with_its_history_once_the_limits_are_done_with_it(
    feedback: FeedbackDesk, store: Store, clock: FixedClock
) -> None:
    suggest(feedback, "Paint the railings", unit_id="SUNNY-U7", unit_label="7-101")  # Friday 09:00
    suggest(feedback, "More bins by gate 2")
    clock.advance(days=1, hours=14, minutes=30)  # Saturday 23:30
    suggest(feedback, "Brighter lamps in the garage")
    clock.advance(hours=9, minutes=30)  # Sunday 09:00
    suggest(feedback, "More bins by gate 2")
    assert any("SUNNY-U7" in text for text in stored_texts(store))

    assert feedback.forget_anonymous_senders() == 2, "Friday's two; Saturday's and Sunday's stay"
    assert feedback.forget_anonymous_senders() == 0

    assert not any("SUNNY-U7" in text for text in stored_texts(store)), "not in a record, its history or anywhere"
    with store.transaction() as tx:
        kept = sorted((sender.filed_at.day, sender.unit) for sender in tx.find(AnonymousSender))
    assert kept == [(28, "SUNNY-U1"), (29, "SUNNY-U1")]
    database = sqlite3.connect(store.path)
    versions = database.execute("SELECT count(*) FROM history WHERE tab = 'AnonymousSenders'").fetchone()[0]
    database.close()
    assert versions == 2, "no version of a forgotten sender stays in the history"

def test_the_limits_still_hold_for_todays_anonymous_suggestions_after_the_old_are_forgotten(
    feedback: FeedbackDesk, clock: FixedClock
) -> None:
    suggest(feedback)
    clock.advance(days=2)
    for n in range(4):
        suggest(feedback, text=f"Idea {n}")
    feedback.forget_anonymous_senders()

    with pytest.raises(FeedbackRefusedError) as refused:
        suggest(feedback, text="Idea 0")
    assert refused.value.code == "duplicate", "the same words within the hour"
    for n in range(4, 10):
        suggest(feedback, text=f"Idea {n}")
    with pytest.raises(FeedbackRefusedError) as refused:
        suggest(feedback, text="one idea too many")
    assert refused.value.code == "limit", "ten a day"
