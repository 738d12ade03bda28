"""Window slicing: the read range, window stepping and adaptive sizing."""

from source_tiktok_shop.windows import DAY, next_window_end, read_range, resized

NOW = 1_750_000_000
START = NOW - 100 * DAY


def test_first_incremental_read_starts_at_start_date_and_stops_before_now():
    span = read_range(
        start_date=START, now=NOW, committed_cursor=None, lookback_seconds=3 * DAY, safety_margin_seconds=300, incremental=True
    )
    assert (span.start, span.end) == (START, NOW - 300)


def test_later_read_restarts_lookback_before_the_cursor_but_never_before_start_date():
    span = read_range(
        start_date=START, now=NOW, committed_cursor=NOW - DAY, lookback_seconds=3 * DAY, safety_margin_seconds=300, incremental=True
    )
    assert span.start == NOW - 4 * DAY
    span = read_range(
        start_date=START, now=NOW, committed_cursor=START + 60, lookback_seconds=3 * DAY, safety_margin_seconds=0, incremental=True
    )
    assert span.start == START


def test_full_refresh_ignores_the_cursor_and_reads_up_to_now():
    span = read_range(
        start_date=START, now=NOW, committed_cursor=NOW - DAY, lookback_seconds=0, safety_margin_seconds=300, incremental=False
    )
    assert (span.start, span.end) == (START, NOW + 1)


def test_earliest_clamps_finance_reads():
    span = read_range(
        start_date=0, now=NOW, committed_cursor=None, lookback_seconds=0, safety_margin_seconds=0, incremental=True, earliest=1688169600
    )
    assert span.start == 1688169600


def test_future_cursor_gives_an_empty_range():
    span = read_range(
        start_date=START, now=NOW, committed_cursor=NOW + 365 * DAY, lookback_seconds=3 * DAY, safety_margin_seconds=300, incremental=True
    )
    assert span.empty


def test_windows_tile_the_range_without_gaps_or_overlap():
    start, end, size = START, NOW, 7 * DAY
    cursor, windows = start, []
    while cursor < end:
        window_end = next_window_end(cursor, end, size)
        windows.append((cursor, window_end))
        cursor = window_end
    assert windows[0][0] == start and windows[-1][1] == end
    assert all(a[1] == b[0] for a, b in zip(windows, windows[1:]))
    assert all(e - s <= size for s, e in windows)


def test_resizing_aims_the_next_window_at_the_target_within_bounds():
    assert resized(DAY, 2500, 5000, 60, 30 * DAY) == 2 * DAY, "half the target: twice as long"
    assert resized(DAY, 10_000, 5000, 60, 30 * DAY) == DAY // 2, "twice the target: half as long"
    assert resized(DAY, 5000, 5000, 60, 30 * DAY) == DAY
    assert resized(DAY, 0, 5000, 60, 30 * DAY) == 16 * DAY, "empty: grow, but at most x16 a step"
    assert resized(20 * DAY, 0, 5000, 60, 30 * DAY) == 30 * DAY, "never past the maximum"
    assert resized(100, 50_000, 5000, 60, 30 * DAY) == 60, "never below the minimum"
    assert resized(DAY, None, 5000, 60, 30 * DAY) == DAY
