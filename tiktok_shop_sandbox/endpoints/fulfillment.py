"""POST /fulfillment/202309/packages/search and GET /logistics/202309/warehouses."""

from __future__ import annotations

import bisect

from .. import pagination
from ..constants import PACKAGE_LAG, PACKAGE_STATUS
from ..cores import has_package, package_times
from ..records import fulfillment as records
from .common import TIME_RANGE, Route, enum, enum_query, in_range, paged, range_scan, validate_body

PACKAGE_SCHEMA = {**TIME_RANGE, "package_status": enum("PROCESSING", "FULFILLING", "COMPLETED", "CANCELLED")}


def search_packages(ctx):
    size = pagination.page_size(ctx.query, required=True, lo=1, hi=50)
    sort_field = enum_query(ctx.query, "sort_field", ("create_time", "update_time", "order_pay_time"), default="create_time")
    sort_order = enum_query(ctx.query, "sort_order", ("ASC", "DESC"), default="DESC")
    f = validate_body(ctx, PACKAGE_SCHEMA)
    shop, ds = ctx.shop, ctx.ds

    def compute():
        if "update_time_ge" in f or "update_time_lt" in f or sort_field == "update_time":
            # A package's update_time is its order's update_time.
            candidates = [oid for _, oid in range_scan(shop.orders.by_update, f, "update_time")]
        else:
            # Package create/pay times lie within PACKAGE_LAG after the order's create_time.
            index = shop.orders.by_create
            lo = bisect.bisect_left(index, (f["create_time_ge"] - PACKAGE_LAG, -1)) if "create_time_ge" in f else 0
            hi = bisect.bisect_left(index, (f["create_time_lt"], -1)) if "create_time_lt" in f else len(index)
            candidates = [oid for _, oid in index[lo : max(lo, hi)]]
        keyed = []
        for oid in candidates:
            core = shop.orders[oid]
            if not has_package(core):
                continue
            create, update, pay = package_times(core)
            if not (in_range(create, f, "create_time") and in_range(update, f, "update_time")):
                continue
            if "package_status" in f and PACKAGE_STATUS[core.status] != f["package_status"]:
                continue
            key = {"create_time": create, "update_time": update, "order_pay_time": pay}[sort_field]
            keyed.append((key, oid))
        keyed.sort(reverse=sort_order == "DESC")
        return [oid for _, oid in keyed]

    return paged(ctx, "packages", (f, sort_field, sort_order), size, compute, lambda oid: ds.package_record(shop, oid), "packages")


def list_warehouses(ctx):
    return {"warehouses": records.warehouses(ctx.shop)}


ROUTES = [
    Route(
        "fulfillment.packages",
        ("POST",),
        "/fulfillment/{version:202309}/packages/search",
        "fulfillment",
        search_packages,
        params=frozenset({"page_size", "page_token", "sort_field", "sort_order"}),
    ),
    Route("logistics.warehouses", ("GET",), "/logistics/{version:202309}/warehouses", "logistics", list_warehouses),
]
