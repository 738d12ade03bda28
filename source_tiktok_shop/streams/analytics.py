"""Shop, product, SKU, video, LIVE and hourly performance (Partner Center group: Data Analytics), and
customer service performance (Customer Service).

Analytics are asked for by calendar date in the shop's registered timezone (`start_date_ge` inclusive,
`end_date_lt` exclusive, `YYYY-MM-DD`), and TikTok publishes a day about a day late: every daily answer says
which date is the `latest_available_date`. A day TikTok has not finished is NOT read: a date is read once it
is available and never before, and the state keeps, per shop, the last date read completely. Why not read
it early and re-read it until final: its rows would be emitted with figures that later change (an append
destination would keep both), and the state could not say which days are final; TikTok says when a day is
ready, so every row read is final and every sync asks for each day once. The lookback window re-reads
whole days when asked to.

The shop's timezone is not in any answer. Where TikTok states no readiness (customer service) or states it
as an instant (hourly), a day counts as over once it is over everywhere: at 12:00 UTC the next day (UTC-12).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any, ClassVar, Dict, Iterable, Iterator, List, Mapping, MutableMapping, Optional, Tuple

from ..client import Shop
from ..runner import ReadRunner
from ..state_checks import shown
from .base import PerShopStateStream, ShopReading
from .children import ChildCalls, Records

# How far back analytics go on a first sync, whatever start_date says: TikTok documents no retention,
# and every day before the shop's first sale costs a request that returns nothing.
MAX_HISTORY_DAYS = 365
# The westernmost (UTC-12) and easternmost (UTC+14) offsets a shop's registered timezone can have.
EARLIEST_UTC_OFFSET_SECONDS = 12 * 3600
LATEST_UTC_OFFSET_SECONDS = 14 * 3600
# GET /analytics/202510/shop/performance/{date}/performance_per_hour: "within 30 days. Including today."
HOURLY_DAYS = 30


def parse_day(text: str) -> date:
    return date.fromisoformat(text)


def _day_or_none(value: Any) -> Optional[date]:
    try:
        return parse_day(value) if isinstance(value, str) else None
    except ValueError:
        return None


def utc_date(epoch: int) -> date:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).date()


def over_everywhere(day: date) -> int:
    """The instant `day` has ended in every timezone: 12:00 UTC the next day (the end of the day at UTC-12)."""
    midnight = datetime(day.year, day.month, day.day, tzinfo=timezone.utc) + timedelta(days=1)
    return int(midnight.timestamp()) + EARLIEST_UTC_OFFSET_SECONDS


class DailyAnalyticsStream(PerShopStateStream):
    cursor_field: ClassVar[str] = "date"
    # None: the operation takes no `currency` (customer service).
    currency: ClassVar[Optional[str]] = "LOCAL"
    # Names of the day range's bounds in the query: inclusive start, exclusive end.
    date_params: ClassVar[Tuple[str, str]] = ("start_date_ge", "end_date_lt")

    def first_day(self, shop_state: Mapping[str, Any], incremental: bool) -> date:
        config = self._context.config
        # Days are the shop's, whose timezone the API does not say: start on the calendar day any shop
        # (down to UTC-12) was on at `start_date`, so that no day holding data after it is skipped.
        start = utc_date(config.start_timestamp - EARLIEST_UTC_OFFSET_SECONDS)
        floor = self.today() - timedelta(days=MAX_HISTORY_DAYS)
        first = max(start, floor)
        done = shop_state.get(self.cursor_field) if incremental else None
        if done:
            lookback_days = -(-config.lookback_seconds // 86400)  # whole days, rounded up
            first = max(first, parse_day(done) + timedelta(days=1) - timedelta(days=lookback_days))
        return first

    def check_shop_state(self, shop_id: str, shop_state: MutableMapping[str, Any]) -> Optional[str]:
        done = shop_state.get(self.cursor_field)
        if done is not None and _day_or_none(done) is None:
            return f"`{self.cursor_field}` is {shown(done)}, not a date (YYYY-MM-DD)"
        resume = shop_state.get("resume")
        if resume is not None:
            if not isinstance(resume, dict) or _day_or_none(resume.get("date")) is None:
                return f"`resume` is {shown(resume)}, not a day in progress (`date` YYYY-MM-DD and `page_token`)"
            if resume.get("page_token") is not None and not isinstance(resume["page_token"], str):
                return f"`resume.page_token` is {shown(resume['page_token'])}, not a string"
        return None

    def today(self) -> date:
        return utc_date(self._context.sync_time)

    def clamp_future(self, shop: Any, shop_state: MutableMapping[str, Any]) -> bool:
        """A saved day after today cannot be right: kept, it would make every later sync read nothing. It is set
        to yesterday, and this sync reads nothing for the shop (as Airbyte expects of a state ahead of the data,
        and as the time-window tables do); later syncs read on from there. True when the day was reset."""
        latest_possible = self.today() + timedelta(days=1)  # the day is in the shop's timezone, up to a day ahead of UTC
        resume = shop_state.get("resume")
        if resume is not None and parse_day(resume["date"]) > latest_possible:
            self.logger.warning(f"{self.name}: shop {shop.id}: the saved day in progress, {resume['date']}, is after today; it is dropped.")
            shop_state.pop("resume")
        done = shop_state.get(self.cursor_field)
        if done is not None and parse_day(done) > latest_possible:
            yesterday = (self.today() - timedelta(days=1)).isoformat()
            self.logger.warning(
                f"{self.name}: shop {shop.id}: the saved `{self.cursor_field}` is {done}, after today; it is set to "
                f"{yesterday}: this sync reads nothing for the shop, later ones read on from there. To re-read anything "
                "it skipped, clear this table's data."
            )
            shop_state[self.cursor_field] = yesterday
            shop_state.pop("resume", None)
            return True
        return False

    def params_for(self, first: date, end: date) -> Dict[str, Any]:
        params: Dict[str, Any] = {self.date_params[0]: first.isoformat(), self.date_params[1]: end.isoformat()}
        if self.currency is not None:
            params["currency"] = self.currency
        return params

    def commit(self, shop_state: MutableMapping[str, Any], day: date) -> None:
        previous = shop_state.get(self.cursor_field)
        if previous is None or day.isoformat() > previous:
            shop_state[self.cursor_field] = day.isoformat()


class ShopPerformance(DailyAnalyticsStream):
    """One row per shop per day (granularity 1D), read in ranges of up to 30 days. Since 202509 a day's
    figures are nested: `sales` (GMV with its breakdown by channel, gross revenue, refunds, counts) and
    `traffic` (visitors, page views, conversion)."""

    path = "/analytics/202509/shop/performance"
    list_key = "intervals"
    primary_key = ["shop_id", "start_date"]
    # Still `start_date`, as before 202509: a state saved by 0.x ({"start_date": "YYYY-MM-DD"} per shop) goes on.
    cursor_field = "start_date"
    chunk_days: ClassVar[int] = 30
    added_fields = {"latest_available_date": "the answer's `data.latest_available_date`, copied onto each day"}

    def records_for_shop(self, reading: ShopReading) -> Iterable[MutableMapping[str, Any]]:
        shop, shop_state = reading.shop, reading.state
        if self.clamp_future(shop, shop_state):
            return
        day = self.first_day(shop_state, reading.incremental)
        while True:
            end = day + timedelta(days=self.chunk_days)
            data = self.request_data(shop, {**self.params_for(day, end), "granularity": "1D"})
            latest = data.get("latest_available_date")
            intervals = ((data.get("performance") or {}).get(self.list_key)) or []
            for interval in intervals:
                if latest and str(interval.get("start_date")) > latest:
                    continue  # never past what TikTok calls available
                interval["latest_available_date"] = latest
                yield self.with_shop(interval, shop)
            if not latest:
                return
            last_read = min(end - timedelta(days=1), parse_day(latest))
            if last_read >= day:
                self.commit(shop_state, last_read)
            if end > parse_day(latest):
                return
            day = end


class PerDayListStream(ChildCalls, DailyAnalyticsStream):
    """A ranked list (products, SKUs, videos, LIVE sessions) asked for one day at a time: one row per item per
    day. As a child (children.py: `parent`), the calls made for each item of its parent's lists, day by day."""

    page_size: ClassVar[Optional[int]] = 100
    primary_key = ["shop_id", "date", "id"]
    list_record_key = "id"
    # Ids turned into strings when TikTok sends JSON numbers (the spec types some so; 19 digits do not survive
    # a double). Declared for `make oas-check` as retypings wherever the spec says integer.
    id_fields: ClassVar[List[str]] = ["id"]
    # Sorted so that the pages of one day's list stay stable while it is walked.
    static_params: ClassVar[Mapping[str, Any]] = {"sort_field": "gmv", "sort_order": "DESC"}
    added_fields = {"date": "the day asked for (`start_date_ge`), one per request, the table's cursor"}

    def day_params(self, day: date) -> Dict[str, Any]:
        return {**self.params_for(day, day + timedelta(days=1)), **self.static_params}

    def decorate(self, record: MutableMapping[str, Any], day: date) -> MutableMapping[str, Any]:
        for field in self.id_fields:
            if record.get(field) is not None:
                record[field] = str(record[field])
        record["date"] = day.isoformat()
        return record

    def records_for_shop(self, reading: ShopReading) -> Iterable[MutableMapping[str, Any]]:
        shop, shop_state = reading.shop, reading.state
        search = self.search
        if self.clamp_future(shop, shop_state):
            return
        resume = shop_state.pop("resume", None)
        day = parse_day(resume["date"]) if resume else self.first_day(shop_state, reading.incremental)
        latest: Optional[date] = None
        while latest is None or day <= latest:
            token = resume.get("page_token") if resume else None
            resume = None
            for records, data, next_token in search.pages(shop, search.day_params(day), page_token=token, runner=reading.runner):
                if data.get("latest_available_date"):
                    latest = parse_day(data["latest_available_date"])
                if latest is not None and day > latest:
                    return
                parents = [search.decorate(record, day) for record in records]
                for _, rows in self.expand(shop, parents, reading.runner, set()):
                    for row in rows:
                        yield self.with_shop(row, shop)
                if next_token:
                    shop_state["resume"] = {"date": day.isoformat(), "page_token": next_token}
            if latest is None:
                return  # an answer without latest_available_date: nothing more can be known to exist
            shop_state.pop("resume", None)
            self.commit(shop_state, day)
            day += timedelta(days=1)


class ProductPerformance(PerDayListStream):
    """GET /analytics/202509/shop_products/performance: ids are strings and the figures sit in
    `overall_performance` since 202509."""

    path = "/analytics/202509/shop_products/performance"
    list_key = "products"


class SkuPerformance(PerDayListStream):
    """GET /analytics/202509/shop_skus/performance: the spec still types `id` and `product_id` as integers."""

    path = "/analytics/202509/shop_skus/performance"
    list_key = "skus"
    id_fields = ["id", "product_id"]


class VideoPerformance(PerDayListStream):
    """GET /analytics/202509/shop_videos/performance: every video watched that day (all account types:
    the shop's official and marketing accounts and affiliate creators), with the products it promotes."""

    path = "/analytics/202509/shop_videos/performance"
    list_key = "videos"


class LivePerformance(PerDayListStream):
    """GET /analytics/202509/shop_lives/performance: the LIVE sessions of the day, one row each. The spec
    does not say on which day a session that runs past midnight is listed; `date` is in the key, so either
    reading loses nothing (the sandbox lists a session on the day it starts)."""

    path = "/analytics/202509/shop_lives/performance"
    list_key = "live_stream_sessions"


class LiveProductPerformance(PerDayListStream):
    """GET /analytics/202512/shop/{live_id}/products_performance for every session `live_performance` lists:
    one row per session and product. Not paginated. It follows the parent's days and state: a session is
    read once its day is available, with the day as the cursor."""

    parent = LivePerformance
    path = "/analytics/202512/shop/{live_id}/products_performance"
    list_key = "products"
    page_size = None
    primary_key = ["shop_id", "live_id", "id"]
    added_fields = {
        "live_id": "the session's `id` (the path's {live_id})",
        "date": "the day `live_performance` listed the session on, the table's cursor",
    }

    def child_records(self, shop: Shop, parents: Records, runner: ReadRunner) -> Records:
        rows: Records = []
        for live in parents:
            params = {"currency": self.currency} if self.currency is not None else {}
            data = self.request_data(shop, params, path=self.path.format(live_id=live["id"]))
            for product in data.get(self.list_key) or []:
                if product.get("id") is not None:
                    product["id"] = str(product["id"])
                product["live_id"] = str(live["id"])
                product["date"] = live["date"]
                rows.append(product)
        return rows


class PerDayCallStream(DailyAnalyticsStream):
    """One call per day, not paginated (hourly shop performance, customer service): the days are asked for
    side by side (the read's concurrency) and emitted in order; the first day whose answer is not final ends
    the read, and the state keeps the last day read."""

    def day_call(self, day: date) -> Tuple[str, Dict[str, Any]]:
        """(path, query) of the call for `day`."""
        return self.path, self.params_for(day, day + timedelta(days=1))

    def last_day(self) -> date:
        raise NotImplementedError

    def day_records(self, data: Mapping[str, Any], day: date) -> Optional[List[MutableMapping[str, Any]]]:
        """The day's records, or None when TikTok has not finished the day (nothing emitted, nothing committed)."""
        raise NotImplementedError

    def records_for_shop(self, reading: ShopReading) -> Iterable[MutableMapping[str, Any]]:
        shop, shop_state = reading.shop, reading.state
        if self.clamp_future(shop, shop_state):
            return
        shop_state.pop("resume", None)
        first, last = self.first_day(shop_state, reading.incremental), self.last_day()

        def days() -> Iterator[date]:
            day = first
            while day <= last:
                yield day
                day += timedelta(days=1)

        def fetch(day: date) -> Tuple[date, Mapping[str, Any]]:
            path, params = self.day_call(day)
            return day, self.request_data(shop, params, path=path)

        for day, data in reading.runner.map_ordered(fetch, days()):
            records = self.day_records(data, day)
            if records is None:
                return
            for record in records:
                record["date"] = day.isoformat()
                yield self.with_shop(record, shop)
            self.commit(shop_state, day)


class ShopPerformanceHourly(PerDayCallStream):
    """GET /analytics/202510/shop/performance/{date}/performance_per_hour: one row per hour (`index` 0-23) of
    each day. TikTok keeps the last 30 days (including today): an older start date reads those that exist.
    A day is read once TikTok's `latest_available_timestamp` is past its end everywhere (12:00 UTC the next
    day), so that its 24 hours are final."""

    path = "/analytics/202510/shop/performance/{date}/performance_per_hour"
    list_key = "intervals"
    primary_key = ["shop_id", "date", "index"]
    added_fields = {"date": "the day of the path's {date}, the table's cursor"}

    def day_call(self, day: date) -> Tuple[str, Dict[str, Any]]:
        params = {"currency": self.currency} if self.currency is not None else {}
        return self.path.format(date=day.isoformat()), params

    def oldest_day(self) -> date:
        """The oldest day every shop still has: 29 days before the newest shop-local today (UTC+14)."""
        return utc_date(self._context.sync_time + LATEST_UTC_OFFSET_SECONDS) - timedelta(days=HOURLY_DAYS - 1)

    def first_day(self, shop_state: Mapping[str, Any], incremental: bool) -> date:
        first = super().first_day(shop_state, incremental)
        if first < self.oldest_day():
            self.logger.info(
                f"{self.name}: TikTok keeps hourly figures for the last {HOURLY_DAYS} days only; reading from "
                f"{self.oldest_day().isoformat()} (the days before it no longer exist)."
            )
            return self.oldest_day()
        return first

    def last_day(self) -> date:
        # The oldest shop-local today (UTC-12): a later date may still be in the future for the shop.
        return utc_date(self._context.sync_time - EARLIEST_UTC_OFFSET_SECONDS)

    def day_records(self, data: Mapping[str, Any], day: date) -> Optional[List[MutableMapping[str, Any]]]:
        performance = data.get("performance") or {}
        ready = performance.get("latest_available_timestamp")
        if not isinstance(ready, int) or isinstance(ready, bool):
            ready = self._context.sync_time  # the spec lists it; without it, the day's end by this sync's clock
        if ready < over_everywhere(day):
            return None
        return list(performance.get(self.list_key) or [])


class CustomerServicePerformance(PerDayCallStream):
    """GET /customer_service/202407/performance, one support day at a time: the shop's chat response rate,
    first-response time, satisfaction and session count. The answer says nothing of readiness, and a day's
    response rate counts first answers given up to 24 hours after a session starts: a day is read once it is
    over everywhere (12:00 UTC the next day) and another 24 hours have passed."""

    path = "/customer_service/202407/performance"
    list_key = "performance"
    record_is_data = True
    primary_key = ["shop_id", "date"]
    currency = None
    date_params = ("support_date_ge", "support_date_lt")
    added_fields = {"date": "the support day asked for (`support_date_ge`), the table's cursor"}
    # Customer Service is an API group many apps are not granted (chat tools are): without it the table is
    # skipped with one warning instead of failing the sync.
    skip_without_scope = True

    def last_day(self) -> date:
        return utc_date(self._context.sync_time - EARLIEST_UTC_OFFSET_SECONDS) - timedelta(days=2)

    def day_records(self, data: Mapping[str, Any], day: date) -> Optional[List[MutableMapping[str, Any]]]:
        return [{"performance": data.get("performance")}]
