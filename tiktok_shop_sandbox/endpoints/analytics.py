"""The analytics operations at their current versions (TikTok's OpenAPI spec, paths/analytics.json):
GET /analytics/202509/shop/performance, /shop_products/performance, /shop_skus/performance,
/shop_videos/performance, /shop_lives/performance, GET /analytics/202512/shop/{live_id}/products_performance
and GET /analytics/202510/shop/performance/{date}/performance_per_hour. Dates are YYYY-MM-DD in the shop's
timezone; `start_date_ge` inclusive, `end_date_lt` exclusive.

The versions the connector read before (202405 shop and product performance, 202406 SKU performance) are
no longer emulated: their shapes differ and nothing calls them.
"""

from __future__ import annotations

import datetime as _dt
import re

from .. import errors, pagination
from ..records import analytics, content, hourly
from .common import Route, enum_query, paged

DATE_PARAMS = frozenset({"start_date_ge", "end_date_lt", "currency"})
LIST_PARAMS = DATE_PARAMS | {"page_size", "page_token", "sort_field", "sort_order"}
ACCOUNT_TYPES = ("ALL", *content.ACCOUNT_TYPES)


def parse_date(raw: str | None, name: str) -> _dt.date:
    if not raw:
        raise errors.invalid(f"Invalid parameter. `{name}` is a required field and has not been provided.")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        raise errors.invalid(f"Invalid parameter. `{name}` must be a date in YYYY-MM-DD format; got {raw!r}.")
    try:
        return _dt.date.fromisoformat(raw)
    except ValueError:
        raise errors.invalid(f"Invalid parameter. `{name}` must be a valid date; got {raw!r}.") from None


def date_range(ctx, start_name: str = "start_date_ge", end_name: str = "end_date_lt") -> tuple:
    start, end = parse_date(ctx.query.get(start_name), start_name), parse_date(ctx.query.get(end_name), end_name)
    if end <= start:
        raise errors.invalid(f"Invalid parameter. `{end_name}` must be later than `{start_name}`.")
    return start, end


def _money(ctx) -> analytics.Money:
    return analytics.Money(ctx.shop, enum_query(ctx.query, "currency", ("LOCAL", "USD"), default="LOCAL"))


def _id_list(ctx, name: str) -> frozenset:
    """An array query parameter, comma-separated (the spec does not say how a GET carries an array)."""
    raw = ctx.query.get(name) or ""
    values = [v.strip() for v in raw.split(",") if v.strip()]
    if any(not v.isdigit() for v in values):
        raise errors.invalid(f"Invalid parameter. `{name}` must list numeric ids; got {raw!r}.")
    return frozenset(values)


def shop_performance(ctx):
    start, end = date_range(ctx)
    cur, an = _money(ctx), analytics.get(ctx.ds, ctx.shop)
    granularity = enum_query(ctx.query, "granularity", ("ALL", "1D"), default="ALL")
    intervals = analytics.shop_intervals(an, start, end, granularity, cur)
    return {"latest_available_date": an.latest.isoformat(), "performance": {"intervals": intervals}}


def _list(ctx, kind: str, list_key: str, sort_fields: tuple, rows, extra: tuple = ()):
    """One page of a ranked list over [start_date_ge, end_date_lt); `rows(an, start, end, cur, sort_field,
    sort_order)` computes the whole ordered list, which the page token binds to with `extra` filters."""
    start, end = date_range(ctx)
    cur, an = _money(ctx), analytics.get(ctx.ds, ctx.shop)
    size = pagination.page_size(ctx.query, required=False, default=10, lo=1, hi=100)
    sort_field = enum_query(ctx.query, "sort_field", sort_fields, default=sort_fields[0])
    sort_order = enum_query(ctx.query, "sort_order", ("ASC", "DESC"), default="DESC")
    parts = (start.isoformat(), end.isoformat(), cur.code, sort_field, sort_order, *extra, an.published)
    page = paged(ctx, f"analytics:{kind}", parts, size, lambda: rows(an, start, end, cur, sort_field, sort_order), dict, list_key)
    return {"latest_available_date": an.latest.isoformat(), **page}


def _product_filters(ctx) -> tuple:
    status = enum_query(ctx.query, "product_status_filter", ("LIVE", "INACTIVE", "ALL"), default="ALL")
    return status, _id_list(ctx, "category_filter")


def product_performance(ctx):
    status, categories = _product_filters(ctx)

    def rows(an, start, end, cur, sort_field, sort_order):
        return analytics.product_rows(ctx.ds, an, start, end, cur, sort_field, sort_order, status, categories)

    return _list(ctx, "products", "products", ("gmv", "items_sold", "orders"), rows, (status, sorted(categories)))


def sku_performance(ctx):
    status, categories = _product_filters(ctx)
    product_ids = frozenset(int(v) for v in _id_list(ctx, "product_ids"))
    as_strings = ctx.ds.analytics_ids_as_strings

    def rows(an, start, end, cur, sort_field, sort_order):
        return analytics.sku_rows(ctx.ds, an, start, end, cur, sort_field, sort_order, as_strings, product_ids, status, categories)

    extra = (status, sorted(categories), sorted(product_ids), as_strings)
    return _list(ctx, "skus", "skus", ("gmv", "sku_orders", "units_sold"), rows, extra)


def video_performance(ctx):
    account = enum_query(ctx.query, "account_type", ACCOUNT_TYPES, default="ALL")

    def rows(an, start, end, cur, sort_field, sort_order):
        return content.video_rows(ctx.ds, an, start, end, cur, sort_field, sort_order, account)

    return _list(ctx, "videos", "videos", content.VIDEO_SORT, rows, (account,))


def live_performance(ctx):
    account = enum_query(ctx.query, "account_type", ACCOUNT_TYPES, default="ALL")

    def rows(an, start, end, cur, sort_field, sort_order):
        return content.live_rows(ctx.ds, an, start, end, cur, sort_field, sort_order, account)

    return _list(ctx, "lives", "live_stream_sessions", content.LIVE_SORT, rows, (account,))


def live_product_performance(ctx):
    """Not paginated: every product of the session at once."""
    cur, an = _money(ctx), analytics.get(ctx.ds, ctx.shop)
    sort_field = enum_query(ctx.query, "sort_field", content.LIVE_PRODUCT_SORT, default="direct_gmv")
    sort_order = enum_query(ctx.query, "sort_order", ("ASC", "DESC"), default="DESC")
    live_id = ctx.path_params["live_id"]
    with ctx.ds.lock:
        session = content.live(ctx.ds, an, live_id) if live_id.isdigit() else None
        if session is None:
            # SANDBOX CHOICE: the code for an unknown LIVE id is undocumented; 36009004 as for other bad identifiers.
            raise errors.invalid(f"Invalid parameter. No LIVE session {live_id!r} in this shop.")
        return {"products": content.live_product_rows(an, session, cur, sort_field, sort_order)}


def hourly_performance(ctx):
    """One day's hours; TikTok keeps 30 days including today. SANDBOX CHOICE: a date outside them is refused
    (36009004), the strict reading of "within 30 days"."""
    day = parse_date(ctx.path_params["date"], "date")
    cur, an = _money(ctx), analytics.get(ctx.ds, ctx.shop)
    with ctx.ds.lock:
        oldest, newest = hourly.hourly_window(an)
        if not oldest <= day <= newest:
            raise errors.invalid(
                f"Invalid parameter. `date` must be within the last {hourly.HOURLY_DAYS} days, including today "
                f"({oldest.isoformat()} to {newest.isoformat()} in the shop's timezone); got {day.isoformat()}."
            )
        return {"performance": hourly.hourly_performance(ctx.ds, an, day, cur)}


ROUTES = [
    Route(
        "analytics.shop_performance",
        ("GET",),
        "/analytics/{version:202509}/shop/performance",
        "analytics",
        shop_performance,
        params=DATE_PARAMS | {"granularity"},
    ),
    Route(
        "analytics.product_performance",
        ("GET",),
        "/analytics/{version:202509}/shop_products/performance",
        "analytics",
        product_performance,
        params=LIST_PARAMS | {"category_filter", "product_status_filter"},
    ),
    Route(
        "analytics.sku_performance",
        ("GET",),
        "/analytics/{version:202509}/shop_skus/performance",
        "analytics",
        sku_performance,
        params=LIST_PARAMS | {"category_filter", "product_status_filter", "product_ids"},
    ),
    Route(
        "analytics.video_performance",
        ("GET",),
        "/analytics/{version:202509}/shop_videos/performance",
        "analytics",
        video_performance,
        params=LIST_PARAMS | {"account_type"},
    ),
    Route(
        "analytics.live_performance",
        ("GET",),
        "/analytics/{version:202509}/shop_lives/performance",
        "analytics",
        live_performance,
        params=LIST_PARAMS | {"account_type"},
    ),
    Route(
        "analytics.live_product_performance",
        ("GET",),
        "/analytics/{version:202512}/shop/{live_id}/products_performance",
        "analytics",
        live_product_performance,
        params=frozenset({"sort_field", "sort_order", "currency"}),
    ),
    Route(
        "analytics.hourly_performance",
        ("GET",),
        "/analytics/{version:202510}/shop/performance/{date}/performance_per_hour",
        "analytics",
        hourly_performance,
        params=frozenset({"currency"}),
    ),
]
