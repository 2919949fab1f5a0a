"""A repair's whole journey in real headless Chromium, against ``lobbydesk demo`` and its workbook.xlsx.

An owner reports a leak at the kiosk -> staff set "assigned" and a note in the workbook file -> after a
sync the kiosk and the phone page show it -> staff set "done" -> the owner rates it 2 -> a Feedback row
routed to the center appears in the workbook.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PIL import ExifTags, Image
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tests.e2e.conftest import tap_text
from tests.e2e.kiosk_owner import body_text, sign_in_at_tile

pytestmark = pytest.mark.browser


def test_report_assign_finish_rate_and_the_center_hears_of_it(
    demo_server: tuple[str, Path], browser: webdriver.Chrome, tmp_path: Path
) -> None:
    base, data = demo_server
    workbook = data / "workbook.xlsx"

    browser.get(base + "/")
    started = time.monotonic()
    sign_in_at_tile(browser, "Report a repair")
    tap_text(browser, "My home 3-1202")
    tap_text(browser, "Plumbing")
    tap_text(browser, "Blocked drain")
    tap_text(browser, "Urgent")
    tap_text(browser, "Send")
    number = WebDriverWait(browser, 15).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=repair-number]"))
    ).text
    seconds = time.monotonic() - started
    assert seconds < 60, f"sign-in and report took {seconds:.1f} s of machine time, before any human reading"
    _wait_for_text(browser, "Please take your slip")
    browser.save_screenshot(str(data / "kiosk-repair.png"))
    assert number.encode() in (data / "printer.bin").read_bytes(), "the slip reached printer.bin"
    phone_link = browser.find_element(By.CSS_SELECTOR, "[data-testid=repair-phone-qr] img").get_attribute("alt")
    tap_text(browser, "Done")

    _continue_on_the_phone(browser, str(phone_link), tmp_path)
    row = _eventually(lambda: _row(workbook, "Repairs", "Number", number), "the repair reached the Repairs tab")
    if not row["Photos"]:
        row = _eventually(lambda: _row_with_photo(workbook, number), "the photo link reached the Repairs tab")
    repair_id = str(row["ID"])
    assert row["Status"] == "new"
    assert row["Urgency"] == "urgent"
    assert row["Description"] == "Blocked drain; Water comes up in the shower 淋浴间 ☔"
    photo = data / "photos" / str(row["Photos"]).rsplit("/", 1)[1]
    assert Image.open(photo).getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}, "the location was removed"
    browser.set_window_size(1080, 1920)

    _staff_edit(workbook, "Repairs", repair_id, {"Status": "assigned", "Note to owner": "Li comes at 10 李师傅"},
                until=lambda: _shows(browser, f"{base}/r/{repair_id}?lang=en", "Li comes at 10 李师傅"))
    assert "Assigned" in body_text(browser)
    assert "3-1202" not in body_text(browser), "the phone page shows no unit"

    browser.get(base + "/")
    sign_in_at_tile(browser, "My requests")
    _wait_for_text(browser, "Note from staff: Li comes at 10 李师傅")
    assert "Assigned" in body_text(browser)
    tap_text(browser, "Sign out")

    _staff_edit(workbook, "Repairs", repair_id, {"Status": "done"},
                until=lambda: _shows(browser, f"{base}/r/{repair_id}?lang=en", "Done"))

    browser.get(base + "/")
    sign_in_at_tile(browser, "My requests")
    _wait_for_text(browser, number)
    _tap_testid(browser, f"rate-{number}")
    _tap_testid(browser, "stars-2")
    tap_text(browser, "Slow")
    tap_text(browser, "Send")
    _wait_for_text(browser, "Your complaint has gone to the service center")

    complaint = _eventually(lambda: _row(workbook, "Feedback", "Repair", repair_id),
                            "the low rating reached the Feedback tab")
    assert (complaint["Kind"], complaint["Department"], complaint["Status"]) == ("complaint", "center", "new")
    assert complaint["Text"] == f"{number} (plumbing) rated 2/5: slow"


def _continue_on_the_phone(driver: webdriver.Chrome, link: str, folder: Path) -> None:
    """On a phone-sized screen: words, a photo too big (the phone refuses it), one with a location, Send."""
    picture = folder / "IMG_2041.jpg"
    exif = Image.Exif()
    exif[ExifTags.Base.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (39.0, 54.0, 1.0)}
    Image.new("RGB", (320, 240), (40, 90, 160)).save(picture, "JPEG", exif=exif)
    driver.set_window_size(390, 844)
    driver.get(link)
    _wait_for_text(driver, "Add to request")
    driver.find_element(By.CSS_SELECTOR, "textarea").send_keys("Water comes up in the shower 淋浴间 ☔")
    too_big = folder / "IMG_2040.jpg"
    too_big.write_bytes(picture.read_bytes() + b"\0" * (6 * 1024 * 1024))
    driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(too_big))
    _wait_for_text(driver, "A photo may be at most 5 MB")  # refused by the phone, before sending 6 MB
    animation = folder / "funny.gif"
    Image.new("RGB", (32, 32), (200, 40, 40)).save(animation, "GIF")
    driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(animation))
    _wait_for_text(driver, "Only JPEG or PNG photos")
    driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(picture))
    _wait_for_text(driver, "Photo 1 of 3 added")
    tap_text(driver, "Send")
    _wait_for_text(driver, "thank you")


def _row_with_photo(path: Path, number: str) -> dict[str, Any] | None:
    row = _row(path, "Repairs", "Number", number)
    return row if row is not None and row["Photos"] else None


def _tap_testid(driver: webdriver.Chrome, testid: str) -> None:
    WebDriverWait(driver, 15).until(
        expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, f"[data-testid={testid}]"))
    ).click()


def _wait_for_text(driver: webdriver.Chrome, words: str, seconds: float = 20) -> None:
    WebDriverWait(driver, seconds).until(expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "body"),
                                                                                           words))


def _shows(driver: webdriver.Chrome, url: str, words: str) -> bool:
    if driver.current_url != url:
        driver.get(url)
    try:
        _wait_for_text(driver, words, seconds=6)
    except Exception:
        return False
    return True


def _eventually(find: Callable[[], dict[str, Any] | None], what: str, seconds: float = 40) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = find()
        if found is not None:
            return found
        time.sleep(0.5)
    pytest.fail(f"timed out: {what}")


def _row(path: Path, tab: str, header: str, value: str) -> dict[str, Any] | None:
    if not path.exists():
        return None
    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # the server may be replacing the file this instant
        return None
    try:
        if tab not in book.sheetnames:
            return None
        rows = list(book[tab].iter_rows(values_only=True))
    finally:
        book.close()
    headers = [str(cell) for cell in rows[0]] if rows else []
    for row in rows[1:]:
        cells = dict(zip(headers, row, strict=False))
        if cells.get(header) == value:
            return cells
    return None


def _staff_edit(path: Path, tab: str, record_id: str, cells: dict[str, str], until: Callable[[], bool]) -> None:
    """Type into the workbook as staff would, until the site shows it.

    The server rewrites the whole file after a cycle that changed something; an edit saved between
    its read and its write is replaced, as if two people saved at once, so it is typed again.
    """
    for _ in range(5):
        book = openpyxl.load_workbook(path)
        sheet = book[tab]
        headers = [cell.value for cell in sheet[1]]
        row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == record_id)
        for header, value in cells.items():
            sheet.cell(row=row, column=headers.index(header) + 1, value=value)
        staged = path.with_name("staff-edit.xlsx")
        book.save(staged)
        os.replace(staged, path)
        if until():
            return
    pytest.fail(f"the site never showed {cells} typed into {tab}")
