"""A repair on the owner's phone: the status page ``/r/<ID>``, the one-time form ``/m/<token>``, photos.

The status page shows no personal data (no unit, no name, no description): only where the request
stands and what staff wrote for the owner. The form is reached only through a QR code the kiosk
shows after a report; it adds words and up to 3 photos to that one request, once, within 10 minutes.
The phone's browser checks count, size and type before sending, but a client can lie, so the server
checks again: a request with more than 3 files is refused unread, the requests of one form are taken
one at a time (so two at once cannot pass 3 photos), and a file over 5 MB or past the count is refused
before it is read, let alone decoded.
"""

from __future__ import annotations

import asyncio
import logging

from fastapi import HTTPException
from fastapi.responses import FileResponse
from nicegui import app, events, run, ui
from nicegui.elements.upload_files import FileUpload

from desk.catalog import say
from desk.handoff import HandOffError
from desk.photos import PHOTO_MAX_BYTES, PhotoRefusedError, clean_photo, is_photo_name
from desk.repair_words import name
from desk.repairs import FREE_TEXT_MAX, PHOTOS_MAX, Repair, RepairRefusedError
from kiosk.frame import KIOSK_PRIMARY
from kiosk.i18n import LANGUAGE_NAMES
from kiosk.repairs_context import RepairsKiosk

log = logging.getLogger(__name__)

PHONE_STYLE = "font-size: 20px; background: #f4f6f8; color: #102a43"
# Quasar's uploader header says "0.0B / 0.00%" beside a 32 px "+", and each file a size and a small
# remove button that only forgets it on the phone: all hidden. A 64 px button picks the photos and a
# plain line says how many arrived; the list keeps the thumbnails.
UPLOADER_CSS = """
.phone-uploader .q-uploader__header, .phone-uploader .q-uploader__subtitle,
.phone-uploader .q-uploader__file-header .q-btn { display: none; }
.phone-uploader .q-uploader__list { min-height: 0; padding: 8px; }
.phone-uploader .q-uploader__file--img { height: 120px; min-width: 96px; }
.phone-uploader:not(:has(.q-uploader__file)) { height: 0; min-height: 0; border: none; box-shadow: none; }
"""


def register_phone_pages(kiosk: RepairsKiosk) -> None:
    """Add the phone pages and the photo route to the app."""

    @ui.page("/r/{repair_id}")
    def repair_status(repair_id: str, lang: str = "") -> None:
        ui.page_title(kiosk.community_name())
        ui.colors(primary=KIOSK_PRIMARY)
        RepairStatusView(kiosk, repair_id, _language(kiosk, lang)).build()

    @ui.page("/m/{token}")
    def phone_form(token: str, lang: str = "") -> None:
        ui.page_title(kiosk.community_name())
        ui.colors(primary=KIOSK_PRIMARY)
        PhoneForm(kiosk, token, _language(kiosk, lang)).build()

    @app.get("/photos/{photo_name}")
    def photo(photo_name: str) -> FileResponse:
        path = kiosk.photo_folder / photo_name
        if not is_photo_name(photo_name) or not path.is_file():
            raise HTTPException(status_code=404, detail="no such photo")
        return FileResponse(path, headers={"Cache-Control": "private, max-age=86400"})


def _language(kiosk: RepairsKiosk, lang: str) -> str:
    return lang if lang in kiosk.languages else kiosk.languages[0]


class RepairStatusView:
    """Where one repair stands, refreshed every few seconds."""

    def __init__(self, kiosk: RepairsKiosk, repair_id: str, lang: str) -> None:
        self.kiosk = kiosk
        self.repair_id = repair_id
        self.lang = lang
        self.drawn: Repair | None = None

    def build(self) -> None:
        """Draw the page and keep it current."""
        ui.query("body").style(PHONE_STYLE)
        with ui.column().classes("w-full max-w-md mx-auto p-4 gap-4 items-center"):
            ui.label(self.kiosk.community_name()).classes("text-2xl font-bold")
            self.card = ui.column().classes("w-full items-center gap-3 bg-white rounded-xl p-6 shadow")
            ui.label(say("updates_live", self.lang)).classes("text-base text-gray-700")
            with ui.row():
                for lang in self.kiosk.languages:
                    ui.link(LANGUAGE_NAMES[lang], f"/r/{self.repair_id}?lang={lang}").classes("text-lg p-2")
        self.refresh(force=True)
        ui.timer(self.kiosk.status_refresh_seconds, self.refresh)

    def refresh(self, force: bool = False) -> None:
        """Re-read the repair and redraw its card when it changed."""
        repair = self.kiosk.repairs.get(self.repair_id)
        if repair == self.drawn and not force:
            return
        self.drawn = repair
        self.card.clear()
        with self.card:
            if repair is None:
                ui.label(say("repair_unknown", self.lang)).classes("text-2xl").mark("repair-page-status")
                return
            lang, tz = self.lang, self.kiosk.clock.tz
            ui.label(say("repair_title", lang)).classes("text-xl")
            ui.label(repair.number).classes("text-6xl font-extrabold").mark("repair-page-number")
            ui.label(name(repair.category, lang)).classes("text-2xl")
            ui.label(name(repair.status, lang)).classes("text-3xl font-bold").mark("repair-page-status")
            ui.label(f"{say('department', lang)}: {name(repair.department, lang)}").classes("text-xl")
            if repair.scheduled_at is not None:
                visit = repair.scheduled_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
                ui.label(f"{say('scheduled', lang)}: {visit}").classes("text-xl").mark("repair-page-visit")
            if repair.note_to_owner:
                ui.label(f"{say('note', lang)}: {repair.note_to_owner}").classes("text-xl text-center")\
                    .mark("repair-page-note")
            reported = repair.reported_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
            ui.label(say("reported_at", lang, time=reported)).classes("text-base text-gray-700")


class PhoneForm:
    """The one-time form: the owner's own words and up to 3 photos for one repair."""

    def __init__(self, kiosk: RepairsKiosk, token: str, lang: str) -> None:
        self.kiosk = kiosk
        self.token = token
        self.lang = lang
        self.photos: list[bytes] = []
        self.had = 0  # photos the repair holds already ("Add photos" in My requests)
        self.room = PHOTOS_MAX
        self.checking = asyncio.Lock()  # one upload request at a time counts and checks its photos
        self.text = ""

    def build(self) -> None:
        """Draw the form, or why the link cannot be used."""
        ui.query("body").style(PHONE_STYLE)
        self.area = ui.column().classes("w-full max-w-md mx-auto p-4 gap-4")
        with self.area:
            ui.label(self.kiosk.community_name()).classes("text-2xl font-bold")
            try:
                repair = self.kiosk.handoffs.check(self.token)
            except HandOffError as refused:
                self._refused(refused)
                return
            ui.label(say("phone_title", self.lang, number=repair.number)).classes("text-2xl").mark("phone-title")
            ui.label(name(repair.category, self.lang)).classes("text-xl")
            ui.textarea(say("phone_text", self.lang), on_change=lambda event: setattr(self, "text", event.value or ""))\
                .classes("w-full text-xl").props(f"outlined autogrow counter maxlength={FREE_TEXT_MAX}")\
                .mark("phone-text")
            self.had = len([link for link in repair.photos.splitlines() if link])
            self.room = max(0, PHOTOS_MAX - self.had)
            ui.label(say("phone_photos", self.lang)).classes("text-lg")
            ui.add_css(UPLOADER_CSS)
            uploader = ui.upload(on_multi_upload=self._received, multiple=True, auto_upload=True,
                                 max_files=max(1, self.room), max_file_size=PHOTO_MAX_BYTES,
                                 max_total_size=PHOTOS_MAX * PHOTO_MAX_BYTES)\
                .props('accept="image/jpeg,image/png" flat bordered hide-upload-btn')\
                .classes("w-full phone-uploader").mark("phone-photos").on("rejected", self._rejected)
            uploader.on_begin_upload(self._sending)
            # Picked in the browser, within the tap: a phone opens its camera or gallery only for a real tap.
            ui.button(say("phone_choose_photos", self.lang), icon="add_a_photo")\
                .on("click", js_handler=f"() => getElement({uploader.id}).$refs.qRef.pickFiles()")\
                .classes("w-full text-xl min-h-[64px]").props("outline color=primary no-caps")\
                .mark("phone-choose-photos").set_enabled(self.room > 0)
            self.photo_status = ui.label("").classes("text-xl font-bold").mark("phone-photo-status")
            self.problem = ui.label("").classes("text-lg font-bold text-red-800").mark("phone-problem")
            ui.button(say("phone_send", self.lang), on_click=self._send).classes("w-full text-xl min-h-[64px]")\
                .props("color=primary no-caps").mark("phone-send")

    def _sending(self) -> None:
        self.photo_status.set_text(say("phone_photos_sending", self.lang))

    def _refused(self, refused: HandOffError) -> None:
        key = {"used": "link_used", "expired": "link_expired"}.get(refused.code, "link_unknown")
        ui.label(say(key, self.lang)).classes("text-2xl font-bold").mark("phone-refused")

    def _rejected(self, event: events.GenericEventArguments) -> None:
        """The phone refused a file before sending it (too big, too many, not a photo): say why."""
        refused = event.args if isinstance(event.args, list) else []
        reasons = {item.get("failedPropValidation") for item in refused if isinstance(item, dict)}
        key = "photo_count" if "max-files" in reasons else "photo_type" if "accept" in reasons else "photo_size"
        self.problem.set_text(say(key, self.lang))

    async def _received(self, event: events.MultiUploadEventArguments) -> None:
        """Check the photos one request brought as they arrive, so the owner can pick another at once."""
        self.problem.set_text("")
        if len(event.files) > PHOTOS_MAX:  # the phone sends at most 3; more is not a phone
            self.problem.set_text(say("photo_count", self.lang))
            return
        async with self.checking:
            refused = [f"{file.name}: {say(reason, self.lang)}" for file in event.files
                       if (reason := await self._take(file))]
        self.problem.set_text("; ".join(refused))  # several photos may come at once; say which are refused

    async def _take(self, file: FileUpload) -> str:
        """Keep one photo, cleaned, or say why not (a word key); too many or too big is not even read."""
        if len(self.photos) >= self.room:
            return "photo_count"
        if file.size() > PHOTO_MAX_BYTES:
            return "photo_size"
        data = await file.read()
        try:
            await run.io_bound(clean_photo, data)
        except PhotoRefusedError as refused:
            return "photo_size" if refused.code == "size" else "photo_type"
        self.photos.append(data)
        self.photo_status.set_text(say("photo_added", self.lang, n=self.had + len(self.photos)))
        return ""

    async def _send(self) -> None:
        try:
            repair = await run.io_bound(self.kiosk.handoffs.complete, self.token, self.text, list(self.photos))
        except HandOffError as refused:
            self.area.clear()
            with self.area:
                self._refused(refused)
            return
        except (PhotoRefusedError, RepairRefusedError) as refused:
            self.problem.set_text(str(refused))
            return
        if repair is None:
            return
        self.area.clear()
        with self.area:
            ui.label(say("phone_thanks", self.lang, number=repair.number)).classes("text-2xl font-bold")\
                .mark("phone-thanks")
            ui.link(say("repair_title", self.lang), self.kiosk.status_url(repair.id) + f"?lang={self.lang}")\
                .classes("text-xl")
