"""Shop analytics per local day, in the shapes of TikTok's current analytics versions:
GET /analytics/202509/shop/performance, /shop_products/performance, /shop_skus/performance (hourly
figures: hourly.py; videos and LIVE sessions: content.py).

Days are dates in the shop's timezone (constants.REGION_UTC_OFFSET). Each shop has an analytics clock:
the anchor, moved a day on by every `sb.mutate.publish_analytics_day` (TikTok publishing the next day).
Data exists for the `history_days` days ending at `latest_available_date` = the day before the clock's
local date; other days have no intervals and no rows. Daily aggregates are computed once per day, when it
is published (a published day never changes afterwards, as on TikTok), from order cores and product
prices only, so they stay cheap at any order count. Hourly figures are read from the order cores of the
day asked for: 30 days up to the clock's local date, today's hours only up to the clock.

Counts are consistent with orders: `orders_count` = orders created that local day, `items_sold` = their
units, `sku_orders_count` = distinct (order, sku) pairs, buyers = distinct buyers, GMV = sum of the
orders' item prices. Traffic numbers, videos and LIVE sessions are synthetic but deterministic: each
comes from a seed of (shop, day, ...), never from a shared random stream, so what one day holds does not
depend on which days were asked for first.
"""

from __future__ import annotations

import datetime as _dt
import random
from decimal import ROUND_HALF_UP, Decimal

from ..constants import DAY
from ..ids import derive_seed
from ..money import ZERO, D, money, q, q_usd, rate
from ..shop import Shop, time_slice

SOURCES = ("LIVE", "VIDEO", "PRODUCT_CARD")
ONE_DAY = _dt.timedelta(days=1)
# Gross revenue = (customer payment + platform subsidies) - taxes: the sandbox takes GMV net of a flat tax.
TAX_RATE = {"GB": D("0.2"), "ES": D("0.21")}
# Gross revenue breakdown types by market (202509 shop performance `gross_revenue.breakdowns[].type`).
REVENUE_BREAKDOWNS = {"GB": ("ADS", "ORGANIC"), "ES": ("ADS", "ORGANIC"), "US": (), "JP": ()}
SEA_MX_BR = ("NON_GMV_MAX", "GMV_MAX")


def _local_id(*parts) -> str:
    """A 19-digit id derived from its labels: the same in every process, whatever was generated before."""
    return str(7_300_000_000_000_000_000 + derive_seed(*parts) % 10**17)


def _ratio(numerator, denominator, places: str = "0.0001") -> str:
    if not denominator:
        return "0"
    return format((D(numerator) / D(denominator)).quantize(D(places), rounding=ROUND_HALF_UP), "f")


class ShopAnalytics:
    def __init__(self, ds, shop: Shop):
        self.shop = shop
        self.published = 0  # days published by mutations after the anchor's
        self.clock = ds.anchor
        latest = shop.local_date(self.clock) - ONE_DAY
        self.first = latest - _dt.timedelta(days=ds.history_days - 1)
        self.days: list[_dt.date] = []
        self.gmv: list[Decimal] = []
        self.orders: list[int] = []
        self.sku_orders: list[int] = []
        self.units: list[int] = []
        self.buyers: list[set] = []
        self.refunds: list[Decimal] = []
        self.cancels_returns: list[int] = []
        self.products: list[dict] = []  # pid -> [gmv, orders, units, impressions, clicks]
        self.skus: list[dict] = []  # sku_id -> [pid, gmv, sku_orders, units]
        self.impressions: list[int] = []
        self.page_views: list[int] = []
        self._prices: dict = {}
        # Memos of content.py: day -> videos posted that day, day -> LIVE sessions, session id -> session.
        self.videos_by_day: dict = {}
        self.lives_by_day: dict = {}
        self.live_by_id: dict = {}
        n = (latest - self.first).days + 1
        self._extend(ds, [self.first + _dt.timedelta(days=i) for i in range(n)])

    @property
    def latest(self) -> _dt.date:
        return self.first + _dt.timedelta(days=len(self.days) - 1)

    @property
    def today(self) -> _dt.date:
        """The shop's local date at the analytics clock: the newest day of hourly data."""
        return self.shop.local_date(self.clock)

    def price(self, ds, pid: int, k: int) -> tuple:
        key = (pid, k)
        if key not in self._prices:
            sku = ds.product_detail(self.shop, pid)["skus"][k]
            self._prices[key] = (int(sku["id"]), D(sku["price"]["sale_price"]))
        return self._prices[key]

    def _extend(self, ds, new_days: list) -> None:
        """Aggregate `new_days` (consecutive, right after the last day) from the cores, and publish them."""
        shop, base = self.shop, len(self.days)
        for day in new_days:
            self.days.append(day)
            for table, empty in (
                (self.gmv, ZERO),
                (self.orders, 0),
                (self.sku_orders, 0),
                (self.units, 0),
                (self.refunds, ZERO),
                (self.cancels_returns, 0),
                (self.impressions, 0),
                (self.page_views, 0),
            ):
                table.append(empty)
            self.buyers.append(set())
            self.products.append({})
            self.skus.append({})
        lo, hi = shop.day_start(new_days[0]), shop.day_start(new_days[-1] + ONE_DAY)
        for ct, oid in time_slice(shop.orders.by_create, lo, hi):
            core = shop.orders[oid]
            d = self._index(ct)
            self.orders[d] += 1
            self.buyers[d].add(core.buyer)
            seen_p, seen_s = set(), set()
            for pid, k, qty in core.items:
                sku_id, price = self.price(ds, pid, k)
                amount = price * qty
                self.gmv[d] += amount
                self.units[d] += qty
                p = self.products[d].setdefault(pid, [ZERO, 0, 0, 0, 0])
                p[0] += amount
                p[2] += qty
                if pid not in seen_p:
                    seen_p.add(pid)
                    p[1] += 1
                s = self.skus[d].setdefault(sku_id, [pid, ZERO, 0, 0])
                s[1] += amount
                s[3] += qty
                if sku_id not in seen_s:
                    seen_s.add(sku_id)
                    s[2] += 1
                    self.sku_orders[d] += 1
        for rt, rid in time_slice(shop.returns.by_create, lo, hi):
            d = self._index(rt)
            self.cancels_returns[d] += 1
            self.refunds[d] += D(ds.return_record(shop, rid)["refund_amount"]["refund_total"])
        for xt, _ in time_slice(shop.cancels.by_create, lo, hi):
            self.cancels_returns[self._index(xt)] += 1
        # Synthetic traffic, seeded per (shop, day, product).
        for d in range(base, len(self.days)):
            day = self.days[d]
            rng = random.Random(derive_seed(shop.id, "traffic", day.toordinal()))
            for pid in sorted(self.products[d]):
                p = self.products[d][pid]
                prng = random.Random(derive_seed(shop.id, "ctr", day.toordinal(), pid))
                p[3] = p[1] * prng.randrange(150, 600) + prng.randrange(20, 300)
                p[4] = max(p[1], int(p[3] * prng.uniform(0.01, 0.08)))
            self.impressions[d] = sum(p[3] for p in self.products[d].values()) + rng.randrange(200, 2000)
            self.page_views[d] = sum(p[4] for p in self.products[d].values()) + rng.randrange(10, 120)

    def publish_next_day(self, ds) -> _dt.date:
        """TikTok publishes the next day: the clock moves a day on and that day's aggregates are frozen."""
        self.published += 1
        self.clock = ds.anchor + self.published * DAY
        day = self.latest + ONE_DAY
        self._extend(ds, [day])
        return day

    def _index(self, epoch: int) -> int:
        return (self.shop.local_date(epoch) - self.first).days

    def available(self, start: _dt.date, end: _dt.date) -> range:
        """Indexes of the days with data in [start, end)."""
        a = max((start - self.first).days, 0)
        b = min((end - self.first).days, len(self.days))
        return range(a, max(a, b))

    def days_in(self, start: _dt.date, end: _dt.date) -> list:
        return [self.days[i] for i in self.available(start, end)]


def get(ds, shop: Shop) -> ShopAnalytics:
    with ds.lock:
        if shop.analytics is None:
            shop.analytics = ShopAnalytics(ds, shop)
        return shop.analytics


def publish_day(ds, shop: Shop) -> str:
    """The next analytics day appears (sb.mutate.publish_analytics_day); returns it, YYYY-MM-DD."""
    with ds.lock:
        return get(ds, shop).publish_next_day(ds).isoformat()


# -- rendering --------------------------------------------------------------------------------------------------------


class Money:
    """Amount formatting for LOCAL (shop currency) or USD (converted at the sandbox's fixed rate)."""

    def __init__(self, shop: Shop, currency: str):
        self.shop = shop
        self.usd = currency == "USD"
        self.code = "USD" if self.usd else shop.currency

    def value(self, local: Decimal) -> Decimal:
        if not self.usd:
            return local
        return q_usd(local / rate(self.shop.currency))

    def fmt(self, local: Decimal) -> str:
        return format(self.value(local), "f") if self.usd else money(self.shop, local)

    def obj(self, local: Decimal) -> dict:
        return {"amount": self.fmt(local), "currency": self.code}


def _split_counts(total: int, seed: int) -> list[int]:
    rng = random.Random(seed)
    a = int(total * rng.uniform(0.3, 0.6))
    b = int((total - a) * rng.uniform(0.3, 0.7))
    return [a, b, total - a - b]


def _split_money(an: ShopAnalytics, total: Decimal, shares: list, cur: Money) -> list[Decimal]:
    """`total` (local) in parts proportional to `shares` (summing to 10,000), rounded, adding up exactly."""
    value = cur.value(total)
    step = D(1).scaleb(-2 if cur.usd else -an.shop.exp)
    parts, used = [], ZERO
    for k, share in enumerate(shares):
        part = value - used if k == len(shares) - 1 else (value * share / 10_000).quantize(step, rounding=ROUND_HALF_UP)
        used += part
        parts.append(part)
    return parts


def shop_interval(an: ShopAnalytics, idx: range, start: _dt.date, end: _dt.date, cur: Money) -> dict:
    """One interval of GET /analytics/202509/shop/performance: nested `sales` and `traffic`."""
    shop = an.shop
    days = max(1, len(idx))
    gmv = sum((an.gmv[i] for i in idx), ZERO)
    buyers_per_day = sum(len(an.buyers[i]) for i in idx)
    views = sum(an.page_views[i] for i in idx)
    visitors = sum(int(an.page_views[i] * 0.7) for i in idx)
    seed = derive_seed(shop.id, "split", start.toordinal(), end.toordinal())
    parts = _split_money(an, gmv, _split_counts(10_000, seed), cur)
    fmt = (lambda v: format(v, "f")) if cur.usd else (lambda v: money(shop, v))
    gross = gmv / (1 + TAX_RATE.get(shop.region, ZERO))
    kinds = REVENUE_BREAKDOWNS.get(shop.region, SEA_MX_BR)
    shares = _split_counts(10_000, derive_seed(seed, "revenue"))[: len(kinds)]
    if kinds:
        shares[-1] = 10_000 - sum(shares[:-1])
    return {
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "sales": {
            "gmv": {
                "overall": cur.obj(gmv),
                "breakdowns": [{"type": t, "gmv": {"amount": fmt(p), "currency": cur.code}} for t, p in zip(SOURCES, parts)],
            },
            "gross_revenue": {
                "overall": cur.obj(q(shop, gross)),
                "breakdowns": [{"type": t, "percentage": format(D(s) / 100, "f")} for t, s in zip(kinds, shares)],
            },
            "refunds": cur.obj(sum((an.refunds[i] for i in idx), ZERO)),
            "items_sold": sum(an.units[i] for i in idx),
            "orders_count": sum(an.orders[i] for i in idx),
            "sku_orders_count": sum(an.sku_orders[i] for i in idx),
            "avg_customers_count": round(buyers_per_day / days),
        },
        "traffic": {
            "avg_visitors": round(visitors / days),
            "avg_page_views": round(views / days),
            "avg_conversation_rate": _ratio(buyers_per_day, visitors),
        },
    }


def shop_intervals(an: ShopAnalytics, start: _dt.date, end: _dt.date, granularity: str, cur: Money) -> list[dict]:
    idx = an.available(start, end)
    if not len(idx):
        return []
    if granularity == "ALL":
        return [shop_interval(an, idx, start, end, cur)]
    return [shop_interval(an, range(i, i + 1), an.days[i], an.days[i] + ONE_DAY, cur) for i in idx]


def _id(value: int, as_strings: bool):
    return str(value) if as_strings else value


def _ordered(keyed: list, sort_order: str) -> list:
    """Rows by (sort value, tie-breaker); DESC reverses both."""
    keyed.sort(key=lambda x: (x[0], x[1]), reverse=sort_order == "DESC")
    return [row for _, _, row in keyed]


PRODUCT_SORT = {"gmv": 0, "orders": 1, "items_sold": 2}
SKU_SORT = {"gmv": 1, "sku_orders": 2, "units_sold": 3}


def _product_wanted(ds, shop: Shop, pid: int, status_filter: str, categories: frozenset) -> bool:
    if status_filter != "ALL":
        live = pid in shop.products and shop.products[pid].status == "ACTIVATE"
        if live != (status_filter == "LIVE"):
            return False
    if categories:
        chain = ds.product_detail(shop, pid)["category_chains"] if pid in shop.products else []
        return any(c["id"] in categories for c in chain)
    return True


def product_rows(
    ds,
    an: ShopAnalytics,
    start: _dt.date,
    end: _dt.date,
    cur: Money,
    sort_field: str = "gmv",
    sort_order: str = "DESC",
    status_filter: str = "ALL",
    categories: frozenset = frozenset(),
) -> list[dict]:
    """GET /analytics/202509/shop_products/performance: string ids, figures in `overall_performance`."""
    agg: dict = {}
    for i in an.available(start, end):
        for pid, p in an.products[i].items():
            a = agg.setdefault(pid, [ZERO, 0, 0])
            for k in range(3):
                a[k] += p[k]
    keyed = []
    for pid, a in agg.items():
        if not _product_wanted(ds, an.shop, pid, status_filter, categories):
            continue
        row = {"id": str(pid), "overall_performance": {"gmv": cur.obj(a[0]), "items_sold": a[2], "orders": a[1]}}
        keyed.append((a[PRODUCT_SORT[sort_field]], pid, row))
    return _ordered(keyed, sort_order)


def sku_rows(
    ds,
    an: ShopAnalytics,
    start: _dt.date,
    end: _dt.date,
    cur: Money,
    sort_field: str = "gmv",
    sort_order: str = "DESC",
    as_strings: bool = False,
    product_ids: frozenset = frozenset(),
    status_filter: str = "ALL",
    categories: frozenset = frozenset(),
) -> list[dict]:
    """GET /analytics/202509/shop_skus/performance: ids are JSON integers, as the spec types them."""
    agg: dict = {}
    for i in an.available(start, end):
        for sku_id, s in an.skus[i].items():
            if product_ids and s[0] not in product_ids:
                continue
            a = agg.setdefault(sku_id, [s[0], ZERO, 0, 0])
            for k in range(1, 4):
                a[k] += s[k]
    keyed = []
    for sku_id, a in agg.items():
        if not _product_wanted(ds, an.shop, a[0], status_filter, categories):
            continue
        row = {
            "id": _id(sku_id, as_strings),
            "product_id": _id(a[0], as_strings),
            "gmv": cur.obj(a[1]),
            "sku_orders": a[2],
            "units_sold": a[3],
        }
        keyed.append((a[SKU_SORT[sort_field]], sku_id, row))
    return _ordered(keyed, sort_order)
