"""Secrets a site makes for itself once, kept in its data folder beside the store, never in the workbook."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

SECRETS_FOLDER = "secrets"
BROWSER_STORAGE_FOLDER = "browser-storage"


def site_secret(data_dir: Path, name: str) -> str:
    """The secret ``name`` of the site in ``data_dir``: made at first use, then read back.

    The file is created exclusively and readable by its owner only, so two processes starting
    together agree on one secret and other accounts on the machine cannot read it.
    """
    folder = data_dir / SECRETS_FOLDER
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / name
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        kept = path.read_text(encoding="ascii").strip()
        if len(kept) >= 32:
            return kept
        raise ValueError(f"{path} holds no usable secret; delete it to make a new one") from None
    made = secrets.token_urlsafe(48)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(made + "\n")
        file.flush()
        os.fsync(file.fileno())
    return made


def browser_storage_folder(data_dir: Path) -> Path:
    """Where the server keeps each browser's storage (staff session tokens, the counter chosen)."""
    folder = data_dir / BROWSER_STORAGE_FOLDER
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder
