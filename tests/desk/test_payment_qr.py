"""Payment QR payloads match the examples their standards publish, and carry our amount and reference."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desk.payment_qr import (
    MerchantAccount,
    PayeeDetails,
    PayloadError,
    crc16_ccitt,
    emvco_payload,
    epc_payload,
    parse_emv,
    parse_subfields,
    url_payload,
    with_crc,
)

# The example in the Banco Central do Brasil's BR Code (Pix) manual: a static QR, key, no amount.
PIX_MANUAL_EXAMPLE = (
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
    "5913Fulano de Tal6008BRASILIA62070503***63041D3D"
)
# PromptPay's reference payload for the phone 081-234-5678 (static, no amount), as the promptpay-qr
# library and Thai banks' apps produce it.
PROMPTPAY_EXAMPLE = "00020101021129370016A000000677010111011300668123456785802TH530376463045D82"
# The EPC QR example of the EPC069-12 guidelines as Wikipedia shows it (version 002, UTF-8).
EPC_EXAMPLE = "\n".join([
    "BCD", "002", "1", "SCT", "BPOTBEB1", "Red Cross of Belgium", "BE72000000001616", "EUR1", "CHAR", "",
    "Urgency fund", "Sample EPC QR code",
])


def test_crc16_is_ccitt_false_with_the_standard_check_value() -> None:
    assert crc16_ccitt(b"123456789") == 0x29B1


def test_the_pix_manual_example_is_built_field_by_field() -> None:
    account = MerchantAccount.parse("26 br.gov.bcb.pix 01=123e4567-e12b-12d1-a456-426655440000")
    payload = emvco_payload(account, name="Fulano de Tal", city="BRASILIA", country="BR", currency="986",
                            amount=None, reference="***", initiation=None)
    assert payload == PIX_MANUAL_EXAMPLE


def test_the_promptpay_example_has_the_crc_we_compute() -> None:
    fields = parse_emv(PROMPTPAY_EXAMPLE)
    assert fields["29"] == "0016A00000067701011101130066812345678"
    rebuilt = with_crc([(tag, value) for tag, value in fields.items() if tag != "63"])
    assert rebuilt == PROMPTPAY_EXAMPLE


def test_our_payment_qr_carries_amount_currency_and_reference_in_tag_62() -> None:
    payee = PayeeDetails(scheme="emvco", name="Sunny Garden PM", city="Beijing", country="CN", currency="156",
                         account="29 A000000677010111 01=0066812345678")
    payload = payee.payload(Decimal("482.35"), "SUNNY-Y000007")
    fields = parse_emv(payload)
    assert (fields["00"], fields["01"], fields["53"], fields["54"], fields["58"], fields["59"], fields["60"]) == (
        "01", "12", "156", "482.35", "CN", "Sunny Garden PM", "Beijing")
    assert parse_subfields(fields["62"]) == {"05": "SUNNY-Y000007"}
    assert parse_subfields(fields["29"]) == {"00": "A000000677010111", "01": "0066812345678"}
    assert payload.startswith("000201010212")


def test_a_payload_with_a_changed_character_fails_its_crc() -> None:
    tampered = PIX_MANUAL_EXAMPLE.replace("Fulano", "Fulana")
    with pytest.raises(PayloadError, match="CRC"):
        parse_emv(tampered)


def test_the_epc_example_is_built_line_by_line() -> None:
    payload = epc_payload(name="Red Cross of Belgium", iban="BE72000000001616", bic="BPOTBEB1",
                          amount=Decimal("1.00"), purpose="CHAR", text="Urgency fund",
                          information="Sample EPC QR code")
    assert payload == EPC_EXAMPLE


def test_an_epc_payment_carries_our_reference_as_its_text() -> None:
    payee = PayeeDetails(scheme="epc", name="Sunny Garden", account="DE89 3704 0044 0532 0130 00", bic="COBADEFFXXX")
    assert payee.payload(Decimal("12.30"), "SUNNY-Y000007").split("\n") == [
        "BCD", "002", "1", "SCT", "COBADEFFXXX", "Sunny Garden", "DE89370400440532013000", "EUR12.3", "", "",
        "SUNNY-Y000007"]


def test_a_url_template_is_filled_and_must_carry_the_reference() -> None:
    assert url_payload("https://pay.example/q?r={reference}&a={amount}&c={currency}", amount=Decimal("5"),
                       reference="SUNNY-Y1", currency="CNY") == "https://pay.example/q?r=SUNNY-Y1&a=5.00&c=CNY"
    with pytest.raises(PayloadError, match=r"\{reference\}"):
        url_payload("https://pay.example/q?a={amount}", amount=Decimal("5"), reference="R", currency="CNY")
    with pytest.raises(PayloadError, match="names price"):
        url_payload("https://pay.example/{reference}/{price}", amount=Decimal("5"), reference="R", currency="CNY")


def test_missing_payee_details_are_said_in_words() -> None:
    assert PayeeDetails(scheme="emvco", name="Sunny", city="Beijing", account="zz").problems() == [
        "'zz' is not a merchant account like '26 br.gov.bcb.pix 01=KEY' (field 26-51, scheme, subfields)"]
    assert PayeeDetails(scheme="off").problems() == ["payments by QR are off (payment_scheme in the Settings tab)"]
