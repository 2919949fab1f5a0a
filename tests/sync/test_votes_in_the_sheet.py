"""Staff put a question to the owners in the Votes tab; the kiosk's named ballots come back in Ballots."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from desk.units import Unit
from desk.votes import Vote, VoteKind
from lobbydesk.site import Site
from sync.memory import MemoryWorkbook


def sync(site: Site) -> None:
    site.sync.run_once()
    site.after_sync()


def test_a_vote_typed_in_the_sheet_opens_at_the_kiosk_and_its_ballots_reach_the_sheet(site: Site) -> None:
    sheet = site.workbook
    assert isinstance(sheet, MemoryWorkbook)
    with site.store.transaction() as tx:
        tx.put(Unit(id="SUNNY-U1", building="3", room="1202", area_m2=Decimal("89.50"), owner_of_record="张三明"),
               actor="staff", at=site.clock.now())
    sync(site)
    sheet.add_row("Votes", {"Question (zh)": "是否更换小区大门？", "Choices (zh)": "同意；反对",
                            "Choices (en)": "For / Against", "Opens": "2026-11-27 08:00", "Closes": "2026-12-04 20:00",
                            "Kind": "major"})

    sync(site)  # the row gets its ID
    sync(site)  # and is taken

    with site.store.transaction() as tx:
        [vote] = tx.find(Vote)
    assert (vote.choice_keys(), vote.kind, vote.closes) == (
        ["同意", "反对"], VoteKind.MAJOR, datetime(2026, 12, 4, 20, 0, tzinfo=site.clock.tz))
    assert site.committee.votes.any_open()
    site.committee.votes.cast(vote.id, "SUNNY-U1", "反对", print_receipt=False)
    sync(site)
    [row] = sheet.rows_by_header("Ballots")
    assert (row["Vote"], row["Unit label"], row["Owner"], row["Choice"]) == (vote.id, "3-1202", "张三明", "反对")


def test_a_vote_without_two_choices_is_not_taken_and_problems_says_why(site: Site) -> None:
    sheet = site.workbook
    assert isinstance(sheet, MemoryWorkbook)
    sync(site)
    sheet.add_row("Votes", {"Question (en)": "New gate?", "Choices (en)": "Yes", "Opens": "2026-11-27 08:00",
                            "Closes": "2026-12-04 20:00"})
    sync(site)
    sync(site)

    with site.store.transaction() as tx:
        assert tx.find(Vote) == []
    assert any("two choices" in row["Why"] for row in sheet.rows_by_header("Problems"))
