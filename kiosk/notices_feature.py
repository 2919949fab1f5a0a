"""The Notices tile: today's notices for everyone, or for the signed-in owner's building, pinned first."""

from __future__ import annotations

from nicegui import ui

from desk.catalog import CATALOG, say
from desk.day_words import day_words
from desk.notices import NoticeBoard
from kiosk.features import FeatureHost, HomeTile
from kiosk.widgets import action


class NoticesFeature:
    """Reads the notices showing now; nothing to sign in for."""

    tile = HomeTile(key="notices", icon="campaign", title=CATALOG["notices"], hint=CATALOG["notices_hint"], order=60)

    def __init__(self, board: NoticeBoard) -> None:
        self.board = board

    def start(self, host: FeatureHost) -> None:
        """Nothing to reset: the list is read at each draw."""

    def register_pages(self) -> None:
        """No pages of its own."""

    def draw(self, host: FeatureHost) -> None:
        """The notices as cards."""
        lang = host.lang
        ui.label(say("notices", lang)).classes("text-5xl font-bold")
        building = host.session.unit_label.split("-")[0] if host.session else None
        notices = self.board.texts(lang, building)
        if not notices:
            ui.label(say("no_notices", lang)).classes("text-3xl").mark("no-notices")
        for notice in notices:
            with ui.card().classes("w-full max-w-4xl gap-3 p-6").mark("notice"):
                with ui.row().classes("items-center gap-4"):
                    if notice.pinned:
                        ui.label(say("pinned", lang)).classes("text-2xl bg-amber-200 text-amber-950 rounded px-3")
                    ui.label(notice.title).classes("text-4xl font-bold").mark("notice-title")
                if notice.day is not None:
                    ui.label(day_words(notice.day, lang)).classes("text-2xl text-gray-800").mark("notice-date")
                ui.label(notice.body).classes("text-2xl whitespace-pre-line")
        action(say("back", lang), lambda: host.go_home(), "notices-back", primary=False, testid=False)
