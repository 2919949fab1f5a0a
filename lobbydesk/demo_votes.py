"""The demo's owners' votes: an ordinary question open now, and a major matter that closed with its ballots.

The open vote has a few ballots already (from units without a PIN), so the console shows turnout;
three demo owners can vote at the kiosk: 3-1202 (PIN 2468), 1-301 (PIN 1357) and 2-801 (PIN 8642).
The closed vote is not yet published: a manager presses Publish at ``/staff/votes``.
"""

from __future__ import annotations

from datetime import timedelta

from desk.units import Unit
from desk.votes import Ballot, Vote, VoteKind
from lobbydesk.site import Site

# A third demo owner who can vote at the kiosk: building, room, PIN.
DEMO_VOTING_UNIT = ("2", "801", "8642")
# Who voted what on the closed maintenance-fund vote, by unit label; the other units did not vote.
CLOSED_BALLOTS = {"1-302": "同意", "1-801": "同意", "1-802": "同意", "1-1201": "同意", "1-1202": "反对",
                  "2-301": "同意", "2-302": "同意", "2-802": "同意", "2-1201": "同意", "2-1202": "同意",
                  "3-301": "同意", "3-302": "反对", "3-801": "同意", "3-802": "同意"}
OPEN_BALLOTS = {"1-302": "同意", "2-302": "反对", "3-302": "同意"}


def seed_votes(site: Site) -> int:
    """Add the demo votes and ballots, and the voting owner's PIN; returns how many records were added."""
    now = site.clock.now()
    open_vote = Vote(id=site.ids.new(Vote.ID_KIND), question_zh="是否在小区东门增设智能快递柜？",
                     question_en="Shall we add parcel lockers at the east gate?",
                     choices_zh="同意；反对；弃权", choices_en="For; Against; Abstain",
                     opens=now - timedelta(days=2), closes=now + timedelta(days=12), kind=VoteKind.ORDINARY)
    closed_vote = Vote(id=site.ids.new(Vote.ID_KIND), question_zh="是否使用专项维修资金更换 1 号楼电梯？",
                       question_en="Shall the maintenance fund pay for a new lift in building 1?",
                       choices_zh="同意；反对", choices_en="For; Against",
                       opens=now - timedelta(days=17), closes=now - timedelta(days=3), kind=VoteKind.MAJOR)
    with site.store.transaction() as tx:
        units = {unit.label: unit for unit in tx.find(Unit)}
        records: list[Vote | Ballot] = [open_vote, closed_vote]
        for vote, plan in ((closed_vote, CLOSED_BALLOTS), (open_vote, OPEN_BALLOTS)):
            for order, (label, choice) in enumerate(plan.items()):
                unit = units.get(label)
                if unit is None:  # a demo whose units are laid out otherwise
                    continue
                cast_at = vote.opens + timedelta(hours=2, minutes=order * 37)
                records.append(Ballot(id=site.ids.new(Ballot.ID_KIND), vote=vote.id, unit=unit.id,
                                      unit_label=unit.label, owner_name=unit.owner_of_record, choice=choice,
                                      area_m2=unit.area_m2, cast_at=cast_at))
        for record in records:
            tx.put(record, actor="demo", at=now)
    building, room, pin = DEMO_VOTING_UNIT
    voter = site.units.find(building, room)
    if voter is not None:
        site.credentials.set_pin(voter.id, pin)
        site.units.mark_pin_set(voter)
    return len(records)
