"""What owners usually say in feedback, to tap instead of typing: per kind and category, in zh and en."""

from __future__ import annotations

from desk.feedback import FeedbackCategory, FeedbackKind

C, S = FeedbackKind.COMPLAINT, FeedbackKind.SUGGESTION
PHRASES: dict[tuple[FeedbackKind, FeedbackCategory], dict[str, list[str]]] = {
    (C, FeedbackCategory.REPAIRS): {"zh": ["维修不及时", "修了又坏", "一直没人来修", "维修质量差"],
                                    "en": ["Repairs take too long", "Broke again after repair", "Nobody came to fix it",
                                           "Poor repair work"]},
    (C, FeedbackCategory.SECURITY): {"zh": ["陌生人随意进出", "门禁坏了", "夜间巡逻太少", "监控不工作"],
                                     "en": ["Strangers walk in freely", "Entry gate broken", "Too few night patrols",
                                            "Cameras not working"]},
    (C, FeedbackCategory.CLEANING): {"zh": ["垃圾没有及时清运", "楼道不干净", "有异味", "绿化没人养护"],
                                     "en": ["Rubbish not collected", "Stairwell dirty", "A bad smell",
                                            "Greenery neglected"]},
    (C, FeedbackCategory.FEES): {"zh": ["收费不清楚", "账单有错误", "收费太高", "缴费不方便"],
                                 "en": ["Charges unclear", "A mistake in my bill", "Charges too high",
                                        "Paying is difficult"]},
    (C, FeedbackCategory.NEIGHBOURS): {"zh": ["夜间噪音扰民", "装修噪音", "宠物扰民", "楼道堆放杂物"],
                                       "en": ["Noise at night", "Renovation noise", "Pets disturbing",
                                              "Things piled in the hallway"]},
    (C, FeedbackCategory.PARKING): {"zh": ["车位被占用", "乱停车堵住通道", "停车费有问题", "电动车乱停"],
                                    "en": ["My space is taken", "Cars block the way", "A parking fee problem",
                                           "E-bikes parked anywhere"]},
    (C, FeedbackCategory.STAFF): {"zh": ["服务态度不好", "电话没人接", "答复不及时", "办事效率低"],
                                  "en": ["Rude service", "Nobody answers the phone", "Slow to answer",
                                         "Slow to get things done"]},
    (C, FeedbackCategory.OTHER): {"zh": ["请尽快处理", "请联系我"],
                                  "en": ["Please deal with it soon", "Please contact me"]},
    (S, FeedbackCategory.REPAIRS): {"zh": ["增加维修人员", "公布维修进度", "定期检查设施"],
                                    "en": ["More repair staff", "Show repair progress", "Check facilities regularly"]},
    (S, FeedbackCategory.SECURITY): {"zh": ["加强夜间巡逻", "增加监控", "访客都要登记"],
                                     "en": ["More night patrols", "More cameras", "Register every visitor"]},
    (S, FeedbackCategory.CLEANING): {"zh": ["增加垃圾桶", "增加清扫次数", "多种些花草"],
                                     "en": ["More rubbish bins", "Clean more often", "Plant more flowers"]},
    (S, FeedbackCategory.FEES): {"zh": ["支持手机缴费", "公开收费明细", "缴费前提醒"],
                                 "en": ["Pay by phone", "Publish what fees pay for", "Remind us before fees are due"]},
    (S, FeedbackCategory.NEIGHBOURS): {"zh": ["规定装修时间", "张贴文明养宠提示", "组织邻里活动"],
                                       "en": ["Set renovation hours", "Post pet rules", "Hold neighbourhood events"]},
    (S, FeedbackCategory.PARKING): {"zh": ["增加车位", "增加充电桩", "划出电动车停放区"],
                                    "en": ["More parking spaces", "More charging points", "An area for e-bikes"]},
    (S, FeedbackCategory.STAFF): {"zh": ["延长服务时间", "公布值班电话", "加强员工培训"],
                                  "en": ["Longer opening hours", "Publish the duty phone number",
                                         "More staff training"]},
    (S, FeedbackCategory.OTHER): {"zh": ["多办社区活动", "增加休息座椅"],
                                  "en": ["More community events", "More benches"]},
}
# Praise and questions sound alike whatever they are about.
BY_KIND: dict[FeedbackKind, dict[str, list[str]]] = {
    FeedbackKind.PRAISE: {"zh": ["服务很好", "处理很及时", "态度热情", "非常感谢"],
                          "en": ["Great service", "Quickly handled", "Very friendly", "Thank you very much"]},
    FeedbackKind.INQUIRY: {"zh": ["怎么办理？", "需要带什么？", "费用是多少？", "请打电话给我"],
                           "en": ["How do I do it?", "What should I bring?", "How much is it?", "Please call me"]},
}


def phrases_for(kind: FeedbackKind, category: FeedbackCategory, lang: str) -> list[str]:
    """The phrases to offer for this kind and category, in ``lang`` (English when missing)."""
    words = PHRASES.get((kind, category)) or BY_KIND.get(kind) or {"en": []}
    return list(words.get(lang, words["en"]))


def feedback_text(phrases: list[str], own_words: str) -> str:
    """What is sent: the phrases tapped, in the order tapped, then the owner's own words (as a repair does)."""
    return "; ".join(part for part in (*phrases, own_words.strip()) if part)
