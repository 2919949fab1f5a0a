"""Policy answers: by category in staff's order, searched in either language, an answer printed."""

from __future__ import annotations

from desk.clock import FixedClock
from desk.policies import POLICY_ANSWER, Policy, PolicyBook
from desk.store import Store


def seed(store: Store, clock: FixedClock) -> PolicyBook:
    rows = [
        Policy(id="Q1", category_zh="装修", category_en="Renovation", question_zh="装修可以在周末施工吗？",
               question_en="May I renovate at weekends?", answer_zh="周末只可做不产生噪音的工作。",
               answer_en="Only quiet work at weekends.", order=2),
        Policy(id="Q2", category_zh="装修", category_en="Renovation", question_zh="装修需要办什么手续？",
               question_en="What do I file before renovating?", answer_zh="到服务台登记并交押金。",
               answer_en="Register at the desk and pay a deposit.", order=1),
        Policy(id="Q3", category_zh="宠物", category_en="Pets", question_zh="可以养狗吗？",
               question_en="May I keep a dog?", answer_zh="可以，需登记并牵绳。",
               answer_en="Yes: register it and keep it on a lead.", order=3),
        Policy(id="Q4", category_zh="宠物", question_zh="草稿", answer_zh="未发布", published=False),
    ]
    with store.transaction() as tx:
        for row in rows:
            tx.put(row, actor="staff", at=clock.now())
    return PolicyBook(store, clock)


def test_categories_come_in_the_order_of_their_first_question(store: Store, clock: FixedClock) -> None:
    book = seed(store, clock)

    assert book.categories("en") == ["Renovation", "Pets"]
    assert book.categories("zh") == ["装修", "宠物"]
    assert [p.id for p in book.in_category("Renovation", "en")] == ["Q2", "Q1"]
    assert [p.id for p in book.in_category("宠物", "zh")] == ["Q3"]  # the unpublished draft stays hidden


def test_search_finds_every_word_in_either_language_questions_first(store: Store, clock: FixedClock) -> None:
    book = seed(store, clock)

    assert [p.id for p in book.search("weekends")] == ["Q1"]
    assert [p.id for p in book.search("装修")] == ["Q2", "Q1"]
    assert [p.id for p in book.search("DOG lead")] == ["Q3"]
    assert [p.id for p in book.search("deposit")] == ["Q2"]  # found in the answer only
    assert book.search("swimming") == []
    assert book.search("   ") == []


def test_printing_an_answer_journals_a_job_in_the_owners_language(store: Store, clock: FixedClock) -> None:
    book = seed(store, clock)

    book.print_answer("Q3", "en")

    with store.transaction() as tx:
        [job] = tx.pending_print_jobs()
    assert (job.kind, job.ref, job.payload) == (POLICY_ANSWER, "Q3", {"lang": "en"})
