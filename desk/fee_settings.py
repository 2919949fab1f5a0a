"""The Settings-tab keys of fees and payments: the heating season and who is paid, by which QR scheme.

:class:`FeeSettings` is a base of :class:`desk.site_settings.SiteSettings`, so these keys are read,
checked and reported like every other key of the tab. Secrets (the provider's webhook secret) are
never keys here: they stay in the site's settings file.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, field_validator

from desk.fees import HeatingSeason
from desk.payment_qr import SCHEMES, PayeeDetails

# (key, field, meaning) of each row this area adds to the Settings tab.
FEE_SETTING_ROWS: tuple[tuple[str, str, str], ...] = (
    ("heating_season", "heating_season",
     "The heating season, month-day to month-day, e.g. 11-15..03-15; the heating fee is billed in its first month. "
     "Empty: no heating fee."),
    ("payment_scheme", "payment_scheme",
     "How owners pay at the kiosk: emvco (merchant QR: Pix, PromptPay, SGQR, VietQR, KHQR...), epc (SEPA QR), "
     "url (a provider's page), or off."),
    ("payment_payee", "payment_payee", "The payee's name in the payment QR, e.g. Sunny Garden Property Services."),
    ("payment_city", "payment_city", "The payee's city (EMVCo), e.g. Beijing."),
    ("payment_country", "payment_country", "The payee's country, two letters (EMVCo), e.g. CN."),
    ("payment_currency", "payment_currency", "The currency's ISO 4217 number (EMVCo), e.g. 156 for yuan."),
    ("payment_merchant", "payment_merchant",
     "EMVCo: the merchant account template, e.g. '26 br.gov.bcb.pix 01=KEY' (field, scheme, subfields); "
     "epc: the IBAN, then the BIC if any."),
    ("payment_url", "payment_url",
     "url: the payment page with {reference}, {amount} and {currency}, e.g. https://pay.example/q?ref={reference}."),
)


class FeeSettings(BaseModel):
    """The fee and payment values of the Settings tab, checked one by one."""

    heating_season: str = "11-15..03-15"
    payment_scheme: str = "off"
    payment_payee: str = ""
    payment_city: str = ""
    payment_country: str = "CN"
    payment_currency: str = "156"
    payment_merchant: str = ""
    payment_url: str = ""

    @field_validator("heating_season", mode="before")
    @classmethod
    def _season(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip():
            return HeatingSeason.parse(value).text()
        return value.strip() if isinstance(value, str) else value

    @field_validator("payment_scheme", mode="before")
    @classmethod
    def _scheme(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().casefold() or "off"
            if value not in SCHEMES:
                raise ValueError(f"{value!r} is not one of: {', '.join(SCHEMES)}")
        return value

    @field_validator("payment_country", mode="before")
    @classmethod
    def _country(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().upper()
            if not re.fullmatch(r"[A-Z]{2}", value):
                raise ValueError(f"{value!r} is not a two-letter country code such as CN")
        return value

    @field_validator("payment_currency", mode="before")
    @classmethod
    def _currency(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            if not re.fullmatch(r"\d{3}", value):
                raise ValueError(f"{value!r} is not a currency number such as 156 (yuan) or 978 (euro)")
        return value

    def season(self) -> HeatingSeason | None:
        """The heating season, or None when there is none."""
        return HeatingSeason.parse(self.heating_season) if self.heating_season else None

    def payee(self) -> PayeeDetails:
        """Who is paid and how, for the payment QR."""
        account, _, bic = self.payment_merchant.strip().partition(" ")
        return PayeeDetails(
            scheme=self.payment_scheme,  # type: ignore[arg-type]  # checked against SCHEMES above
            name=self.payment_payee.strip(), city=self.payment_city.strip(), country=self.payment_country,
            currency=self.payment_currency,
            account=self.payment_merchant.strip() if self.payment_scheme == "emvco" else account,
            bic=bic.strip() if self.payment_scheme == "epc" else "",
            url_template=self.payment_url.strip(),
        )
