"""The idle kiosk tells the lobby when each building was cleaned and disinfected today, as one more card."""

from __future__ import annotations

from nicegui.testing.user import User

from desk.rounds import Round, Task
from lobbydesk.site import Site
from tests.fakes import FakeMonotonic, label_texts
from tests.kiosk.test_signage import post_notices


async def test_after_the_notices_the_idle_screen_shows_todays_cleaning_and_disinfection(
    owner: User, site: Site, idle_clock: FakeMonotonic
) -> None:
    post_notices(site)
    with site.store.transaction() as tx:
        tx.put(Round(id="SUNNY-RD1", task=Task.CLEANING, place="大堂 Lobby", building="3", windows="08:00-10:00"),
               actor="staff", at=site.clock.now())
        tx.put(Round(id="SUNNY-RD2", task=Task.DISINFECTION, place="大堂 Lobby", building="3",
                     windows="09:00-10:00"), actor="staff", at=site.clock.now())
    rounds = site.rounds.rounds
    (token,) = [c.token for c in rounds.checkpoints()]
    rounds.record(token, "SUNNY-RD1", staff="李师傅")
    site.clock.advance(minutes=5)  # type: ignore[attr-defined]
    rounds.record(token, "SUNNY-RD2", staff="李师傅")
    await owner.open("/")
    idle_clock.advance(61)
    await owner.should_see(marker="signage", retries=30)

    idle_clock.advance(8)
    await owner.should_see("电梯保养", retries=30)
    idle_clock.advance(8)

    await owner.should_see("今日清洁消毒", retries=30)
    assert label_texts(owner, "signage-body") == ["3号楼 清洁 09:30 · 消毒 09:35"]
    assert label_texts(owner, "signage-subtitle") == ["Cleaning today"]
    assert label_texts(owner, "signage-position") == ["3 / 3"]
