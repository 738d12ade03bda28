"""Cheap endpoints for the other API groups, so a connector's `check` can probe every scope.

Shapes follow reference §6.5–6.11 but the lists are empty or tiny: only their gateway
behaviour (auth, scope, shop_cipher, page_size limits) is meant to be exercised.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re

from .. import errors, pagination
from ..data import DAY
from .common import INT, STR, Route, enum_query, paged, str_list, validate_body

TIME_RANGE = {"create_time_ge": INT, "create_time_lt": INT, "update_time_ge": INT, "update_time_lt": INT}


def _empty_search(ctx, kind, list_key, schema, lo, hi, default, required=False, sort=True):
    size = pagination.page_size(ctx.query, required=required, default=default, lo=lo, hi=hi)
    parts = []
    if sort:
        parts.append(enum_query(ctx.query, "sort_field", ("create_time", "update_time") + (("order_pay_time",) if kind == "packages" else ()), default="create_time"))
        parts.append(enum_query(ctx.query, "sort_order", ("ASC", "DESC"), default="DESC" if kind == "packages" else "ASC"))
    f = validate_body(ctx, schema)
    return paged(ctx, kind, (f, *parts), size, lambda: [], lambda i: i, list_key)


def search_returns(ctx):
    schema = {**TIME_RANGE, "return_ids": str_list(), "order_ids": str_list(), "buyer_user_ids": str_list(),
              "return_types": str_list(values=("REFUND", "RETURN_AND_REFUND", "REPLACEMENT")), "return_status": str_list(),
              "arbitration_status": str_list(), "seller_proposed_return_type": str_list(), "locale": STR}
    return _empty_search(ctx, "returns", "return_orders", schema, 10, 50, 10)


def search_cancellations(ctx):
    schema = {**TIME_RANGE, "cancel_ids": str_list(), "order_ids": str_list(), "buyer_user_ids": str_list(),
              "cancel_types": str_list(values=("CANCEL", "BUYER_CANCEL")), "cancel_status": str_list(), "locale": STR}
    return _empty_search(ctx, "cancellations", "cancellations", schema, 1, 50, 10)


def search_packages(ctx):
    schema = {**TIME_RANGE, "package_status": ("enum", ("PROCESSING", "FULFILLING", "COMPLETED", "CANCELLED"))}
    return _empty_search(ctx, "packages", "packages", schema, 1, 50, None, required=True)


def warehouses(ctx):
    shop = ctx.shop
    out = []
    for i, wid in enumerate(shop.warehouses):
        out.append({"id": wid, "entity_id": str(int(wid) + 1), "name": f"{shop.country} Warehouse {i + 1}",
                    "effect_status": "ENABLED", "type": "SALES_WAREHOUSE", "sub_type": "DOMESTIC_WAREHOUSE",
                    "is_default": i == 0,
                    "address": {"region": shop.country, "region_code": shop.region, "state": "", "city": "",
                                "distict": "", "town": "", "postal_code": "", "full_address": "",
                                "contact_person": "Warehouse Manager", "phone_number": "188****2234",
                                "geolocation": {"latitude": "0", "longitude": "0"}}})
    return {"warehouses": out}


def _date(ctx, name):
    raw = ctx.query.get(name)
    if not raw:
        raise errors.invalid(f"Invalid parameter. `{name}` is a required field and has not been provided.")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        raise errors.invalid(f"Invalid parameter. `{name}` must be a YYYY-MM-DD date.")
    try:
        return _dt.date.fromisoformat(raw)
    except ValueError:
        raise errors.invalid(f"Invalid parameter. `{name}` must be a valid date.")


def shop_performance(ctx):
    start, end = _date(ctx, "start_date_ge"), _date(ctx, "end_date_lt")
    if end <= start:
        raise errors.invalid("Invalid parameter. `end_date_lt` must be later than `start_date_ge`.")
    currency = enum_query(ctx.query, "currency", ("LOCAL", "USD"), default="LOCAL")
    granularity = enum_query(ctx.query, "granularity", ("ALL", "1D"), default="ALL")
    enum_query(ctx.query, "with_comparison", ("true", "false"))
    shop = ctx.shop
    cur = "USD" if currency == "USD" else shop.currency
    latest = _dt.datetime.fromtimestamp(ctx.ds.anchor - DAY, _dt.timezone.utc).date()
    spans = [(start, end)] if granularity == "ALL" else [(start + _dt.timedelta(d), start + _dt.timedelta(d + 1))
                                                           for d in range((end - start).days)]
    intervals = []
    for a, b in spans:
        lo = int(_dt.datetime(a.year, a.month, a.day, tzinfo=_dt.timezone.utc).timestamp())
        hi = int(_dt.datetime(b.year, b.month, b.day, tzinfo=_dt.timezone.utc).timestamp())
        n = bisect.bisect_left(shop.ord_by_create, (hi, -1)) - bisect.bisect_left(shop.ord_by_create, (lo, -1))
        intervals.append({"start_date": a.isoformat(), "end_date": b.isoformat(), "gmv": {"amount": "0", "currency": cur},
                          "gmv_breakdowns": [], "orders": n, "sku_orders": n, "units_sold": n, "buyers": n,
                          "buyer_breakdowns": [], "avg_order_value": {"amount": "0", "currency": cur},
                          "refunds": {"amount": "0", "currency": cur}, "cancellations_and_returns": 0,
                          "product_impressions": 0, "product_impression_breakdowns": [], "product_page_views": 0,
                          "product_page_view_breakdowns": [], "avg_product_page_visitors": 0,
                          "avg_product_page_visitor_breakdowns": []})
    return {"latest_available_date": latest.isoformat(), "performance": {"intervals": intervals, "comparison_intervals": []}}


ROUTES = [
    Route("return_refund.returns", ("POST",), "/return_refund/{version:202309}/returns/search", "return_refund",
          search_returns, params=frozenset({"page_size", "page_token", "sort_field", "sort_order"})),
    Route("return_refund.cancellations", ("POST",), "/return_refund/{version:202309}/cancellations/search",
          "return_refund", search_cancellations, params=frozenset({"page_size", "page_token", "sort_field", "sort_order"})),
    Route("fulfillment.packages", ("POST",), "/fulfillment/{version:202309}/packages/search", "fulfillment",
          search_packages, params=frozenset({"page_size", "page_token", "sort_field", "sort_order"})),
    Route("logistics.warehouses", ("GET",), "/logistics/{version:202309}/warehouses", "logistics", warehouses),
    Route("analytics.shop_performance", ("GET",), "/analytics/{version:202405}/shop/performance", "analytics",
          shop_performance, params=frozenset({"start_date_ge", "end_date_lt", "currency", "granularity", "with_comparison"})),
]
