"""The demo's desk services: parcels waiting for both demo owners (one left too long), four services, a key held."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from desk.parcels import Parcel
from desk.special_services import SpecialService
from lobbydesk.demo_community import DEMO_SECOND_UNIT
from lobbydesk.site import Site

SERVICES = [
    ("装修钥匙代管", "Key custody for decorators",
     "业主登记领取人姓名及手机后四位，凭本人领取；保管最长 30 天。",
     "The owner names who may collect the key (name and phone last 4); only that person collects it. Up to 30 days.",
     None, True),
    ("借用梯子或推车", "Borrow a ladder or a cart",
     "凭小票到服务台借用，当日 18:00 前归还。",
     "Collect it at the desk with your slip; return it by 18:00 the same day.",
     None, True),
    ("复印或证明盖章", "Copy or certify documents",
     "复印每页 0.5 元；证明需带身份证原件。", "Copies 0.50 a page; bring your ID card for a certificate.",
     Decimal("0.50"), True),
    ("预约会议室", "Book the meeting room",
     "每次最长 2 小时，请写明日期、时间和人数。", "Up to 2 hours; write the date, time and how many people.",
     None, False),
]


def seed_desk_services(site: Site, demo_unit_id: str) -> int:
    """Add the demo's parcels, services and a key in custody; returns how many records were added."""
    second = site.units.find(*DEMO_SECOND_UNIT[:2])
    demo_units = [demo_unit_id, second.id if second is not None else demo_unit_id]
    now = site.clock.now()
    area = site.desk_services
    added = 0
    with site.store.transaction() as tx:
        for order, (name_zh, name_en, rules_zh, rules_en, fee, clerk) in enumerate(SERVICES, start=1):
            tx.put(SpecialService(id=site.ids.new(SpecialService.ID_KIND), name_zh=name_zh, name_en=name_en,
                                  rules_zh=rules_zh, rules_en=rules_en, fee=fee, needs_clerk=clerk, order=order),
                   actor="demo", at=now)
            added += 1
    plan = [(demo_units[0], "顺丰 SF Express", "A-3"), (demo_units[0], "京东 JD", "B-1"),
            (demo_units[-1], "中通 ZTO", "A-1")]
    for unit_id, carrier, shelf in plan:
        area.parcels.register(unit_id, _label(site, unit_id), carrier=carrier, shelf=shelf, staff="demo",
                              print_label=False)
        added += 1
    old = area.parcels.register(demo_units[-1], _label(site, demo_units[-1]), carrier="邮政 EMS", shelf="C-2",
                                staff="demo", print_label=False)
    with site.store.transaction() as tx:  # left ten days ago: the console lists it as overdue
        tx.put(Parcel.model_validate({**old.model_dump(), "arrived_at": now - timedelta(days=10)}), actor="demo",
               at=now)
    area.parcels.flag_overdue()
    area.keys.leave(demo_units[0], _label(site, demo_units[0]), key_label="入户门 front door",
                    collector_name="王师傅", collector_tail="6688", until=now + timedelta(days=14), staff="demo")
    return added + 2


def _label(site: Site, unit_id: str) -> str:
    unit = site.units.get(unit_id)
    return unit.label if unit is not None else unit_id
