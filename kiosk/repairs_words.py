"""The kiosk's and the phone pages' words for repairs and feedback, in Chinese and English."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # Home tiles
    "repair_tile": {"zh": "报修", "en": "Report a repair"},
    "repair_hint": {"zh": "家里或公共区域", "en": "At home or in a public area"},
    "feedback_tile": {"zh": "投诉 / 建议", "en": "Complaint / suggestion"},
    "feedback_hint": {"zh": "我们会转给负责部门", "en": "We pass it to the right team"},
    "mine_tile": {"zh": "我的报修与反馈", "en": "My requests"},
    "mine_hint": {"zh": "进度、评价、答复", "en": "Progress, ratings, answers"},
    # Reporting a repair
    "where_question": {"zh": "哪里需要维修？", "en": "Where is the problem?"},
    "my_unit": {"zh": "我家 {unit}", "en": "My home {unit}"},
    "public_area": {"zh": "公共区域", "en": "A public area"},
    "which_building": {"zh": "哪栋楼？", "en": "Which building?"},
    "which_floor": {"zh": "{building} 号楼 · 几层？", "en": "Building {building} · which floor?"},
    "what_kind": {"zh": "是什么问题？", "en": "What needs fixing?"},
    "choose_phrases": {"zh": "点选描述（可多选）", "en": "Tap what fits (one or more)"},
    "own_words": {"zh": "补充说明（可不填）", "en": "Your own words (optional)"},
    "how_urgent": {"zh": "紧急程度", "en": "How urgent?"},
    "when_visit": {"zh": "希望上门时间", "en": "When may we come?"},
    "submit": {"zh": "提交", "en": "Send"},
    "next": {"zh": "下一步", "en": "Next"},
    "back": {"zh": "返回", "en": "Back"},
    "done": {"zh": "完成", "en": "Done"},
    "reported": {"zh": "报修已受理", "en": "Your repair request is in"},
    "repair_number": {"zh": "报修单号", "en": "Request number"},
    "emergency_note": {"zh": "紧急报修已通知值班人员", "en": "The staff on duty have been alerted"},
    # Emergencies
    "emergency_signs": {"zh": "紧急情况？请点这里", "en": "An emergency? Tap it here"},
    "emergency_now": {"zh": "紧急情况，请立即拨打", "en": "This is an emergency: call now"},
    "duty_phone": {"zh": "24小时值班电话", "en": "24-hour duty phone"},
    "emergency_send": {
        "zh": "再点“提交”，值班人员会马上收到通知",
        "en": "Tap Send and the staff on duty are alerted at once",
    },
    "due_by": {"zh": "预计 {time} 前处理", "en": "Due by {time}"},
    "scan_status": {"zh": "扫码查看维修进度", "en": "Scan to follow it on your phone"},
    "scan_phone": {
        "zh": "用手机补充文字或照片（10 分钟内有效，仅限本单）",
        "en": "Add words or photos on your phone (valid 10 minutes, this request only)",
    },
    "printing": {"zh": "正在打印回执…", "en": "Printing your slip…"},
    "take_your_slip": {"zh": "请取走回执", "en": "Please take your slip"},
    "print_failed": {
        "zh": "打印机暂时无法使用，请拍下此屏幕",
        "en": "The printer is not working — please take a photo of this screen",
    },
    "refused_duplicate": {
        "zh": "一小时内已报过同样的问题：{number}，请在“我的报修”查看",
        "en": "You reported this within the hour as {number} — see My requests",
    },
    "refused_limit": {"zh": "今天本户已报修 10 次，请到服务台", "en": "10 requests today — please ask at the desk"},
    "refused_empty": {"zh": "请点选描述或写几个字", "en": "Tap a description or write a few words"},
    "refused_too_long": {"zh": "文字太长了", "en": "That text is too long"},
    "busy": {"zh": "系统繁忙，请再试一次", "en": "Something went wrong — please try again"},
    # My requests
    "my_repairs": {"zh": "我的报修", "en": "My repairs"},
    "my_feedback": {"zh": "我的反馈", "en": "My feedback"},
    "nothing_yet": {"zh": "暂无记录", "en": "Nothing yet"},
    "status": {"zh": "状态", "en": "Status"},
    "department": {"zh": "负责部门", "en": "Team"},
    "scheduled": {"zh": "上门时间", "en": "Visit"},
    "note": {"zh": "工作人员留言", "en": "Note from staff"},
    "response": {"zh": "答复", "en": "Answer"},
    "rate": {"zh": "评价", "en": "Rate it"},
    "reopen": {"zh": "没修好，重新报修", "en": "Not fixed — reopen"},
    "reopened": {"zh": "已重新打开 {number}", "en": "{number} is open again"},
    "not_ratable": {"zh": "{number} 现在不能评价", "en": "{number} cannot be rated now"},
    "not_reopenable": {
        "zh": "{number} 只能在完成后 7 天内重新报修，请到服务台",
        "en": "{number} can be reopened only within 7 days of being done — please ask at the desk",
    },
    "rated": {"zh": "评价：{stars} 星", "en": "Rated {stars} of 5"},
    "how_was_it": {"zh": "{number} 维修满意吗？", "en": "How was repair {number}?"},
    "why_not": {"zh": "哪里不满意？（可多选）", "en": "What went wrong? (one or more)"},
    "thanks_rating": {"zh": "谢谢您的评价", "en": "Thank you for rating it"},
    "sent_to_center": {
        "zh": "您的不满意已转交物业服务中心，我们会联系您",
        "en": "Your complaint has gone to the service center; they will be in touch",
    },
    # Feedback
    "feedback_kind": {"zh": "您想告诉我们什么？", "en": "What would you like to tell us?"},
    "feedback_category": {"zh": "关于什么？", "en": "What is it about?"},
    "feedback_text": {"zh": "请写下内容", "en": "Tell us in a few words"},
    "anonymous": {"zh": "匿名提交（将无法查看答复）", "en": "Send anonymously (you will not see an answer)"},
    # No number: feedback has none an owner could use (they find it under My requests).
    "feedback_sent": {"zh": "已收到，谢谢！", "en": "Received — thank you!"},
    "routed_to": {"zh": "已转给：{department}", "en": "Passed to: {department}"},
    "read_answer": {"zh": "答复可在“我的报修与反馈”查看", "en": "Read the answer under My requests"},
    "feedback_duplicate": {"zh": "一小时内已提交过相同内容", "en": "You sent the same within the hour"},
    "feedback_limit": {"zh": "今天本户已提交 10 次", "en": "10 today already"},
    # Phone pages
    "repair_title": {"zh": "报修进度", "en": "Repair request"},
    "repair_unknown": {"zh": "找不到这张报修单", "en": "We cannot find this request"},
    "reported_at": {"zh": "报修时间 {time}", "en": "Reported {time}"},
    "updates_live": {"zh": "本页自动刷新", "en": "This page updates by itself"},
    "phone_title": {"zh": "补充报修 {number}", "en": "Add to request {number}"},
    "phone_text": {"zh": "补充说明", "en": "Describe the problem"},
    "phone_photos": {"zh": "照片（最多3张，JPEG/PNG，5MB以内）", "en": "Photos (up to 3, JPEG/PNG, 5 MB each)"},
    "phone_send": {"zh": "发送", "en": "Send"},
    "phone_thanks": {"zh": "已添加到报修单 {number}，谢谢！", "en": "Added to request {number} — thank you!"},
    "link_used": {"zh": "此链接已使用过", "en": "This link was used already"},
    "link_expired": {"zh": "此链接已过期，请在自助机重新生成", "en": "This link has expired — make a new one"},
    "link_unknown": {"zh": "此链接无效", "en": "This link is not valid"},
    "photo_type": {"zh": "只能上传 JPEG 或 PNG 照片", "en": "Only JPEG or PNG photos"},
    "photo_size": {"zh": "照片不能超过 5 MB", "en": "A photo may be at most 5 MB"},
    "photo_count": {"zh": "最多 3 张照片", "en": "At most 3 photos"},
    "photo_added": {"zh": "已添加照片 {n}/3", "en": "Photo {n} of 3 added"},
}


def say(key: str, lang: str, **values: object) -> str:
    """The text for ``key`` in ``lang`` (English when missing), with ``{placeholders}`` filled."""
    entry = TEXTS[key]
    return entry.get(lang, entry["en"]).format(**values)
