"""The Sheets v4 fake behaves like Google where lobbydesk and gspread can tell: the stories that prove it."""

from __future__ import annotations

from typing import Any

import gspread
import pytest
import requests

from tests.sync.sheets_fake import (
    SheetsFake,
    answer_lost,
    dropped_connection,
    rate_limited,
    server_error,
    slow,
)
from tests.sync.sheets_fake_cells import Formula, parse_a1
from tests.sync.sheets_fake_process import SheetsFakeProcess
from tests.sync.sheets_fake_view import SpreadsheetView


def api(fake: SheetsFake, method: str, path: str, **kwargs: Any) -> requests.Response:
    return requests.request(method, f"{fake.api_base}/v4/spreadsheets/desk-key{path}", timeout=5, **kwargs)


def test_gspread_talks_to_the_fake_without_credentials(fake: SheetsFake, book: SpreadsheetView) -> None:
    spreadsheet = fake.gspread_client().open_by_key("desk-key")
    queue = spreadsheet.add_worksheet("Queue", rows=100, cols=10)

    queue.update([["ID", "Number"], ["SUNNY-T000001", "A001"]], "A1")
    queue.append_row(["SUNNY-T000002", "A002"])
    queue.update_cell(2, 2, "A009")

    assert [sheet.title for sheet in spreadsheet.worksheets()] == ["Sheet1", "Queue"]
    assert queue.get_all_values() == [["ID", "Number"], ["SUNNY-T000001", "A009"], ["SUNNY-T000002", "A002"]]
    assert book.tab("Queue") == [["ID", "Number"], ["SUNNY-T000001", "A009"], ["SUNNY-T000002", "A002"]]


def test_user_entered_makes_formulas_and_raw_keeps_text(fake: SheetsFake, book: SpreadsheetView) -> None:
    sheet = fake.gspread_client().open_by_key("desk-key").sheet1

    sheet.update([["=1+1", "42", "TRUE", "'=2+2"]], "A1", value_input_option="USER_ENTERED")
    sheet.update([["=1+1", "42", "TRUE"]], "A2", value_input_option="RAW")

    assert book.cell("Sheet1", 0, 0) == Formula("=1+1")
    assert sheet.get("A1:D2", value_render_option="UNFORMATTED_VALUE") == [
        [2, 42, True, "=2+2"],
        ["=1+1", "42", "TRUE"],
    ]
    assert sheet.get("A1:D2", value_render_option="FORMULA") == [["=1+1", 42, True, "=2+2"], ["=1+1", "42", "TRUE"]]
    assert sheet.get("A1:D1")[0] == ["2", "42", "TRUE", "=2+2"]  # FORMATTED_VALUE, what the screen shows


def test_a_whole_tab_answers_with_the_size_of_its_grid(fake: SheetsFake, book: SpreadsheetView) -> None:
    book.add_tab("前台 队列's", [["ID", "备注"], ["SUNNY-T000001", "漏水"]])

    answer = api(fake, "GET", "/values:batchGet", params={"ranges": ["'前台 队列''s'", "'前台 队列''s'!B:B"]}).json()

    assert [(r["range"], r.get("values")) for r in answer["valueRanges"]] == [
        ("'前台 队列''s'!A1:Z1000", [["ID", "备注"], ["SUNNY-T000001", "漏水"]]),
        ("'前台 队列''s'!B1:B1000", [["备注"], ["漏水"]]),
    ]


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("Queue", ("Queue", None, None, None, None)),
        ("'My Sheet'!A1:C10", ("My Sheet", 0, 10, 0, 3)),
        ("Queue!A:F", ("Queue", None, None, 0, 6)),
        ("'队列'!2:2", ("队列", 1, 2, None, None)),
        ("B3", (None, 2, 3, 1, 2)),
        ("'It''s'!AA5:AB", ("It's", 4, None, 26, 28)),
    ],
)
def test_a1_ranges_are_read_as_google_reads_them(text: str, bounds: tuple[Any, ...]) -> None:
    parsed = parse_a1(text)

    assert (parsed.sheet, parsed.start_row, parsed.end_row, parsed.start_column, parsed.end_column) == bounds


def test_errors_come_in_googles_format(fake: SheetsFake, book: SpreadsheetView) -> None:
    missing = requests.get(f"{fake.api_base}/v4/spreadsheets/nobody", timeout=5)
    bad_range = api(fake, "GET", "/values/Nowhere%21A1")
    no_option = api(fake, "PUT", "/values/Sheet1%21A1", json={"values": [["x"]]})
    outside = api(fake, "PUT", "/values/Sheet1%21AA1", params={"valueInputOption": "RAW"}, json={"values": [["x"]]})

    assert missing.json() == {
        "error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}
    }
    assert bad_range.status_code == 400
    assert bad_range.json()["error"]["message"] == "Unable to parse range: Nowhere"
    assert no_option.json()["error"]["message"] == "'valueInputOption' is required but not specified"
    assert outside.json()["error"]["message"].endswith("exceeds grid limits. Max rows: 1000, max columns: 26")


def test_a_batch_update_is_applied_whole_or_not_at_all(fake: SheetsFake, book: SpreadsheetView) -> None:
    body = {"requests": [{"addSheet": {"properties": {"title": "Queue"}}}, {"appendCells": {"sheetId": 999}}]}

    answer = api(fake, "POST", ":batchUpdate", json=body)

    assert answer.status_code == 400
    assert "Invalid requests[1].appendCells: No grid with id: 999" in answer.json()["error"]["message"]
    assert book.tab_names() == ["Sheet1"]


def test_a_body_over_ten_mebibytes_is_refused_whole(fake: SheetsFake, book: SpreadsheetView) -> None:
    rows = [{"values": [{"userEnteredValue": {"stringValue": "x" * 1_000}}]}] * 10_300
    new_tab = {"addSheet": {"properties": {"title": "Queue"}}}
    body = {"requests": [new_tab, {"appendCells": {"sheetId": 0, "rows": rows}}]}

    answer = api(fake, "POST", ":batchUpdate", json=body)

    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == "Request payload size exceeds the limit: 10485760 bytes."
    assert answer.json()["error"]["status"] == "INVALID_ARGUMENT"
    assert book.tab_names() == ["Sheet1"]


def test_appended_rows_follow_the_last_row_with_data(fake: SheetsFake, book: SpreadsheetView) -> None:
    book.add_tab("Queue", [["ID", "Number"], ["SUNNY-T000001", "A001"], [], ["SUNNY-T000003", "A003"]])
    book.type_cell("Queue", 3, 0, None)
    book.type_cell("Queue", 3, 1, None)

    answer = api(
        fake,
        "POST",
        "/values/Queue%21A1:append",
        params={"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"},
        json={"values": [["SUNNY-T000004", "=A1"]]},
    ).json()

    assert answer["updates"]["updatedRange"] == "Queue!A3:B3"
    assert book.tab("Queue") == [["ID", "Number"], ["SUNNY-T000001", "A001"], ["SUNNY-T000004", "=A1"]]
    assert book.cell("Queue", 2, 1) == "=A1"  # RAW: text, not a formula
    assert book.sheet("Queue").row_count == 1001  # INSERT_ROWS added a row to the grid


def test_what_provisioning_sets_is_kept_and_shown(fake: SheetsFake, book: SpreadsheetView) -> None:
    sheet_id = book.sheet("Sheet1").sheet_id
    column_b = {"sheetId": sheet_id, "startRowIndex": 1, "startColumnIndex": 1, "endColumnIndex": 2}
    rule = {"condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": "waiting"}]}, "strict": True}
    requests_ = [
        {
            "updateSheetProperties": {
                "properties": {"sheetId": sheet_id, "gridProperties": {"frozenRowCount": 1}},
                "fields": "gridProperties.frozenRowCount",
            }
        },
        {"setDataValidation": {"range": column_b, "rule": rule}},
        {"addProtectedRange": {"protectedRange": {"range": column_b, "warningOnly": True, "description": "kiosk"}}},
        {
            "repeatCell": {
                "range": column_b,
                "cell": {"userEnteredFormat": {"backgroundColor": {"red": 0.9}}},
                "fields": "userEnteredFormat.backgroundColor",
            }
        },
        {
            "updateDimensionProperties": {
                "range": {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": 1, "endIndex": 2},
                "properties": {"pixelSize": 240},
                "fields": "pixelSize",
            }
        },
        {"setBasicFilter": {"filter": {"range": {"sheetId": sheet_id}}}},
    ]
    reply = api(fake, "POST", ":batchUpdate", json={"requests": requests_}).json()

    found = api(fake, "GET", "", params={"includeGridData": "true", "ranges": "Sheet1!A1:C3"}).json()["sheets"][0]
    cell_b2 = found["data"][0]["rowData"][1]["values"][1]
    assert reply["replies"][2]["addProtectedRange"]["protectedRange"]["warningOnly"] is True
    assert found["properties"]["gridProperties"]["frozenRowCount"] == 1
    assert found["protectedRanges"][0]["description"] == "kiosk"
    assert found["basicFilter"] == {"range": {"sheetId": sheet_id}}
    assert cell_b2 == {"userEnteredFormat": {"backgroundColor": {"red": 0.9}}, "dataValidation": rule}
    assert found["data"][0]["columnMetadata"][1] == {"pixelSize": 240}
    assert fake.batch_requests["setDataValidation"] == 1


def test_faults_meet_the_requests_they_were_injected_for(fake: SheetsFake, book: SpreadsheetView) -> None:
    fake.inject(rate_limited(retry_after=7), on="values.get")
    fake.inject(server_error(503))

    limited = api(fake, "GET", "/values/Sheet1")
    unavailable = api(fake, "GET", "/values/Sheet1")
    fine = api(fake, "GET", "/values/Sheet1")

    assert (limited.status_code, limited.headers["Retry-After"]) == (429, "7")
    assert limited.json()["error"]["status"] == "RESOURCE_EXHAUSTED"
    assert unavailable.json()["error"] == {
        "code": 503,
        "message": "The service is currently unavailable.",
        "status": "UNAVAILABLE",
    }
    assert fine.status_code == 200
    assert fake.requests["values.get"] == 3  # failed requests count, as against Google's quota
    assert fake.pending() == 0


def test_a_dropped_connection_applies_nothing_and_a_lost_answer_applies_all(
    fake: SheetsFake, book: SpreadsheetView
) -> None:
    write = {"params": {"valueInputOption": "RAW"}, "json": {"values": [["written"]]}}
    fake.inject(dropped_connection(), on="values.update")
    with pytest.raises(requests.ConnectionError):
        api(fake, "PUT", "/values/Sheet1%21A1", **write)
    assert book.tab("Sheet1") == []

    fake.inject(answer_lost(), on="values.update")
    with pytest.raises(requests.ConnectionError):
        api(fake, "PUT", "/values/Sheet1%21A1", **write)
    assert book.tab("Sheet1") == [["written"]]


def test_a_slow_answer_outlasts_a_short_timeout(fake: SheetsFake, book: SpreadsheetView) -> None:
    fake.inject(slow(1.0))

    with pytest.raises(requests.ReadTimeout):
        requests.get(f"{fake.api_base}/v4/spreadsheets/desk-key", timeout=(2.0, 0.2))


def test_staff_sort_insert_delete_and_move_like_in_a_browser(book: SpreadsheetView) -> None:
    book.add_tab(
        "Queue",
        [["ID", "Number", "Status"], ["T1", "A002", "waiting"], ["T2", "A001", "called"], ["T3", "A003", "served"]],
    )

    book.sort_rows("Queue", "Number")
    assert [row[0] for row in book.tab("Queue")[1:]] == ["T2", "T1", "T3"]
    book.move_rows("Queue", 1, 1, to=4)
    assert [row[0] for row in book.tab("Queue")[1:]] == ["T1", "T3", "T2"]
    book.insert_row("Queue", 2)
    book.delete_row("Queue", 1)
    assert book.tab("Queue")[1:] == [[], ["T3", "A003", "served"], ["T2", "A001", "called"]]
    book.move_column("Queue", "Status", 0)
    book.type_into("Queue", row_id="T2", header="Status", value="=1+1")
    assert book.tab("Queue")[0] == ["Status", "ID", "Number"]
    assert book.cell("Queue", 3, 0) == Formula("=1+1")


def test_staff_can_act_between_any_two_requests(fake: SheetsFake, book: SpreadsheetView) -> None:
    book.add_tab("Queue", [["ID"], ["T1"], ["T2"]])
    fake.before("values.update", lambda: book.reverse_rows("Queue"))

    first = api(fake, "GET", "/values/Queue").json()["values"]
    api(fake, "PUT", "/values/Queue%21B2", params={"valueInputOption": "RAW"}, json={"values": [["meant for T1"]]})

    assert first == [["ID"], ["T1"], ["T2"]]
    assert book.tab("Queue") == [["ID"], ["T2", "meant for T1"], ["T1"]]  # what a write by position risks


def test_the_fake_runs_as_a_process_of_its_own() -> None:
    with SheetsFakeProcess.running(keys=["desk-key"]) as fake:
        client = gspread.Client(auth=None, session=requests.Session())  # type: ignore[arg-type]
        url = f"{fake.api_base}/v4/spreadsheets/desk-key/values/Sheet1%21A1"
        client.http_client.request("put", url, params={"valueInputOption": "RAW"}, json={"values": [["hello"]]})
        fake.inject("server_error", on="values.get", status=500)
        fake.staff("desk-key", "type_cell", name="Sheet1", row=0, column=1, value="=1+1")

        with pytest.raises(gspread.exceptions.APIError, match="500"):
            client.http_client.request("get", url)
        assert fake.tab("desk-key", "Sheet1") == [["hello", "=1+1"]]
        assert fake.requests()["requests"] == {"values.update": 1, "values.get": 1}


def test_a_big_tab_can_be_loaded_at_once_for_a_benchmark(fake: SheetsFake, book: SpreadsheetView) -> None:
    rows = [["ID", "Note"], *([f"SITE-T{index:07d}", "=not a formula"] for index in range(1, 3001))]

    book.load_tab("Queue", rows)

    assert book.sheet("Queue").row_count == 3001
    assert book.cell("Queue", 3000, 1) == "=not a formula"
    assert book.tab("Queue")[3000] == ["SITE-T0003000", "=not a formula"]
