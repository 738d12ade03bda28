"""Response builders over the JSON templates in unit_tests/resource/http/response/.

TikTok wraps every answer in an envelope {"code", "message", "request_id", "data"}; list endpoints
put their records under `data.<list_key>` and the next page's token under `data.next_page_token`
("" on the last page).
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

from airbyte_cdk.test.mock_http import HttpResponse
from airbyte_cdk.test.mock_http.response_builder import (
    FieldPath,
    FieldUpdatePaginationStrategy,
    NestedPath,
    RecordBuilder,
    create_record_builder,
    create_response_builder,
    find_template,
)


def _template(resource: str) -> Dict[str, Any]:
    # A fresh copy each time: record builders write into the template they were made from.
    return find_template(resource, __file__)


class EnvelopeResponseBuilder:
    """A list page: records, `next_page_token` and any other `data` field (e.g. `total_count`)."""

    def __init__(self, resource: str, list_key: str) -> None:
        self._resource = resource
        self._list_key = list_key
        self._records: List[RecordBuilder] = []
        self._next_page_token = ""
        self._data_fields: Dict[str, Any] = {}
        self._status_code = 200

    def with_record(self, record: RecordBuilder) -> "EnvelopeResponseBuilder":
        self._records.append(record)
        return self

    def with_records(self, records: List[RecordBuilder]) -> "EnvelopeResponseBuilder":
        self._records.extend(records)
        return self

    def with_next_page_token(self, token: str) -> "EnvelopeResponseBuilder":
        self._next_page_token = token
        return self

    def with_total_count(self, total_count: Optional[int]) -> "EnvelopeResponseBuilder":
        return self.with_data_field("total_count", total_count)

    def with_data_field(self, key: str, value: Any) -> "EnvelopeResponseBuilder":
        self._data_fields[key] = value
        return self

    def with_status_code(self, status_code: int) -> "EnvelopeResponseBuilder":
        self._status_code = status_code
        return self

    def build(self) -> HttpResponse:
        template = _template(self._resource)
        template["data"].update(self._data_fields)
        if "total_count" not in self._data_fields and "total_count" in template["data"]:
            template["data"]["total_count"] = len(self._records)
        builder = create_response_builder(
            template,
            NestedPath(["data", self._list_key]),
            FieldUpdatePaginationStrategy(NestedPath(["data", "next_page_token"]), self._next_page_token),
        )
        for record in self._records:
            builder.with_record(record)
        return builder.with_pagination().with_status_code(self._status_code).build()


# ---- shops ----------------------------------------------------------------------------------------


def shop_record(shop_id: str, cipher: str, name: str = "Test shop") -> RecordBuilder:
    return (
        create_record_builder(_template("shops"), NestedPath(["data", "shops"]), record_id_path=FieldPath("id"))
        .with_id(shop_id)
        .with_field(FieldPath("cipher"), cipher)
        .with_field(FieldPath("name"), name)
    )


def shops_response(*shops: RecordBuilder) -> HttpResponse:
    builder = create_response_builder(_template("shops"), NestedPath(["data", "shops"]))
    for shop in shops:
        builder.with_record(shop)
    return builder.build()


# ---- products -------------------------------------------------------------------------------------


def product_summary(product_id: str, status: str = "ACTIVATE", update_time: int = 1704100000) -> RecordBuilder:
    return (
        create_record_builder(
            _template("products_search"), NestedPath(["data", "products"]),
            record_id_path=FieldPath("id"), record_cursor_path=FieldPath("update_time"),
        )
        .with_id(product_id)
        .with_cursor(update_time)
        .with_field(FieldPath("status"), status)
    )


def products_search_response() -> EnvelopeResponseBuilder:
    return EnvelopeResponseBuilder("products_search", "products")


def product_detail_response(product_id: str, status: str = "ACTIVATE", title: Optional[str] = None) -> HttpResponse:
    template = _template("product_detail")
    template["data"].update({"id": product_id, "status": status, "title": title or f"Detail of {product_id}"})
    return HttpResponse(json.dumps(template), 200)


# ---- orders ---------------------------------------------------------------------------------------


def order_record(order_id: str, update_time: int = 1704100000) -> RecordBuilder:
    return (
        create_record_builder(
            _template("orders_search"), NestedPath(["data", "orders"]),
            record_id_path=FieldPath("id"), record_cursor_path=FieldPath("update_time"),
        )
        .with_id(order_id)
        .with_cursor(update_time)
    )


def orders_search_response() -> EnvelopeResponseBuilder:
    return EnvelopeResponseBuilder("orders_search", "orders")


# ---- finance --------------------------------------------------------------------------------------


def statement_record(statement_id: str, statement_time: int) -> RecordBuilder:
    return (
        create_record_builder(
            _template("statements"), NestedPath(["data", "statements"]),
            record_id_path=FieldPath("id"), record_cursor_path=FieldPath("statement_time"),
        )
        .with_id(statement_id)
        .with_cursor(statement_time)
    )


def statements_response() -> EnvelopeResponseBuilder:
    return EnvelopeResponseBuilder("statements", "statements")


def transaction_record(transaction_id: str, order_id: str = "576463220456522968") -> RecordBuilder:
    return (
        create_record_builder(
            _template("statement_transactions"), NestedPath(["data", "transactions"]), record_id_path=FieldPath("id"),
        )
        .with_id(transaction_id)
        .with_field(FieldPath("order_id"), order_id)
    )


def statement_transactions_response(statement_id: str, statement_time: int) -> EnvelopeResponseBuilder:
    # The 202501 page repeats its statement as top-level `id` / `create_time`.
    return (
        EnvelopeResponseBuilder("statement_transactions", "transactions")
        .with_data_field("id", statement_id)
        .with_data_field("create_time", statement_time)
    )


# ---- auth and errors ------------------------------------------------------------------------------


def token_refresh_response(
    access_token: str, refresh_token: str, access_token_expire_in: int, refresh_token_expire_in: int
) -> HttpResponse:
    """`*_expire_in` are absolute epoch seconds (TikTok's naming notwithstanding)."""
    template = _template("token_refresh")
    template["data"].update(
        {
            "access_token": access_token,
            "refresh_token": refresh_token,
            "access_token_expire_in": access_token_expire_in,
            "refresh_token_expire_in": refresh_token_expire_in,
        }
    )
    return HttpResponse(json.dumps(template), 200)


def error_response(code: int, message: str, status_code: int = 200) -> HttpResponse:
    template = _template("error")
    template.update({"code": code, "message": message})
    return HttpResponse(json.dumps(template), status_code)
