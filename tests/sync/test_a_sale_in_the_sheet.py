"""A flat is sold: the clerk types it in the Residents tab, and the whole desk follows.

The seller's row gets Moved out (the 15th, their last day); the buyer's row is added as every clerk
writes a unit, ``1-301``, moving in on the 16th. After the sync the buyer lives in the unit, the
unit's Owner of record names them, the owner file keeps both, and December's property fee is split
by the days each had: 15/31 for the seller, 16/31 for the buyer, each line rounded once, half up.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from desk.billing import Period
from desk.clock import FixedClock
from desk.fees import FeeBasis, FeeRule
from desk.ledger import Charge
from desk.units import Resident, ResidentRole, Unit
from lobbydesk.site import Site
from sync.memory import MemoryWorkbook
from tests.conftest import SHANGHAI

DECEMBER = Period.parse("2026-12")


@pytest.fixture
def site_clock() -> FixedClock:
    """The Sunday after the sale."""
    return FixedClock(datetime(2026, 12, 20, 10, 0, tzinfo=SHANGHAI))


@pytest.fixture
def sold(site: Site) -> Site:
    """Flat 1-301 (79.65 m2, property fee 2.35 a m2: 187.18 a month), owned by 张三明 since 2019, in the sheet."""
    now = site.clock.now()
    with site.store.transaction() as tx:
        tx.put(Unit(id="SUNNY-U1", building="1", room="301", area_m2=Decimal("79.65"), owner_of_record="张三明"),
               actor="staff", at=now)
        tx.put(Resident(id="SUNNY-P1", name="张三明", unit="SUNNY-U1", move_in=date(2019, 5, 1)), actor="staff", at=now)
        tx.put(FeeRule(id="SUNNY-K1", fee="Property fee", basis=FeeBasis.PER_M2_MONTH, rate=Decimal("2.35")),
               actor="staff", at=now)
    sync(site)
    return site


def sync(site: Site) -> None:
    site.sync.run_once()
    site.after_sync()


def problems(sheet: MemoryWorkbook) -> list[tuple[object, ...]]:
    return [(row["Tab"], row["ID"], row["Column"], row["Value"], row["Why"])
            for row in sheet.rows_by_header("Problems") if row["Site"]]


def test_a_sale_typed_in_the_residents_tab_moves_the_unit_to_its_buyer(sold: Site) -> None:
    site, sheet = sold, sold.workbook
    assert isinstance(sheet, MemoryWorkbook)
    sheet.type_into("Residents", row_id="SUNNY-P1", header="Moved out", value="2026-12-15")
    buyer_row = sheet.add_row("Residents", {"Name": "李秀英", "Unit": "1-301", "Role": "owner",
                                            "Move-in": "2026-12-16"})
    typo_row = sheet.add_row("Residents", {"Name": "王五", "Unit": "1-999", "Role": "owner",
                                           "Move-in": "2026-12-16"})

    sync(site)  # the seller's move-out is taken; the buyer's row is numbered
    sync(site)  # the buyer's row is taken, and Owner of record follows after the cycle
    sync(site)  # which the Units tab then shows

    with site.store.transaction() as tx:
        people = {p.name: (p.unit, p.role, p.move_in, p.moved_out) for p in tx.find(Resident)}
        unit = tx.get(Unit, "SUNNY-U1")
    assert people == {
        "张三明": ("SUNNY-U1", ResidentRole.OWNER, date(2019, 5, 1), date(2026, 12, 15)),
        "李秀英": ("SUNNY-U1", ResidentRole.OWNER, date(2026, 12, 16), None),
    }
    assert sheet.rows_by_header("Residents")[buyer_row - 1]["Unit"] == "SUNNY-U1"
    assert problems(sheet) == [("Residents", f"new row {typo_row + 1}", "Unit", "1-999",
                                "'1-999' is not a unit in the Units tab; the row gets an ID once fixed")]

    assert unit is not None and unit.owner_of_record == "李秀英"
    assert sheet.rows_by_header("Units")[0]["Owner of record"] == "李秀英"
    assert [r.name for r in site.units.residents("SUNNY-U1")] == ["李秀英"]  # what the console shows a clerk

    owner_file = site.community.owner_files.file_of("SUNNY-U1")
    assert [(r.name, r.moved_out) for r in owner_file.residents] == [("李秀英", None), ("张三明", date(2026, 12, 15))]
    assert ("lobbydesk (owner of record follows the Residents tab)", "Owner of record: 张三明 → 李秀英") in [
        (c.actor, c.describe()) for c in owner_file.changes]

    outcome = site.fees.billing.run(DECEMBER, None)

    with site.store.transaction() as tx:
        billed = sorted((c.amount, c.basis, c.key) for c in tx.find(Charge))
    assert billed == [
        (Decimal("90.57"), "79.65 m2 x 2.35 x 15/31 days to 2026-12-15, 张三明 moved out",  # 90.5698...
         "SUNNY-U1|SUNNY-K1|2026-12|moved out"),
        (Decimal("96.61"), "79.65 m2 x 2.35 x 16/31 days", "SUNNY-U1|SUNNY-K1|2026-12"),  # 96.6077...
    ]
    assert sum(amount for amount, _, _ in billed) == Decimal("187.18")  # the whole month, no cent lost
    assert len(outcome.added) == 2
    assert site.fees.billing.run(DECEMBER, None).added == []  # a second run adds nothing
