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
