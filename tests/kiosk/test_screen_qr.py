"""The QR codes a kiosk screen shows scan back to exactly what they carry."""

from __future__ import annotations

import base64
import io

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from kiosk.qr import PIXELS_PER_MODULE, qr_data_uri
from tests.qr_reading import read_qr_data_uri


def test_a_ticket_status_link_scans_back_from_the_screen_image() -> None:
    link = "http://192.168.1.20:8080/t/SUNNY-T000001?lang=zh"
    assert read_qr_data_uri(qr_data_uri(link)) == [link]


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=300))
def test_any_text_a_screen_might_show_scans_back_unchanged(payload: str) -> None:
    assert read_qr_data_uri(qr_data_uri(payload)) == [payload]


def test_the_image_is_a_small_png_with_whole_pixels_per_module() -> None:
    uri = qr_data_uri("http://192.168.1.20:8080/r/SUNNY-R000042")
    assert uri.startswith("data:image/png;base64,")
    assert len(uri) < 2_000  # inline in the page update the screen already sends
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    assert image.width == image.height and image.width % PIXELS_PER_MODULE == 0
