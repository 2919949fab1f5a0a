"""A parcel's optional photo at /staff/parcels: checked as a repair photo is, linked in the Parcels tab, shown small."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from pathlib import Path

from nicegui import ui
from nicegui.testing.user import User
from PIL import Image

from admin.parcels_console import PHOTO_NOT_AN_IMAGE, PHOTO_REFUSED, PHOTO_TOO_LARGE
from desk.parcels import photo_name
from desk.photos import PHOTO_MAX_BYTES
from lobbydesk.http_guard import body_limit
from lobbydesk.site import Site
from sync.memory import MemoryWorkbook
from tests.admin.test_parcels_and_keys_console import a_clerk_typing_a_parcel
from tests.admin.test_staff_gate import _log_out_in_another_tab
from tests.fakes import label_texts
from tests.kiosk.test_phone_handoff import WatchedUpload, jpeg


def _uploader(staff: User) -> ui.upload:
    element = next(iter(staff.find(marker="parcel-photo").elements))
    assert isinstance(element, ui.upload)
    return element


async def upload(staff: User, name: str, content_type: str, data: bytes) -> None:
    """The file as the browser's upload request brings it to the page."""
    await _uploader(staff).handle_uploads([WatchedUpload(name, content_type, data)])


def photos_in(site: Site) -> list[Path]:
    folder = site.desk_services.parcels.photo_folder
    return sorted(folder.iterdir()) if folder.exists() else []


async def test_a_parcel_registered_with_a_photo_has_it_cleaned_linked_in_the_sheet_and_shown_in_its_row(
    new_browser: Callable[[], User], community: Site
) -> None:
    staff = await a_clerk_typing_a_parcel(new_browser)
    uploader = _uploader(staff)
    assert uploader.props["max-file-size"] == PHOTO_MAX_BYTES  # the browser refuses a big one before sending
    assert "image/jpeg,image/png" in str(uploader.props["accept"])
    assert body_limit(str(uploader.props["url"])) > PHOTO_MAX_BYTES  # the HTTP guard lets a 5 MB photo through

    await upload(staff, "box.jpg", "image/jpeg", jpeg(gps=True))
    await staff.should_see("Photo added 已添加照片", retries=30)
    staff.find(marker="parcel-register").click()

    await staff.should_see("pickup code 取件码", retries=30)
    [parcel] = community.desk_services.parcels.waiting()
    [stored] = photos_in(community)
    assert parcel.photo.endswith(f"/photos/{stored.name}") and stored.name.startswith("parcel-")
    with Image.open(io.BytesIO(stored.read_bytes())) as image:
        assert (image.format, dict(image.getexif())) == ("JPEG", {})  # re-encoded: no GPS position left
    [thumbnail] = staff.find(marker=f"parcel-thumbnail-{parcel.pickup_code}").elements
    assert isinstance(thumbnail, ui.image) and thumbnail.source == f"/photos/{photo_name(parcel.photo)}"
    served = await staff.http_client.get(thumbnail.source)
    assert (served.status_code, served.content) == (200, stored.read_bytes())
    assert label_texts(staff, "parcel-photo-status") == [""]  # ready for the next parcel

    # The site's own sync loop (every 0.2 s here) takes it to the sheet; a cycle run from the test as well
    # would race it on the same engine.
    sheet = community.workbook
    assert isinstance(sheet, MemoryWorkbook)
    for _ in range(100):
        rows = [row for row in sheet.rows_by_header("Parcels") if row["ID"] == parcel.id]
        if rows:
            break
        await asyncio.sleep(0.05)
    assert [row["Photo"] for row in rows] == [parcel.photo]


async def test_a_too_large_file_is_refused_unread_and_a_non_image_is_refused_the_parcel_registers_without(
    new_browser: Callable[[], User], community: Site
) -> None:
    staff = await a_clerk_typing_a_parcel(new_browser)
    WatchedUpload.read_names.clear()

    await upload(staff, "huge.jpg", "image/jpeg", jpeg(padding=PHOTO_MAX_BYTES))
    await staff.should_see(PHOTO_TOO_LARGE, retries=30)
    assert WatchedUpload.read_names == []  # a client that lies about the size gets nothing read
    await upload(staff, "invoice.pdf", "image/jpeg", b"%PDF-1.7 pretending to be a photo")
    await staff.should_see(PHOTO_NOT_AN_IMAGE, retries=30)
    await upload(staff, "anim.gif", "image/gif", jpeg(kind="GIF"))
    await staff.should_see(PHOTO_NOT_AN_IMAGE, retries=30)
    staff.find(marker="parcel-register").click()

    await staff.should_see("pickup code 取件码", retries=30)
    [parcel] = community.desk_services.parcels.waiting()
    assert parcel.photo == ""
    assert photos_in(community) == []
    await staff.should_not_see(marker=f"parcel-thumbnail-{parcel.pickup_code}")
    await staff.should_see(marker=f"hand-over-{parcel.pickup_code}")  # the row itself is drawn


async def test_a_file_the_browser_refuses_before_sending_is_explained(
    new_browser: Callable[[], User], community: Site
) -> None:
    staff = await a_clerk_typing_a_parcel(new_browser)

    photo = staff.find(marker="parcel-photo")

    await upload(staff, "box.jpg", "image/jpeg", jpeg())
    await staff.should_see("Photo added 已添加照片", retries=30)
    photo.trigger("rejected", [{"failedPropValidation": "accept", "file": {}}])  # e.g. a PDF dropped on it

    assert label_texts(staff, "parcel-photo-status") == [PHOTO_REFUSED]
    staff.find(marker="parcel-register").click()
    await staff.should_see("pickup code 取件码", retries=30)
    [parcel] = community.desk_services.parcels.waiting()
    assert parcel.photo == ""  # a refused pick leaves no doubt which photo goes with the parcel: none


async def test_a_tab_logged_out_elsewhere_registers_nothing_and_stores_no_photo(
    new_browser: Callable[[], User], community: Site
) -> None:
    staff = await a_clerk_typing_a_parcel(new_browser)
    await upload(staff, "box.png", "image/png", jpeg(kind="PNG"))
    await staff.should_see("Photo added 已添加照片", retries=30)
    await _log_out_in_another_tab(staff)
    WatchedUpload.read_names.clear()

    await upload(staff, "late.png", "image/png", jpeg(kind="PNG"))
    staff.find(marker="parcel-register").click()

    await staff.should_see("Your session has ended: please log in again 登录已失效，请重新登录", retries=30)
    assert WatchedUpload.read_names == []  # a photo sent to a tab without a session is dropped unread
    assert community.desk_services.parcels.waiting() == []
    assert photos_in(community) == []
