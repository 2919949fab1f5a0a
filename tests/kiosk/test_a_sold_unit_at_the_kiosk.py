"""3-1202 is sold mid-season: the buyer, signed in at the kiosk, sees and pays only her own share.

张三明 owned the flat (89.50 m2) until 20 November 2026, his last day; 李秀英 moved in on the 21st. He
left September paid and October unpaid. November is split by the billing: the property fee 20/30 to
him and 10/30 to her, the heating season (15 November to 15 March, 121 days) 6 days to him and 115 to
her. His charges, his payment and his arrears stay on the unit for staff to collect; she never sees
them, and the kiosk does not take her money for them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from nicegui.testing.user import User

from desk.arrears import ArrearsRow
from desk.billing import Period
from desk.fees import FeeBasis, FeeRule, HeatingSeason
from desk.ledger import Charge, Payment
from desk.payments import PaymentError
from desk.queue import Service
from desk.units import Resident
from lobbydesk.site import Site
from tests.admin.test_console_and_display import _log_in
from tests.fakes import label_texts
from tests.kiosk.repair_stories import staff_type_settings
from tests.kiosk.test_pay_fees import PAYEE, open_pay_fees

SEASON = HeatingSeason.parse("11-15..03-15")


def charge_of(site: Site, fee: str, period: str, *, sellers: bool = False) -> Charge:
    """The one charge of a fee and period: the sellers' part of the month, or the rest."""
    with site.store.transaction() as tx:
        found = [c for c in tx.find(Charge)
                 if (c.fee, c.period, c.key.endswith("|moved out")) == (fee, period, sellers)]
    assert len(found) == 1, found
    return found[0]


def payments_of(site: Site) -> list[Payment]:
    with site.store.transaction() as tx:
        return tx.find(Payment)


@pytest.fixture
def sold(community: Site) -> Site:
    """3-1202 billed for September and October under 张三明 (September paid), then sold, then November billed."""
    now = community.clock.now()
    with community.store.transaction() as tx:
        tx.put(FeeRule(id="SUNNY-K1", fee="Property fee", basis=FeeBasis.PER_M2_MONTH, rate=Decimal("2.35"),
                       due_day=28), actor="staff", at=now)
        tx.put(FeeRule(id="SUNNY-K2", fee="Heating", basis=FeeBasis.PER_M2_SEASON, rate=Decimal("24.50"),
                       due_day=28), actor="staff", at=now)
    billing, payments = community.fees.billing, community.fees.payments
    billing.run(Period.parse("2026-09"), SEASON)
    billing.run(Period.parse("2026-10"), SEASON)
    september = payments.start_payment("SUNNY-U1", [charge_of(community, "Property fee", "2026-09").id], "emvco")
    payments.confirm(september.id, by="wang")
    with community.store.transaction() as tx:
        seller = tx.get(Resident, "SUNNY-P1")
        assert seller is not None
        tx.put(seller.model_copy(update={"moved_out": date(2026, 11, 20)}), actor="staff", at=now)
        tx.put(Resident(id="SUNNY-P2", name="李秀英", unit="SUNNY-U1", move_in=date(2026, 11, 21)),
               actor="staff", at=now)
    billing.run(Period.parse("2026-11"), SEASON)
    return community


def test_the_billing_split_november_between_the_seller_and_the_buyer(sold: Site) -> None:
    """What the story stands on: the seller's parts of the month of the sale, and the buyer's."""
    assert charge_of(sold, "Property fee", "2026-11", sellers=True).amount == Decimal("140.22")  # 210.325 x 20/30
    assert charge_of(sold, "Property fee", "2026-11").amount == Decimal("70.11")  # 210.325 x 10/30
    assert charge_of(sold, "Heating", "2026-11", sellers=True).amount == Decimal("108.73")  # 2192.75 x 6/121
    assert charge_of(sold, "Heating", "2026-11").amount == Decimal("2084.02")  # 2192.75 x 115/121


async def test_the_buyer_sees_and_pays_only_her_share(owner: User, sold: Site) -> None:
    await staff_type_settings(sold, **PAYEE)
    his = [charge_of(sold, "Property fee", "2026-10"), charge_of(sold, "Property fee", "2026-11", sellers=True),
           charge_of(sold, "Heating", "2026-11", sellers=True)]
    hers = [charge_of(sold, "Property fee", "2026-11"), charge_of(sold, "Heating", "2026-11")]

    await open_pay_fees(owner)

    assert label_texts(owner, "pay-due") == ["To pay: ¥2,154.13"]  # 70.11 + 2084.02, none of his 459.28
    await owner.should_not_see(marker="pay-overdue")  # his October is past due: none of her business
    await owner.should_not_see(marker="pay-paid-this-month")  # he paid September this month; she paid nothing
    for charge in his:
        await owner.should_not_see(marker=f"pay-charge-{charge.id}")
    for charge in hers:
        await owner.should_see(marker=f"pay-charge-{charge.id}")
    assert label_texts(owner, "pay-total") == ["Total ¥2,154.13"]

    owner.find(marker="pay-start").click()
    await owner.should_see(marker="pay-qr")

    [started] = [p for p in payments_of(sold) if not p.receipt_number]
    assert (started.amount, sorted(started.charge_ids)) == (Decimal("2154.13"), sorted(c.id for c in hers))


async def test_the_buyer_does_not_see_what_the_seller_paid(owner: User, sold: Site) -> None:
    await open_pay_fees(owner)

    owner.find(marker="pay-history").click()

    await owner.should_see(marker="pay-history-none")  # his September payment is his
    [his_payment] = payments_of(sold)
    await owner.should_not_see(marker=f"pay-history-{his_payment.id}")


def test_the_kiosk_does_not_take_the_buyers_money_for_the_sellers_charges(sold: Site) -> None:
    october = charge_of(sold, "Property fee", "2026-10")
    his_heating = charge_of(sold, "Heating", "2026-11", sellers=True)

    for charge in (october, his_heating):
        with pytest.raises(PaymentError, match="earlier owner"):
            sold.fees.payments.start_payment("SUNNY-U1", [charge.id], "emvco")

    assert [p.receipt_number for p in payments_of(sold)] == ["2026-000001"]  # his September, nothing new


async def test_staff_still_see_the_sellers_charges_as_owed(new_browser: Callable[[], User], sold: Site) -> None:
    october = charge_of(sold, "Property fee", "2026-10")
    his_november = [charge_of(sold, "Property fee", "2026-11", sellers=True),
                    charge_of(sold, "Heating", "2026-11", sellers=True)]

    unit = sold.fees.payments.account("SUNNY-U1")

    assert {item.charge.id for item in unit.open_charges} >= {october.id, *(c.id for c in his_november)}
    assert unit.balance == Decimal("2613.41")  # his 459.28 and her 2154.13
    assert sold.fees.payments.earlier_owners_due("SUNNY-U1") == Decimal("459.28")
    sold.fees.arrears.refresh()
    with sold.store.transaction() as tx:
        [building_3] = tx.find(ArrearsRow)
    assert (building_3.building, building_3.units, building_3.days_1_30) == ("3", 1, Decimal("210.33"))

    sold.queue.take_number(Service.PAYMENT, unit="SUNNY-U1", print_ticket=False)
    staff = new_browser()
    await _log_in(staff)
    staff.find(marker="call-next").click()
    await staff.should_see(marker="unit-context")
    assert ("Balance due 应缴: ¥2,613.41 · overdue 逾期 ¥210.33 · earlier owners owe 前业主欠费 ¥459.28"
            in label_texts(staff, "unit-fact"))
