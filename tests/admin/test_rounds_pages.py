"""Rounds for staff: today's board in the console, labels printed from it, and a checkpoint scanned on a phone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from nicegui.testing.user import User

from desk.rounds import Round, RoundVisit, Task, VisitStatus
from lobbydesk.site import Site
from tests.admin.test_console_and_display import _log_in
from tests.admin.test_staff_gate import _log_out_in_another_tab
from tests.fakes import label_texts
from tests.qr_reading import read_qr_printed


@pytest.fixture
def rounds_site(community: Site) -> Site:
    """At 09:30: building 3's lobby cleaned 08:00-10:00 and disinfected 09:00-11:00; building 2's garden 06:00-08:00."""
    with community.store.transaction() as tx:
        for round_ in (
            Round(id="SUNNY-RD1", task=Task.CLEANING, place="大堂 Lobby", building="3", windows="08:00-10:00"),
            Round(id="SUNNY-RD2", task=Task.DISINFECTION, place="大堂 Lobby", building="3", windows="09:00-11:00"),
            Round(id="SUNNY-RD3", task=Task.GREENING, place="花园 Garden", building="2", windows="06:00-08:00"),
        ):
            tx.put(round_, actor="staff", at=community.clock.now())
    return community


def lobby_token(site: Site, building: str = "3") -> str:
    (checkpoint,) = [c for c in site.rounds.rounds.checkpoints() if c.building == building]
    return checkpoint.token


def visits(site: Site) -> list[RoundVisit]:
    """The visits staff recorded (the sync's after-step writes the garden's missed window on its own)."""
    with site.store.transaction() as tx:
        return [v for v in tx.find(RoundVisit) if v.status is not VisitStatus.MISSED]


async def test_the_console_shows_todays_rounds_per_building_with_the_missed_one_and_prints_the_labels(
    new_browser: Callable[[], User], rounds_site: Site
) -> None:
    rounds_site.rounds.rounds.record(lobby_token(rounds_site), "SUNNY-RD1", staff="李师傅")
    staff = new_browser()
    await _log_in(staff)

    await staff.open("/staff/rounds")

    await staff.should_see("Building 2 2号楼: done 0 · late 0 · missed 1 · open 0")
    await staff.should_see("Building 3 3号楼: done 1 · late 0 · missed 0 · open 1")
    assert len(staff.find(marker="round-missed").elements) == 1
    assert "09:30 李师傅" in [e.text for e in staff.find(marker="round-row").elements for e in e.descendants()
                             if hasattr(e, "text")]
    staff.find(marker="rounds-print-labels").click()
    await staff.should_see("2 labels printing 正在打印 2 张标签", retries=100)
    printed = (rounds_site.settings.data_dir / "printer.bin").read_bytes()
    assert sorted(read_qr_printed(printed)) == sorted(
        f"{rounds_site.settings.base_url}/round/{lobby_token(rounds_site, b)}" for b in ("2", "3"))


async def test_a_phone_scanning_a_checkpoint_logs_in_once_comes_back_and_records_the_round_due_here(
    new_browser: Callable[[], User], rounds_site: Site
) -> None:
    phone = new_browser()
    token = lobby_token(rounds_site)

    await phone.open(f"/round/{token}")
    await phone.should_see(marker="login-name")
    # The simulation keeps the page that sent it to the login; a fresh open of that login is what a phone sees.
    await phone.open(f"/staff/login?next=/round/{token}")
    phone.find(marker="login-name").type("wang")
    phone.find(marker="login-password").type("desk-password")
    phone.find(marker="login-submit").click()

    await phone.should_see(marker="round-place", retries=100)
    assert label_texts(phone, "round-place") == ["3 · 大堂 Lobby"]
    assert phone.find(marker="round-choice").elements.pop().value == "SUNNY-RD1", "the window closing first"
    phone.find(marker="round-note").type("地面已拖")
    phone.find(marker="round-done").click()
    await phone.should_see("Recorded on time 已按时登记 09:30 · window 时段 08:00-10:00")
    (visit,) = visits(rounds_site)
    assert (visit.round, visit.status, visit.staff) == ("SUNNY-RD1", VisitStatus.ON_TIME, "wang")
    assert visit.note == "地面已拖"
    await phone.open(f"/round/{token}")  # scanning again: the session is kept, no second login
    await phone.should_see(marker="round-place")


async def test_a_round_of_another_place_recorded_here_says_wrong_place(
    new_browser: Callable[[], User], rounds_site: Site
) -> None:
    phone = new_browser()
    await _log_in(phone)
    await phone.open(f"/round/{lobby_token(rounds_site, '2')}")
    await phone.should_see(marker="round-place")

    phone.find(marker="round-choice").elements.pop().value = "SUNNY-RD2"
    phone.find(marker="round-done").click()

    await phone.should_see("Wrong place 位置不符: this round is at 3 · 大堂 Lobby. Kept as wrong place; "
                           "the round is still open 已记录为位置不符，该巡查仍未完成")
    assert [v.status for v in visits(rounds_site)] == [VisitStatus.WRONG_PLACE]


async def test_a_phone_logged_out_elsewhere_cannot_record_a_round(
    new_browser: Callable[[], User], rounds_site: Site
) -> None:
    phone = new_browser()
    await _log_in(phone)
    await phone.open(f"/round/{lobby_token(rounds_site)}")
    await phone.should_see(marker="round-done")
    await _log_out_in_another_tab(phone)

    phone.find(marker="round-done").click()

    await phone.should_see("Your session has ended: please log in again 登录已失效，请重新登录")
    assert visits(rounds_site) == []


async def test_a_label_that_is_no_checkpoint_says_so_and_offers_nothing_to_press(
    new_browser: Callable[[], User], rounds_site: Site
) -> None:
    phone = new_browser()
    await _log_in(phone)

    await phone.open("/round/not-a-real-token")

    await phone.should_see("This label is not a checkpoint (any more) 此标签不是有效巡查点")
    await phone.should_not_see(marker="round-done")


def test_after_each_sync_the_window_that_ended_unvisited_is_written_missed_once(rounds_site: Site) -> None:
    rounds_site.after_sync()
    rounds_site.after_sync()

    with rounds_site.store.transaction() as tx:
        missed = [(v.round, v.window) for v in tx.find(RoundVisit) if v.status is VisitStatus.MISSED]
    assert missed == [("SUNNY-RD3", "06:00-08:00")]
