"""Owners find an answer by the words they think of: synonyms, either language, or pinyin initials."""

from __future__ import annotations

from desk.policy_search import Document, concepts_of, pinyin_initials, search

PARKING = Document("parking", question="小区停车怎么收费？ How much is it to park a car?", category="停车 Parking",
                   answer="地面车位每月 300 元，到服务台办理。 Surface spaces cost 300 a month; apply at the desk.")
PROPERTY_FEE = Document("property", question="物业费什么时候交？ When is the property fee due?",
                        category="缴费 Fees", answer="每季度第一个月缴纳。 In the first month of each quarter.")
PETS = Document("pets", question="可以养宠物吗？ May I keep a pet?", category="宠物 Pets",
                answer="可以，需登记并牵绳，遛狗请清理。 Yes: register it and keep it on a lead.")
RENOVATION = Document("renovation", question="周末可以装修吗？ May I renovate at weekends?", category="装修 Renovation",
                      answer="周末只可做不产生噪音的工作，车辆请停在访客车位。 Only quiet work at weekends.")
ALL = [PARKING, PROPERTY_FEE, PETS, RENOVATION]


def found(query: str) -> list[str]:
    return [hit.key for hit in search(query, ALL)]


def test_parking_fee_is_found_in_chinese_by_pinyin_initials_and_in_english() -> None:
    assert found("停车费")[0] == "parking"
    assert found("tcf")[0] == "parking"
    assert found("parking fee") == ["parking", "renovation"]  # the renovation answer mentions visitors' spaces
    assert found("TCF") == found("tcf")


def test_a_synonym_finds_an_answer_that_uses_another_word() -> None:
    assert found("养狗") == ["pets"]  # the question says 宠物
    assert found("dog") == ["pets"]
    assert found("车位")[0] == "parking"
    assert found("management fee") == ["property"]
    assert found("wyf") == ["property"]  # 物业费


def test_a_match_in_the_question_ranks_above_one_in_the_answer() -> None:
    assert found("车位") == ["parking", "renovation"]  # only the renovation answer speaks of spaces


def test_chinese_typed_without_spaces_is_split_into_what_the_table_knows_and_the_rest() -> None:
    assert found("周末装修") == ["renovation"]
    weekend, renovate = concepts_of("周末装修")
    assert weekend.words == {"周末"}
    assert {"装修", "renovation"} <= renovate.words
    assert found("停车场收费标准")[0] == "parking"  # 停车场 and 收费 found; 标准 is nowhere


def test_little_words_do_not_find_everything_and_unknown_things_find_nothing() -> None:
    assert found("How do I keep a pet") == ["pets"]
    assert found("游泳池") == []
    assert found("swimming pool") == []
    assert found("   ") == []


def test_pinyin_initials_leave_out_what_is_not_chinese() -> None:
    assert pinyin_initials("停车费") == "tcf"
    assert pinyin_initials("A座 物业费") == "zwyf"
