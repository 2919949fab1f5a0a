"""Reading a monthly report PDF back: its text (pypdf) and its pages as images (pypdfium2), for the tests."""

from __future__ import annotations

import io
import re

import pypdfium2
from PIL import Image
from pypdf import PdfReader


def pdf_text(data: bytes) -> list[str]:
    """Each page's text with spaces and the NULs pypdf leaves in CJK runs taken out."""
    return [re.sub(r"[\s\x00]+", "", page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def page_images(data: bytes, scale: float = 1.0) -> list[Image.Image]:
    """Every page drawn as an RGB image."""
    document = pypdfium2.PdfDocument(data)
    try:
        return [document[index].render(scale=scale).to_pil().convert("RGB") for index in range(len(document))]
    finally:
        document.close()


def coloured_pixels(image: Image.Image, box: tuple[float, float, float, float]) -> int:
    """How many pixels in a region (fractions of the page: left, top, right, bottom) are clearly coloured:
    neither white nor grey nor black, as chart bars and lines are and printed text is not."""
    width, height = image.size
    region = image.crop((int(box[0] * width), int(box[1] * height), int(box[2] * width), int(box[3] * height)))
    pixels = region.tobytes()
    return sum(1 for at in range(0, len(pixels), 3) if max(pixels[at:at + 3]) - min(pixels[at:at + 3]) > 60)
