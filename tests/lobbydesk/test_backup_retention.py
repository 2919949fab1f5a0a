"""What retention keeps, for any history of backups: the newest of the latest days and months, and nothing else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from lobbydesk.backup_retention import archive_name, archive_stamp, archives_to_keep

backup_times = st.lists(
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2028, 12, 31)).map(
        lambda moment: moment.replace(microsecond=0)),
    max_size=120,
)
counts = st.integers(min_value=0, max_value=20)


def _newest_by(stamps: list[datetime], period: Callable[[datetime], date]) -> dict[date, datetime]:
    newest: dict[date, datetime] = {}
    for stamp in stamps:
        key = period(stamp)
        newest[key] = max(newest.get(key, stamp), stamp)
    return newest


@given(backup_times, counts, counts)
def test_the_newest_of_each_of_the_latest_days_and_months_is_kept_and_nothing_else(
    stamps: list[datetime], daily: int, monthly: int
) -> None:
    kept = archives_to_keep(stamps, daily, monthly)

    by_day = _newest_by(stamps, lambda stamp: stamp.date())
    by_month = _newest_by(stamps, lambda stamp: stamp.date().replace(day=1))
    latest_days = sorted(by_day, reverse=True)[:daily]
    latest_months = sorted(by_month, reverse=True)[:monthly]
    assert kept == {by_day[day] for day in latest_days} | {by_month[month] for month in latest_months}
    assert kept <= set(stamps)
    assert len(kept) <= daily + monthly
    if stamps and (daily or monthly):
        assert max(stamps) in kept, "the newest backup always stays"


@given(backup_times, counts, counts)
def test_pruning_again_keeps_the_same(stamps: list[datetime], daily: int, monthly: int) -> None:
    kept = archives_to_keep(stamps, daily, monthly)
    assert archives_to_keep(kept, daily, monthly) == kept


@given(backup_times)
def test_a_backup_name_tells_when_it_was_taken_and_whose_it_is(stamps: list[datetime]) -> None:
    for stamp in stamps:
        assert archive_stamp(archive_name("SUNNY", stamp), "SUNNY") == stamp
        assert archive_stamp(archive_name("SUNNY", stamp), "RIVER") is None
    assert archive_stamp("lobbydesk-backup-SUNNY-20261127-031500.tar.gz.sha256", "SUNNY") is None
    assert archive_stamp("notes.txt", "SUNNY") is None
