"""The billing run: one charge per unit, fee and period, prorated move-ins, metered use, never twice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desk.billing import Billing, Period, plan_billing
from desk.clock import FixedClock
from desk.fees import FeeBasis, HeatingSeason
from desk.ids import SequentialIds
from desk.ledger import Charge
from desk.store import Store
from desk.units import Resident, ResidentRole
from tests.desk.fee_stories import HEATING, PARKING, PROPERTY, WATER, put, reading, resident, rule, unit

DECEMBER = Period.parse("2026-12")
SEASON = HeatingSeason.parse("11-15..03-15")


def charges(store: Store) -> list[tuple[str, str, str, Decimal, str]]:
    with store.transaction() as tx:
        found = tx.find(Charge)
    return sorted((c.unit_label, c.fee, c.period, c.amount, c.basis) for c in found)


def test_a_month_bills_each_unit_its_fees_rounded_half_up_per_line(store: Store, clock: FixedClock) -> None:
    put(store, unit(1, area="89.50"), unit(2, building="5", room="301", area="60.10"), PROPERTY, PARKING, WATER,
        reading(1, "SUNNY-U1", "2026-11", "100.0"), reading(2, "SUNNY-U1", "2026-12", "112.3"),
        reading(3, "SUNNY-U2", "2026-11", "40"), reading(4, "SUNNY-U2", "2026-12", "47.5"))

    outcome = Billing(store, clock, SequentialIds("SUNNY")).run(DECEMBER, SEASON)

    assert charges(store) == [
        ("3-1202", "Parking", "2026-12", Decimal("150.00"), "150 a month"),
        ("3-1202", "Property fee", "2026-12", Decimal("210.33"), "89.50 m2 x 2.35"),  # 210.325 -> 210.33
        ("3-1202", "Water", "2026-12", Decimal("42.44"), "12.3 m3 x 3.45"),  # 42.435 -> 42.44
        ("5-301", "Property fee", "2026-12", Decimal("141.24"), "60.10 m2 x 2.35"),  # 141.235 -> 141.24
        ("5-301", "Water", "2026-12", Decimal("25.88"), "7.5 m3 x 3.45"),  # 25.875 -> 25.88
    ]
    assert (len(outcome.added), outcome.already_billed, outcome.plan.problems) == (5, 0, [])
    with store.transaction() as tx:
        water = tx.find(Charge, "json_extract(body, '$.fee') = 'Water'")
    assert {c.collected_for for c in water} == {"City Water Co."}
    assert {c.due for c in water} == {date(2026, 12, 15)}


def test_running_a_period_twice_adds_nothing(store: Store, clock: FixedClock) -> None:
    put(store, unit(1), PROPERTY)
    billing = Billing(store, clock, SequentialIds("SUNNY"))
    billing.run(DECEMBER, SEASON)
    again = billing.run(DECEMBER, SEASON)
    assert (len(again.added), again.already_billed) == (0, 1)
    assert charges(store) == [("3-1202", "Property fee", "2026-12", Decimal("235.00"), "100 m2 x 2.35")]


def test_a_dry_run_says_what_it_would_write_and_writes_nothing(store: Store, clock: FixedClock) -> None:
    put(store, unit(1), PROPERTY)
    outcome = Billing(store, clock, SequentialIds("SUNNY")).run(DECEMBER, SEASON, dry_run=True)
    assert [(p.unit_label, p.rule.fee, p.amount) for p in outcome.added] == [
        ("3-1202", "Property fee", Decimal("235.00"))]
    assert charges(store) == []


def test_a_move_in_mid_month_pays_from_the_move_in_day(store: Store, clock: FixedClock) -> None:
    put(store, unit(1), unit(2, room="1203"), PROPERTY, PARKING.model_copy(update={"units": "3"}),
        resident(1, "SUNNY-U1", date(2026, 12, 16)), resident(2, "SUNNY-U2", date(2027, 1, 3)))
    Billing(store, clock, SequentialIds("SUNNY")).run(DECEMBER, SEASON)
    assert charges(store) == [
        ("3-1202", "Parking", "2026-12", Decimal("77.42"), "150 a month x 16/31 days"),  # 77.419...
        ("3-1202", "Property fee", "2026-12", Decimal("121.29"), "100 m2 x 2.35 x 16/31 days"),  # 121.290...
    ]


def test_heating_is_billed_in_the_month_the_season_starts_only_to_heated_units(store: Store, clock: FixedClock) -> None:
    put(store, unit(1), unit(2, room="1203", heating=False), HEATING)
    billing = Billing(store, clock, SequentialIds("SUNNY"))
    billing.run(DECEMBER, SEASON)
    billing.run(Period.parse("2026-11"), SEASON)
    assert charges(store) == [("3-1202", "Heating", "2026-11", Decimal("2450.00"),
                               "100 m2 x 24.50, season 2026-11-15 to 2027-03-15")]


def test_a_missing_or_negative_reading_makes_no_charge_and_is_listed_in_problems(
    store: Store, clock: FixedClock
) -> None:
    put(store, unit(1), unit(2, room="1203"), unit(3, room="1204"), WATER,
        reading(1, "SUNNY-U1", "2026-11", "100"), reading(2, "SUNNY-U1", "2026-12", "95"),
        reading(3, "3-1203", "2026-11", "10"), reading(4, "3-1203", "2026-12", "12"))

    outcome = Billing(store, clock, SequentialIds("SUNNY")).run(DECEMBER, SEASON)

    assert charges(store) == [("3-1203", "Water", "2026-12", Decimal("6.90"), "2 m3 x 3.45")]  # by label works too
    reasons = [(p.record, p.reason) for p in outcome.plan.problems]
    assert reasons == [
        ("SUNNY-M2", "95 is lower than the 2026-11 reading 100: Water of 3-1202 for 2026-12 not billed"),
        ("3-1204", "no water reading of 3-1204 for 2026-12: Water not billed"),
    ]
    with store.transaction() as tx:
        listed = [(p.tab, p.record, p.reason) for p in tx.sync_problems()]
    assert listed == [("MeterReadings", record, reason) for record, reason in reasons]


def test_an_inactive_rule_bills_nothing_and_the_plan_is_pure() -> None:
    idle = rule(9, "Old fee", FeeBasis.FIXED_MONTHLY, "10", active=False)
    plan = plan_billing(DECEMBER, [unit(1)], [idle, PROPERTY], [], {}, None)
    assert [(c.key, c.amount) for c in plan.charges] == [("SUNNY-U1|SUNNY-K1|2026-12", Decimal("235.00"))]


def seller(unit_id: str, moved_out: date) -> Resident:
    return Resident(id="SUNNY-P1", name="张三明", unit=unit_id, move_in=date(2019, 5, 1), moved_out=moved_out)


def buyer(unit_id: str, move_in: date) -> Resident:
    return Resident(id="SUNNY-P2", name="李秀英", unit=unit_id, move_in=move_in)


def test_a_sale_mid_month_bills_the_seller_to_the_move_out_and_the_buyer_from_the_move_in(
    store: Store, clock: FixedClock
) -> None:
    put(store, unit(1, area="79.65"), PROPERTY, PARKING,
        seller("SUNNY-U1", date(2026, 12, 15)), buyer("SUNNY-U1", date(2026, 12, 16)))

    Billing(store, clock, SequentialIds("SUNNY")).run(DECEMBER, SEASON)

    assert charges(store) == [
        ("3-1202", "Parking", "2026-12", Decimal("72.58"), "150 a month x 15/31 days to 2026-12-15, 张三明 moved out"),
        ("3-1202", "Parking", "2026-12", Decimal("77.42"), "150 a month x 16/31 days"),
        ("3-1202", "Property fee", "2026-12", Decimal("90.57"),  # 187.1775 x 15/31 = 90.5698...
         "79.65 m2 x 2.35 x 15/31 days to 2026-12-15, 张三明 moved out"),
        ("3-1202", "Property fee", "2026-12", Decimal("96.61"), "79.65 m2 x 2.35 x 16/31 days"),  # 96.6077...
    ]


def test_after_a_move_out_with_no_buyer_yet_the_rest_of_the_month_is_the_units(store: Store, clock: FixedClock) -> None:
    put(store, unit(1), PROPERTY, seller("SUNNY-U1", date(2026, 12, 15)))
    Billing(store, clock, SequentialIds("SUNNY")).run(DECEMBER, SEASON)
    assert [(amount, basis) for _, _, _, amount, basis in charges(store)] == [
        (Decimal("113.71"), "100 m2 x 2.35 x 15/31 days to 2026-12-15, 张三明 moved out"),  # 113.709...
        (Decimal("121.29"), "100 m2 x 2.35 x 16/31 days"),  # 121.290...
    ]


def test_a_month_billed_whole_before_the_sale_was_typed_is_not_billed_again(store: Store, clock: FixedClock) -> None:
    put(store, unit(1), PROPERTY, Resident(id="SUNNY-P1", name="张三明", unit="SUNNY-U1", move_in=date(2019, 5, 1)))
    billing = Billing(store, clock, SequentialIds("SUNNY"))
    billing.run(DECEMBER, SEASON)
    put(store, seller("SUNNY-U1", date(2026, 12, 15)), buyer("SUNNY-U1", date(2026, 12, 16)))

    again = billing.run(DECEMBER, SEASON)

    assert (again.added, again.already_billed) == ([], 2)
    assert charges(store) == [("3-1202", "Property fee", "2026-12", Decimal("235.00"), "100 m2 x 2.35")]


def test_a_tenant_moving_out_mid_month_splits_nothing(store: Store, clock: FixedClock) -> None:
    tenant = Resident(id="SUNNY-P3", name="马丽", unit="SUNNY-U1", role=ResidentRole.TENANT,
                      move_in=date(2023, 3, 1), moved_out=date(2026, 12, 10))
    put(store, unit(1), PROPERTY, tenant,
        Resident(id="SUNNY-P1", name="张三明", unit="SUNNY-U1", move_in=date(2019, 5, 1)))
    Billing(store, clock, SequentialIds("SUNNY")).run(DECEMBER, SEASON)
    assert charges(store) == [("3-1202", "Property fee", "2026-12", Decimal("235.00"), "100 m2 x 2.35")]


def test_heating_is_split_by_days_of_the_season_at_a_sale_in_the_month_it_starts(
    store: Store, clock: FixedClock
) -> None:
    put(store, unit(1), HEATING, seller("SUNNY-U1", date(2026, 11, 20)), buyer("SUNNY-U1", date(2026, 11, 21)))
    Billing(store, clock, SequentialIds("SUNNY")).run(Period.parse("2026-11"), SEASON)
    assert [(amount, basis) for _, _, _, amount, basis in charges(store)] == [
        (Decimal("121.49"), "100 m2 x 24.50 x 6/121 days to 2026-11-20, 张三明 moved out"),  # 121.487...
        (Decimal("2328.51"), "100 m2 x 24.50 x 115/121 days"),  # 2328.512...
    ]


def test_a_resident_stored_with_the_units_label_still_counts_for_the_unit(store: Store, clock: FixedClock) -> None:
    put(store, unit(1), PROPERTY, resident(1, "3-1202", date(2026, 12, 16)))  # typed before unit columns were read
    Billing(store, clock, SequentialIds("SUNNY")).run(DECEMBER, SEASON)
    assert charges(store) == [("3-1202", "Property fee", "2026-12", Decimal("121.29"), "100 m2 x 2.35 x 16/31 days")]
