"""GET /analytics/202510/shop/performance/{date}/performance_per_hour: one local day's figures per hour.

TikTok keeps 30 days, today included. Hours are read from the order cores of the day asked for (GMV and
items of the orders created in the hour, their distinct buyers); visitors are synthetic, seeded per (shop,
day, hour). Only the hours that ended by the shop's analytics clock (records/analytics.py) are listed, and
`latest_available_timestamp` is that clock.
"""

from __future__ import annotations

import datetime as _dt
import random

from ..ids import derive_seed
from ..money import ZERO
from ..shop import time_slice
from .analytics import Money, ShopAnalytics

# "within 30 days. Including today."
HOURLY_DAYS = 30


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
