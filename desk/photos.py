"""Owners' photos of a repair: JPEG or PNG only, at most 5 MB, re-encoded without any metadata.

Re-encoding from the pixels drops EXIF (GPS position, camera, time) and anything hidden after the
image data; the photo is turned upright first, since the EXIF orientation goes with the rest.
"""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_SIDE = 2048  # enough to see a leak; keeps the data folder small
PHOTO_MAX_PIXELS = 50_000_000  # a small file that decodes to a huge image is refused before decoding
FORMATS = {"JPEG": "jpg", "PNG": "png"}


class PhotoRefusedError(ValueError):
    """A file that is not taken as a photo; ``code`` says why (``type``, ``size``, ``broken``)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def clean_photo(data: bytes) -> tuple[bytes, str]:
    """The photo re-encoded without metadata, and its file extension; raises :class:`PhotoRefusedError`."""
    if len(data) > PHOTO_MAX_BYTES:
        raise PhotoRefusedError("size", f"a photo may be at most {PHOTO_MAX_BYTES // (1024 * 1024)} MB")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in FORMATS:
                raise PhotoRefusedError("type", "only JPEG and PNG photos")
            if image.width * image.height > PHOTO_MAX_PIXELS:
                raise PhotoRefusedError("size", "the picture is too large")
            extension = FORMATS[image.format]
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            pixels = upright.convert("RGB") if extension == "jpg" else _png_mode(upright)
            clean = Image.new(pixels.mode, pixels.size)
            clean.paste(pixels)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as broken:
        raise PhotoRefusedError("type", "only JPEG and PNG photos") from broken
    out = io.BytesIO()
    if extension == "jpg":
        clean.save(out, "JPEG", quality=85, optimize=True)
    else:
        clean.save(out, "PNG", optimize=True)
    return out.getvalue(), extension


def _png_mode(image: Image.Image) -> Image.Image:
    return image if image.mode in ("RGB", "RGBA", "L", "LA") else image.convert("RGBA")


def save_photo(folder: Path, data: bytes, prefix: str) -> str:
    """Clean a photo and store it under an unguessable name in ``folder``; returns the file name."""
    cleaned, extension = clean_photo(data)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{prefix}-{secrets.token_urlsafe(12)}.{extension}"
    (folder / name).write_bytes(cleaned)
    return name


def is_photo_name(name: str) -> bool:
    """Whether a name could be one :func:`save_photo` made (no paths, a known extension)."""
    stem, _, extension = name.rpartition(".")
    allowed = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    return extension in FORMATS.values() and bool(stem) and set(stem) <= allowed
