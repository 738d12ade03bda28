"""POST /order/202309/orders/search, GET /order/{202309,202507}/orders (order detail) and
GET /order/202407/orders/{order_id}/price_detail."""

from __future__ import annotations

import re

from .. import errors, pagination
from ..constants import ORDER_STATUSES
from ..records import order_children
from .common import BOOL, INT, STR, Route, enum, enum_query, in_range, paged, range_scan, str_list, validate_body

SCHEMA = {
    "order_status": enum(*ORDER_STATUSES),
    "create_time_ge": INT,
    "create_time_lt": INT,
    "update_time_ge": INT,
    "update_time_lt": INT,
    "shipping_type": enum("TIKTOK", "SELLER"),
    "buyer_user_id": STR,
    "is_buyer_request_cancel": BOOL,
    "warehouse_ids": str_list(100),
}


def search_orders(ctx):
    size = pagination.page_size(ctx.query, required=True, lo=1, hi=100)
    # The documented defaults (create_time, DESC) apply when the client omits them.
    sort_field = enum_query(ctx.query, "sort_field", ("create_time", "update_time"), default="create_time")
    sort_order = enum_query(ctx.query, "sort_order", ("ASC", "DESC"), default="DESC")
    f = validate_body(ctx, SCHEMA)
    shop = ctx.shop

    def compute():
        index = shop.orders.by_create if sort_field == "create_time" else shop.orders.by_update
        other = "update_time" if sort_field == "create_time" else "create_time"
        warehouses = set(f.get("warehouse_ids") or ())
        out = []
        for _, oid in range_scan(index, f, sort_field):
            core = shop.orders[oid]
            if not in_range(getattr(core, other), f, other):
                continue
            if "order_status" in f and core.status != f["order_status"]:
                continue
            if "shipping_type" in f and core.shipping_type != f["shipping_type"]:
                continue
            if "is_buyer_request_cancel" in f and core.buyer_cancel != f["is_buyer_request_cancel"]:
                continue
            if warehouses and shop.warehouses[core.warehouse] not in warehouses:
                continue
            if "buyer_user_id" in f and shop.buyer_user_id(core.buyer) != f["buyer_user_id"]:
                continue
            out.append(oid)
        if sort_order == "DESC":
            out.reverse()
        return out

    return paged(ctx, "orders", (f, sort_field, sort_order), size, compute, lambda oid: ctx.ds.order_record(shop, oid), "orders")


def get_orders(ctx):
    raw = ctx.query.get("ids")
    if not raw:
        raise errors.invalid("Invalid parameter. `ids` is a required field and has not been provided.")
    ids = raw.split(",")
    if any(not re.fullmatch(r"\d{1,20}", i) for i in ids):
        raise errors.invalid("Invalid parameter. `ids` must be a comma-separated list of order ids.")
    if len(ids) > 50:
        raise errors.invalid(f"Invalid parameter. `ids` accepts at most 50 order ids; got {len(ids)}.")
    out, seen = [], set()
    with ctx.ds.lock:
        for i in ids:
            oid = int(i)
            # Ids that are unknown or belong to another shop are left out, not reported.
            if oid in ctx.shop.orders and oid not in seen:
                seen.add(oid)
                # The detail's item, not the search's: the payment fields only the detail has (OAS).
                out.append(order_children.order_detail(ctx.ds, ctx.shop, oid))
    return {"orders": out}


def get_price_detail(ctx):
    raw = ctx.path_params["order_id"]
    oid = int(raw) if re.fullmatch(r"\d{1,20}", raw) else None
    with ctx.ds.lock:
        if oid is None or oid not in ctx.shop.orders:
            # SANDBOX CHOICE: the OAS names no error for an unknown order; the finance API's "order does not exist".
            raise errors.ApiError(errors.ORDER_NOT_FOUND, http_status=404)
        return order_children.price_detail(ctx.ds, ctx.shop, oid)


ROUTES = [
    Route(
        "order.search",
        ("POST",),
        "/order/{version:202309}/orders/search",
        "order",
        search_orders,
        params=frozenset({"page_size", "page_token", "sort_field", "sort_order"}),
    ),
    Route("order.detail", ("GET",), "/order/{version:202309|202507}/orders", "order", get_orders, params=frozenset({"ids"})),
    # Only shop_cipher (and the signature) in the query: the OAS lists no other parameter.
    Route("order.price_detail", ("GET",), "/order/{version:202407}/orders/{order_id}/price_detail", "order", get_price_detail),
]
