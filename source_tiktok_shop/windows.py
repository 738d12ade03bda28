"""Time-window arithmetic for incremental reads (pure functions, unit-tested on their own).

All instants are Unix seconds. A window is half-open, [start, end): the connector asks TikTok for
`ge start` and `lt end` (or `le end - 1` where the endpoint's upper bound is inclusive).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

DAY = 86400


@dataclass(frozen=True)
class ReadRange:
    start: int
    end: int

    @property
    def empty(self) -> bool:
        return self.end <= self.start


def read_range(
    *,
    start_date: int,
    now: int,
    committed_cursor: Optional[int],
    lookback_seconds: int,
    safety_margin_seconds: int,
    incremental: bool,
    earliest: int = 0,
) -> ReadRange:
    """The instants one sync of one shop covers.

    Incremental reads stop `safety_margin_seconds` before now, so a record written while the sync
    runs, with a timestamp slightly in the past, is read next time rather than skipped; they restart
    `lookback_seconds` before the committed cursor to catch late changes. A full refresh reads up
    to now.
    """
    start = max(start_date, earliest)
    if incremental and committed_cursor is not None:
        start = max(start, committed_cursor - lookback_seconds)
    end = now - safety_margin_seconds if incremental else now + 1
    return ReadRange(start, end)


def next_window_end(start: int, range_end: int, size_seconds: int) -> int:
    return min(start + max(size_seconds, 1), range_end)


MAX_GROWTH = 16


def resized(size_seconds: int, results: Optional[int], target: int, min_seconds: int, max_seconds: int) -> int:
    """The next window's size, scaled so that a window like the last one would hold about `target` results.

    `results` is TikTok's total_count for the window just read (or the records it yielded). Few, large
    windows mean few partly filled last pages, i.e. fewer requests per record; a `target` below product
    search's 10,000-result cap keeps windows from having to be split. Growth is at most x16 a step, so
    an empty stretch of history is crossed in a few requests without one huge leap into dense data.
    """
    if results is None:
        return size_seconds
    factor = min(target / max(results, 1), MAX_GROWTH)
    return max(min_seconds, min(int(size_seconds * factor), max_seconds))
