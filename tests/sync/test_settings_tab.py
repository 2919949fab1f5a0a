"""The Settings tab: staff tune the community's name, hours and services without a restart."""

from __future__ import annotations

import re

import pytest

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.queue import QueueTicket, Service
from desk.site_settings import SETTING_KEYS, SiteSettings, current_site_settings
from desk.store import Store
from sync.engine import SyncEngine
from sync.memory import MemoryWorkbook

DEFAULTS = SiteSettings(community_name="阳光花园 Sunny Garden")


@pytest.fixture
def engine(store: Store, sheet: MemoryWorkbook, clock: FixedClock) -> SyncEngine:
    return SyncEngine(store, sheet, (QueueTicket,), clock, ids=SequentialIds("SUNNY"), site_defaults=DEFAULTS)


def settings_now(store: Store) -> SiteSettings:
    with store.transaction() as tx:
        return current_site_settings(tx, SiteSettings(community_name="not read yet"))


def type_setting(sheet: MemoryWorkbook, key: str, value: str) -> None:
    sheet.type_at("Settings", sheet.find_row("Settings", "Key", key), "Value", value)


def test_the_first_cycle_lays_out_every_key_with_its_value_and_meaning(
    sheet: MemoryWorkbook, engine: SyncEngine, store: Store
) -> None:
    engine.run_once()

    rows = sheet.rows_by_header("Settings")
    assert sheet.tab("Settings")[0] == ["Key", "Value", "Meaning", "Site"]
    assert [(row["Key"], row["Value"]) for row in rows] == [
        ("community_name", "阳光花园 Sunny Garden"),
        ("opening_hours", None),
        ("services", "inquiry=A, complaint=B, payment=C, repair=D, move-in=E, other=F"),
        ("counters", None),
        ("usual_minutes", None),
        ("primary_site", None),
        ("duty_phone", None),
        ("parcel_overdue_days", "7"),
        ("heating_season", "11-15..03-15"),
        ("payment_scheme", "off"),
        ("payment_payee", None),
        ("payment_city", None),
        ("payment_country", "CN"),
        ("payment_currency", "156"),
        ("payment_merchant", None),
        ("payment_url", None),
    ]
    assert all(row["Meaning"] for row in rows)
    assert settings_now(store) == DEFAULTS


def test_staff_rename_the_community_and_change_hours_and_services(
    sheet: MemoryWorkbook, engine: SyncEngine, store: Store
) -> None:
    engine.run_once()
    type_setting(sheet, "community_name", "  阳光花园 (East Gate) ")
    type_setting(sheet, "opening_hours", "08:00-12:00，13:30-18:00")
    type_setting(sheet, "services", "repair=R, inquiry=A")

    report = engine.run_once()

    now = settings_now(store)
    assert now.community_name == "阳光花园 (East Gate)"
    assert now.opening_hours == (("08:00", "12:00"), ("13:30", "18:00"))
    assert now.services == ((Service.REPAIR, "R"), (Service.INQUIRY, "A"))
    assert now.letter_of(Service.PAYMENT) is None
    assert "took the setting(s) community_name, opening_hours, services" in report.summary()


def test_staff_say_which_counters_serve_what_and_how_long_it_usually_takes(
    sheet: MemoryWorkbook, engine: SyncEngine, store: Store
) -> None:
    engine.run_once()
    type_setting(sheet, "counters", "inquiry=1 2，payment=3/4; repair=B2")
    type_setting(sheet, "usual_minutes", "payment=2.5, inquiry=8")

    engine.run_once()

    configs = settings_now(store).service_configs()
    assert configs[Service.INQUIRY].counters == ("1", "2")
    assert configs[Service.PAYMENT].counters == ("3", "4")
    assert configs[Service.REPAIR].counters == ("B2",)
    assert configs[Service.COMPLAINT].counters == ("1", "2")  # not named: the default
    assert (configs[Service.PAYMENT].usual_minutes, configs[Service.INQUIRY].usual_minutes) == (2.5, 8.0)
    assert configs[Service.REPAIR].usual_minutes == 5.0
    values = {row["Key"]: row["Value"] for row in sheet.rows_by_header("Settings")}
    assert values["counters"] == "inquiry=1 2，payment=3/4; repair=B2"  # what staff typed stays as typed
    assert settings_now(store).text_of(next(k for k in SETTING_KEYS if k.key == "counters")) == (
        "inquiry=1 2, payment=3 4, repair=B2")


@pytest.mark.parametrize(
    ("key", "typed", "why"),
    [
        ("services", "inquiry=A, repair=A", "two services share a letter; each needs its own"),
        ("services", "laundry=L", "'laundry=L' is not a service with its letter, like inquiry=A"),
        ("opening_hours", "9 to 5", "'9 to 5' is not a time range like 08:00-18:00"),
        ("community_name", "", "it is empty but needs a value"),
        ("primary_site", "sunny garden", "'SUNNY GARDEN' is not a site code (2-8 capital letters or digits)"),
        ("counters", "inquiry=1 2, inquiry=3", "inquiry is listed twice"),
        ("counters", "payment=", "counters of payment must be numbers or short names, like inquiry=1 2"),
        ("counters", "laundry=4", "'laundry=4' is not a service with its value, like inquiry=1 2"),
        ("usual_minutes", "payment=three", "the usual minutes of payment must be a number, like inquiry=5"),
        ("usual_minutes", "inquiry=0", "the usual minutes of inquiry must be between 0 and 240"),
    ],
)
def test_a_value_that_does_not_make_sense_is_not_taken_and_problems_says_why(
    sheet: MemoryWorkbook, engine: SyncEngine, store: Store, key: str, typed: str, why: str
) -> None:
    engine.run_once()
    before = settings_now(store)
    type_setting(sheet, key, typed)

    engine.run_once()

    assert settings_now(store) == before
    listed = [(row["Tab"], row["ID"], row["Column"], row["Why"]) for row in sheet.rows_by_header("Problems")]
    assert len(listed) == 1
    assert listed[0][:3] == ("Settings", key, "Value")
    assert str(listed[0][3]).startswith(why + "; lobbydesk keeps using ")


def test_an_unknown_key_is_pointed_out(sheet: MemoryWorkbook, engine: SyncEngine) -> None:
    engine.run_once()
    sheet.add_row("Settings", {"Key": "comunity name", "Value": "Typo Gardens"})

    engine.run_once()

    assert [(row["ID"], row["Why"]) for row in sheet.rows_by_header("Problems")] == [
        ("comunity_name", "lobbydesk does not know this key; it reads: "
         "community_name, opening_hours, services, counters, usual_minutes, primary_site, duty_phone, "
         "parcel_overdue_days, heating_season, payment_scheme, payment_payee, payment_city, payment_country, "
         "payment_currency, payment_merchant, "
         "payment_url"),
    ]


def test_a_key_staff_deleted_is_laid_out_again_with_the_value_in_use(
    sheet: MemoryWorkbook, engine: SyncEngine
) -> None:
    engine.run_once()
    type_setting(sheet, "community_name", "Sunny Garden Phase II")
    engine.run_once()
    sheet.delete_row("Settings", sheet.find_row("Settings", "Key", "community_name"))

    engine.run_once()

    row = sheet.find_row("Settings", "Key", "community_name")
    assert sheet.rows_by_header("Settings")[row - 1]["Value"] == "Sunny Garden Phase II"


def test_no_setting_is_a_secret() -> None:
    secretive = re.compile(r"secret|password|passwd|token|credential|account|api_key|pin", re.IGNORECASE)
    assert [key.key for key in SETTING_KEYS if secretive.search(key.key)] == []
    assert set(SiteSettings.model_fields) == {key.field for key in SETTING_KEYS}
