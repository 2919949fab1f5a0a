"""The words of rounds owners and staff read in the lobby and on checkpoint labels: tasks, last done today."""

from __future__ import annotations

from desk.rounds import Task

WORDS: dict[str, dict[str, str]] = {
    "rounds_building": {"zh": "{building}号楼", "en": "Building {building}"},
    "rounds_task_at": {"zh": "{task} {time}", "en": "{task} {time}"},
    "rounds_today_title": {"zh": "今日清洁消毒", "en": "Cleaning today"},
    "rounds_none_yet": {"zh": "今日尚未记录", "en": "Nothing recorded yet today"},
    "checkpoint_title": {"zh": "巡查点", "en": "Checkpoint"},
    "checkpoint_scan": {"zh": "工作人员扫码登记巡查", "en": "Staff: scan to record the round"},
    "checkpoint_tasks": {"zh": "巡查内容", "en": "Rounds"},
    "task_cleaning": {"zh": "清洁", "en": "cleaning"},
    "task_disinfection": {"zh": "消毒", "en": "disinfection"},
    "task_greening": {"zh": "绿化", "en": "greening"},
    "task_patrol": {"zh": "巡逻", "en": "patrol"},
    "task_lift_check": {"zh": "电梯检查", "en": "lift check"},
    "task_fire_check": {"zh": "消防设施检查", "en": "fire-equipment check"},
    "task_cleaning_done": {"zh": "清洁", "en": "cleaned"},
    "task_disinfection_done": {"zh": "消毒", "en": "disinfected"},
}


def task_name(task: Task, lang: str, *, done: bool = False) -> str:
    """A task's name (``cleaning``), or as done (``cleaned``) where the lobby says when it was last done."""
    from desk.catalog import CATALOG  # the catalog is built from this module: ask it only once it is built

    key = f"task_{task.name.lower()}"
    said = CATALOG.get(f"{key}_done") if done else None
    said = said or CATALOG[key]
    return said["zh"] if lang == "zh" else said["en"]
