"""GET /customer_service/202407/performance: the shop's chat support performance over support dates
[support_date_ge, support_date_lt), YYYY-MM-DD (TikTok's OpenAPI spec, paths/customer_service.json).
Both dates and `shop_cipher` are required. SANDBOX CHOICE: the spec names no longest range; any is served."""

from __future__ import annotations

from ..records import customer_service
from .analytics import date_range
from .common import Route


def performance(ctx):
    start, end = date_range(ctx, "support_date_ge", "support_date_lt")
    with ctx.ds.lock:
        return {"performance": customer_service.performance(ctx.ds, ctx.shop, start, end)}


ROUTES = [
    Route(
        "customer_service.performance",
        ("GET",),
        "/customer_service/{version:202407}/performance",
        "customer_service",
        performance,
        params=frozenset({"support_date_ge", "support_date_lt"}),
    ),
]
