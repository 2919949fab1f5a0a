"""One language per owner: what they tap holds through the task, and everything printed, linked and said follows it.

Signing in never switches to the language the office stored for the unit's resident; Done keeps the
language for the person still standing there; Sign out and the idle return start the next person in
the kiosk's default. Slips, their QR codes and the phone pages they open speak the task's language.
"""

from __future__ import annotations

from collections.abc import Callable

from nicegui.testing.user import User

from desk.queue import QueueTicket
from desk.repairs import Repair, RepairCategory, RepairReport, RepairStatus
from desk.units import Resident
from lobbydesk.site import Site
from tests.fakes import FakeMonotonic, label_texts
from tests.kiosk.repair_stories import open_signed_in
from tests.kiosk.test_repairs_at_the_kiosk import report_a_leak
from tests.kiosk.test_sign_in import _enter_pin, choose_unit
from tests.printers.escpos_decoder import decode
from tests.qr_reading import read_qr_data_uri


def printout(site: Site) -> list[str]:
    return decode((site.settings.data_dir / "printer.bin").read_bytes()).texts


def qr_codes_printed(site: Site) -> list[str]:
    return [qr.payload for qr in decode((site.settings.data_dir / "printer.bin").read_bytes()).qr_codes]


async def test_an_english_owner_stays_in_english_though_the_resident_is_stored_as_chinese(
    owner: User, community: Site
) -> None:
    stored = [resident.language for resident in community.units.residents("SUNNY-U1")]
    assert stored == ["zh"]
    await owner.open("/")
    owner.find(marker="lang-en").click()
    owner.find(marker="tile-repair").click()
    await choose_unit(owner, "3", "1202")
    await _enter_pin(owner, "2468")

    await owner.should_see(marker="greeting", retries=50)
    assert label_texts(owner, "greeting") == ["Hello, 张*明 (3-1202)"]
    await owner.should_see("Where is the problem?")
    await report_a_leak(owner)
    await owner.should_see("Please take your slip", retries=40)
    with community.store.transaction() as tx:
        (repair,) = tx.find(Repair)
    assert repair.language == "en"
    assert "Repair request" in printout(community)
    assert qr_codes_printed(community) == [f"{community.repairs.status_url(repair.id)}?lang=en"]

    owner.find(marker="repair-done").click()
    await owner.should_see(marker="sign-in", retries=20)  # signed out, as every errand ends
    await owner.should_see("Report a repair")  # and still in English for the person standing there


async def test_a_chinese_screen_stays_chinese_for_a_resident_stored_as_english(owner: User, community: Site) -> None:
    now = community.clock.now()
    with community.store.transaction() as tx:
        resident = tx.get(Resident, "SUNNY-P1")
        assert resident is not None
        tx.put(Resident.model_validate({**resident.model_dump(), "language": "en"}), actor="staff", at=now)

    await open_signed_in(owner, "mine", lang="zh")

    assert label_texts(owner, "greeting") == ["您好，张*明（3-1202）"]
    await owner.should_see("我的报修")


async def test_the_tickets_qr_codes_on_screen_and_paper_open_its_phone_page_in_english(
    new_browser: Callable[[], User], site: Site
) -> None:
    owner = new_browser()
    await owner.open("/")
    owner.find(marker="lang-en").click()
    owner.find(marker="take-number").click()
    owner.find(marker="service-inquiry").click()
    await owner.should_see("Please take your ticket", retries=40)

    with site.store.transaction() as tx:
        (ticket,) = tx.find(QueueTicket)
    link = f"{site.status_url(ticket.id)}?lang=en"
    on_screen = owner.find(marker="ticket-qr").elements.pop()
    assert read_qr_data_uri(on_screen.props["src"]) == [link]
    assert qr_codes_printed(site) == [link]
    assert "Scan to follow your turn" in printout(site)

    phone = new_browser()
    await phone.open(link.removeprefix(site.settings.base_url))
    await phone.should_see("Queue ticket")
    assert label_texts(phone, "status-text") == ["Waiting"]
    await phone.should_see("You are next")


async def test_done_after_a_signed_in_task_keeps_the_language_and_the_person_leaving_restores_the_default(
    owner: User, community: Site, idle_clock: FakeMonotonic
) -> None:
    await open_signed_in(owner, "mine", lang="en")
    await owner.should_see(marker="mine-done", retries=20)
    owner.find(marker="mine-done").click()
    await owner.should_not_see(marker="greeting")
    await owner.should_see("My requests")  # Done: the same person, their language, nobody signed in

    owner.find(marker="tile-mine").click()  # a second errand: asked who they are, in English
    await owner.should_see("Choose your building", retries=20)
    await choose_unit(owner, "3", "1202")
    await _enter_pin(owner, "2468")
    await owner.should_see(marker="greeting", retries=50)
    owner.find(marker="sign-out").click()  # Sign out: they are leaving
    await owner.should_see("取号", retries=20)

    owner.find(marker="lang-en").click()
    await owner.should_see("Take a number")
    idle_clock.advance(community.settings.idle_seconds + 1)  # nobody touched it: a new person comes next
    await owner.should_see("取号", retries=30)


async def test_a_chinese_owners_low_rating_files_a_complaint_they_read_in_chinese(
    owner: User, community: Site
) -> None:
    desk = community.repairs.repairs
    repair = desk.report(RepairReport(unit_id="SUNNY-U1", unit_label="3-1202", category=RepairCategory.PLUMBING,
                                      phrases=["Dripping tap"], language="en"), print_slip=False)
    with community.store.transaction() as tx:
        tx.put(Repair.model_validate({**repair.model_dump(), "status": RepairStatus.DONE}), actor="staff",
               at=community.clock.now())
    desk.review()

    await open_signed_in(owner, "mine", lang="zh")
    await owner.should_see(marker="rate-R0001", retries=20)
    owner.find(marker="rate-R0001").click()
    await owner.should_see(marker="stars-2", retries=20)
    owner.find(marker="stars-2").click()
    owner.find(marker="reason-not_fixed").click()
    owner.find(marker="rate-submit").click()

    await owner.should_see("您的不满意已转交物业服务中心，我们会联系您", retries=20)
    (complaint,) = community.repairs.feedback.for_unit("SUNNY-U1")
    assert complaint.language == "zh"
    assert label_texts(owner, f"feedback-said-{complaint.id}") == ["R0001（水管 / 漏水）评价 2/5 星：没修好"]
    await owner.should_not_see("rated")
    await owner.should_not_see("plumbing")


async def test_a_chinese_slip_for_a_public_place_says_where_in_chinese(owner: User, community: Site) -> None:
    await open_signed_in(owner, "repair", lang="zh")
    owner.find(marker="where-public").click()
    owner.find(marker="public-building-3").click()
    await owner.should_see(marker="floor-ok", retries=20)
    owner.find(marker="floor-1").click()
    owner.find(marker="floor-ok").click()
    await owner.should_see(marker="category-public_area", retries=20)
    owner.find(marker="category-public_area").click()
    await owner.should_see(marker="phrase-1", retries=20)
    owner.find(marker="phrase-1").click()  # 墙面破损
    owner.find(marker="repair-submit").click()
    await owner.should_see("请取走回执", retries=40)

    paper = decode((community.settings.data_dir / "printer.bin").read_bytes())
    assert paper.value_of("房号") == "3-1202 → 公共区域 3 号楼 1 层"
    assert not any(english in text for text in paper.texts for english in ("public", "building", "floor"))
    with community.store.transaction() as tx:
        (repair,) = tx.find(Repair)
    assert [qr.payload for qr in paper.qr_codes] == [f"{community.repairs.status_url(repair.id)}?lang=zh"]
