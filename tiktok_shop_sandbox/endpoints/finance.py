"""GET /finance/202309/statements, GET /finance/{202309,202501}/statements/{statement_id}/statement_transactions,
GET /finance/202309/payments, GET /finance/202309/withdrawals,
GET /finance/202501/orders/{order_id}/statement_transactions and GET /finance/202507/orders/unsettled."""

from __future__ import annotations

from decimal import Decimal

from .. import errors, pagination
from ..constants import WITHDRAWAL_TYPES
from ..money import money
from ..records import finance as records
from ..records import settlements
from .common import Route, enum_query, in_range, int_query, paged, range_scan, time_range_query


def list_statements(ctx):
    q = ctx.query
    enum_query(q, "sort_field", ("statement_time",), required=True)
    sort_order = enum_query(q, "sort_order", ("ASC", "DESC"), default="ASC")
    size = pagination.page_size(q, required=False, default=20, lo=1, hi=100)
    ge, lt = int_query(q, "statement_time_ge"), int_query(q, "statement_time_lt")
    status = enum_query(q, "payment_status", ("PAID", "FAILED", "PROCESSING"))
    shop = ctx.shop

    def compute():
        out = [
            st.id
            for st in shop.statements
            if (ge is None or st.time >= ge) and (lt is None or st.time < lt) and (status is None or st.status == status)
        ]
        return out[::-1] if sort_order == "DESC" else out

    def render(sid):
        return records.statement_record(shop, shop.statement_by_id[sid])

    # No total_count on this endpoint (absent from the spec).
    return paged(ctx, "statements", (ge, lt, status, sort_order), size, compute, render, "statements", total=False)


def _transactions(ctx, version: str):
    q = ctx.query
    shop = ctx.shop
    if version == "202309" and not shop.is_uk_us_local:
        raise errors.ApiError(errors.REGION_NOT_SUPPORTED)
    st = shop.statement_by_id.get(ctx.path_params["statement_id"])
    if st is None:
        raise errors.ApiError(errors.STATEMENT_NOT_FOUND)
    enum_query(q, "sort_field", ("order_create_time",), required=True)
    sort_order = enum_query(q, "sort_order", ("ASC", "DESC"), default="ASC")
    size = pagination.page_size(q, required=False, default=20, lo=1, hi=100)

    def compute():
        # RESERVE rows only exist in the 202501 shape.
        idx = [i for i, t in enumerate(st.txns) if version == "202501" or t.type != "RESERVE"]
        return idx[::-1] if sort_order == "DESC" else idx

    if version == "202309":
        header = records.statement_header_202309(shop, st)
        render, key = (lambda i: records.transaction_202309(shop, st.txns[i])), "statement_transactions"
    else:
        header = records.statement_header_202501(shop, st)
        render, key = (lambda i: records.transaction_202501(shop, st.txns[i])), "transactions"
    page = paged(ctx, f"txns:{version}:{st.id}", (sort_order,), size, compute, render, key)
    return {**header, **page}


TXN_PARAMS = frozenset({"sort_field", "sort_order", "page_size", "page_token"})


def list_payments(ctx):
    q = ctx.query
    enum_query(q, "sort_field", ("create_time",), required=True)
    sort_order = enum_query(q, "sort_order", ("ASC", "DESC"), default="ASC")
    size = pagination.page_size(q, required=False, default=20, lo=1, hi=100)
    f = time_range_query(q, "create_time")
    shop = ctx.shop
    if not ctx.ds.payments_available(shop):
        # "This API is currently unavailable to SEA markets." (OAS); the exact error is UNVERIFIED.
        raise errors.ApiError(errors.REGION_NOT_SUPPORTED, errors.MSG_PAYMENTS_SEA)

    def compute():
        out = [pid for _, pid in range_scan(shop.payments.by_create, f, "create_time")]
        return out[::-1] if sort_order == "DESC" else out

    # No total_count on this endpoint (absent from the spec).
    return paged(
        ctx,
        "payments",
        (f, sort_order),
        size,
        compute,
        lambda pid: records.payment_record(shop, shop.payments[pid]),
        "payments",
        total=False,
    )


def list_withdrawals(ctx):
    q = ctx.query
    raw = q.get("types")
    if not raw:
        raise errors.invalid("Invalid parameter. `types` is a required field and has not been provided.")
    types = raw.split(",")
    bad = [t for t in types if t not in WITHDRAWAL_TYPES]
    if bad:
        raise errors.invalid(
            f"Invalid parameter. `types` must be a comma-separated subset of {', '.join(WITHDRAWAL_TYPES)}; "
            f"got {', '.join(map(repr, bad))}."
        )
    size = pagination.page_size(q, required=False, default=20, lo=1, hi=100)
    f = time_range_query(q, "create_time")
    wanted = frozenset(types)
    shop = ctx.shop

    def compute():
        # No sort params exist; SANDBOX CHOICE: newest first (create_time DESC, ties by id DESC).
        rows = range_scan(shop.withdrawals.by_create, f, "create_time", sentinel="")
        return [wid for _, wid in reversed(rows) if shop.withdrawals[wid].type in wanted]

    return paged(
        ctx,
        "withdrawals",
        (f, sorted(wanted)),
        size,
        compute,
        lambda wid: records.withdrawal_record(shop, shop.withdrawals[wid]),
        "withdrawals",
    )


def order_statement_transactions(ctx):
    raw = ctx.path_params["order_id"]
    oid = int(raw) if raw.isdigit() else None
    with ctx.ds.lock:
        if oid is None or oid not in ctx.shop.orders:
            raise errors.ApiError(errors.ORDER_NOT_FOUND)
        return settlements.order_transactions(ctx.ds, ctx.shop, oid)


def unsettled_transactions(ctx):
    q = ctx.query
    enum_query(q, "sort_field", ("order_create_time",), required=True)
    sort_order = enum_query(q, "sort_order", ("ASC", "DESC"), default="ASC")
    size = pagination.page_size(q, required=False, default=20, lo=1, hi=100)
    # SANDBOX CHOICE: search_time_ge/_lt filter the transactions' order_create_time.
    f = time_range_query(q, "search_time")
    shop, ds = ctx.shop, ctx.ds

    def compute():
        out = [oid for oid in ds.unsettled_order_ids(shop) if in_range(shop.orders[oid].create_time, f, "search_time")]
        return out[::-1] if sort_order == "DESC" else out

    page = paged(
        ctx,
        "unsettled",
        (f, sort_order),
        size,
        compute,
        lambda oid: settlements.unsettled_record(ds, shop, shop.orders[oid]),
        "transactions",
    )
    fp = _fp(ctx, (f, sort_order))

    def total():  # sums over every match, not just this page; memoized with the match list
        out = {k: Decimal(0) for k in ("adjustment", "fee_tax", "revenue", "settlement")}
        for oid in ds.search(shop, "unsettled", fp, compute):
            amounts = settlements.unsettled_amounts(ds, shop, shop.orders[oid])
            for k in out:
                out[k] += amounts.get(k, Decimal(0))
        return out

    with ds.lock:
        sums = ds.cached(("unsettled_sums", shop.id, fp, shop.version), total)
    m = lambda k: money(shop, sums[k])  # noqa: E731
    return {
        **page,
        "sum_est_adjustment_amount": m("adjustment"),
        "sum_est_fee_amount": m("fee_tax"),
        "sum_est_revenue_amount": m("revenue"),
        "sum_est_settlement_amount": m("settlement"),
    }


def _fp(ctx, parts):
    return pagination.fingerprint("unsettled", ctx.shop.id, *parts)


ROUTES = [
    Route(
        "finance.statements",
        ("GET",),
        "/finance/{version:202309}/statements",
        "finance",
        list_statements,
        params=frozenset(
            {"sort_field", "sort_order", "page_size", "page_token", "statement_time_ge", "statement_time_lt", "payment_status"}
        ),
    ),
    Route(
        "finance.statement_transactions.202309",
        ("GET",),
        "/finance/{version:202309}/statements/{statement_id}/statement_transactions",
        "finance",
        lambda ctx: _transactions(ctx, "202309"),
        params=TXN_PARAMS,
    ),
    Route(
        "finance.statement_transactions.202501",
        ("GET",),
        "/finance/{version:202501}/statements/{statement_id}/statement_transactions",
        "finance",
        lambda ctx: _transactions(ctx, "202501"),
        params=TXN_PARAMS,
    ),
    Route(
        "finance.payments",
        ("GET",),
        "/finance/{version:202309}/payments",
        "finance",
        list_payments,
        params=frozenset({"sort_field", "sort_order", "page_size", "page_token", "create_time_ge", "create_time_lt"}),
    ),
    Route(
        "finance.withdrawals",
        ("GET",),
        "/finance/{version:202309}/withdrawals",
        "finance",
        list_withdrawals,
        params=frozenset({"types", "page_size", "page_token", "create_time_ge", "create_time_lt"}),
    ),
    Route(
        "finance.order_statement_transactions.202501",
        ("GET",),
        "/finance/{version:202501}/orders/{order_id}/statement_transactions",
        "finance",
        order_statement_transactions,
    ),
    Route(
        "finance.unsettled",
        ("GET",),
        "/finance/{version:202507}/orders/unsettled",
        "finance",
        unsettled_transactions,
        params=frozenset({"sort_field", "sort_order", "page_size", "page_token", "search_time_ge", "search_time_lt"}),
    ),
]
