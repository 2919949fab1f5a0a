"""Payment QR payloads, pure: EMVCo merchant-presented QR, EPC/SEPA credit transfer, or a URL template.

- **EMVCo MPM** (the standard behind Pix, PromptPay, SGQR, VietQR, KHQR): ``ID LEN VALUE`` fields —
  00 format indicator, 01 point of initiation (12 = dynamic, for one amount), a merchant account
  template in 26-51 (subfield 00 is the scheme's identifier, e.g. ``br.gov.bcb.pix`` or PromptPay's
  ``A000000677010111``), 52 merchant category, 53 currency (ISO 4217 numeric), 54 amount, 58 country,
  59 name, 60 city, 62 additional data with the reference label in subfield 05, and 63 the CRC:
  CRC-16/CCITT-FALSE (polynomial 0x1021, start 0xFFFF) over everything up to and including ``6304``,
  as four upper-case hex digits.
- **EPC069-12** (SEPA credit transfer, "GiroCode"): lines ``BCD``, version, character set (1 = UTF-8),
  ``SCT``, BIC, name, IBAN, ``EUR`` + amount, purpose, structured reference, text, information.
- **URL template**: a provider's payment page, e.g. ``https://pay.example/q?ref={reference}&amt={amount}``.

Each payload carries the payment's unique reference, so a statement line or a webhook finds it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal
from urllib.parse import quote

from desk.money import to_cents

Scheme = Literal["emvco", "epc", "url", "off"]
SCHEMES: tuple[Scheme, ...] = ("emvco", "epc", "url", "off")


class PayloadError(ValueError):
    """A payload cannot be made from these details; the message says which one is wrong."""


def crc16_ccitt(data: bytes) -> int:
    """CRC-16/CCITT-FALSE, as EMVCo MPM uses it: polynomial 0x1021, start 0xFFFF, no reflection."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def tlv(tag: str, value: str) -> str:
    """One EMVCo field: two-digit ID, two-digit length, value."""
    if not re.fullmatch(r"\d\d", tag):
        raise PayloadError(f"an EMVCo field ID is two digits (got {tag!r})")
    if len(value) > 99:
        raise PayloadError(f"EMVCo field {tag} is {len(value)} characters long; at most 99 fit")
    return f"{tag}{len(value):02d}{value}"


def with_crc(fields: Sequence[tuple[str, str]]) -> str:
    """The fields in the order given, then field 63 with the CRC of everything before it."""
    body = "".join(tlv(tag, value) for tag, value in fields) + "6304"
    return f"{body}{crc16_ccitt(body.encode('utf-8')):04X}"


def parse_emv(payload: str) -> dict[str, str]:
    """An EMVCo payload's top-level fields by ID; PayloadError when its structure or CRC is wrong."""
    fields: dict[str, str] = {}
    position = 0
    while position < len(payload):
        tag, length = payload[position : position + 2], payload[position + 2 : position + 4]
        if not (tag.isdigit() and length.isdigit()):
            raise PayloadError(f"no field starts at character {position}")
        fields[tag] = payload[position + 4 : position + 4 + int(length)]
        position += 4 + int(length)
    if "63" not in fields or not payload.endswith(fields["63"]):
        raise PayloadError("the payload does not end with its CRC (field 63)")
    expected = f"{crc16_ccitt(payload[:-4].encode('utf-8')):04X}"
    if fields["63"].upper() != expected:
        raise PayloadError(f"the CRC says {fields['63']} but the payload's is {expected}")
    return fields


def parse_subfields(value: str) -> dict[str, str]:
    """The subfields of a template field (26-51, 62), by ID."""
    return {tag: sub for tag, sub in _walk(value)}


def _walk(value: str) -> list[tuple[str, str]]:
    found, position = [], 0
    while position < len(value):
        tag, length = value[position : position + 2], int(value[position + 2 : position + 4])
        found.append((tag, value[position + 4 : position + 4 + length]))
        position += 4 + length
    return found


@dataclass(frozen=True)
class MerchantAccount:
    """An EMVCo merchant account template: its field ID (26-51) and subfields, 00 first."""

    tag: str
    subfields: tuple[tuple[str, str], ...]

    @classmethod
    def parse(cls, text: str) -> MerchantAccount:
        """Staff's words for it: ``TAG IDENTIFIER SUB=VALUE ...``, e.g. ``29 A000000677010111 01=0066812345678``."""
        parts = text.split()
        if len(parts) < 2 or not re.fullmatch(r"\d\d", parts[0]) or not 26 <= int(parts[0]) <= 51:
            raise PayloadError(
                f"{text!r} is not a merchant account like '26 br.gov.bcb.pix 01=KEY' (field 26-51, scheme, subfields)"
            )
        subfields = [("00", parts[1])]
        for part in parts[2:]:
            sub, equals, value = part.partition("=")
            if not equals or not re.fullmatch(r"\d\d", sub) or not value:
                raise PayloadError(f"{part!r} is not a subfield like 01=VALUE")
            subfields.append((sub, value))
        return cls(parts[0], tuple(subfields))

    def field(self) -> tuple[str, str]:
        """The template as one top-level field."""
        return self.tag, "".join(tlv(sub, value) for sub, value in self.subfields)


def emv_amount(amount: Decimal) -> str:
    """An amount as field 54 carries it: decimal point, two places (``1234.50``)."""
    return f"{to_cents(amount):.2f}"


def emvco_payload(
    account: MerchantAccount,
    *,
    name: str,
    city: str,
    country: str,
    currency: str,
    amount: Decimal | None,
    reference: str,
    category: str = "0000",
    initiation: str | None = "12",
) -> str:
    """A merchant-presented QR payload; with an amount it is dynamic (01 = 12), for that payment only."""
    if not re.fullmatch(r"\d{3}", currency):
        raise PayloadError(f"the currency must be its ISO 4217 number, e.g. 156 for yuan (got {currency!r})")
    if not re.fullmatch(r"[A-Z]{2}", country):
        raise PayloadError(f"the country must be two capital letters, e.g. CN (got {country!r})")
    fields: list[tuple[str, str]] = [("00", "01")]
    if initiation:
        fields.append(("01", initiation))
    fields += [account.field(), ("52", category), ("53", currency)]
    if amount is not None:
        fields.append(("54", emv_amount(amount)))
    fields += [("58", country), ("59", name[:25]), ("60", city[:15]), ("62", tlv("05", reference))]
    return with_crc(fields)


def epc_amount(amount: Decimal) -> str:
    """An amount as EPC069-12 writes it: euros, a point, no trailing zeros (``EUR12.3``, ``EUR1``)."""
    text = f"{to_cents(amount):.2f}".rstrip("0").rstrip(".")
    return f"EUR{text}"


def epc_payload(
    *,
    name: str,
    iban: str,
    amount: Decimal,
    text: str = "",
    bic: str = "",
    purpose: str = "",
    structured_reference: str = "",
    information: str = "",
    version: str = "002",
) -> str:
    """An EPC069-12 SEPA credit transfer payload, UTF-8, lines joined by LF, trailing empty lines left off."""
    iban = iban.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d\d[A-Z0-9]{1,30}", iban):
        raise PayloadError(f"{iban!r} is not an IBAN")
    if not Decimal("0.01") <= to_cents(amount) <= Decimal("999999999.99"):
        raise PayloadError("an EPC amount is between EUR0.01 and EUR999999999.99")
    if structured_reference and text:
        raise PayloadError("an EPC payload carries a structured reference or a text, not both")
    lines = ["BCD", version, "1", "SCT", bic, name[:70], iban, epc_amount(amount), purpose,
             structured_reference, text[:140], information[:70]]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def url_payload(template: str, *, amount: Decimal, reference: str, currency: str) -> str:
    """A URL template with ``{amount}``, ``{reference}`` and ``{currency}`` filled in (URL-quoted)."""
    known = {"amount": f"{to_cents(amount):.2f}", "reference": quote(reference, safe=""), "currency": quote(currency)}
    unknown = set(re.findall(r"{(\w*)}", template)) - known.keys()
    if unknown:
        raise PayloadError(f"the URL template names {', '.join(sorted(unknown))}; known: amount, reference, currency")
    if "{reference}" not in template:
        raise PayloadError("the URL template must carry {reference}, or no payment could be matched")
    return template.format(**known)


@dataclass(frozen=True)
class PayeeDetails:
    """Who is paid and how, as staff set it in the Settings tab."""

    scheme: Scheme = "off"
    name: str = ""
    city: str = ""
    country: str = "CN"
    currency: str = "156"
    account: str = ""  # EMVCo: the merchant account template; EPC: the IBAN
    bic: str = ""
    url_template: str = ""

    def problems(self) -> list[str]:
        """What is missing or wrong for the chosen scheme, in words; empty when a QR can be made."""
        try:
            self.payload(Decimal("1.00"), "CHECK")
        except PayloadError as error:
            return [str(error)]
        return []

    def payload(self, amount: Decimal, reference: str) -> str:
        """The QR payload for one payment; PayloadError when the details do not make one."""
        if self.scheme == "off":
            raise PayloadError("payments by QR are off (payment_scheme in the Settings tab)")
        if self.scheme == "emvco":
            if not self.name or not self.city:
                raise PayloadError("an EMVCo QR needs the payee's name and city")
            return emvco_payload(MerchantAccount.parse(self.account), name=self.name, city=self.city,
                                 country=self.country, currency=self.currency, amount=amount, reference=reference)
        if self.scheme == "epc":
            return epc_payload(name=self.name, iban=self.account, bic=self.bic, amount=amount, text=reference)
        return url_payload(self.url_template, amount=amount, reference=reference, currency=self.currency)
