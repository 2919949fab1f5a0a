"""Whose a sold unit's books are: the buyers' from the day after the sellers' last day, the rest the sellers'."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from desk.ledger import Charge, EntryKind, Payment, PaymentStatus
from desk.occupancy import owners_since
from desk.owners_books import owners_books
from desk.units import Resident, ResidentRole

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 27)
HER_FIRST_DAY = date(2026, 11, 21)


def person(name: str, *, role: ResidentRole = ResidentRole.OWNER, move_in: date | None = None,
           moved_out: date | None = None) -> Resident:
    return Resident(id=f"SUNNY-P-{name}", name=name, unit="SUNNY-U1", role=role, move_in=move_in, moved_out=moved_out)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=SHANGHAI)


def charge(charge_id: str, period: str, *, key: str = "", kind: EntryKind = EntryKind.CHARGE, refers_to: str = "",
           made: date = TODAY) -> Charge:
    return Charge(id=charge_id, unit="SUNNY-U1", kind=kind, fee="Property fee", period=period,
                  amount=Decimal("100.00"), key=key, refers_to=refers_to, created_at=at(made))


def payment(payment_id: str, *charge_ids: str, made: date = TODAY) -> Payment:
    return Payment(id=payment_id, unit="SUNNY-U1", amount=Decimal("100.00"), charges=" ".join(charge_ids),
                   created_at=at(made), status=PaymentStatus.CONFIRMED)


def test_a_unit_never_sold_is_all_its_owners() -> None:
    assert owners_since([person("张三明", move_in=date(2019, 5, 1))], TODAY) is None
    assert owners_since([], TODAY) is None


def test_after_a_sale_the_unit_is_the_buyers_from_the_day_after_the_sellers_last_day() -> None:
    residents = [person("张三明", move_in=date(2019, 5, 1), moved_out=date(2026, 11, 20)),
                 person("李秀英", move_in=date(2026, 11, 21))]
    assert owners_since(residents, TODAY) == HER_FIRST_DAY


def test_a_buyer_with_no_move_in_on_record_still_starts_after_the_sellers_last_day() -> None:
    residents = [person("张三明", moved_out=date(2026, 11, 20)), person("李秀英")]
    assert owners_since(residents, TODAY) == HER_FIRST_DAY


def test_of_two_sales_the_later_one_counts() -> None:
    residents = [person("王五", move_in=date(2015, 1, 1), moved_out=date(2019, 4, 30)),
                 person("张三明", move_in=date(2019, 5, 1), moved_out=date(2026, 11, 20)),
                 person("李秀英", move_in=date(2026, 11, 21))]
    assert owners_since(residents, TODAY) == HER_FIRST_DAY


def test_a_move_out_typed_ahead_leaves_the_unit_the_sellers_until_their_last_day_is_over() -> None:
    residents = [person("张三明", move_in=date(2019, 5, 1), moved_out=date(2026, 11, 30)),
                 person("李秀英", move_in=date(2026, 12, 1))]
    assert owners_since(residents, TODAY) is None
    assert owners_since(residents, date(2026, 11, 30)) is None, "his last day is still his"
    assert owners_since(residents, date(2026, 12, 1)) == date(2026, 12, 1)


def test_a_co_owner_leaving_while_the_other_stays_and_a_tenant_leaving_are_no_sale() -> None:
    co_owners = [person("张三明", move_in=date(2019, 5, 1), moved_out=date(2026, 11, 20)),
                 person("王丽", move_in=date(2019, 5, 1))]
    tenant = [person("张三明", move_in=date(2019, 5, 1)),
              person("马丽", role=ResidentRole.TENANT, move_in=date(2023, 3, 1), moved_out=date(2026, 11, 20))]
    assert owners_since(co_owners, TODAY) is None
    assert owners_since(tenant, TODAY) is None


def test_a_buyer_typed_as_moving_in_before_the_sellers_last_day_is_still_a_buyer() -> None:
    overlapping = [person("张三明", move_in=date(2019, 5, 1), moved_out=date(2026, 11, 20)),
                   person("李秀英", move_in=date(2026, 11, 15))]
    seller_since_unknown = [person("张三明", moved_out=date(2026, 11, 20)), person("王丽", move_in=date(2019, 5, 1))]
    assert owners_since(overlapping, TODAY) == HER_FIRST_DAY
    assert owners_since(seller_since_unknown, TODAY) == HER_FIRST_DAY, "not known to be a co-owner: the safe side"


def test_the_buyer_has_her_part_of_the_month_of_the_sale_and_the_months_after_and_nothing_before() -> None:
    entries = [charge("SUNNY-C1", "2026-10", key="U1|K1|2026-10"),
               charge("SUNNY-C2", "2026-11", key="U1|K1|2026-11|moved out"),
               charge("SUNNY-C3", "2026-11", key="U1|K1|2026-11"),
               charge("SUNNY-C4", "2026-12", key="U1|K1|2026-12")]

    hers = owners_books(entries, [], HER_FIRST_DAY, SHANGHAI)

    assert [e.id for e in hers.entries] == ["SUNNY-C3", "SUNNY-C4"]


def test_a_month_billed_whole_before_the_sale_was_typed_is_the_buyers_as_the_billing_left_it() -> None:
    whole_november = charge("SUNNY-C1", "2026-11", key="U1|K1|2026-11", made=date(2026, 11, 1))
    assert owners_books([whole_november], [], HER_FIRST_DAY, SHANGHAI).entries == [whole_november]


def test_waivers_follow_their_charge_late_fees_and_refunds_their_payment() -> None:
    his, hers = charge("SUNNY-C1", "2026-10"), charge("SUNNY-C2", "2026-12")
    his_payment, her_payment = payment("SUNNY-Y1", "SUNNY-C1"), payment("SUNNY-Y2", "SUNNY-C2")
    entries = [his, hers,
               charge("SUNNY-C3", "", kind=EntryKind.WAIVER, refers_to="SUNNY-C1"),
               charge("SUNNY-C4", "", kind=EntryKind.WAIVER, refers_to="SUNNY-C2"),
               charge("SUNNY-C5", "", kind=EntryKind.LATE_FEE, refers_to="SUNNY-Y1"),
               charge("SUNNY-C6", "", kind=EntryKind.LATE_FEE, refers_to="SUNNY-Y2"),
               charge("SUNNY-C7", "", kind=EntryKind.REFUND, refers_to="SUNNY-Y1", made=date(2026, 11, 26))]

    books = owners_books(entries, [his_payment, her_payment], HER_FIRST_DAY, SHANGHAI)

    assert [e.id for e in books.entries] == ["SUNNY-C2", "SUNNY-C4", "SUNNY-C6"]
    assert books.payments == [her_payment]  # his was made after her first day, and is still his


def test_a_payment_that_paid_her_charge_and_his_is_hers_and_a_row_naming_nothing_known_goes_by_its_day() -> None:
    his, hers = charge("SUNNY-C1", "2026-10"), charge("SUNNY-C2", "2026-12")
    both = payment("SUNNY-Y1", "SUNNY-C1", "SUNNY-C2")  # started at the kiosk before buyers only saw their own
    orphan_before = payment("SUNNY-Y2", "SUNNY-C9", made=date(2026, 11, 20))
    orphan_after = payment("SUNNY-Y3", made=date(2026, 11, 21))
    by_hand = [charge("SUNNY-C3", "", made=date(2026, 11, 20)), charge("SUNNY-C4", "", made=date(2026, 11, 21))]

    books = owners_books([his, hers, *by_hand], [both, orphan_before, orphan_after], HER_FIRST_DAY, SHANGHAI)

    assert [p.id for p in books.payments] == ["SUNNY-Y1", "SUNNY-Y3"]
    assert [e.id for e in books.entries] == ["SUNNY-C2", "SUNNY-C4"]
