"""The checkpoint label: the place big, both languages, and a QR code that reads back as the place's round page."""

from __future__ import annotations

import dataclasses

import pytest

from desk.rounds import Task
from printers.checkpoint_label import CheckpointLabel, checkpoint_label, round_url
from printers.profile import PrinterProfile, profile_named
from tests.printers.escpos_decoder import decode
from tests.qr_reading import read_qr_printed

LABEL = CheckpointLabel(community_name="阳光花园 Sunny Garden", building="3", place="大堂 Lobby",
                        tasks=(Task.CLEANING, Task.DISINFECTION),
                        url=round_url("http://192.168.1.10:8080/", "AHh9EEWECHoOlmZ7Px0pIg"))


@pytest.mark.parametrize("profile", [
    profile_named("80mm"),
    profile_named("58mm", chinese_text="image"),
    dataclasses.replace(profile_named("58mm"), chinese_font=False, native_qr=False),
], ids=["native 80mm", "drawn chinese 58mm", "drawn qr 58mm"])
def test_the_label_qr_reads_back_as_the_round_page_of_the_place(profile: PrinterProfile) -> None:
    printed = checkpoint_label(LABEL, profile)

    assert read_qr_printed(printed) == ["http://192.168.1.10:8080/round/AHh9EEWECHoOlmZ7Px0pIg"]


def test_the_label_names_the_place_its_building_and_rounds_in_both_languages_and_no_record_id() -> None:
    paper = decode(checkpoint_label(LABEL, profile_named("80mm")))

    assert "巡查点 Checkpoint" in paper.texts
    assert paper.line_with("大堂 Lobby").style.bold
    assert "3号楼 · Building 3" in paper.texts
    assert paper.value_of("巡查内容") == "清洁, 消毒" and paper.value_of("Rounds") == "cleaning, disinfection"
    assert "Staff: scan to record the round" in paper.texts
    assert not any("AHh9" in text for text in paper.texts), "the token is in the code only, not printed to copy"
    assert paper.cuts, "each label is cut off"
