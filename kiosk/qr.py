"""QR codes for screens, as inline PNG data URIs."""

from __future__ import annotations

import base64
import io

import qrcode
from PIL import Image

# Any of the eight masks decodes; choosing one instead of scoring all eight is what makes a code
# cheap enough (~1 ms instead of ~8) to draw while a lobby full of screens waits on the same CPU.
FIXED_MASK = 2
PIXELS_PER_MODULE = 8
QUIET_ZONE_MODULES = 2


def qr_matrix(payload: str, quiet_zone: int = 0) -> list[list[bool]]:
    """The dark (True) and light modules of ``payload``'s QR code (error correction M)."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=quiet_zone, mask_pattern=FIXED_MASK
    )
    code.add_data(payload)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    return matrix


def qr_data_uri(payload: str) -> str:
    """A PNG QR code of ``payload`` as a ``data:`` URI for an ``<img>``, crisp at any size."""
    matrix = qr_matrix(payload, QUIET_ZONE_MODULES)
    side = len(matrix)
    modules = Image.new("1", (side, side), color=1)
    modules.putdata([0 if dark else 1 for row in matrix for dark in row])
    scaled = modules.resize((side * PIXELS_PER_MODULE, side * PIXELS_PER_MODULE), Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    scaled.save(buffer, format="PNG", optimize=False)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
