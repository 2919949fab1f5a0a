"""From a journal entry to ticket bytes: the record, the job's language, the site's zone, the REPRINT mark."""

from __future__ import annotations

import dataclasses
from zoneinfo import ZoneInfo

import pytest

from desk.queue import QueueDesk, Service
from desk.store import PrintJob, Store
from printers.profile import profile_named
from printers.renderers import QueueTicketRenderer, RendererByKind, RenderError, UnknownJobKindError
from tests.printers.conftest import SHANGHAI
from tests.printers.escpos_decoder import decode


def renderer_for(store: Store, **changes: object) -> QueueTicketRenderer:
    options: dict[str, object] = {
        "community_name": "阳光花园 Sunny Garden",
        "status_url": lambda ticket_id: f"https://desk.example.org/t/{ticket_id}",
        "profile": profile_named("default"),
        "tz": SHANGHAI,
        **changes,
    }
    return QueueTicketRenderer(store, **options)  # type: ignore[arg-type]


def test_the_renderer_explains_jobs_it_cannot_print(queue: QueueDesk, store: Store) -> None:
    render = renderer_for(store)
    ticket = queue.take_number(Service.INQUIRY).ticket

    def job(**changes: object) -> PrintJob:
        base = PrintJob(1, "queue_ticket", ticket.id, {"ahead": 0}, "queued", 0, "")
        return dataclasses.replace(base, **changes)  # type: ignore[arg-type]

    with pytest.raises(UnknownJobKindError, match="'receipt'"):
        render(job(kind="receipt"))
    with pytest.raises(RenderError, match="SUNNY-T999999 of print job 1 is not in the store"):
        render(job(ref="SUNNY-T999999"))
    with pytest.raises(RenderError, match="whole number of people ahead"):
        render(job(payload={}))
    with pytest.raises(RenderError, match="whole number of people ahead"):
        render(job(payload={"ahead": True}))
    with pytest.raises(RenderError, match="language 'fr'"):
        render(job(payload={"ahead": 0, "lang": "fr"}))


def test_the_renderer_prints_in_the_jobs_language_and_the_sites_time_zone(queue: QueueDesk, store: Store) -> None:
    ticket = queue.take_number(Service.MOVE_IN).ticket
    job = PrintJob(1, "queue_ticket", ticket.id, {"ahead": 2, "lang": "en"}, "queued", 0, "")

    paper = decode(renderer_for(store, tz=ZoneInfo("UTC"))(job))

    assert "Move-in" in paper.texts
    assert "2 people ahead of you" in paper.texts
    assert "2026-11-27 01:15" in paper.texts, "09:15 in Shanghai is 01:15 UTC"


def test_jobs_without_a_language_use_the_default(queue: QueueDesk, store: Store) -> None:
    ticket = queue.take_number(Service.COMPLAINT).ticket
    job = PrintJob(1, "queue_ticket", ticket.id, {"ahead": 0}, "queued", 0, "")

    assert "投诉" in decode(renderer_for(store)(job)).texts
    assert "Complaint" in decode(renderer_for(store, default_language="en")(job)).texts


def test_a_job_the_journal_marks_as_a_reprint_says_so(queue: QueueDesk, store: Store) -> None:
    ticket = queue.take_number(Service.INQUIRY).ticket
    job = PrintJob(1, "queue_ticket", ticket.id, {"ahead": 0, "lang": "en"}, "queued", 1, "", reprint=True)

    assert decode(renderer_for(store)(job)).lines[0].text == "** REPRINT **"
    assert decode(renderer_for(store)(dataclasses.replace(job, reprint=False))).lines[0].text != "** REPRINT **"


def test_one_spool_prints_many_kinds_each_with_its_renderer(queue: QueueDesk, store: Store) -> None:
    ticket = queue.take_number(Service.INQUIRY).ticket
    render = RendererByKind({"queue_ticket": renderer_for(store)})

    assert render.kinds == ("queue_ticket",)
    assert "A001" in decode(render(PrintJob(1, "queue_ticket", ticket.id, {"ahead": 0}, "queued", 0, ""))).texts
    with pytest.raises(UnknownJobKindError, match=r"no layout prints 'repair_slip' jobs .* known kinds: queue_ticket"):
        render(PrintJob(2, "repair_slip", "SUNNY-R000001", {}, "queued", 0, ""))


def test_the_ticket_prints_the_wait_the_kiosk_showed(queue: QueueDesk, store: Store) -> None:
    queue.take_number(Service.REPAIR)
    queue.take_number(Service.REPAIR)
    issued = queue.take_number(Service.REPAIR, lang="en")
    with store.transaction() as tx:
        job = next(j for j in tx.pending_print_jobs() if j.ref == issued.ticket.id)

    printed = decode(renderer_for(store, community_name=lambda: "Renamed Garden")(job))

    assert issued.wait_minutes == 5, "two ahead, five usual minutes each, two counters"
    assert "Estimated wait about 5 min" in printed.texts
    assert "Renamed Garden" in printed.texts, "the community name is read when the ticket prints"
