"""Settings come from a TOML file and LOBBYDESK_* variables; a bad one stops start-up with one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from lobbydesk.settings import SettingsError, load_settings


def test_the_embedded_defaults_keep_everything_in_the_data_folder(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    assert settings.workbook == f"xlsx://{tmp_path / 'workbook.xlsx'}"
    assert settings.printer == f"file://{tmp_path / 'printer.bin'}"
    assert settings.store_path == tmp_path / "lobbydesk.sqlite3"
    assert settings.base_url == "http://127.0.0.1:8080"


def test_a_toml_file_is_read_and_the_environment_overrides_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "site.toml"
    config.write_text(
        'site_code = "SUNNY"\ncommunity_name = "阳光花园"\nprinter = "network://10.0.0.5:9100"\n'
        'languages = ["en", "zh"]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("LOBBYDESK_PRINTER", "none")
    monkeypatch.setenv("LOBBYDESK_TIMEZONE", "Europe/Berlin")
    settings = load_settings(config, data_dir=tmp_path)
    assert (settings.site_code, settings.community_name, settings.languages) == ("SUNNY", "阳光花园", ["en", "zh"])
    assert settings.printer == "none"
    assert settings.timezone == "Europe/Berlin"


def test_a_data_folder_with_its_own_settings_file_uses_it(tmp_path: Path) -> None:
    (tmp_path / "lobbydesk.toml").write_text('site_code = "DEMO"\n', encoding="utf-8")
    assert load_settings(data_dir=tmp_path).site_code == "DEMO"


@pytest.mark.parametrize(
    ("env", "value", "expected"),
    [
        ("LOBBYDESK_PRINTER", "lpt://1", "setting 'printer' (env LOBBYDESK_PRINTER): "),
        ("LOBBYDESK_WORKBOOK", "ftp://example/book.xlsx", "setting 'workbook' (env LOBBYDESK_WORKBOOK): "),
        ("LOBBYDESK_TIMEZONE", "Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
        ("LOBBYDESK_SITE_CODE", "sunny garden", "setting 'site_code'"),
        ("LOBBYDESK_PORT", "eighty", "setting 'port'"),
        ("LOBBYDESK_LANGUAGES", '["fr"]', "unknown language 'fr'"),
        ("LOBBYDESK_PRINTER_PROFILE", "NoSuchPrinter", "setting 'printer_profile'"),
        ("LOBBYDESK_LOBBY_SCREENS", "192.168.1.20,lobby-pc", "setting 'lobby_screens' (env LOBBYDESK_LOBBY_SCREENS): "
         "'lobby-pc' is no address or network"),
    ],
)
def test_a_bad_setting_names_its_key_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(env, value)
    with pytest.raises(SettingsError) as caught:
        load_settings(data_dir=tmp_path)
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message


def test_other_lobby_screens_are_named_by_address_or_network_in_the_file_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "site.toml"
    config.write_text('lobby_screens = ["192.168.1.20", "10.0.5.0/29"]\n', encoding="utf-8")
    assert [str(n) for n in load_settings(config, data_dir=tmp_path).lobby_screen_networks] == [
        "192.168.1.20/32", "10.0.5.0/29"]
    monkeypatch.setenv("LOBBYDESK_LOBBY_SCREENS", "192.168.1.21, fe80::1")
    from_env = load_settings(data_dir=tmp_path).lobby_screen_networks
    assert [str(n) for n in from_env] == ["192.168.1.21/32", "fe80::1/128"]
    monkeypatch.delenv("LOBBYDESK_LOBBY_SCREENS")
    assert load_settings(data_dir=tmp_path).lobby_screen_networks == (), "none but the kiosk PC's own, by default"


def test_a_misspelt_key_in_the_file_is_named(tmp_path: Path) -> None:
    config = tmp_path / "site.toml"
    config.write_text('prnter = "none"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="unknown setting 'prnter'"):
        load_settings(config, data_dir=tmp_path)


def test_a_broken_settings_file_is_named(tmp_path: Path) -> None:
    config = tmp_path / "site.toml"
    config.write_text('site_code = "SUNNY\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="is not valid TOML"):
        load_settings(config, data_dir=tmp_path)
    with pytest.raises(SettingsError, match="does not exist"):
        load_settings(tmp_path / "missing.toml", data_dir=tmp_path)
