"""Response builders over the JSON templates in unit_tests/resource/http/response/ (where the CDK's
`find_template` looks).

TikTok wraps every answer in an envelope {"code", "message", "request_id", "data"}; list endpoints
put their records under `data.<list key>` (shop performance: `data.performance.intervals`) and, where
they page, the next page's token under `data.next_page_token` ("" on the last page).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from airbyte_cdk.test.mock_http import HttpResponse
from airbyte_cdk.test.mock_http.response_builder import FieldPath, NestedPath, RecordBuilder, create_record_builder, create_response_builder

RESPONSES_DIR = Path(__file__).parent.parent / "resource" / "http" / "response"


def template(name: str) -> Dict[str, Any]:
    # A fresh copy each time: record builders write into the template they were made from.
    return json.loads((RESPONSES_DIR / f"{name}.json").read_text())


@dataclass(frozen=True)
class Listing:
    """Where one endpoint's answer holds its records, and which fields are their key and cursor."""

    template: str
    path: Tuple[str, ...]
    id_field: str = "id"
    cursor_field: Optional[str] = None


def _list(name: str, list_key: str, id_field: str = "id", cursor_field: Optional[str] = None) -> Listing:
    return Listing(name, ("data", list_key), id_field, cursor_field)


LISTINGS: Dict[str, Listing] = {
    "shops": _list("shops", "shops"),
    "products": _list("products_search", "products", cursor_field="update_time"),
    "orders": _list("orders_search", "orders", cursor_field="update_time"),
    "order_detail": _list("order_detail", "orders", cursor_field="update_time"),
    "statements": _list("statements", "statements", cursor_field="statement_time"),
    "statement_transactions": _list("statement_transactions", "transactions"),
    "returns": _list("returns_search", "return_orders", "return_id", "update_time"),
    "cancellations": _list("cancellations_search", "cancellations", "cancel_id", "update_time"),
    "payments": _list("payments", "payments", cursor_field="create_time"),
    "withdrawals": _list("withdrawals", "withdrawals", cursor_field="create_time"),
    "unsettled_transactions": _list("unsettled_transactions", "transactions"),
    "packages": _list("packages_search", "packages", cursor_field="update_time"),
    "warehouses": _list("warehouses", "warehouses"),
    "categories": _list("categories", "categories"),
    "brands": _list("brands", "brands"),
    "inventory": _list("inventory_search", "inventory", "product_id"),
    "shop_performance": Listing("shop_performance", ("data", "performance", "intervals"), "start_date"),
    "product_performance": _list("product_performance", "products"),
    "sku_performance": _list("sku_performance", "skus"),
    # FBT records have no single id of their own: the tests mark them by warehouse id.
    "fbt_onboarded_regions": _list("fbt_onboarded_regions", "onboarded_regions", "region_code"),
    "fbt_warehouses": _list("fbt_warehouses", "warehouses", "fbt_warehouse_id"),
    "fbt_inventory": _list("fbt_inventory_search", "inventory", "fbt_warehouse_id"),
    "fbt_inventory_records": _list("fbt_inventory_records_search", "inventory_records", "fbt_warehouse_id", "create_time"),
    "affiliate_orders": _list("affiliate_orders_search", "orders", cursor_field="create_time"),
    "affiliate_open_collaborations": _list("affiliate_open_collaborations_search", "open_collaborations"),
    "affiliate_target_collaborations": _list("affiliate_target_collaborations_search", "target_collaborations"),
    "affiliate_sample_applications": _list("affiliate_sample_applications_search", "sample_applications"),
}


def record(stream: str, record_id: Any, cursor: Any = None, **fields: Any) -> RecordBuilder:
    """One record of `stream`'s list answer, from its template, with this key, cursor and fields."""
    listing = LISTINGS[stream]
    builder = create_record_builder(
        template(listing.template),
        NestedPath(list(listing.path)),
        record_id_path=FieldPath(listing.id_field),
        record_cursor_path=FieldPath(listing.cursor_field) if listing.cursor_field else None,
    ).with_id(record_id)
    if cursor is not None:
        builder.with_cursor(cursor)
    for name, value in fields.items():
        builder.with_field(FieldPath(name), value)
    return builder


class PageBuilder:
    """One list answer: its records, `next_page_token` and any other `data` field (e.g. `total_count`)."""

    def __init__(self, stream: str) -> None:
        self._listing = LISTINGS[stream]
        self._records: List[RecordBuilder] = []
        self._data: Dict[str, Any] = {}
        self._without_list = False

    def with_record(self, record_builder: RecordBuilder) -> "PageBuilder":
        self._records.append(record_builder)
        return self

    def with_records(self, records: List[RecordBuilder]) -> "PageBuilder":
        self._records.extend(records)
        return self

    def with_next_page_token(self, token: str) -> "PageBuilder":
        return self.with_data_field("next_page_token", token)

    def with_total_count(self, total_count: Optional[int]) -> "PageBuilder":
        return self.with_data_field("total_count", total_count)

    def with_data_field(self, key: str, value: Any) -> "PageBuilder":
        self._data[key] = value
        return self

    def without_list(self) -> "PageBuilder":
        """TikTok may leave an empty list out of `data` altogether."""
        self._without_list = True
        return self

    def build(self) -> HttpResponse:
        body = template(self._listing.template)
        if "total_count" in body["data"]:
            body["data"]["total_count"] = len(self._records)
        body["data"].update(self._data)
        builder = create_response_builder(body, NestedPath(list(self._listing.path)))
        for record_builder in self._records:
            builder.with_record(record_builder)
        response = builder.build()
        if not self._without_list:
            return response
        answer = json.loads(response.body)
        answer["data"].pop(self._listing.path[1])
        return HttpResponse(json.dumps(answer), 200)


def page(stream: str, *records: RecordBuilder) -> PageBuilder:
    return PageBuilder(stream).with_records(list(records))


def detail_response(template_name: str, **data: Any) -> HttpResponse:
    """A single-object answer (a product's detail, an order's settlement) with these `data` fields."""
    body = template(template_name)
    body["data"].update(data)
    return HttpResponse(json.dumps(body), 200)


# ---- shops ----------------------------------------------------------------------------------------


def shop_record(shop_id: str, cipher: str, region: str = "GB") -> RecordBuilder:
    return record("shops", shop_id, cipher=cipher, name=f"Shop {shop_id[-2:]}", region=region)


def shops_response(*shops: Tuple[str, str, str]) -> HttpResponse:
    return page("shops", *(shop_record(*shop) for shop in shops)).build()


# ---- auth and errors ------------------------------------------------------------------------------


def token_refresh_response(
    access_token: str, refresh_token: str, access_token_expire_in: int, refresh_token_expire_in: int
) -> HttpResponse:
    """`*_expire_in` are absolute epoch seconds (TikTok's naming notwithstanding)."""
    return detail_response(
        "token_refresh",
        access_token=access_token,
        refresh_token=refresh_token,
        access_token_expire_in=access_token_expire_in,
        refresh_token_expire_in=refresh_token_expire_in,
    )


def error_response(code: int, message: str, status_code: int = 200) -> HttpResponse:
    body = template("error")
    body.update({"code": code, "message": message})
    return HttpResponse(json.dumps(body), status_code)
