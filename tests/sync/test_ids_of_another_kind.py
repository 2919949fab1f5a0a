"""Stories of an ID pasted into the wrong tab, where one kind's letter starts another kind's two.

A repair's ID is ``SUNNY-R`` and six random characters; a round's is ``SUNNY-RD`` and six. A repair
whose random part happens to start with D reads, by its first letters, like a round's.
"""

from __future__ import annotations

from desk.clock import FixedClock
from desk.feedback import Routing
from desk.ids import ALPHABET, IdFactory, SequentialIds
from desk.meetings import Decision
from desk.repairs import Repair
from desk.rounds import Round
from desk.store import Store
from sync.engine import SYNCED_KINDS, SyncEngine
from sync.memory import MemoryWorkbook
from tests.sync.test_payments_in_the_sheet import problems

NOT_OURS = "this is not an ID lobbydesk gave a {tab} row; clear it and the row gets a proper one"


def id_whose_random_part_starts_with(kind: str, first: str) -> str:
    """An ID of ``kind`` as the site makes them, its random part starting with ``first`` (zeros after)."""
    return IdFactory("SUNNY", random_bits=lambda _count: ALPHABET.index(first) << 25).new(kind)


def synced_site(store: Store, sheet: MemoryWorkbook, clock: FixedClock) -> SyncEngine:
    engine = SyncEngine(store, sheet, SYNCED_KINDS, clock, ids=SequentialIds("SUNNY"))
    engine.run_once()  # the tabs exist, as staff find them on their first morning
    return engine


def test_a_repairs_id_pasted_into_the_rounds_tab_is_not_taken_for_a_round(
    store: Store, sheet: MemoryWorkbook, clock: FixedClock
) -> None:
    engine = synced_site(store, sheet, clock)
    repair_id = id_whose_random_part_starts_with(Repair.ID_KIND, "D")
    assert repair_id == "SUNNY-RD00000"  # begins as every round's ID does
    row = sheet.add_row("Rounds", {"ID": repair_id, "Task": "cleaning", "Place": "Lobby",
                                   "Time windows": "08:00-10:00"})

    report = engine.run_once()

    assert report.rows_adopted == 0
    with store.transaction() as tx:
        assert tx.find(Round) == []
    assert problems(sheet) == [("Rounds", repair_id, "ID", repair_id, NOT_OURS.format(tab="Rounds"))]

    sheet.type_at("Rounds", row, "ID", None)  # as the problem advises
    engine.run_once()
    engine.run_once()  # rows numbered in one cycle reach the store in the next

    with store.transaction() as tx:
        assert [(found.id, found.place) for found in tx.find(Round)] == [("SUNNY-RD000001", "Lobby")]
    assert problems(sheet) == []


def test_a_decisions_id_pasted_into_the_routing_tab_is_not_taken_for_a_routing_line(
    store: Store, sheet: MemoryWorkbook, clock: FixedClock
) -> None:
    engine = synced_site(store, sheet, clock)
    decision_id = id_whose_random_part_starts_with(Decision.ID_KIND, "0")
    assert decision_id.startswith(f"SUNNY-{Routing.ID_KIND}")  # a routing line's kind is D
    sheet.add_row("Routing", {"ID": decision_id, "Category": "fees", "Department": "center"})

    report = engine.run_once()

    assert report.rows_adopted == 0
    with store.transaction() as tx:
        assert tx.find(Routing) == []
    assert problems(sheet) == [("Routing", decision_id, "ID", decision_id, NOT_OURS.format(tab="Routing"))]
