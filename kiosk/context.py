"""What the kiosk pages need from the rest of the site, passed in by the wiring."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from desk.clock import Clock
from desk.notices import NoticeText
from desk.queue import QueueDesk
from desk.signin import SignIn
from desk.site_settings import SiteSettings
from kiosk.features import KioskFeature


@dataclass(frozen=True)
class SignageSource:
    """Where the signage reads its notices (by language) and how it paces them."""

    notices: Callable[[str], list[NoticeText]]
    after_seconds: float = 60.0  # idle on the home screen before signage starts
    rotate_seconds: float = 8.0  # how long each notice stays


# A print job's journal status for a record: "queued", "sent", "failed", "not printed" (the site has no
# printer), or None (no job).
PrintOutcome = Callable[[str], str | None]


@dataclass
class KioskContext:
    """The services and settings one site's kiosk and status pages run on."""

    community_name: Callable[[], str]  # read at each redraw: staff may rename it in the Settings tab
    languages: list[str]
    queue: QueueDesk
    clock: Clock
    status_url: Callable[[str], str]
    print_outcome: PrintOutcome
    wake_printer: Callable[[], None]
    site_settings: Callable[[], SiteSettings] | None = None  # the Settings tab; None: always open, all services
    sign_in: SignIn | None = None
    features: list[KioskFeature] = field(default_factory=list)  # home tiles besides taking a number
    signage: SignageSource | None = None  # the idle screen's notices; None: no signage
    idle_seconds: float = 60.0
    monotonic: Callable[[], float] = field(default=time.monotonic)
    print_wait_seconds: float = 15.0
    status_refresh_seconds: float = 3.0
