"""Incremental, windowed reads with one cursor per shop and a checkpoint on every page.

State of a stream: {"shops": {<shop_id>: {<cursor_field>: <epoch>, "resume": {...}}}}.
`<cursor_field>` is committed: every record of that shop whose cursor is below it has been emitted.
`resume` marks a window in progress (its fixed bounds and the token of the next page), so a killed
sync continues mid-window instead of starting the window again. Shops are independent: one shop's
progress never moves another's cursor.
"""

from __future__ import annotations

import threading
import time
from typing import Any, ClassVar, Dict, Generator, Iterable, List, Mapping, MutableMapping, Optional, Tuple

from airbyte_cdk.models import AirbyteMessage, SyncMode
from airbyte_cdk.sources.streams.http.request_window_split_exception import RequestWindowSplitRequiredException

from ..client import Shop
from ..page_walk import total_of
from ..state_checks import FUTURE_ALLOWANCE_SECONDS, epoch, instant, shown
from ..windows import DAY, ReadRange, next_window_end, read_range, resized
from .base import PerShopStateStream

# Sentinel returned by a window read that must be retried with a smaller window.
SPLIT = object()
FINANCE_EARLIEST = 1688169600  # 2023-07-01T00:00:00Z: TikTok's finance APIs hold nothing older.


class IncrementalShopStream(PerShopStateStream):
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

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        # Sum of TikTok's total_count over the windows started in this sync: the row estimate.
        self._estimated_rows = 0
        # Per shop read: whether TikTok's total_count still agrees with what its pages deliver.
        self._count_trust: Dict[str, CountTrust] = {}
        self._estimate_lock = threading.Lock()  # shops read side by side add to it from their threads

    # ---- request shape --------------------------------------------------------------------------

    def window_request(self, start: int, end: int) -> Tuple[Dict[str, Any], Optional[Dict[str, Any]]]:
        """(query params, JSON body) of a search over [start, end); fixed for every page of the window."""
        bounds = {self.filter_start: start, self.filter_end: end - 1 if self.end_inclusive else end}
        params = dict(self.static_params)
        if self.filters_in_body:
            return params, bounds
        params.update(bounds)
        return params, None

    def expand(self, shop: Shop, records: List[MutableMapping[str, Any]]) -> Iterable[MutableMapping[str, Any]]:
        """Turn one page of search results into output records (product detail calls override this)."""
        return records

    # ---- reading --------------------------------------------------------------------------------

    def records_for_slice(self, sync_mode: SyncMode, stream_slice: Optional[Mapping[str, Any]]) -> Iterable[MutableMapping[str, Any]]:
        shop = self.shop_for(stream_slice)
        incremental = sync_mode == SyncMode.incremental
        # A full refresh starts from scratch and leaves the stored state alone.
        shop_state = self.shop_state(shop, sync_mode)
        config = self._context.config
        committed = shop_state.get(self.cursor_field)
        span = read_range(
            start_date=config.start_timestamp, now=self._context.sync_time, committed_cursor=committed,
            lookback_seconds=max(config.lookback_seconds, int(self.min_lookback_days * DAY)), safety_margin_seconds=config.safety_margin_seconds,
            incremental=incremental, earliest=self.earliest,
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
        tally = {"records": 0}
        self._count_trust[shop.id] = CountTrust()
        while resume or start < span.end:
            end = resume["end"] if resume else next_window_end(start, span.end, size)
            outcome = yield from self._tally(self.read_window(shop, shop_state, start, end, resume), tally)
            resume = None
            if outcome is SPLIT:
                shop_state.pop("resume", None)  # the abandoned window's page token means nothing now
                size = max((end - start) // 2, self.min_window_seconds)
                continue
            shop_state.pop("resume", None)
            shop_state[self.cursor_field] = max(shop_state.get(self.cursor_field) or 0, end)
            size = resized(size, outcome, self.target_results, self.min_window_seconds, int(self.max_window_days * DAY))
            start = end
        if not span.empty:
            shop_state[self.cursor_field] = max(shop_state.get(self.cursor_field) or 0, span.end)
        reached = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(min(start, span.end) if not span.empty else span.start))
        self.logger.info(f"{self.name}: shop {shop.id}: {tally['records']} records read, windows read up to {reached}")

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
                return f"`resume.{bound}` is {shown(resume.get(bound))}, not a Unix time in seconds (a window in progress needs both bounds)"
            resume[bound] = epoch(resume[bound])
        for name in ("page_token", "statement_id"):
            if resume.get(name) is not None and not isinstance(resume[name], str):
                return f"`resume.{name}` is {shown(resume[name])}, not a string"
        return None

    @staticmethod
    def _tally(window: Generator[Any, None, Any], tally: Dict[str, int]) -> Generator[Any, None, Any]:
        """Pass a window's output through, counting records; returns the window's own result."""
        while True:
            try:
                item = next(window)
            except StopIteration as stop:
                return stop.value
            tally["records"] += not isinstance(item, AirbyteMessage)
            yield item

    def note_total(self, total: Optional[int]) -> Optional[AirbyteMessage]:
        """Add a window's total_count to the stream's row estimate; the message to emit, if any."""
        if not total:
            return None
        with self._estimate_lock:
            self._estimated_rows += total
            rows = self._estimated_rows
        return self.estimate(rows)

    def read_window(
        self, shop: Shop, shop_state: MutableMapping[str, Any], start: int, end: int, resume: Optional[Mapping[str, Any]],
    ) -> Generator[MutableMapping[str, Any], None, Any]:
        """Emit one window's records; return how many TikTok matched, or SPLIT."""
        params, body = self.window_request(start, end)
        token = (resume or {}).get("page_token")
        trust = self._count_trust.setdefault(shop.id, CountTrust())
        count = 0
        total: Optional[int] = None
        try:
            # The first page of a fresh window may be abandoned (split), so nothing is fetched ahead of it.
            for records, data, next_token in self.pages(shop, params, body, page_token=token, prefetch_first=token is not None):
                total = total if (page_total := total_of(data)) is None else page_total
                fresh = count == 0 and token is None
                if fresh and total is not None and not next_token and len(records) < total:
                    trust.refute(self, shop, f"total_count {total} on a first page that is also the last, with {len(records)} record(s)")
                if fresh and trust.trusted and total and total > self.split_above and end - start > self.min_window_seconds:
                    if trust.allow_split(self, shop):
                        return SPLIT
                if fresh and trust.trusted:
                    estimate = self.note_total(total)
                    if estimate is not None:
                        yield estimate
                for record in self.expand(shop, records):
                    yield self.with_shop(record, shop)
                count += len(records)
                trust.pages += 1
                if next_token and records:  # a page that brought nothing is no progress worth a checkpoint
                    shop_state["resume"] = {"start": start, "end": end, "page_token": next_token}
        except RequestWindowSplitRequiredException:
            if end - start <= self.min_window_seconds:
                raise
            return SPLIT
        if token is None and total is not None and total > 2 * count + (self.page_size or 0):
            trust.refute(self, shop, f"total_count {total} for a window that held {count} record(s)")
        return total if total is not None and trust.trusted else count


class CountTrust:
    """Whether one shop's total_count can be trusted to size and split windows.

    Windows are split (one request each) while total_count says they hold too many results. A
    total_count that lies, say 10**12 on every page, would split every window down to the minimum
    and keep it there: thousands of requests for a handful of records. So the count is trusted only
    while it agrees with what the pages deliver, and splits are bounded by the pages actually read;
    after that windows are sized by the records read, and TikTok's own refusal to page past its cap
    (12052180) still splits a window that is too large.
    """

    SPLITS_FREE = 32  # a whole history of dense data halves down to a readable window in fewer than this

    def __init__(self) -> None:
        self.trusted = True
        self.splits = 0
        self.pages = 0

    def allow_split(self, stream: Any, shop: Shop) -> bool:
        self.splits += 1
        if self.splits > self.SPLITS_FREE + 2 * self.pages:
            self.refute(stream, shop, f"{self.splits} window splits for {self.pages} page(s) read")
        return self.trusted

    def refute(self, stream: Any, shop: Shop, evidence: str) -> None:
        if self.trusted:
            self.trusted = False
            stream.logger.warning(
                f"{stream.name}: shop {shop.id}: TikTok's total_count disagrees with the records its pages deliver ({evidence}); "
                "windows are sized by the records read from here on."
            )
