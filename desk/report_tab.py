"""The Report tab: every figure of the last twelve months, one row each, for staff to chart in their spreadsheet.

One row per (month, section, dimension, measure). Rows lobbydesk writes alone, like the Arrears tab;
a row is rewritten only when its value changed, and the figures are worked out again at most every
quarter of an hour (all twelve months once a day, else this month and the last), so an idle day
costs the sync nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from desk.clock import Clock
from desk.ids import IdFactory
from desk.records import Owner, Record, column
from desk.report_data import build_figures, load_inputs
from desk.report_figures import Span, months_back
from desk.store import Store

TAB_MONTHS = 12
REFRESH_AT_MOST_EVERY = timedelta(minutes=15)
# Months whose records are held at once: a quarter of a year's memory, the ledger scanned four times a day.
MONTHS_READ_TOGETHER = 3


class ReportFigure(Record):
    """One figure of one month: e.g. 2026-12, collection_building, 3, rate, 96.5."""

    TAB = "Report"
    ID_KIND = "RF"

    month: str = column("Month", Owner.KIOSK, pattern=r"^\d{4}-\d\d$")
    section: str = column("Section", Owner.KIOSK, min_length=1, max_length=40)
    dimension: str = column("Dimension", Owner.KIOSK, default="", max_length=40)
    measure: str = column("Measure", Owner.KIOSK, min_length=1, max_length=40)
    value: Decimal = column("Value", Owner.KIOSK)
    as_of: datetime = column("As of", Owner.KIOSK)


class ReportTab:
    """Keeps the Report tab current; an after-sync step (idempotent, cheap when nothing changed)."""

    def __init__(self, store: Store, clock: Clock, ids: IdFactory) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self._done: tuple[int, datetime] | None = None
        self._whole_year_on: date | None = None
        self.worked_out = 0  # how many times the figures were worked out (each costs a scan of the ledger)

    def refresh(self) -> int:
        """Rewrite the figures that changed over the last twelve months; returns how many rows were written.

        A few months at a time, their records read in a snapshot that holds no kiosk up: on the large
        demo a year's records at once held the store for 14 s and took 270 MB; a month at a time scans
        the ledger twelve times (26 s).
        """
        now = self._clock.now()
        with self._store.reading() as tx:
            revision = tx.last_revision()
        if self._done is not None and (self._done[0] == revision or now - self._done[1] < REFRESH_AT_MOST_EVERY):
            return 0
        this_month = f"{now.astimezone(self._clock.tz):%Y-%m}"
        today = now.astimezone(self._clock.tz).date()
        # Older months change only by late payments and late ratings: all twelve once a day, else the last two.
        back = TAB_MONTHS - 1 if self._whole_year_on != today else 1
        months = Span(months_back(this_month, back), this_month, self._clock.tz).months
        written = 0
        for at in range(0, len(months), MONTHS_READ_TOGETHER):
            chunk = months[at:at + MONTHS_READ_TOGETHER]
            written += self._refresh_months(Span(chunk[0], chunk[-1], self._clock.tz), now)
        self.worked_out += 1
        with self._store.reading() as tx:
            after = tx.last_revision()
        # Each row written is one revision: if the revisions since are exactly ours, nothing else changed and
        # the next look can start from here; else from before, so a change made meanwhile is looked at again.
        self._done = (after if after - revision == written else revision, now)
        self._whole_year_on = today
        return written

    def _refresh_months(self, span: Span, now: datetime) -> int:
        """Work out each month's figures of the span and rewrite the rows whose value changed."""
        with self._store.reading() as tx:
            inputs = load_inputs(tx, span)
        written = 0
        for month in span.months:
            figures = build_figures(inputs, span.single(month), now)
            with self._store.transaction() as tx:
                existing = {(r.section, r.dimension, r.measure): r
                            for r in tx.find(ReportFigure, "json_extract(body, '$.month') = ?", (month,))}
                for chart in (figures.summary, *figures.tables.values()):
                    for dimension, measure, value in chart.cells():
                        if not value and chart is not figures.summary:
                            continue  # a zero row per idle category would bury the figures; a pivot reads 0
                        old = existing.get((chart.key, dimension, measure))
                        if old is not None and old.value == value:
                            continue
                        tx.put(ReportFigure(id=old.id if old else tx.new_id(self._ids, ReportFigure), month=month,
                                            section=chart.key, dimension=dimension, measure=measure, value=value,
                                            as_of=now), actor="report", at=now)
                        written += 1
        return written
