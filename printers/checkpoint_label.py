"""The checkpoint label stuck up at a place with rounds: the place in large print and a QR code staff scan.

The label is bilingual, since it stays on the wall for every shift, and carries no record ID: its QR code
holds ``BASE_URL/round/<token>``, the place's unguessable token (see :func:`desk.rounds.checkpoint_token`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desk.catalog import say
from desk.catalog.rounds_words import task_name
from desk.rounds import Task
from desk.rounds_desk import Checkpoint
from desk.store import PrintJob
from printers.paper import Paper
from printers.profile import PrinterProfile
from printers.renderers import RenderError, RenderJob, is_reprint


@dataclass(frozen=True)
class CheckpointLabel:
    """What one label shows."""

    community_name: str
    building: str
    place: str
    tasks: tuple[Task, ...]
    url: str
    reprint: bool = False


def round_url(base_url: str, token: str) -> str:
    """The page a checkpoint's QR code opens."""
    return f"{base_url.rstrip('/')}/round/{token}"


def checkpoint_label(label: CheckpointLabel, profile: PrinterProfile) -> bytes:
    """The bytes of one label: community, "Checkpoint", the place big, its building and rounds, the QR code."""
    paper = Paper(profile)
    if label.reprint:
        paper.line(f"** {say('reprint', 'zh')} {say('reprint', 'en')} **", align="center", bold=True)
    paper.line(label.community_name, align="center", bold=True)
    paper.line(f"{say('checkpoint_title', 'zh')} {say('checkpoint_title', 'en')}", align="center", bold=True)
    paper.blank()
    if label.building:
        where = f"{say('rounds_building', 'zh', building=label.building)} · " \
                f"{say('rounds_building', 'en', building=label.building)}"
        paper.line(where, align="center", bold=True, size=paper.fitting_size(where, 2))
    paper.paragraph(label.place, align="center", bold=True, size=paper.fitting_size(label.place, 3))
    paper.rule()
    for lang in ("zh", "en"):
        tasks = ", ".join(task_name(task, lang) for task in label.tasks)
        paper.row(say("checkpoint_tasks", lang), tasks)
    paper.blank()
    paper.qr(label.url)
    paper.line(say("checkpoint_scan", "zh"), align="center")
    paper.line(say("checkpoint_scan", "en"), align="center")
    paper.cut()
    return paper.to_bytes()


def checkpoint_label_renderer(find: Callable[[str], Checkpoint | None], *, community_name: Callable[[], str],
                              base_url: str, profile: PrinterProfile) -> RenderJob:
    """Renders a ``checkpoint_label`` job, whose ``ref`` is the place's token."""

    def render(job: PrintJob) -> bytes:
        checkpoint = find(job.ref)
        if checkpoint is None:
            raise RenderError(f"print job {job.id}: no place has that checkpoint token any more")
        label = CheckpointLabel(community_name=community_name(), building=checkpoint.building,
                                place=checkpoint.place, tasks=checkpoint.tasks,
                                url=round_url(base_url, checkpoint.token), reprint=is_reprint(job))
        return checkpoint_label(label, profile)

    return render
