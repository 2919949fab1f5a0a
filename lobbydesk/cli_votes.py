"""Owners' votes from the command line: ``lobbydesk votes result [--vote ID] [--pdf FILE]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from lobbydesk.cli_common import add_site_options, site_with_its_store


def register(commands: Any) -> None:
    """Add the ``votes`` command (``votes result``) to the ``lobbydesk`` parser's subcommands."""
    votes = commands.add_parser("votes", help="owners' votes: their results")
    actions = votes.add_subparsers(title="actions", required=True, metavar="ACTION")
    result = actions.add_parser("result", help="every vote with its turnout, or one vote's result (and its PDF)")
    add_site_options(result)
    result.add_argument("--vote", help="the vote's ID (without it: every vote, with its ID)")
    result.add_argument("--pdf", type=Path, help="write the vote's result as an A4 PDF here")
    result.set_defaults(command=vote_result)


def vote_result(args: argparse.Namespace) -> int:
    """Print the votes, or one vote's result; write its PDF when asked."""
    from desk.votes import area_text, result_text
    from lobbydesk.owner_file_pdf import NoChineseFontError
    from lobbydesk.vote_pdf import vote_pdf

    with site_with_its_store(args) as site:
        desk = site.committee.votes
        now = site.clock.now()
        if args.vote is None:
            for vote in desk.votes():
                _, counted = desk.count(vote.id)
                print(f"{vote.id}  {vote.state(now).value:8}  {vote.closes:%Y-%m-%d %H:%M}  "
                      f"{counted.owners}/{counted.total_owners} owners, {area_text(counted.area)} m²  "
                      f"{vote.question('zh')}")
            return 0
        try:
            vote, counted = desk.count(args.vote)
        except LookupError:
            print(f"lobbydesk: no vote {args.vote} in this site's store", file=sys.stderr)
            return 1
        community = site.community_name()
    print(f"{vote.question('zh')} · {vote.question('en')} ({vote.state(now).value})")
    print(result_text(vote, counted, "zh"))
    print(result_text(vote, counted, "en"))
    if args.pdf is None:
        return 0
    try:
        data = vote_pdf(vote, counted, community_name=community, tz=site.settings.zone, printed_at=now)
    except NoChineseFontError as missing:
        print(f"lobbydesk: {missing}", file=sys.stderr)
        return 1
    args.pdf.write_bytes(data)
    print(f"Wrote the result to {args.pdf}")
    return 0
