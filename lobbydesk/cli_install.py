"""``lobbydesk install`` and ``lobbydesk uninstall``: the site server and the lobby screens on Debian/Ubuntu.

The service runs ``PYTHON -m lobbydesk run --data DATA`` with the interpreter running this command
(``--python`` to name another). That interpreter is the environment lobbydesk is installed in, so the
service runs exactly the code that installed it, with no dependence on PATH or on uv being present or
reaching the network at boot, as ``uv run --project`` would.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

import lobbydesk
from lobbydesk.install import (
    Runner,
    closed_folder,
    describe_install,
    describe_uninstall,
    install,
    read_manifest,
    run_command,
    uninstall,
)
from lobbydesk.install_files import DEFAULT_DATA, InstallOptions, usb_id
from lobbydesk.install_session import ROTATIONS, Screen, server_address

DEFAULT_KIOSK_URL = "http://127.0.0.1:8080/"
DEFAULT_DISPLAY_URL = "http://127.0.0.1:8080/display"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``install`` and ``uninstall`` to the ``lobbydesk`` parser's subcommands."""
    setup = commands.add_parser(
        "install", help="install the site server and the lobby screens (Debian/Ubuntu, as root)",
        description="A system user, the data folder, a systemd service for the site server, Chromium kiosk "
        "sessions for the lobby screens, a udev rule for the USB printer and log rotation. See docs/install.md.",
    )
    _where_options(setup)
    option = setup.add_argument
    option("--user", default="lobbydesk", metavar="NAME", help="the system user the server runs as (default lobbydesk)")
    option("--data", type=_absolute, default=DEFAULT_DATA, metavar="DIR", help=f"data folder (default {DEFAULT_DATA})")
    option("--python", type=_absolute, default=PurePosixPath(sys.executable), metavar="PATH",
           help="the interpreter the service runs lobbydesk with (default: the one running this)")
    option("--kiosk-url", default=DEFAULT_KIOSK_URL, metavar="URL",
           help=f"the touchscreen's page, or none (default {DEFAULT_KIOSK_URL})")
    option("--kiosk-output", default="1", metavar="OUTPUT",
           help="the touchscreen: an xrandr output name, or 1 for the first screen connected (default 1)")
    option("--rotate", choices=sorted(ROTATIONS), help="turn the touchscreen (portrait = left)")
    option("--display-url", default=DEFAULT_DISPLAY_URL, metavar="URL",
           help=f"the lobby display's page, or none (default {DEFAULT_DISPLAY_URL})")
    option("--display-output", default="2", metavar="OUTPUT",
           help="the display: an xrandr output name, or 2 for the second screen connected (default 2)")
    option("--display-rotate", choices=sorted(ROTATIONS), help="turn the display screen")
    option("--kiosk-user", metavar="NAME", help="show the screens only in this user's graphical session (default: any)")
    option("--printer-vendor", type=_usb_id, metavar="HEX", help="the USB printer's vendor ID (hex, e.g. 04b8)")
    option("--printer-product", type=_usb_id, metavar="HEX", help="the USB printer's product ID (hex, e.g. 0202)")
    setup.set_defaults(command=install_command)

    remove = commands.add_parser(
        "uninstall", help="undo lobbydesk install; the data folder and its user stay",
        description="Stop and disable the service and remove every file lobbydesk install wrote (its manifest, "
        "/etc/lobbydesk/installed.json, lists them). The data folder and the system user that owns it stay.",
    )
    _where_options(remove)
    remove.set_defaults(command=uninstall_command)


def install_command(args: argparse.Namespace) -> int:
    """Install, or with --dry-run print every file install would write."""
    try:
        options = options_from(args)
    except ValueError as error:
        print(f"lobbydesk install: {error}", file=sys.stderr)
        return 2
    if args.dry_run:
        print(describe_install(options))
        return 0
    if (refusal := _refusal("install", args.root)) is not None:
        print(refusal, file=sys.stderr)
        return 2
    if args.root is None and (unreachable := _out_of_reach(options)) is not None:
        print(f"lobbydesk install: {unreachable}", file=sys.stderr)
        return 2
    return install(options, args.root or Path("/"), _runner(args.root))


def uninstall_command(args: argparse.Namespace) -> int:
    """Uninstall, or with --dry-run print what would be removed."""
    root = args.root or Path("/")
    if args.dry_run:
        manifest = read_manifest(root)
        if manifest is None:
            print("lobbydesk uninstall: nothing to undo (lobbydesk install has not run here)")
            return 1
        print(describe_uninstall(manifest))
        return 0
    if (refusal := _refusal("uninstall", args.root)) is not None:
        print(refusal, file=sys.stderr)
        return 2
    return uninstall(root, _runner(args.root))


def options_from(args: argparse.Namespace) -> InstallOptions:
    """The install options the command line asks for; ValueError names what is wrong."""
    if (args.printer_vendor is None) != (args.printer_product is None):
        raise ValueError("give both --printer-vendor and --printer-product, or neither")
    screens = []
    if args.kiosk_url != "none":
        server_address(args.kiosk_url)
        screens.append(Screen("kiosk", args.kiosk_url, args.kiosk_output, _rotation(args.rotate), touch=True))
    if args.display_url != "none":
        server_address(args.display_url)
        screens.append(Screen("display", args.display_url, args.display_output, _rotation(args.display_rotate)))
    return InstallOptions(
        python=args.python, user=args.user, data=args.data, screens=tuple(screens), kiosk_user=args.kiosk_user,
        printer_usb=(args.printer_vendor, args.printer_product) if args.printer_vendor else None,
    )


def _where_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, metavar="DIR",
                        help="work under this folder instead of / (commands are printed, not run: for a disk image)")
    parser.add_argument("--dry-run", action="store_true", help="print what would be done; change nothing")


def _refusal(command: str, root: Path | None) -> str | None:
    if root is None and os.geteuid() != 0:
        return (f"lobbydesk {command}: must run as root (sudo); --dry-run shows what it would do, "
                "--root DIR works under a folder")
    return None


def _out_of_reach(options: InstallOptions) -> str | None:
    """Why the service user could not start the server from here, if it could not."""
    for needed in (Path(str(options.python)), Path(lobbydesk.__file__).parent):
        folder = closed_folder(needed)
        if folder is not None:
            return (f"the {options.user} user could not reach {needed}: {folder} is closed to other users. "
                    "Install lobbydesk where every user can read it, e.g. /opt/lobbydesk (docs/install.md).")
    return None


def _runner(root: Path | None) -> Runner:
    if root is None:
        return run_command

    def printed(argv: Sequence[str]) -> int:
        # Under a root folder these would act on this machine, not on the one being prepared.
        print(f"not run (working under {root}): {' '.join(argv)}")
        return 0

    return printed


def _rotation(choice: str | None) -> str | None:
    return ROTATIONS[choice] if choice else None


def _usb_id(text: str) -> str:
    try:
        return usb_id(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _absolute(text: str) -> PurePosixPath:
    path = PurePosixPath(text)
    if not path.is_absolute():
        raise argparse.ArgumentTypeError(f"{text!r} must be an absolute path")
    return path
