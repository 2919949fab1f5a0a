"""The demo lets a visitor try every repair path: requests in every state, feedback, routing, service levels."""

from __future__ import annotations

from desk.feedback import DEFAULT_ROUTES, Feedback, Routing
from desk.repairs import Repair, RepairStatus
from desk.service_levels import ServiceLevel
from lobbydesk.demo_repairs import seed_repairs
from lobbydesk.site import Site


def test_the_demo_has_a_repair_in_every_state_and_one_to_rate(community: Site) -> None:
    added = seed_repairs(community, "SUNNY-U1")

    with community.store.transaction() as tx:
        repairs = tx.find(Repair)
        feedback = tx.find(Feedback)
        routes = tx.find(Routing)
        levels = tx.find(ServiceLevel)
    assert added == len(repairs) + len(feedback) == 10
    assert {r.status for r in repairs} == set(RepairStatus)
    mine = community.repairs.repairs.for_unit("SUNNY-U1")
    assert [r.number for r in mine if community.repairs.repairs.can_rate(r)] == ["R0001"]
    assert [r.number for r in mine if community.repairs.repairs.can_reopen(r)] == ["R0001"]
    assert [f.response for f in feedback if f.response] == ["11 月 1 日至 12 月 31 日，可在自助机扫码缴费"]
    assert (len(routes), len(levels)) == (len(DEFAULT_ROUTES), 3)
    assert [r.number for r in repairs if r.overdue] == ["R0002", "R0004", "R0006"]  # urgent 1 day ago; 3, 6 days
