"""The signed TikTok Shop HTTP client shared by every stream of one source instance.

One session, one authenticator, one retry policy and one rate budget serve all streams and shops, so
connections, the token and the per-shop request budget are shared. Each stream gets its own CDK
`HttpClient` view on that session, because the CDK names rate-limit status messages and errors after
the client.

Reliability, in one place:
- every request has a timeout: (connect, read) = (min(10, T), T) with T = `request_timeout_seconds`;
- the rate budget (`rate_budget.py`) paces each shop, retries included: by default at the rate TikTok's answers
  show it allows (adaptive, up to `requests_per_second`), or at exactly `requests_per_second` (`rate_mode` fixed);
- retries are bounded by `max_retries` (429/36009002, 5xx/36009003/36009007, dropped connections,
  timeouts, cut-off bodies), waiting `retry_backoff_seconds` * 2**(n-1) plus jitter, or Retry-After;
- an expired access token (105002) is refreshed once and the call retried (the CDK's
  REFRESH_TOKEN_THEN_RETRY);
- once retries are exhausted the stream fails with a `transient_error` that says what kept failing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Set, Tuple

import requests
from airbyte_cdk.models import FailureType, StreamDescriptor
from airbyte_cdk.sources.streams.call_rate import APIBudget, LimiterSession
from airbyte_cdk.sources.streams.http import HttpClient
from airbyte_cdk.sources.streams.http.exceptions import BaseBackoffException
from airbyte_cdk.utils import AirbyteTracedException

from .answers import DataCheck, expecting
from .api_groups import requires_shop_cipher
from .auth import TikTokShopAuthenticator
from .config import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_RATE_MODE,
    DEFAULT_REQUESTS_PER_SECOND,
    DEFAULT_RETRY_BACKOFF_SECONDS,
    DEFAULT_TIMEOUT_SECONDS,
)
from .errors import TikTokShopBackoffStrategy, TikTokShopErrorHandler, parse_envelope
from .rate_budget import PerShopAPIBudget
from .transport import DeadlineHTTPAdapter, mount_for_api_hosts

CONNECT_TIMEOUT_SECONDS = 10.0
DEFAULT_TIMEOUT: Tuple[float, float] = (CONNECT_TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS)
POOL_SIZE = 20


def timeouts(read_seconds: float) -> Tuple[float, float]:
    """(connect, read) timeouts for a read timeout of `read_seconds`."""
    return (min(CONNECT_TIMEOUT_SECONDS, read_seconds), read_seconds)


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
        max_retries: int = DEFAULT_MAX_RETRIES,
        retry_base_seconds: float = DEFAULT_RETRY_BACKOFF_SECONDS,
        request_timeout: Tuple[float, float] = DEFAULT_TIMEOUT,
        api_budget: Optional[APIBudget] = None,
        requests_per_second: float = DEFAULT_REQUESTS_PER_SECOND,
        rate_mode: str = DEFAULT_RATE_MODE,
    ) -> None:
        self._base_url = api_base_url.rstrip("/")
        self.authenticator = authenticator
        self._logger = logger
        self._max_retries = max_retries
        self._retry_base_seconds = retry_base_seconds
        self._timeout = request_timeout
        # One budget for the whole source instance: every stream's HttpClient below sends through
        # this session, so streams and retries share each shop's requests_per_second.
        self.api_budget = api_budget if api_budget is not None else PerShopAPIBudget(requests_per_second, rate_mode)
        self._session = LimiterSession(api_budget=self.api_budget)
        # The read timeout bounds each socket read; the adapter also bounds the whole answer (transport.py).
        adapter = DeadlineHTTPAdapter(deadline_seconds=request_timeout[1], pool_connections=POOL_SIZE, pool_maxsize=POOL_SIZE)
        mount_for_api_hosts(self._session, adapter)
        self._clients: Dict[str, HttpClient] = {}
        self._answered_hosts: Set[str] = set()
        # The CDK's HTTP client logs whole response bodies at DEBUG. Bodies hold raw buyer data that
        # the field policy has not seen yet, so its logger stays at INFO even under --debug.
        self._http_logger = logger.getChild("http")
        self._http_logger.setLevel(logging.INFO)

    def _http_client(self, name: str) -> HttpClient:
        if name not in self._clients:
            self._clients[name] = HttpClient(
                name=name,
                logger=self._http_logger,
                error_handler=TikTokShopErrorHandler(
                    max_retries=self._max_retries, timeout_seconds=self._timeout[1], answered_hosts=self._answered_hosts
                ),
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
        check: Optional[DataCheck] = None,
        no_data_ok: bool = False,
    ) -> Mapping[str, Any]:
        """Send one signed call and return the envelope's `data` (errors are raised by the handler).

        `data` is always a JSON object; `check` says what else the answer must hold to be read (see
        answers.py): an answer that fails it is retried like a 5xx, then refused. With `no_data_ok`, a
        missing or null `data` is read as `{}`.
        """
        query: Dict[str, Any] = {k: v for k, v in (params or {}).items() if v is not None}
        if requires_shop_cipher(path):
            if shop is None:
                raise ValueError(f"{path} is shop-scoped: a shop is required")
            query["shop_cipher"] = shop.cipher
        try:
            # exit_on_rate_limit: rate limits count against max_retries like every other retry,
            # instead of the CDK's default of retrying them forever.
            with expecting(check, no_data_ok):
                _, response = self._http_client(stream).send_request(
                    http_method=method,
                    url=self._base_url + path,
                    request_kwargs={},
                    params=query,
                    json=json,
                    exit_on_rate_limit=True,
                )
        except AirbyteTracedException as exc:
            cause = getattr(exc, "_exception", None)
            if isinstance(cause, BaseBackoffException):
                raise self._retries_exhausted(method, path, stream, shop, cause) from None
            raise
        # The error handler has let through only envelopes whose `data` is an object (answers.py), or
        # with `no_data_ok` also none.
        return parse_envelope(response).get("data") or {}  # type: ignore[union-attr]

    def _retries_exhausted(
        self, method: str, path: str, stream: str, shop: Optional[Shop], cause: BaseBackoffException
    ) -> AirbyteTracedException:
        attempts = self._max_retries + 1
        for_shop = f" for shop {shop.id}" if shop is not None else ""
        if cause.failure_type == FailureType.system_error:
            # Answers that arrived but could not be read (answers.py): not a network problem.
            advice = (
                "Nothing past the last checkpoint is marked as read, so no record is skipped: the next sync attempt "
                "resumes there. If this persists, report it to TikTok Shop partner support with the request_id."
            )
        else:
            advice = (
                "This is usually temporary (rate limit, outage or network): the next sync attempt resumes from the last "
                "checkpoint. If rate limits persist, lower `requests_per_second`."
            )
        message = (
            f"TikTok Shop kept failing {method} {path}{for_shop}: {attempts} attempt(s) "
            f"(`max_retries` = {self._max_retries}) all failed; the last one with: {str(cause).rstrip('.')}. {advice}"
        )
        return AirbyteTracedException(
            message=message,
            internal_message=message,
            failure_type=cause.failure_type or FailureType.transient_error,
            exception=cause,
            stream_descriptor=StreamDescriptor(name=stream),
        )

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
