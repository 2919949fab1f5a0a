"""The frame every kiosk screen shares: community name, clock, language switch, the owner's aids, styles."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from nicegui import ui

from desk.catalog import say
from kiosk.i18n import LANGUAGE_NAMES

# Dark blue on white and white on dark blue both pass WCAG AA (contrast above 6:1); Quasar's
# default primary (#5898d4) does not.
KIOSK_PRIMARY = "#1d5a96"

# The class the large-text switch puts on the screen's root. The page's rem size follows it through
# :has(), so every Tailwind text size grows with it, and so do dialogs drawn outside the root.
LARGE_TEXT_CLASS = "kiosk-large"

# Body text 24 px and up (28 px upright), touch targets 64 px and up, dark text on light backgrounds
# (WCAG AA). Sizes are in rem where they should grow with the page: upright, with large text.
# Large text: 30% larger, black on white and white on black (21:1, beyond WCAG AAA's 7:1).
KIOSK_CSS = """
body { font-size: 1.5rem; background: #f4f6f8; color: #102a43; }
/* The kiosk fills the screen edge to edge: NiceGUI's page margin would only make it scroll. */
.nicegui-content { padding: 0; }
.q-btn { text-transform: none; }
/* A touchscreen has no hover: Quasar's hover shade would stay on the last tile touched, as if chosen. */
.q-focus-helper { display: none; }
.kiosk-tile { min-height: 160px; min-width: 64px; font-size: 32px; border-radius: 20px; }
.kiosk-tile .q-icon { font-size: 56px; }
.kiosk-tile-hero { min-height: 360px; }
.kiosk-tile-hero .q-icon { font-size: 120px; }
.kiosk-button { min-height: 72px; min-width: 160px; font-size: 1.75rem; border-radius: 16px; }
.kiosk-key { min-height: 96px; min-width: 120px; font-size: 40px; border-radius: 16px; }
.kiosk-number { font-size: 160px; line-height: 1; font-weight: 800; letter-spacing: 4px; }
.kiosk-lang { min-height: 64px; min-width: 120px; font-size: 1.5rem; }
.kiosk-aid { min-height: 64px; min-width: 64px; font-size: 1.5rem; padding: 0 8px; }
.kiosk-chosen { outline: 6px solid #102a43; outline-offset: 4px; }
.kiosk-priority { font-size: 48px; font-weight: 800; padding: 4px 32px; border: 4px solid currentColor;
  border-radius: 16px; }
@media (orientation: landscape) {
  .kiosk-tile-hero { min-height: 200px; }
  .kiosk-tile-hero .q-icon { font-size: 72px; }
  /* On its side the screen is short: a smaller number keeps Done above the fold on the ticket screens. */
  .kiosk-number { font-size: 128px; }
}
/* Quasar's notes ("Printing — please take it") at kiosk size; a tap goes through one to the button under it. */
.q-notification { font-size: 1.75rem; min-height: 72px; padding: 12px 24px; border-radius: 16px;
  pointer-events: none; }
.q-notification__message { font-size: 1.75rem; }
.q-toggle { min-height: 64px; }
.q-field__control { min-height: 72px; }
/* Quasar's green is too light under white words (2.6:1); this one reads at 5:1. */
body { --q-positive: #1b7a36 !important; }

/* Upright, the screen is tall: everything grows by a sixth (body text 28 px, through rem), and each view
   spreads its parts over the height a standing owner reaches, from under the top bar to about 85%: the
   question at the top, the choices in the middle, Back or Done at the bottom, instead of everything in
   the top half. A feature's single wrapping column spreads in its place. The free height goes between
   the parts (auto margins), but a big number keeps the words above and below it close. */
@media (orientation: portrait) {
  html { font-size: 116.67%; }
  .kiosk-root > .kiosk-view { flex: 1 1 auto; padding-bottom: 12vh; }
  .kiosk-view > .nicegui-column:only-child,
  .kiosk-view > .nicegui-column:only-child > .nicegui-column:only-child { flex: 1 1 auto; }
  .kiosk-root > .kiosk-view > *, .kiosk-view > .nicegui-column:only-child > *,
  .kiosk-view > .nicegui-column:only-child > .nicegui-column:only-child > * { margin-block: auto; }
  .kiosk-root > .kiosk-view > :first-child, .kiosk-view > .nicegui-column:only-child > :first-child,
  .kiosk-view > .nicegui-column:only-child > .nicegui-column:only-child > :first-child { margin-top: 0; }
  .kiosk-root > .kiosk-view > :last-child, .kiosk-view > .nicegui-column:only-child > :last-child,
  .kiosk-view > .nicegui-column:only-child > .nicegui-column:only-child > :last-child { margin-bottom: 0; }
  .kiosk-view :has(+ .kiosk-number) { margin-bottom: 0; }
  .kiosk-view .kiosk-number { margin-block: 0; }
  .kiosk-view .kiosk-number + * { margin-top: 0; }
  .kiosk-view > .kiosk-typing:only-child, .kiosk-view > .nicegui-column:only-child > .kiosk-typing:only-child
    { flex: 1 1 auto; align-content: space-between; }
  /* Home is one block of tiles, centred; it fits, so nothing below it may make the page scroll. */
  .kiosk-root > .kiosk-view.kiosk-home { padding-bottom: 2rem; }
  .kiosk-root > .kiosk-view.kiosk-home > * { margin-block: auto; }
  .kiosk-key { min-height: 144px; min-width: 220px; font-size: 52px; }
  .kiosk-button { min-height: 88px; }
}
/* A message line with nothing to say yet takes no room (and no share of the spread above). */
.kiosk-view .nicegui-label:empty { display: none; }
/* "Still there?" is read from a step away: wide enough for its words on one or two lines. */
.q-dialog__inner--minimized > div { max-width: min(90vw, 960px); }

html:has(.kiosk-large) { font-size: 130%; }
@media (orientation: portrait) { html:has(.kiosk-large) { font-size: 150%; } }
body:has(.kiosk-large) { font-size: 31px; background: #fff; color: #000;
  --q-primary: #000 !important; --q-negative: #000 !important; }
.kiosk-large, .kiosk-large .bg-white, body:has(.kiosk-large) .q-card { background: #fff !important; color: #000; }
.kiosk-large [class*="text-gray"], .kiosk-large [class*="text-slate"], .kiosk-large .text-primary
  { color: #000 !important; }
.kiosk-large [class*="bg-sky"], .kiosk-large [class*="bg-gray"], .kiosk-large [class*="bg-slate"]
  { background: #fff !important; border-bottom: 3px solid #000; }
.kiosk-large .bg-primary { background: #000 !important; color: #fff !important; }
body:has(.kiosk-large) .q-btn { border: 3px solid #000; }
.kiosk-large .kiosk-tile { font-size: 42px; }
.kiosk-large .kiosk-tile .q-icon { font-size: 72px; }
.kiosk-large .kiosk-key { font-size: 52px; }
.kiosk-large .kiosk-number { font-size: 208px; }
.kiosk-large .kiosk-chosen { outline-color: #000; }
/* Large text on home: the hero tile's words go on one line and the gaps narrow, so that every tile stays
   on the screen without scrolling (on its side: two rows of tiles with three-line titles, under two bars).
   Upright, four rows of tiles at 150% do not fit with their hints: there a tile is its icon and title. */
.kiosk-large .kiosk-tile-hero { min-height: 0; }
.kiosk-large .kiosk-hero-words { flex-direction: row; flex-wrap: wrap; justify-content: center;
  align-items: baseline; column-gap: 1.5rem; padding-block: 0.75rem; }
.kiosk-large .kiosk-hero-words .q-icon { align-self: center; }
.kiosk-large .kiosk-home { gap: 1rem; padding: 1rem 2rem; }
.kiosk-large .kiosk-home .gap-6 { gap: 1rem; }
@media (orientation: portrait) { .kiosk-large .kiosk-home .kiosk-tile-hint { display: none; } }
"""


@dataclass(frozen=True)
class TopBar:
    """What the screen keeps of its top bar: the clock to keep current and the large-text switch."""

    clock: ui.label
    large_text: ui.switch


def kiosk_header(
    community_name: str,
    languages: list[str],
    current: str,
    on_language: Callable[[str], None],
    *,
    large_text: bool,
    on_large_text: Callable[[bool], None],
    on_read_aloud: Callable[[], None],
) -> TopBar:
    """The top bar: the community, the languages, large text, read aloud and the clock."""
    with ui.row().classes("w-full items-center justify-between px-8 py-4 bg-white shadow-sm"):
        ui.label(community_name).classes("text-4xl font-bold").mark("community-name")
        with ui.row().classes("items-center gap-4"):
            for lang in languages if len(languages) > 1 else []:
                button = ui.button(LANGUAGE_NAMES[lang], on_click=lambda _, lang=lang: on_language(lang))
                button.classes("kiosk-lang").props("unelevated" if lang == current else "outline")
                button.mark(f"lang-{lang}")
            switch = ui.switch(say("large_text", current), value=large_text,
                               on_change=lambda event: on_large_text(bool(event.value)))
            switch.classes("kiosk-aid").props("size=xl data-testid=large-text").mark("large-text")
            ui.button(say("read_aloud", current), icon="volume_up", on_click=on_read_aloud)\
                .classes("kiosk-aid").props("outline no-caps data-testid=read-aloud").mark("read-aloud")
            clock = ui.label().classes("text-3xl font-mono tabular-nums").mark("clock")
    return TopBar(clock, switch)


SPEECH_LANGUAGES = {"zh": "zh-CN", "en": "en-US"}

# The visible view's titles and buttons in page order, each once, a button's lines with a pause
# between them; icons are ligatures whose text ("help_outline") must not be read out.
_READ_ALOUD_JS = """
(() => {
  if (!window.speechSynthesis) return;
  const parts = [];
  for (const view of document.querySelectorAll('.kiosk-view')) {
    if (view.offsetParent === null) continue;
    for (const element of view.querySelectorAll(
        '[data-speak], .text-5xl, .text-4xl, .kiosk-number, .kiosk-priority, .q-btn')) {
      const button = element.closest('.q-btn');
      if (element.offsetParent === null || (button && button !== element)) continue;
      const texts = [];
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const said = walker.currentNode.textContent.replace(/\\s+/g, ' ').trim();
        if (said && !walker.currentNode.parentElement.closest('.q-icon')) texts.push(said);
      }
      const words = texts.join(__COMMA__);
      if (words && !parts.includes(words)) parts.push(words);
    }
  }
  if (!parts.length) return;
  window.speechSynthesis.cancel();
  // A pause after each part, unless the part already ends a sentence ("Which queue?" needs no ". ").
  const pause = __PAUSE__, stop = pause.trim(), gap = pause.slice(stop.length);
  const spoken = parts.map((part, i) => i === parts.length - 1 || /[.?!。？！]$/.test(part) ? part : part + stop);
  const utterance = new SpeechSynthesisUtterance(spoken.join(gap));
  utterance.lang = __LANG__;
  utterance.rate = 0.9;
  window.speechSynthesis.speak(utterance);
})();
"""


def read_aloud_script(lang: str) -> str:
    """The JavaScript that reads the visible view's title and choices aloud in ``lang``."""
    pause, comma = ("。", "，") if lang == "zh" else (". ", ", ")
    return _READ_ALOUD_JS.replace("__PAUSE__", json.dumps(pause)).replace("__COMMA__", json.dumps(comma)).replace(
        "__LANG__", json.dumps(SPEECH_LANGUAGES.get(lang, "en-US")))
