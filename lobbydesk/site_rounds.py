"""The wiring of rounds into one site: the rules, the checkpoint labels, the console, the phone page, the lobby."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

from admin.sections import ConsoleSection
from desk.catalog import say
from desk.notices import NoticeText
from desk.rounds import CHECKPOINT_LABEL
from desk.rounds_desk import RoundsDesk
from kiosk.context import SignageSource
from lobbydesk.area import Area
from lobbydesk.site_secrets import site_secret
from printers.checkpoint_label import checkpoint_label_renderer, round_url
from printers.renderers import RenderJob

if TYPE_CHECKING:  # the site builds this area; importing it at run time would go round in a circle
    from admin.context import AdminContext
    from lobbydesk.site import Site


class RoundsArea(Area):
    """Rounds of one site: the Rounds and RoundVisits tabs, labels, ``/staff/rounds`` and ``/round/<token>``."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.rounds = RoundsDesk(site.store, site.clock, site.ids, self._checkpoint_secret,
                                 site.settings.data_dir / "photos", self.photo_url)

    @cache  # noqa: B019 - one secret for the site's life; the area lives as long as the site
    def _checkpoint_secret(self) -> bytes:
        return site_secret(self.site.settings.data_dir, "checkpoint_secret").encode()

    def photo_url(self, photo_name: str) -> str:
        """Where the RoundVisits tab's Photo column links a photo (served as repair photos are)."""
        return f"{self.site.settings.base_url}/photos/{photo_name}"

    def round_url(self, token: str) -> str:
        """The page a checkpoint label's QR code opens."""
        return round_url(self.site.settings.base_url, token)

    def renderers(self) -> dict[str, RenderJob]:
        """The checkpoint label."""
        site = self.site
        return {CHECKPOINT_LABEL: checkpoint_label_renderer(self.rounds.checkpoint, community_name=site.community_name,
                                                            base_url=site.settings.base_url, profile=site.profile)}

    def console_sections(self) -> list[ConsoleSection]:
        """Today's rounds per building, missed and late flagged, and the labels to print."""
        from admin.rounds_console import RoundsConsole  # NiceGUI only where the console is served

        console = RoundsConsole(self.rounds, self.site.clock, print_now=self.site.spool.send_pending,
                                print_outcome=self.site.print_outcome)
        return [ConsoleSection("rounds", "Rounds 巡查", console.build)]

    def register_pages(self, admin: AdminContext) -> None:
        """``/round/<token>``: the page a checkpoint's QR code opens on a staff member's phone."""
        from admin.rounds_phone import register_round_page  # NiceGUI only where pages are served

        register_round_page(self.rounds, admin)

    def after_sync_steps(self) -> list[Callable[[], None]]:
        """Windows that ended today without a visit become missed rows (idempotent)."""
        return [self._flag_missed]

    def lobby_notices(self) -> list[str]:
        """``3号楼 清洁 09:12 · 消毒 10:05 / Building 3 cleaned 09:12 · disinfected 10:05`` on the display's scroll."""
        chinese, english = self.rounds.lobby_lines("zh"), self.rounds.lobby_lines("en")
        return [f"{zh} / {en}" for zh, en in zip(chinese, english, strict=True)]

    def signage(self, notices: SignageSource) -> SignageSource:
        """The kiosk's idle screen with one more card: when each building was cleaned and disinfected today."""
        def with_rounds(lang: str) -> list[NoticeText]:
            lines = self.rounds.lobby_lines(lang)
            shown = notices.notices(lang)
            if not lines:
                return shown
            today: datetime = self.site.clock.now()
            card = NoticeText(id="rounds-today", title=say("rounds_today_title", lang), body="\n".join(lines),
                              pinned=False, buildings=(), day=today.date())
            return [*shown, card]

        return SignageSource(notices=with_rounds, after_seconds=notices.after_seconds,
                             rotate_seconds=notices.rotate_seconds)

    def _flag_missed(self) -> None:
        self.rounds.flag_missed()
