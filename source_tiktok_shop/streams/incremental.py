"""Incremental, windowed reads with one cursor per shop and a checkpoint on every page.

A table walks the windows of its own search, or of its parent's (children.py): the window bounds,
page tokens and state are the same either way, and the parent's records go through the table's
calls page by page.

State of a stream: {"shops": {<shop_id>: {<cursor_field>: <epoch>, "resume": {...}}}}.
`<cursor_field>` is committed: every record of that shop whose cursor is below it has been emitted.
`resume` marks a window in progress (its fixed bounds and the token of the next page; for tables
that checkpoint between parents, the token of the page being read and the keys of its parents
already emitted, `done`), so a killed sync continues mid-window instead of starting the window again. Shops are independent: one shop's
progress never moves another's cursor.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable, ClassVar, Dict, Generator, Iterator, List, Mapping, MutableMapping, Optional, Set, Tuple

from airbyte_cdk.models import AirbyteEstimateTraceMessage, AirbyteMessage, AirbyteTraceMessage, EstimateType, SyncMode, TraceType, Type
from airbyte_cdk.sources.streams.http.request_window_split_exception import RequestWindowSplitRequiredException

from ..client import Shop
from ..count_trust import CountTrust
from ..page_walk import total_of
from ..runner import ReadRunner
from ..state_checks import FUTURE_ALLOWANCE_SECONDS, epoch, instant, shown
from ..windows import DAY, ReadRange, next_window_end, read_range, resized
from .base import PerShopStateStream, ShopReading
from .children import ChildCalls

# Sentinel returned by a window read that must be retried with a smaller window.
SPLIT = object()
# Read-ahead (`_read_ahead`): when a window's first page counts at least two sub-windows of this many pages and
# reads are concurrent, the window is read as sub-windows side by side (at most `concurrency` at once, each
# at most READ_AHEAD_BUFFER_PAGES pages ahead of the one being emitted), emitted in order. Each sub-window ends
# in a part-filled page and the whole window's first page is spent on finding the count: 12 pages a sub-window
# keeps that to about 5% more requests than the fewest possible (8 pages cost about 6-7%, make bench).
READ_AHEAD_PAGES_PER_WINDOW = 12
READ_AHEAD_MAX_WINDOWS = 64
# Pages a sub-window's walk may hold before the consumer reaches it. Below the pages of a sub-window, a walk
# stalled on its full buffer and the rest of its sub-window was read one page at a time once reached (orders and
# packages at 100 ms took about 2x the ideal wall time, make bench); the margin leaves room for sub-windows that
# hold more than their share (equal spans of time, not of records). At most `concurrency` walks hold pages at once.
READ_AHEAD_BUFFER_PAGES = 16


class ReadAhead:
    """A window read's outcome: read this window as these sub-windows, side by side (TikTok counted `total`)."""

    __slots__ = ("total", "windows")

    def __init__(self, total: int, windows: List[Tuple[int, int]]) -> None:
        self.total, self.windows = total, windows


FINANCE_EARLIEST = 1688169600  # 2023-07-01T00:00:00Z: TikTok's finance APIs hold nothing older.


class IncrementalShopStream(ChildCalls, PerShopStateStream):
    cursor_field: ClassVar[str] = "update_time"
    # Names of the window bounds in the request; an inclusive upper bound (`_le`) gets end - 1.
    filter_start: ClassVar[str] = "update_time_ge"
    filter_end: ClassVar[str] = "update_time_lt"
    end_inclusive: ClassVar[bool] = False
    filters_in_body: ClassVar[bool] = True
    static_params: ClassVar[Mapping[str, Any]] = {}
    # None: the first window is the whole range still to read, split in halves while TikTok counts more
    # than `split_above` results in it (one request per halving). Fewer windows, fewer part-filled pages.
    initial_window_days: ClassVar[Optional[float]] = None
    max_window_days: ClassVar[float] = 3660
    min_window_seconds: ClassVar[int] = 60
    # Results one window should hold (see windows.resized): large, as only product search has a cap.
    target_results: ClassVar[int] = 20_000
    # Deep-paging cap of the search (product search: 10,000); a window past it is split before reading.
    search_cap: ClassVar[Optional[int]] = None

    @property
    def split_above(self) -> int:
        """More results than this in a window, counted on its first page: split it before reading on."""
        return self.search_cap or 2 * self.target_results

    earliest: ClassVar[int] = 0
    # Tables whose records change without their cursor moving (payment status) re-read at least this much.
    min_lookback_days: ClassVar[float] = 0
    # The config option (days) that sets that minimum instead, for a table whose records change for weeks after
    # their cursor stops moving: affiliate orders, which TikTok filters by create time only.
    min_lookback_option: ClassVar[Optional[str]] = None
    # Whether TikTok's total_count of the search is this table's row estimate (not when a parent has
    # many records each).
    row_estimate: ClassVar[bool] = True

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        # Sum of TikTok's total_count over the windows started in this sync: the row estimate.
        self._estimated_rows = 0
        # Per shop read: whether TikTok's total_count still agrees with what its pages deliver.
        self._count_trust: Dict[str, CountTrust] = {}
        self._estimate_lock = threading.Lock()  # shops read side by side add to it from their threads

    def min_lookback_seconds(self) -> int:
        """What every incremental read of this table re-reads at least, before its cursor."""
        days = self.min_lookback_days
        if self.min_lookback_option is not None:
            days = getattr(self._context.config, self.min_lookback_option)
        return int(days * DAY)

    # ---- request shape --------------------------------------------------------------------------

    def window_request(self, start: int, end: int) -> Tuple[Dict[str, Any], Optional[Dict[str, Any]]]:
        """(query params, JSON body) of a search over [start, end); fixed for every page of the window."""
        bounds = {self.filter_start: start, self.filter_end: end - 1 if self.end_inclusive else end}
        params = dict(self.static_params)
        if self.filters_in_body:
            return params, bounds
        params.update(bounds)
        return params, None

    # ---- reading --------------------------------------------------------------------------------

    def records_for_shop(self, reading: ShopReading) -> Iterator[Any]:
        tally = {"records": 0}
        reached = yield from self._tally(self._read_windows(reading, raw=False), tally)
        self.logger.info(f"{self.name}: shop {reading.shop.id}: {tally['records']} records read, windows read up to {instant(reached)}")

    def search_pages(self, shop: Shop, runner: ReadRunner) -> Iterator[List[MutableMapping[str, Any]]]:
        """The raw search results over the whole range, page by page: what a full-refresh child walks."""
        yield from self._read_windows(ShopReading(shop, SyncMode.full_refresh, {}, runner), raw=True)

    def _read_windows(self, reading: ShopReading, raw: bool) -> Generator[Any, None, int]:
        """Read the range still to read, window by window; returns the instant reached. `raw`: the
        search results page by page (a child's parent pages), without children or estimates."""
        shop, shop_state = reading.shop, reading.state
        config = self._context.config
        committed = shop_state.get(self.cursor_field)
        span = read_range(
            start_date=config.start_timestamp,
            now=self._context.sync_time,
            committed_cursor=committed,
            lookback_seconds=max(config.lookback_seconds, self.min_lookback_seconds()),
            safety_margin_seconds=config.safety_margin_seconds,
            incremental=reading.incremental,
            earliest=self.earliest,
        )
        if committed is not None and committed > self._context.sync_time + FUTURE_ALLOWANCE_SECONDS:
            # A cursor no sync can have written. Kept, it would make every later sync read nothing. Set to
            # the end of this read instead: this sync reads nothing new (as Airbyte expects of a state
            # ahead of the data), and later ones read on from there.
            self.logger.warning(
                f"{self.name}: shop {shop.id}: the saved `{self.cursor_field}` is {instant(committed)}, later than now; "
                f"it is set to {instant(span.end)} and reading goes on from there. To re-read anything it skipped, clear "
                "this table's data."
            )
            shop_state[self.cursor_field] = span.end
            span = ReadRange(span.end, span.end)
        resume = self._usable_resume(shop, shop_state.pop("resume", None), span)
        size = int(self.initial_window_days * DAY) if self.initial_window_days else max(span.end - span.start, 1)
        start = resume["start"] if resume else span.start
        self._count_trust[shop.id] = CountTrust()
        while resume or start < span.end:
            end = resume["end"] if resume else next_window_end(start, span.end, size)
            outcome = yield from self.read_window(reading, start, end, resume, raw)
            resume = None
            shop_state.pop("resume", None)  # the window is done, or abandoned (split) and its page token means nothing now
            if outcome is SPLIT:
                size = max((end - start) // 2, self.min_window_seconds)
                continue
            if isinstance(outcome, ReadAhead):
                outcome = yield from self._read_ahead(reading, outcome, raw)
            shop_state[self.cursor_field] = max(shop_state.get(self.cursor_field) or 0, end)
            size = resized(size, outcome, self.target_results, self.min_window_seconds, int(self.max_window_days * DAY))
            start = end
        if not span.empty:
            shop_state[self.cursor_field] = max(shop_state.get(self.cursor_field) or 0, span.end)
        return min(start, span.end) if not span.empty else span.start

    def _usable_resume(self, shop: Shop, resume: Optional[Mapping[str, Any]], span: ReadRange) -> Optional[Mapping[str, Any]]:
        """The checkpointed window in progress, if it lies inside what this sync reads; else None, with a warning."""
        if not resume:
            return None
        start, end = resume["start"], resume["end"]
        if span.start <= start < end <= span.end + FUTURE_ALLOWANCE_SECONDS:
            return resume
        self.logger.warning(
            f"{self.name}: shop {shop.id}: the saved window in progress, {instant(start)} to {instant(end)}, lies outside "
            f"what this sync reads ({instant(span.start)} to {instant(span.end)}); it is dropped and reading starts at "
            f"{instant(span.start)}."
        )
        return None

    def check_shop_state(self, shop_id: str, shop_state: MutableMapping[str, Any]) -> Optional[str]:
        cursor = shop_state.get(self.cursor_field)
        if cursor is not None:
            if epoch(cursor) is None:
                return f"`{self.cursor_field}` is {shown(cursor)}, not a Unix time in seconds"
            shop_state[self.cursor_field] = epoch(cursor)
        resume = shop_state.get("resume")
        if resume is None:
            return None
        if not isinstance(resume, dict):
            return f"`resume` is {shown(resume)}, not an object"
        for bound in ("start", "end"):
            if epoch(resume.get(bound)) is None:
                return (
                    f"`resume.{bound}` is {shown(resume.get(bound))}, not a Unix time in seconds (a window in progress needs both bounds)"
                )
            resume[bound] = epoch(resume[bound])
        if resume.get("page_token") is not None and not isinstance(resume["page_token"], str):
            return f"`resume.page_token` is {shown(resume['page_token'])}, not a string"
        if "statement_id" in resume:
            # Written by versions that checkpointed statement by statement: its page token belonged to
            # one statement's transactions. The window is read again from its start; nothing is lost.
            shop_state["resume"] = {"start": resume["start"], "end": resume["end"]}
            return None
        done = resume.get("done")
        if done is not None and not (isinstance(done, list) and all(isinstance(key, str) for key in done)):
            return f"`resume.done` is {shown(done)}, not a list of the keys already read"
        return None

    @staticmethod
    def _tally(window: Generator[Any, None, Any], tally: Dict[str, int]) -> Generator[Any, None, Any]:
        """Pass a read's output through, counting records; returns the read's own result."""
        while True:
            try:
                item = next(window)
            except StopIteration as stop:
                return stop.value
            tally["records"] += not isinstance(item, AirbyteMessage)
            yield item

    def estimate(self, rows: int) -> AirbyteMessage:
        """An ESTIMATE trace, from which the Airbyte UI shows how far a sync has got."""
        return AirbyteMessage(
            type=Type.TRACE,
            trace=AirbyteTraceMessage(
                type=TraceType.ESTIMATE,
                emitted_at=time.time() * 1000,
                estimate=AirbyteEstimateTraceMessage(name=self.name, type=EstimateType.STREAM, row_estimate=rows),
            ),
        )

    def note_total(self, total: Optional[int]) -> Optional[AirbyteMessage]:
        """Add a window's total_count to the stream's row estimate; the message to emit, if any."""
        if not total:
            return None
        with self._estimate_lock:
            self._estimated_rows += total
            rows = self._estimated_rows
        return self.estimate(rows)

    def read_window(
        self, reading: ShopReading, start: int, end: int, resume: Optional[Mapping[str, Any]], raw: bool
    ) -> Generator[Any, None, Any]:
        """Emit one window's records (its search results, or their children); return how many
        results TikTok matched, or SPLIT."""
        shop, shop_state = reading.shop, reading.state
        search = self.search
        params, body = search.window_request(start, end)
        # The page being read: its token (None for the first) and, for tables that checkpoint
        # between parents, the parents of it already emitted.
        page_token: Optional[str] = (resume or {}).get("page_token")
        done: Set[str] = set((resume or {}).get("done") or [])
        resumed = page_token is not None or bool(done)
        trust = self._count_trust.setdefault(shop.id, CountTrust())
        count = 0
        total: Optional[int] = None

        def restarted() -> None:
            nonlocal page_token
            page_token = None

        try:
            # The first page of a fresh window may be abandoned (split), so nothing is fetched ahead of it.
            pages = search.pages(
                shop, params, body, page_token=page_token, runner=reading.runner, prefetch_first=resumed, on_restart=restarted
            )
            for records, data, next_token in pages:
                total = total if (page_total := total_of(data)) is None else page_total
                fresh = count == 0 and not resumed
                if fresh and total is not None and not next_token and len(records) < total:
                    trust.refute(self, shop, f"total_count {total} on a first page that is also the last, with {len(records)} record(s)")
                if fresh and trust.trusted and total and total > search.split_above and end - start > self.min_window_seconds:
                    if trust.allow_split(self, shop):
                        return SPLIT
                if fresh and trust.trusted and total and next_token:
                    windows = self.read_ahead_windows(total, start, end, reading.runner)
                    if windows:
                        return ReadAhead(total, windows)
                if raw:
                    yield records
                else:
                    if fresh and trust.trusted and self.row_estimate:
                        estimate = self.note_total(total)
                        if estimate is not None:
                            yield estimate
                    for parents, children in self.expand(shop, records, reading.runner, done):
                        for child in children:
                            yield self.with_shop(child, shop)
                        if self.checkpoint_each_parent and reading.incremental:
                            done.update(key for key in map(self.parent_key, parents) if key is not None)
                            shop_state["resume"] = {"start": start, "end": end, "page_token": page_token, "done": sorted(done)}
                count += len(records)
                trust.pages += 1
                done = set()
                page_token = next_token
                if next_token and records:  # a page that brought nothing is no progress worth a checkpoint
                    shop_state["resume"] = {"start": start, "end": end, "page_token": next_token}
        except RequestWindowSplitRequiredException:
            if end - start <= self.min_window_seconds:
                raise
            return SPLIT
        if not resumed and total is not None and total > 2 * count + (search.page_size or 0):
            trust.refute(self, shop, f"total_count {total} for a window that held {count} record(s)")
        return total if total is not None and trust.trusted else count

    # ---- read-ahead ------------------------------------------------------------------------------

    def read_ahead_windows(self, total: int, start: int, end: int, runner: ReadRunner) -> Optional[List[Tuple[int, int]]]:
        """Sub-windows of [start, end) to read side by side, sized from TikTok's count; None: read it page by page.

        Only when reads are concurrent and the list is latency-bound by nature (one page in flight, its next
        page token coming from it), and not for a search with a deep-paging cap (product search), whose
        windows are split instead. Equal spans of time: TikTok counts the window, not how its results spread.
        """
        search = self.search
        if runner.concurrency <= 1 or search.search_cap is not None or not search.page_size:
            return None
        count = min(
            READ_AHEAD_MAX_WINDOWS, total // (READ_AHEAD_PAGES_PER_WINDOW * search.page_size), (end - start) // self.min_window_seconds
        )
        if count < 2:
            return None
        bounds = [start + (end - start) * i // count for i in range(count)] + [end]
        return list(zip(bounds[:-1], bounds[1:]))

    def _read_ahead(self, reading: ShopReading, plan: ReadAhead, raw: bool) -> Generator[Any, None, int]:
        """Read `plan`'s sub-windows side by side (the runner's window pool) and emit them in order.

        The state moves exactly as in a sequential read of the same sub-windows: `resume` marks the
        sub-window being emitted and the token of its next page; the cursor moves to a sub-window's end
        only once all of it has been emitted. Pages read ahead of the emitted ones are never in the state,
        so a killed sync resumes at the sub-window it was emitting and reads the later ones again, with
        no gap and without re-reading any sub-window already emitted. Returns TikTok's count for the window.
        """
        shop, shop_state = reading.shop, reading.state
        search = self.search
        if not raw and self.row_estimate:
            estimate = self.note_total(plan.total)
            if estimate is not None:
                yield estimate

        def walk(window_start: int, window_end: int) -> Callable[[], Iterator[Any]]:
            def pages() -> Iterator[Any]:
                params, body = search.window_request(window_start, window_end)
                restarted: List[bool] = []
                # runner=None: this walk is itself ahead of the consumer; its pages come one after another.
                for page in search.pages(shop, params, body, on_restart=lambda: restarted.append(True)):
                    if restarted:  # TikTok refused a page token: the walk started again from its first page
                        restarted.clear()
                        yield None
                    if raw:
                        yield page, None
                        continue
                    # The page's child calls (order details, settlements) are made here, in the walk's thread, so
                    # they too run ahead of the consumer, window beside window: made by the consumer, they were
                    # one page's calls at a time. Nothing is emitted or checkpointed here.
                    yield page, list(self.expand(shop, page[0], reading.runner, set()))

            return pages

        windows = reading.runner.read_ahead([walk(*window) for window in plan.windows], READ_AHEAD_BUFFER_PAGES)
        try:
            for (window_start, window_end), window_pages in zip(plan.windows, windows):
                page_token: Optional[str] = None
                for item in window_pages:
                    if item is None:
                        page_token = None
                        continue
                    page, expanded = item
                    records, _, next_token = page
                    if raw:
                        yield records
                    else:
                        done: Set[str] = set()
                        for parents, children in expanded:
                            for child in children:
                                yield self.with_shop(child, shop)
                            if self.checkpoint_each_parent and reading.incremental:
                                done.update(key for key in map(self.parent_key, parents) if key is not None)
                                shop_state["resume"] = {
                                    "start": window_start,
                                    "end": window_end,
                                    "page_token": page_token,
                                    "done": sorted(done),
                                }
                    page_token = next_token
                    if next_token and records:
                        shop_state["resume"] = {"start": window_start, "end": window_end, "page_token": next_token}
                shop_state.pop("resume", None)
                shop_state[self.cursor_field] = max(shop_state.get(self.cursor_field) or 0, window_end)
        finally:
            windows.close()
        return plan.total
