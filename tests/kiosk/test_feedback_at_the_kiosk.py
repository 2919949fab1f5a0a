"""Owners file complaints and suggestions at the kiosk; the routing table sends them on; answers come back."""

from __future__ import annotations

import asyncio

from nicegui import ui
from nicegui.testing.user import User

from desk.feedback import Department, Feedback, FeedbackCategory, FeedbackKind
from kiosk.feedback_phrases import BY_KIND, PHRASES, phrases_for
from lobbydesk.site import Site
from sync.memory import MemoryWorkbook
from tests.fakes import label_texts
from tests.kiosk.repair_stories import open_signed_in, sheet_rows


def feedback_of(site: Site) -> list[Feedback]:
    with site.store.transaction() as tx:
        return tx.find(Feedback)


async def test_a_parking_complaint_goes_to_security_and_its_answer_is_read_at_the_kiosk(
    owner: User, community: Site
) -> None:
    await open_signed_in(owner, "feedback")
    owner.find(marker="kind-complaint").click()
    owner.find(marker="topic-parking").click()
    await owner.should_see(marker="feedback-text", retries=20)
    owner.find(marker="feedback-text").type("Car blocks the fire lane 🚒 每晚")
    owner.find(marker="feedback-submit").click()

    await owner.should_see(marker="feedback-department", retries=20)
    assert label_texts(owner, "feedback-department") == ["Passed to: Security"]
    (filed,) = feedback_of(community)
    assert (filed.kind, filed.department, filed.text, filed.unit) == (
        FeedbackKind.COMPLAINT, Department.SECURITY, "Car blocks the fire lane 🚒 每晚", "SUNNY-U1")
    owner.find(marker="feedback-done").click()

    rows = await sheet_rows(community, "Feedback", 1)
    assert rows[0]["Department"] == "security"
    sheet = community.workbook
    assert isinstance(sheet, MemoryWorkbook)
    row = sheet.find_row("Feedback", "ID", filed.id)
    sheet.type_at("Feedback", row, "Status", "answered")
    sheet.type_at("Feedback", row, "Response", "巡逻已加强 Patrols added")
    for _ in range(100):
        if feedback_of(community)[0].response:
            break
        await asyncio.sleep(0.05)

    await open_signed_in(owner, "mine")
    await owner.should_see(marker="feedback-response", retries=20)
    assert label_texts(owner, "feedback-response") == ["Answer: 巡逻已加强 Patrols added"]


async def test_a_suggestion_may_be_anonymous_and_an_empty_one_is_not_sent(owner: User, community: Site) -> None:
    await open_signed_in(owner, "feedback")
    owner.find(marker="kind-suggestion").click()
    owner.find(marker="topic-cleaning").click()
    await owner.should_see(marker="feedback-anonymous", retries=20)
    owner.find(marker="feedback-submit").click()
    await owner.should_see("Tap a description or write a few words", retries=20)

    owner.find(marker="feedback-text").type("More bins by gate 2")
    owner.find(marker="feedback-anonymous").click()
    owner.find(marker="feedback-submit").click()

    await owner.should_see(marker="feedback-department", retries=20)
    assert label_texts(owner, "feedback-department") == ["Passed to: Cleaning and greening"]
    (filed,) = feedback_of(community)
    assert (filed.anonymous, filed.unit, filed.unit_label) == (True, "", "")


async def test_an_empty_complaint_is_asked_for_a_description_and_the_descriptions_are_there_to_tap(
    owner: User, community: Site
) -> None:
    await open_signed_in(owner, "feedback", lang="zh")
    owner.find(marker="kind-complaint").click()
    owner.find(marker="topic-neighbours").click()
    await owner.should_see("点选描述（可多选）", retries=20)
    owner.find(marker="feedback-submit").click()
    await owner.should_see("请点选描述或写几个字", retries=20)

    owner.find(marker="feedback-phrase-0").click()  # 夜间噪音扰民
    owner.find(marker="feedback-phrase-1").click()  # 装修噪音
    owner.find(marker="feedback-submit").click()

    await owner.should_see(marker="feedback-sent", retries=20)
    (filed,) = feedback_of(community)
    assert (filed.text, filed.category) == ("夜间噪音扰民; 装修噪音", FeedbackCategory.NEIGHBOURS)


async def test_phrases_chosen_for_one_topic_are_not_sent_under_another(owner: User, community: Site) -> None:
    await open_signed_in(owner, "feedback")
    owner.find(marker="kind-complaint").click()
    owner.find(marker="topic-parking").click()
    await owner.should_see("My space is taken", retries=20)
    owner.find(marker="feedback-phrase-0").click()
    owner.find(marker="feedback-back").click()
    owner.find(marker="topic-staff").click()
    await owner.should_see("Rude service", retries=20)
    owner.find(marker="feedback-phrase-0").click()
    owner.find(marker="feedback-submit").click()

    await owner.should_see(marker="feedback-sent", retries=20)
    (filed,) = feedback_of(community)
    assert filed.text == "Rude service"


def test_every_kind_and_category_offers_phrases_in_both_languages() -> None:
    for kind in FeedbackKind:
        for category in FeedbackCategory:
            chinese, english = phrases_for(kind, category, "zh"), phrases_for(kind, category, "en")
            assert chinese and len(chinese) == len(english), (kind, category)
    for words in [*PHRASES.values(), *BY_KIND.values()]:
        assert all(";" not in phrase for phrase in words["zh"] + words["en"])  # the separator of what is sent


async def test_a_complaint_offers_no_anonymous_switch(owner: User, community: Site) -> None:
    await open_signed_in(owner, "feedback")
    owner.find(marker="kind-complaint").click()
    owner.find(marker="topic-staff").click()
    await owner.should_see(marker="feedback-text", retries=20)
    await owner.should_not_see(marker="feedback-anonymous")


async def write_an_anonymous_idea(owner: User, words: str) -> None:
    """Suggestion, cleaning, the words, the anonymous switch on (the owner is signed in and on the kinds)."""
    owner.find(marker="kind-suggestion").click()
    owner.find(marker="topic-cleaning").click()
    await owner.should_see(marker="feedback-anonymous", retries=20)
    owner.find(marker="feedback-text").type(words)
    owner.find(marker="feedback-anonymous").click()


async def test_anonymous_suggestions_count_against_the_unit_that_sent_them_yet_staff_never_see_it(
    owner: User, community: Site
) -> None:
    await open_signed_in(owner, "feedback")
    await write_an_anonymous_idea(owner, "More bins by gate 2")
    owner.find(marker="feedback-submit").click()
    await owner.should_see(marker="feedback-sent", retries=20)
    owner.find(marker="feedback-done").click()

    await open_signed_in(owner, "feedback")  # the same owner comes back for another go
    await write_an_anonymous_idea(owner, "More bins by gate 2")
    for _ in range(13):
        assert await submit_and_read_the_notice(owner) == ["You sent the same within the hour"]

    (filed,) = feedback_of(community)
    assert (filed.anonymous, filed.unit, filed.unit_label) == (True, "", "")
    (row,) = await sheet_rows(community, "Feedback", 1)
    assert row["Text"] == "More bins by gate 2"
    assert not any("SUNNY-U1" in str(cell) or "3-1202" in str(cell) for cell in row.values())
    assert all("SUNNY-U1" not in str(cell) for tab in sheet_tabs(community) for cell in tab), \
        "no tab of the workbook ties the unit to an anonymous idea"


async def submit_and_read_the_notice(owner: User) -> list[str]:
    """Tap Send and wait for the screen to be drawn again with the refusal (a new notice, not the last one)."""
    shown = notices_on_screen(owner)
    owner.find(marker="feedback-submit").click()
    for _ in range(100):
        if notices_on_screen(owner) - shown:
            return label_texts(owner, "feedback-notice")
        await asyncio.sleep(0.05)
    raise AssertionError("the screen never said why it did not send")


def notices_on_screen(owner: User) -> set[ui.element]:
    try:
        return set(owner.find(marker="feedback-notice").elements)
    except AssertionError:  # no notice yet
        return set()


def sheet_tabs(site: Site) -> list[list[object]]:
    """Every cell of every tab but Units and Residents (where the unit is listed for its own sake), tab by tab."""
    sheet = site.workbook
    assert isinstance(sheet, MemoryWorkbook)
    return [[cell for row in sheet.rows_by_header(tab) for cell in row.values()]
            for tab in sheet.tab_names() if tab not in ("Units", "Residents")]
