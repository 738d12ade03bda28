"""The signed TikTok Shop HTTP client shared by every stream of one source instance.

One session, one authenticator and one retry policy serve all streams and shops, so connections,
the token and (later) the rate budget are shared. Each stream gets its own CDK `HttpClient` view on
that session, because the CDK names rate-limit status messages and errors after the client.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Tuple

import requests
from airbyte_cdk.sources.streams.call_rate import APIBudget, LimiterSession
from airbyte_cdk.sources.streams.http import HttpClient

from .api_groups import requires_shop_cipher
from .auth import TikTokShopAuthenticator
from .errors import TikTokShopBackoffStrategy, TikTokShopErrorHandler, parse_envelope

DEFAULT_TIMEOUT: Tuple[float, float] = (10.0, 60.0)
POOL_SIZE = 20


@dataclass(frozen=True)
class Shop:
    id: str
    cipher: str
    name: str = ""
    region: str = ""
    seller_type: str = ""

    @classmethod
    def from_api(cls, record: Mapping[str, Any]) -> "Shop":
        return cls(
            id=str(record["id"]),
            cipher=str(record.get("cipher") or ""),
            name=str(record.get("name") or ""),
            region=str(record.get("region") or ""),
            seller_type=str(record.get("seller_type") or ""),
        )


class TikTokShopClient:
    def __init__(
        self,
        api_base_url: str,
        authenticator: TikTokShopAuthenticator,
        logger: logging.Logger,
        max_retries: int = 5,
        retry_base_seconds: float = 1.0,
        request_timeout: Tuple[float, float] = DEFAULT_TIMEOUT,
        api_budget: Optional[APIBudget] = None,
    ) -> None:
        self._base_url = api_base_url.rstrip("/")
        self.authenticator = authenticator
        self._logger = logger
        self._max_retries = max_retries
        self._retry_base_seconds = retry_base_seconds
        self._timeout = request_timeout
        self._session = LimiterSession(api_budget=api_budget or APIBudget(policies=[]))
        adapter = requests.adapters.HTTPAdapter(pool_connections=POOL_SIZE, pool_maxsize=POOL_SIZE)
        self._session.mount("https://", adapter)
        self._session.mount("http://", adapter)
        self._clients: Dict[str, HttpClient] = {}
        # The CDK's HTTP client logs whole response bodies at DEBUG. Bodies hold raw buyer data that
        # the field policy has not seen yet, so its logger stays at INFO even under --debug.
        self._http_logger = logger.getChild("http")
        self._http_logger.setLevel(logging.INFO)

    def _http_client(self, name: str) -> HttpClient:
        if name not in self._clients:
            self._clients[name] = HttpClient(
                name=name,
                logger=self._http_logger,
                error_handler=TikTokShopErrorHandler(max_retries=self._max_retries),
                backoff_strategy=TikTokShopBackoffStrategy(base_seconds=self._retry_base_seconds),
                session=self._session,
                authenticator=self.authenticator,
                request_timeout=self._timeout,
            )
        return self._clients[name]

    def request(
        self,
        method: str,
        path: str,
        *,
        stream: str,
        shop: Optional[Shop] = None,
        params: Optional[Mapping[str, Any]] = None,
        json: Optional[Mapping[str, Any]] = None,
    ) -> Mapping[str, Any]:
        """Send one signed call and return the envelope's `data` (errors are raised by the handler)."""
        query: Dict[str, Any] = {k: v for k, v in (params or {}).items() if v is not None}
        if requires_shop_cipher(path):
            if shop is None:
                raise ValueError(f"{path} is shop-scoped: a shop is required")
            query["shop_cipher"] = shop.cipher
        _, response = self._http_client(stream).send_request(
            http_method=method,
            url=self._base_url + path,
            request_kwargs={},
            params=query,
            json=json,
            exit_on_rate_limit=True,
        )
        return response.json().get("data") or {}

    def probe(
        self,
        method: str,
        path: str,
        *,
        shop: Optional[Shop] = None,
        params: Optional[Mapping[str, Any]] = None,
        json: Optional[Mapping[str, Any]] = None,
    ) -> int:
        """One signed call without retries; returns TikTok's `code` (-1 when the body is not an envelope).

        Used by `check` to tell a missing scope (105005) from everything else, which the mapped
        `request` path would turn into an exception without the code.
        """
        query: Dict[str, Any] = dict(params or {})
        if requires_shop_cipher(path) and shop is not None:
            query["shop_cipher"] = shop.cipher
        try:
            response = self._session.request(
                method, self._base_url + path, params=query, json=json, auth=self.authenticator, timeout=self._timeout
            )
        except requests.RequestException:
            return -1
        envelope = parse_envelope(response)
        return int(envelope.get("code", -1)) if envelope is not None else -1
