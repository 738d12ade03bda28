"""Exact HttpRequest builders for the TikTok Shop endpoints the streams call.

Every Open API call carries `app_key`, `timestamp` and `sign` in its query string. The builders add
them the way TikTok checks them: `timestamp` is the (frozen) clock when the request is built, and
`sign` comes from the connector's own signing module over the path, the sorted query and the JSON
body exactly as `requests` serialises it. So a mocked request matches only if the connector sent
the very query and body the test names; a body's key order is part of what is signed.

The token refresh is unsigned: it is matched on its exact query as well.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional, Sequence

from airbyte_cdk.test.mock_http import HttpRequest

from source_tiktok_shop.signing import sign_request

from .config import API_BASE_URL, APP_KEY, APP_SECRET, AUTH_BASE_URL, REFRESH_TOKEN

REFRESH_PATH = "/api/v2/token/refresh"
SHOPS_PATH = "/authorization/202309/shops"

# Where a search puts its time window: in the JSON body (POST searches) or in the query (GET lists).
BODY, QUERY = "body", "query"
BY_GMV = {"sort_field": "gmv", "sort_order": "DESC"}


@dataclass(frozen=True)
class Endpoint:
    """What one TikTok operation takes: fixed query params, page size, and the names of its window bounds."""

    method: str
    path: str
    static: Mapping[str, Any] = field(default_factory=dict)
    page_size: Optional[int] = None
    window: Optional[tuple] = None  # (start param, end param, BODY or QUERY)


def asc(field_name: str) -> Dict[str, str]:
    return {"sort_field": field_name, "sort_order": "ASC"}


def post_search(path: str, page_size: int, static: Mapping[str, Any] = asc("update_time"), end: str = "update_time_lt") -> Endpoint:
    """A POST search over an update_time window carried in its JSON body."""
    return Endpoint("POST", path, static, page_size, ("update_time_ge", end, BODY))


def get_list(path: str, static: Mapping[str, Any], page_size: Optional[int], start: str, end: str) -> Endpoint:
    """A GET list over a window carried in its query."""
    return Endpoint("GET", path, static, page_size, (start, end, QUERY))


ENDPOINTS: Dict[str, Endpoint] = {
    "shops": Endpoint("GET", SHOPS_PATH),
    # Product search has no sort and an inclusive upper bound (`update_time_le` = window end - 1).
    "products": post_search("/product/202309/products/search", 100, static={}, end="update_time_le"),
    "product_detail": Endpoint("GET", "/product/202309/products/{id}"),
    "orders": post_search("/order/202309/orders/search", 100),
    "statements": get_list("/finance/202309/statements", asc("statement_time"), 100, "statement_time_ge", "statement_time_lt"),
    "statement_transactions": Endpoint("GET", "/finance/202501/statements/{id}/statement_transactions", asc("order_create_time"), 100),
    "returns": post_search("/return_refund/202309/returns/search", 50),
    "cancellations": post_search("/return_refund/202309/cancellations/search", 50),
    "payments": get_list("/finance/202309/payments", asc("create_time"), 100, "create_time_ge", "create_time_lt"),
    "withdrawals": get_list(
        "/finance/202309/withdrawals", {"types": "WITHDRAW,SETTLE,TRANSFER,REVERSE"}, 100, "create_time_ge", "create_time_lt"
    ),
    "order_statement_transactions": Endpoint("GET", "/finance/202501/orders/{id}/statement_transactions"),
    "order_detail": Endpoint("GET", "/order/202507/orders"),
    "order_price_details": Endpoint("GET", "/order/202407/orders/{id}/price_detail"),
    "return_records": Endpoint("GET", "/return_refund/202309/returns/{id}/records"),
    "unsettled_transactions": get_list(
        "/finance/202507/orders/unsettled", asc("order_create_time"), 100, "search_time_ge", "search_time_lt"
    ),
    "packages": post_search("/fulfillment/202309/packages/search", 50),
    "warehouses": Endpoint("GET", "/logistics/202309/warehouses"),
    "categories": Endpoint("GET", "/product/202309/categories"),
    "brands": Endpoint("GET", "/product/202309/brands", page_size=100),
    "inventory": Endpoint("POST", "/product/202309/inventory/search"),
    # Analytics days: `start_date_ge` inclusive, `end_date_lt` exclusive, YYYY-MM-DD.
    "shop_performance": get_list(
        "/analytics/202405/shop/performance", {"currency": "LOCAL", "granularity": "1D"}, None, "start_date_ge", "end_date_lt"
    ),
    "product_performance": get_list(
        "/analytics/202405/shop_products/performance", {"currency": "LOCAL", **BY_GMV}, 100, "start_date_ge", "end_date_lt"
    ),
    "sku_performance": get_list(
        "/analytics/202406/shop_skus/performance", {"currency": "LOCAL", **BY_GMV}, 100, "start_date_ge", "end_date_lt"
    ),
    # Fulfilled by TikTok: every table asks onboarded_regions first; the searches take page_size and page_token in
    # the query and their filters in the body, records by inclusive `create_time` bounds in Unix seconds.
    "fbt_onboarded_regions": Endpoint("GET", "/fbt/202409/merchants/onboarded_regions"),
    "fbt_warehouses": Endpoint("GET", "/fbt/202408/warehouses"),
    "fbt_inventory": Endpoint("POST", "/fbt/202408/inventory/search", page_size=100),
    "fbt_inventory_records": Endpoint("POST", "/fbt/202410/inventory_records/search", {}, 100, ("create_time_ge", "create_time_le", BODY)),
    # Affiliate Seller: page size and token in the query, filters in the JSON body (affiliate_seller.json).
    "affiliate_orders": Endpoint("POST", "/affiliate_seller/202410/orders/search", {}, 100, ("create_time_ge", "create_time_lt", BODY)),
    "affiliate_open_collaborations": Endpoint("POST", "/affiliate_seller/202412/open_collaborations/search", page_size=100),
    "affiliate_target_collaborations": Endpoint("POST", "/affiliate_seller/202508/target_collaborations/search", page_size=100),
    "affiliate_target_collaboration": Endpoint("GET", "/affiliate_seller/202508/target_collaborations/{id}"),
    "affiliate_sample_applications": Endpoint("POST", "/affiliate_seller/202508/sample_applications/search", page_size=50),
}


class RequestBuilder:
    """Fluent builder of one exact request; `build()` gives the `HttpRequest` for HttpMocker."""

    def __init__(self, method: str, path: str, base_url: str = API_BASE_URL, signed: bool = True) -> None:
        self.method = method
        self._base_url = base_url
        self._path = path
        self._signed = signed
        self._query: Dict[str, str] = {}
        self._body: Optional[Mapping[str, Any]] = None
        self._headers: Optional[Mapping[str, str]] = None

    # ---- endpoints --------------------------------------------------------------------------

    @classmethod
    def token_refresh(cls, refresh_token: str = REFRESH_TOKEN) -> "RequestBuilder":
        return cls("GET", REFRESH_PATH, AUTH_BASE_URL, signed=False).with_query_params(
            {"app_key": APP_KEY, "app_secret": APP_SECRET, "refresh_token": refresh_token, "grant_type": "refresh_token"}
        )

    @classmethod
    def shops(cls) -> "RequestBuilder":
        """GET /authorization/202309/shops: account level, so no `shop_cipher`."""
        return cls("GET", SHOPS_PATH)

    @classmethod
    def endpoint(cls, name: str, cipher: str, record_id: Optional[str] = None) -> "RequestBuilder":
        """The first page of a shop-scoped operation (see ENDPOINTS), without its window."""
        endpoint = ENDPOINTS[name]
        builder = cls(endpoint.method, endpoint.path.format(id=record_id)).with_query_params(endpoint.static)
        if endpoint.page_size is not None:
            builder.with_query_params({"page_size": endpoint.page_size})
        return builder.with_query_params({"shop_cipher": cipher})

    @classmethod
    def search(cls, name: str, cipher: str, start: Any, end: Any, page_token: Optional[str] = None) -> "RequestBuilder":
        """A windowed list over [start, end); an inclusive upper bound (`*_le`) is sent as end - 1."""
        builder = cls.endpoint(name, cipher)
        start_name, end_name, where = ENDPOINTS[name].window
        bounds = {start_name: start, end_name: end - 1 if end_name.endswith("_le") else end}
        builder = builder.with_body(bounds) if where == BODY else builder.with_query_params(bounds)
        return builder.with_page_token(page_token)

    @classmethod
    def product_detail(cls, cipher: str, product_id: str) -> "RequestBuilder":
        return cls.endpoint("product_detail", cipher, product_id)

    @classmethod
    def statement_transactions(cls, cipher: str, statement_id: str, page_token: Optional[str] = None) -> "RequestBuilder":
        return cls.endpoint("statement_transactions", cipher, statement_id).with_page_token(page_token)

    @classmethod
    def order_statement_transactions(cls, cipher: str, order_id: str) -> "RequestBuilder":
        return cls.endpoint("order_statement_transactions", cipher, order_id)

    @classmethod
    def order_detail(cls, cipher: str, order_ids: Sequence[str]) -> "RequestBuilder":
        """GET /order/202507/orders for up to 50 orders, their ids comma-joined in `ids`."""
        return cls.endpoint("order_detail", cipher).with_query_params({"ids": ",".join(order_ids)})

    @classmethod
    def order_price_details(cls, cipher: str, order_id: str) -> "RequestBuilder":
        return cls.endpoint("order_price_details", cipher, order_id)

    @classmethod
    def return_records(cls, cipher: str, return_id: str) -> "RequestBuilder":
        return cls.endpoint("return_records", cipher, return_id)

    @classmethod
    def inventory(cls, cipher: str, product_ids: Sequence[str]) -> "RequestBuilder":
        return cls.endpoint("inventory", cipher).with_body({"product_ids": list(product_ids)})

    # ---- modifiers --------------------------------------------------------------------------

    def with_query_params(self, params: Mapping[str, Any]) -> "RequestBuilder":
        self._query.update({key: str(value) for key, value in params.items()})
        return self

    def with_page_token(self, token: Optional[str]) -> "RequestBuilder":
        return self.with_query_params({"page_token": token}) if token else self

    def with_body(self, body: Mapping[str, Any]) -> "RequestBuilder":
        self._body = dict(body)
        return self

    def with_headers(self, headers: Mapping[str, str]) -> "RequestBuilder":
        """Headers are matched as a subset, at send time (e.g. which access token a request carried)."""
        self._headers = dict(headers)
        return self

    def build(self) -> HttpRequest:
        query: Dict[str, str] = dict(self._query)
        if self._signed:
            query["app_key"] = APP_KEY
            query["timestamp"] = str(int(time.time()))
            # `requests` sends `json=` bodies as json.dumps(body): that text is what TikTok verifies.
            body_text = json.dumps(self._body) if self._body is not None else None
            query["sign"] = sign_request(APP_SECRET, self._path, query.items(), body_text)
        return HttpRequest(self._base_url + self._path, query_params=query, headers=self._headers, body=self._body)
