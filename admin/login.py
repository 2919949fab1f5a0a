"""The staff login page: the form, the password check off the event loop, the session it starts."""

from __future__ import annotations

from functools import partial

from nicegui import app, run, ui

from admin.context import AdminContext
from desk.credentials import Outcome

# Where a login may send the browser back to: staff pages, and a checkpoint scanned on a phone (/round/<token>).
# Nothing else, so a link to the login cannot send staff on to another site.
RETURN_PATHS = ("/staff", "/round/")


def build_login_page(admin: AdminContext, next_path: str, address: str = "") -> None:
    """The login form; on success the session is stored and the browser goes to ``next_path``.

    Wrong passwords are counted per browser and per network ``address`` (desk/sign_in_limits.py),
    never against the account: a guess in the lobby must not lock the manager out at the office.
    """
    browser = str(app.storage.browser.get("id", ""))
    with ui.card().classes("mx-auto mt-16 w-96 gap-4 p-8"):
        ui.label(admin.community_name()).classes("text-2xl font-bold")
        ui.label("Staff login 员工登录").classes("text-lg")
        name = ui.input("Name 姓名").classes("w-full").mark("login-name")
        password = ui.input("Password 密码", password=True).classes("w-full").mark("login-password")
        message = ui.label().classes("text-red-800").mark("login-message")

        async def attempt() -> None:
            # The password hash is slow on purpose: check it off the event loop.
            result = await run.io_bound(partial(admin.credentials.check_staff, name.value or "", password.value or "",
                                                browser=browser, address=address))
            password.set_value("")
            if result is None:  # the server is stopping
                return
            if result.outcome is Outcome.OK:
                admin.gate.log_in(name.value.strip(), result.role)
                ui.navigate.to(next_path if next_path.startswith(RETURN_PATHS) else "/staff")
            elif result.outcome is Outcome.THROTTLED and result.locked_until is not None:
                message.set_text("Too many wrong passwords from here. "
                                 f"Try again after {result.locked_until:%H:%M}. 密码错误次数太多，请稍后再试")
            else:  # a wrong password and an unknown name read the same, and take as long
                message.set_text("Wrong name or password.")

        password.on("keydown.enter", attempt)
        ui.button("Log in 登录", on_click=attempt).classes("w-full").mark("login-submit")
