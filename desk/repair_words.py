"""The words of repairs and feedback in Chinese and English, shared by the kiosk, the phone pages and the slip."""

from __future__ import annotations

import enum
from collections.abc import Sequence

from desk.feedback import Department, FeedbackCategory, FeedbackKind, FeedbackStatus
from desk.repairs import RatingReason, RepairCategory, RepairStatus, Urgency, VisitWindow

# Keyed by member, not by value: "other", "new" or "security" are values of several enums.
NAMES: dict[tuple[type[enum.Enum], str], dict[str, str]] = {
    # Repair categories
    (RepairCategory, RepairCategory.PLUMBING.value): {"zh": "水管 / 漏水", "en": "Plumbing"},
    (RepairCategory, RepairCategory.ELECTRICAL.value): {"zh": "电路 / 灯", "en": "Electrical"},
    (RepairCategory, RepairCategory.DOORS.value): {"zh": "门窗 / 门锁", "en": "Doors and locks"},
    (RepairCategory, RepairCategory.ELEVATOR.value): {"zh": "电梯", "en": "Elevator"},
    (RepairCategory, RepairCategory.HEATING.value): {"zh": "暖气", "en": "Heating"},
    (RepairCategory, RepairCategory.PUBLIC_AREA.value): {"zh": "公共区域", "en": "Public area"},
    (RepairCategory, RepairCategory.CLEANING.value): {"zh": "保洁绿化", "en": "Cleaning and greening"},
    (RepairCategory, RepairCategory.OTHER.value): {"zh": "其他", "en": "Other"},
    # Urgency
    (Urgency, Urgency.NORMAL.value): {"zh": "一般", "en": "Normal"},
    (Urgency, Urgency.URGENT.value): {"zh": "加急", "en": "Urgent"},
    (Urgency, Urgency.EMERGENCY.value): {"zh": "紧急（漏水、断电）", "en": "Emergency (flood, no power)"},
    # Statuses
    (RepairStatus, RepairStatus.NEW.value): {"zh": "已受理", "en": "Received"},
    (RepairStatus, RepairStatus.ASSIGNED.value): {"zh": "已派单", "en": "Assigned"},
    (RepairStatus, RepairStatus.IN_PROGRESS.value): {"zh": "维修中", "en": "In progress"},
    (RepairStatus, RepairStatus.ON_HOLD.value): {"zh": "暂缓", "en": "On hold"},
    (RepairStatus, RepairStatus.DONE.value): {"zh": "已完成", "en": "Done"},
    (RepairStatus, RepairStatus.CANCELLED.value): {"zh": "已取消", "en": "Cancelled"},
    (RepairStatus, RepairStatus.REOPENED.value): {"zh": "已重新打开", "en": "Reopened"},
    # Preferred visit
    (VisitWindow, VisitWindow.ANY.value): {"zh": "随时", "en": "Any time"},
    (VisitWindow, VisitWindow.MORNING.value): {"zh": "上午", "en": "Morning"},
    (VisitWindow, VisitWindow.AFTERNOON.value): {"zh": "下午", "en": "Afternoon"},
    (VisitWindow, VisitWindow.EVENING.value): {"zh": "晚上", "en": "Evening"},
    (VisitWindow, VisitWindow.WEEKEND.value): {"zh": "周末", "en": "Weekend"},
    # Departments
    (Department, Department.CENTER.value): {"zh": "物业服务中心", "en": "Service center"},
    (Department, Department.SECURITY.value): {"zh": "秩序维护部", "en": "Security"},
    (Department, Department.ENGINEERING.value): {"zh": "工程部", "en": "Engineering"},
    (Department, Department.CLEANING.value): {"zh": "环境部（保洁绿化）", "en": "Cleaning and greening"},
    (Department, Department.CUSTOMER_SERVICE.value): {"zh": "客服部", "en": "Customer service"},
    # Rating reasons
    (RatingReason, RatingReason.SLOW.value): {"zh": "太慢", "en": "Slow"},
    (RatingReason, RatingReason.POOR_WORK.value): {"zh": "质量差", "en": "Poor work"},
    (RatingReason, RatingReason.IMPOLITE.value): {"zh": "态度不好", "en": "Impolite"},
    (RatingReason, RatingReason.NOT_FIXED.value): {"zh": "没修好", "en": "Not fixed"},
    # Feedback kinds
    (FeedbackKind, FeedbackKind.COMPLAINT.value): {"zh": "投诉", "en": "Complaint"},
    (FeedbackKind, FeedbackKind.SUGGESTION.value): {"zh": "建议", "en": "Suggestion"},
    (FeedbackKind, FeedbackKind.PRAISE.value): {"zh": "表扬", "en": "Praise"},
    (FeedbackKind, FeedbackKind.INQUIRY.value): {"zh": "咨询", "en": "Inquiry"},
    # Feedback categories
    (FeedbackCategory, FeedbackCategory.REPAIRS.value): {"zh": "维修", "en": "Repairs"},
    (FeedbackCategory, FeedbackCategory.SECURITY.value): {"zh": "安全", "en": "Security"},
    (FeedbackCategory, FeedbackCategory.CLEANING.value): {"zh": "保洁绿化", "en": "Cleaning and greening"},
    (FeedbackCategory, FeedbackCategory.FEES.value): {"zh": "收费", "en": "Fees"},
    (FeedbackCategory, FeedbackCategory.NEIGHBOURS.value): {"zh": "噪音 / 邻里", "en": "Noise and neighbours"},
    (FeedbackCategory, FeedbackCategory.PARKING.value): {"zh": "停车", "en": "Parking"},
    (FeedbackCategory, FeedbackCategory.STAFF.value): {"zh": "服务态度", "en": "Staff service"},
    (FeedbackCategory, FeedbackCategory.OTHER.value): {"zh": "其他", "en": "Other"},
    # Feedback statuses
    (FeedbackStatus, FeedbackStatus.NEW.value): {"zh": "已收到", "en": "Received"},
    (FeedbackStatus, FeedbackStatus.IN_PROGRESS.value): {"zh": "处理中", "en": "Being handled"},
    (FeedbackStatus, FeedbackStatus.ANSWERED.value): {"zh": "已答复", "en": "Answered"},
    (FeedbackStatus, FeedbackStatus.CLOSED.value): {"zh": "已结束", "en": "Closed"},
}

# A few taps instead of typing: what owners usually say, per category.
PHRASES: dict[RepairCategory, dict[str, list[str]]] = {
    RepairCategory.PLUMBING: {"zh": ["水龙头漏水", "下水道堵塞", "马桶漏水", "水管爆裂", "没有热水"],
                              "en": ["Dripping tap", "Blocked drain", "Leaking toilet", "Burst pipe", "No hot water"]},
    RepairCategory.ELECTRICAL: {"zh": ["插座没电", "灯不亮", "跳闸", "开关损坏"],
                                "en": ["Socket dead", "Light out", "Breaker trips", "Broken switch"]},
    RepairCategory.DOORS: {"zh": ["门锁坏了", "门关不上", "窗户漏风", "门禁失灵"],
                           "en": ["Lock broken", "Door won't close", "Draughty window", "Entry system down"]},
    RepairCategory.ELEVATOR: {"zh": ["电梯停运", "电梯异响", "按钮失灵", "有人被困"],
                              "en": ["Elevator stopped", "Strange noise", "Button dead", "Someone trapped"]},
    RepairCategory.HEATING: {"zh": ["暖气不热", "暖气漏水", "阀门坏了"],
                             "en": ["Radiator cold", "Radiator leaking", "Valve broken"]},
    RepairCategory.PUBLIC_AREA: {"zh": ["楼道灯不亮", "墙面破损", "扶手松动", "地面湿滑"],
                                 "en": ["Corridor light out", "Wall damaged", "Loose handrail", "Slippery floor"]},
    RepairCategory.CLEANING: {"zh": ["垃圾未清运", "楼道脏", "树枝需修剪", "草坪需养护"],
                              "en": ["Rubbish left", "Dirty stairwell", "Branches to trim", "Lawn needs care"]},
    RepairCategory.OTHER: {"zh": ["请尽快联系我"], "en": ["Please contact me"]},
}

CATEGORY_ICONS: dict[RepairCategory, str] = {
    RepairCategory.PLUMBING: "plumbing",
    RepairCategory.ELECTRICAL: "electrical_services",
    RepairCategory.DOORS: "door_front",
    RepairCategory.ELEVATOR: "elevator",
    RepairCategory.HEATING: "heat_pump",
    RepairCategory.PUBLIC_AREA: "apartment",
    RepairCategory.CLEANING: "yard",
    RepairCategory.OTHER: "handyman",
}


def name(value: enum.Enum, language: str) -> str:
    """A repair or feedback value's name in a language (English for one we do not know)."""
    entry = NAMES[type(value), value.value]
    return entry.get(language, entry["en"])


def rating_complaint(
    number: str, category: RepairCategory, stars: int, reasons: Sequence[RatingReason], language: str
) -> str:
    """The complaint a low rating files, in the words of the owner who rated (their screen's language).

    In English it keeps the sheet's own words (``R0001 (plumbing) rated 2/5: slow``), as staff see
    them in the Category and Rating reasons columns; in Chinese, the names owners know.
    """
    if language == "zh":
        said = f"{number}（{name(category, 'zh')}）评价 {stars}/5 星"
        return f"{said}：{'、'.join(name(reason, 'zh') for reason in reasons)}" if reasons else said
    said = f"{number} ({category.value}) rated {stars}/5"
    return f"{said}: {', '.join(reason.value for reason in reasons)}" if reasons else said
