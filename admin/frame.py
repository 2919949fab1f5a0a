"""The frame every staff page shares: the header with the community, the navigation and log-out."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from admin.auth import StaffPage
from admin.search_console import search_box
from admin.sections import ConsoleSection

NAME_REFRESH_SECONDS = 2.0


def staff_header(community_name: Callable[[], str], staff: StaffPage, sections: list[ConsoleSection],
                 here: str) -> ui.row:
    """Draw the header; returns the row where a page may add its own controls (the counter choice).

    It also watches the session: a page whose session ended (here or in another tab) goes to the login.
    """
    staff.gate.watch()
    with ui.header().classes("items-center justify-between bg-slate-800 text-white px-6"):
        with ui.row().classes("items-center gap-4"):
            name = ui.label(community_name()).classes("text-xl font-bold").mark("staff-community-name")
            # Staff may rename the community in the Settings tab: an open page follows within a sync cycle.
            ui.timer(NAME_REFRESH_SECONDS, lambda: name.set_text(community_name()))
            links = [("", "Front desk 服务台")] + [
                (section.path, section.title) for section in sections
                if staff.role in section.roles and section.in_navigation
            ]
            for path, title in links:
                target = f"/staff/{path}" if path else "/staff"
                link = ui.link(title, target).classes("text-white text-lg").mark(f"nav-{path or 'desk'}")
                if path == here:
                    link.classes("font-bold underline")
        controls = ui.row().classes("items-center gap-4")
        with controls:
            search_box(staff)
            ui.label(f"{staff.name} ({staff.role})").mark("staff-name")
            ui.button("Log out 退出", on_click=staff.gate.log_out).props("flat color=white").mark("logout")
    return controls
