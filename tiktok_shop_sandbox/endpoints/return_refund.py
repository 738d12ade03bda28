"""Search returns and search cancellations (reference §6.5)."""

from __future__ import annotations

from .. import pagination
from ..data import CANCEL_STATUSES, RETURN_STATUSES, order_facts
from .common import STR, TIME_RANGE, Route, enum_query, in_range, int_ids, paged, range_scan, str_list, validate_body

RETURN_SCHEMA = {
    **TIME_RANGE,
    "return_ids": str_list(),
    "order_ids": str_list(),
    "buyer_user_ids": str_list(),
    "return_types": str_list(values=("REFUND", "RETURN_AND_REFUND", "REPLACEMENT")),
    "return_status": str_list(values=RETURN_STATUSES),
    "arbitration_status": str_list(values=("IN_PROGRESS", "SUPPORT_BUYER", "SUPPORT_SELLER", "CLOSED")),
    "seller_proposed_return_type": str_list(values=("PARTIAL_REFUND",)),
    "locale": STR,
}
CANCEL_SCHEMA = {
    **TIME_RANGE,
    "cancel_ids": str_list(),
    "order_ids": str_list(),
    "buyer_user_ids": str_list(),
    "cancel_types": str_list(values=("CANCEL", "BUYER_CANCEL")),
    "cancel_status": str_list(values=CANCEL_STATUSES),
    "locale": STR,
}
SEARCH_PARAMS = frozenset({"page_size", "page_token", "sort_field", "sort_order"})


def _sort(ctx):
    # Documented defaults: create_time, ASC.
    field = enum_query(ctx.query, "sort_field", ("create_time", "update_time"), default="create_time")
    order = enum_query(ctx.query, "sort_order", ("ASC", "DESC"), default="ASC")
    return field, order


def search_returns(ctx):
    size = pagination.page_size(ctx.query, required=False, default=10, lo=10, hi=50)  # valid range [10-50]
    sort_field, sort_order = _sort(ctx)
    f = validate_body(ctx, RETURN_SCHEMA)
    shop, ds = ctx.shop, ctx.ds

    def compute():
        index = shop.ret_by_create if sort_field == "create_time" else shop.ret_by_update
        other = "update_time" if sort_field == "create_time" else "create_time"
        return_ids, order_ids = int_ids(f.get("return_ids")), int_ids(f.get("order_ids"))
        buyers = set(f.get("buyer_user_ids") or ())
        out = []
        for _, rid in range_scan(index, f, sort_field):
            core = shop.returns[rid]
            if not in_range(getattr(core, other), f, other):
                continue
            if "return_ids" in f and rid not in return_ids:
                continue
            if "order_ids" in f and core.order_id not in order_ids:
                continue
            if "buyer_user_ids" in f and shop.buyer_user_id(shop.orders[core.order_id].buyer) not in buyers:
                continue
            if "return_types" in f and core.type not in f["return_types"]:
                continue
            if "return_status" in f and core.status not in f["return_status"]:
                continue
            if "arbitration_status" in f and core.arbitration not in f["arbitration_status"]:
                continue
            if "seller_proposed_return_type" in f:
                continue  # no return in the sandbox carries a seller proposal
            out.append(rid)
        return out[::-1] if sort_order == "DESC" else out

    return paged(ctx, "returns", (f, sort_field, sort_order), size, compute, lambda rid: ds.return_record(shop, rid),
                 "return_orders")


def search_cancellations(ctx):
    size = pagination.page_size(ctx.query, required=False, default=10, lo=1, hi=50)  # valid range [1-50]
    sort_field, sort_order = _sort(ctx)
    f = validate_body(ctx, CANCEL_SCHEMA)
    shop, ds = ctx.shop, ctx.ds

    def compute():
        index = shop.cxl_by_create if sort_field == "create_time" else shop.cxl_by_update
        other = "update_time" if sort_field == "create_time" else "create_time"
        cancel_ids, order_ids = int_ids(f.get("cancel_ids")), int_ids(f.get("order_ids"))
        buyers = set(f.get("buyer_user_ids") or ())
        out = []
        for _, cid in range_scan(index, f, sort_field):
            core = shop.cancels[cid]
            if not in_range(getattr(core, other), f, other):
                continue
            if "cancel_ids" in f and cid not in cancel_ids:
                continue
            if "order_ids" in f and core.order_id not in order_ids:
                continue
            order = shop.orders[core.order_id]
            if "buyer_user_ids" in f and shop.buyer_user_id(order.buyer) not in buyers:
                continue
            if "cancel_types" in f and ("BUYER_CANCEL" if order_facts(order)[2] == "BUYER" else "CANCEL") not in f["cancel_types"]:
                continue
            if "cancel_status" in f and core.status not in f["cancel_status"]:
                continue
            out.append(cid)
        return out[::-1] if sort_order == "DESC" else out

    return paged(ctx, "cancellations", (f, sort_field, sort_order), size, compute,
                 lambda cid: ds.cancellation_record(shop, cid), "cancellations")


ROUTES = [
    Route("return_refund.returns", ("POST",), "/return_refund/{version:202309}/returns/search", "return_refund",
          search_returns, params=SEARCH_PARAMS),
    Route("return_refund.cancellations", ("POST",), "/return_refund/{version:202309}/cancellations/search",
          "return_refund", search_cancellations, params=SEARCH_PARAMS),
]
