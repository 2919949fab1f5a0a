"""The demo's community life: notices, policy answers, events in every state, visitors, a move-in, an owner file.

A second unit with a PIN (1-301) holds a place in the full calligraphy class, so a visitor can try
the waitlist: sign up 3-1202 (it waits), sign in as 1-301 and cancel, and 3-1202 moves up.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from desk.events import Event
from desk.notices import Notice
from desk.policies import Policy
from desk.units import Resident, ResidentRole
from desk.visitors import VisitPurpose
from lobbydesk.site import Site

# A second demo owner for the waitlist story: building, room, PIN.
DEMO_SECOND_UNIT = ("1", "301", "1357")

POLICIES = [
    ("装修", "Renovation", "装修需要办理什么手续？", "What do I file before renovating?",
     "到服务台填写装修申请，交装修押金，领取施工证后方可开工。",
     "Fill in a renovation form at the desk and pay the deposit; work starts once you have the permit."),
    ("装修", "Renovation", "周末可以装修吗？", "May I renovate at weekends?",
     "周末及节假日只可做不产生噪音的工作，电钻、切割等请在工作日 8:00-12:00、14:00-18:00 进行。",
     "At weekends and holidays only quiet work; drilling and cutting on weekdays 8:00-12:00 and 14:00-18:00."),
    ("宠物", "Pets", "小区可以养狗吗？", "May I keep a dog?",
     "可以。请到服务台登记，出门牵绳，及时清理粪便。",
     "Yes: register it at the desk, keep it on a lead, clean up after it."),
    ("停车", "Parking", "访客车辆可以停多久？", "How long may a visitor's car stay?",
     "访客车辆凭访客通行证免费停放 4 小时，超时按临时停车收费。",
     "Four hours free with a visitor pass; after that the hourly rate applies."),
    ("缴费", "Fees", "物业费怎么交？", "How do I pay the property fee?",
     "在自助机“缴费”扫码支付，或到服务台现场缴纳。",
     "Scan the QR code under Pay fees at the kiosk, or pay at the desk."),
]


def seed_community(site: Site, demo_unit_id: str) -> int:
    """Add the community demo records; returns how many were added."""
    now = site.clock.now()
    added = _notices(site, now) + _policies(site, now) + _events(site, now, demo_unit_id)
    added += _visitors(site) + _move_in(site) + _moved_out_resident(site, now)
    return added


def _notices(site: Site, now: datetime) -> int:
    today = now.date()
    notices = [
        Notice(id=site.ids.new("N"), title_zh="物业费缴纳提醒", title_en="Property fees are due",
               body_zh="请于 12 月 15 日前缴纳本季度物业费，可在自助机扫码支付。",
               body_en="Please pay this quarter's fees by 15 December; you can pay at the kiosk.",
               starts=today - timedelta(days=3), pinned=True),
        Notice(id=site.ids.new("N"), title_zh="1 号楼电梯保养", title_en="Building 1 lift service",
               body_zh="周二 9:00-11:00 暂停使用，请走楼梯。", body_en="Out of service Tuesday 9:00-11:00.",
               starts=today, ends=today + timedelta(days=5), buildings="1"),
        Notice(id=site.ids.new("N"), title_zh="2 号楼停水通知", title_en="Building 2 water off",
               body_zh="周六 8:00-12:00 管道检修停水。", body_en="Saturday 8:00-12:00 for pipe repairs.",
               starts=today, buildings="2"),
        Notice(id=site.ids.new("N"), title_zh="3 号楼外墙清洗", title_en="Building 3 facade cleaning",
               body_zh="本周四、五请关好窗户。", body_en="Please keep windows shut on Thursday and Friday.",
               starts=today, buildings="3"),
        Notice(id=site.ids.new("N"), title_zh="秋季市集（已结束）", title_en="Autumn fair (over)",
               starts=today - timedelta(days=30), ends=today - timedelta(days=10)),
    ]
    with site.store.transaction() as tx:
        for notice in notices:
            tx.put(notice, actor="demo", at=now)
    return len(notices)


def _policies(site: Site, now: datetime) -> int:
    with site.store.transaction() as tx:
        for order, (cat_zh, cat_en, q_zh, q_en, a_zh, a_en) in enumerate(POLICIES, start=1):
            tx.put(Policy(id=site.ids.new("Q"), category_zh=cat_zh, category_en=cat_en, question_zh=q_zh,
                          question_en=q_en, answer_zh=a_zh, answer_en=a_en, order=order), actor="demo", at=now)
    return len(POLICIES)


def _events(site: Site, now: datetime, demo_unit_id: str) -> int:
    events = site.community.events
    evening = datetime.combine(now.date(), datetime.min.time(), now.tzinfo)
    solstice = Event(id=site.ids.new("E"), title_zh="冬至包饺子", title_en="Winter solstice dumplings",
                     starts=evening + timedelta(days=3, hours=18), ends=evening + timedelta(days=3, hours=20),
                     place="会所 Clubhouse", capacity=20, per_unit=3)
    calligraphy = Event(id=site.ids.new("E"), title_zh="书法课", title_en="Calligraphy class",
                        starts=evening + timedelta(days=5, hours=15), ends=evening + timedelta(days=5, hours=17),
                        place="活动室 Activity room", capacity=4, per_unit=2)
    fair = Event(id=site.ids.new("E"), title_zh="秋季市集", title_en="Autumn fair",
                 starts=evening + timedelta(days=1, hours=10), place="中心广场 Central square", capacity=50, per_unit=4)
    with site.store.transaction() as tx:
        for event in (solstice, calligraphy, fair):
            tx.put(event, actor="demo", at=now)
    units = [u for u in _units_by_label(site) if u[0] != demo_unit_id]
    second = site.units.find(*DEMO_SECOND_UNIT[:2])
    assert second is not None
    site.credentials.set_pin(second.id, DEMO_SECOND_UNIT[2])
    site.units.mark_pin_set(second)
    added = 0
    for (unit_id, label), people in zip(units[3:9], (3, 3, 3, 3, 3, 3), strict=True):  # 18 of 20 places
        events.sign_up(solstice.id, unit_id, label, people, print_pass=False)
        added += 1
    events.sign_up(calligraphy.id, second.id, second.label, 2, print_pass=False)
    for unit_id, label in units[9:11]:  # one more place taken, then the waitlist
        events.sign_up(calligraphy.id, unit_id, label, 2 if unit_id == units[9][0] else 1, print_pass=False)
    for unit_id, label in units[11:14]:
        signup = events.sign_up(fair.id, unit_id, label, 2, print_pass=False).signup
        events.check_in(signup.pass_number, actor="demo")
    with site.store.transaction() as tx:  # the fair took place ten days ago
        done = tx.get(Event, fair.id)
        assert done is not None
        tx.put(Event.model_validate({**done.model_dump(), "starts": evening - timedelta(days=10, hours=-10)}),
               actor="demo", at=now)
    return 3 + added + 3 + 3


def _units_by_label(site: Site) -> list[tuple[str, str]]:
    found = []
    for building in site.units.buildings():
        for room in ("301", "302", "801", "802", "1201", "1202"):
            unit = site.units.find(building, room)
            if unit is not None:
                found.append((unit.id, unit.label))
    return found


def _visitors(site: Site) -> int:
    visits = [("3-1202", "王小明", VisitPurpose.VISIT), ("2-802", "顺丰快递", VisitPurpose.DELIVERY),
              ("1-1201", "Anna Weber", VisitPurpose.SERVICE)]
    for label, name, purpose in visits:
        unit = site.units.find(*label.split("-"))
        assert unit is not None
        site.community.visitors.register(unit.id, unit.label, name, purpose, print_pass=False)
    return len(visits)


def _move_in(site: Site) -> int:
    unit = site.units.find("2", "1201")
    assert unit is not None
    site.community.movein.start(unit.id, unit.label, lang="zh")
    return 2  # the case and its queue ticket


def _moved_out_resident(site: Site, now: datetime) -> int:
    """A tenant of 2-302 whose phone changed before they moved out: three versions in the owner file."""
    unit = site.units.find("2", "302")
    assert unit is not None
    tenant = Resident(id=site.ids.new("P"), name="马丽", unit=unit.id, phone="13900139000", role=ResidentRole.TENANT,
                      move_in=date(2023, 3, 1))
    with site.store.transaction() as tx:
        tx.put(tenant, actor="demo", at=now - timedelta(days=400))
        tx.put(tenant.model_copy(update={"phone": "13900139999"}), actor="staff", at=now - timedelta(days=120))
    site.community.owner_files.mark_moved_out(tenant.id, now.date() - timedelta(days=20), actor="desk demo")
    return 1
