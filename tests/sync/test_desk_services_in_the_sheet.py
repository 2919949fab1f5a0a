"""Parcels, special services and keys in the workbook: the desk's records reach their tabs, staff's edits there
come back signed by staff, bad values are listed in the Problems tab and not taken, overdue parcels stand out."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TypeVar

from admin.workbook import provision
from desk.key_custody import KeyCustody
from desk.parcels import Parcel
from desk.records import Record
from desk.special_services import RequestStatus, ServiceRequest, SpecialService
from lobbydesk.site import Site
from sync.backend import UnreadFormula
from sync.engine import SYNCED_KINDS
from sync.formats import RowHighlight, format_of
from sync.mapping import cell_text
from sync.memory import MemoryWorkbook
from tests.sync.test_payments_in_the_sheet import problems

R = TypeVar("R", bound=Record)


def sync(site: Site) -> None:
    site.sync.run_once()
    site.after_sync()


def workbook(site: Site) -> MemoryWorkbook:
    sheet = site.workbook
    assert isinstance(sheet, MemoryWorkbook)
    return sheet


def stored(site: Site, kind: type[R], record_id: str) -> R:
    with site.store.transaction() as tx:
        record = tx.get(kind, record_id)
    assert record is not None
    return record


def last_actor(site: Site, record_id: str) -> str:
    with site.store.transaction() as tx:
        return tx.history_entries(record_id)[-1].actor


def row_of(sheet: MemoryWorkbook, tab: str, record_id: str) -> dict[str, object]:
    [row] = [row for row in sheet.rows_by_header(tab) if row["ID"] == record_id]
    return row


def a_service(site: Site) -> SpecialService:
    service = SpecialService(id="SUNNY-J1", name_zh="搬家预约", name_en="Moving day booking")
    with site.store.transaction() as tx:
        tx.put(service, actor="staff", at=site.clock.now())
    return service


def desk_records(site: Site) -> tuple[Parcel, ServiceRequest, KeyCustody]:
    area = site.desk_services
    parcel = area.parcels.register("SUNNY-U1", "3-1202", carrier="SF Express", shelf="A-3", staff="wang",
                                   print_label=False)
    request = area.services.request(a_service(site).id, "SUNNY-U1", "3-1202", "Saturday morning", print_slip=False)
    key = area.keys.leave("SUNNY-U1", "3-1202", key_label="front door", collector_name="王师傅",
                          collector_tail="6688", until=site.clock.now() + timedelta(days=1), staff="wang")
    return parcel, request, key


def test_the_desks_parcels_requests_and_keys_reach_their_tabs(community: Site) -> None:
    parcel, request, key = desk_records(community)

    sync(community)

    sheet = workbook(community)
    parcel_row = row_of(sheet, "Parcels", parcel.id)
    assert (parcel_row["Pickup code"], parcel_row["Unit label"], parcel_row["Carrier"], parcel_row["Shelf"],
            parcel_row["Status"], parcel_row["Registered by"]) == (
        parcel.pickup_code, "3-1202", "SF Express", "A-3", "waiting", "wang")
    assert [(row["ID"], row["Name zh"]) for row in sheet.rows_by_header("Services")] == [("SUNNY-J1", "搬家预约")]
    request_row = row_of(sheet, "ServiceRequests", request.id)
    assert (request_row["Service name"], request_row["Details"], request_row["Status"]) == (
        request.service_name, "Saturday morning", "requested")
    key_row = row_of(sheet, "Keys", key.id)
    assert (key_row["Key"], key_row["Collector"], key_row["Status"], key_row["Until"]) == (
        "front door", "王师傅", "held", "2026-11-28 09:30:00")
    assert problems(sheet) == []


def test_staff_edits_typed_in_the_sheet_come_back_into_the_store_signed_by_staff(community: Site) -> None:
    parcel, request, key = desk_records(community)
    sync(community)
    sheet = workbook(community)

    sheet.add_row("Services", {"Name zh": "代收干洗", "Name en": "Dry cleaning pickup", "Fee": "15",
                               "Clerk needed": "FALSE"})
    sheet.type_into("ServiceRequests", row_id=request.id, header="Status", value="done")
    sheet.type_into("ServiceRequests", row_id=request.id, header="Handled by", value="李经理")
    sheet.type_into("Keys", row_id=key.id, header="Until", value="2026-12-05 18:00")
    sheet.type_into("Parcels", row_id=parcel.id, header="Shelf", value="C-9")
    sync(community)  # takes the edits, and numbers the new service row
    sync(community)  # takes the new service

    added = [service for service in community.desk_services.services.active() if service.id != "SUNNY-J1"]
    assert [(service.name_en, str(service.fee), service.needs_clerk) for service in added] == [
        ("Dry cleaning pickup", "15", False)]
    assert last_actor(community, added[0].id) == "staff (new row in the sheet)"
    done = stored(community, ServiceRequest, request.id)
    assert (done.status, done.handled_by) == (RequestStatus.DONE, "李经理")
    extended = stored(community, KeyCustody, key.id)
    assert extended.until == datetime(2026, 12, 5, 18, 0, tzinfo=community.settings.zone)
    assert stored(community, Parcel, parcel.id).shelf == "C-9"
    unlocked = {column.header for column in format_of(Parcel).columns if not column.locked}
    assert {"Shelf", "Status", "Note"} <= unlocked  # staff can type there in a protected workbook
    assert community.desk_services.parcels.waiting_with_code(parcel.pickup_code) == stored(community, Parcel, parcel.id)
    assert [last_actor(community, record_id) for record_id in (request.id, key.id, parcel.id)] == ["staff"] * 3
    assert problems(sheet) == []


def test_bad_values_typed_by_staff_are_listed_with_the_reason_and_not_taken(community: Site) -> None:
    parcel, request, key = desk_records(community)
    sync(community)
    sheet = workbook(community)
    long_note = "很长的备注 " * 1000  # 6,000 characters

    sheet.type_into("ServiceRequests", row_id=request.id, header="Status", value="finished")
    sheet.type_into("Keys", row_id=key.id, header="Until", value="next Friday")
    sheet.type_into("Keys", row_id=key.id, header="Note", value=UnreadFormula("=B2&C2"))
    sheet.type_into("Parcels", row_id=parcel.id, header="Note", value=long_note)
    sheet.type_into("Parcels", row_id=parcel.id, header="Status", value='=HYPERLINK("http://evil.test")')
    sync(community)

    why = {(tab, column): str(reason) for tab, record_id, column, _value, reason in problems(sheet)
           if record_id in (parcel.id, request.id, key.id)}
    assert set(why) == {("ServiceRequests", "Status"), ("Keys", "Until"), ("Keys", "Note"), ("Parcels", "Note"),
                        ("Parcels", "Status")}
    assert "'finished' is not one of: requested, in progress, done, cancelled" in why["ServiceRequests", "Status"]
    assert "next Friday" in why["Keys", "Until"]
    assert "formula saved without the value it shows" in why["Keys", "Note"]
    assert "200" in why["Parcels", "Note"]
    assert "is not one of: waiting, picked up, returned" in why["Parcels", "Status"]
    assert stored(community, ServiceRequest, request.id) == request
    assert stored(community, KeyCustody, key.id) == key
    assert stored(community, Parcel, parcel.id) == parcel
    # What staff typed stays in the sheet for them to fix, and is checked again next cycle.
    assert row_of(sheet, "ServiceRequests", request.id)["Status"] == "finished"
    assert row_of(sheet, "Parcels", parcel.id)["Note"] == long_note
    sync(community)
    assert stored(community, KeyCustody, key.id) == key


def test_a_parcel_left_over_a_week_is_flagged_overdue_and_its_row_highlighted(community: Site) -> None:
    parcels = community.desk_services.parcels
    old = parcels.register("SUNNY-U1", "3-1202", carrier="EMS", shelf="C-2", staff="wang", print_label=False)
    community.clock.advance(days=8)  # type: ignore[attr-defined]
    fresh = parcels.register("SUNNY-U2", "5-301", carrier="JD", shelf="A-1", staff="wang", print_label=False)
    sheet = workbook(community)
    provision(sheet, SYNCED_KINDS, "SUNNY", community.site_settings())

    sync(community)  # flags the old parcel after the cycle
    sync(community)  # and writes the flag

    [rule] = sheet.formats["Parcels"].highlights
    assert rule == RowHighlight("Overdue", "waiting longer than the Settings tab's parcel_overdue_days",
                                ("TRUE",), colour="FFEB9C")
    assert format_of(Parcel).highlights == (rule,)
    coloured = {row["ID"] for row in sheet.rows_by_header("Parcels")
                if cell_text(row[rule.header]).upper() in rule.equals}  # type: ignore[arg-type]
    assert coloured == {old.id}
    assert fresh.id not in coloured
    parcels.hand_over(old.id, staff="wang")
    sync(community)
    assert cell_text(row_of(sheet, "Parcels", old.id)["Overdue"]).upper() not in rule.equals  # type: ignore[arg-type]
