"""POST /return_refund/202309/returns/search, POST /return_refund/202309/cancellations/search and
GET /return_refund/202309/returns/{return_id}/records."""

from __future__ import annotations

import re

from .. import errors, pagination
from ..constants import CANCEL_STATUSES, RETURN_STATUSES
from ..cores import order_facts
from ..records import return_records
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
# SANDBOX CHOICE: the OAS names no error for an unknown return.
RETURN_NOT_FOUND = 25001001
# BCP-47 codes, comma-delimited (OAS `locale` of GetReturnRecords).
LOCALES = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*(,[a-z]{2,3}(-[A-Za-z0-9]{2,8})*)*")


def _sort(ctx):
    # Documented defaults: create_time, ASC.
    field = enum_query(ctx.query, "sort_field", ("create_time", "update_time"), default="create_time")
    order = enum_query(ctx.query, "sort_order", ("ASC", "DESC"), default="ASC")
    return field, order


# A search's optional body filters: (body key, how its values are prepared, test of one record against them).
# The test gets (shop, id, core, wanted) and runs only when the key is in the body.
RETURN_FILTERS = (
    ("return_ids", int_ids, lambda shop, rid, core, want: rid in want),
    ("order_ids", int_ids, lambda shop, rid, core, want: core.order_id in want),
    ("buyer_user_ids", set, lambda shop, rid, core, want: shop.buyer_user_id(shop.orders[core.order_id].buyer) in want),
    ("return_types", list, lambda shop, rid, core, want: core.type in want),
    ("return_status", list, lambda shop, rid, core, want: core.status in want),
    ("arbitration_status", list, lambda shop, rid, core, want: core.arbitration in want),
    ("seller_proposed_return_type", list, lambda shop, rid, core, want: False),  # no sandbox return carries a proposal
)
CANCEL_FILTERS = (
    ("cancel_ids", int_ids, lambda shop, cid, core, want: cid in want),
    ("order_ids", int_ids, lambda shop, cid, core, want: core.order_id in want),
    ("buyer_user_ids", set, lambda shop, cid, core, want: shop.buyer_user_id(shop.orders[core.order_id].buyer) in want),
    (
        "cancel_types",
        list,
        lambda shop, cid, core, want: ("BUYER_CANCEL" if order_facts(shop.orders[core.order_id])[2] == "BUYER" else "CANCEL") in want,
    ),
    ("cancel_status", list, lambda shop, cid, core, want: core.status in want),
)


def _search(ctx, *, kind, list_key, schema, smallest_page, table, filters, render):
    """A time-sorted search over one shop's after-sales records: page size 1-50 (returns: 10-50), default 10."""
    size = pagination.page_size(ctx.query, required=False, default=10, lo=smallest_page, hi=50)
    sort_field, sort_order = _sort(ctx)
    f = validate_body(ctx, schema)
    shop, ds = ctx.shop, ctx.ds

    def compute():
        cores = table(shop)
        index = cores.by_create if sort_field == "create_time" else cores.by_update
        other = "update_time" if sort_field == "create_time" else "create_time"
        active = [(prepare(f.get(key)), test) for key, prepare, test in filters if key in f]
        out = [
            i
            for _, i in range_scan(index, f, sort_field)
            if in_range(getattr(cores[i], other), f, other) and all(test(shop, i, cores[i], want) for want, test in active)
        ]
        return out[::-1] if sort_order == "DESC" else out

    return paged(ctx, kind, (f, sort_field, sort_order), size, compute, lambda i: render(ds, shop, i), list_key)


def search_returns(ctx):
    return _search(
        ctx,
        kind="returns",
        list_key="return_orders",
        schema=RETURN_SCHEMA,
        smallest_page=10,
        table=lambda shop: shop.returns,
        filters=RETURN_FILTERS,
        render=lambda ds, shop, rid: ds.return_record(shop, rid),
    )


def search_cancellations(ctx):
    return _search(
        ctx,
        kind="cancellations",
        list_key="cancellations",
        schema=CANCEL_SCHEMA,
        smallest_page=1,
        table=lambda shop: shop.cancels,
        filters=CANCEL_FILTERS,
        render=lambda ds, shop, cid: ds.cancellation_record(shop, cid),
    )


def get_return_records(ctx):
    locale = ctx.query.get("locale")
    if locale is not None and not LOCALES.fullmatch(locale):
        raise errors.invalid(f"Invalid parameter. `locale` must be BCP-47 locale codes delimited by commas; got {locale!r}.")
    raw = ctx.path_params["return_id"]
    rid = int(raw) if re.fullmatch(r"\d{1,22}", raw) else None
    with ctx.ds.lock:
        if rid is None or rid not in ctx.shop.returns:
            raise errors.ApiError(RETURN_NOT_FOUND, "The return does not exist.", 404)
        # The sandbox has English texts only: every locale reads them in en-US.
        return {"records": return_records.return_records(ctx.ds, ctx.shop, rid)}


ROUTES = [
    Route(
        "return_refund.returns",
        ("POST",),
        "/return_refund/{version:202309}/returns/search",
        "return_refund",
        search_returns,
        params=SEARCH_PARAMS,
    ),
    Route(
        "return_refund.cancellations",
        ("POST",),
        "/return_refund/{version:202309}/cancellations/search",
        "return_refund",
        search_cancellations,
        params=SEARCH_PARAMS,
    ),
    Route(
        "return_refund.return_records",
        ("GET",),
        "/return_refund/{version:202309}/returns/{return_id}/records",
        "return_refund",
        get_return_records,
        params=frozenset({"locale"}),
    ),
]
