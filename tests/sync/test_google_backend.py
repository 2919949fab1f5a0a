"""Stories of the Google backend on the Sheets v4 fake: what it asks Google, and what it does when Google fails."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.backend import CellUpdate, CellValue, WorkbookBusy, WorkbookUnavailable, WriteBatch
from sync.google import GoogleSheetsWorkbook, read_groups
from sync.google_http import RetryPolicy
from tests.sync.sheets_fake import (
    SheetsFake,
    answer_lost,
    dropped_connection,
    rate_limited,
    server_error,
    slow,
)
from tests.sync.sheets_fake_cells import Formula
from tests.sync.sheets_fake_view import SpreadsheetView

HEADERS = ["ID", "Number", "Status"]
SLOW = 1.5  # seconds, past the backend's read timeout in these stories


class Waits:
    """The sleeps the retry policy asked for, none of them slept."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


@pytest.fixture
def waits() -> Waits:
    return Waits()


@pytest.fixture
def backend(fake: SheetsFake, book: SpreadsheetView, waits: Waits) -> Iterator[GoogleSheetsWorkbook]:
    # The jitter at its top (1.0) makes every wait the full doubling step: 1, 2, 4 seconds.
    policy = RetryPolicy(attempts=4, sleep=waits, random_fraction=lambda: 1.0)
    # Answers slower than the read timeout count as lost; SLOW is well past it, a normal answer well within.
    workbook = fake.backend("desk-key", retry=policy, timeout=(2.0, 0.5))
    workbook.open()
    yield workbook
    workbook.close()


def queue_with(*rows: list[object]) -> WriteBatch:
    return WriteBatch(new_tabs={"Queue": HEADERS}, appends={"Queue": [list(row) for row in rows]})


def ids_in(book: SpreadsheetView) -> list[object]:
    return [row["ID"] for row in book.rows_by_header("Queue")]


# --- what it asks Google ---


def test_opening_sends_nothing_and_the_first_read_lists_the_tabs_once(
    fake: SheetsFake, book: SpreadsheetView, backend: GoogleSheetsWorkbook
) -> None:
    assert fake.total_requests() == 0  # a site starts even while Google is out of reach
    backend.write(queue_with(["T1", "A001", "waiting"]))
    fake.reset_counts()

    first = backend.read(["Settings", "Queue", "Problems"])
    second = backend.read(["Settings", "Queue", "Problems"])

    assert first == second == {"Queue": [HEADERS, ["T1", "A001", "waiting"]]}
    # Two tabs are missing: each read looks at the list of tabs again, in case staff or a site made them.
    assert fake.requests == {"spreadsheets.get": 2, "values.batchGet": 2}


def test_an_idle_read_of_tabs_that_exist_is_one_request(
    fake: SheetsFake, book: SpreadsheetView, backend: GoogleSheetsWorkbook
) -> None:
    backend.write(queue_with(["T1", "A001", "waiting"]))
    fake.reset_counts()

    for _ in range(3):
        backend.read(["Queue"])

    assert fake.requests == {"values.batchGet": 3}


def test_one_write_carries_new_tabs_updates_and_appends_in_one_request(
    fake: SheetsFake, book: SpreadsheetView, backend: GoogleSheetsWorkbook
) -> None:
    backend.write(queue_with(["T1", "A001", "waiting"]))
    fake.reset_counts()

    backend.write(
        WriteBatch(
            new_tabs={"Problems": ["Site", "Tab", "Why"]},
            updates=[CellUpdate("Queue", 1, 2, "called"), CellUpdate("Queue", 0, 3, "Counter")],
            appends={"Queue": [["T2", "A002", "waiting"]], "Problems": [["SUNNY", "Queue", "why not"]]},
        )
    )

    assert fake.requests == {"spreadsheets.batchUpdate": 1}
    assert fake.batch_requests == {"addSheet": 1, "updateCells": 3, "appendCells": 2}
    assert book.tab("Queue") == [[*HEADERS, "Counter"], ["T1", "A001", "called"], ["T2", "A002", "waiting"]]
    assert book.tab("Problems") == [["Site", "Tab", "Why"], ["SUNNY", "Queue", "why not"]]


def test_a_new_tab_has_a_bold_frozen_header_row_like_the_xlsx_one(
    book: SpreadsheetView, backend: GoogleSheetsWorkbook
) -> None:
    backend.write(queue_with())

    queue = book.sheet("Queue")
    assert queue.properties["gridProperties"]["frozenRowCount"] == 1
    assert queue.formats[0][1] == {"textFormat": {"bold": True}}


def test_text_is_written_as_text_even_when_it_looks_like_a_formula(
    book: SpreadsheetView, backend: GoogleSheetsWorkbook
) -> None:
    backend.write(queue_with(["T1", "=1+1", '=HYPERLINK("http://evil")']))

    assert book.cell("Queue", 1, 1) == "=1+1"
    assert not isinstance(book.cell("Queue", 1, 2), Formula)


def test_formulas_staff_typed_are_read_as_the_values_they_show(
    book: SpreadsheetView, backend: GoogleSheetsWorkbook
) -> None:
    backend.write(queue_with(["T1", "A001", "waiting"]))
    book.type_cell("Queue", 1, 3, "=1+1")
    book.type_cell("Queue", 1, 4, "42")
    book.type_cell("Queue", 1, 5, "=VLOOKUP(1)")  # the fake computes arithmetic only; anything else shows #N/A

    assert backend.read(["Queue"])["Queue"][1] == ["T1", "A001", "waiting", 2, 42, "#N/A"]
    backend.write(WriteBatch(updates=[CellUpdate("Queue", 1, 2, "called")]))
    assert book.cell("Queue", 1, 3) == Formula("=1+1"), "our write leaves the formula itself in place"


def test_writing_past_the_grid_first_makes_the_grid_bigger(
    fake: SheetsFake, book: SpreadsheetView, backend: GoogleSheetsWorkbook
) -> None:
    backend.write(queue_with(["T1", "A001", "waiting"]))
    backend.read(["Queue"])

    backend.write(WriteBatch(updates=[CellUpdate("Queue", 0, 29, "Far right")]))

    assert book.sheet("Queue").column_count == 30
    assert backend.read(["Queue"])["Queue"][0][29] == "Far right"


def test_a_tab_staff_deleted_is_simply_missing_from_the_next_read(
    fake: SheetsFake, book: SpreadsheetView, backend: GoogleSheetsWorkbook
) -> None:
    backend.write(queue_with(["T1", "A001", "waiting"]))
    backend.read(["Queue"])
    book.delete_tab("Queue")
    fake.reset_counts()

    assert backend.read(["Queue"]) == {}
    assert fake.requests == {"values.batchGet": 1, "spreadsheets.get": 1}  # refused range: look at the tabs again


def test_a_tab_another_site_created_meanwhile_makes_the_write_wait_a_cycle(
    fake: SheetsFake, book: SpreadsheetView, backend: GoogleSheetsWorkbook
) -> None:
    assert backend.read(["Queue"]) == {}
    book.add_tab("Queue", [HEADERS, ["OTHER-T000001", "A001", "waiting"]])

    with pytest.raises(WorkbookBusy, match="appeared in the spreadsheet since the read"):
        backend.write(queue_with(["T1", "A001", "waiting"]))

    assert backend.read(["Queue"]) == {"Queue": [HEADERS, ["OTHER-T000001", "A001", "waiting"]]}


def test_a_tab_staff_renamed_in_other_letters_is_still_found(
    fake: SheetsFake, book: SpreadsheetView, backend: GoogleSheetsWorkbook
) -> None:
    backend.write(queue_with(["T1", "A001", "waiting"]))
    book.rename_tab("Queue", "QUEUE")
    backend.close()
    backend.open()

    tabs = backend.read(["Queue"])
    backend.write(WriteBatch(new_tabs={"Queue": HEADERS}, updates=[CellUpdate("Queue", 1, 2, "called")]))

    assert tabs == {"Queue": [HEADERS, ["T1", "A001", "waiting"]]}
    assert book.tab_names() == ["Sheet1", "QUEUE"]  # no second Queue tab: Google would refuse one anyway
    assert book.tab("QUEUE")[1] == ["T1", "A001", "called"]


# --- when Google fails ---


def test_a_rate_limited_read_waits_as_long_as_retry_after_says(
    fake: SheetsFake, book: SpreadsheetView, backend: GoogleSheetsWorkbook, waits: Waits
) -> None:
    fake.inject(rate_limited(retry_after=7), on="values.batchGet")
    fake.inject(rate_limited(), on="values.batchGet")
    backend.write(queue_with(["T1", "A001", "waiting"]))

    assert backend.read(["Queue"])["Queue"][1] == ["T1", "A001", "waiting"]
    assert waits.seconds == [7.0, 2.0]  # Retry-After, then the doubled step of the second retry
    assert fake.requests["values.batchGet"] == 3


def test_after_the_last_try_a_rate_limited_write_is_left_to_the_next_cycle(
    fake: SheetsFake, book: SpreadsheetView, backend: GoogleSheetsWorkbook, waits: Waits
) -> None:
    fake.inject(rate_limited(), on="spreadsheets.batchUpdate", times=4)

    with pytest.raises(WorkbookBusy, match="rate limiting lobbydesk"):
        backend.write(queue_with(["T1", "A001", "waiting"]))

    assert waits.seconds == [1.0, 2.0, 4.0]
    assert fake.requests["spreadsheets.batchUpdate"] == 4
    assert book.tab_names() == ["Sheet1"]
    backend.write(queue_with(["T1", "A001", "waiting"]))
    assert ids_in(book) == ["T1"]


def test_a_retry_after_longer_than_the_patience_is_kept_across_cycles(
    fake: SheetsFake, book: SpreadsheetView, waits: Waits
) -> None:
    now = [1000.0]
    policy = RetryPolicy(sleep=waits, clock=lambda: now[0])
    backend = fake.backend("desk-key", retry=policy)
    backend.open()
    backend.write(queue_with(["T1", "A001", "waiting"]))
    fake.inject(rate_limited(retry_after=600), on="values.batchGet")

    with pytest.raises(WorkbookBusy, match="refused once"):
        backend.read(["Queue"])
    now[0] += 590
    with pytest.raises(WorkbookBusy, match="asked lobbydesk to wait 10 s more before the read; not sent yet"):
        backend.read(["Queue"])
    now[0] += 10

    assert "Queue" in backend.read(["Queue"])
    assert waits.seconds == []  # never slept in a cycle
    assert fake.requests["values.batchGet"] == 2


def test_server_errors_on_a_read_are_retried(
    fake: SheetsFake, book: SpreadsheetView, backend: GoogleSheetsWorkbook, waits: Waits
) -> None:
    backend.write(queue_with(["T1", "A001", "waiting"]))
    fake.inject(server_error(500), on="values.batchGet")
    fake.inject(server_error(503), on="values.batchGet")

    assert "Queue" in backend.read(["Queue"])
    assert waits.seconds == [1.0, 2.0]


def test_a_read_that_never_gets_an_answer_fails_after_the_last_try(
    fake: SheetsFake, book: SpreadsheetView, backend: GoogleSheetsWorkbook, waits: Waits
) -> None:
    backend.write(queue_with(["T1", "A001", "waiting"]))
    fake.inject(slow(SLOW), on="values.batchGet")
    fake.inject(dropped_connection(), on="values.batchGet", times=3)

    with pytest.raises(WorkbookUnavailable, match=r"did not answer the read \(4 times: the connection failed"):
        backend.read(["Queue"])

    assert fake.requests["values.batchGet"] == 4


def test_a_write_that_adds_rows_is_not_sent_again_when_its_answer_is_lost(
    fake: SheetsFake, book: SpreadsheetView, backend: GoogleSheetsWorkbook
) -> None:
    fake.inject(answer_lost(), on="spreadsheets.batchUpdate")

    with pytest.raises(WorkbookUnavailable, match="may have been applied, so it is not sent again"):
        backend.write(queue_with(["T1", "A001", "waiting"]))

    assert fake.requests["spreadsheets.batchUpdate"] == 1
    assert ids_in(book) == ["T1"]


def test_a_write_that_adds_rows_is_not_sent_again_after_a_server_error_either(
    fake: SheetsFake, book: SpreadsheetView, backend: GoogleSheetsWorkbook
) -> None:
    fake.inject(server_error(500), on="spreadsheets.batchUpdate")

    with pytest.raises(WorkbookUnavailable, match="500 INTERNAL"):
        backend.write(queue_with(["T1", "A001", "waiting"]))

    assert book.tab_names() == ["Sheet1"]  # Google did not apply it; the next cycle will


def test_a_write_of_cells_alone_is_safe_to_send_again(
    fake: SheetsFake, book: SpreadsheetView, backend: GoogleSheetsWorkbook, waits: Waits
) -> None:
    backend.write(queue_with(["T1", "A001", "waiting"]))
    fake.inject(answer_lost(), on="spreadsheets.batchUpdate")
    fake.inject(slow(SLOW), on="spreadsheets.batchUpdate")

    backend.write(WriteBatch(updates=[CellUpdate("Queue", 1, 2, "called")]))

    assert book.tab("Queue")[1] == ["T1", "A001", "called"]
    assert waits.seconds == [1.0, 2.0]


def test_refusals_say_what_to_do(fake: SheetsFake, waits: Waits) -> None:
    missing = fake.backend("no-such-key", retry=RetryPolicy(sleep=waits))
    missing.open()

    with pytest.raises(WorkbookUnavailable, match=r"no such spreadsheet .* check the key in the gsheets:// URL"):
        missing.read(["Queue"])
    assert waits.seconds == []


def test_a_spreadsheet_not_shared_with_the_account_says_to_share_it(fake: SheetsFake, waits: Waits) -> None:
    fake.inject(server_error(403))  # Google's answer to a service account the sheet is not shared with
    backend = fake.backend("desk-key", retry=RetryPolicy(sleep=waits))
    backend.open()

    with pytest.raises(WorkbookUnavailable, match=r"403 PERMISSION_DENIED.*Share the spreadsheet with the service"):
        backend.read(["Queue"])
    assert waits.seconds == []


def test_an_unreachable_api_is_unavailable_after_the_last_try(waits: Waits) -> None:
    with SheetsFake.running() as gone:
        api_base = gone.api_base
    backend = GoogleSheetsWorkbook("desk-key", api_base=api_base, retry=RetryPolicy(sleep=waits, attempts=2))
    backend.open()

    with pytest.raises(WorkbookUnavailable, match="could not connect"):
        backend.read(["Queue"])
    assert len(waits.seconds) == 1


def test_a_broken_service_account_key_is_named(tmp_path: Path) -> None:
    key_file = tmp_path / "account.json"
    key_file.write_text("{not json", encoding="utf-8")

    with pytest.raises(WorkbookUnavailable, match=f"service account key {key_file} cannot be used"):
        GoogleSheetsWorkbook("desk-key", service_account=key_file).open()


def test_without_an_account_or_an_api_base_there_is_nothing_to_sign_in_with() -> None:
    with pytest.raises(WorkbookUnavailable, match="no Google service account is configured"):
        GoogleSheetsWorkbook("desk-key").open()


def test_nothing_goes_over_the_network_before_the_first_read(fake: SheetsFake) -> None:
    backend = GoogleSheetsWorkbook("desk-key", api_base=fake.api_base)
    backend.open()
    backend.close()

    assert fake.total_requests() == 0


def test_a_write_over_the_body_limit_goes_in_several_requests_and_lands_as_one_would(
    fake: SheetsFake, book: SpreadsheetView
) -> None:
    """A first sync of a large site does not fit one request: it is cut between rows, and the same cells land."""
    rows: list[list[CellValue]] = [
        [f"T{n}", f"A{n:04}", "=1+1" if n % 7 == 0 else "waiting 排队 🙂", n, n / 4, n % 2 == 0, None, "x"]
        for n in range(3_000)
    ]
    whole = fake.backend("desk-key")
    cut = fake.backend("desk-key", body_limit=40_000)
    for backend in (whole, cut):
        backend.open()
    fake.reset_counts()

    whole.write(WriteBatch(new_tabs={"In one": HEADERS}, appends={"In one": rows}))
    in_one = fake.requests["spreadsheets.batchUpdate"]
    cut.write(WriteBatch(new_tabs={"In many": HEADERS}, appends={"In many": rows}))

    assert in_one == 1 and fake.requests["spreadsheets.batchUpdate"] > 1 + 10
    assert book.tab("In many") == book.tab("In one")
    assert len(book.tab("In many")) == 3_001
    assert book.cell("In many", 8, 2) == "=1+1" and not isinstance(book.cell("In many", 8, 2), Formula)


def test_a_write_larger_than_google_takes_in_one_request_is_sent_in_two(
    fake: SheetsFake, book: SpreadsheetView, backend: GoogleSheetsWorkbook
) -> None:
    """Google refuses a body over 10 MiB; a backend left to its defaults never sends one."""
    rows: list[list[CellValue]] = [[f"T{n}", "说明 " * 150 + "🙂" * 40, n] for n in range(5_000)]  # 12.8 MB as JSON
    fake.reset_counts()

    backend.write(WriteBatch(new_tabs={"Queue": HEADERS}, appends={"Queue": rows}))

    assert fake.requests == {"spreadsheets.get": 1, "spreadsheets.batchUpdate": 2}
    assert [row["ID"] for row in book.rows_by_header("Queue")] == [f"T{n}" for n in range(5_000)]


def test_a_write_cut_short_between_two_requests_keeps_what_landed_and_says_so(
    fake: SheetsFake, book: SpreadsheetView, waits: Waits
) -> None:
    backend = fake.backend("desk-key", retry=RetryPolicy(attempts=4, sleep=waits), body_limit=2_000)
    backend.open()
    rows: list[list[CellValue]] = [[f"T{n}", f"A{n:03}", "waiting"] for n in range(100)]
    fake.before("spreadsheets.batchUpdate", lambda: fake.inject(server_error(), on="spreadsheets.batchUpdate",
                                                                times=4))

    with pytest.raises(WorkbookUnavailable):
        backend.write(WriteBatch(new_tabs={"Queue": HEADERS}, appends={"Queue": rows}))

    landed = ids_in(book)
    assert 0 < len(landed) < 100 and landed == [f"T{n}" for n in range(len(landed))]
    assert fake.requests["spreadsheets.batchUpdate"] == 1 + 1  # adds rows: a refused body is not tried again


def test_a_large_site_is_read_a_group_of_tabs_at_a_time_and_reads_as_in_one_request(
    fake: SheetsFake, book: SpreadsheetView
) -> None:
    """An answer is parsed whole, so a site of many cells is asked for in groups of tabs, each parsed in turn."""
    book.add_tab("Queue", [HEADERS, *([f"T{n}", f"A{n:03}", "waiting"] for n in range(40))])
    book.add_tab("Repairs", [["ID", "Unit"], *([f"R{n}", "1-301"] for n in range(30))])
    book.add_tab("Notices", [["ID"], ["N1"]])
    whole = fake.backend("desk-key")
    grouped = fake.backend("desk-key", read_cells=100)
    for backend in (whole, grouped):
        backend.open()
    whole.read(["Queue", "Repairs", "Notices"])  # each learns the tabs' sizes
    grouped.read(["Queue", "Repairs", "Notices"])
    fake.reset_counts()

    in_one = whole.read(["Queue", "Repairs", "Notices"])
    in_groups = grouped.read(["Queue", "Repairs", "Notices"])

    assert in_groups == in_one and len(in_one["Queue"]) == 41
    assert fake.requests == {"values.batchGet": 1 + 2}  # Queue (123 cells) alone; Repairs and Notices (61)


def test_tabs_are_grouped_in_order_and_a_large_one_goes_alone() -> None:
    sizes = {"Settings": 40, "Queue": 900, "Charges": 5_000, "Notices": 30, "Events": 60}

    assert read_groups(list(sizes), sizes.__getitem__, 1_000) == [
        ["Settings", "Queue"], ["Charges"], ["Notices", "Events"]
    ]
    assert read_groups(list(sizes), sizes.__getitem__, 10_000) == [list(sizes)]
    assert read_groups([], sizes.__getitem__, 10) == []
