"""Staff confirm payments in the console with one click; managers bill a period after a dry run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from nicegui.testing.user import User

from desk.credentials import StaffRole
from desk.fees import FeeBasis, FeeRule
from desk.ledger import Charge, EntryKind, Payment, PaymentStatus
from desk.payment_undo import undo_confirmation
from desk.payments import PaymentError
from desk.queue import Service
from lobbydesk.site import Site
from tests.admin.test_console_and_display import _log_in
from tests.fakes import label_texts


def _charge(site: Site, charge_id: str, amount: str, due: date) -> None:
    now = site.clock.now()
    with site.store.transaction() as tx:
        tx.put(Charge(id=charge_id, unit="SUNNY-U1", unit_label="3-1202", fee="Property fee", period=f"{due:%Y-%m}",
                      amount=Decimal(amount), due=due, created_at=now), actor="billing", at=now)


async def open_payments_with_one_pending(new_browser: Callable[[], User], site: Site) -> tuple[User, Payment]:
    """A unit's 210.33 waiting for confirmation, and a clerk's browser on the payments page."""
    _charge(site, "SUNNY-C1", "210.33", date(2026, 11, 15))
    payment = site.fees.payments.start_payment("SUNNY-U1", ["SUNNY-C1"], "emvco")
    staff = new_browser()
    await _log_in(staff)
    await staff.open("/staff/payments")
    await staff.should_see(marker=f"confirm-{payment.id}")
    return staff, payment


async def test_a_clerk_confirms_a_pending_payment_with_one_click(
    new_browser: Callable[[], User], community: Site
) -> None:
    staff, payment = await open_payments_with_one_pending(new_browser, community)
    await staff.should_see(marker=f"pending-{payment.id}")
    await staff.should_see("Waive or refund")
    await staff.should_see(marker="adjust-manager-only")  # a desk clerk does not record waivers

    staff.find(marker=f"confirm-{payment.id}").click()
    await staff.should_see(marker="confirm-dialog")
    assert label_texts(staff, "confirm-amount") == ["¥210.33"]
    assert label_texts(staff, "confirm-reference") == [f"Reference 付款参考号: {payment.id}"]
    assert label_texts(staff, "confirm-charge") == ["Property fee 2026-11: ¥210.33"]
    assert community.fees.payments.payment(payment.id).status is PaymentStatus.PENDING  # type: ignore[union-attr]
    staff.find(marker="confirm-yes").click()
    await staff.should_see(marker="payments-none", retries=30)
    confirmed = community.fees.payments.payment(payment.id)
    assert confirmed is not None
    assert (confirmed.status, confirmed.receipt_number, confirmed.confirmed_by) == (
        PaymentStatus.CONFIRMED, "2026-000001", "wang")


async def test_a_manager_records_a_waiver_as_a_new_row(new_browser: Callable[[], User], community: Site) -> None:
    community.credentials.add_staff("li", StaffRole.MANAGER, "manager-password")
    _charge(community, "SUNNY-C1", "210.33", date(2026, 11, 15))
    staff = new_browser()
    await _log_in(staff, "li", "manager-password")
    await staff.open("/staff/payments")
    await staff.should_see(marker="adjust-record")
    staff.find(marker="adjust-target").type("SUNNY-C1")
    staff.find(marker="adjust-amount").type("10.33")
    staff.find(marker="adjust-note").type("hardship")
    staff.find(marker="adjust-record").click()
    await staff.should_see("Recorded: waiver of ¥10.33 on SUNNY-C1", retries=30)
    with community.store.transaction() as tx:
        rows = [(c.kind, c.amount, c.refers_to, c.note) for c in tx.find(Charge)]
    assert rows == [(EntryKind.CHARGE, Decimal("210.33"), "", ""),
                    (EntryKind.WAIVER, Decimal("10.33"), "SUNNY-C1", "hardship")]
    assert community.fees.payments.account("SUNNY-U1").balance == Decimal("200.00")


async def test_a_manager_sees_the_dry_run_table_then_bills(new_browser: Callable[[], User], community: Site) -> None:
    community.credentials.add_staff("li", StaffRole.MANAGER, "manager-password")
    now = community.clock.now()
    with community.store.transaction() as tx:
        tx.put(FeeRule(id="SUNNY-K1", fee="Property fee", basis=FeeBasis.PER_M2_MONTH, rate=Decimal("2.35")),
               actor="staff", at=now)
    staff = new_browser()
    await _log_in(staff, "li", "manager-password")
    await staff.open("/staff/billing")
    await staff.should_see(marker="billing-period")
    staff.find(marker="billing-dry-run").click()
    await staff.should_see("2026-12: would add 1 charges, ¥210.33; 0 already billed; 0 problems", retries=30)
    with community.store.transaction() as tx:
        assert tx.find(Charge) == []
    staff.find(marker="billing-run").click()
    await staff.should_see("2026-12: added 1 charges, ¥210.33; 0 already billed; 0 problems", retries=30)
    staff.find(marker="billing-run").click()
    await staff.should_see("2026-12: added 0 charges, ¥0.00; 1 already billed; 0 problems", retries=30)


async def test_the_called_owners_balance_is_a_unit_fact(new_browser: Callable[[], User], community: Site) -> None:
    _charge(community, "SUNNY-C1", "210.33", date(2026, 11, 15))
    _charge(community, "SUNNY-C2", "210.33", date(2026, 12, 15))
    community.queue.take_number(Service.PAYMENT, unit="SUNNY-U1", print_ticket=False)
    staff = new_browser()
    await _log_in(staff)
    staff.find(marker="call-next").click()
    await staff.should_see(marker="unit-context")
    assert "Balance due 应缴: ¥420.66 · overdue 逾期 ¥210.33" in label_texts(staff, "unit-fact")


async def test_a_confirmation_is_undone_within_a_minute_by_a_reversal_row(
    new_browser: Callable[[], User], community: Site
) -> None:
    staff, payment = await open_payments_with_one_pending(new_browser, community)
    staff.find(marker=f"confirm-{payment.id}").click()
    await staff.should_see(marker="confirm-yes")
    staff.find(marker="confirm-yes").click()
    await staff.should_see(marker=f"undo-button-{payment.id}", retries=30)
    assert community.fees.payments.account("SUNNY-U1").balance == Decimal("0.00")

    community.clock.advance(seconds=40)  # type: ignore[attr-defined]
    staff.find(marker=f"undo-button-{payment.id}").click()
    await staff.should_see("Undone: a reversal row was added 已撤销（已记一笔冲正）", retries=30)
    confirmed = community.fees.payments.payment(payment.id)
    assert confirmed is not None and confirmed.status is PaymentStatus.CONFIRMED, "the payment row is not edited"
    with community.store.transaction() as tx:
        reversals = [(c.kind, c.amount, c.refers_to) for c in tx.find(Charge) if c.refers_to == payment.id]
    assert reversals == [(EntryKind.REFUND, Decimal("210.33"), payment.id)]
    assert community.fees.payments.account("SUNNY-U1").balance == Decimal("210.33")


async def test_the_undo_offer_ends_after_a_minute(new_browser: Callable[[], User], community: Site) -> None:
    _charge(community, "SUNNY-C1", "210.33", date(2026, 11, 15))
    payment = community.fees.payments.start_payment("SUNNY-U1", ["SUNNY-C1"], "emvco")
    community.fees.payments.confirm(payment.id, by="wang")
    community.clock.advance(seconds=61)  # type: ignore[attr-defined]
    with pytest.raises(PaymentError, match="more than a minute ago"):
        undo_confirmation(community.fees.payments, payment.id, by="wang")
