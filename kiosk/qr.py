"""QR codes for screens, as inline SVG data URIs."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg


def qr_data_uri(payload: str) -> str:
    """An SVG QR code of ``payload`` as a ``data:`` URI for an ``<img>``."""
    image = qrcode.make(payload, image_factory=qrcode.image.svg.SvgPathFillImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
