"""The phone hand-off: a one-time form for one repair, photos checked and cleaned; the status page /r/<ID>."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from typing import ClassVar

from nicegui import ui
from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing.user import User
from PIL import ExifTags, Image

from desk.clock import FixedClock
from desk.repairs import Repair, RepairCategory, RepairReport
from lobbydesk.site import Site
from tests.fakes import label_texts
from tests.kiosk.repair_stories import staff_type_into_repair


def reported(site: Site) -> Repair:
    return site.repairs.repairs.report(RepairReport(
        unit_id="SUNNY-U1", unit_label="3-1202", category=RepairCategory.HEATING, phrases=["暖气不热"]),
        print_slip=False)


def jpeg(*, gps: bool = False, kind: str = "JPEG", padding: int = 0) -> bytes:
    image = Image.new("RGB", (80, 60), (30, 90, 200))
    exif = Image.Exif()
    if gps:
        exif[ExifTags.Base.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (39.0, 54.0, 1.0)}
    out = io.BytesIO()
    image.save(out, kind, exif=exif)
    return out.getvalue() + b"\0" * padding


async def upload(phone: User, name: str, content_type: str, data: bytes) -> None:
    element = next(iter(phone.find(marker="phone-photos").elements))
    assert isinstance(element, ui.upload)
    await element.handle_uploads([ui.upload.SmallFileUpload(name, content_type, data)])


async def test_the_phone_adds_words_and_a_gps_photo_without_its_location(
    new_browser: Callable[[], User], community: Site
) -> None:
    repair = reported(community)
    link = community.repairs.handoffs.issue(repair.id)
    phone = new_browser()

    await phone.open(f"/m/{link.token}?lang=en")
    assert label_texts(phone, "phone-title") == ["Add to request R0001"]
    phone.find(marker="phone-text").type("Bedroom radiator, since Monday 🥶")
    await upload(phone, "IMG_0001.jpg", "image/jpeg", jpeg(gps=True))
    await phone.should_see("Photo 1 of 3 added", retries=30)  # photos are checked off the event loop
    phone.find(marker="phone-send").click()

    await phone.should_see(marker="phone-thanks", retries=30)
    changed = community.repairs.repairs.get(repair.id)
    assert changed is not None
    assert changed.description == "暖气不热; Bedroom radiator, since Monday 🥶"
    (link_in_sheet,) = changed.photos.splitlines()
    assert link_in_sheet.startswith(f"{community.settings.base_url}/photos/{repair.id}-")
    stored = community.settings.data_dir / "photos" / link_in_sheet.rsplit("/", 1)[1]
    assert Image.open(stored).getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}

    served = await phone.http_client.get("/photos/" + stored.name)
    assert (served.status_code, served.content) == (200, stored.read_bytes())
    assert (await phone.http_client.get("/photos/..%2Flobbydesk.sqlite3")).status_code == 404


async def test_a_used_link_and_an_expired_link_serve_nothing(
    new_browser: Callable[[], User], community: Site, site_clock: FixedClock
) -> None:
    repair = reported(community)
    used = community.repairs.handoffs.issue(repair.id)
    community.repairs.handoffs.complete(used.token, "first time", [])
    late = community.repairs.handoffs.issue(repair.id)
    site_clock.advance(minutes=11)

    phone = new_browser()
    await phone.open(f"/m/{used.token}?lang=en")
    assert label_texts(phone, "phone-refused") == ["This link was used already"]
    await phone.open(f"/m/{late.token}?lang=en")
    assert label_texts(phone, "phone-refused") == ["This link has expired — make a new one"]
    await phone.open("/m/not-a-token?lang=en")
    assert label_texts(phone, "phone-refused") == ["This link is not valid"]


async def test_wrong_file_types_and_oversized_photos_are_refused_on_the_phone(
    new_browser: Callable[[], User], community: Site
) -> None:
    repair = reported(community)
    link = community.repairs.handoffs.issue(repair.id)
    phone = new_browser()
    await phone.open(f"/m/{link.token}?lang=en")

    await upload(phone, "leak.gif", "image/gif", jpeg(kind="GIF"))
    await phone.should_see("leak.gif: Only JPEG or PNG photos", retries=30)
    await upload(phone, "invoice.pdf", "image/jpeg", b"%PDF-1.7 pretending")
    await phone.should_see("invoice.pdf: Only JPEG or PNG photos", retries=30)
    await upload(phone, "huge.jpg", "image/jpeg", jpeg(padding=5 * 1024 * 1024))
    await phone.should_see("huge.jpg: A photo may be at most 5 MB", retries=30)
    await upload(phone, "fine.png", "image/png", jpeg(kind="PNG"))
    await phone.should_see("Photo 1 of 3 added", retries=30)
    phone.find(marker="phone-send").click()

    await phone.should_see(marker="phone-thanks", retries=30)
    changed = community.repairs.repairs.get(repair.id)
    assert changed is not None and changed.photos.endswith(".png")
    assert len(list((community.settings.data_dir / "photos").iterdir())) == 1


async def test_the_status_page_shows_progress_and_no_personal_data(
    new_browser: Callable[[], User], community: Site
) -> None:
    repair = reported(community)
    phone = new_browser()
    await phone.open(f"/r/{repair.id}?lang=en")
    assert label_texts(phone, "repair-page-status") == ["Received"]

    await staff_type_into_repair(community, repair.id, Status="in progress", **{"Note to owner": "Parts ordered"})

    await phone.should_see("Note from staff: Parts ordered", retries=40)
    assert label_texts(phone, "repair-page-status") == ["In progress"]
    await phone.should_not_see("3-1202")
    await phone.should_not_see("暖气不热")
    await phone.should_not_see("张")


async def test_a_photo_the_phone_refuses_before_sending_is_explained(
    new_browser: Callable[[], User], community: Site
) -> None:
    link = community.repairs.handoffs.issue(reported(community).id)
    phone = new_browser()
    await phone.open(f"/m/{link.token}?lang=en")

    # The phone's browser checks size, count and type itself and sends nothing it refuses.
    photos = phone.find(marker="phone-photos")
    photos.trigger("rejected", [{"failedPropValidation": "max-file-size", "file": {}}])
    assert label_texts(phone, "phone-problem") == ["A photo may be at most 5 MB"]
    photos.trigger("rejected", [{"failedPropValidation": "accept", "file": {}}])
    assert label_texts(phone, "phone-problem") == ["Only JPEG or PNG photos"]
    photos.trigger("rejected", [{"failedPropValidation": "max-files", "file": {}}])
    assert label_texts(phone, "phone-problem") == ["At most 3 photos"]


class WatchedUpload(SmallFileUpload):
    """An uploaded file that notes when the server reads it."""

    read_names: ClassVar[list[str]] = []

    async def read(self) -> bytes:
        self.read_names.append(self.name)
        return await super().read()


async def test_a_request_with_thirty_photos_is_refused_without_reading_one(
    new_browser: Callable[[], User], community: Site
) -> None:
    link = community.repairs.handoffs.issue(reported(community).id)
    phone = new_browser()
    await phone.open(f"/m/{link.token}?lang=en")
    WatchedUpload.read_names.clear()

    # The phone's browser sends at most 3; a client that lies about it gets nothing decoded.
    element = next(iter(phone.find(marker="phone-photos").elements))
    assert isinstance(element, ui.upload)
    await element.handle_uploads([WatchedUpload(f"IMG_{n}.jpg", "image/jpeg", jpeg()) for n in range(30)])

    await phone.should_see("At most 3 photos", retries=30)
    assert WatchedUpload.read_names == []
    assert label_texts(phone, "phone-photo-status") == [""]


async def test_photos_sent_at_the_same_moment_stop_at_three_and_a_big_one_is_never_read(
    new_browser: Callable[[], User], community: Site
) -> None:
    repair = reported(community)
    link = community.repairs.handoffs.issue(repair.id)
    phone = new_browser()
    await phone.open(f"/m/{link.token}?lang=en")
    WatchedUpload.read_names.clear()
    element = next(iter(phone.find(marker="phone-photos").elements))
    assert isinstance(element, ui.upload)

    await element.handle_uploads([WatchedUpload("huge.jpg", "image/jpeg", jpeg(padding=5 * 1024 * 1024))])
    await phone.should_see("huge.jpg: A photo may be at most 5 MB", retries=30)
    await asyncio.gather(*(element.handle_uploads([WatchedUpload(f"IMG_{n}.jpg", "image/jpeg", jpeg())])
                           for n in range(5)))  # five requests at once, each starting its check

    await phone.should_see("Photo 3 of 3 added", retries=30)
    await phone.should_see("At most 3 photos", retries=30)
    await phone.should_not_see("Photo 4 of 3 added")
    assert sorted(WatchedUpload.read_names) == ["IMG_0.jpg", "IMG_1.jpg", "IMG_2.jpg"]
    phone.find(marker="phone-send").click()
    await phone.should_see(marker="phone-thanks", retries=30)
    changed = community.repairs.repairs.get(repair.id)
    assert changed is not None and len(changed.photos.splitlines()) == 3
