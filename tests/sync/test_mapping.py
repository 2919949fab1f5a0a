"""How records become row cells, and what staff type becomes field values (or a reason it cannot)."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from desk.ledger import Charge
from desk.queue import QueueTicket, Service, TicketStatus
from desk.records import Owner, Record, column
from desk.units import Unit, UnitIndex
from sync.backend import UnreadFormula
from sync.mapping import TabLayout, cell_text, match_headers, read_cells, record_cells
from tests.sync.conftest import SITE_ZONE


class Basis(enum.StrEnum):
    PER_M2_MONTH = "per m2 per month"
    METERED = "metered"


class FeeRule(Record):
    """A record with money, dates, yes/no and optional columns, only for these tests."""

    TAB = "FeeRules"
    ID_KIND = "F"

    fee: str = column("Fee", Owner.STAFF)
    basis: Basis = column("Basis", Owner.STAFF)
    rate: Decimal = column("Rate", Owner.STAFF, ge=0)
    due_day: int = column("Due day", Owner.STAFF, ge=1, le=28)
    heating_only: bool = column("Heating only", Owner.STAFF, default=False)
    starts: date | None = column("Starts", Owner.STAFF, default=None)


def ticket(**changes: object) -> QueueTicket:
    fields: dict[str, object] = {
        "id": "SUNNY-T000001",
        "number": "A001",
        "service": Service.INQUIRY,
        "issued_at": datetime(2024, 5, 6, 9, 30, 15, 250000, tzinfo=SITE_ZONE),
    }
    return QueueTicket.model_validate(fields | changes)


def test_the_queue_tab_has_the_declared_headers_in_order() -> None:
    assert TabLayout.of(QueueTicket).headers == [
        "ID", "Number", "Service", "Issued", "Status", "Counter",
        "Priority", "Unit", "Called", "Served", "Wait min", "Service min",
    ]


def test_headers_are_found_trimmed_and_in_any_case_and_order() -> None:
    staff_header_row = ["  status", "Note", "id ", "NUMBER", None, "Counter", "Counter"]

    positions = match_headers(TabLayout.of(QueueTicket), staff_header_row)

    assert positions == {"Status": 0, "ID": 2, "Number": 3, "Counter": 5}


def test_a_ticket_becomes_cells_staff_can_read() -> None:
    cells = record_cells(ticket(status=TicketStatus.CALLED), SITE_ZONE)

    assert cells == {
        "ID": "SUNNY-T000001",
        "Number": "A001",
        "Service": "inquiry",
        "Issued": "2024-05-06 09:30:15",
        "Status": "called",
        "Counter": None,
        "Priority": False,
        "Unit": None,
        "Called": None,
        "Served": None,
        "Wait min": None,
        "Service min": None,
    }


def test_times_are_written_in_the_site_zone_whatever_zone_they_were_stored_in() -> None:
    utc_ticket = ticket(issued_at=datetime(2024, 5, 6, 1, 30, tzinfo=UTC))

    assert record_cells(utc_ticket, SITE_ZONE)["Issued"] == "2024-05-06 09:30:00"


def test_numbers_written_and_read_back_compare_equal() -> None:
    assert cell_text(2) == cell_text(2.0) == cell_text("2") == "2"
    assert cell_text(Decimal("1250.50")) == cell_text(1250.5) == "1250.5"
    assert cell_text(Decimal("1E+2")) == "100"
    assert cell_text(True) == "TRUE"
    assert cell_text(None) == cell_text("") == ""
    assert cell_text(datetime(2024, 5, 6, 9, 30)) == "2024-05-06 09:30:00"


def test_staff_status_and_counter_are_read_as_the_ticket_fields() -> None:
    reading = read_cells(QueueTicket, {"Status": " Called ", "counter": 2, "Note": "not ours"}, SITE_ZONE)

    assert reading.values == {"status": TicketStatus.CALLED, "counter": "2"}
    assert reading.problems == {}


def test_an_unknown_status_is_a_problem_that_lists_the_choices() -> None:
    reading = read_cells(QueueTicket, {"Status": "maybe later"}, SITE_ZONE)

    assert reading.values == {}
    assert reading.problems == {"Status": "'maybe later' is not one of: waiting, called, served, no-show, cancelled"}


def test_an_empty_status_is_a_problem_but_an_empty_counter_is_fine() -> None:
    reading = read_cells(QueueTicket, {"Status": None, "Counter": None}, SITE_ZONE)

    assert reading.values == {"counter": ""}
    assert reading.problems["Status"].startswith("it is empty but needs a value; choose one of: waiting")


def test_field_constraints_are_problems_in_plain_words() -> None:
    reading = read_cells(QueueTicket, {"Counter": "the counter by the window", "Number": "A1"}, SITE_ZONE)

    assert reading.problems == {
        "Counter": "it is longer than 20 characters",
        "Number": "it does not have the expected form",
    }


def test_a_time_staff_typed_is_read_in_the_site_zone() -> None:
    typed_in_excel = read_cells(QueueTicket, {"Issued": datetime(2024, 5, 6, 10, 0)}, SITE_ZONE)
    typed_as_text = read_cells(QueueTicket, {"Issued": "2024-05-06 10:00"}, SITE_ZONE)

    expected = datetime(2024, 5, 6, 10, 0, tzinfo=SITE_ZONE)
    assert typed_in_excel.values == {"issued_at": expected}
    assert typed_as_text.values == {"issued_at": expected}
    assert read_cells(QueueTicket, {"Issued": "next Tuesday"}, SITE_ZONE).problems == {
        "Issued": "'next Tuesday' is not a date and time like 2024-05-01 09:30"
    }


def test_money_is_read_exactly_whichever_way_it_was_typed() -> None:
    as_number = read_cells(FeeRule, {"Rate": 2.35}, SITE_ZONE)
    as_text = read_cells(FeeRule, {"Rate": "1,250.50"}, SITE_ZONE)

    assert as_number.values == {"rate": Decimal("2.35")}
    assert as_text.values == {"rate": Decimal("1250.50")}
    assert read_cells(FeeRule, {"Rate": "two yuan"}, SITE_ZONE).problems == {"Rate": "'two yuan' is not a number"}
    assert read_cells(FeeRule, {"Rate": -1}, SITE_ZONE).problems == {
        "Rate": "input should be greater than or equal to 0"
    }


def test_whole_numbers_yes_no_dates_and_optional_cells() -> None:
    reading = read_cells(
        FeeRule,
        {"Due day": 15.0, "Heating only": "yes", "Starts": datetime(2024, 11, 15), "Basis": "Metered"},
        SITE_ZONE,
    )

    assert reading.values == {"due_day": 15, "heating_only": True, "starts": date(2024, 11, 15), "basis": Basis.METERED}
    assert read_cells(FeeRule, {"Starts": None}, SITE_ZONE).values == {"starts": None}
    assert read_cells(FeeRule, {"Due day": 2.5}, SITE_ZONE).problems == {"Due day": "'2.5' is not a whole number"}
    assert read_cells(FeeRule, {"Heating only": "perhaps"}, SITE_ZONE).problems == {
        "Heating only": "'perhaps' is not yes or no (TRUE or FALSE)"
    }


def test_money_stays_a_decimal_in_the_cells() -> None:
    rule = FeeRule(id="SUNNY-F000001", fee="property", basis=Basis.PER_M2_MONTH, rate=Decimal("2.35"), due_day=10)

    cells = record_cells(rule, SITE_ZONE)

    assert cells["Rate"] == Decimal("2.35")
    assert isinstance(cells["Rate"], Decimal)
    assert cells["Heating only"] is False


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2))
def test_money_that_went_through_a_float_reads_the_same(amount: Decimal) -> None:
    assert cell_text(float(amount)) == cell_text(amount)


readable_text = (
    st.text(st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"]), min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)


@given(readable_text)
def test_whatever_counter_staff_see_is_read_back_unchanged(counter: str) -> None:
    written = record_cells(ticket(counter=counter), SITE_ZONE)["Counter"]

    assert read_cells(QueueTicket, {"Counter": written}, SITE_ZONE).values == {"counter": counter}


def test_unit_columns_are_read_through_the_units_handed_in() -> None:
    units = UnitIndex.of([Unit(id="SUNNY-U1", building="1", room="301"), Unit(id="SUNNY-U2", building="1", room="302")])

    moved = read_cells(QueueTicket, {"Unit": "1栋302"}, SITE_ZONE, units=units)
    typo = read_cells(QueueTicket, {"Unit": "1-999"}, SITE_ZONE, units=units)
    charge = read_cells(Charge, {"Unit label": "1 - 301"}, SITE_ZONE, units=units)  # the label column, typed

    assert moved.values == {"unit": "SUNNY-U2"}
    assert typo.problems == {"Unit": "'1-999' is not a unit in the Units tab"}
    assert charge.values == {"unit": "SUNNY-U1", "unit_label": "1-301"}
    assert read_cells(QueueTicket, {"Unit": "1栋302"}, SITE_ZONE).values == {"unit": "1栋302"}  # no units: as typed


def test_a_formula_saved_without_its_value_is_taken_by_no_column_not_even_text() -> None:
    """A text column cannot tell a formula's text from typed text, unless the backend marks it."""
    reading = read_cells(Unit, {"Owner of record": UnreadFormula("=B2&C2"), "Building": "3", "Room": "1202"},
                         SITE_ZONE)
    assert "owner_of_record" not in reading.values
    assert reading.problems["Owner of record"] == (
        "'=B2&C2' is a formula saved without the value it shows; type the value, or open and save the "
        "workbook in an office suite")
    assert read_cells(Unit, {"Owner of record": "=B2&C2"}, SITE_ZONE).values["owner_of_record"] == "=B2&C2", \
        "text typed by staff that starts with = is still their text"
