"""A site's secrets are its own: made once per data folder, kept beside the store, never published or synced."""

from __future__ import annotations

import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from nicegui.testing.user import User

from lobbydesk.demo import write_demo_config
from lobbydesk.server import run_options
from lobbydesk.settings import Settings, SettingsError, load_settings
from lobbydesk.site import Site
from lobbydesk.site_secrets import site_secret
from tests.admin.test_console_and_display import _log_in

ROOT = Path(__file__).resolve().parents[2]


def test_a_site_makes_its_session_secret_once_and_keeps_it_to_itself(tmp_path: Path) -> None:
    first = run_options(Settings(data_dir=tmp_path / "a"))["storage_secret"]
    again = run_options(Settings(data_dir=tmp_path / "a"))["storage_secret"]
    other = run_options(Settings(data_dir=tmp_path / "b"))["storage_secret"]

    assert first == again, "a restart keeps the browsers' sessions signed with the same secret"
    assert first != other, "two sites never share a secret"
    assert len(first) >= 32
    kept = tmp_path / "a" / "secrets" / "storage_secret"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700


def test_a_published_or_short_session_secret_is_refused(tmp_path: Path) -> None:
    for weak in ("lobbydesk-local", "short-secret"):
        config = tmp_path / "lobbydesk.toml"
        config.write_text(f'storage_secret = "{weak}"\n', encoding="utf-8")
        with pytest.raises(SettingsError, match="storage_secret"):
            load_settings(config)


def test_a_damaged_secret_file_is_reported_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets" / "storage_secret").write_text("x\n", encoding="ascii")
    with pytest.raises(ValueError, match="delete it to make a new one"):
        site_secret(tmp_path, "storage_secret")


async def test_browser_storage_lives_in_the_sites_data_folder(
    new_browser: Callable[[], User], community: Site
) -> None:
    staff = new_browser()
    await _log_in(staff)
    stored = list((community.settings.data_dir / "browser-storage").glob("storage-user-*.json"))
    assert stored, "the staff browser's storage is kept with the site"
    assert all("wang" not in path.read_text(encoding="utf-8") for path in stored), "only a token, no name or role"
    assert not (Path.cwd() / ".nicegui").exists()


def test_no_browser_storage_is_committed_to_the_repository() -> None:
    tracked = subprocess.run(["git", "ls-files", ".nicegui", "*storage-user-*"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout
    assert tracked == ""
    assert ".nicegui/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_the_demo_makes_its_own_webhook_secret_and_prints_that_one(tmp_path: Path) -> None:
    first = load_settings(write_demo_config(tmp_path / "one")).payment_webhook_secret
    second = load_settings(write_demo_config(tmp_path / "two")).payment_webhook_secret
    assert len(first) >= 24 and first != second
    assert load_settings(write_demo_config(tmp_path / "one")).payment_webhook_secret == first
    assert stat.S_IMODE((tmp_path / "one" / "lobbydesk.toml").stat().st_mode) == 0o600  # only its owner reads it
    published = [path for path in [*ROOT.glob("lobbydesk/*.py"), *ROOT.glob("docs/*.md"), ROOT / "README.md"]
                 if "demo-webhook-secret-2026" in path.read_text(encoding="utf-8")]
    assert published == []
