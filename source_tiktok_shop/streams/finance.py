"""Finance tables (Partner Center group: Finance Information). Data starts 2023-07-01."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, MutableMapping

from ..client import Shop
from ..runner import ReadRunner
from .base import ShopListStream
from .incremental import FINANCE_EARLIEST, IncrementalShopStream
from .orders import Orders


class Statements(IncrementalShopStream):
    """Daily statements (cut at 00:00 UTC). Their payment status changes after they are cut, so the
    lookback window re-reads recent ones."""

    path = "/finance/202309/statements"
    list_key = "statements"
    page_size = 100
    cursor_field = "statement_time"
    filter_start, filter_end = "statement_time_ge", "statement_time_lt"
    filters_in_body = False
    static_params = {"sort_field": "statement_time", "sort_order": "ASC"}
    earliest = FINANCE_EARLIEST


class StatementTransactions(IncrementalShopStream):
    """Every transaction of every statement: a child of `statements`, one walk of
    GET /finance/202501/statements/{statement_id}/statement_transactions per statement, on the
    statements' cursor.

    Version 202501 is used for every shop: it serves all regions, while 202309 answers only UK and US
    local sellers. Its list key is `transactions`; amounts come with breakdown objects and reserve rows.
    Statements are walked side by side and emitted whole, in the order the statements search lists
    them (statement_time ASC is asked for); a statement can hold thousands of rows, so a checkpoint may
    fall after any statement and names the statements of its page done (a resumed sync re-reads at
    most the one being emitted).
    """

    path = "/finance/202501/statements/{statement_id}/statement_transactions"
    list_key = "transactions"
    primary_key = ["statement_id", "id"]
    list_record_key = "id"
    page_size = 100
    cursor_field = "statement_time"
    static_params = {"sort_field": "order_create_time", "sort_order": "ASC"}
    earliest = FINANCE_EARLIEST
    parent = Statements
    checkpoint_each_parent = True
    row_estimate = False  # statements are counted, not their transactions
    added_fields = {
        "statement_id": "the statement the transaction belongs to (path parameter)",
        "statement_time": "the statement's cut-off, the table's cursor (GET /finance/202309/statements)",
        "currency": "the statement's currency, `data.currency` of the answer, copied onto each row",
    }

    def child_records(self, shop: Shop, parents: List[MutableMapping[str, Any]], runner: ReadRunner) -> List[MutableMapping[str, Any]]:
        (statement,) = parents
        statement_id = str(statement["id"])
        collected: List[MutableMapping[str, Any]] = []
        # A walk restarted from its first page yields its pages again: keep one copy.
        pages = self.pages(
            shop, dict(self.static_params), path=self.path.format(statement_id=statement_id), runner=runner, on_restart=collected.clear
        )
        for records, data, _ in pages:
            # The 202501 answer gives the currency once, for the whole statement (`data.currency`).
            currency = data.get("currency")
            for record in records:
                record["statement_id"] = statement_id
                record["statement_time"] = statement.get("statement_time")
                record["currency"] = currency
                collected.append(record)
        return collected


class Payments(IncrementalShopStream):
    """Payouts to the seller's bank account. A payment's status settles after it is created without its
    create_time moving, so this table always re-reads at least a week. TikTok does not serve it to
    South-East Asian shops."""

    path = "/finance/202309/payments"
    list_key = "payments"
    page_size = 100
    cursor_field = "create_time"
    filter_start, filter_end = "create_time_ge", "create_time_lt"
    filters_in_body = False
    static_params = {"sort_field": "create_time", "sort_order": "ASC"}
    earliest = FINANCE_EARLIEST
    min_lookback_days = 7
    # GET /finance/202309/payments is "currently unavailable to SEA markets".
    unsupported_regions = frozenset({"ID", "MY", "PH", "SG", "TH", "VN"})


class Withdrawals(IncrementalShopStream):
    """All four kinds of balance movement: withdrawals, settlements, transfers and reversals."""

    path = "/finance/202309/withdrawals"
    list_key = "withdrawals"
    page_size = 100
    cursor_field = "create_time"
    filter_start, filter_end = "create_time_ge", "create_time_lt"
    filters_in_body = False
    static_params = {"types": "WITHDRAW,SETTLE,TRANSFER,REVERSE"}
    earliest = FINANCE_EARLIEST


class OrderStatementTransactions(IncrementalShopStream):
    """The SKU-level settlement of each order (202501, all regions), one record per order.

    A child of `orders`: it walks the same update_time windows and reads
    GET /finance/202501/orders/{order_id}/statement_transactions for each order found. An order that is
    not settled yet comes with an empty `sku_transactions`, and is read again when the order changes
    (or falls inside the lookback window). An order never paid has nothing to settle: it is not asked
    for and has no record (see `may_have_settlement`); once paid, its update_time moves and it is read.
    """

    path = "/finance/202501/orders/{order_id}/statement_transactions"
    list_key = "sku_transactions"
    primary_key = "order_id"
    cursor_field = "order_update_time"
    earliest = 0
    parent = Orders
    record_is_data = True
    added_fields = {"order_update_time": "the order's update_time, the table's cursor (POST /order/202309/orders/search)"}

    def child_records(self, shop: Shop, parents: List[MutableMapping[str, Any]], runner: ReadRunner) -> List[MutableMapping[str, Any]]:
        return [self._settlement_of(shop, order) for order in parents if may_have_settlement(order)]

    def _settlement_of(self, shop: Shop, order: Mapping[str, Any]) -> MutableMapping[str, Any]:
        detail = dict(self.request_data(shop, path=self.path.format(order_id=order["id"])))
        detail["order_id"] = str(detail.get("order_id") or order["id"])
        detail["order_update_time"] = order.get("update_time")
        return detail


def may_have_settlement(order: Mapping[str, Any]) -> bool:
    """False only for an order the buyer never paid: still UNPAID, or CANCELLED without a `paid_time`
    (POST /order/202309/orders/search). TikTok settles what a buyer paid; a cancelled order that was paid
    may still carry fees or refunds, so it is asked for. Cash-on-delivery orders are paid at the door and a
    failed delivery may still cost the seller: always asked for. Any other status, or none, is asked for."""
    if order.get("is_cod") is True or order.get("paid_time"):
        return True
    return order.get("status") not in ("UNPAID", "CANCELLED")


class UnsettledTransactions(ShopListStream):
    """A snapshot of the estimated amounts of orders not settled yet (202507). Rows leave it once they
    are settled (they then appear in statement transactions), so sync it with a full refresh and
    overwrite; TikTok holds this data from 2025-01-01."""

    path = "/finance/202507/orders/unsettled"
    list_key = "transactions"
    page_size = 100
    earliest = 1735689600  # 2025-01-01T00:00:00Z

    def request_params_for(self, shop: Shop) -> Dict[str, Any]:
        return {
            "sort_field": "order_create_time",
            "sort_order": "ASC",
            "search_time_ge": max(self._context.config.start_timestamp, self.earliest),
            "search_time_lt": self._context.sync_time + 1,
        }
