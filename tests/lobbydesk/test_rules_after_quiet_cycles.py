"""The rules after the sync cost nothing on an idle look: after quiet cycles they run once a minute."""

from __future__ import annotations

from collections.abc import Callable

from desk.clock import FixedClock
from lobbydesk.area import Area
from lobbydesk.site import Site


class CountingRules(Area):
    """An area whose one rule after the sync counts how often it ran."""

    def __init__(self) -> None:
        self.runs = 0

    def after_sync_steps(self) -> list[Callable[[], None]]:
        return [self.run]

    def run(self) -> None:
        self.runs += 1


def test_after_quiet_cycles_the_rules_run_once_a_minute_and_after_a_busy_one_at_once(
    site: Site, site_clock: FixedClock
) -> None:
    rules = CountingRules()
    site.areas.append(rules)

    site.after_sync(quiet=False)
    site.after_sync(quiet=True)
    site_clock.advance(seconds=59)
    site.after_sync(quiet=True)
    assert rules.runs == 1  # nothing new from the sheet: the rules wait for the minute

    site.after_sync(quiet=False)
    assert rules.runs == 2  # the workbook or the store changed: at once
    site_clock.advance(minutes=1)
    site.after_sync(quiet=True)
    assert rules.runs == 3  # a minute on: the rules that follow the clock (a parcel overdue) run
