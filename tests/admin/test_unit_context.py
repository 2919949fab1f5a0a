"""When a signed-in owner's ticket is called, the console shows what the desk knows of the unit."""

from __future__ import annotations

import re
from collections.abc import Callable

from nicegui.testing.user import User

from desk.queue import Service
from lobbydesk.demo import DEMO_DESK, seed_demo
from lobbydesk.site import Site
from tests.admin.test_console_and_display import _log_in
from tests.fakes import label_texts


async def test_the_console_shows_the_called_units_repairs_balance_and_events(
    new_browser: Callable[[], User], site: Site
) -> None:
    seed_demo(site)
    unit = site.units.find("3", "1202")
    assert unit is not None
    calligraphy = next(e for e in site.community.events.upcoming() if e.title("en") == "Calligraphy class")
    site.community.events.sign_up(calligraphy.id, unit.id, unit.label, 1, print_pass=False)
    site.queue.take_number(Service.PAYMENT, unit=unit.id, priority=True, print_ticket=False)
    staff = new_browser()
    await _log_in(staff, *DEMO_DESK)

    # The demo's counter 1 is serving someone: finishing them calls the next, the priority ticket.
    staff.find(marker="served-next").click()

    await staff.should_see(marker="unit-context")
    await staff.should_see("Unit 房号 3-1202", retries=20)
    facts = sorted(label_texts(staff, "unit-fact"))
    # The demo's two parcels for 3-1202 on shelves A-3 and B-1, with their (random) pickup codes.
    waiting = re.compile(r"2 parcels waiting 包裹待取: \d{4} \(A-3\), \d{4} \(B-1\)")
    parcels = [fact for fact in facts if waiting.fullmatch(fact)]
    assert len(parcels) == 1, facts
    assert [fact for fact in facts if fact not in parcels] == [
        "Balance due 应缴: ¥3,423.69 · overdue 逾期 ¥1,324.02",
        "Next events 活动: Calligraphy class 12-02 15:00 (1, waitlisted)",  # the class is full
        "Open repairs: 4 (R0003 assigned, R0002 in progress OVERDUE, R0004 on hold OVERDUE, R0006 reopened OVERDUE)",
    ]
