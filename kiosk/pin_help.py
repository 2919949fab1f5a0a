"""Where an owner who forgot their PIN can turn: the desk resets it after seeing their ID.

The kiosk never resets a PIN itself (anyone can stand at it); it only says where to go.
"""

from __future__ import annotations

from nicegui import ui

FORGOT_PIN: dict[str, str] = {
    "zh": "忘记密码？请带身份证到服务台重置",
    "en": "Forgot your PIN? Bring your ID to the desk to reset it",
}


def forgot_pin_line(lang: str) -> ui.label:
    """A small line under the PIN pad, in the screen's language."""
    words = FORGOT_PIN.get(lang, FORGOT_PIN["en"])
    return ui.label(words).classes("text-2xl text-gray-700").props("data-testid=signin-forgot-pin")\
        .mark("signin-forgot-pin")
