"""The store's schema, one migration at a time: append new ones at the end, never edit old ones."""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
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
)
