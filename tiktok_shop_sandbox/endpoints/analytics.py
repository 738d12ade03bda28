"""GET /analytics/202405/shop/performance, GET /analytics/202405/shop_products/performance and
GET /analytics/202406/shop_skus/performance. Dates are YYYY-MM-DD in the shop's timezone."""

from __future__ import annotations

import datetime as _dt
import re

from .. import errors, pagination
from ..records import analytics
from .common import Route, bool_query, enum_query, paged

DATE_PARAMS = frozenset({"start_date_ge", "end_date_lt", "currency"})
LIST_PARAMS = DATE_PARAMS | {"page_size", "page_token", "sort_field", "sort_order"}


def _date(ctx, name: str) -> _dt.date:
    raw = ctx.query.get(name)
    if not raw:
        raise errors.invalid(f"Invalid parameter. `{name}` is a required field and has not been provided.")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        raise errors.invalid(f"Invalid parameter. `{name}` must be a date in YYYY-MM-DD format; got {raw!r}.")
    try:
        return _dt.date.fromisoformat(raw)
    except ValueError:
        raise errors.invalid(f"Invalid parameter. `{name}` must be a valid date; got {raw!r}.") from None


def _common(ctx):
    start, end = _date(ctx, "start_date_ge"), _date(ctx, "end_date_lt")
    if end <= start:
        raise errors.invalid("Invalid parameter. `end_date_lt` must be later than `start_date_ge`.")
    currency = enum_query(ctx.query, "currency", ("LOCAL", "USD"), default="LOCAL")
    return start, end, analytics.Money(ctx.shop, currency), analytics.get(ctx.ds, ctx.shop)


def shop_performance(ctx):
    start, end, cur, an = _common(ctx)
    granularity = enum_query(ctx.query, "granularity", ("ALL", "1D"), default="ALL")
    comparison = bool_query(ctx.query, "with_comparison") or False
    perf = {"intervals": analytics.shop_intervals(an, start, end, granularity, cur), "comparison_intervals": []}
    if comparison:  # the preceding period of equal length
        span = end - start
        perf["comparison_intervals"] = analytics.shop_intervals(an, start - span, start, granularity, cur)
    return {"latest_available_date": an.latest.isoformat(), "performance": perf}


def _list(ctx, kind: str, sort_fields: tuple, list_key: str, product_id=None):
    start, end, cur, an = _common(ctx)
    size = pagination.page_size(ctx.query, required=False, default=10, lo=1, hi=100)
    sort_field = enum_query(ctx.query, "sort_field", sort_fields, default="gmv")
    sort_order = enum_query(ctx.query, "sort_order", ("ASC", "DESC"), default="DESC")
    as_strings = ctx.ds.analytics_ids_as_strings
    if kind == "products":

        def compute():
            return analytics.product_rows(an, start, end, cur, sort_field, sort_order, as_strings)
    else:

        def compute():
            return analytics.sku_rows(an, start, end, cur, sort_field, sort_order, as_strings, product_id)

    parts = (start.isoformat(), end.isoformat(), cur.code, sort_field, sort_order, product_id, as_strings)
    page = paged(ctx, f"analytics:{kind}", parts, size, compute, dict, list_key)
    return {"latest_available_date": an.latest.isoformat(), **page}


def product_performance(ctx):
    return _list(ctx, "products", ("gmv", "order_count", "unit_sold_count", "click_through_rate"), "products")


def sku_performance(ctx):
    raw = ctx.query.get("product_id") or None
    if raw is not None and not raw.isdigit():
        raise errors.invalid(f"Invalid parameter. `product_id` must be a numeric product id; got {raw!r}.")
    return _list(ctx, "skus", ("gmv", "sku_orders", "units_sold"), "skus", int(raw) if raw else None)


ROUTES = [
    Route(
        "analytics.shop_performance",
        ("GET",),
        "/analytics/{version:202405}/shop/performance",
        "analytics",
        shop_performance,
        params=DATE_PARAMS | {"granularity", "with_comparison"},
    ),
    Route(
        "analytics.product_performance",
        ("GET",),
        "/analytics/{version:202405}/shop_products/performance",
        "analytics",
        product_performance,
        params=LIST_PARAMS,
    ),
    Route(
        "analytics.sku_performance",
        ("GET",),
        "/analytics/{version:202406}/shop_skus/performance",
        "analytics",
        sku_performance,
        params=LIST_PARAMS | {"product_id"},
    ),
]
