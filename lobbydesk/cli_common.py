"""What every ``lobbydesk`` subcommand shares: the site options and reading settings from them."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from lobbydesk.settings import Settings, load_settings

if TYPE_CHECKING:  # imported where a command opens the site, as in every cli_* module: parsing stays light
    from lobbydesk.site import Site


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


@contextmanager
def site_with_its_store(args: argparse.Namespace) -> Iterator[Site]:
    """The site the command's options name, its store open for the block (the workbook stays closed).

    The site is still there after the block, for what needs no store (its clock, its settings).
    """
    from lobbydesk.site import Site

    site = Site(settings_from(args))
    with site.store:
        yield site
