"""Finance tables (Partner Center group: Finance Information). Data starts 2023-07-01."""

from __future__ import annotations

from typing import Any, Dict, Generator, List, Mapping, MutableMapping, Optional

from ..client import Shop
from ..page_walk import total_of
from ..parallel import ordered_map
from .base import ShopListStream
from .incremental import FINANCE_EARLIEST, IncrementalShopStream


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
    """Every transaction of every statement, one walk per statement, following the statements' cursor.

    Version 202501 is used for every shop: it serves all regions, while 202309 answers only UK and US
    local sellers. Its list key is `transactions`; amounts come with breakdown objects and reserve rows.
    """

    path = "/finance/202501/statements/{statement_id}/statement_transactions"
    list_key = "transactions"
    primary_key = ["statement_id", "id"]
    list_record_key = "id"
    page_size = 100
    cursor_field = "statement_time"
    static_params = {"sort_field": "order_create_time", "sort_order": "ASC"}
    earliest = FINANCE_EARLIEST

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self._statements = Statements(context)

    def read_window(
        self, shop: Shop, shop_state: MutableMapping[str, Any], start: int, end: int, resume: Optional[Mapping[str, Any]],
    ) -> Generator[MutableMapping[str, Any], None, Any]:
        params, _ = self._statements.window_request(start, end)
        statements: List[Mapping[str, Any]] = []
        for records, _, _ in self._statements.pages(shop, params):
            statements.extend(records)
        statements.sort(key=lambda s: (int(s.get("statement_time") or 0), str(s.get("id"))))
        resume_id = (resume or {}).get("statement_id")
        ids = [str(s.get("id")) for s in statements]
        if resume_id in ids:
            # Statements before the checkpointed one (and that one, if marked done) were fully read
            # by the interrupted run.
            statements = statements[ids.index(resume_id) + (1 if resume.get("done") else 0):]
        else:
            resume = None
        first_token = (resume or {}).get("page_token") if resume and not resume.get("done") else None

        def transactions_of(statement: Mapping[str, Any]) -> List[MutableMapping[str, Any]]:
            token = first_token if str(statement.get("id")) == resume_id else None
            return self._statement_transactions(shop, statement, token)

        # Statements are walked concurrently and emitted whole, in statement order; the checkpoint
        # after each one names it done, so a resumed sync re-reads at most one statement.
        for statement, records in zip(statements, ordered_map(self._context.executor, transactions_of, statements, self._context.concurrency)):
            yield from records
            shop_state["resume"] = {"start": start, "end": end, "statement_id": str(statement["id"]), "page_token": None, "done": True}
        return len(statements)

    def _statement_transactions(self, shop: Shop, statement: Mapping[str, Any], token: Optional[str]) -> List[MutableMapping[str, Any]]:
        statement_id = str(statement["id"])
        path = self.path.format(statement_id=statement_id)
        collected: List[MutableMapping[str, Any]] = []
        # A walk restarted from its first page yields its pages again: keep one copy.
        for records, _, _ in self.pages(shop, dict(self.static_params), page_token=token, path=path, on_restart=collected.clear):
            for record in records:
                record["statement_id"] = statement_id
                record["statement_time"] = statement.get("statement_time")
                collected.append(self.with_shop(record, shop))
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
    # "Currently unavailable to SEA markets" (reference §6.4).
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

    A child of `orders`: it walks the same update_time windows and reads each order found. An order
    that is not settled yet comes with an empty `sku_transactions`, and is read again when the order
    changes (or falls inside the lookback window).
    """

    path = "/finance/202501/orders/{order_id}/statement_transactions"
    list_key = "sku_transactions"
    primary_key = "order_id"
    cursor_field = "order_update_time"
    earliest = 0

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        from .orders import Orders

        self._orders = Orders(context)

    def read_window(
        self, shop: Shop, shop_state: MutableMapping[str, Any], start: int, end: int, resume: Optional[Mapping[str, Any]],
    ) -> Generator[MutableMapping[str, Any], None, Any]:
        params, body = self._orders.window_request(start, end)
        token = (resume or {}).get("page_token")
        total = None
        for orders, data, next_token in self._orders.pages(shop, params, body, page_token=token):
            total = total if (page_total := total_of(data)) is None else page_total
            yield from ordered_map(self._context.executor, lambda order: self._settlement_of(shop, order), orders, self._context.concurrency)
            if next_token:
                shop_state["resume"] = {"start": start, "end": end, "page_token": next_token}
        return total

    def _settlement_of(self, shop: Shop, order: Mapping[str, Any]) -> MutableMapping[str, Any]:
        detail = dict(self.request_data(shop, path=self.path.format(order_id=order["id"])))
        detail["order_id"] = str(detail.get("order_id") or order["id"])
        detail["order_update_time"] = order.get("update_time")
        return self.with_shop(detail, shop)


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
