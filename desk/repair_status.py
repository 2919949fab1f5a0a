"""A repair's life: its statuses and the changes between them staff (and owners) may make.

    new -> assigned -> in progress -> done
    any open status -> on hold | cancelled | done;  on hold -> assigned | in progress
    done -> reopened (by the owner within 7 days, or by staff) -> assigned | in progress | ...

An edit typed into the sheet that this table does not allow (done -> new) is refused by
:meth:`desk.repairs.Repair.change_refused`; the sync keeps the old status and says why in the Problems tab.
"""

from __future__ import annotations

import enum


class RepairStatus(enum.StrEnum):
    """Where a repair stands."""

    NEW = "new"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in progress"
    ON_HOLD = "on hold"
    DONE = "done"
    CANCELLED = "cancelled"
    REOPENED = "reopened"


S = RepairStatus
OPEN = frozenset({S.NEW, S.ASSIGNED, S.IN_PROGRESS, S.ON_HOLD, S.REOPENED})
ALLOWED: dict[RepairStatus, frozenset[RepairStatus]] = {
    S.NEW: frozenset({S.ASSIGNED, S.IN_PROGRESS, S.ON_HOLD, S.DONE, S.CANCELLED}),
    S.ASSIGNED: frozenset({S.NEW, S.IN_PROGRESS, S.ON_HOLD, S.DONE, S.CANCELLED}),
    S.IN_PROGRESS: frozenset({S.ASSIGNED, S.ON_HOLD, S.DONE, S.CANCELLED}),
    S.ON_HOLD: frozenset({S.ASSIGNED, S.IN_PROGRESS, S.DONE, S.CANCELLED}),
    S.DONE: frozenset({S.REOPENED}),
    S.CANCELLED: frozenset({S.REOPENED}),
    S.REOPENED: frozenset({S.ASSIGNED, S.IN_PROGRESS, S.ON_HOLD, S.DONE, S.CANCELLED}),
}

# Closed repairs pile up over the years; the rules that run often read only the ones that can change.
_STATUS = "json_extract(body, '$.status')"
OPEN_SQL = f"{_STATUS} IN ({', '.join(repr(status.value) for status in sorted(OPEN))})"
NEEDS_REVIEW_SQL = (
    f"{OPEN_SQL} OR json_extract(body, '$.overdue') = 1"
    f" OR ({_STATUS} = 'done') = (json_extract(body, '$.done_at') IS NULL)"  # done without a time, or the reverse
)
