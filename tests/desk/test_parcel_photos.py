"""A parcel's photo in the rules: cleaned and stored before the parcel, linked in its Photo column, or refused whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.parcels import ParcelDesk
from desk.photos import PhotoRefusedError
from desk.store import Store
from tests.kiosk.test_phone_handoff import jpeg

LONG_ADDRESS = "https://front-desk.sunny-gardens-residential-community.example.com"


def desk(store: Store, clock: FixedClock, folder: Path) -> ParcelDesk:
    return ParcelDesk(store, clock, SequentialIds("SUNNY"), photo_folder=folder,
                      photo_url=lambda name: f"{LONG_ADDRESS}/photos/{name}")


def test_a_photo_is_stored_in_the_folder_and_linked_even_under_a_long_public_address(
    store: Store, clock: FixedClock, tmp_path: Path
) -> None:
    parcels = desk(store, clock, tmp_path / "photos")

    parcel = parcels.register("SUNNY-U1", "3-1202", carrier="EMS", shelf="B-1", staff="wang", photo=jpeg(gps=True),
                              print_label=False)

    [stored] = (tmp_path / "photos").iterdir()
    assert parcel.photo == f"{LONG_ADDRESS}/photos/{stored.name}"
    assert len(parcel.photo) > 80  # the Photo column once held at most 80: this link was refused
    assert parcels.get(parcel.id) == parcel


def test_a_file_that_is_no_photo_registers_nothing_and_leaves_no_file(
    store: Store, clock: FixedClock, tmp_path: Path
) -> None:
    parcels = desk(store, clock, tmp_path / "photos")

    with pytest.raises(PhotoRefusedError, match="only JPEG and PNG photos"):
        parcels.register("SUNNY-U1", "3-1202", carrier="EMS", shelf="B-1", staff="wang", photo=b"GIF89a not really")

    assert parcels.waiting() == []
    assert not (tmp_path / "photos").exists() or list((tmp_path / "photos").iterdir()) == []


def test_the_photo_of_a_parcel_that_cannot_be_registered_is_removed(
    store: Store, clock: FixedClock, tmp_path: Path
) -> None:
    parcels = ParcelDesk(store, clock, SequentialIds("SUNNY"), photo_folder=tmp_path / "photos",
                         draw_below=lambda _limit: 1 // 0)  # the code draw fails inside the transaction

    with pytest.raises(ZeroDivisionError):
        parcels.register("SUNNY-U1", "3-1202", carrier="", shelf="", staff="wang", photo=jpeg())

    assert list((tmp_path / "photos").iterdir()) == []
    assert parcels.waiting() == []


def test_without_a_folder_given_photos_go_where_repair_photos_are_served_from(store: Store, clock: FixedClock) -> None:
    parcels = ParcelDesk(store, clock, SequentialIds("SUNNY"))

    parcel = parcels.register("SUNNY-U1", "3-1202", carrier="", shelf="", staff="wang", photo=jpeg(kind="PNG"),
                              print_label=False)

    assert parcels.photo_folder == store.path.parent / "photos"
    assert parcel.photo.startswith("/photos/parcel-") and parcel.photo.endswith(".png")
    assert (parcels.photo_folder / parcel.photo.removeprefix("/photos/")).is_file()
