"""HttpRequest builders for the TikTok Shop endpoints, and a reader for what the source really sent.

Every Open API call carries `app_key`, `timestamp` and `sign` in its query string, and the sign
covers the body, so those requests are matched with ANY_QUERY_PARAMS (plus the exact JSON body for
POST searches, which holds the window bounds). What matters in the query (`shop_cipher`,
`page_token`, `page_size`, sort and window params) is asserted afterwards on the recorded history
through `sent_requests`. The token refresh is unsigned, so it is matched on its exact query.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Union
from urllib.parse import parse_qs, urlsplit

from airbyte_cdk.test.mock_http import HttpMocker, HttpRequest
from airbyte_cdk.test.mock_http.request import ANY_QUERY_PARAMS

from .config import API_BASE_URL, APP_KEY, APP_SECRET, AUTH_BASE_URL, REFRESH_TOKEN

REFRESH_PATH = "/api/v2/token/refresh"
SHOPS_PATH = "/authorization/202309/shops"
PRODUCT_SEARCH_PATH = "/product/202309/products/search"
PRODUCT_DETAIL_PATH = "/product/202309/products/{product_id}"
ORDER_SEARCH_PATH = "/order/202309/orders/search"
STATEMENTS_PATH = "/finance/202309/statements"
STATEMENT_TRANSACTIONS_PATH = "/finance/{version}/statements/{statement_id}/statement_transactions"


class RequestBuilder:
    """Fluent builder of one mocked request; `build()` gives the `HttpRequest` for HttpMocker."""

    def __init__(self, base_url: str, path: str) -> None:
        self._url = base_url + path
        self._query: Union[str, Mapping[str, Any]] = ANY_QUERY_PARAMS
        self._body: Optional[Mapping[str, Any]] = None
        self._headers: Optional[Mapping[str, str]] = None

    # ---- endpoints --------------------------------------------------------------------------

    @classmethod
    def token_refresh(cls, refresh_token: str = REFRESH_TOKEN) -> "RequestBuilder":
        return cls(AUTH_BASE_URL, REFRESH_PATH).with_query_params(
            {"app_key": APP_KEY, "app_secret": APP_SECRET, "refresh_token": refresh_token, "grant_type": "refresh_token"}
        )

    @classmethod
    def shops(cls) -> "RequestBuilder":
        return cls(API_BASE_URL, SHOPS_PATH)

    @classmethod
    def product_search(cls, update_time_ge: int, update_time_le: int) -> "RequestBuilder":
        return cls(API_BASE_URL, PRODUCT_SEARCH_PATH).with_body({"update_time_ge": update_time_ge, "update_time_le": update_time_le})

    @classmethod
    def product_detail(cls, product_id: str) -> "RequestBuilder":
        return cls(API_BASE_URL, PRODUCT_DETAIL_PATH.format(product_id=product_id))

    @classmethod
    def order_search(cls, update_time_ge: int, update_time_lt: int) -> "RequestBuilder":
        return cls(API_BASE_URL, ORDER_SEARCH_PATH).with_body({"update_time_ge": update_time_ge, "update_time_lt": update_time_lt})

    @classmethod
    def statements(cls) -> "RequestBuilder":
        return cls(API_BASE_URL, STATEMENTS_PATH)

    @classmethod
    def statement_transactions(cls, statement_id: str, version: str = "202501") -> "RequestBuilder":
        return cls(API_BASE_URL, STATEMENT_TRANSACTIONS_PATH.format(version=version, statement_id=statement_id))

    # ---- modifiers --------------------------------------------------------------------------

    def with_query_params(self, params: Mapping[str, Any]) -> "RequestBuilder":
        self._query = {key: str(value) for key, value in params.items()}
        return self

    def with_any_query_params(self) -> "RequestBuilder":
        self._query = ANY_QUERY_PARAMS
        return self

    def with_body(self, body: Mapping[str, Any]) -> "RequestBuilder":
        self._body = dict(body)
        return self

    def with_headers(self, headers: Mapping[str, str]) -> "RequestBuilder":
        """Headers are matched as a subset, at send time (e.g. which access token a request carried)."""
        self._headers = dict(headers)
        return self

    def build(self) -> HttpRequest:
        return HttpRequest(self._url, query_params=self._query, headers=self._headers, body=self._body)


# ---- recorded history ---------------------------------------------------------------------------


@dataclass
class SentRequest:
    method: str
    host: str
    path: str
    query: Dict[str, str]
    body: Optional[Dict[str, Any]]
    headers: Mapping[str, str]


def sent_requests(http_mocker: HttpMocker, path: Optional[str] = None, method: Optional[str] = None) -> List[SentRequest]:
    """Every request the source sent through the mocker, in order, optionally for one path/method.

    Reads the wrapped requests_mock history (HttpMocker keeps no public history). Query values are
    parsed case-sensitively (requests_mock's `.qs` lower-cases them). Caveat: a retried request is
    the same PreparedRequest re-signed in place, so its entries show the LAST attempt's URL and
    headers; assert per-attempt differences by matching on headers (`with_headers`) instead.
    """
    result = []
    for recorded in http_mocker._mocker.request_history:  # noqa: SLF001 - no public accessor
        parts = urlsplit(recorded.url)
        if path is not None and parts.path != path:
            continue
        if method is not None and recorded.method.upper() != method.upper():
            continue
        query = {key: values[-1] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
        raw = recorded.body
        body = json.loads(raw) if raw else None
        result.append(SentRequest(recorded.method.upper(), parts.hostname or "", parts.path, query, body, dict(recorded.headers)))
    return result
