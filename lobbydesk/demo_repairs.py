"""Demo repairs in every state, feedback with and without answers, and the repair tabs staff keep.

The tabs are the routing table, the service levels and the emergency signs; the Settings tab gets a
duty phone, so the demo's emergencies show and print one.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from desk.feedback import Feedback, FeedbackCategory, FeedbackKind, FeedbackStatus
from desk.repairs import Location, Repair, RepairCategory, RepairReport, RepairStatus, Urgency, VisitWindow
from desk.site_settings import STATE_KEY
from desk.units import Unit

if TYPE_CHECKING:
    from lobbydesk.site import Site

# Shown at the kiosk and printed on emergency slips; a made-up number, like everything in the demo.
DEMO_DUTY_PHONE = "010-6688 1234"

# (category, phrase, urgency, status, assignee, note to owner, days ago)
DEMO_REPAIRS: list[tuple[RepairCategory, str, Urgency, RepairStatus, str, str, int]] = [
    (RepairCategory.PLUMBING, "水龙头漏水", Urgency.NORMAL, RepairStatus.DONE, "李师傅", "已更换阀芯", 2),
    (RepairCategory.ELECTRICAL, "插座没电", Urgency.URGENT, RepairStatus.IN_PROGRESS, "王师傅", "零件已订，明天到", 1),
    (RepairCategory.HEATING, "暖气不热", Urgency.NORMAL, RepairStatus.ASSIGNED, "赵师傅", "周六 10:00 上门", 0),
    (RepairCategory.DOORS, "门锁坏了", Urgency.NORMAL, RepairStatus.ON_HOLD, "", "等待业主确认锁型", 3),
    (RepairCategory.OTHER, "请尽快联系我", Urgency.NORMAL, RepairStatus.CANCELLED, "", "业主已自行处理", 5),
    (RepairCategory.PLUMBING, "下水道堵塞", Urgency.NORMAL, RepairStatus.REOPENED, "李师傅", "", 6),
]


def seed_repairs(site: Site, demo_unit_id: str) -> int:
    """Fill the demo with repairs and feedback; returns how many records were added."""
    area = site.repairs
    area.seed_tabs()
    settings = site.site_settings().model_copy(update={"duty_phone": DEMO_DUTY_PHONE})
    with site.store.transaction() as tx:
        tx.set_site_state({STATE_KEY: settings.model_dump_json()})
    added = 0
    with site.store.transaction() as tx:
        unit = tx.get(Unit, demo_unit_id)
        others = [u for u in tx.find(Unit) if u.id != demo_unit_id]
    label = unit.label if unit else demo_unit_id
    now = site.clock.now()
    for index, (category, phrase, urgency, status, assignee, note, days_ago) in enumerate(DEMO_REPAIRS):
        # Older repairs belong to the demo unit; they are reported "now" and dated back below.
        repair = area.repairs.report(RepairReport(
            unit_id=demo_unit_id, unit_label=label, category=category, phrases=[phrase], urgency=urgency,
            visit_window=VisitWindow.MORNING, language="zh"), print_slip=False)
        reported = now - timedelta(days=days_ago, hours=index)
        changes: dict[str, Any] = {
            "status": status, "assignee": assignee, "note_to_owner": note, "reported_at": reported,
            "due_at": repair.due_at - (now - reported),
            "done_at": now - timedelta(hours=20) if status is RepairStatus.DONE else None,
            "scheduled_at": now + timedelta(days=1) if status is RepairStatus.ASSIGNED else None,
        }
        with site.store.transaction() as tx:
            tx.put(Repair.model_validate({**repair.model_dump(), **changes}), actor="demo", at=now)
        added += 1
    if others:
        neighbour = others[0]
        area.repairs.report(RepairReport(
            unit_id=neighbour.id, unit_label=neighbour.label, category=RepairCategory.ELEVATOR,
            phrases=["电梯异响"], urgency=Urgency.URGENT, location=Location.PUBLIC, building=neighbour.building,
            floor="1"), print_slip=False)
        added += 1
    added += _seed_feedback(site, demo_unit_id, label)
    area.repairs.review()  # due times passed while "dated back": flag the overdue ones now
    return added


def _seed_feedback(site: Site, unit_id: str, label: str) -> int:
    desk = site.repairs.feedback
    answered = desk.file(kind=FeedbackKind.INQUIRY, category=FeedbackCategory.FEES, text="今年暖气费什么时候交？",
                         unit_id=unit_id, unit_label=label)
    desk.file(kind=FeedbackKind.COMPLAINT, category=FeedbackCategory.NEIGHBOURS, text="楼上晚上 11 点后装修噪音",
              unit_id=unit_id, unit_label=label)
    desk.file(kind=FeedbackKind.SUGGESTION, category=FeedbackCategory.CLEANING, text="More bins by gate 2",
              unit_id=unit_id, unit_label=label, anonymous=True)
    with site.store.transaction() as tx:
        tx.put(Feedback.model_validate({**answered.model_dump(), "status": FeedbackStatus.ANSWERED,
                                        "response": "11 月 1 日至 12 月 31 日，可在自助机扫码缴费"}),
               actor="demo", at=site.clock.now())
    return 3
