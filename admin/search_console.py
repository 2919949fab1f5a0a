"""``/staff/search``: one box for a unit, a resident, a ticket, a repair, a payment or a receipt number."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from urllib.parse import quote

from nicegui import run, ui

from admin.auth import StaffPage, StaffSession
from admin.sections import ConsoleSection
from desk.search import Hit

Search = Callable[[str], list[Hit]]


class SearchConsole:
    """The search page; the staff header's box sends its words here."""

    def __init__(self, find: Search, now: Callable[[], datetime]) -> None:
        self.find = find
        self.now = now

    def section(self) -> ConsoleSection:
        """The page, for every clerk (it is not in the navigation: the header's box leads to it)."""
        return ConsoleSection("search", "Search 查找", self.build, in_navigation=False)

    def build(self, page: StaffPage) -> None:
        """The box again, and what the words found."""
        typed = ui.context.client.request.query_params.get("q", "")
        with ui.column().classes("w-full max-w-5xl mx-auto p-6 gap-4"):
            words = "Unit, name, phone, ticket, repair, payment or receipt 房号、姓名、电话、号码、报修单、付款或收据"
            box = ui.input(words, value=typed)
            box.classes("w-full text-xl").mark("search-box")
            results = ui.column().classes("w-full gap-2")

            async def look(staff: StaffSession) -> None:
                hits = await run.io_bound(self.find, box.value or "")
                results.clear()
                with results:
                    if not hits:
                        ui.label(f"Nothing found for “{box.value}” 没有找到").classes("text-lg").mark("search-none")
                    for hit in hits or []:
                        with ui.row().classes("w-full items-center gap-4 bg-white rounded p-3").mark("search-hit"):
                            ui.label(hit.kind).classes("w-24 text-gray-700")
                            ui.link(hit.line, hit.path).classes("text-lg").mark(f"search-{hit.kind}")

            box.on("keydown.enter", page.action("search.find", look))
            page.button("Find 查找", "search.find", look, mark="search-go").props("no-caps")
        if typed:
            ui.timer(0.01, page.action("search.find", look), once=True)


def search_box(page: StaffPage) -> None:
    """The header's small box: Enter opens the search page with the words."""
    box = ui.input(placeholder="Search 查找").props("dense dark standout").classes("w-56")\
        .mark("header-search", "staff-action", "action:search.open")

    def go(_: StaffSession) -> None:
        ui.navigate.to(f"/staff/search?q={quote(box.value or '')}")

    box.on("keydown.enter", page.action("search.open", go))
