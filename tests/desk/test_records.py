"""The record declarations: one model says the tab, its headers and who owns each column."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from desk.ids import IdFactory, SequentialIds
from desk.queue import QueueTicket
from desk.records import Owner


def test_the_queue_ticket_declares_its_tab_headers_and_owners() -> None:
    columns = {spec.header: spec for spec in QueueTicket.columns()}
    assert QueueTicket.TAB == "Queue"
    assert list(columns) == ["ID", "Number", "Service", "Issued", "Status", "Counter", "Priority", "Unit",
                             "Called", "Served", "Wait min", "Service min"]
    assert columns["Number"].owner is Owner.KIOSK
    assert columns["Status"].owner is Owner.STAFF and columns["Counter"].owner is Owner.STAFF
    assert columns["Status"].choices == ("waiting", "called", "served", "no-show", "cancelled")
    assert "move-in" in columns["Service"].choices


def test_a_ticket_refuses_an_unknown_status() -> None:
    with pytest.raises(ValidationError):
        QueueTicket.model_validate({"id": "X-T1", "number": "A001", "service": "inquiry",
                                    "issued_at": "2026-11-27T09:00:00+08:00", "status": "lost"})


def test_ids_carry_the_site_code_and_are_readable() -> None:
    ids = IdFactory("SUNNY")
    made = {ids.new("T") for _ in range(1000)}
    assert len(made) == 1000
    assert all(i.startswith("SUNNY-T") and len(i) == len("SUNNY-T") + 6 for i in made)
    assert not any(ch in i[7:] for i in made for ch in "ILOU")
    assert SequentialIds("DEMO").new("T") == "DEMO-T000001"


def test_the_random_part_spells_thirty_random_bits_in_six_characters() -> None:
    assert IdFactory("SUNNY", random_bits=lambda n: 0).new("T") == "SUNNY-T000000"
    assert IdFactory("SUNNY", random_bits=lambda n: 2**n - 1).new("T") == "SUNNY-TZZZZZZ"
    # 1, 2, 3, 4, 5, 31 in 5-bit groups, most significant first
    bits = (1 << 25) | (2 << 20) | (3 << 15) | (4 << 10) | (5 << 5) | 31
    assert IdFactory("SUNNY", random_bits=lambda n: bits).new("R") == "SUNNY-R12345Z"


@pytest.mark.parametrize("code", ["", "sunny", "1SUNNY", "TOOLONGCODE", "SUN-NY"])
def test_a_bad_site_code_is_refused(code: str) -> None:
    with pytest.raises(ValueError, match="site code"):
        IdFactory(code)

