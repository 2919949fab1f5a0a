"""Console sections: staff pages other areas add under ``/staff/<path>`` (repairs, payments, events...).

Each section is built by the wiring with the services it needs; the admin pages give it the shared
frame (header, navigation, log-out) and the login check, so a section draws only its own content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # auth needs the admin context, which lists the sections
    from admin.auth import StaffPage

# One line about a unit for the console's unit context: open repairs, balance due, next events.
UnitFacts = Callable[[str], list[str]]


@dataclass(frozen=True)
class ConsoleSection:
    """One staff page: its path under ``/staff/``, its title in the navigation, and its content."""

    path: str  # e.g. "repairs" -> /staff/repairs
    title: str  # bilingual, e.g. "Repairs 报修"
    build: Callable[[StaffPage], None]  # draws the content; its buttons are the page's guarded actions
    roles: tuple[str, ...] = ("desk", "manager")  # who may open it
    in_navigation: bool = True  # listed in the header (search is reached from its box instead)
