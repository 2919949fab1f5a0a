"""A site's data folder as a real one looks: settings file, store, secret, a photo and an .xlsx workbook."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from desk.clock import FixedClock
from desk.ids import SequentialIds
from lobbydesk.settings import CONFIG_NAME, load_settings
from lobbydesk.site import Site
from lobbydesk.site_secrets import site_secret

SHANGHAI = ZoneInfo("Asia/Shanghai")
SITE_CONFIG = """\
site_code = "SUNNY"
community_name = "阳光花园 Sunny Garden"
timezone = "Asia/Shanghai"
sync_process = false
"""
# The smallest PNG there is: one transparent pixel.
A_PHOTO = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def morning() -> FixedClock:
    """The site's clock on the morning of the stories."""
    return FixedClock(datetime(2026, 11, 27, 9, 30, tzinfo=SHANGHAI))


def site_folder(data: Path) -> Path:
    """A data folder with its settings file, the way an installation or the demo leaves one."""
    data.mkdir(parents=True, exist_ok=True)
    (data / CONFIG_NAME).write_text(SITE_CONFIG, encoding="utf-8")
    return data


def open_site(data: Path, clock: FixedClock | None = None) -> Site:
    """The site whose settings file is in ``data``, opened, on a fixed clock and predictable IDs."""
    site = Site(load_settings(data_dir=data), clock=clock or morning(), ids=SequentialIds("SUNNY"))
    site.open()
    return site


def add_secret_and_photo(data: Path) -> tuple[str, Path]:
    """The browser-cookie secret the server makes at its first start, and a photo an owner sent."""
    secret = site_secret(data, "storage_secret")
    photos = data / "photos"
    photos.mkdir(exist_ok=True)
    photo = photos / "R0001-1.png"
    photo.write_bytes(A_PHOTO)
    return secret, photo
