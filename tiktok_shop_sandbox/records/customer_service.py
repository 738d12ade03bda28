"""Customer service performance per local day: GET /customer_service/202407/performance.

SANDBOX CHOICE (the spec gives no sample): every day of the analytics window (records/analytics.py, up to
its `latest_available_date`) has chat support sessions drawn from a seed of (shop, day); other days have
none. Per day the sandbox keeps the sessions, those first answered within 24 hours, the minutes to a first
answer, the ratings and the satisfied ratings, so any range aggregates exactly: percentages are of the
range's sessions (ratings), the response time is the mean over its sessions. Percentages are decimal
strings with two places ("96.43"), minutes with one ("12.5"); a range without sessions answers "0".
"""

from __future__ import annotations

import datetime as _dt
import random
from decimal import ROUND_HALF_UP

from ..ids import derive_seed
from ..money import D
from ..shop import Shop
from . import analytics


def day_stats(shop: Shop, day: _dt.date) -> tuple:
    """(sessions, answered within 24 h, total minutes to a first answer, rated, rated satisfied)."""
    rng = random.Random(derive_seed(shop.id, "customer-service", day.toordinal()))
    sessions = rng.randrange(0, 40)
    answered = sessions - rng.randrange(0, sessions // 8 + 1)
    minutes = sum(rng.randrange(1, 90) for _ in range(sessions))
    rated = rng.randrange(0, sessions // 2 + 1)
    satisfied = rated - rng.randrange(0, rated // 4 + 1)
    return sessions, answered, minutes, rated, satisfied


def _fixed(value, places: str) -> str:
    return format(D(value).quantize(D(places), rounding=ROUND_HALF_UP), "f")


def performance(ds, shop: Shop, start: _dt.date, end: _dt.date) -> dict:
    """`data.performance` for the support dates [start, end)."""
    an = analytics.get(ds, shop)
    totals = [0, 0, 0, 0, 0]
    for day in an.days_in(start, end):
        for k, value in enumerate(day_stats(shop, day)):
            totals[k] += value
    sessions, answered, minutes, rated, satisfied = totals
    return {
        "support_session_count": sessions,
        "response_percentage": _fixed(D(answered) * 100 / sessions, "0.01") if sessions else "0",
        "response_time_mins": _fixed(D(minutes) / sessions, "0.1") if sessions else "0",
        "satisfaction_percentage": _fixed(D(satisfied) * 100 / rated, "0.01") if rated else "0",
    }
