"""The lobby display at ``/display``: who is being served where, with a chime and the call spoken.

Notices scroll along the bottom edge (a CSS animation, so the server sends nothing per frame).

The browser speaks each new call in Chinese and English with its own speech synthesis; NiceGUI
reconnects the page by itself after a network blip, and a reloaded page starts quiet. Browsers
allow sound only after a tap: until then a banner says the sound is off and asks for one.
"""

from __future__ import annotations

import json

from nicegui import ui

from admin.announcer import Announcement
from admin.context import AdminContext

# One audio context for the page, made at load. A browser keeps it suspended, and answers speech with
# "not-allowed", until someone taps the page (Chromium's autoplay policy; a kiosk browser started with
# --autoplay-policy=no-user-gesture-required needs no tap). While it is suspended the page shows a
# banner asking staff to tap for sound; the tap resumes the context and unlocks speech.
SOUND_SETUP = """
(() => {
  const banner = document.getElementById('%s');
  const audio = window.lobbyAudio = new (window.AudioContext || window.webkitAudioContext)();
  const show = () => { banner.style.display = audio.state === 'running' ? 'none' : 'flex'; };
  const unlock = () => {
    audio.resume().then(show);
    if (window.speechSynthesis) { window.speechSynthesis.speak(new SpeechSynthesisUtterance(' ')); }
  };
  document.addEventListener('pointerdown', unlock);
  audio.onstatechange = show;
  show();
})();
"""

# A short two-tone chime on the page's audio context, then the call in both languages.
CHIME_AND_SPEAK = """
(() => {
  const calls = %s;
  const audio = window.lobbyAudio;
  if (audio && audio.state === 'running') {
    [[880, 0], [660, 0.35]].forEach(([hz, at]) => {
      const tone = audio.createOscillator(); const gain = audio.createGain();
      tone.frequency.value = hz; tone.connect(gain); gain.connect(audio.destination);
      gain.gain.setValueAtTime(0.25, audio.currentTime + at);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + at + 0.3);
      tone.start(audio.currentTime + at); tone.stop(audio.currentTime + at + 0.32);
    });
  }
  if (!window.speechSynthesis) return;
  calls.forEach(([zh, en]) => {
    const chinese = new SpeechSynthesisUtterance(zh); chinese.lang = 'zh-CN';
    const english = new SpeechSynthesisUtterance(en); english.lang = 'en-US';
    window.speechSynthesis.speak(chinese); window.speechSynthesis.speak(english);
  });
})();
"""


TICKER_CSS = """
.lobby-ticker { overflow: hidden; white-space: nowrap; }
.lobby-ticker > div { display: inline-block; padding-left: 100%; animation: lobby-ticker 40s linear infinite; }
@keyframes lobby-ticker { from { transform: translateX(0); } to { transform: translateX(-100%); } }
"""


def spoken_call(call: Announcement) -> tuple[str, str]:
    """What the display says for a call, in Chinese and in English."""
    spaced = " ".join(call.number)
    return f"请 {spaced} 号到 {call.counter} 号窗口", f"Number {spaced}, please go to counter {call.counter}"


class LobbyDisplay:
    """One TV in the lobby."""

    def __init__(self, admin: AdminContext) -> None:
        self.admin = admin
        self.heard = admin.announcer.latest_sequence()
        self.drawn: tuple[object, ...] | None = None

    def build(self) -> None:
        """Draw the display and keep it current."""
        ui.query("body").style("background: #0b1f33; color: #ffffff")
        with ui.row().classes("w-full items-center justify-between px-10 py-6"):
            self.name = ui.label(self.admin.community_name()).classes("text-5xl font-bold").mark("display-name")
            self.clock = ui.label().classes("text-5xl font-mono")
        with ui.row().classes("w-full gap-10 px-10"):
            with ui.column().classes("flex-[2] gap-4"):
                ui.label("正在办理 Now serving").classes("text-4xl text-sky-200")
                self.serving = ui.column().classes("w-full gap-3")
            with ui.column().classes("flex-1 gap-4"):
                ui.label("最近叫号 Recent calls").classes("text-3xl text-sky-200")
                self.recent = ui.column().classes("w-full gap-2")
        ui.add_css(TICKER_CSS)
        with ui.footer().classes("bg-sky-900 text-white py-3"), ui.element("div").classes("lobby-ticker w-full"):
            self.ticker = ui.label().classes("text-4xl").mark("notice-ticker")
        self.notices_shown: list[str] | None = None
        with ui.element("div").classes("fixed top-0 left-0 w-full justify-center items-center gap-4 py-6 z-50 "
                                       "bg-amber-300 text-black text-4xl font-bold cursor-pointer")\
                .style("display: none").props("data-testid=sound-off").mark("sound-off") as banner:
            ui.icon("volume_off").classes("text-5xl")
            ui.label("声音已关闭，请点一下屏幕开启 · Sound is off: tap the screen to turn it on")
        ui.run_javascript(SOUND_SETUP % banner.html_id)
        self.refresh()
        ui.timer(self.admin.display_refresh_seconds, self.refresh)

    def refresh(self) -> None:
        """Redraw from the store, and chime and speak any call made since the last refresh."""
        self.clock.set_text(self.admin.clock.now().strftime("%H:%M"))
        self.name.set_text(self.admin.community_name())  # staff may rename it in the Settings tab
        called = self.admin.queue.called_tickets()
        new_calls = self.admin.announcer.since(self.heard)
        if new_calls:
            self.heard = new_calls[-1].sequence
            payload = json.dumps([spoken_call(call) for call in new_calls], ensure_ascii=False)
            ui.run_javascript(CHIME_AND_SPEAK % payload)
        notices = self.admin.notices()
        if notices != self.notices_shown:
            self.notices_shown = notices
            self.ticker.set_text("　　★　　".join(notices))
        state = (tuple(called), self.heard)
        if state == self.drawn:
            return
        self.drawn = state
        self.serving.clear()
        with self.serving:
            if not called:
                ui.label("—").classes("text-6xl")
            for ticket in called[:6]:
                with ui.row().classes("w-full justify-between bg-white/10 rounded-xl px-8 py-4").mark("serving"):
                    ui.label(ticket.number).classes("text-8xl font-extrabold tracking-wider")
                    ui.label(f"{ticket.counter} 号窗口 · Counter {ticket.counter}").classes("text-5xl self-center")
        self.recent.clear()
        with self.recent:
            for call in reversed(self.admin.announcer.since(0)[-8:]):
                ui.label(f"{call.number} → {call.counter}").classes("text-4xl").mark("recent-call")
