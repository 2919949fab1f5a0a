"""The kiosk's home: the big "Take a number" tile (or when the desk opens), then every feature's tile and signing in."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from nicegui import ui

from desk.catalog import say
from kiosk.context import KioskContext
from kiosk.features import HomeTile, tile_visible


def desk_closed_text(kiosk: KioskContext, lang: str) -> str | None:
    """Why no number can be taken now (outside opening hours), or None when the desk is open."""
    if kiosk.site_settings is None:
        return None
    settings, now = kiosk.site_settings(), kiosk.clock.now()
    opens = None if settings.desk_is_open(now) else settings.desk_opens(now)
    if opens is None:
        return None
    time, today = opens
    return say("desk_opens_today" if today else "desk_opens_tomorrow", lang, time=time)


def draw_home(lang: str, closed: str | None, tiles: Iterable[HomeTile], *, offer_sign_in: bool,
              on_take_number: Callable[[], None], on_tile: Callable[[str], None],
              on_sign_in: Callable[[], None]) -> None:
    """The home view: ``closed`` (why no number now) in place of the hero tile, then the tiles shown now.

    Home fits the screen without scrolling, upright or on its side, signed in (the greeting bar takes its
    band) or not: upright, the tiles take the screen's whole width, so that English titles and hints wrap
    as little as they can, and a tile is no taller than its words need.
    """
    with ui.grid(columns=1).classes("w-full max-w-5xl landscape:max-w-screen-2xl gap-6"):
        if closed is not None:
            ui.label(closed).classes("text-4xl font-bold text-center py-12").mark("desk-closed")
        else:
            hero = ui.button(on_click=on_take_number).classes("kiosk-tile kiosk-tile-hero w-full")
            hero.props("color=primary")
            hero.mark("take-number").props("data-testid=take-number")
            with hero, ui.column().classes("kiosk-hero-words items-center gap-2 py-6"):
                ui.icon("confirmation_number")
                ui.label(say("take_number", lang)).classes("text-5xl font-bold")
                ui.label(say("take_number_hint", lang)).classes("text-2xl")
        _tiles(lang, tiles, closed is None, offer_sign_in, on_tile, on_sign_in)


def _tiles(lang: str, tiles: Iterable[HomeTile], desk_open: bool, offer_sign_in: bool,
           on_tile: Callable[[str], None], on_sign_in: Callable[[], None]) -> None:
    """Every feature's tile, then signing in: three a row upright, six on a screen on its side."""
    shown = sorted((tile for tile in tiles if tile_visible(tile, desk_open)), key=lambda tile: tile.order)
    if not shown and not offer_sign_in:
        return
    with ui.grid().classes("w-full gap-6 grid-cols-3 landscape:grid-cols-6"):
        for tile in shown:
            _tile(tile.icon, tile.title[lang], tile.hint[lang], f"tile-{tile.key}", partial(on_tile, tile.key))
        if offer_sign_in:
            _tile("person", say("sign_in_tile", lang), say("sign_in_hint", lang), "sign-in", on_sign_in)


def _tile(icon: str, title: str, hint: str, marker: str, on_click: Callable[[], None]) -> None:
    button = ui.button(on_click=on_click).classes("kiosk-tile w-full")
    button.props(f"color=white text-color=primary no-caps data-testid={marker}").mark(marker)
    with button, ui.column().classes("items-center gap-1 py-2"):
        ui.icon(icon)
        # A title or hint that wraps leaves no word alone on its last line (我的报修与/反馈, not 我的报修与反/馈).
        ui.label(title).classes("text-4xl font-bold text-pretty")
        ui.label(hint).classes("kiosk-tile-hint text-2xl text-pretty")
