"""Shop analytics per local day, in the shapes of TikTok's current analytics versions:
GET /analytics/202509/shop/performance, /shop_products/performance, /shop_skus/performance,
/shop_videos/performance, /shop_lives/performance, GET /analytics/202512/shop/{live_id}/products_performance
and GET /analytics/202510/shop/performance/{date}/performance_per_hour.

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
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..constants import DAY
from ..dates import iso
from ..ids import derive_seed
from ..money import ZERO, D, money, q, q_usd, rate
from ..shop import Shop, time_slice

SOURCES = ("LIVE", "VIDEO", "PRODUCT_CARD")
ONE_DAY = _dt.timedelta(days=1)
# GET /analytics/202510/shop/performance/{date}/performance_per_hour: "within 30 days. Including today."
HOURLY_DAYS = 30
# SANDBOX CHOICE: a video is watched for this many days after the day it was posted.
VIDEO_ACTIVE_DAYS = 20
# Gross revenue = (customer payment + platform subsidies) - taxes: the sandbox takes GMV net of a flat tax.
TAX_RATE = {"GB": D("0.2"), "ES": D("0.21")}
# Gross revenue breakdown types by market (202509 shop performance `gross_revenue.breakdowns[].type`).
REVENUE_BREAKDOWNS = {"GB": ("ADS", "ORGANIC"), "ES": ("ADS", "ORGANIC"), "US": (), "JP": ()}
SEA_MX_BR = ("NON_GMV_MAX", "GMV_MAX")
ACCOUNT_TYPES = ("OFFICIAL_ACCOUNTS", "MARKETING_ACCOUNTS", "AFFILIATE_ACCOUNTS")
# Creator handles of affiliate videos and LIVE sessions (personal data: the PII preset covers `username`).
CREATORS = ("mia.makes", "the_daily_haul", "kofi.reviews", "lena_unboxes", "dealsbyraj", "sam.styles", "home_with_ana", "techtok_tom")
HASH_TAGS = ("tiktokshop", "fyp", "deal", "unboxing", "review", "musthave", "giftideas", "homehacks")
VIDEO_TITLES = ("You need this", "Honest review", "Unboxing day", "3 ways to use it", "Restock alert", "Before and after")
LIVE_TITLES = ("Flash sale LIVE", "New arrivals", "Weekend deals", "Ask me anything", "Clearance hour")


def _local_id(*parts) -> str:
    """A 19-digit id derived from its labels: the same in every process, whatever was generated before."""
    return str(7_300_000_000_000_000_000 + derive_seed(*parts) % 10**17)


def _ratio(numerator, denominator, places: str = "0.0001") -> str:
    if not denominator:
        return "0"
    return format((D(numerator) / D(denominator)).quantize(D(places), rounding=ROUND_HALF_UP), "f")


@dataclass
class Video:
    id: str
    post_time: int
    post_day: _dt.date
    account_type: str
    username: str
    title: str
    duration: int
    hash_tags: list
    products: list  # [(product id, name, unit price)]
    reach: int


@dataclass
class LiveSession:
    id: str
    day: _dt.date
    start_time: int
    end_time: int
    account_type: str
    username: str
    title: str
    products: list = field(default_factory=list)  # [per-product stats dict]


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
        self._videos_posted: dict = {}  # day -> [Video]
        self._lives: dict = {}  # day -> [LiveSession]
        self._live_by_id: dict = {}
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

    # -- videos ---------------------------------------------------------------------------------------------------
    def videos_posted(self, ds, day: _dt.date) -> list:
        if day not in self._videos_posted:
            self._videos_posted[day] = _post_videos(ds, self, day)
        return self._videos_posted[day]

    # -- LIVE sessions --------------------------------------------------------------------------------------------
    def lives_on(self, ds, day: _dt.date) -> list:
        if day not in self._lives:
            sessions = _live_sessions(ds, self, day)
            self._lives[day] = sessions
            for session in sessions:
                self._live_by_id[session.id] = session
        return self._lives[day]

    def live(self, ds, live_id: str) -> LiveSession | None:
        """A session listed on a published day, or None."""
        if live_id not in self._live_by_id:
            for day in self.days:
                self.lives_on(ds, day)
        return self._live_by_id.get(live_id)


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


# -- videos -----------------------------------------------------------------------------------------------------------


def _handles(shop: Shop) -> dict:
    slug = "".join(ch for ch in shop.record["name"].lower() if ch.isalnum())[:18]
    return {"OFFICIAL_ACCOUNTS": f"{slug}.official", "MARKETING_ACCOUNTS": f"{slug}.deals"}


def _account(shop: Shop, rng: random.Random) -> tuple:
    kind = rng.choices(ACCOUNT_TYPES, (50, 20, 30))[0]
    return kind, _handles(shop).get(kind) or rng.choice(CREATORS)


def _products_before(ds, an: ShopAnalytics, t: int, rng: random.Random, lo: int, hi: int) -> list:
    """lo..hi products the shop listed before `t`: (id, title, unit price of its first SKU)."""
    listed = [pid for _, pid in time_slice(an.shop.products.by_create, None, t)]
    if not listed:
        return []
    chosen = rng.sample(listed, min(len(listed), rng.randint(lo, hi)))
    return [(pid, ds.product_detail(an.shop, pid)["title"], an.price(ds, pid, 0)[1]) for pid in chosen]


def _post_videos(ds, an: ShopAnalytics, day: _dt.date) -> list:
    shop = an.shop
    rng = random.Random(derive_seed(shop.id, "videos-posted", day.toordinal()))
    videos = []
    for j in range(rng.choice((0, 1, 1, 2))):
        vrng = random.Random(derive_seed(shop.id, "video", day.toordinal(), j))
        post = shop.day_start(day) + vrng.randrange(8 * 3600, 23 * 3600)
        kind, username = _account(shop, vrng)
        videos.append(
            Video(
                id=_local_id(shop.id, "video", day.toordinal(), j),
                post_time=post,
                post_day=day,
                account_type=kind,
                username=username,
                title=f"{vrng.choice(VIDEO_TITLES)} #{j + 1}",
                duration=vrng.randrange(8, 180),
                hash_tags=vrng.sample(HASH_TAGS, vrng.randint(0, 3)),
                products=_products_before(ds, an, post, vrng, 1, 3),
                reach=vrng.randrange(300, 20_000),
            )
        )
    return videos


def _video_day(an: ShopAnalytics, video: Video, day: _dt.date) -> list | None:
    """[views, clicks, gmv, sku_orders, items_sold, customers] of a video on one day; None without views."""
    age = (day - video.post_day).days
    if age < 0 or age > VIDEO_ACTIVE_DAYS:
        return None
    rng = random.Random(derive_seed(an.shop.id, "video-day", video.id, day.toordinal()))
    if age and rng.random() < 0.2:
        return None
    views = int(video.reach * 0.7**age) + rng.randrange(20, 400)
    clicks = max(1, int(views * rng.uniform(0.01, 0.07)))
    items = rng.randrange(0, clicks // 6 + 2) if video.products else 0
    sku_orders = items - items // 4
    customers = sku_orders - sku_orders // 5
    price = sum((p[2] for p in video.products), ZERO) / len(video.products) if video.products else ZERO
    return [views, clicks, q(an.shop, price * items), sku_orders, items, customers]


VIDEO_SORT = ("gmv", "gpm", "avg_customers", "sku_orders", "items_sold", "views", "click_through_rate")


def video_rows(ds, an: ShopAnalytics, start: _dt.date, end: _dt.date, cur: Money, sort_field="gmv", sort_order="DESC", account_type="ALL"):
    """GET /analytics/202509/shop_videos/performance: the videos watched on the published days of [start, end)."""
    days = an.days_in(start, end)
    if not days:
        return []
    agg: dict = {}
    for day in days:
        for back in range(VIDEO_ACTIVE_DAYS + 1):
            for video in an.videos_posted(ds, day - _dt.timedelta(days=back)):
                if account_type != "ALL" and video.account_type != account_type:
                    continue
                stats = _video_day(an, video, day)
                if stats is None:
                    continue
                a = agg.setdefault(video.id, (video, [0, 0, ZERO, 0, 0, 0]))[1]
                for k in range(6):
                    a[k] += stats[k]
    keyed = []
    for vid, (video, (views, clicks, gmv, sku_orders, items, customers)) in agg.items():
        gpm = q(an.shop, gmv * 1000 / views) if views else ZERO
        avg_customers = round(customers / len(days))
        ctr = _ratio(clicks, views)
        row = {
            "id": video.id,
            "title": video.title,
            "username": video.username,
            "video_post_time": iso(video.post_time),
            "duration": video.duration,
            "hash_tags": list(video.hash_tags),
            "products": [{"id": str(pid), "name": name} for pid, name, _ in video.products],
            "gmv": cur.obj(gmv),
            "gpm": cur.obj(gpm),
            "views": views,
            "sku_orders": sku_orders,
            "items_sold": items,
            "avg_customers": avg_customers,
            "click_through_rate": ctr,
        }
        value = {
            "gmv": gmv,
            "gpm": gpm,
            "avg_customers": avg_customers,
            "sku_orders": sku_orders,
            "items_sold": items,
            "views": views,
            "click_through_rate": D(ctr),
        }[sort_field]
        keyed.append((value, vid, row))
    return _ordered(keyed, sort_order)


# -- LIVE sessions ----------------------------------------------------------------------------------------------------


def _live_sessions(ds, an: ShopAnalytics, day: _dt.date) -> list:
    shop = an.shop
    rng = random.Random(derive_seed(shop.id, "lives", day.toordinal()))
    sessions = []
    for j in range(rng.choice((0, 0, 1, 1, 2))):
        lrng = random.Random(derive_seed(shop.id, "live", day.toordinal(), j))
        start = shop.day_start(day) + lrng.randrange(9 * 3600, 23 * 3600)  # late sessions run past midnight
        kind, username = _account(shop, lrng)
        live_id = _local_id(shop.id, "live", day.toordinal(), j)
        session = LiveSession(
            live_id, day, start, start + lrng.randrange(1800, 4 * 3600), kind, username, f"{lrng.choice(LIVE_TITLES)} {day.isoformat()}"
        )
        for pid, name, price in _products_before(ds, an, start, lrng, 2, 10):
            prng = random.Random(derive_seed(shop.id, "live-product", live_id, pid))
            impressions = prng.randrange(100, 5000)
            clicks = int(impressions * prng.uniform(0.02, 0.12))
            sku_orders = prng.randrange(0, clicks // 5 + 2)
            items = sku_orders + prng.randrange(0, sku_orders // 3 + 1)
            main_orders = sku_orders - sku_orders // 4
            session.products.append(
                {
                    "id": pid,
                    "name": name,
                    "direct_gmv": q(shop, price * items),
                    "items_sold": items,
                    "sku_orders": sku_orders,
                    "created_sku_orders": sku_orders + prng.randrange(0, 3),
                    "main_orders": main_orders,
                    "customers": main_orders - main_orders // 6,
                    "product_impressions": impressions,
                    "produt_clicks": clicks,
                    "add_to_cart_count": clicks // 3,
                    "views": prng.randrange(500, 20_000),
                }
            )
        sessions.append(session)
    return sessions


def _live_summary(an: ShopAnalytics, session: LiveSession, cur: Money) -> tuple:
    products = session.products
    gmv = sum((p["direct_gmv"] for p in products), ZERO)
    items = sum(p["items_sold"] for p in products)
    sku_orders = sum(p["sku_orders"] for p in products)
    customers = sum(p["customers"] for p in products)
    clicks = sum(p["produt_clicks"] for p in products)
    rng = random.Random(derive_seed(an.shop.id, "live-totals", session.id))
    gmv_24h = q(an.shop, gmv * D(rng.randrange(100, 130)) / 100)
    sales = {
        "gmv": cur.obj(gmv),
        "24h_live_gmv": cur.obj(gmv_24h),
        "avg_price": cur.obj(q(an.shop, gmv / items) if items else ZERO),
        "click_to_order_rate": _ratio(sku_orders * 100, clicks, "0.01"),
        "created_sku_orders": sum(p["created_sku_orders"] for p in products),
        "customers": customers,
        "different_products_sold": sum(1 for p in products if p["items_sold"]),
        "items_sold": items,
        "products_added": len(products),
        "sku_orders": sku_orders,
    }
    views = sum(p["views"] for p in products) + rng.randrange(100, 3000)
    viewers = int(views * rng.uniform(0.5, 0.9))
    impressions = sum(p["product_impressions"] for p in products)
    interaction = {
        "acu": max(1, viewers // 40),
        "pcu": max(1, viewers // 12),
        "avg_viewing_duration": str(rng.randrange(15, 240)),
        "click_through_rate": _ratio(clicks * 100, views, "0.01"),
        "comments": rng.randrange(0, views // 10 + 1),
        "likes": rng.randrange(0, views // 2 + 1),
        "new_followers": rng.randrange(0, viewers // 20 + 1),
        "product_clicks": clicks,
        "product_impressions": impressions,
        "shares": rng.randrange(0, views // 50 + 1),
        "viewers": viewers,
        "views": views,
    }
    values = {
        "gmv": gmv,
        "products_added": len(products),
        "different_products_sold": sales["different_products_sold"],
        "sku_orders": sku_orders,
        "items_sold": items,
        "customers": customers,
        "24h_live_gmv": gmv_24h,
    }
    return sales, interaction, values


LIVE_SORT = ("gmv", "products_added", "different_products_sold", "sku_orders", "items_sold", "customers", "24h_live_gmv")


def live_rows(ds, an: ShopAnalytics, start: _dt.date, end: _dt.date, cur: Money, sort_field="gmv", sort_order="DESC", account_type="ALL"):
    """GET /analytics/202509/shop_lives/performance: sessions that started on the published days of [start, end)."""
    keyed = []
    for day in an.days_in(start, end):
        for session in an.lives_on(ds, day):
            if account_type != "ALL" and session.account_type != account_type:
                continue
            sales, interaction, values = _live_summary(an, session, cur)
            row = {
                "id": session.id,
                "title": session.title,
                "username": session.username,
                # Strings, as the spec types them: "unix timestamp GMT (UTC+00:00)".
                "start_time": str(session.start_time),
                "end_time": str(session.end_time),
                "sales_performance": sales,
            }
            if session.account_type != "AFFILIATE_ACCOUNTS":
                # "This object will return only when the account type is OFFICIAL_ACCOUNTS, MARKETING_ACCOUNTS".
                row["interaction_performance"] = interaction
            keyed.append((values[sort_field], session.id, row))
    return _ordered(keyed, sort_order)


LIVE_PRODUCT_SORT = (
    "direct_gmv",
    "items_sold",
    "customers",
    "created_sku_orders",
    "sku_orders",
    "main_orders",
    "product_impressions",
    "produt_clicks",
)


def live_product_rows(an: ShopAnalytics, session: LiveSession, cur: Money, sort_field="direct_gmv", sort_order="DESC") -> list:
    """GET /analytics/202512/shop/{live_id}/products_performance. SANDBOX CHOICE: the operation covers the
    shop's official and marketing accounts' sessions ("Shop related LIVE session (official account &
    marketing accounts)"); an affiliate creator's session answers an empty list."""
    if session.account_type == "AFFILIATE_ACCOUNTS":
        return []
    keyed = []
    for p in session.products:
        row = {
            "id": str(p["id"]),
            "name": p["name"],
            "sales": {
                "direct_gmv": cur.obj(p["direct_gmv"]),
                "avg_price": cur.obj(q(an.shop, p["direct_gmv"] / p["main_orders"]) if p["main_orders"] else ZERO),
                "items_sold": p["items_sold"],
                "sku_orders": p["sku_orders"],
                "created_sku_orders": p["created_sku_orders"],
                "main_orders": p["main_orders"],
                "customers": p["customers"],
                "payment_rate": _ratio(p["main_orders"], p["main_orders"] + p["created_sku_orders"] - p["sku_orders"]),
            },
            "traffic": {
                "product_impressions": p["product_impressions"],
                "produt_clicks": p["produt_clicks"],
                "add_to_cart_count": p["add_to_cart_count"],
                "ctr": _ratio(p["produt_clicks"], p["product_impressions"]),
                "click_to_order_rate": {
                    "main_order_ctor": _ratio(p["main_orders"], p["produt_clicks"]),
                    "sku_order_ctor": _ratio(p["sku_orders"], p["produt_clicks"]),
                },
                "gpm": {"watch_gpm": format(cur.value(q(an.shop, p["direct_gmv"] * 1000 / p["views"])), "f")},
            },
        }
        value = p[sort_field] if sort_field != "direct_gmv" else p["direct_gmv"]
        keyed.append((value, p["id"], row))
    return _ordered(keyed, sort_order)


# -- hourly -----------------------------------------------------------------------------------------------------------


def hourly_window(an: ShopAnalytics) -> tuple:
    """(oldest, newest) local day GET /analytics/202510/.../performance_per_hour answers for."""
    return an.today - _dt.timedelta(days=HOURLY_DAYS - 1), an.today


def hourly_performance(ds, an: ShopAnalytics, day: _dt.date, cur: Money) -> dict:
    """`performance` of one day's hourly answer: the hours that ended by the clock, and their overall."""
    shop = an.shop
    start = shop.day_start(day)
    hours = max(0, min(24, (an.clock - start) // 3600))
    gmv = [ZERO] * hours
    items = [0] * hours
    buyers: list[set] = [set() for _ in range(hours)]
    for ct, oid in time_slice(shop.orders.by_create, start, start + hours * 3600):
        core = shop.orders[oid]
        h = (ct - start) // 3600
        buyers[h].add(core.buyer)
        for pid, k, qty in core.items:
            gmv[h] += an.price(ds, pid, k)[1] * qty
            items[h] += qty
    visitors = [
        len(buyers[h]) * 9 + random.Random(derive_seed(shop.id, "hour-visitors", day.toordinal(), h)).randrange(0, 60) for h in range(hours)
    ]
    intervals = [
        {"index": h, "gmv": cur.obj(gmv[h]), "customers": len(buyers[h]), "items_sold": items[h], "visitors": visitors[h]}
        for h in range(hours)
    ]
    return {
        "latest_available_timestamp": an.clock,
        "intervals": intervals,
        "overall": {
            "gmv": cur.obj(sum(gmv, ZERO)),
            "customers": len(set().union(*buyers)) if buyers else 0,
            "items_sold": sum(items),
            "visitors": sum(visitors),
        },
    }
