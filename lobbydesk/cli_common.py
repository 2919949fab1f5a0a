"""What every ``lobbydesk`` subcommand shares: the site options and reading settings from them."""

from __future__ import annotations

import argparse
from pathlib import Path

from lobbydesk.settings import Settings, load_settings


def add_site_options(parser: argparse.ArgumentParser, default_data: Path | None = None) -> None:
    """``--config`` and ``--data``, which every command working on a site's data takes."""
    parser.add_argument("--config", type=Path, help="settings file (TOML); default DATA/lobbydesk.toml if present")
    parser.add_argument(
        "--data", type=Path, default=default_data, help=f"data folder (default {default_data or 'from settings'})"
    )


def settings_from(args: argparse.Namespace) -> Settings:
    """Settings for a command's parsed arguments (flags beat environment beat file)."""
    return load_settings(
        args.config,
        data_dir=args.data,
        host=getattr(args, "host", None),
        port=getattr(args, "port", None),
    )
