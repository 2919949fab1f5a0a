"""Owners browse policy answers by category, search them, and print one."""

from __future__ import annotations

from nicegui.testing.user import User

from desk.policies import Policy
from lobbydesk.site import Site
from tests.fakes import label_texts
from tests.kiosk.test_events_at_the_kiosk import printed_when_sent
from tests.printers.escpos_decoder import decode


def write_policies(site: Site) -> None:
    with site.store.transaction() as tx:
        tx.put(Policy(id="SUNNY-Q1", category_zh="宠物", category_en="Pets", question_zh="可以养狗吗？",
                      question_en="May I keep a dog?", answer_zh="可以，需登记并牵绳。",
                      answer_en="Yes: register it at the desk and keep it on a lead."), actor="staff",
               at=site.clock.now())
        tx.put(Policy(id="SUNNY-Q2", category_zh="装修", category_en="Renovation", question_zh="周末可以装修吗？",
                      question_en="May I renovate at weekends?", answer_zh="周末只可做不产生噪音的工作。",
                      answer_en="Only quiet work at weekends."), actor="staff", at=site.clock.now())


async def test_an_owner_taps_a_category_a_question_and_prints_the_answer(owner: User, site: Site) -> None:
    write_policies(site)
    await owner.open("/")
    owner.find(marker="lang-en").click()
    owner.find(marker="tile-policies").click()

    owner.find(marker="category-Pets").click()
    owner.find(marker="question-SUNNY-Q1").click()

    await owner.should_see(marker="policy-answer")
    assert label_texts(owner, "policy-answer") == ["Yes: register it at the desk and keep it on a lead."]
    owner.find(marker="print-answer").click()
    await owner.should_see("Printing — please take it")
    printed = decode(await printed_when_sent(site, "SUNNY-Q1"))
    assert "May I keep a dog?" in printed.texts
    assert "Policy answer" in printed.texts


async def test_a_search_finds_answers_and_says_when_nothing_matches(owner: User, site: Site) -> None:
    write_policies(site)
    await owner.open("/")
    owner.find(marker="tile-policies").click()

    owner.find(marker="policy-search").type("装修")
    owner.find(marker="policy-search-go").click()

    await owner.should_see(marker="question-SUNNY-Q2")
    await owner.should_not_see(marker="question-SUNNY-Q1")
    owner.find(marker="policies-back").click()
    owner.find(marker="policy-search").type("游泳池")
    owner.find(marker="policy-search-go").click()
    await owner.should_see("没有找到，请到服务台咨询")


async def test_the_search_finds_parking_by_a_synonym_by_pinyin_initials_and_in_english(
    owner: User, site: Site
) -> None:
    write_policies(site)
    with site.store.transaction() as tx:
        tx.put(Policy(id="SUNNY-Q3", category_zh="停车", category_en="Parking", question_zh="车位怎么收费？",
                      question_en="How much is a parking space?", answer_zh="地面车位每月 300 元。",
                      answer_en="300 a month for a surface space."), actor="staff", at=site.clock.now())
    await owner.open("/")
    owner.find(marker="tile-policies").click()

    for words in ("停车费", "tcf", "parking fee"):
        owner.find(marker="policy-search").clear().type(words)
        owner.find(marker="policy-search-go").click()
        await owner.should_see(marker="question-SUNNY-Q3")
        await owner.should_not_see(marker="question-SUNNY-Q1")
        owner.find(marker="policies-back").click()
