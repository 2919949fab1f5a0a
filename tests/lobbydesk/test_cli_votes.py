"""``lobbydesk votes result``: the demo's votes with their turnout, and the closed one's result as a PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from desk.votes import VoteState
from lobbydesk.cli import main
from lobbydesk.demo import seed_demo, write_demo_config
from lobbydesk.settings import load_settings
from lobbydesk.site import Site


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("votes") / "data"
    write_demo_config(folder)
    site = Site(load_settings(data_dir=folder))
    site.store.open()
    try:
        seed_demo(site)
    finally:
        site.store.close()
    return folder


def closed_vote_id(data: Path) -> str:
    site = Site(load_settings(data_dir=data))
    with site.store:
        now = site.clock.now()
        [vote] = [v for v in site.committee.votes.votes() if v.state(now) is VoteState.CLOSED]
    return vote.id


def test_without_a_vote_it_lists_every_vote_with_its_turnout(
    demo_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["votes", "result", "--data", str(demo_folder)]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in lines] == ["open", "closed"]
    assert "3/18 owners, 232.20 m²" in lines[0] and "14/18 owners, 1,138.60 m²" in lines[1]


def test_a_closed_votes_result_is_printed_and_written_as_a_pdf(
    demo_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "result.pdf"

    assert main(["votes", "result", "--vote", closed_vote_id(demo_folder), "--pdf", str(target),
                 "--data", str(demo_folder)]) == 0

    out = capsys.readouterr().out
    assert "For: owners 12, area 974.80 m²" in out and "Result: adopted (For)." in out
    text = re.sub(r"[\s\x00]+", "", "".join(page.extract_text() for page in PdfReader(target).pages))
    assert "同意For12974.80" in text and "反对Against2163.80" in text
    assert "结果：通过（同意）。" in text


def test_an_unknown_vote_is_an_error(demo_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["votes", "result", "--vote", "DEMO-VT404", "--data", str(demo_folder)]) == 1
    assert "no vote DEMO-VT404" in capsys.readouterr().err
