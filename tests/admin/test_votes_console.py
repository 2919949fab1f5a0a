"""The votes page: every clerk sees turnout; only a manager sees who voted, publishes, and takes the PDF."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import httpx
from nicegui.testing.user import User
from pypdf import PdfReader

from desk.credentials import StaffRole
from desk.notices import Notice
from desk.units import Unit
from desk.votes import Vote, VoteKind
from lobbydesk.site import Site
from tests.admin.test_console_and_display import _log_in
from tests.fakes import label_texts

MANAGER = ("li", "manager-password")


def a_closed_vote_with_ballots(site: Site) -> Vote:
    """The question ran for three days and closed an hour ago; 3-1202 and 5-301 voted."""
    now = site.clock.now()
    with site.store.transaction() as tx:
        tx.put(Unit(id="SUNNY-U2", building="5", room="301", area_m2=Decimal("60"), owner_of_record="李秀英"),
               actor="staff", at=now)
        vote = Vote(id="SUNNY-VT1", question_zh="是否更换小区大门？", question_en="Replace the main gate?",
                    choices_zh="同意；反对", choices_en="For; Against", opens=now - timedelta(days=3, hours=1),
                    closes=now + timedelta(minutes=5), kind=VoteKind.ORDINARY)
        tx.put(vote, actor="staff", at=now)
    votes = site.committee.votes
    votes.cast(vote.id, "SUNNY-U1", "同意", print_receipt=False)
    votes.cast(vote.id, "SUNNY-U2", "反对", print_receipt=False)
    site.clock.advance(minutes=6)  # type: ignore[attr-defined]
    return vote


def pdf_text(response: httpx.Response) -> str:
    """A downloaded PDF's text without spaces (pypdf reads fpdf2's CJK codes with a U+0000 each)."""
    pages = PdfReader(io.BytesIO(response.content)).pages
    return "".join("".join(page.extract_text().split()) for page in pages).replace("\x00", "")


async def open_votes_page(new_browser: Callable[[], User], name: str = "li", password: str = "manager-password"
                          ) -> User:
    staff = new_browser()
    await _log_in(staff, name, password)
    await staff.open("/staff/votes")
    await staff.should_see(marker="votes-list")
    return staff


async def test_a_manager_sees_who_voted_publishes_the_result_and_downloads_it(
    new_browser: Callable[[], User], community: Site
) -> None:
    community.credentials.add_staff(MANAGER[0], StaffRole.MANAGER, MANAGER[1])
    vote = a_closed_vote_with_ballots(community)
    manager = await open_votes_page(new_browser, *MANAGER)
    assert label_texts(manager, f"vote-turnout-{vote.id}") == ["Took part 参与: 2 / 2 owners 户 · 149.50 / 149.50 m²"]

    manager.find(marker=f"vote-ballots-{vote.id}").click()
    await manager.should_see(marker="vote-ballot-row")
    assert sorted(t.split(" · ")[:3] for t in label_texts(manager, "vote-ballot-row")) == [
        ["3-1202", "张三明", "同意"], ["5-301", "李秀英", "反对"]]

    manager.find(marker=f"vote-publish-{vote.id}").click()
    await manager.should_see(marker=f"vote-published-{vote.id}")
    with community.store.transaction() as tx:
        [notice] = tx.find(Notice)
    # 2 of 2 owners; 同意 89.50 of 149.50 m² but 1 of 2 owners: exactly half is not more than half.
    assert notice.body_en.splitlines()[:4] == ["Took part: 2 of 2 owners, 149.50 of 149.50 m²",
                                               "For: owners 1, area 89.50 m²", "Against: owners 1, area 60.00 m²",
                                               "Result: not adopted."]

    published_pdf = pdf_text(await manager.download.next(timeout=20))  # publishing hands over the PDF too
    assert "表决结果：是否更换小区大门？" in published_pdf and "Voteresult:Replacethemaingate?" in published_pdf
    assert "同意For189.50" in published_pdf and "反对Against160.00" in published_pdf
    assert "张三明" not in published_pdf, "the published result names nobody"

    manager.find(marker=f"vote-pdf-{vote.id}").click()  # and it can be downloaded again later
    assert pdf_text(await manager.download.next(timeout=20)) == published_pdf


async def test_a_desk_clerk_sees_turnout_but_not_who_voted_nor_any_counts_while_open(
    new_browser: Callable[[], User], community: Site
) -> None:
    now = community.clock.now()
    with community.store.transaction() as tx:
        tx.put(Vote(id="SUNNY-VT2", question_zh="增设快递柜？", choices_zh="同意；反对", opens=now - timedelta(hours=1),
                    closes=now + timedelta(days=1)), actor="staff", at=now)
    community.committee.votes.cast("SUNNY-VT2", "SUNNY-U1", "同意", print_receipt=False)

    clerk = await open_votes_page(new_browser, "wang", "desk-password")

    assert label_texts(clerk, "vote-turnout-SUNNY-VT2") == ["Took part 参与: 1 / 1 owners 户 · 89.50 / 89.50 m²"]
    await clerk.should_not_see(marker="vote-ballots-SUNNY-VT2")
    await clerk.should_not_see(marker="vote-result-SUNNY-VT2")
    await clerk.should_not_see("张三明")


async def test_who_voted_and_publish_are_refused_at_the_press_once_the_browser_is_a_desk_clerks(
    new_browser: Callable[[], User], community: Site
) -> None:
    community.credentials.add_staff(MANAGER[0], StaffRole.MANAGER, MANAGER[1])
    vote = a_closed_vote_with_ballots(community)
    manager = await open_votes_page(new_browser, *MANAGER)
    await _log_in(User(manager.http_client))  # the same browser now logs in as the desk clerk wang

    manager.find(marker=f"vote-ballots-{vote.id}").click()
    await manager.should_see("This is for managers 仅限经理")
    manager.find(marker=f"vote-publish-{vote.id}").click()

    await manager.should_not_see(marker="vote-ballot-row")
    await manager.should_not_see("张三明")
    stored = community.committee.votes.get(vote.id)
    assert stored is not None and stored.published_at is None
    with community.store.transaction() as tx:
        assert tx.find(Notice) == []
