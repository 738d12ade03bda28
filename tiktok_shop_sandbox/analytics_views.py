"""`sb.data.<analytics table>[shop_id]`: the analytics tables as their endpoints answer them, one local day
at a time (LOCAL currency, each list's default sort), for every published day. Mixed into dataset.Dataset
beside views.Views.

Rows of the per-day tables carry the `date` they were asked for (and LIVE products their `live_id`), as the
connector's records do, so a test keys them as the connector does: shop, then the rest of the primary key.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from typing import Any

from .records import analytics, content, customer_service, hourly
from .shop import Shop
from .views import _ShopMap

ONE_DAY = _dt.timedelta(days=1)


class AnalyticsViews:
    # Provided by dataset.Dataset.
    lock: Any
    analytics_ids_as_strings: bool
    shop: Callable[[str], Shop]
    start: int

    def _analytics(self, build: Callable[[Shop, analytics.ShopAnalytics, analytics.Money], Any]) -> Mapping:
        def locked(shop: Shop):
            with self.lock:
                return build(shop, analytics.get(self, shop), analytics.Money(shop, "LOCAL"))

        return _ShopMap(self, locked)

    def _per_day(self, rows: Callable[[analytics.ShopAnalytics, _dt.date, analytics.Money], list]) -> Mapping:
        """shop_id -> every published day's one-day rows, each with its `date`."""
        return self._analytics(lambda shop, an, cur: [{**row, "date": day.isoformat()} for day in an.days for row in rows(an, day, cur)])

    def analytics_clock(self, shop_id: str) -> int:
        """The shop's analytics clock (the hourly answers' `latest_available_timestamp`): the anchor, a day later
        for every published day."""
        return analytics.get(self, self.shop(shop_id)).clock

    @property
    def shop_performance(self) -> Mapping:
        """Daily (1D) intervals of GET /analytics/202509/shop/performance for every published day, oldest first."""
        return self._analytics(lambda shop, an, cur: analytics.shop_intervals(an, an.first, an.latest + ONE_DAY, "1D", cur))

    @property
    def product_performance(self) -> Mapping:
        """date -> rows of a one-day shop_products/performance query (gmv DESC)."""
        return self._analytics(lambda shop, an, cur: _PerfMap(an, lambda day: analytics.product_rows(self, an, day, day + ONE_DAY, cur)))

    @property
    def sku_performance(self) -> Mapping:
        """date -> rows of a one-day shop_skus/performance query (gmv DESC)."""
        return self._analytics(
            lambda shop, an, cur: _PerfMap(
                an, lambda day: analytics.sku_rows(self, an, day, day + ONE_DAY, cur, as_strings=self.analytics_ids_as_strings)
            )
        )

    @property
    def video_performance(self) -> Mapping:
        return self._per_day(lambda an, day, cur: content.video_rows(self, an, day, day + ONE_DAY, cur))

    @property
    def live_performance(self) -> Mapping:
        return self._per_day(lambda an, day, cur: content.live_rows(self, an, day, day + ONE_DAY, cur))

    @property
    def live_product_performance(self) -> Mapping:
        """The products of every session `live_performance` lists, each with the session's `live_id` and `date`."""

        def build(shop, an, cur):
            out = []
            for day in an.days:
                for session in content.lives_on(self, an, day):
                    for row in content.live_product_rows(an, session, cur):
                        out.append({**row, "live_id": session.id, "date": day.isoformat()})
            return out

        return self._analytics(build)

    @property
    def shop_performance_hourly(self) -> Mapping:
        """Every hour of the days of the 30-day window that have ended by the analytics clock, with `date`."""

        def build(shop, an, cur):
            oldest, newest = hourly.hourly_window(an)
            out, day = [], oldest
            while day <= newest and shop.day_start(day + ONE_DAY) <= an.clock:
                performance = hourly.hourly_performance(self, an, day, cur)
                out += [{**interval, "date": day.isoformat()} for interval in performance["intervals"]]
                day += ONE_DAY
            return out

        return self._analytics(build)

    @property
    def customer_service_performance(self) -> Mapping:
        """One row per support day up to `latest_available_date`, from the first day a sync from the sandbox's
        default start_date (`config()`) asks for: that instant's date at UTC-12, as the connector takes it. Days
        before the analytics window answer no sessions, and are rows too."""

        def build(shop, an, cur):
            day = _dt.datetime.fromtimestamp(self.start - 12 * 3600, _dt.timezone.utc).date()
            out = []
            while day <= an.latest:
                out.append({"date": day.isoformat(), "performance": customer_service.performance(self, shop, day, day + ONE_DAY)})
                day += ONE_DAY
            return out

        return self._analytics(build)


class _PerfMap(Mapping):
    def __init__(self, an: analytics.ShopAnalytics, rows: Callable[[_dt.date], list]):
        self._an, self._rows = an, rows

    def __getitem__(self, day):
        d = _dt.date.fromisoformat(str(day))
        if d not in set(self._an.days):
            raise KeyError(day)
        return self._rows(d)

    def __iter__(self):
        return iter([d.isoformat() for d in self._an.days])

    def __len__(self):
        return len(self._an.days)
