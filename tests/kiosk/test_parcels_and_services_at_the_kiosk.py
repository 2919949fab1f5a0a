"""An owner at the kiosk is told of waiting parcels, sees the pickup codes, and requests a special service."""

from __future__ import annotations

from decimal import Decimal

from nicegui.testing.user import User

from desk.queue import Service
from desk.special_services import RequestStatus, SpecialService
from lobbydesk.site import Site
from tests.fakes import label_texts
from tests.kiosk.test_events_at_the_kiosk import printed_when_sent
from tests.kiosk.test_sign_in import _enter_pin, choose_unit
from tests.printers.escpos_decoder import decode


def two_parcels_for_3_1202(site: Site) -> list[str]:
    parcels = site.desk_services.parcels
    return [parcels.register("SUNNY-U1", "3-1202", carrier=carrier, shelf="A-3", staff="wang",
                             print_label=False).pickup_code for carrier in ("SF", "JD")]


async def sign_in_at_home(owner: User) -> None:
    await owner.open("/")
    owner.find(marker="sign-in").click()
    await choose_unit(owner, "3", "1202")
    await _enter_pin(owner, "2468")
    await owner.should_see(marker="greeting", retries=50)  # the PIN hash is slow on purpose


async def test_an_owner_signing_in_is_told_of_two_parcels_and_sees_their_codes(owner: User, community: Site) -> None:
    codes = two_parcels_for_3_1202(community)

    await sign_in_at_home(owner)

    assert label_texts(owner, "owner-news") == ["您有 2 个包裹待取"]
    owner.find(marker="tile-parcels").click()
    await owner.should_see(marker="parcels-show-clerk")
    assert sorted(label_texts(owner, "pickup-code")) == sorted(codes)


async def test_on_the_parcel_list_the_greeting_offers_no_button_to_it_but_keeps_the_news(
    owner: User, community: Site
) -> None:
    two_parcels_for_3_1202(community)
    await sign_in_at_home(owner)
    await owner.should_see(marker="tile-parcels")

    owner.find(marker="tile-parcels").click()
    await owner.should_see(marker="parcels-show-clerk")

    await owner.should_not_see(marker="tile-parcels")  # already there: the list's own Done leads out
    assert label_texts(owner, "owner-news") == ["您有 2 个包裹待取"]
    owner.find(marker="lang-en").click()  # the greeting is drawn again, in English
    await owner.should_see("Show the pickup code to the clerk")
    await owner.should_not_see(marker="tile-parcels")
    assert label_texts(owner, "owner-news") == ["2 parcels waiting"]


async def test_from_another_errand_the_greeting_still_leads_to_the_parcels(owner: User, community: Site) -> None:
    codes = two_parcels_for_3_1202(community)
    await sign_in_at_home(owner)

    owner.find(marker="tile-notices").click()
    await owner.should_see(marker="notices-back")
    await owner.should_see(marker="tile-parcels")
    owner.find(marker="tile-parcels").click()

    await owner.should_see(marker="parcels-show-clerk")
    assert sorted(label_texts(owner, "pickup-code")) == sorted(codes)


async def test_an_owner_without_parcels_is_told_nothing(owner: User, community: Site) -> None:
    await sign_in_at_home(owner)

    await owner.should_not_see(marker="owner-news")


async def test_a_ticket_for_the_unit_tells_the_phone_of_the_parcels_but_not_their_codes(
    owner: User, community: Site
) -> None:
    codes = two_parcels_for_3_1202(community)
    issued = community.queue.take_number(Service.INQUIRY, unit="SUNNY-U1", print_ticket=False)

    await owner.open(f"/t/{issued.ticket.id}?lang=en")

    await owner.should_see(marker="status-news")
    assert label_texts(owner, "status-news") == ["2 parcels waiting"]
    for code in codes:
        await owner.should_not_see(code)


async def test_an_owner_requests_a_ladder_and_takes_a_slip_without_a_record_id(owner: User, community: Site) -> None:
    with community.store.transaction() as tx:
        tx.put(SpecialService(id="SUNNY-J1", name_zh="借用梯子", name_en="Borrow a ladder", fee=Decimal("5"),
                              rules_en="Return it by 18:00", order=1), actor="staff", at=community.clock.now())
    await owner.open("/")
    owner.find(marker="lang-en").click()
    owner.find(marker="tile-services").click()
    await choose_unit(owner, "3", "1202")
    await _enter_pin(owner, "2468")
    await owner.should_see(marker="service-1", retries=50)

    owner.find(marker="service-1").click()
    await owner.should_see("Return it by 18:00")
    assert label_texts(owner, "service-fee") == ["Fee ￥5.00"]
    owner.find(marker="service-details").type("Tomorrow 9am")
    owner.find(marker="service-confirm").click()
    owner.find(marker="service-confirm").click()  # a second tap makes no second request

    await owner.should_see(marker="service-printing")
    [request] = community.desk_services.services.open_requests()
    assert (request.unit, request.details, request.status) == ("SUNNY-U1", "Tomorrow 9am", RequestStatus.REQUESTED)
    await owner.should_not_see(request.id)
    printed = decode(await printed_when_sent(community, request.id))
    assert "Borrow a ladder" in printed.texts
    assert printed.value_of("Details") == "Tomorrow 9am"
    assert not any("SUNNY-" in text for text in printed.texts)
