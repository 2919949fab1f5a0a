"""The words of the owners' committee: votes at the kiosk, the vote receipt, the published result."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "votes": {"zh": "业主表决", "en": "Votes"},
    "votes_hint": {"zh": "对业主大会事项投票", "en": "Have your say on a question"},
    "votes_choose": {"zh": "请选择要表决的事项", "en": "Choose a question to vote on"},
    "votes_none_open": {"zh": "目前没有正在进行的表决", "en": "No vote is open right now"},
    "vote_closes_at": {"zh": "截止时间 {time}", "en": "Closes {time}"},
    "vote_major": {"zh": "重大事项（须双四分之三同意）", "en": "Major matter (needs three quarters)"},
    "vote_your_unit_voted": {"zh": "本户已投票", "en": "Your unit has voted"},
    "vote_pick_one": {"zh": "请选择一项", "en": "Choose one answer"},
    "vote_confirm": {"zh": "您选择了“{choice}”。确认投票吗？投票后不能更改。",
                     "en": "You chose “{choice}”. Cast your vote? It cannot be changed afterwards."},
    "vote_yes_cast": {"zh": "确认投票", "en": "Yes, cast my vote"},
    "vote_change_choice": {"zh": "重新选择", "en": "Choose again"},
    "vote_recorded": {"zh": "投票成功，谢谢参与！", "en": "Your vote is recorded. Thank you!"},
    "vote_receipt_printing": {"zh": "正在打印投票回执，请取走", "en": "Printing your vote receipt — please take it"},
    "vote_already_voted": {"zh": "本户已对此事项投过票，每户只能投一次，投票后不能更改。",
                           "en": "Your unit has already voted on this question. Each unit votes once, "
                                 "and a vote cannot be changed."},
    "vote_you_chose": {"zh": "本户的选择：{choice}", "en": "Your unit's choice: {choice}"},
    "vote_not_open": {"zh": "这项表决现在不在投票时间内", "en": "This vote is not open now"},
    "vote_not_an_owner": {"zh": "本户没有登记产权人，无法投票，请到服务台办理",
                          "en": "Your unit has no owner of record, so it cannot vote. Please ask at the desk"},
    "vote_no_such_choice": {"zh": "这个选项已不存在，请重新选择", "en": "That answer is no longer offered; "
                                                                      "please choose again"},
    "vote_receipt_title": {"zh": "投票回执", "en": "Vote receipt"},
    "vote_receipt_unit": {"zh": "房号", "en": "Unit"},
    "vote_receipt_choice": {"zh": "选择", "en": "Choice"},
    "vote_receipt_at": {"zh": "投票时间", "en": "Voted"},
    "vote_receipt_results": {"zh": "表决截止 {time}，结果将在公告中公布", "en": "Voting closes {time}; "
                                                                             "the result will be posted as a notice"},
    "vote_receipt_keep": {"zh": "请妥善保管本回执", "en": "Please keep this receipt"},
    "vote_result_title": {"zh": "表决结果：{question}", "en": "Vote result: {question}"},
    "vote_turnout": {"zh": "参与表决：{owners} / {total_owners} 户，面积 {area} / {total_area} 平方米",
                     "en": "Took part: {owners} of {total_owners} owners, {area} of {total_area} m²"},
    "vote_choice_count": {"zh": "{choice}：{owners} 户，{area} 平方米",
                          "en": "{choice}: owners {owners}, area {area} m²"},
    "vote_no_quorum": {"zh": "参与表决的业主未达到专有部分面积和人数的三分之二，表决无效。",
                       "en": "Fewer than two thirds of the owners or of the floor area took part: "
                             "the vote does not count."},
    "vote_not_adopted": {"zh": "结果：未通过。", "en": "Result: not adopted."},
    "vote_adopted": {"zh": "结果：通过（{choice}）。", "en": "Result: adopted ({choice})."},
    "vote_rule_ordinary": {"zh": "依据《民法典》第二百七十八条：须经参与表决专有部分面积过半数"
                                 "且参与表决人数过半数的业主同意。",
                           "en": "Civil Code, Article 278: more than half of the participating area and "
                                 "more than half of the participating owners must agree."},
    "vote_rule_major": {"zh": "依据《民法典》第二百七十八条（重大事项）：须经参与表决专有部分面积四分之三以上"
                              "且参与表决人数四分之三以上的业主同意。",
                        "en": "Civil Code, Article 278 (major matter): at least three quarters of the "
                              "participating area and of the participating owners must agree."},
}
