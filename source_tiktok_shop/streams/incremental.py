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
from airbyte_cdk.sources.streams.http.pagination_reset_exception import PaginationResetRequiredException
from airbyte_cdk.sources.streams.http.request_window_split_exception import RequestWindowSplitRequiredException

from ..client import Shop
from ..windows import DAY, next_window_end, read_range, resized
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
        resume = shop_state.pop("resume", None)
        size = int(self.initial_window_days * DAY) if self.initial_window_days else max(span.end - span.start, 1)
        start = resume["start"] if resume else span.start
        tally = {"records": 0}
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
        count = 0
        total: Optional[int] = None
        try:
            # The first page of a fresh window may be abandoned (split), so nothing is fetched ahead of it.
            for records, data, next_token in self.pages(shop, params, body, page_token=token, prefetch_first=token is not None):
                total = data.get("total_count") if isinstance(data.get("total_count"), int) else total
                if count == 0 and token is None and total and total > self.split_above and end - start > self.min_window_seconds:
                    return SPLIT
                if count == 0 and token is None:
                    estimate = self.note_total(total)
                    if estimate is not None:
                        yield estimate
                for record in self.expand(shop, records):
                    yield self.with_shop(record, shop)
                count += len(records)
                if next_token:
                    shop_state["resume"] = {"start": start, "end": end, "page_token": next_token}
        except RequestWindowSplitRequiredException:
            if end - start <= self.min_window_seconds:
                raise
            return SPLIT
        except PaginationResetRequiredException:
            if token is None:
                raise
            self.logger.info(f"{self.name}: checkpointed page token for shop {shop.id} was refused; re-reading its window")
            return (yield from self.read_window(shop, shop_state, start, end, None))
        return total if total is not None else count
