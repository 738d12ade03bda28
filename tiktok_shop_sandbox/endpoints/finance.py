"""Statements and statement transactions (reference §6.4)."""

from __future__ import annotations

from .. import errors, pagination, records
from .common import Route, enum_query, int_query, paged


def list_statements(ctx):
    q = ctx.query
    enum_query(q, "sort_field", ("statement_time",), required=True)
    sort_order = enum_query(q, "sort_order", ("ASC", "DESC"), default="ASC")
    size = pagination.page_size(q, required=False, default=20, lo=1, hi=100)
    ge, lt = int_query(q, "statement_time_ge"), int_query(q, "statement_time_lt")
    status = enum_query(q, "payment_status", ("PAID", "FAILED", "PROCESSING"))
    shop = ctx.shop

    def compute():
        out = [st.id for st in shop.statements
               if (ge is None or st.time >= ge) and (lt is None or st.time < lt) and (status is None or st.status == status)]
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

ROUTES = [
    Route("finance.statements", ("GET",), "/finance/{version:202309}/statements", "finance", list_statements,
          params=frozenset({"sort_field", "sort_order", "page_size", "page_token", "statement_time_ge",
                            "statement_time_lt", "payment_status"})),
    Route("finance.statement_transactions.202309", ("GET",),
          "/finance/{version:202309}/statements/{statement_id}/statement_transactions", "finance",
          lambda ctx: _transactions(ctx, "202309"), params=TXN_PARAMS),
    Route("finance.statement_transactions.202501", ("GET",),
          "/finance/{version:202501}/statements/{statement_id}/statement_transactions", "finance",
          lambda ctx: _transactions(ctx, "202501"), params=TXN_PARAMS),
]
