"""The demo community: settings, units and residents, logins, and a morning's queue in every state."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from desk.credentials import StaffRole
from desk.queue import QueueTicket, Service, TicketStatus
from desk.units import Resident, ResidentRole, Unit
from lobbydesk.demo_committee import seed_committee
from lobbydesk.demo_community import seed_community
from lobbydesk.demo_desk_services import seed_desk_services
from lobbydesk.demo_fees import seed_fees
from lobbydesk.demo_history import seed_history
from lobbydesk.demo_repairs import seed_repairs
from lobbydesk.demo_rounds import seed_rounds
from lobbydesk.demo_votes import seed_votes
from lobbydesk.settings import CONFIG_NAME
from lobbydesk.site import Site

DEMO_CONFIG = """\
# The demo community. Every key can also be set as LOBBYDESK_<KEY> in the environment.
site_code = "DEMO"
community_name = "阳光花园 Sunny Garden"
timezone = "Asia/Shanghai"
languages = ["zh", "en"]
payment_webhook_secret = "{webhook_secret}"  # made for this demo folder; signs POST /api/payments/notify
"""

# Demo logins, printed when the demo starts; never use these outside a demo.
DEMO_DESK = ("desk", "desk-demo-2026")
DEMO_MANAGER = ("manager", "manager-demo-2026")
DEMO_UNIT = ("3", "1202", "2468")

RESIDENT_NAMES = ["张三明", "李秀英", "王建国", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周杰", "吴敏",
                  "徐强", "孙悦", "Emma Schmidt", "朱婷", "胡军", "郭芳", "林涛", "何雪"]


@dataclass(frozen=True)
class DemoLogins:
    """What the demo prints so a visitor can try every path."""

    desk: tuple[str, str] = DEMO_DESK
    manager: tuple[str, str] = DEMO_MANAGER
    unit: tuple[str, str, str] = DEMO_UNIT

    def lines(self, base_url: str, webhook_secret: str) -> list[str]:
        """The logins as lines for the terminal."""
        building, room, pin = self.unit
        return [
            f"  staff console:  {base_url}/staff   login {self.desk[0]} / {self.desk[1]}"
            f"   (manager: {self.manager[0]} / {self.manager[1]})",
            f"  lobby display:  {base_url}/display",
            f"  repairs:        kiosk tiles 报修 / 投诉建议 / 我的报修; staff page {base_url}/staff/repairs",
            f"  owner sign-in:  building {building}, room {room}, PIN {pin}",
            f"  votes:          kiosk tile 业主表决 (also 1-301 PIN 1357, 2-801 PIN 8642); managers publish at "
            f"{base_url}/staff/votes",
            f"  community:      kiosk tiles 社区活动 / 政策问答 / 社区公告 / 访客登记 / 入住办理 (second owner for the "
            f"waitlist: building 1, room 301, PIN 1357); staff pages {base_url}/staff/events, /staff/visitors, "
            f"/staff/movein, /staff/owners; lobbydesk owner-file 2-302 --pdf file.pdf",
            f"  pay fees:       kiosk tile 缴费; confirm at {base_url}/staff/payments, or as the provider would: "
            f"see docs/fees.md (POST {base_url}/api/payments/notify, secret {webhook_secret})",
            f"  parcels, keys:  staff pages {base_url}/staff/parcels, /staff/services; kiosk tile 特约服务, and the "
            f"parcels news after signing in (3-1202 has two waiting)",
            f"  reports:        managers' {base_url}/staff/dashboard; lobbydesk report --month YYYY-MM --pdf file.pdf",
            f"  operations:     {base_url}/staff/operations, {base_url}/healthz; lobbydesk doctor, "
            f"lobbydesk backup, lobbydesk sync --status (add --data with the demo's folder)",
        ]


def write_demo_config(data_dir: Path) -> Path:
    """Create ``DATA/lobbydesk.toml`` for the demo unless the folder already has one."""
    data_dir.mkdir(parents=True, exist_ok=True)
    config = data_dir / CONFIG_NAME
    if not config.exists():
        # A secret of its own, never one published with the code: a demo left running takes no forged payment.
        config.write_text(DEMO_CONFIG.format(webhook_secret=secrets.token_urlsafe(24)), encoding="utf-8")
        config.chmod(0o600)  # it holds that secret: `lobbydesk doctor` rightly flags a file others can read
    return config


def seed_demo(site: Site) -> int:
    """Fill an empty demo store; returns how many records were added (0 if it was seeded before)."""
    with site.store.transaction() as tx:
        if tx.find(Unit):
            return 0
    added = _seed_units(site)
    site.credentials.add_staff(DEMO_DESK[0], StaffRole.DESK, DEMO_DESK[1])
    site.credentials.add_staff(DEMO_MANAGER[0], StaffRole.MANAGER, DEMO_MANAGER[1])
    building, room, pin = DEMO_UNIT
    unit = site.units.find(building, room)
    assert unit is not None
    site.credentials.set_pin(unit.id, pin)
    site.units.mark_pin_set(unit)
    added += seed_fees(site, unit.id)
    added += seed_repairs(site, unit.id)
    added += seed_community(site, unit.id)
    added += seed_desk_services(site, unit.id)
    added += seed_rounds(site)
    added += seed_committee(site)
    added += seed_history(site, unit.id)  # after the fees: owners of other units pay their billed months
    added += seed_votes(site)
    return added + _seed_queue(site, unit.id)


def _seed_units(site: Site) -> int:
    now = site.clock.now()
    names = iter(RESIDENT_NAMES)
    added = 0
    with site.store.transaction() as tx:
        for building in ("1", "2", "3"):
            for floor in (3, 8, 12):
                for door in (1, 2):
                    room = f"{floor}{door:02d}"
                    name = next(names)
                    unit = Unit(id=site.ids.new(Unit.ID_KIND), building=building, room=room,
                                area_m2=Decimal("72.40") + floor + door, heating=floor != 3, owner_of_record=name)
                    tx.put(unit, actor="demo", at=now)
                    tx.put(Resident(id=site.ids.new(Resident.ID_KIND), name=name, unit=unit.id,
                                    phone=f"1380013{added:04d}", role=ResidentRole.OWNER,
                                    language="en" if name.isascii() else "zh", move_in=date(2019, 5, 1 + floor)),
                           actor="demo", at=now)
                    added += 2
    return added


def _seed_queue(site: Site, demo_unit: str) -> int:
    plan = [
        (Service.INQUIRY, TicketStatus.SERVED, "1"),
        (Service.PAYMENT, TicketStatus.SERVED, "2"),
        (Service.INQUIRY, TicketStatus.NO_SHOW, ""),
        (Service.REPAIR, TicketStatus.CANCELLED, ""),
        (Service.INQUIRY, TicketStatus.CALLED, "1"),
        (Service.PAYMENT, TicketStatus.CALLED, "2"),
        (Service.INQUIRY, TicketStatus.WAITING, ""),
        (Service.INQUIRY, TicketStatus.WAITING, ""),
        (Service.REPAIR, TicketStatus.WAITING, ""),
    ]
    for index, (service, status, counter) in enumerate(plan):
        unit = demo_unit if index == len(plan) - 1 else ""
        ticket = site.queue.take_number(service, print_ticket=False, unit=unit).ticket
        if status is not TicketStatus.WAITING:
            with site.store.transaction() as tx:
                changed = QueueTicket.model_validate({**ticket.model_dump(), "status": status, "counter": counter})
                tx.put(changed, actor="demo", at=site.clock.now())
    return len(plan)
