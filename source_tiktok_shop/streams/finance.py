"""Finance tables (Partner Center group: Finance Information). Data starts 2023-07-01."""

from __future__ import annotations

from typing import Any, Generator, List, Mapping, MutableMapping, Optional

from airbyte_cdk.sources.streams.http.pagination_reset_exception import PaginationResetRequiredException

from ..client import Shop
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
    initial_window_days = 366
    max_window_days = 732
    target_results = 400
    earliest = FINANCE_EARLIEST


class StatementTransactions(IncrementalShopStream):
    """Every transaction of every statement, one walk per statement, following the statements' cursor.

    Version 202501 is used for every shop: it serves all regions, while 202309 answers only UK and US
    local sellers. Its list key is `transactions`; amounts come with breakdown objects and reserve rows.
    """

    path = "/finance/202501/statements/{statement_id}/statement_transactions"
    list_key = "transactions"
    primary_key = ["statement_id", "id"]
    page_size = 100
    cursor_field = "statement_time"
    static_params = {"sort_field": "order_create_time", "sort_order": "ASC"}
    initial_window_days = 366
    max_window_days = 732
    target_results = 400
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
        for statement in statements:
            token = (resume or {}).get("page_token") if str(statement.get("id")) == resume_id else None
            yield from self._read_statement(shop, shop_state, start, end, statement, token)
        return len(statements)

    def _read_statement(
        self, shop: Shop, shop_state: MutableMapping[str, Any], start: int, end: int,
        statement: Mapping[str, Any], token: Optional[str],
    ) -> Generator[MutableMapping[str, Any], None, None]:
        statement_id = str(statement["id"])
        statement_time = statement.get("statement_time")
        path = self.path.format(statement_id=statement_id)
        try:
            for records, _, next_token in self.pages(shop, dict(self.static_params), page_token=token, path=path):
                for record in records:
                    record["statement_id"] = statement_id
                    record["statement_time"] = statement_time
                    yield self.with_shop(record, shop)
                if next_token:
                    shop_state["resume"] = {"start": start, "end": end, "statement_id": statement_id, "page_token": next_token}
        except PaginationResetRequiredException:
            if token is None:
                raise
            yield from self._read_statement(shop, shop_state, start, end, statement, None)
            return
        shop_state["resume"] = {"start": start, "end": end, "statement_id": statement_id, "page_token": None, "done": True}
