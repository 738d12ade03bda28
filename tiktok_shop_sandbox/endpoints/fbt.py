"""Fulfilled by TikTok: GET /fbt/202409/merchants/onboarded_regions, GET /fbt/202408/warehouses,
POST /fbt/202408/inventory/search and POST /fbt/202410/inventory_records/search (records/fbt.py).

All four take `shop_cipher` (optional in the spec's parameter list, "failure in passing the correct value ...
will return incorrect response"; the sandbox requires it, as for every shop-scoped path).
"""

from __future__ import annotations

from .. import errors, pagination
from ..records import fbt as records
from .common import INT, Route, paged, str_list, validate_body

# SANDBOX CHOICE: what a shop not onboarded to FBT gets from the FBT lists. No source gives TikTok's answer; with
# `sb.data.fbt_not_onboarded_answer = "error"` (default) it is this code, with "empty" the lists are empty.
FBT_NOT_ONBOARDED = 16109001
MSG_NOT_ONBOARDED = "The seller is not onboarded to Fulfilled by TikTok."
# Timestamps past this are milliseconds, not the seconds the spec asks for (SANDBOX CHOICE: refused, strict).
MAX_SECONDS = 10**11

INVENTORY_SCHEMA = {"fbt_warehouse_ids": str_list(100), "goods_ids": str_list(100), "sku_ids": str_list(100)}
RECORDS_SCHEMA = {"create_time_ge": INT, "create_time_le": INT, "fbt_warehouse_ids": str_list(100), "goods_ids": str_list(100)}


def _state(ctx, empty: dict):
    """The shop's FBT facts; for a shop not onboarded, the knob's answer (an error, or `empty`)."""
    state = ctx.ds.fbt.get(ctx.shop.id)
    if state is not None:
        return state, None
    if ctx.ds.fbt_not_onboarded_answer == "empty":
        return None, empty
    raise errors.ApiError(FBT_NOT_ONBOARDED, MSG_NOT_ONBOARDED, http_status=400)


def onboarded_regions(ctx):
    state = ctx.ds.fbt.get(ctx.shop.id)
    if state is not None:
        return {"onboarded_regions": records.onboarded_regions(state)}
    # "If seller is not onboarded, `data` will be empty": an empty object by default; the knob gives null or an empty list.
    answer = ctx.ds.fbt_not_onboarded_regions_data
    return None if answer == "null" else ({"onboarded_regions": []} if answer == "[]" else {})


def list_warehouses(ctx):
    state, empty = _state(ctx, {"warehouses": []})
    return empty if state is None else {"warehouses": records.warehouse_records(state)}


def search_inventory(ctx):
    size = pagination.page_size(ctx.query, required=True, lo=1, hi=100)
    f = validate_body(ctx, INVENTORY_SCHEMA)
    if f.get("goods_ids") and f.get("sku_ids"):
        raise errors.invalid("Invalid parameter. This API only allows either body.goods_ids or body.sku_ids.")
    state, empty = _state(ctx, {"inventory": [], "next_page_token": "", "total_count": 0})
    if state is None:
        return empty
    warehouses = set(f.get("fbt_warehouse_ids") or ())
    goods_ids = set(f.get("goods_ids") or ())
    sku_ids = set(f.get("sku_ids") or ())
    goods = state.goods_by_id()

    def compute():
        out = []
        for wid, gid in records.inventory_keys(state):
            if warehouses and wid not in warehouses:
                continue
            if goods_ids or sku_ids:
                # Asked for by id: listed whatever their stock.
                if (goods_ids and gid not in goods_ids) or (sku_ids and not sku_ids.intersection(goods[gid].sku_ids)):
                    continue
            elif not records.has_inventory(state, wid, gid):
                continue  # "otherwise, all goods with non-zero inventory will be returned"
            out.append((wid, gid))
        return out

    def render(key):
        wid, gid = key
        return records.inventory_record(state, goods[gid], wid)

    return paged(ctx, "fbt_inventory", (f,), size, compute, render, "inventory")


def search_inventory_records(ctx):
    size = pagination.page_size(ctx.query, required=True, lo=1, hi=100)
    f = validate_body(ctx, RECORDS_SCHEMA)
    for name in ("create_time_ge", "create_time_le"):
        if name in f and not 0 <= f[name] < MAX_SECONDS:
            raise errors.invalid(f"Invalid parameter. body.{name} must be a Unix timestamp in seconds; got {f[name]}.")
    state, empty = _state(ctx, {"inventory_records": [], "next_page_token": "", "total_count": 0})
    if state is None:
        return empty
    ge = f.get("create_time_ge", 0)  # "`create_time_ge` is 0 by default"
    le = f.get("create_time_le", ctx.now)  # "`create_time_le` is the current time by default"
    warehouses = set(f.get("fbt_warehouse_ids") or ())
    goods_ids = set(f.get("goods_ids") or ())
    goods = state.goods_by_id()

    def compute():
        return [
            r
            for r in records.newest_first(state.records)
            if ge <= r.create_time <= le and (not warehouses or r.warehouse_id in warehouses) and (not goods_ids or r.goods_id in goods_ids)
        ]

    # The result list is memoized per filters until the shop changes, so a walk without an upper bound keeps the
    # "now" of its first page.
    render = lambda r: records.inventory_record_item(state, goods, r)  # noqa: E731
    return paged(ctx, "fbt_inventory_records", (f,), size, compute, render, "inventory_records")


PAGED = frozenset({"page_size", "page_token"})
ROUTES = [
    Route("fbt.onboarded_regions", ("GET",), "/fbt/{version:202409}/merchants/onboarded_regions", "fbt", onboarded_regions),
    Route("fbt.warehouses", ("GET",), "/fbt/{version:202408}/warehouses", "fbt", list_warehouses),
    Route("fbt.inventory", ("POST",), "/fbt/{version:202408}/inventory/search", "fbt", search_inventory, params=PAGED),
    Route(
        "fbt.inventory_records",
        ("POST",),
        "/fbt/{version:202410}/inventory_records/search",
        "fbt",
        search_inventory_records,
        params=PAGED,
    ),
]
