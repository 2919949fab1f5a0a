"""The Settings tab's fee keys: the heating season and the payee, read and checked like every key."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from desk.fees import HeatingSeason
from desk.payment_qr import PayeeDetails
from desk.site_settings import SETTING_KEYS, SiteSettings

BASE = SiteSettings(community_name="Sunny Garden")


def with_values(**values: str) -> SiteSettings:
    return SiteSettings.model_validate({**BASE.model_dump(), **values})


def test_the_heating_season_may_run_over_the_new_year_and_is_written_back_tidily() -> None:
    settings = with_values(heating_season=" 11-15 至 03-15 ")
    assert settings.heating_season == "11-15..03-15"
    season = settings.season()
    assert season == HeatingSeason((11, 15), (3, 15))
    assert season is not None and [str(day) for day in season.starting_in(2026, 11) or ()] == [
        "2026-11-15", "2027-03-15"]
    assert season.starting_in(2026, 12) is None
    assert with_values(heating_season="").season() is None


@pytest.mark.parametrize(
    ("key", "value", "why"),
    [
        ("heating_season", "11-31..03-15", "day is out of range for month"),
        ("heating_season", "winter", "'winter' is not a season like 11-15..03-15"),
        ("payment_scheme", "paypal", "'paypal' is not one of: emvco, epc, url, off"),
        ("payment_country", "China", "'CHINA' is not a two-letter country code such as CN"),
        ("payment_currency", "CNY", "'CNY' is not a currency number such as 156 (yuan) or 978 (euro)"),
    ],
)
def test_a_value_that_cannot_be_used_says_why(key: str, value: str, why: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(why)):
        with_values(**{key: value})


def test_the_payee_is_made_from_the_keys_of_the_chosen_scheme() -> None:
    emvco = with_values(payment_scheme="EMVCo", payment_payee="Sunny PM", payment_city="Beijing",
                        payment_merchant="29 A000000677010111 01=0066812345678")
    assert emvco.payee() == PayeeDetails(scheme="emvco", name="Sunny PM", city="Beijing", country="CN",
                                         currency="156", account="29 A000000677010111 01=0066812345678")
    epc = with_values(payment_scheme="epc", payment_payee="Sunny", payment_currency="978",
                      payment_merchant="DE89370400440532013000 COBADEFFXXX")
    assert (epc.payee().account, epc.payee().bic) == ("DE89370400440532013000", "COBADEFFXXX")
    assert epc.payee().problems() == []


def test_every_fee_key_is_a_row_of_the_settings_tab() -> None:
    keys = [key.key for key in SETTING_KEYS]
    assert keys[-8:] == ["heating_season", "payment_scheme", "payment_payee", "payment_city", "payment_country",
                         "payment_currency", "payment_merchant", "payment_url"]
