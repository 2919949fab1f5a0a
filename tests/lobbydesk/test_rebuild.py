"""The last resort: store and backups gone, the workbook makes a new store and says what could not come back."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.credentials import Outcome
from desk.ledger import Payment
from desk.records import Record
from desk.store import Store
from desk.units import Unit
from lobbydesk.cli import main
from lobbydesk.demo import DEMO_UNIT, seed_demo
from lobbydesk.rebuild import RebuildRefusedError, rebuild_from_workbook
from lobbydesk.settings import Settings, load_settings
from lobbydesk.site import Site
from sync.engine import SYNCED_KINDS
from tests.lobbydesk.site_folders import open_site, site_folder


def _all_records(store: Store) -> dict[str, dict[str, Record]]:
    with store.transaction() as tx:
        return {kind.TAB: {record.id: record for record in tx.find(kind)} for kind in SYNCED_KINDS}


@pytest.fixture
def synced_demo(site: Site) -> Site:
    """The demo community after a morning's payment, synced to its (in-memory) workbook."""
    seed_demo(site)
    site.fees.payments.confirm(site.fees.payments.pending_payments()[0].id, by="desk")
    site.sync.run_once()
    return site


def test_every_synced_record_comes_back_from_the_workbook_and_units_ask_for_a_new_pin(
    synced_demo: Site, tmp_path: Path
) -> None:
    before = _all_records(synced_demo.store)

    with Store(tmp_path / "rebuilt" / "lobbydesk.sqlite3") as rebuilt:
        outcome = rebuild_from_workbook(rebuilt, synced_demo.workbook, SYNCED_KINDS, synced_demo.clock, "SUNNY")
        after = _all_records(rebuilt)

    assert outcome.unread == []
    for tab, records in before.items():
        if tab == Unit.TAB:
            records = {unit_id: unit.model_copy(update={"pin_set": False}) for unit_id, unit in records.items()}
        assert after[tab] == records, tab
    assert sum(outcome.taken.values()) == sum(len(records) for records in before.values()) > 400


def test_the_rebuilt_site_numbers_on_but_nobody_signs_in_until_pins_and_passwords_are_reset(
    synced_demo: Site, tmp_path: Path
) -> None:
    with synced_demo.store.transaction() as tx:
        receipts = sorted(p.receipt_number for p in tx.find(Payment) if p.receipt_number)
    settings: Settings = synced_demo.settings.model_copy(update={"data_dir": tmp_path / "rebuilt"})

    with Site(settings, clock=synced_demo.clock, workbook=synced_demo.workbook) as rebuilt:
        outcome = rebuild_from_workbook(rebuilt.store, rebuilt.workbook, SYNCED_KINDS, rebuilt.clock, "SUNNY")
        first_sync = rebuilt.sync.run_once()
        unit = rebuilt.units.find(*DEMO_UNIT[:2])
        assert unit is not None and not unit.pin_set
        assert rebuilt.credentials.check_pin(unit.id, DEMO_UNIT[2]).outcome is Outcome.NOT_SET
        assert rebuilt.credentials.check_staff("desk", "desk-demo-2026").outcome is not Outcome.OK
        account = rebuilt.fees.payments.account(unit.id)
        paid = rebuilt.fees.payments.start_payment(unit.id, [account.open_charges[0].charge.id], "desk")
        receipt = rebuilt.fees.payments.confirm(paid.id, by="desk").payment.receipt_number

    assert (first_sync.rows_appended, first_sync.rows_restored, first_sync.values_taken) == (0, 0, 0), \
        "the rebuilt store and the workbook agree: no row twice, nothing taken back"
    year, last = receipts[-1].split("-")
    assert receipt == f"{year}-{int(last) + 1:06d}", "no receipt number is given twice"
    said = outcome.summary()
    assert "PINs and staff passwords are not in the workbook" in said
    assert "print journal" in said and "history before the rebuild is gone" in said


def test_a_store_that_still_holds_records_is_not_rebuilt(synced_demo: Site) -> None:
    with pytest.raises(RebuildRefusedError, match="still holds records"):
        rebuild_from_workbook(synced_demo.store, synced_demo.workbook, SYNCED_KINDS, synced_demo.clock, "SUNNY")


def test_lobbydesk_rebuild_from_an_xlsx_workbook_says_plainly_what_did_not_come_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = site_folder(tmp_path / "site")
    with open_site(data) as site:
        seed_demo(site)
        site.sync.run_once()
        records = _all_records(site.store)
    for lost in data.glob("lobbydesk.sqlite3*"):
        lost.unlink()

    assert main(["rebuild", "--from-workbook", "--data", str(data)]) == 0

    said = capsys.readouterr().out
    assert said.startswith("Rebuilt the store from the workbook:")
    assert "What did not come back:" in said and "lobbydesk staff add" in said
    with Site(load_settings(data_dir=data)) as rebuilt:
        assert rebuilt.units.find(*DEMO_UNIT[:2]) is not None
        back = _all_records(rebuilt.store)
    assert {tab: len(rows) for tab, rows in back.items()} == {tab: len(rows) for tab, rows in records.items()}

    assert main(["rebuild", "--from-workbook", "--data", str(data)]) == 2
    assert "nothing was rebuilt" in capsys.readouterr().err
