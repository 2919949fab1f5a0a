"""A record kind whose rows staff add in the sheet, only for the sync's stories (the real ones come later)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from desk.records import Highlight, Owner, Record, column


class Bulletin(Record):
    """A notice staff post for the lobby screen; a shared spreadsheet may name the site it is for."""

    TAB = "Bulletins"
    ID_KIND = "N"
    ROWS_FROM = Owner.STAFF
    SITE_FIELD = "site"
    HIGHLIGHTS = (Highlight("urgent", "urgent notices stand out", equals=("TRUE",)),)

    title: str = column("Title", Owner.STAFF, min_length=1, max_length=80)
    starts: date = column("Starts", Owner.STAFF)
    status: Literal["draft", "published", "withdrawn"] = column("Status", Owner.STAFF, default="draft")
    urgent: bool = column("Urgent", Owner.STAFF, default=False)
    site: str = column("Site", Owner.STAFF, default="", max_length=8)
    shown: int = column("Shown", Owner.KIOSK, default=0, ge=0)  # how often the lobby screen showed it

    def change_refused(self, proposed: Record) -> dict[str, str]:
        """A withdrawn bulletin stays withdrawn: staff post a new one instead."""
        if isinstance(proposed, Bulletin) and self.status == "withdrawn" and proposed.status != "withdrawn":
            return {"status": "a withdrawn bulletin cannot be published again; add a new row instead"}
        return {}
