"""Reading QR codes back from what a screen shows, with a real decoder (zxing-cpp)."""

from __future__ import annotations

import base64
import io

import zxingcpp
from PIL import Image


def read_qr_data_uri(uri: str) -> list[str]:
    """The texts of every QR code in a ``data:image/...;base64,`` image."""
    header, _, data = uri.partition(",")
    assert header.startswith("data:image/") and header.endswith(";base64"), header
    image = Image.open(io.BytesIO(base64.b64decode(data)))
    return [result.text for result in zxingcpp.read_barcodes(image) if result.format == zxingcpp.BarcodeFormat.QRCode]


def read_qr_printed(data: bytes) -> list[str]:
    """The texts of every QR code in printed ESC/POS bytes: a native code's payload, a drawn one read as an image."""
    from tests.printers.escpos_decoder import decode

    printout = decode(data)
    texts = [code.payload for code in printout.qr_codes]
    for image in printout.images:
        margin = 16  # the quiet zone a decoder needs around a code
        picture = Image.new("L", (image.width + 2 * margin, image.height + 2 * margin), 255)
        for y, row in enumerate(image.rows):
            for x, dot in enumerate(row):
                if dot:
                    picture.putpixel((x + margin, y + margin), 0)
        texts += [result.text for result in zxingcpp.read_barcodes(picture)
                  if result.format == zxingcpp.BarcodeFormat.QRCode]
    return texts
