"""The demo community: a data folder with settings and a morning's worth of queue tickets."""

from __future__ import annotations

from pathlib import Path

from desk.queue import QueueTicket, Service, TicketStatus
from desk.store import Store
from lobbydesk.settings import CONFIG_NAME
from lobbydesk.site import Site

DEMO_CONFIG = """\
# The demo community. Every key can also be set as LOBBYDESK_<KEY> in the environment.
site_code = "DEMO"
community_name = "阳光花园 Sunny Garden"
timezone = "Asia/Shanghai"
languages = ["zh", "en"]
"""


def write_demo_config(data_dir: Path) -> Path:
    """Create ``DATA/lobbydesk.toml`` for the demo unless the folder already has one."""
    data_dir.mkdir(parents=True, exist_ok=True)
    config = data_dir / CONFIG_NAME
    if not config.exists():
        config.write_text(DEMO_CONFIG, encoding="utf-8")
    return config


def seed_demo(site: Site) -> int:
    """Give an empty demo store today's queue in every state; returns tickets added (0 if seeded)."""
    if _has_tickets(site.store):
        return 0
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
    for service, status, counter in plan:
        ticket = site.queue.take_number(service, print_ticket=False).ticket
        if status is not TicketStatus.WAITING:
            with site.store.transaction() as tx:
                changed = QueueTicket.model_validate({**ticket.model_dump(), "status": status, "counter": counter})
                tx.put(changed, actor="demo", at=site.clock.now())
    return len(plan)


def _has_tickets(store: Store) -> bool:
    with store.transaction() as tx:
        return bool(tx.find(QueueTicket))
