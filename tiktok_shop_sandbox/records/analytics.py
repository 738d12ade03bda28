"""Shop / product / SKU analytics, aggregated per local day from the shop's orders: GET /analytics/202405/shop/performance,
GET /analytics/202405/shop_products/performance and GET /analytics/202406/shop_skus/performance.

Days are dates in the shop's timezone (constants.REGION_UTC_OFFSET). Data exists for the `history_days`
days ending at `latest_available_date` = the day before the anchor's local date; other days have
no intervals and no rows. Aggregates are computed once per shop on first use (a published day
never changes afterwards, as on TikTok) from order cores and product prices only, so they stay
cheap at any order count.

Counts are consistent with orders: `orders` = orders created that local day, `units_sold` = their
units, `sku_orders` = distinct (order, sku) pairs, `buyers` = distinct buyers, `gmv` = sum of the
orders' original_total_product_price. Traffic numbers (impressions, page views, CTR) are synthetic
but deterministic.
"""

from __future__ import annotations

import datetime as _dt
import random
from decimal import ROUND_HALF_UP, Decimal

from ..ids import derive_seed
from ..money import ZERO, D, money, q_usd, rate
from ..shop import Shop, time_slice

SOURCES = ("LIVE", "VIDEO", "PRODUCT_CARD")
ONE_DAY = _dt.timedelta(days=1)


class ShopAnalytics:
    def __init__(self, ds, shop: Shop):
        self.shop = shop
        self.latest = shop.local_date(ds.anchor) - ONE_DAY
        self.first = self.latest - _dt.timedelta(days=ds.history_days - 1)
        n = (self.latest - self.first).days + 1
        self.days = [self.first + _dt.timedelta(days=i) for i in range(n)]
        self.gmv = [ZERO] * n
        self.orders = [0] * n
        self.sku_orders = [0] * n
        self.units = [0] * n
        self.buyers: list[set] = [set() for _ in range(n)]
        self.refunds = [ZERO] * n
        self.cancels_returns = [0] * n
        self.products: list[dict] = [{} for _ in range(n)]  # pid -> [gmv, orders, units, impressions, clicks]
        self.skus: list[dict] = [{} for _ in range(n)]  # sku_id -> [pid, gmv, sku_orders, units]
        lo, hi = shop.day_start(self.first), shop.day_start(self.latest + ONE_DAY)
        prices: dict = {}
        for ct, oid in time_slice(shop.orders.by_create, lo, hi):
            core = shop.orders[oid]
            d = self._index(ct)
            self.orders[d] += 1
            self.buyers[d].add(core.buyer)
            seen_p, seen_s = set(), set()
            for pid, k, qty in core.items:
                key = (pid, k)
                if key not in prices:
                    sku = ds.product_detail(shop, pid)["skus"][k]
                    prices[key] = (int(sku["id"]), D(sku["price"]["sale_price"]))
                sku_id, price = prices[key]
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
        self.impressions = [0] * n
        self.page_views = [0] * n
        for d, day in enumerate(self.days):
            rng = random.Random(derive_seed(shop.id, "traffic", day.toordinal()))
            for pid in sorted(self.products[d]):
                p = self.products[d][pid]
                prng = random.Random(derive_seed(shop.id, "ctr", day.toordinal(), pid))
                p[3] = p[1] * prng.randrange(150, 600) + prng.randrange(20, 300)
                p[4] = max(p[1], int(p[3] * prng.uniform(0.01, 0.08)))
            self.impressions[d] = sum(p[3] for p in self.products[d].values()) + rng.randrange(200, 2000)
            self.page_views[d] = sum(p[4] for p in self.products[d].values()) + rng.randrange(10, 120)

    def _index(self, epoch: int) -> int:
        return (self.shop.local_date(epoch) - self.first).days

    def available(self, start: _dt.date, end: _dt.date) -> range:
        """Indexes of the days with data in [start, end)."""
        a = max((start - self.first).days, 0)
        b = min((end - self.first).days, len(self.days))
        return range(a, max(a, b))


def get(ds, shop: Shop) -> ShopAnalytics:
    with ds.lock:
        if shop.analytics is None:
            shop.analytics = ShopAnalytics(ds, shop)
        return shop.analytics


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


def shop_interval(an: ShopAnalytics, idx: range, start: _dt.date, end: _dt.date, cur: Money) -> dict:
    gmv = sum((an.gmv[i] for i in idx), ZERO)
    orders = sum(an.orders[i] for i in idx)
    buyers = len(set().union(*(an.buyers[i] for i in idx))) if len(idx) else 0
    impressions = sum(an.impressions[i] for i in idx)
    views = sum(an.page_views[i] for i in idx)
    visitors = round(sum(int(an.page_views[i] * 0.7) for i in idx) / max(1, len(idx)))
    seed = derive_seed(an.shop.id, "split", start.toordinal(), end.toordinal())
    shares = _split_counts(10_000, seed)
    gmv_value = cur.value(gmv)
    parts, used = [], ZERO
    for k, share in enumerate(shares):
        part = (
            gmv_value - used
            if k == len(shares) - 1
            else (gmv_value * share / 10_000).quantize(D(1).scaleb(-2 if cur.usd else -an.shop.exp), rounding=ROUND_HALF_UP)
        )
        used += part
        parts.append(part)

    def fmt_value(v: Decimal) -> str:
        return format(v, "f") if cur.usd else money(an.shop, v)

    def breakdown(total: int, salt: str) -> list[dict]:
        return [{"type": t, "amount": c} for t, c in zip(SOURCES, _split_counts(total, derive_seed(seed, salt)))]

    return {
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "gmv": cur.obj(gmv),
        "gmv_breakdowns": [{"type": t, "amount": fmt_value(p), "currency": cur.code} for t, p in zip(SOURCES, parts)],
        "orders": orders,
        "sku_orders": sum(an.sku_orders[i] for i in idx),
        "units_sold": sum(an.units[i] for i in idx),
        "buyers": buyers,
        "buyer_breakdowns": breakdown(buyers, "buyers"),
        "avg_order_value": cur.obj(gmv / orders if orders else ZERO),
        "refunds": cur.obj(sum((an.refunds[i] for i in idx), ZERO)),
        "cancellations_and_returns": sum(an.cancels_returns[i] for i in idx),
        "product_impressions": impressions,
        "product_impression_breakdowns": breakdown(impressions, "impressions"),
        "product_page_views": views,
        "product_page_view_breakdowns": breakdown(views, "views"),
        "avg_product_page_visitors": visitors,
        "avg_product_page_visitor_breakdowns": breakdown(visitors, "visitors"),
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


PRODUCT_SORT = {"gmv": 0, "order_count": 1, "unit_sold_count": 2, "click_through_rate": 5}
SKU_SORT = {"gmv": 1, "sku_orders": 2, "units_sold": 3}


def product_rows(
    an: ShopAnalytics, start: _dt.date, end: _dt.date, cur: Money, sort_field: str, sort_order: str, as_strings: bool
) -> list[dict]:
    agg: dict = {}
    for i in an.available(start, end):
        for pid, p in an.products[i].items():
            a = agg.setdefault(pid, [ZERO, 0, 0, 0, 0])
            for k in range(5):
                a[k] += p[k]
    keyed = []
    for pid, a in agg.items():
        ctr = (D(a[4]) / D(a[3])).quantize(D("0.0001"), rounding=ROUND_HALF_UP) if a[3] else ZERO
        row = {"id": _id(pid, as_strings), "gmv": cur.obj(a[0]), "orders": a[1], "units_sold": a[2], "click_through_rate": format(ctr, "f")}
        keyed.append(((*a, ctr)[PRODUCT_SORT[sort_field]], pid, row))
    keyed.sort(key=lambda x: (x[0], x[1]), reverse=sort_order == "DESC")
    return [row for _, _, row in keyed]


def sku_rows(
    an: ShopAnalytics,
    start: _dt.date,
    end: _dt.date,
    cur: Money,
    sort_field: str,
    sort_order: str,
    as_strings: bool,
    product_id: int | None = None,
) -> list[dict]:
    agg: dict = {}
    for i in an.available(start, end):
        for sku_id, s in an.skus[i].items():
            if product_id is not None and s[0] != product_id:
                continue
            a = agg.setdefault(sku_id, [s[0], ZERO, 0, 0])
            for k in range(1, 4):
                a[k] += s[k]
    keyed = []
    for sku_id, a in agg.items():
        row = {
            "id": _id(sku_id, as_strings),
            "product_id": _id(a[0], as_strings),
            "gmv": cur.obj(a[1]),
            "sku_orders": a[2],
            "units_sold": a[3],
        }
        keyed.append((a[SKU_SORT[sort_field]], sku_id, row))
    keyed.sort(key=lambda x: (x[0], x[1]), reverse=sort_order == "DESC")
    return [row for _, _, row in keyed]
