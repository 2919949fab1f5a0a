"""Every command the CLI has is in the README's command table, and the table names no command it lacks."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from lobbydesk.cli import _parser

README = Path(__file__).resolve().parents[2] / "README.md"


def _commands(parser: argparse.ArgumentParser, prefix: str = "lobbydesk") -> set[str]:
    found: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                command = f"{prefix} {name}"
                nested = _commands(sub, command)
                found |= nested or {command}
    return found


def _documented() -> set[str]:
    """The commands the README's table names: its words up to the first option or placeholder."""
    table = README.read_text(encoding="utf-8").split("## Commands", 1)[1].split("\n## ", 1)[0]
    documented: set[str] = set()
    for cell in re.findall(r"^\| `lobbydesk ([^`]+)`", table, flags=re.MULTILINE):
        names: list[list[str]] = []
        for word in cell.split():
            if not re.fullmatch(r"[a-z][a-z|-]*", word):
                break
            names.append(word.split("|"))
        commands = ["lobbydesk"]
        for choices in names:
            commands = [f"{command} {choice}" for command in commands for choice in choices]
        documented.update(commands)
    return documented


def test_every_cli_command_is_in_the_readme() -> None:
    commands = _commands(_parser())
    documented = _documented()
    assert commands, "the parser has commands"
    assert sorted(commands - documented) == [], "commands the README does not list"
    assert sorted(documented - commands) == [], "the README lists commands that do not exist"
