"""What staff may tune without a restart: the keys of the workbook's Settings tab, and their meaning.

Each key is one row of the tab (key, value, meaning). Values are plain text a person can type; the
model parses them and says, in plain words, why a value cannot be used. Secrets (passwords, keys,
service accounts) never become keys here: they stay in the site's settings file.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ConfigDict, Field, ValidationError, field_validator

from desk.fee_settings import FEE_SETTING_ROWS, FeeSettings
from desk.ids import SITE_CODE
from desk.queue import DEFAULT_SERVICES, SERVICE_LETTERS, Service, ServiceConfig
from desk.store import Transaction

HOURS_RANGE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$")
LIST_SEPARATORS = re.compile(r"[,，;；、\n]+")
COUNTER_SEPARATORS = re.compile(r"[\s/+]+")
COUNTER_NAME = re.compile(r"[0-9A-Za-z]{1,6}")
PHONE = re.compile(r"[0-9+()\-/ ]+(?:(?:转|ext\.?|x) ?[0-9]+)?", re.IGNORECASE)


@dataclass(frozen=True)
class SettingKey:
    """One row of the Settings tab: the key staff see, the field it fills, and what it means."""

    key: str
    field: str
    meaning: str


SETTING_KEYS: tuple[SettingKey, ...] = (
    SettingKey("community_name", "community_name", "The community's name, shown on the kiosk and printed on tickets."),
    SettingKey(
        "opening_hours",
        "opening_hours",
        "When the desk is staffed, e.g. 08:00-12:00, 13:30-18:00; empty means always.",
    ),
    SettingKey(
        "services",
        "services",
        "The services the kiosk offers, in order, each with its ticket letter, e.g. inquiry=A, repair=D. "
        "Known services: " + ", ".join(service.value for service in Service) + ".",
    ),
    SettingKey(
        "counters",
        "counters",
        "Which counters serve each service, e.g. inquiry=1 2, payment=3; a service not named here is "
        "served at counters 1 and 2.",
    ),
    SettingKey(
        "usual_minutes",
        "usual_minutes",
        "How many minutes one owner usually takes per service, e.g. inquiry=5, payment=3; the wait "
        "estimate uses it until the day has its own service times. Not named: 5.",
    ),
    SettingKey(
        "primary_site",
        "primary_site",
        "Only when several sites share this workbook: the site code that gives IDs to rows staff add "
        "without naming a site. Empty: whichever site syncs first.",
    ),
    SettingKey(
        "duty_phone",
        "duty_phone",
        "The 24-hour duty phone owners call in an emergency, e.g. 010-6688 1234: shown large at the kiosk "
        "and printed on emergency slips with 110, 119 and 120. Empty: only those public numbers.",
    ),
    SettingKey(
        "parcel_overdue_days",
        "parcel_overdue_days",
        "After how many days a parcel still on the shelf is listed as overdue in the console and coloured "
        "in the Parcels tab, e.g. 7.",
    ),
    *(SettingKey(key, field, meaning) for key, field, meaning in FEE_SETTING_ROWS),
)


class SiteSettings(FeeSettings):
    """The values of the Settings tab, checked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    community_name: str = Field(min_length=1, max_length=60)
    opening_hours: tuple[tuple[str, str], ...] = ()
    services: tuple[tuple[Service, str], ...] = tuple(SERVICE_LETTERS.items())
    counters: tuple[tuple[Service, tuple[str, ...]], ...] = ()
    usual_minutes: tuple[tuple[Service, float], ...] = ()
    primary_site: str = ""
    duty_phone: str = Field(default="", max_length=40)
    parcel_overdue_days: int = Field(default=7, ge=1, le=365)

    @field_validator("community_name", mode="before")
    @classmethod
    def _trimmed(cls, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value

    @field_validator("opening_hours", mode="before")
    @classmethod
    def _hours(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        ranges = []
        for part in _items(value):
            compact = part.replace(" ", "").replace("–", "-").replace("~", "-")
            if not HOURS_RANGE.match(compact):
                raise ValueError(f"{part!r} is not a time range like 08:00-18:00")
            start, end = compact.split("-")
            if end <= start:
                raise ValueError(f"{part!r} ends before it starts")
            ranges.append((start, end))
        return tuple(ranges)

    @field_validator("services", mode="before")
    @classmethod
    def _services(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        known = {service.value: service for service in Service}
        chosen: list[tuple[Service, str]] = []
        for part in _items(value):
            name, equals, letter = (piece.strip() for piece in part.partition("="))
            service = known.get(name.casefold())
            if service is None or not equals:
                raise ValueError(f"{part!r} is not a service with its letter, like inquiry=A")
            letter = letter.upper()
            if not re.fullmatch(r"[A-Z]", letter):
                raise ValueError(f"the letter of {name} must be one capital letter A-Z, not {letter!r}")
            chosen.append((service, letter))
        if not chosen:
            raise ValueError("at least one service is needed")
        letters = [letter for _service, letter in chosen]
        services = [service for service, _letter in chosen]
        if len(set(letters)) < len(letters):
            raise ValueError("two services share a letter; each needs its own")
        if len(set(services)) < len(services):
            raise ValueError("a service is listed twice")
        return tuple(chosen)

    @field_validator("counters", mode="before")
    @classmethod
    def _counters(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        chosen = []
        for name, text in _per_service(value, "inquiry=1 2"):
            counters = tuple(COUNTER_SEPARATORS.split(text.strip())) if text.strip() else ()
            bad = [counter for counter in counters if not COUNTER_NAME.fullmatch(counter)]
            if not counters or bad:
                raise ValueError(f"counters of {name.value} must be numbers or short names, like inquiry=1 2")
            chosen.append((name, counters))
        return tuple(chosen)

    @field_validator("usual_minutes", mode="before")
    @classmethod
    def _usual_minutes(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        chosen = []
        for name, text in _per_service(value, "inquiry=5"):
            try:
                minutes = float(text.strip())
            except ValueError:
                raise ValueError(f"the usual minutes of {name.value} must be a number, like inquiry=5") from None
            if not 0 < minutes <= 240:
                raise ValueError(f"the usual minutes of {name.value} must be between 0 and 240")
            chosen.append((name, minutes))
        return tuple(chosen)

    @field_validator("primary_site", mode="before")
    @classmethod
    def _primary_site(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().upper()
            if value and not SITE_CODE.match(value):
                raise ValueError(f"{value!r} is not a site code (2-8 capital letters or digits)")
        return value

    @field_validator("duty_phone", mode="before")
    @classmethod
    def _duty_phone(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = " ".join(value.split())
            if value and not (PHONE.fullmatch(value) and sum(c.isdigit() for c in value) >= 3):
                raise ValueError(f"{value!r} is not a phone number, like 010-6688 1234 or 400 800 1234 转 8")
        return value

    def text_of(self, key: SettingKey) -> str:
        """A value as staff see and type it in the Settings tab."""
        if key.field == "opening_hours":
            return ", ".join(f"{start}-{end}" for start, end in self.opening_hours)
        if key.field == "services":
            return ", ".join(f"{service.value}={letter}" for service, letter in self.services)
        if key.field == "counters":
            return ", ".join(f"{service.value}={' '.join(counters)}" for service, counters in self.counters)
        if key.field == "usual_minutes":
            return ", ".join(f"{service.value}={minutes:g}" for service, minutes in self.usual_minutes)
        return str(getattr(self, key.field))

    def desk_is_open(self, moment: datetime) -> bool:
        """Whether ``moment`` (in the site's zone) falls in the opening hours; no hours means always."""
        if not self.opening_hours:
            return True
        now = moment.strftime("%H:%M")
        return any(start <= now < end for start, end in self.opening_hours)

    def desk_opens(self, moment: datetime) -> tuple[str, bool] | None:
        """When the desk opens next: (``HH:MM``, whether that is today); None when it never closes."""
        if not self.opening_hours:
            return None
        now = moment.strftime("%H:%M")
        later_today = sorted(start for start, _end in self.opening_hours if start > now)
        if later_today:
            return later_today[0], True
        return min(start for start, _end in self.opening_hours), False

    def service_configs(self) -> dict[Service, ServiceConfig]:
        """How the desk runs each service: the letter staff chose, its counters, its usual minutes.

        Every service is configured, offered or not, so tickets of a service staff just stopped
        offering can still be called.
        """
        letters, counters, minutes = dict(self.services), dict(self.counters), dict(self.usual_minutes)
        configs = {}
        for service, default in DEFAULT_SERVICES.items():
            configs[service] = ServiceConfig(
                letter=letters.get(service, default.letter),
                counters=counters.get(service, default.counters),
                usual_minutes=minutes.get(service, default.usual_minutes),
            )
        return configs

    def letter_of(self, service: Service) -> str | None:
        """The ticket letter of a service, or None when the kiosk does not offer it now."""
        return dict(self.services).get(service)


def _per_service(text: str, example: str) -> list[tuple[Service, str]]:
    """``service=value`` items, each service once, with a plain reason for anything else."""
    known = {service.value: service for service in Service}
    found: list[tuple[Service, str]] = []
    for part in _items(text):
        name, equals, rest = part.partition("=")
        service = known.get(name.strip().casefold())
        if service is None or not equals:
            raise ValueError(f"{part!r} is not a service with its value, like {example}")
        if any(service is seen for seen, _rest in found):
            raise ValueError(f"{service.value} is listed twice")
        found.append((service, rest))
    return found


def _items(text: str) -> list[str]:
    return [item.strip() for item in LIST_SEPARATORS.split(text) if item.strip()]


# Where the store keeps the Settings tab's last good values (the sync writes them every cycle).
STATE_KEY = "site_settings"


def current_site_settings(tx: Transaction, fallback: SiteSettings) -> SiteSettings:
    """The Settings tab's values as the sync last read them, or ``fallback`` before the first cycle."""
    stored = tx.site_state().get(STATE_KEY)
    if stored is None:
        return fallback
    return _parsed(stored) or fallback


@functools.lru_cache(maxsize=8)
def _parsed(stored: str) -> SiteSettings | None:
    """The stored values, checked once per distinct text: every screen asks every second."""
    try:
        return SiteSettings.model_validate_json(stored)
    except ValidationError:
        return None
