"""A parcel's shelf label, a special-service slip and a key receipt, decoded from the printer's bytes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.key_custody import KeyDesk
from desk.parcels import ParcelDesk
from desk.special_services import SpecialService, SpecialServices
from desk.store import Store
from printers.parcel_slips import desk_services_renderers
from printers.profile import profile_named
from tests.printers.conftest import SHANGHAI
from tests.printers.escpos_decoder import Printout, decode


def print_pending(store: Store) -> list[Printout]:
    renderers = desk_services_renderers(store, community_name=lambda: "Sunny Garden",
                                        profile=profile_named("default"), tz=SHANGHAI)
    with store.transaction() as tx:
        jobs = tx.pending_print_jobs()
    return [decode(renderers[job.kind](job)) for job in jobs]


def no_record_id(paper: Printout) -> bool:
    return not any("SUNNY-" in text for text in paper.texts)


def test_the_shelf_label_shows_the_pickup_code_large_with_the_unit_and_shelf(store: Store, clock: FixedClock) -> None:
    parcels = ParcelDesk(store, clock, SequentialIds("SUNNY"), draw_below=lambda _limit: 815)
    parcels.register("SUNNY-U1", "3-1202", carrier="SF Express", shelf="A-3", staff="wang", lang="en")

    [label] = print_pending(store)

    assert "Parcel to collect" in label.texts
    assert "0815" in label.texts
    assert label.value_of("Unit") == "3-1202"
    assert label.value_of("Shelf") == "A-3"
    assert label.value_of("Carrier") == "SF Express"
    assert no_record_id(label)


def test_a_service_slip_names_the_service_the_unit_the_fee_and_no_record_id(store: Store, clock: FixedClock) -> None:
    with store.transaction() as tx:
        tx.put(SpecialService(id="SUNNY-J1", name_zh="复印", name_en="Copy documents", fee=Decimal("0.5")),
               actor="staff", at=clock.now())
    SpecialServices(store, clock, SequentialIds("SUNNY")).request("SUNNY-J1", "SUNNY-U1", "3-1202", "10 pages",
                                                                 lang="zh")

    [slip] = print_pending(store)

    assert "特约服务申请" in slip.texts
    assert "复印" in slip.texts
    assert slip.value_of("房号") == "3-1202"
    assert slip.value_of("说明") == "10 pages"
    assert slip.value_of("费用") == "￥0.50"
    assert no_record_id(slip)


def test_a_key_receipt_names_the_collector_masked_and_the_clerk(store: Store, clock: FixedClock) -> None:
    keys = KeyDesk(store, clock, SequentialIds("SUNNY"))
    key = keys.leave("SUNNY-U1", "3-1202", key_label="front door", collector_name="Wang Jun", collector_tail="6688",
                     until=clock.now() + timedelta(days=3), staff="wang")
    clock.advance(hours=2)
    keys.collect(key.id, name="Wang Jun", tail="6688", staff="li", lang="en")

    [receipt] = print_pending(store)

    assert "Key receipt" in receipt.texts
    assert receipt.value_of("Which key") == "front door"
    assert receipt.value_of("Collected by") == "W*** J. (6688)"  # masked: a receipt may be left lying about
    assert receipt.value_of("Handed out by") == "li"
    assert receipt.value_of("Time") == (clock.now().strftime("%Y-%m-%d %H:%M"))
    assert no_record_id(receipt)
