"""The clerk's parcels and services pages: a labelled parcel handed over once, a key only for the named person."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from nicegui.testing.user import User

from desk.key_custody import KeyStatus
from desk.parcels import ParcelStatus
from desk.special_services import RequestStatus, SpecialService
from lobbydesk.site import Site
from tests.admin.test_console_and_display import _log_in
from tests.admin.test_staff_gate import _log_out_in_another_tab
from tests.fakes import label_texts
from tests.kiosk.test_events_at_the_kiosk import printed_when_sent
from tests.printers.escpos_decoder import decode


async def a_clerk_typing_a_parcel(new_browser: Callable[[], User]) -> User:
    """A desk clerk logged in at /staff/parcels with a parcel for 3-1202 typed in, not yet registered."""
    staff = new_browser()
    await _log_in(staff)
    await staff.open("/staff/parcels")
    staff.find(marker="parcel-unit").type("3-1202")
    staff.find(marker="parcel-carrier").type("SF Express")
    staff.find(marker="parcel-shelf").type("A-3")
    return staff


async def test_a_clerk_registers_a_parcel_its_label_prints_and_it_goes_out_once(
    new_browser: Callable[[], User], community: Site
) -> None:
    staff = await a_clerk_typing_a_parcel(new_browser)

    staff.find(marker="parcel-register").click()

    await staff.should_see("pickup code 取件码", retries=30)
    [parcel] = community.desk_services.parcels.waiting()
    assert (parcel.unit_label, parcel.shelf, parcel.registered_by) == ("3-1202", "A-3", "wang")
    label = decode(await printed_when_sent(community, parcel.id))
    assert parcel.pickup_code in label.texts
    community.clock.advance(minutes=20)  # type: ignore[attr-defined]

    staff.find(marker="parcel-code").type(parcel.pickup_code)
    staff.find(marker="parcel-hand-over-code").click()

    await staff.should_see(f"3-1202 {parcel.pickup_code}: handed over at 09:50 by wang 已交付", retries=30)
    done = community.desk_services.parcels.get(parcel.id)
    assert done is not None and (done.status, done.handed_over_by) == (ParcelStatus.PICKED_UP, "wang")
    staff.find(marker="parcel-code").type(parcel.pickup_code)
    staff.find(marker="parcel-hand-over-code").click()
    await staff.should_see(f"no waiting parcel has the code '{parcel.pickup_code}'", retries=30)


async def test_a_parcel_waiting_over_a_week_is_listed_as_overdue(
    new_browser: Callable[[], User], community: Site
) -> None:
    parcels = community.desk_services.parcels
    old = parcels.register("SUNNY-U1", "3-1202", carrier="EMS", shelf="C-2", staff="wang", print_label=False)
    community.clock.advance(days=8)  # type: ignore[attr-defined]
    parcels.register("SUNNY-U2", "5-301", carrier="JD", shelf="A-1", staff="wang", print_label=False)
    staff = new_browser()
    await _log_in(staff)

    await staff.open("/staff/parcels")

    await staff.should_see("On the shelf 待取 (2) · over 7 days 超期 (1)")
    await staff.should_see(marker=f"hand-over-{old.pickup_code}")
    assert len(staff.find(marker="parcel-overdue").elements) == 1


async def test_a_key_is_refused_to_someone_else_and_handed_to_the_named_person_with_a_receipt(
    new_browser: Callable[[], User], community: Site
) -> None:
    staff = new_browser()
    await _log_in(staff)
    await staff.open("/staff/services")
    staff.find(marker="key-unit").type("3-1202")
    staff.find(marker="key-label").type("front door")
    staff.find(marker="key-collector").type("王师傅")
    staff.find(marker="key-tail").type("6688")
    staff.find(marker="key-leave").click()
    await staff.should_see("3-1202: key held for 王师傅 until 12-04 09:30 已收存", retries=30)
    [key] = community.desk_services.keys.held()

    staff.find(marker=f"collect-name-{key.id}").type("李四")
    staff.find(marker=f"collect-tail-{key.id}").type("6688")
    staff.find(marker=f"collect-{key.id}").click()
    await staff.should_see("Refused 拒绝: not the person named for this key: refuse it 非登记领取人，不得领取 "
                           "(named: 王师傅)", retries=30)
    assert community.desk_services.keys.held() == [key]

    staff.find(marker=f"collect-name-{key.id}").clear().type("王师傅")
    staff.find(marker=f"collect-{key.id}").click()

    await staff.should_see("3-1202: key handed to 王师傅, receipt printing 已交出，正在打印回执", retries=30)
    collected = community.desk_services.keys.get(key.id)
    assert collected is not None and (collected.status, collected.handed_by) == (KeyStatus.COLLECTED, "wang")
    receipt = decode(await printed_when_sent(community, key.id))
    assert receipt.value_of("领取人") == "王*傅 (6688)"


async def test_a_request_is_started_and_done_by_the_clerk_who_pressed(
    new_browser: Callable[[], User], community: Site
) -> None:
    with community.store.transaction() as tx:
        tx.put(SpecialService(id="SUNNY-J1", name_zh="预约会议室", name_en="Meeting room"), actor="staff",
               at=community.clock.now())
    request = community.desk_services.services.request("SUNNY-J1", "SUNNY-U1", "3-1202", "Friday 14:00",
                                                       print_slip=False)
    staff = new_browser()
    await _log_in(staff)
    await staff.open("/staff/services")

    staff.find(marker=f"request-in_progress-{request.id}").click()
    await staff.should_see("in progress · wang", retries=30)
    staff.find(marker=f"request-done-{request.id}").click()

    await staff.should_see("Service requests 特约服务申请 (0)", retries=30)
    done = community.desk_services.services.get(request.id)
    assert done is not None and (done.status, done.handled_by) == (RequestStatus.DONE, "wang")


async def test_a_parcels_page_left_open_after_logging_out_registers_nothing(
    new_browser: Callable[[], User], community: Site
) -> None:
    staff = new_browser()
    await _log_in(staff)
    await staff.open("/staff/parcels")
    staff.find(marker="parcel-unit").type("3-1202")
    await _log_out_in_another_tab(staff)

    staff.find(marker="parcel-register").click()

    await staff.should_see("Your session has ended: please log in again 登录已失效，请重新登录")
    assert community.desk_services.parcels.waiting() == []


async def test_an_expired_key_stands_out_and_is_not_handed_out(
    new_browser: Callable[[], User], community: Site
) -> None:
    keys = community.desk_services.keys
    key = keys.leave("SUNNY-U1", "3-1202", key_label="", collector_name="王师傅", collector_tail="6688",
                     until=community.clock.now() + timedelta(days=1), staff="wang")
    community.clock.advance(days=2)  # type: ignore[attr-defined]
    staff = new_browser()
    await _log_in(staff)
    await staff.open("/staff/services")
    await staff.should_see("Keys held 代管钥匙 (1) · expired 已过期 (1)")

    staff.find(marker=f"collect-name-{key.id}").type("王师傅")
    staff.find(marker=f"collect-tail-{key.id}").type("6688")
    staff.find(marker=f"collect-{key.id}").click()

    await staff.should_see("custody ended 2026-11-28 09:30", retries=30)
    assert label_texts(staff, "key-outcome")[0].startswith("Refused 拒绝")
