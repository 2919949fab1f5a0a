"""``lobbydesk rounds labels``: a checkpoint label per place, printed on the site's printer, QR codes to scan."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.rounds import Round, Task
from lobbydesk.cli import main
from lobbydesk.settings import CONFIG_NAME, load_settings
from lobbydesk.site import Site
from tests.qr_reading import read_qr_printed


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A site printing to a file, with rounds at two places of building 3 and one of building 1."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / CONFIG_NAME).write_text(
        f'site_code = "SUNNY"\nprinter = "file://{folder / "printer.bin"}"\npublic_url = "http://10.0.0.5:8080"\n',
        encoding="utf-8")
    site = Site(load_settings(data_dir=folder))
    with site.store, site.store.transaction() as tx:
        for number, (building, place, task) in enumerate([("3", "大堂 Lobby", Task.CLEANING),
                                                          ("3", "大堂 Lobby", Task.DISINFECTION),
                                                          ("3", "电梯 Lift", Task.LIFT_CHECK),
                                                          ("1", "大堂 Lobby", Task.CLEANING)]):
            tx.put(Round(id=f"SUNNY-RD{number}", task=task, place=place, building=building,
                         windows="08:00-10:00"), actor="staff", at=site.clock.now())
    return folder


def test_the_labels_of_one_building_print_one_per_place_with_the_round_page_in_the_qr(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rounds", "labels", "--building", "3", "--data", str(data)]) == 0

    out = capsys.readouterr().out
    assert out.splitlines() == ["3 · 大堂 Lobby: sent", "3 · 电梯 Lift: sent",
                                f"2 labels sent to file {data / 'printer.bin'}"]
    codes = read_qr_printed((data / "printer.bin").read_bytes())
    assert len(codes) == 2 and all(code.startswith("http://10.0.0.5:8080/round/") for code in codes)
    assert len(set(codes)) == 2, "each place has its own token"


def test_a_building_without_rounds_prints_nothing_and_says_so(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rounds", "labels", "--building", "9", "--data", str(data)]) == 1

    assert "no places with rounds in building 9" in capsys.readouterr().err
    assert not (data / "printer.bin").exists()
