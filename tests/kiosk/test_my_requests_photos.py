"""My requests shows what the owner said and photographed, staff's note, and takes more photos from the phone."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui
from nicegui.testing.user import User

from desk.repairs import Repair
from lobbydesk.site import Site
from tests.fakes import label_texts
from tests.kiosk.repair_stories import open_signed_in
from tests.kiosk.test_phone_handoff import jpeg, reported, upload


def with_photos_and_a_note(site: Site, photos: int, note: str = "") -> Repair:
    """A reported heating repair to which the owner's phone added words and photos, and staff a note."""
    repair = reported(site)
    link = site.repairs.handoffs.issue(repair.id)
    changed = site.repairs.handoffs.complete(link.token, "Bedroom radiator", [jpeg() for _ in range(photos)])
    with site.store.transaction() as tx:
        tx.put(changed.model_copy(update={"note_to_owner": note}), actor="staff", at=site.clock.now())
    return changed


def thumbnails(owner: User, marker: str) -> list[str]:
    """The photos' addresses, left to right (elements are numbered as drawn)."""
    return [str(e.source) for e in sorted(owner.find(marker=marker).elements, key=lambda e: e.id)
            if isinstance(e, ui.image)]


async def test_the_owner_sees_their_words_their_photos_and_staffs_note(owner: User, community: Site) -> None:
    repair = with_photos_and_a_note(community, photos=2, note="We come on Tuesday morning")

    await open_signed_in(owner, "mine")

    await owner.should_see(marker="repair-R0001")
    assert label_texts(owner, "mine-words-R0001") == ["What you told us: 暖气不热; Bedroom radiator"]
    names = [link.rsplit("/", 1)[1] for link in repair.photos.splitlines()]
    assert thumbnails(owner, "mine-photo-R0001") == [f"/photos/{name}" for name in names]
    assert label_texts(owner, "mine-note-R0001") == ["Note from staff: We come on Tuesday morning"]
    served = await owner.http_client.get(f"/photos/{names[0]}")
    assert served.status_code == 200


async def test_add_photos_shows_a_phone_link_for_that_repair_that_takes_the_photos_left(
    owner: User, new_browser: Callable[[], User], community: Site
) -> None:
    with_photos_and_a_note(community, photos=1)
    await open_signed_in(owner, "mine")

    owner.find(marker="add-photos-R0001").click()

    await owner.should_see(marker="mine-photos-qr", retries=20)
    await owner.should_see("up to 2 more")
    [qr] = owner.find(marker="mine-photos-qr").elements
    phone_url = str(qr.props["alt"]).strip('"')
    assert phone_url.startswith(f"{community.settings.base_url}/m/")
    phone = new_browser()
    await phone.open(phone_url.removeprefix(community.settings.base_url))
    assert label_texts(phone, "phone-title") == ["Add to request R0001"]
    await upload(phone, "IMG_0002.jpg", "image/jpeg", jpeg())
    await phone.should_see("Photo 2 of 3 added", retries=30)
    await upload(phone, "IMG_0003.jpg", "image/jpeg", jpeg())
    await phone.should_see("Photo 3 of 3 added", retries=30)
    await upload(phone, "IMG_0004.jpg", "image/jpeg", jpeg())  # the repair has room for 3 in all
    await phone.should_see("At most 3 photos", retries=30)
    phone.find(marker="phone-send").click()
    await phone.should_see(marker="phone-thanks", retries=30)

    owner.find(marker="mine-photos-back").click()
    await owner.should_see(marker="repair-R0001")
    assert len(thumbnails(owner, "mine-photo-R0001")) == 3
    await owner.should_not_see(marker="add-photos-R0001")  # full: no more photos fit


async def test_the_phone_page_picks_photos_with_a_big_button_and_no_byte_counter(
    new_browser: Callable[[], User], community: Site
) -> None:
    link = community.repairs.handoffs.issue(reported(community).id)
    phone = new_browser()

    await phone.open(f"/m/{link.token}?lang=zh")

    [chooser] = phone.find(marker="phone-choose-photos").elements
    assert "min-h-[64px]" in chooser.classes
    [uploader] = phone.find(marker="phone-photos").elements
    assert "hide-upload-btn" in uploader.props
    assert "phone-uploader" in uploader.classes  # whose header ("0.0B / 0.00%" and the small "+") is hidden
    await upload(phone, "IMG_0001.jpg", "image/jpeg", jpeg())
    await phone.should_see("已添加照片 1/3", retries=30)
