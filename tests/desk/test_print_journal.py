"""The print journal and staff alerts in the store: claims, outcomes, waiting, a crash, and old stores."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from desk.clock import FixedClock
from desk.print_journal import NOT_PRINTED
from desk.store import MIGRATIONS, Store


def journal_one(store: Store, clock: FixedClock, ref: str = "SUNNY-T000001") -> int:
    with store.transaction() as tx:
        return tx.add_print_job("queue_ticket", ref, {"ahead": 0, "lang": "zh"}, at=clock.now())


def test_a_job_is_claimed_once_then_recorded_as_sent(store: Store, clock: FixedClock) -> None:
    job_id = journal_one(store, clock)

    with store.transaction() as tx:
        claimed = tx.claim_print_job(job_id, at=clock.now())
        assert tx.claim_print_job(job_id, at=clock.now()) is None, "a second worker gets nothing"
    assert claimed is not None and (claimed.status, claimed.attempts) == ("sending", 1)
    assert claimed.payload == {"ahead": 0, "lang": "zh"}

    with store.transaction() as tx:
        tx.mark_print_job_sent(job_id, at=clock.now())
        [job] = tx.print_jobs("sent")
        assert tx.pending_print_jobs() == []
        assert tx.print_job_status("SUNNY-T000001") == "sent"
    assert (job.attempts, job.last_error, job.next_attempt_at, job.reprint) == (1, "", None, False)


def test_a_failed_attempt_waits_for_its_retry_and_remembers_it_may_be_on_paper(
    store: Store, clock: FixedClock
) -> None:
    job_id = journal_one(store, clock)
    retry_at = clock.now() + timedelta(seconds=5)

    with store.transaction() as tx:
        tx.claim_print_job(job_id, at=clock.now())
        tx.mark_print_job_failed(job_id, error="paper jam", retry_at=retry_at, maybe_printed=True, at=clock.now())
        [job] = tx.pending_print_jobs()
    assert (job.status, job.attempts, job.last_error, job.next_attempt_at, job.reprint) == (
        "failed", 1, "paper jam", retry_at, True,
    )

    with store.transaction() as tx:
        again = tx.claim_print_job(job_id, at=clock.now())
        tx.mark_print_job_failed(job_id, error="refused", retry_at=retry_at, maybe_printed=False, at=clock.now())
        [job] = tx.print_jobs("failed")
    assert again is not None and again.attempts == 2
    assert job.reprint, "once maybe printed, always marked"


def test_outcomes_only_land_on_a_job_being_sent(store: Store, clock: FixedClock) -> None:
    job_id = journal_one(store, clock)

    with store.transaction() as tx:
        tx.mark_print_job_sent(job_id, at=clock.now())
        tx.mark_print_job_failed(job_id, error="x", retry_at=clock.now(), maybe_printed=False, at=clock.now())
        assert tx.print_job_status("SUNNY-T000001") == "queued"


def test_waiting_for_the_printer_is_not_an_attempt(store: Store, clock: FixedClock) -> None:
    job_id = journal_one(store, clock)
    retry_at = clock.now() + timedelta(seconds=5)

    with store.transaction() as tx:
        assert tx.hold_print_job(job_id, reason="waiting for the printer: paper out", retry_at=retry_at, at=clock.now())
        [job] = tx.print_jobs("failed")
        tx.claim_print_job(job_id, at=clock.now())
        assert not tx.hold_print_job(job_id, reason="too late", retry_at=retry_at, at=clock.now()), "it is sending"
    assert (job.attempts, job.last_error) == (0, "waiting for the printer: paper out")


def test_after_a_crash_jobs_left_sending_go_back_to_the_queue_as_reprints(store: Store, clock: FixedClock) -> None:
    sending, waiting = journal_one(store, clock), journal_one(store, clock, "SUNNY-T000002")
    with store.transaction() as tx:
        tx.claim_print_job(sending, at=clock.now())

    with store.transaction() as tx:
        assert tx.requeue_interrupted_print_jobs(at=clock.now()) == [sending]
        first, second = tx.pending_print_jobs()
    assert (first.id, first.status, first.reprint, first.attempts) == (sending, "queued", True, 1)
    assert (second.id, second.reprint) == (waiting, False)


def test_the_newest_job_of_a_record_gives_its_print_status(store: Store, clock: FixedClock) -> None:
    first = journal_one(store, clock)
    with store.transaction() as tx:
        tx.claim_print_job(first, at=clock.now())
        tx.mark_print_job_sent(first, at=clock.now())
    journal_one(store, clock)  # printed again on request

    with store.transaction() as tx:
        assert tx.print_job_status("SUNNY-T000001") == "queued"
        assert tx.print_job_status("SUNNY-T999999") is None


def test_an_alert_stays_open_once_however_often_it_is_raised_until_cleared(store: Store, clock: FixedClock) -> None:
    raised_at = clock.now()
    with store.transaction() as tx:
        assert tx.raise_alert("printer", "paper_out", "printer is out of paper", at=raised_at)
        tx.raise_alert("printer", "cover_open", "the cover is open", at=raised_at)
    clock.advance(minutes=1)
    with store.transaction() as tx:
        assert not tx.raise_alert("printer", "paper_out", "printer is STILL out of paper", at=clock.now())
        [paper_out, _cover_open] = tx.open_alerts("printer")
    assert (paper_out.message, paper_out.raised_at, paper_out.last_seen_at) == (
        "printer is STILL out of paper", raised_at, clock.now(),
    )

    with store.transaction() as tx:
        assert tx.clear_alerts("printer", keep=["paper_out"], at=clock.now()) == 1
        assert [alert.code for alert in tx.open_alerts()] == ["paper_out"]
        assert tx.clear_alerts("printer", at=clock.now()) == 1
        assert tx.open_alerts("printer") == []
        assert tx.raise_alert("printer", "paper_out", "out of paper again", at=clock.now()), "a new alert"


def test_a_store_from_before_the_retry_columns_keeps_its_waiting_jobs(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "old.sqlite3"
    journal_upgrade = next(n for n, script in enumerate(MIGRATIONS) if "ADD COLUMN reprint" in script)
    old = sqlite3.connect(path)
    for script in MIGRATIONS[:journal_upgrade]:
        old.executescript(script)
    old.execute(
        "INSERT INTO print_jobs (kind, ref, payload, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
        ("queue_ticket", "SUNNY-T000001", "{}", clock.now().isoformat(), clock.now().isoformat()),
    )
    old.execute(f"PRAGMA user_version = {journal_upgrade}")
    old.commit()
    old.close()

    store = Store(path)
    store.open()
    with store.transaction() as tx:
        [job] = tx.pending_print_jobs()
    store.close()
    assert (job.ref, job.status, job.reprint, job.next_attempt_at) == ("SUNNY-T000001", "queued", False, None)


def test_without_a_printer_a_waiting_job_is_closed_as_not_printed_and_never_claimed(
    store: Store, clock: FixedClock
) -> None:
    waiting = journal_one(store, clock)
    printed = journal_one(store, clock, ref="SUNNY-T000002")
    with store.transaction() as tx:
        tx.claim_print_job(printed, at=clock.now())
        tx.mark_print_job_sent(printed, at=clock.now())

    with store.transaction() as tx:
        assert tx.mark_print_job_not_printed(waiting, at=clock.now())
        assert not tx.mark_print_job_not_printed(printed, at=clock.now()), "what was sent stays sent"
        assert not tx.mark_print_job_not_printed(waiting, at=clock.now()), "closed once"
        assert tx.claim_print_job(waiting, at=clock.now()) is None
        assert tx.pending_print_jobs() == []
        assert (tx.print_job_status("SUNNY-T000001"), tx.print_job_status("SUNNY-T000002")) == (NOT_PRINTED, "sent")
        [job] = tx.print_jobs(NOT_PRINTED)
    assert (job.attempts, job.last_error, job.next_attempt_at) == (0, "this site has no printer", None)
