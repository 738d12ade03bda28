"""Shop, product and SKU performance (Partner Center group: Data Analytics).

Analytics are asked for by calendar date in the shop's registered timezone (`start_date_ge` inclusive,
`end_date_lt` exclusive, `YYYY-MM-DD`), and TikTok publishes a day about a day late: every answer says
which date is the `latest_available_date`. A date is read once it is available and never before, and
the state keeps, per shop, the last date read completely.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any, ClassVar, Dict, Iterable, List, Mapping, MutableMapping, Optional

from ..state_checks import shown
from .base import PerShopStateStream, ShopReading

# How far back analytics go on a first sync, whatever start_date says: TikTok documents no retention,
# and every day before the shop's first sale costs a request that returns nothing.
MAX_HISTORY_DAYS = 365
EARLIEST_UTC_OFFSET_SECONDS = 12 * 3600


def parse_day(text: str) -> date:
    return date.fromisoformat(text)


def _day_or_none(value: Any) -> Optional[date]:
    try:
        return parse_day(value) if isinstance(value, str) else None
    except ValueError:
        return None


class DailyAnalyticsStream(PerShopStateStream):
    cursor_field: ClassVar[str] = "date"
    currency: ClassVar[str] = "LOCAL"

    def first_day(self, shop_state: Mapping[str, Any], incremental: bool) -> date:
        config = self._context.config
        # Days are the shop's, whose timezone the API does not say: start on the calendar day any shop
        # (down to UTC-12) was on at `start_date`, so that no day holding data after it is skipped.
        start = datetime.fromtimestamp(config.start_timestamp - EARLIEST_UTC_OFFSET_SECONDS, tz=timezone.utc).date()
        floor = datetime.fromtimestamp(self._context.sync_time, tz=timezone.utc).date() - timedelta(days=MAX_HISTORY_DAYS)
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
        return datetime.fromtimestamp(self._context.sync_time, tz=timezone.utc).date()

    def clamp_future(self, shop: Any, shop_state: MutableMapping[str, Any]) -> None:
        """A saved day after today cannot be right: kept, it would make every later sync read nothing."""
        latest_possible = self.today() + timedelta(days=1)  # the day is in the shop's timezone, up to a day ahead of UTC
        done = shop_state.get(self.cursor_field)
        if done is not None and parse_day(done) > latest_possible:
            yesterday = (self.today() - timedelta(days=1)).isoformat()
            self.logger.warning(
                f"{self.name}: shop {shop.id}: the saved `{self.cursor_field}` is {done}, after today; it is set to "
                f"{yesterday} and reading goes on from there. To re-read anything it skipped, clear this table's data."
            )
            shop_state[self.cursor_field] = yesterday
        resume = shop_state.get("resume")
        if resume is not None and parse_day(resume["date"]) > latest_possible:
            self.logger.warning(f"{self.name}: shop {shop.id}: the saved day in progress, {resume['date']}, is after today; it is dropped.")
            shop_state.pop("resume")

    def params_for(self, first: date, end: date) -> Dict[str, Any]:
        return {"start_date_ge": first.isoformat(), "end_date_lt": end.isoformat(), "currency": self.currency}

    def commit(self, shop_state: MutableMapping[str, Any], day: date) -> None:
        previous = shop_state.get(self.cursor_field)
        if previous is None or day.isoformat() > previous:
            shop_state[self.cursor_field] = day.isoformat()


class ShopPerformance(DailyAnalyticsStream):
    """One row per shop per day (granularity 1D), read in ranges of up to 30 days."""

    path = "/analytics/202405/shop/performance"
    list_key = "intervals"
    primary_key = ["shop_id", "start_date"]
    cursor_field = "start_date"
    chunk_days: ClassVar[int] = 30
    added_fields = {"latest_available_date": "the answer's `data.latest_available_date`, copied onto each day"}

    def records_for_shop(self, reading: ShopReading) -> Iterable[MutableMapping[str, Any]]:
        shop, shop_state = reading.shop, reading.state
        self.clamp_future(shop, shop_state)
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


class PerDayListStream(DailyAnalyticsStream):
    """A ranked list (products, SKUs) asked for one day at a time: one row per item per day."""

    page_size = 100
    primary_key = ["shop_id", "date", "id"]
    list_record_key = "id"
    id_fields: ClassVar[List[str]] = ["id"]
    static_params: ClassVar[Mapping[str, Any]] = {"sort_field": "gmv", "sort_order": "DESC"}
    added_fields = {"date": "the day asked for (`start_date_ge`), one per request, the table's cursor"}

    def records_for_shop(self, reading: ShopReading) -> Iterable[MutableMapping[str, Any]]:
        shop, shop_state = reading.shop, reading.state
        self.clamp_future(shop, shop_state)
        resume = shop_state.pop("resume", None)
        day = parse_day(resume["date"]) if resume else self.first_day(shop_state, reading.incremental)
        latest: Optional[date] = None
        while latest is None or day <= latest:
            token = resume.get("page_token") if resume else None
            resume = None
            params = {**self.params_for(day, day + timedelta(days=1)), **self.static_params}
            for records, data, next_token in self.pages(shop, params, page_token=token, runner=reading.runner):
                if data.get("latest_available_date"):
                    latest = parse_day(data["latest_available_date"])
                if latest is not None and day > latest:
                    return
                for record in records:
                    for field in self.id_fields:
                        if record.get(field) is not None:
                            # The OAS types these ids as JSON integers; 19 digits do not survive a double.
                            record[field] = str(record[field])
                    record["date"] = day.isoformat()
                    yield self.with_shop(record, shop)
                if next_token:
                    shop_state["resume"] = {"date": day.isoformat(), "page_token": next_token}
            if latest is None:
                return  # an answer without latest_available_date: nothing more can be known to exist
            shop_state.pop("resume", None)
            self.commit(shop_state, day)
            day += timedelta(days=1)


class ProductPerformance(PerDayListStream):
    path = "/analytics/202405/shop_products/performance"
    list_key = "products"


class SkuPerformance(PerDayListStream):
    path = "/analytics/202406/shop_skus/performance"
    list_key = "skus"
    id_fields = ["id", "product_id"]
