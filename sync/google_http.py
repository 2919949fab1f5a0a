"""Talking to the Sheets API: gspread's HTTP client, pointed at Google or a fake, under a retry policy we own.

gspread's ``BackOffHTTPClient`` retries forever and ignores ``Retry-After``; this one retries a bounded
number of times with capped, jittered, doubling waits, honours ``Retry-After``, and then gives the
request up to the next sync cycle by raising WorkbookBusy (rate limited) or WorkbookUnavailable.

A request that may have been applied although its answer was lost (a timeout, a dropped connection,
a 5xx) is repeated only when repeating it is harmless. Writing cells at fixed places is; adding rows
or tabs is not, so such a write is left to the next cycle, which reads the sheet first.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, TypeVar, cast

import requests
from google.auth.credentials import Credentials
from google.auth.exceptions import GoogleAuthError, TransportError
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient, ParamsType
from gspread.urls import SPREADSHEET_URL
from urllib3.exceptions import MaxRetryError, NewConnectionError

from sync.backend import WorkbookBusy, WorkbookUnavailable
from sync.pace import RequestTally

GOOGLE_SHEETS_ORIGIN = "https://sheets.googleapis.com"
GOOGLE_DRIVE_ORIGIN = "https://www.googleapis.com"
DRIVE_FILE_URL = GOOGLE_DRIVE_ORIGIN + "/drive/v3/files/%s"
# Drive's metadata only, to ask a spreadsheet's version: an idle cycle then reads no values.
SCOPES = ["https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive.metadata.readonly"]
TRANSIENT_STATUSES = frozenset({408, 500, 502, 503, 504})

T = TypeVar("T")


class SheetsRefusal(WorkbookUnavailable):
    """Google answered with an error that retrying will not change (400, 403, 404 ...)."""

    def __init__(self, message: str, *, code: int, google_message: str) -> None:
        super().__init__(message)
        self.code = code
        self.google_message = google_message


class SheetsHttpClient(HTTPClient):
    """gspread's HTTP client, its Sheets and Drive requests sent to ``api_base`` instead of Google if given."""

    def __init__(
        self, auth: Credentials | None, session: requests.Session | None = None, *, api_base: str = ""
    ) -> None:
        super().__init__(cast(Credentials, auth), session)
        self.api_base = api_base.rstrip("/")

    def request(
        self,
        method: str,
        endpoint: str,
        params: ParamsType | None = None,
        data: bytes | None = None,
        json: Mapping[str, Any] | None = None,
        files: Any = None,
        headers: Any = None,
    ) -> requests.Response:
        """Send one request (once: retrying is the policy's business)."""
        for origin in (GOOGLE_SHEETS_ORIGIN, GOOGLE_DRIVE_ORIGIN):
            if self.api_base and endpoint.startswith(origin):
                endpoint = self.api_base + endpoint.removeprefix(origin)
        return super().request(method, endpoint, params=params, data=data, json=json, files=files, headers=headers)


def sheets_http_client(
    *, service_account: Path | None, api_base: str, timeout: tuple[float, float]
) -> SheetsHttpClient:
    """A client signed in as the service account, or without credentials when ``api_base`` names a fake."""
    if service_account is None:
        if not api_base:
            raise WorkbookUnavailable(
                "no Google service account is configured: set google_service_account "
                "(env LOBBYDESK_GOOGLE_SERVICE_ACCOUNT) to the account's JSON key file"
            )
        client = SheetsHttpClient(None, requests.Session(), api_base=api_base)
    else:
        from google.oauth2.service_account import Credentials as ServiceAccountCredentials

        try:
            credentials = ServiceAccountCredentials.from_service_account_file(  # type: ignore[no-untyped-call]
                str(service_account), scopes=SCOPES
            )
        except (OSError, ValueError) as error:
            raise WorkbookUnavailable(
                f"the Google service account key {service_account} cannot be used: {error}"
            ) from error
        client = SheetsHttpClient(credentials, api_base=api_base)
    client.set_timeout(timeout)
    return client


@dataclass(frozen=True)
class Failure:
    """What went wrong with one try, as far as retrying is concerned."""

    detail: str
    transient: bool
    may_have_applied: bool = False
    rate_limited: bool = False
    retry_after: float | None = None
    code: int = 0
    google_message: str = ""


def failure_of(error: Exception) -> Failure:
    """Sort an exception from one try: worth another try? could it have been applied?"""
    if isinstance(error, APIError):
        code = error.response.status_code
        message = str(error.error.get("message", "")) if isinstance(error.error, Mapping) else str(error)
        detail = f"{code} {error.error.get('status', '')}: {message}".replace("  ", " ")
        retry_after = retry_after_seconds(error.response.headers.get("Retry-After"))
        if code == 429:
            return Failure(detail, transient=True, rate_limited=True, retry_after=retry_after, code=code)
        if code in TRANSIENT_STATUSES:
            return Failure(detail, transient=True, may_have_applied=True, retry_after=retry_after, code=code)
        return Failure(detail, transient=False, code=code, google_message=message)
    if isinstance(error, requests.exceptions.ConnectTimeout) or _refused(error):
        return Failure(f"could not connect ({error})", transient=True)
    if isinstance(error, requests.RequestException):
        return Failure(
            f"the connection failed ({type(error).__name__}: {error})", transient=True, may_have_applied=True
        )
    if isinstance(error, TransportError):
        return Failure(f"could not reach Google to sign in ({error})", transient=True)
    return Failure(f"Google did not accept the service account ({error})", transient=False)


def _refused(error: Exception) -> bool:
    """True when the connection was never made, so the request surely was not sent."""
    reason = error.args[0] if error.args else None
    return (
        isinstance(error, requests.ConnectionError)
        and isinstance(reason, MaxRetryError)
        and isinstance(reason.reason, NewConnectionError)
    )


def retry_after_seconds(header: str | None, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> float | None:
    """A Retry-After header in seconds: delta-seconds or an HTTP date; None when absent or unreadable."""
    if not header:
        return None
    try:
        return max(0.0, float(header))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(header) - now()).total_seconds())
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class RetryPolicy:
    """How often, and how long, one request is tried before it is left to the next cycle."""

    attempts: int = 4  # tries in all, the first included
    first_wait: float = 1.0  # seconds before the first retry (before jitter)
    longest_wait: float = 16.0  # no single wait is longer, unless Retry-After asks for it
    patience: float = 20.0  # the waits of one request add up to at most this
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic  # for a Retry-After that outlasts the patience
    random_fraction: Callable[[], float] = random.random  # in [0, 1): the jitter

    def backoff(self, retry: int) -> float:
        """The wait before retry number ``retry`` (1 for the first): doubling, capped, between half and all of it."""
        ceiling = min(self.longest_wait, self.first_wait * 2.0 ** (retry - 1))
        return ceiling / 2 + self.random_fraction() * ceiling / 2

    def run(self, call: Callable[[], T], *, what: str, repeatable: bool) -> T:
        """Make the call, retrying transient failures; raise WorkbookBusy / WorkbookUnavailable when giving up."""
        waited = 0.0
        tries = 0
        while True:
            tries += 1
            try:
                return call()
            except (APIError, requests.RequestException, GoogleAuthError) as error:
                failure = failure_of(error)
                cause: Exception = error
            if not failure.transient:
                raise SheetsRefusal(
                    refusal_message(what, failure), code=failure.code, google_message=failure.google_message
                ) from cause
            if failure.may_have_applied and not repeatable:
                raise WorkbookUnavailable(
                    f"the answer to {what} was lost ({failure.detail}); it may have been applied, so it is not "
                    f"sent again: the next cycle reads the sheet and writes only what is missing"
                ) from cause
            wait = max(self.backoff(tries), failure.retry_after or 0.0)
            if tries >= self.attempts or waited + wait > self.patience:
                raise _given_up(what, failure, tries) from cause
            self.sleep(wait)
            waited += wait


class RateLimited(WorkbookBusy):
    """Google refused a request for quota; ``retry_after`` is how long it asked us to wait, if it said."""

    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _given_up(what: str, failure: Failure, tries: int) -> Exception:
    times = "once" if tries == 1 else f"{tries} times"
    if failure.rate_limited:
        return RateLimited(
            f"Google Sheets is rate limiting lobbydesk ({what} refused {times}: {failure.detail}); "
            f"the next cycle tries again",
            failure.retry_after,
        )
    return WorkbookUnavailable(
        f"Google Sheets did not answer {what} ({times}: {failure.detail}); the next cycle tries again"
    )


def refusal_message(what: str, failure: Failure) -> str:
    """A refusal in words that say what to do about it."""
    if failure.code == 403:
        return (
            f"Google Sheets refused {what}: {failure.detail}. Share the spreadsheet with the service account's "
            f"e-mail address (client_email in its key file) as an Editor"
        )
    if failure.code == 404:
        return f"Google Sheets has no such spreadsheet ({failure.detail}); check the key in the gsheets:// URL"
    if failure.code == 401 or not failure.code:
        return f"Google did not accept lobbydesk's credentials for {what}: {failure.detail}"
    return f"Google Sheets refused {what}: {failure.detail}"


class SheetsApi:
    """The calls the backend makes, on one spreadsheet, each under the retry policy."""

    def __init__(self, key: str, client: SheetsHttpClient, policy: RetryPolicy) -> None:
        self.key = key
        self.client = client
        self.policy = policy
        self._quiet_until = 0.0  # Google asked for quiet until then (policy.clock time)
        self.tally = RequestTally()  # every try sent, by quota, for the sync's pace

    def spreadsheet(self, fields: str, ranges: list[str] | None = None) -> dict[str, Any]:
        """spreadsheets.get: the tabs (``fields`` says what of them), with the cells of ``ranges`` if given."""
        url = SPREADSHEET_URL % self.key
        params: ParamsType = {"includeGridData": "true" if ranges else "false", "fields": fields}
        if ranges:
            params["ranges"] = ranges
        what = "the request for the tabs' formats" if ranges else "the request for the list of tabs"
        return self._json("get", url, params, None, what=what, repeatable=True)

    def values(self, ranges: list[str]) -> list[dict[str, Any]]:
        """values.batchGet of whole ranges: a formula as the value it shows, dates as shown, numbers as numbers.

        A formula staff typed is taken for what it shows, as the .xlsx backend takes a formula's saved result:
        ``=B2*2`` in an amount is the amount, not the text "=B2*2" listed in Problems as no number.
        """
        url = (SPREADSHEET_URL % self.key) + "/values:batchGet"
        params: ParamsType = {
            "ranges": ranges,
            "valueRenderOption": "UNFORMATTED_VALUE",
            "dateTimeRenderOption": "FORMATTED_STRING",
            "majorDimension": "ROWS",
        }
        answer = self._json("get", url, params, None, what="the read", repeatable=True)
        return list(answer.get("valueRanges", []))

    def file_version(self) -> dict[str, Any]:
        """Drive's files.get of the spreadsheet: its ``version`` (it moves with every change) and ``modifiedTime``."""
        params: ParamsType = {"fields": "version,modifiedTime", "supportsAllDrives": "true"}
        url = DRIVE_FILE_URL % self.key
        return self._json("get", url, params, None, what="the request for its version", repeatable=True)

    def batch_update(self, body: bytes, *, fields: str | None, repeatable: bool) -> dict[str, Any]:
        """spreadsheets.batchUpdate of a body made by :mod:`sync.google_bodies`: all of it is applied, or none."""
        url = (SPREADSHEET_URL % self.key) + ":batchUpdate"
        params: ParamsType = {"fields": fields} if fields else {}
        return self._json("post", url, params, body, what="the write", repeatable=repeatable)

    def _json(
        self, method: str, url: str, params: ParamsType, body: bytes | None, *, what: str, repeatable: bool
    ) -> dict[str, Any]:
        headers = None if body is None else {"Content-Type": "application/json"}

        def call() -> dict[str, Any]:
            self._count(url, method)
            try:
                response = self.client.request(method, url, params=params, data=body, headers=headers)
            except APIError as error:
                if error.response.status_code == 429:  # refused for quota: Google did not count it
                    self._count(url, method, -1)
                    self.tally.refused(retry_after_seconds(error.response.headers.get("Retry-After")))
                raise
            try:
                return cast(dict[str, Any], response.json())
            except ValueError as error:
                raise WorkbookUnavailable(f"Google Sheets answered {what} with something unreadable") from error

        wait = self._quiet_until - self.policy.clock()
        if wait > 0:
            raise WorkbookBusy(f"Google Sheets asked lobbydesk to wait {wait:.0f} s more before {what}; not sent yet")
        try:
            return self.policy.run(call, what=what, repeatable=repeatable)
        except RateLimited as limited:
            # A Retry-After longer than the patience still holds: later cycles keep quiet until it has passed.
            if limited.retry_after:
                self._quiet_until = self.policy.clock() + limited.retry_after
            raise

    def _count(self, url: str, method: str, by: int = 1) -> None:
        """Count one try against the quota it falls under: Drive's, Sheets' reads or Sheets' writes."""
        if url.startswith(GOOGLE_DRIVE_ORIGIN + "/drive/"):
            self.tally.checks += by
        elif method == "get":
            self.tally.reads += by
        else:
            self.tally.writes += by
