"""The demo's owners' committee: three meetings (two held, one planned) and their decisions, one overdue."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from desk.meetings import Decision, DecisionStatus, Meeting, MeetingStatus

if TYPE_CHECKING:
    from lobbydesk.site import Site


def seed_committee(site: Site) -> int:
    """Add the meetings and decisions; returns how many records were added."""
    now = site.clock.now()
    today = now.date()
    meetings = [
        Meeting(id=site.ids.new(Meeting.ID_KIND), held_on=today - timedelta(days=75), status=MeetingStatus.HELD,
                agenda="1. 电梯维保合同续签 Lift contract renewal\n2. 停车位分配 Parking allocation",
                attendees="王主任, 李委员, 张委员, 物业 赵经理",
                minutes="同意续签电梯维保合同一年；停车位按登记先后分配。Lift contract renewed for a year."),
        Meeting(id=site.ids.new(Meeting.ID_KIND), held_on=today - timedelta(days=20), status=MeetingStatus.HELD,
                agenda="1. 冬季供暖 Heating season\n2. 垃圾分类点 Waste sorting points",
                attendees="王主任, 李委员, 陈委员, 物业 赵经理",
                minutes="供暖投诉由工程部一周内回复；2 号门增设垃圾桶。Heating complaints answered within a week."),
        Meeting(id=site.ids.new(Meeting.ID_KIND), held_on=today + timedelta(days=25),
                agenda="1. 年度预算 Annual budget\n2. 公共收益公示 Shared income report"),
    ]
    first, second, _ = meetings
    decisions = [
        Decision(id=site.ids.new(Decision.ID_KIND), meeting=first.id, text="续签电梯维保合同 Renew the lift contract",
                 responsible="赵经理", due=today - timedelta(days=45), status=DecisionStatus.DONE),
        Decision(id=site.ids.new(Decision.ID_KIND), meeting=first.id,
                 text="公示停车位分配名单 Publish the parking allocation", responsible="李委员",
                 due=today - timedelta(days=10)),
        Decision(id=site.ids.new(Decision.ID_KIND), meeting=second.id,
                 text="2 号门增设分类垃圾桶 More sorting bins at gate 2", responsible="保洁 刘主管",
                 due=today + timedelta(days=10)),
        Decision(id=site.ids.new(Decision.ID_KIND), meeting=second.id,
                 text="供暖投诉一周内回复 Answer heating complaints within a week", responsible="工程部",
                 due=today + timedelta(days=3)),
        Decision(id=site.ids.new(Decision.ID_KIND), meeting=second.id, text="更换 3 号楼门禁 New door entry for 3",
                 responsible="赵经理", due=today - timedelta(days=2), status=DecisionStatus.DONE),
    ]
    with site.store.transaction() as tx:
        for record in (*meetings, *decisions):
            tx.put(record, actor="demo", at=now)
    return len(meetings) + len(decisions)
