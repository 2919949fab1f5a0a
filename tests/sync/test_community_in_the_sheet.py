"""The community tabs in the workbook: staff publish notices and events, the kiosk's sign-ups come back,
and a sign-up staff cancel in the sheet moves the waitlist up after the sync."""

from __future__ import annotations

from datetime import date

from desk.events import Event, SignupStatus
from desk.notices import Notice
from desk.visitors import VisitPurpose
from lobbydesk.site import Site
from sync.memory import MemoryWorkbook


def sync(site: Site) -> None:
    site.sync.run_once()
    site.after_sync()


def test_a_notice_staff_type_in_the_sheet_reaches_the_store_and_the_lobby(site: Site) -> None:
    sheet = site.workbook
    assert isinstance(sheet, MemoryWorkbook)
    sync(site)
    sheet.add_row("Notices", {"Title (zh)": "周六停水", "Title (en)": "Water off Saturday", "Starts": "2026-11-27",
                              "Buildings": "1, 3", "Pinned": "TRUE"})

    sync(site)  # the row gets its ID
    sync(site)  # and is taken

    with site.store.transaction() as tx:
        [notice] = tx.find(Notice)
    assert (notice.title_en, notice.starts, notice.building_list(), notice.pinned) == (
        "Water off Saturday", date(2026, 11, 27), ("1", "3"), True)
    assert site.lobby_notices() == ["周六停水 · Water off Saturday"]


def test_signups_reach_the_sheet_and_a_cancellation_typed_there_moves_the_waitlist_up(site: Site) -> None:
    sheet = site.workbook
    assert isinstance(sheet, MemoryWorkbook)
    sync(site)
    sheet.add_row("Events", {"Title (en)": "Moon festival party", "Starts": "2026-11-30 19:00",
                             "Capacity (people)": "2", "People per unit": "2"})
    sync(site)
    sync(site)
    with site.store.transaction() as tx:
        [event] = tx.find(Event)
    events = site.community.events
    first = events.sign_up(event.id, "U1", "3-1202", 2, print_pass=False).signup
    waiting = events.sign_up(event.id, "U2", "5-301", 1, print_pass=False).signup
    sync(site)
    assert [(row["Unit label"], row["Status"]) for row in sheet.rows_by_header("Signups")] == [
        ("3-1202", "signed-up"), ("5-301", "waitlisted")]
    assert sheet.rows_by_header("Events")[0]["On waitlist"] == 1

    sheet.type_into("Signups", row_id=first.id, header="Status", value="cancelled")
    sync(site)  # takes the cancellation, then the after-sync step moves 5-301 up
    sync(site)  # and writes it back

    assert [(row["Unit label"], row["Status"]) for row in sheet.rows_by_header("Signups")] == [
        ("3-1202", "cancelled"), ("5-301", "signed-up")]
    assert events.signups(event.id)[1].status is SignupStatus.SIGNED_UP
    assert events.signups(event.id)[1].id == waiting.id


def test_staff_cannot_hand_a_waitlisted_unit_a_place_in_the_sheet(site: Site) -> None:
    sheet = site.workbook
    assert isinstance(sheet, MemoryWorkbook)
    with site.store.transaction() as tx:
        tx.put(Event(id="SUNNY-E1", title_en="Party", starts=site.clock.now().replace(day=30), capacity=1),
               actor="staff", at=site.clock.now())
    events = site.community.events
    events.sign_up("SUNNY-E1", "U1", "3-1202", 1, print_pass=False)
    waiting = events.sign_up("SUNNY-E1", "U2", "5-301", 1, print_pass=False).signup
    sync(site)

    sheet.type_into("Signups", row_id=waiting.id, header="Status", value="signed-up")
    sync(site)

    assert events.signups("SUNNY-E1")[1].status is SignupStatus.WAITLISTED
    problems = [row["Why"] for row in sheet.rows_by_header("Problems") if row["ID"] == waiting.id]
    assert problems and "moves up by itself" in str(problems[0])


def test_visitors_and_move_ins_from_the_kiosk_appear_in_their_tabs(site: Site) -> None:
    sheet = site.workbook
    assert isinstance(sheet, MemoryWorkbook)
    site.community.visitors.register("SUNNY-U1", "3-1202", "Li Wei", VisitPurpose.DELIVERY, print_pass=False)
    site.community.movein.start("SUNNY-U2", "5-301")

    sync(site)

    [visitor] = sheet.rows_by_header("Visitors")
    assert (visitor["Pass number"], visitor["Unit label"], visitor["Visitor"], visitor["Purpose"], visitor["Arrived"],
            visitor["Valid until"]) == ("V001", "3-1202", "Li Wei", "delivery", "2026-11-27 09:30:00",
                                        "2026-11-27 13:30:00")
    [case] = sheet.rows_by_header("MoveIns")
    assert (case["Unit label"], case["Queue number"], case["Status"], case["Documents signed"]) == (
        "5-301", "E001", "waiting", False)


def test_a_resident_deleted_in_the_sheet_comes_back_the_owner_file_is_never_cut(community: Site) -> None:
    sheet = community.workbook
    assert isinstance(sheet, MemoryWorkbook)
    sync(community)
    row = sheet.find_row("Residents", "ID", "SUNNY-P1")

    sheet.delete_row("Residents", row)
    sync(community)

    assert [r["Name"] for r in sheet.rows_by_header("Residents")] == ["张三明"]
    with community.store.transaction() as tx:
        assert [entry.actor for entry in tx.history_entries("SUNNY-P1")] == ["staff"]
