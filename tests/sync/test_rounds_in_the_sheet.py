"""Rounds in the workbook: staff type them in the Rounds tab; missed ones come back as highlighted RoundVisits rows."""

from __future__ import annotations

from pathlib import Path

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.rounds import Round, RoundVisit
from desk.rounds_desk import RoundsDesk
from desk.store import Store
from sync.engine import SYNCED_KINDS, SyncEngine
from sync.formats import format_of
from sync.memory import MemoryWorkbook
from tests.sync.test_payments_in_the_sheet import problems


def test_a_round_typed_in_the_sheet_is_missed_once_its_window_ends_and_the_row_says_so(
    store: Store, sheet: MemoryWorkbook, clock: FixedClock, tmp_path: Path
) -> None:
    ids = SequentialIds("SUNNY")
    engine = SyncEngine(store, sheet, SYNCED_KINDS, clock, ids=ids)
    rounds = RoundsDesk(store, clock, ids, lambda: b"secret", tmp_path / "photos", lambda name: name)
    engine.run_once()
    sheet.add_row("Rounds", {"Task": "disinfection", "Place": "Lobby", "Building": "3", "How often": "daily",
                             "Time windows": "08:00-09:00, 14:00-15:00", "Who": "保洁 Team A"})
    sheet.add_row("Rounds", {"Task": "cleaning", "Place": "Garage", "Time windows": "9 to 10"})
    engine.run_once()
    engine.run_once()  # rows numbered in one cycle reach the store in the next

    with store.transaction() as tx:
        assert [(r.place, r.windows) for r in tx.find(Round)] == [("Lobby", "08:00-09:00, 14:00-15:00")]
    assert any(tab == "Rounds" and "'9 to 10' is not a time window like 08:00-10:00" in str(why)
               for tab, _id, _column, _value, why in problems(sheet))
    assert rounds.flag_missed() == 1  # 09:30: the 08:00-09:00 window ended unvisited
    assert rounds.flag_missed() == 0
    engine.run_once()

    (row,) = sheet.rows_by_header("RoundVisits")
    assert (row["Place"], row["Window"], row["Status"], row["Done at"]) == ("Lobby", "08:00-09:00", "missed", None)
    with store.transaction() as tx:
        assert len(tx.find(RoundVisit)) == 1


def test_the_visits_tab_highlights_missed_rows_red_and_late_or_wrong_place_amber() -> None:
    rules = format_of(RoundVisit).highlights

    assert [(rule.header, rule.equals, rule.colour) for rule in rules] == [
        ("Status", ("missed",), "FFC7CE"), ("Status", ("late", "wrong place"), "FFEB9C")]
    columns = {column.header: column for column in format_of(Round).columns}
    assert columns["Task"].choices == ("cleaning", "disinfection", "greening", "patrol", "lift check",
                                       "fire-equipment check")
    assert columns["How often"].choices == ("daily", "weekly")
