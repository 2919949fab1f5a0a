"""Site settings: a TOML file plus ``LOBBYDESK_*`` environment overrides (pydantic-settings).

Precedence, highest first: command-line flags, environment, the TOML file, defaults. The workbook
and the printer are each one URL; both default to files in the data folder.
"""

from __future__ import annotations

import ipaddress
import tomllib
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from desk.ids import SITE_CODE
from desk.sign_in_limits import Network
from printers.connections import connection_from_url
from printers.profile import ChineseText, profile_named
from sync.urls import parse_workbook_url

CONFIG_NAME = "lobbydesk.toml"
LANGUAGES = ("zh", "en")


class SettingsError(Exception):
    """A setting is missing or wrong; the message is one line naming the key."""


class Settings(BaseSettings):
    """Everything one site's server needs to know at start-up."""

    model_config = SettingsConfigDict(env_prefix="LOBBYDESK_", extra="forbid", validate_default=True)
    toml_path: ClassVar[Path | None] = None

    data_dir: Path = Field(default=Path("lobbydesk-data"), description="store, workbook and printer output")
    site_code: str = Field(default="SITE", description="2-8 capitals/digits; prefixes every record ID")
    community_name: str = Field(default="lobbydesk", min_length=1, max_length=60)
    timezone: str = Field(default="Asia/Shanghai", description="IANA zone, e.g. Asia/Shanghai")
    languages: list[str] = Field(default=["zh", "en"], min_length=1)
    workbook: str = Field(default="", description="xlsx:///path/workbook.xlsx or gsheets://KEY; empty: DATA/...")
    google_service_account: Path | None = Field(
        default=None, description="the Google service account's JSON key file, for a gsheets:// workbook"
    )
    google_api_base: str = Field(
        default="", description="send Sheets API requests here instead of Google (the fake); then no key is needed"
    )
    printer: str = Field(default="", description="file://, network://, usb://, serial://, cups://, none")
    printer_profile: str = "default"
    printer_chinese: ChineseText = Field(
        default="auto", description="Chinese on tickets: auto follows the profile's font; native; image draws it"
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    public_url: str = Field(default="", description="base URL phones use for status pages; empty: http://HOST:PORT")
    sync_interval: float = Field(default=5.0, gt=0, description="seconds between sync cycles right after a change")
    sync_idle_ceiling: float | None = Field(
        default=None, gt=0,
        description="while nothing changes, cycles slow down step by step to this many seconds (Google: 2 x "
                    "sync_interval; .xlsx: sync_interval, an idle look being one stat of the file)",
    )
    google_sites_per_account: int = Field(
        default=1, ge=1, description="sites sharing this site's Google service account: its quota is split evenly"
    )
    google_quota_per_minute: int = Field(
        default=60, ge=1, description="Sheets read (and, apart, write) requests a minute per service account"
    )
    sync_process: bool = Field(default=True, description="run sync cycles in a child process, so they never slow a tap")
    sync_read_helper: bool = Field(
        default=True, description="an .xlsx read of 200 MiB of sheet XML or more (every tab of a large workbook, "
                                  "after an office suite's save) parses about half of it in a second process: "
                                  "twice as fast on two cores, for the helper's memory while it runs",
    )
    idle_seconds: float = Field(default=60.0, gt=0, description="kiosk returns home after this long untouched")
    no_show_minutes: float = Field(
        default=3.0, gt=0, description="minutes a called owner has before staff may record a no-show"
    )
    storage_secret: str = Field(
        default="", description="signs browsers' session cookies; empty: a random one kept in DATA/secrets/"
    )
    payment_webhook_secret: str = Field(
        default="", description="shared with the payment provider; signs POST /api/payments/notify (empty: refused)"
    )
    # When the Operations page, /healthz and the e-mail alerts call something stale.
    alert_sync_lag_minutes: float = Field(default=10.0, gt=0, description="the workbook this far behind is a warning")
    alert_backup_age_hours: float = Field(default=36.0, gt=0, description="the newest backup this old is a warning")
    alert_disk_free_gib: float = Field(default=1.0, gt=0, description="less free disk than this is a warning")
    # E-mail alerts (paper running out, backups failing, the sync failing): none while smtp_host is empty.
    smtp_host: str = Field(default="", description="the mail server that sends alerts; empty: no e-mail")
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_security: Literal["starttls", "ssl", "none"] = Field(
        default="starttls", description="starttls (port 587), ssl (port 465) or none (a relay on the same network)"
    )
    smtp_from: str = Field(default="", description="the sender, e.g. lobbydesk@sunny-garden.cn")
    lobby_screens: Annotated[list[str], NoDecode] = Field(
        default=[], description="other lobby touchscreens' addresses (192.168.1.20 or 192.168.1.0/28): spared as the "
        "kiosk PC's own screen is when phones spray PINs"
    )
    smtp_to: Annotated[list[str], NoDecode] = Field(
        default=[], description="who receives alerts; in the environment a comma-separated list"
    )
    smtp_username: str = Field(default="", description="empty: the server takes mail without logging in")
    smtp_password: str = Field(default="", description="better in the environment (LOBBYDESK_SMTP_PASSWORD) or a file")
    smtp_password_file: Path | None = Field(default=None, description="a file holding the password (chmod 600)")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Flags, then environment, then the TOML file named at load time."""
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if cls.toml_path is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=cls.toml_path))
        return tuple(sources)

    @field_validator("site_code")
    @classmethod
    def _site_code(cls, value: str) -> str:
        if not SITE_CODE.match(value):
            raise ValueError("must be 2-8 capital letters or digits starting with a letter, e.g. SUNNY")
        return value

    @field_validator("storage_secret")
    @classmethod
    def _storage_secret(cls, value: str) -> str:
        # Whoever knows it can forge a staff browser's cookie: a short or published one is no secret.
        if value and (len(value) < 32 or value == "lobbydesk-local"):
            raise ValueError("must be at least 32 random characters, or empty to let the site make one")
        return value

    @field_validator("smtp_to", "lobby_screens", mode="before")
    @classmethod
    def _comma_list(cls, value: Any) -> Any:
        if isinstance(value, str):  # LOBBYDESK_SMTP_TO=office@example.cn,manager@example.cn
            return [address.strip() for address in value.split(",") if address.strip()]
        return value

    @field_validator("lobby_screens")
    @classmethod
    def _lobby_screens(cls, value: list[str]) -> list[str]:
        for address in value:
            try:
                ipaddress.ip_network(address, strict=False)
            except ValueError:
                raise ValueError(f"{address!r} is no address or network, e.g. 192.168.1.20 or 192.168.1.0/28") from None
        return value

    @model_validator(mode="after")
    def _mail(self) -> Settings:
        if not self.smtp_host:
            return self
        if "@" not in self.smtp_from:
            raise _SettingProblemError("smtp_from", "e-mail alerts need a sender address, e.g. lobbydesk@example.cn")
        if not self.smtp_to or any("@" not in address for address in self.smtp_to):
            raise _SettingProblemError("smtp_to", "e-mail alerts need one or more addresses, e.g. office@example.cn")
        return self

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}; use an IANA name such as Asia/Shanghai") from None
        return value

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        unknown = [lang for lang in value if lang not in LANGUAGES]
        if unknown:
            raise ValueError(f"unknown language {unknown[0]!r}; choose from {', '.join(LANGUAGES)}")
        return value

    @field_validator("printer_profile")
    @classmethod
    def _printer_profile(cls, value: str) -> str:
        profile_named(value)
        return value

    @model_validator(mode="after")
    def _locations(self) -> Settings:
        self.data_dir = self.data_dir.expanduser().resolve()
        if not self.workbook:
            self.workbook = f"xlsx://{self.data_dir / 'workbook.xlsx'}"
        if not self.printer:
            self.printer = f"file://{self.data_dir / 'printer.bin'}"
        workbook = _check("workbook", lambda: parse_workbook_url(self.workbook))
        if self.google_api_base and not self.google_api_base.startswith(("http://", "https://")):
            raise _SettingProblemError("google_api_base", "must start with http:// or https://, e.g. http://127.0.0.1:8765")
        if workbook.scheme == "gsheets" and self.google_service_account is None and not self.google_api_base:
            raise _SettingProblemError(
                "google_service_account",
                "a gsheets:// workbook needs the service account's JSON key file (see docs/operations.md)",
            )
        _check("printer", lambda: connection_from_url(self.printer))
        return self

    @property
    def lobby_screen_networks(self) -> tuple[Network, ...]:
        """The ``lobby_screens`` as networks (an address alone is a network of one)."""
        return tuple(ipaddress.ip_network(address, strict=False) for address in self.lobby_screens)

    @property
    def zone(self) -> ZoneInfo:
        """The site's time zone."""
        return ZoneInfo(self.timezone)

    @property
    def base_url(self) -> str:
        """Where phones reach this server: the public URL, or the listening address."""
        if self.public_url:
            return self.public_url.rstrip("/")
        return f"http://{self.host}:{self.port}"

    @property
    def store_path(self) -> Path:
        """The site's SQLite file."""
        return self.data_dir / "lobbydesk.sqlite3"


class _SettingProblemError(ValueError):
    """A cross-field check failed; carries the key it is about."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def _check(key: str, parse: Any) -> Any:
    try:
        return parse()
    except ValueError as error:
        raise _SettingProblemError(key, str(error)) from None


def load_settings(config: Path | None = None, **flags: Any) -> Settings:
    """Read settings from flags, environment and a TOML file; raise SettingsError on any problem.

    Without ``config``, ``DATA/lobbydesk.toml`` is used when it exists, so every command given
    ``--data DIR`` runs with that site's own settings (the demo writes one).
    """
    flags = {key: value for key, value in flags.items() if value is not None}
    if config is None and "data_dir" in flags and (Path(flags["data_dir"]) / CONFIG_NAME).is_file():
        config = Path(flags["data_dir"]) / CONFIG_NAME
    if config is not None:
        _check_toml(config)
    source = config or "the environment"
    try:
        bound = type("BoundSettings", (Settings,), {"toml_path": config})
        settings: Settings = bound(**flags)
        return settings
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or _problem_key(first)
        message = _problem_message(first)
        if first["type"] == "extra_forbidden":
            raise SettingsError(f"unknown setting {key!r} in {source}") from None
        raise SettingsError(f"setting {key!r} (env LOBBYDESK_{key.upper()}): {message}") from None


def _problem_key(error: Any) -> str:
    context = error.get("ctx", {}).get("error")
    return getattr(context, "key", "settings")


def _problem_message(error: Any) -> str:
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message


def _check_toml(config: Path) -> None:
    try:
        tomllib.loads(config.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"config file {config} does not exist") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsError(f"config file {config} is not valid TOML: {error}") from None
