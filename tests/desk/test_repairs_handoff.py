"""Continue on my phone: a one-time link for one repair, ten minutes, photos cleaned of their location."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from desk.clock import FixedClock
from desk.handoff import HandOffError, HandOffs
from desk.photos import PhotoRefusedError, clean_photo, is_photo_name
from desk.repairs import Repair, RepairCategory, RepairDesk, RepairRefusedError, RepairReport
from desk.store import Store


@pytest.fixture
def handoffs(store: Store, clock: FixedClock, repairs: RepairDesk, tmp_path: Path) -> HandOffs:
    return HandOffs(store, clock, repairs, tmp_path / "photos", lambda name: f"http://desk.test/photos/{name}")


@pytest.fixture
def repair(repairs: RepairDesk) -> Repair:
    return repairs.report(RepairReport(unit_id="SUNNY-U1", unit_label="3-1202", category=RepairCategory.PLUMBING,
                                       phrases=["Leaking pipe"]), print_slip=False)


def photo(kind: str = "JPEG", size: tuple[int, int] = (64, 48), *, gps: bool = False) -> bytes:
    image = Image.new("RGB", size, (180, 40, 40))
    exif = Image.Exif()
    if gps:
        exif[ExifTags.Base.Make] = "PhoneCo"
        exif[ExifTags.Base.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (31.0, 14.0, 2.5)}
    out = io.BytesIO()
    image.save(out, kind, exif=exif)
    return out.getvalue()


def test_the_phone_adds_words_and_photos_to_its_repair_once(
    handoffs: HandOffs, repair: Repair, tmp_path: Path
) -> None:
    link = handoffs.issue(repair.id)
    assert handoffs.check(link.token).id == repair.id

    changed = handoffs.complete(link.token, "水从天花板滴下来 💧", [photo(), photo("PNG")])

    assert changed.description == "Leaking pipe; 水从天花板滴下来 💧"
    links = changed.photos.splitlines()
    assert [link.rsplit(".", 1)[1] for link in links] == ["jpg", "png"]
    assert all(link.startswith(f"http://desk.test/photos/{repair.id}-") for link in links)
    names = sorted(path.name for path in (tmp_path / "photos").iterdir())
    assert names == sorted(link.rsplit("/", 1)[1] for link in links)
    assert all(is_photo_name(name) for name in names)

    with pytest.raises(HandOffError) as reused:
        handoffs.complete(link.token, "again", [])
    assert reused.value.code == "used"


def test_a_link_expires_after_ten_minutes(handoffs: HandOffs, repair: Repair, clock: FixedClock) -> None:
    link = handoffs.issue(repair.id)
    clock.advance(minutes=10, seconds=1)
    with pytest.raises(HandOffError) as expired:
        handoffs.complete(link.token, "late", [])
    assert expired.value.code == "expired"


def test_an_unknown_link_serves_nothing(handoffs: HandOffs, repair: Repair) -> None:
    with pytest.raises(HandOffError) as unknown:
        handoffs.check("made-up-token")
    assert unknown.value.code == "unknown"


def test_a_refused_photo_leaves_the_link_usable(handoffs: HandOffs, repair: Repair, tmp_path: Path) -> None:
    link = handoffs.issue(repair.id)
    with pytest.raises(PhotoRefusedError) as refused:
        handoffs.complete(link.token, "see photo", [photo("GIF")])
    assert refused.value.code == "type"
    with pytest.raises(RepairRefusedError):
        handoffs.complete(link.token, "four", [photo()] * 4)

    assert handoffs.complete(link.token, "see photo", [photo()]).photos.count("\n") == 0
    assert len(list((tmp_path / "photos").iterdir())) == 1


def test_only_jpeg_and_png_of_at_most_five_megabytes_are_taken() -> None:
    with pytest.raises(PhotoRefusedError) as gif:
        clean_photo(photo("GIF"))
    with pytest.raises(PhotoRefusedError) as text:
        clean_photo(b"%PDF-1.4 not a photo")
    with pytest.raises(PhotoRefusedError) as big:
        clean_photo(photo() + b"\0" * (5 * 1024 * 1024))
    assert (gif.value.code, text.value.code, big.value.code) == ("type", "type", "size")


def test_a_photo_with_gps_data_is_stored_without_it() -> None:
    original = photo(gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the phone said where

    cleaned, extension = clean_photo(original)

    assert extension == "jpg"
    reread = Image.open(io.BytesIO(cleaned))
    assert (reread.format, reread.size) == ("JPEG", (64, 48))
    assert dict(reread.getexif()) == {}
    assert b"PhoneCo" not in cleaned


def test_a_huge_photo_is_made_smaller() -> None:
    cleaned, _ = clean_photo(photo(size=(4000, 1000)))
    assert Image.open(io.BytesIO(cleaned)).size == (2048, 512)
