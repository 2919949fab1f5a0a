"""The store's schema and data, one migration at a time: append new ones at the end, never edit old ones.

A migration is SQL, or a data step: a Python function given a store transaction and the time of the
upgrade, for what SQL cannot say (reading a unit as a clerk typed it). :meth:`desk.store.Store.open`
runs every pending one in one transaction, so a step that fails leaves the store as it was. A data
step that changes bodies writes each as a new version in the history, as every write does, so the
owner file shows the change and the sync sends it to the workbook.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from desk.sync_state import SyncProblem

if TYPE_CHECKING:  # the store imports this module; a data step only receives its transaction
    from desk.store import StoredBody, Transaction
    from desk.units import Unit, UnitIndex

DataStep = Callable[["Transaction", datetime], None]
Migration = str | DataStep

# Who the history names for a body an upgrade rewrote.
UPGRADE_ACTOR = "lobbydesk upgrade (unit as typed -> the unit's ID)"
# How long the Problems tab lists a unit text the upgrade could not read. Nothing lists it again (the
# sync reads only the cells staff change), so it outlasts a week off, and goes once it is stale.
UNREAD_UNIT_LISTED_FOR = timedelta(days=14)
# The tabs with a one-unit column and its header, as they were at migration 8. A kind not listed
# (AnonymousSenders) has no tab: its unit is rewritten, never listed, so nobody learns who sent one.
UNIT_HEADERS = {
    "Queue": "Unit", "Residents": "Unit", "Repairs": "Unit ID", "Feedback": "Unit ID", "MeterReadings": "Unit",
    "Charges": "Unit", "Payments": "Unit", "Signups": "Unit", "Visitors": "Unit", "MoveIns": "Unit",
    "Parcels": "Unit", "ServiceRequests": "Unit", "Keys": "Unit", "Ballots": "Unit",
}
# A fee rule's Units lists units and buildings; the billing compares its items one by one.
FEE_RULES, FEE_RULE_UNITS = "FeeRules", "Units"
_FEE_RULE_ITEM_SEPARATORS = re.compile(r"[,，;；\s]+")
# Bodies holding one unit that is not a unit's ID: text a clerk typed before unit columns were read as units.
_TYPED_UNIT = (
    "tab <> 'Units' AND json_type(body, '$.unit') = 'text' AND json_extract(body, '$.unit') <> '' "
    "AND json_extract(body, '$.unit') NOT IN (SELECT id FROM records WHERE tab = 'Units')"
)
_LISTED_UNITS = "tab = 'FeeRules' AND json_type(body, '$.units') = 'text' AND json_extract(body, '$.units') <> ''"


def unit_text_to_unit_ids(tx: Transaction, at: datetime) -> None:
    """Migration 8: a unit kept as typed (``1-301``, ``1栋301``, `` 1-301 ``) becomes the unit's ID.

    Earlier versions stored what staff typed in a unit column; the kiosk, the owner file and the
    reports look records up by the unit's ID, so such a record was missed. A text naming one unit
    (by its label however written, or its ID with stray spaces) becomes that unit's ID, and an empty
    unit label beside it, or one naming the same unit, the unit's label. Where a label is several
    units' (two sites', or ``A-301`` and ``A座-301``), the unit of the record's own site is taken
    when it has exactly one. A text naming no unit, or several, is never guessed at: it stays as it
    is and the Problems tab lists it. A fee rule's Units are written the way the sync writes them.
    Running it again changes nothing and lists nothing twice.
    """
    from desk.units import Unit, UnitIndex  # at run time only: desk.units imports the store, which imports this

    units = UnitIndex.of(tx.find(Unit))
    unread: list[SyncProblem] = []
    until = (at + UNREAD_UNIT_LISTED_FOR).isoformat()
    for stored in tx.stored_bodies(_TYPED_UNIT):
        text = stored.body["unit"]
        named = _own_site_first(units.all_named(text), stored.id)
        if len(named) == 1:
            tx.rewrite_body(stored, _unit_and_label(stored, named[0], units), actor=UPGRADE_ACTOR, at=at)
        elif stored.tab in UNIT_HEADERS:
            reason = units.why_not(text) if not named else _several(text, named)
            unread.append(SyncProblem(stored.tab, stored.id, UNIT_HEADERS[stored.tab], text,
                                      f"kept as typed at the upgrade to unit IDs: {reason}", until))
    for stored in tx.stored_bodies(_LISTED_UNITS):
        text = stored.body["units"]
        try:
            written = units.names_in(text)
        except ValueError as nothing:
            unread.append(SyncProblem(FEE_RULES, stored.id, FEE_RULE_UNITS, text,
                                      f"kept as typed at the upgrade to unit IDs: {nothing}", until))
            continue
        if _fee_rule_items(written) != _fee_rule_items(text):
            tx.rewrite_body(stored, {"units": written}, actor=UPGRADE_ACTOR, at=at)
    listed = tx.sync_problems()
    seen = {(p.tab, p.record, p.header) for p in listed}
    tx.replace_sync_problems([*listed, *(p for p in unread if (p.tab, p.record, p.header) not in seen)])


def _own_site_first(named: list[Unit], record_id: str) -> list[Unit]:
    """Of several units sharing a label, those of the record's own site (its ID's first part), if it has any."""
    if len(named) <= 1:
        return named
    site = f"{record_id.partition('-')[0]}-"
    return [unit for unit in named if unit.id.startswith(site)] or named


def _unit_and_label(stored: StoredBody, unit: Unit, units: UnitIndex) -> dict[str, str]:
    """The body's new unit, and its label where the body has one that is empty or names the same unit."""
    changes = {"unit": unit.id}
    label = stored.body.get("unit_label")
    if isinstance(label, str) and label != unit.label and (not label.strip() or unit in units.all_named(label)):
        changes["unit_label"] = unit.label
    return changes


def _several(text: str, named: list[Unit]) -> str:
    listed = ", ".join(f"{unit.label} ({unit.id})" for unit in named)
    return f"{text.strip()!r} names {len(named)} units: {listed}; type the one meant by its ID"


def _fee_rule_items(text: str) -> set[str]:
    """The items of a fee rule's Units as the billing compares them."""
    return {item for item in _FEE_RULE_ITEM_SEPARATORS.split(text) if item}


MIGRATIONS: tuple[Migration, ...] = (
    """
    CREATE TABLE records (
        tab TEXT NOT NULL,
        id TEXT NOT NULL,
        body TEXT NOT NULL,
        revision INTEGER NOT NULL,
        PRIMARY KEY (tab, id)
    );
    CREATE INDEX records_by_revision ON records (tab, revision);
    CREATE TABLE history (
        revision INTEGER PRIMARY KEY AUTOINCREMENT,
        tab TEXT NOT NULL,
        id TEXT NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        body TEXT NOT NULL
    );
    CREATE INDEX history_by_record ON history (id);
    CREATE TABLE sequences (
        scope TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    );
    CREATE TABLE sync_rows (
        tab TEXT NOT NULL,
        id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        agreed TEXT NOT NULL,
        PRIMARY KEY (tab, id)
    );
    CREATE TABLE print_jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        ref TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'queued',
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX print_jobs_by_status ON print_jobs (status, id);
    CREATE INDEX print_jobs_by_ref ON print_jobs (ref);
    """,
    # 2: secrets that never leave the store (unit PINs, staff passwords), as slow salted hashes.
    """
    CREATE TABLE credentials (
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT '',
        hash TEXT NOT NULL,
        failures INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (kind, subject)
    );
    """,
    # 3: the sync's memory between cycles: outcomes and Settings-tab values by key, and the Problems list.
    """
    CREATE TABLE site_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE sync_problems (
        position INTEGER PRIMARY KEY,
        tab TEXT NOT NULL,
        record TEXT NOT NULL,
        header TEXT NOT NULL,
        value TEXT NOT NULL,
        reason TEXT NOT NULL,
        until TEXT
    );
    """,
    # 4: the print journal's retry time and REPRINT mark, and staff alerts (printer out of paper...).
    """
    ALTER TABLE print_jobs ADD COLUMN reprint INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE print_jobs ADD COLUMN next_attempt_at TEXT;
    CREATE TABLE alerts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        raised_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        cleared_at TEXT
    );
    CREATE UNIQUE INDEX alerts_open ON alerts (source, code) WHERE cleared_at IS NULL;
    """,
    # 5: a unit's records without reading every record of the tab: repairs, feedback, charges... are
    # looked up by json_extract(body, '$.unit') = ? (a report's limits went from 37 ms to 0.6 ms with
    # 20,000 closed repairs; see bench/repairs/run.py).
    """
    CREATE INDEX records_by_unit ON records (tab, json_extract(body, '$.unit'));
    """,
    # 6: every try at a unit PIN or a staff password, kept an hour: the throttles count the wrong ones
    # per screen, address and site, and a right PIN is refused when other tries at its unit overlapped
    # it (see desk/credentials.py). ``at`` is seconds since the epoch, so windows compare as numbers.
    """
    CREATE TABLE sign_in_attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        browser TEXT NOT NULL,
        address TEXT NOT NULL,
        at REAL NOT NULL,
        result TEXT NOT NULL
    );
    CREATE INDEX sign_in_attempts_by_time ON sign_in_attempts (kind, at);
    CREATE INDEX sign_in_attempts_by_subject ON sign_in_attempts (kind, subject, id);
    """,
    # 7: records moved to a year's archive workbook (desk/archive_marks.py): the store keeps them, the live
    # workbook no longer shows them, and the sync neither sends them again nor takes their absence for a
    # deletion, unless the record changes after ``revision``.
    """
    CREATE TABLE archived (
        tab TEXT NOT NULL,
        id TEXT NOT NULL,
        year INTEGER NOT NULL,
        revision INTEGER NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (tab, id)
    );
    """,
    # 8: units kept as typed by earlier versions become the unit's ID (see unit_text_to_unit_ids).
    unit_text_to_unit_ids,
)
