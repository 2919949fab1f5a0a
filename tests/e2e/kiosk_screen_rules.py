"""What a kiosk screen must be for an owner, measured by the browser on the page as drawn.

``SCREEN_MEASURE_JS`` runs in the page (``driver.execute_script(SCREEN_MEASURE_JS, rules)``) and returns
every breach of the rules below: text too small, targets too small, too little contrast, the layout
wider than the screen, on an upright screen content that leaves the reachable middle band empty, and, on
home (:meth:`ScreenRules.at_home`), a page taller than the screen.
Nothing is read from our own CSS constants: sizes and colours come from getComputedStyle and
getBoundingClientRect.

:func:`word_breaches` reads what the screen says (its text as laid out) against :class:`WordRules`: the
owner's language only, and nothing meant for the machine or for someone else (a record ID, a catalog key,
an unfilled placeholder, another unit's pickup code).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace

from tests.e2e.kiosk_owner import CHINESE, ON_ENGLISH_SCREENS, chinese_left, record_ids_in

# What is not measured, and why. Each entry is a CSS selector; text or targets inside it are skipped.
# Nothing else is left out.
EXEMPT_TEXT: dict[str, str] = {
    ".q-icon, .material-icons": "a Material icon is a ligature (its 'text' is the icon's name), drawn as a glyph",
}
EXEMPT_TARGETS: dict[str, str] = {
    ".q-dialog__backdrop": "a modal dialog's backdrop is not a control: a tap there does nothing",
    ".q-focus-helper": "Quasar's focus ring inside a button: the button is the target",
}


@dataclass(frozen=True)
class ScreenRules:
    """The bars a screen is held to (the founders' brief: 24 px text, 64 px targets, WCAG AA)."""

    min_font_px: float = 24.0
    min_target_px: float = 64.0
    min_contrast: float = 4.5
    # On an upright screen: the content spans most of the band a standing person reaches easily.
    band: tuple[float, float] | None = None  # (top, bottom) as fractions of the window's height
    min_band_cover: float = 0.75  # the share of the band the content must span
    # Nothing runs off the bottom: the page is no taller than the window. Home is the one screen that
    # must show everything at once: an owner reads its tiles as all there is, and does not think to scroll.
    fits_height: bool = False
    scope: str = "body"  # a modal dialog is measured alone: the page behind it is dimmed and cannot be tapped
    content: str = ".kiosk-view"  # the main content whose extent is checked against the band
    exempt_text: dict[str, str] = field(default_factory=lambda: dict(EXEMPT_TEXT))
    exempt_targets: dict[str, str] = field(default_factory=lambda: dict(EXEMPT_TARGETS))

    def at_home(self) -> ScreenRules:
        """The same bars, and every tile of home on the screen at once, without scrolling."""
        return replace(self, fits_height=True)

    def as_js(self) -> dict[str, object]:
        """The rules as the page script takes them."""
        rules = asdict(self)
        rules["exempt_text"] = ", ".join(self.exempt_text)
        rules["exempt_targets"] = ", ".join(self.exempt_targets)
        return rules


# Upright, the screen is read from further away and reached from below: larger text, and the content spread
# over the band a standing owner reaches (about 20%-85% of the height). On its side, the bars as they are.
UPRIGHT = ScreenRules(min_font_px=28.0, band=(0.20, 0.85))
ON_ITS_SIDE = ScreenRules()


# What is meant for the machine, never for an owner: a catalog key or an enum's value (vote_recorded,
# in_progress), and a catalog placeholder left unfilled ({choice}).
MACHINE_WORD = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
PLACEHOLDER = re.compile(r"\{[A-Za-z_]*\}")
# English on a Chinese screen: three words in a row (a sentence or a button left untranslated). A single
# Latin word is a name (a carrier, a QR code, the English switch), and is not counted.
ENGLISH_WORDS = re.compile(r"[A-Za-z]{2,}(?:[ ,.'’-]+[A-Za-z]{2,}){2,}")
# On an English screen, the keyboard's mode key says 中 beside EN: the switch to typing Chinese names
# itself, as 中文 does, so that a Chinese reader finds it.
KEYBOARD_MODE_KEY = "中EN"


# The screen's text as the browser lays it out (``driver.execute_script(SCREEN_WORDS_JS, rules.as_js())``),
# without what EXEMPT_TEXT leaves out: an icon's ligature name (volume_up) is drawn as a picture, not read.
# The exempt elements are hidden (``visibility`` moves nothing) for as long as the text is read.
SCREEN_WORDS_JS = r"""
const rules = arguments[0];
const style = document.createElement('style');
style.textContent = `${rules.exempt_text} { visibility: hidden !important; }`;
document.head.append(style);
try {
  return (document.querySelector(rules.scope) || document.body).innerText;
} finally {
  style.remove();
}
"""
EVERYONE = "zh+en"  # a screen for no one in particular (the idle signage): both languages, on purpose


@dataclass(frozen=True)
class WordRules:
    """What a screen may say beside the owner's language, and the codes it must not show."""

    lang: str = "zh"  # or EVERYONE
    # The Chinese an English screen may show, each for a reason given where it is listed (kiosk_owner.py).
    chinese_allowed: tuple[str, ...] = (*ON_ENGLISH_SCREENS, KEYBOARD_MODE_KEY)
    english_allowed: tuple[str, ...] = ()  # English a Chinese screen may show: names staff typed that way
    shown_codes: tuple[str, ...] = ()  # the codes the screen shows its owner on purpose (a payment reference)
    hidden_codes: tuple[str, ...] = ()  # pickup codes that are not this screen's to show


def word_breaches(words: str, rules: WordRules) -> list[str]:
    """Every breach of ``rules`` in ``words``, the screen's text as the owner reads it."""
    problems = []
    if rules.lang == EVERYONE:
        pass
    elif rules.lang == "en":
        left = chinese_left(words, rules.chinese_allowed)
        if left:
            problems.append(f"Chinese on the English screen: {''.join(left)[:40]!r}")
    else:
        if not CHINESE.search(words):
            problems.append("no Chinese on the Chinese screen")
        for name in rules.english_allowed:
            words = words.replace(name, "")
        problems.extend(f"English on the Chinese screen: {run!r}" for run in ENGLISH_WORDS.findall(words))
    for code in rules.shown_codes:
        words = words.replace(code, "")
    problems.extend(f"a record ID: {found}" for found in record_ids_in(words))
    problems.extend(f"a machine word: {found}" for found in MACHINE_WORD.findall(words))
    problems.extend(f"a placeholder left unfilled: {found}" for found in PLACEHOLDER.findall(words))
    for code in rules.hidden_codes:  # a number of its own: 1202 in 3-1202, or 2026 in 2026-05-01, is not a code
        if re.search(rf"(?<![0-9A-Za-z])(?<![0-9A-Za-z][.,:/-]){code}(?![0-9A-Za-z])(?![.,:/-][0-9A-Za-z])", words):
            problems.append(f"a pickup code off its owner's parcel list: {code}")
    return problems


# Whether nothing on the page is moving but what moves for ever (a spinner): Quasar's transitions (a ripple, a
# dialog sliding in, a note fading out) end before a screen is measured, as an owner reads it when they stop.
SCREEN_STILL_JS = r"""
return document.getAnimations().every(a => a.playState !== 'running' || a.effect.getTiming().iterations === Infinity);
"""

# Returns {problems: [...], measured: {texts, targets}, content: [top, bottom] or null, window: [w, h]}.
SCREEN_MEASURE_JS = r"""
const rules = arguments[0];
const problems = [];
const scope = document.querySelector(rules.scope) || document.body;
const shown = (el) => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
  && el.getClientRects().length > 0;
const words = (s) => s.replace(/\s+/g, ' ').trim().slice(0, 50);
const describe = (el) => {
  const id = el.closest('[data-testid]');
  const where = id ? `[${id.dataset.testid}]` : '';
  const cls = (el.className && typeof el.className === 'string') ? '.' + el.className.trim().split(/\s+/)[0] : '';
  return `${el.tagName.toLowerCase()}${cls}${where} "${words(el.innerText || el.value || el.placeholder || '')}"`;
};

// Colours: computed styles come as rgb(), or oklch() from Tailwind 4; the browser's own canvas turns any
// CSS colour into the sRGB bytes it shows. A colour it cannot paint is reported, never guessed.
const paint = document.createElement('canvas').getContext('2d', {willReadFrequently: true});
const parsed = new Map();
const parse = (css) => {
  if (parsed.has(css)) return parsed.get(css);
  let colour = null;
  const rgb = css.match(/^rgba?\(([\d.]+)[, ]+([\d.]+)[, ]+([\d.]+)(?:[,/ ]+([\d.]+)(%?))?\)$/);
  if (rgb) {
    const alpha = rgb[4] === undefined ? 1 : parseFloat(rgb[4]) / (rgb[5] ? 100 : 1);
    colour = [parseFloat(rgb[1]), parseFloat(rgb[2]), parseFloat(rgb[3]), alpha];
  } else if (CSS.supports('color', css)) {
    paint.canvas.width = paint.canvas.height = 1;
    paint.clearRect(0, 0, 1, 1);
    paint.fillStyle = '#000';
    paint.fillStyle = css;
    paint.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = paint.getImageData(0, 0, 1, 1).data;
    colour = [r, g, b, a / 255];
  }
  parsed.set(css, colour);
  return colour;
};
const over = (top, under) => {
  const a = top[3];
  return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat([1]);
};
const mix = (under, top, opacity) => [0, 1, 2].map(i => top[i] * opacity + under[i] * (1 - opacity)).concat([1]);
const luminance = (c) => {
  const [r, g, b] = c.slice(0, 3).map(v => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a, b) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};
// The text's colour and its background as seen on the screen: backgrounds composited from the page
// down to the text, then every translucent ancestor (opacity) blended over what lies beneath it.
const seen = (el, colour) => {
  const chain = [];
  for (let e = el; e; e = e.parentElement) chain.push(e);
  const under = new Array(chain.length + 1);
  under[chain.length] = [255, 255, 255, 1];
  for (let i = chain.length - 1; i >= 0; i--) {
    const style = getComputedStyle(chain[i]);
    if (style.backgroundImage !== 'none') return {why: `background image on ${describe(chain[i])}`};
    const bg = parse(style.backgroundColor);
    if (!bg) return {why: `background colour ${style.backgroundColor}`};
    under[i] = over(bg, under[i + 1]);
  }
  const fg = parse(colour);
  if (!fg) return {why: `text colour ${colour}`};
  let text = over(fg, under[0]);
  let back = under[0];
  for (let i = 0; i < chain.length; i++) {
    const opacity = parseFloat(getComputedStyle(chain[i]).opacity);
    if (opacity < 1) {
      text = mix(under[i + 1], text, opacity);
      back = mix(under[i + 1], back, opacity);
    }
  }
  return {ratio: contrast(text, back)};
};
const checkText = (el, sample, colour) => {
  const size = parseFloat(getComputedStyle(el).fontSize);
  if (size < rules.min_font_px) problems.push(`text ${size}px < ${rules.min_font_px}px: ${sample}`);
  const look = seen(el, colour);
  if (look.why) problems.push(`contrast not measurable (${look.why}): ${sample}`);
  else if (look.ratio < rules.min_contrast) {
    problems.push(`contrast ${look.ratio.toFixed(2)}:1 < ${rules.min_contrast}:1: ${sample}`);
  }
};

// Every visible text node.
let texts = 0;
const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode;
  const el = node.parentElement;
  if (!el || !node.textContent.trim() || el.closest('script, style, noscript, template')) continue;
  if (rules.exempt_text && el.closest(rules.exempt_text)) continue;
  if (!shown(el)) continue;
  const range = document.createRange();
  range.selectNodeContents(node);
  const box = range.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) continue;
  texts += 1;
  checkText(el, `"${words(node.textContent)}" in ${describe(el)}`, getComputedStyle(el).color);
}
// What owners type into a field, and the hint shown in it before they type.
for (const field of scope.querySelectorAll('input, textarea')) {
  if (field.type === 'hidden' || !shown(field)) continue;
  if (field.value) { texts += 1; checkText(field, `typed "${words(field.value)}"`, getComputedStyle(field).color); }
  else if (field.placeholder) {
    texts += 1;
    checkText(field, `placeholder "${words(field.placeholder)}"`, getComputedStyle(field, '::placeholder').color);
  }
}

// Every visible target, once: a control inside another control is the same target.
const CONTROLS = 'button, a[href], input:not([type=hidden]), textarea, select, [role=button], [role=switch], '
  + '[role=checkbox], [role=radio], [role=tab], [role=link], .q-btn, .q-toggle, .q-field, .kiosk-tile, '
  + '.hg-button, .hg-candidate-box-list-item, .hg-candidate-box-prev, .hg-candidate-box-next';
const controls = new Set([...scope.querySelectorAll(CONTROLS)]);
// Anything else the pointer treats as a link or button (a clickable card) counts too.
for (const el of scope.querySelectorAll('*')) {
  if (getComputedStyle(el).cursor === 'pointer' && !(el.parentElement
      && getComputedStyle(el.parentElement).cursor === 'pointer')) controls.add(el);
}
let targets = 0;
for (const el of controls) {
  if (rules.exempt_targets && el.closest(rules.exempt_targets)) continue;
  const field = el.closest('.q-field');  // a field's input is tapped through its whole box
  if (field && field !== el) continue;
  let outer = el.parentElement;
  while (outer && !controls.has(outer)) outer = outer.parentElement;
  if (outer) continue;
  if (!shown(el)) continue;
  targets += 1;
  const box = el.getBoundingClientRect();
  if (box.width < rules.min_target_px || box.height < rules.min_target_px) {
    problems.push(`target ${Math.round(box.width)}x${Math.round(box.height)}px < ${rules.min_target_px}px: `
      + describe(el));
  }
}

// Nothing runs off the side: an owner cannot find what is beyond the right edge.
const page = document.scrollingElement;
if (page.scrollWidth > window.innerWidth + 1) {
  problems.push(`the page is ${page.scrollWidth}px wide in a ${window.innerWidth}px window`);
}
// Where the whole screen must show at once (home), nothing runs off the bottom either.
if (rules.fits_height && page.scrollHeight > window.innerHeight + 1) {
  problems.push(`the page is ${page.scrollHeight}px tall in a ${window.innerHeight}px window: it scrolls`);
}

// The main content's extent: the union of what is drawn (text, controls, images), not of empty boxes.
let content = null;
const main = [...document.querySelectorAll(rules.content)].filter(shown);
if (main.length) {
  let top = Infinity, bottom = -Infinity;
  const take = (box) => {
    if (box.height > 0) { top = Math.min(top, box.top); bottom = Math.max(bottom, box.bottom); }
  };
  for (const view of main) {
    const inner = document.createTreeWalker(view, NodeFilter.SHOW_TEXT);
    while (inner.nextNode()) {
      const el = inner.currentNode.parentElement;
      if (!inner.currentNode.textContent.trim() || !el || !shown(el)) continue;
      const range = document.createRange();
      range.selectNodeContents(inner.currentNode);
      take(range.getBoundingClientRect());
    }
    for (const el of view.querySelectorAll('img, button, .q-btn, .q-field, .kiosk-keyboard')) {
      if (shown(el)) take(el.getBoundingClientRect());
    }
  }
  const scrolled = page.scrollTop;
  if (top < Infinity) content = [top + scrolled, bottom + scrolled];
}
const height = window.innerHeight;
if (rules.band && content) {
  const [from, to] = [rules.band[0] * height, rules.band[1] * height];
  const covered = Math.max(0, Math.min(to, content[1]) - Math.max(from, content[0]));
  if (covered < rules.min_band_cover * (to - from)) {
    problems.push(`the content spans ${Math.round(content[0])}-${Math.round(content[1])}px, `
      + `${Math.round(100 * covered / (to - from))}% of the reachable band ${Math.round(from)}-${Math.round(to)}px `
      + `(at least ${Math.round(100 * rules.min_band_cover)}% wanted)`);
  }
}
return {problems, texts, targets, content, window: [window.innerWidth, height]};
"""
