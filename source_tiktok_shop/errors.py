"""Map TikTok Shop answers to CDK error resolutions.

TikTok reports most failures in the body `code`, often with HTTP 200, so the CDK's status-code
handler would count them as successes. Every response body is read and branched on `code`, and on
the message for 36009004, a code TikTok reuses for a dozen unrelated failures (invalid page token,
bad parameter, unsupported region, ...).
"""

from __future__ import annotations

import random
from typing import Any, Mapping, Optional, Set, Union
from urllib.parse import urlsplit

import orjson
import requests
from airbyte_cdk.models import FailureType
from airbyte_cdk.sources.streams.http.error_handlers import BackoffStrategy, ErrorHandler
from airbyte_cdk.sources.streams.http.error_handlers.response_models import (
    ErrorResolution,
    ResponseAction,
)
from airbyte_cdk.utils import AirbyteTracedException

from .answers import problem_with
from .api_groups import group_for_path

RATE_LIMITED_CODES = {36009002}
TRANSIENT_CODES = {36009003, 36009007}
EXPIRED_TOKEN_CODE = 105002
SIGNATURE_CODE = 106001
SCOPE_CODE = 105005
IP_ALLOWLIST_CODE = 36009033
OVERLOADED_CODE = 36009004
TOKEN_NOT_FOR_SHOP_CODE = 101000
MISSING_CIPHER_CODE = 106013
SEARCH_CAP_CODE = 12052180
MIN_BACKOFF_SECONDS = 0.01


_UNPARSEABLE = object()


class ScopeMissingError(AirbyteTracedException):
    """105005: the app may not call this path. Raised by the error handler itself (not left to the CDK's
    FAIL resolution, which carries no code) so that a table of an add-on API group can tell it apart and
    skip itself (streams/base.py `skip_without_scope`); anywhere else it is the config error it says."""

    def __init__(self, path: str, group_name: str, message: str) -> None:
        super().__init__(message=message, internal_message=message, failure_type=FailureType.config_error)
        self.path = path
        self.group_name = group_name


def decoded_body(response: requests.Response) -> Any:
    """The response's JSON, decoded once (orjson) and kept on the response: the error handler and the
    client both need it, and a page of 100 orders is ~300 KB, so decoding it twice is measurable."""
    cached = getattr(response, "_tiktok_json", None)
    if cached is None:
        try:
            cached = orjson.loads(response.content or b"")
        except (orjson.JSONDecodeError, TypeError):
            cached = _UNPARSEABLE
        response._tiktok_json = cached  # type: ignore[attr-defined]
    return cached


def parse_envelope(response: requests.Response) -> Optional[Mapping[str, Any]]:
    """The JSON envelope, or None when the body is not a TikTok envelope (HTML, truncated, empty)."""
    body = decoded_body(response)
    if isinstance(body, dict) and "code" in body:
        return body
    return None


def describe(envelope: Mapping[str, Any]) -> str:
    """`code N: message (request_id R)`: what a seller quotes to TikTok support."""
    text = f"code {envelope.get('code')}: {envelope.get('message') or 'no message'}"
    if envelope.get("request_id"):
        text += f" (request_id {envelope['request_id']})"
    return text


def _resolve(action: ResponseAction, failure: FailureType, message: str) -> ErrorResolution:
    return ErrorResolution(response_action=action, failure_type=failure, error_message=message)


def _fail(failure: FailureType, message: str) -> ErrorResolution:
    return _resolve(ResponseAction.FAIL, failure, message)


def resolve_code(code: int, message: str, path: str, detail: str) -> ErrorResolution:
    """The resolution for a non-zero TikTok `code` on an Open API call to `path`."""
    lowered = (message or "").lower()
    if code in RATE_LIMITED_CODES:
        return _resolve(ResponseAction.RATE_LIMITED, FailureType.transient_error, f"TikTok rate limit ({detail}).")
    if code in TRANSIENT_CODES:
        return _resolve(ResponseAction.RETRY, FailureType.transient_error, f"TikTok transient error ({detail}).")
    if code == EXPIRED_TOKEN_CODE:
        return _resolve(ResponseAction.REFRESH_TOKEN_THEN_RETRY, FailureType.transient_error, f"Access token expired ({detail}).")
    if code == SIGNATURE_CODE:
        return _fail(
            FailureType.config_error,
            "TikTok Shop rejected the request signature. Check that `app_secret` is the App secret of the app "
            f"whose `app_key` is configured (Partner Center > App > Credentials). TikTok said: {detail}",
        )
    if code == SCOPE_CODE:
        group = group_for_path(path)
        group_name = group.partner_center_name if group else "the API group of " + path
        raise ScopeMissingError(
            path,
            group_name,
            f"The app is not allowed to call {path}: enable the '{group_name}' API group for the app in "
            f"TikTok Shop Partner Center, then have the seller re-authorize it. TikTok said: {detail}",
        )
    if code == IP_ALLOWLIST_CODE:
        return _fail(
            FailureType.config_error,
            "TikTok Shop refused this machine's IP address: add the public IP of the machine running the "
            f"connector to the app's IP allow list in Partner Center. TikTok said: {detail}",
        )
    if code == TOKEN_NOT_FOR_SHOP_CODE:
        return _fail(
            FailureType.config_error,
            "The access token is not authorized for this shop: the seller must re-authorize the app for it, "
            f"or remove the shop from `shop_ids`. TikTok said: {detail}",
        )
    if code == OVERLOADED_CODE:
        return _resolve_36009004(lowered, detail)
    if code == SEARCH_CAP_CODE:
        # The stream answers this by splitting its time window; the CDK raises a dedicated exception for it.
        return _resolve(ResponseAction.SPLIT_REQUEST_WINDOW, FailureType.system_error, f"Search passed 10,000 results ({detail}).")
    return _fail(FailureType.system_error, f"TikTok Shop API error on {path}: {detail}")


def _resolve_36009004(lowered: str, detail: str) -> ErrorResolution:
    if "app_key" in lowered:
        return _fail(
            FailureType.config_error,
            f"TikTok Shop does not recognise the configured `app_key`: copy the App key from Partner Center. TikTok said: {detail}",
        )
    if "page_token" in lowered:
        # A page token TikTok no longer honours (e.g. a checkpointed one from an earlier run): the
        # stream restarts its current window from the first page, which the CDK signals this way.
        return _resolve(ResponseAction.RESET_PAGINATION, FailureType.system_error, f"Page token rejected ({detail}).")
    if "timestamp" in lowered:
        return _fail(
            FailureType.config_error,
            "TikTok Shop rejected the request timestamp: this machine's clock is more than a few minutes off. "
            f"Synchronise it (NTP) and retry. TikTok said: {detail}",
        )
    if "x-tts-access-token" in lowered or "access_token" in lowered:
        # An access token TikTok no longer accepts (revoked, or minted for another app): one refresh may
        # fix it; the CDK turns a second rejection into a config error.
        return _resolve(ResponseAction.REFRESH_TOKEN_THEN_RETRY, FailureType.config_error, f"Access token rejected ({detail}).")
    return _fail(FailureType.system_error, f"TikTok Shop rejected the request: {detail}")


class TikTokShopErrorHandler(ErrorHandler):
    """Reads every body: HTTP 200 with a non-zero `code` is an error, a 4xx with `code` 0 is not."""

    def __init__(
        self,
        max_retries: int = 5,
        max_time_seconds: int = 600,
        timeout_seconds: Optional[float] = None,
        answered_hosts: Optional[Set[str]] = None,
    ) -> None:
        self._max_retries = max_retries
        self._max_time = max_time_seconds
        self._timeout_seconds = timeout_seconds
        # Hosts that have answered with a TikTok envelope in this run (shared by every stream's handler):
        # a web page from one of them is a passing gateway fault, not a wrong `api_base_url`.
        self._answered_hosts: Set[str] = answered_hosts if answered_hosts is not None else set()

    @property
    def max_retries(self) -> Optional[int]:
        return self._max_retries

    @property
    def max_time(self) -> Optional[int]:
        return self._max_time

    def interpret_response(self, response_or_exception: Optional[Union[requests.Response, Exception]] = None) -> ErrorResolution:
        if isinstance(response_or_exception, Exception):
            return self._exception(response_or_exception)
        response = response_or_exception
        if response is None:
            return _resolve(ResponseAction.RETRY, FailureType.transient_error, "No response from TikTok Shop.")
        path = urlsplit(str(response.request.url)).path if response.request is not None else ""
        envelope = parse_envelope(response)
        if envelope is None:
            return self._non_envelope(response, path)
        self._answered_hosts.add(urlsplit(response.url).netloc)
        code: Any = envelope.get("code")
        if code == 0:
            problem = problem_with(envelope)
            if problem is None:
                return ErrorResolution(response_action=ResponseAction.SUCCESS)
            # Read as it is, this answer would end or skip part of a walk without an error; asked again,
            # TikTok usually answers properly. Retried like a 5xx, then a system_error (answers.py).
            return _resolve(
                ResponseAction.RETRY,
                FailureType.system_error,
                f"TikTok Shop answered {path} with code 0 but {problem}{_request_id(envelope)}",
            )
        try:
            code = int(code)
        except (TypeError, ValueError):
            return _fail(FailureType.system_error, f"TikTok Shop answered {path} with an unreadable code: {code!r}")
        if response.status_code == 429:
            code = 36009002
        return resolve_code(code, str(envelope.get("message") or ""), path, describe(envelope))

    def _exception(self, exc: Exception) -> ErrorResolution:
        if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema)):
            return _fail(FailureType.config_error, f"`api_base_url` is not a valid URL: {exc}")
        request = getattr(exc, "request", None)
        where = _host_and_path(getattr(request, "url", None) or "")
        if isinstance(exc, requests.exceptions.Timeout) and not isinstance(exc, requests.exceptions.ConnectTimeout):
            limit = f" within {self._timeout_seconds:g} s" if self._timeout_seconds else ""
            return _resolve(
                ResponseAction.RETRY,
                FailureType.transient_error,
                f"TikTok Shop did not answer {where}{limit} (read timeout; `request_timeout_seconds` sets the limit).",
            )
        return _resolve(
            ResponseAction.RETRY,
            FailureType.transient_error,
            f"Could not reach TikTok Shop at {where} ({type(exc).__name__}): the network or TikTok is down, "
            "or `api_base_url` names the wrong host.",
        )

    def _non_envelope(self, response: requests.Response, path: str) -> ErrorResolution:
        status = response.status_code
        if status == 429:
            return _resolve(ResponseAction.RATE_LIMITED, FailureType.transient_error, "TikTok rate limit (HTTP 429).")
        if status >= 500 or status == 408:
            return _resolve(ResponseAction.RETRY, FailureType.transient_error, f"TikTok Shop answered {path} with HTTP {status}.")
        url = response.url.split("?")[0]
        host = urlsplit(response.url).netloc
        if 200 <= status < 300 and host in self._answered_hosts:
            # The same host answered JSON a moment ago: a gateway or proxy page in the middle of a walk.
            return _resolve(
                ResponseAction.RETRY,
                FailureType.transient_error,
                f"{host} answered {path} with HTTP {status} and {_body_description(response)} instead of a TikTok Shop "
                "API response, after answering with JSON earlier in this sync (a gateway or proxy fault).",
            )
        if 200 <= status < 300:
            kind = body_kind(response)
            if kind == "html":
                return _fail(
                    FailureType.config_error,
                    f"{url} answered with an HTML page instead of a TikTok Shop API response: `api_base_url` points at "
                    "a web site or a proxy, not the Open API. Check `api_base_url` (default https://open-api.tiktokglobalshop.com).",
                )
            if kind == "json":
                return _fail(
                    FailureType.config_error,
                    f"{url} answered with JSON that is not a TikTok Shop API response (no `code` field). Check "
                    "`api_base_url` (default https://open-api.tiktokglobalshop.com).",
                )
            # A 200 whose body is cut short or empty: a dropped connection. Worth a retry.
            return _resolve(
                ResponseAction.RETRY,
                FailureType.transient_error,
                f"TikTok Shop answered {path} with HTTP {status} but an incomplete body.",
            )
        return _fail(
            FailureType.config_error,
            f"{url} answered HTTP {status} with a body that is not a TikTok Shop API response. "
            "Check `api_base_url` (default https://open-api.tiktokglobalshop.com).",
        )


def _request_id(envelope: Mapping[str, Any]) -> str:
    return f" (request_id {envelope['request_id']})" if envelope.get("request_id") else ""


def _body_description(response: requests.Response) -> str:
    kind = body_kind(response)
    return {"html": "an HTML page", "json": "JSON without a `code`"}.get(kind, "an incomplete body")


def _host_and_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else "the API host"


def body_kind(response: requests.Response) -> str:
    """ "html", "json" (complete JSON, but not an envelope) or "broken" (empty or cut short)."""
    text = (response.content or b"")[:512].lstrip().lower()
    if "html" in response.headers.get("Content-Type", "").lower() or text.startswith((b"<!doctype", b"<html", b"<")):
        return "html"
    return "broken" if decoded_body(response) is _UNPARSEABLE else "json"


class TikTokShopBackoffStrategy(BackoffStrategy):
    """Honour Retry-After; otherwise exponential with jitter, capped (TikTok documents no retry policy;
    this is the usual one for 429 and 5xx).

    Attempt n waits base * 2**(n-1) plus up to base/2 of jitter, at most `cap_seconds`. The CDK sleeps
    one second more than whatever this returns, so the real waits are 1 s longer.
    """

    def __init__(self, base_seconds: float = 1.0, cap_seconds: float = 60.0) -> None:
        self._base = base_seconds
        self._cap = cap_seconds

    def backoff_time(
        self,
        response_or_exception: Optional[Union[requests.Response, requests.RequestException]],
        attempt_count: int,
    ) -> Optional[float]:
        if isinstance(response_or_exception, requests.Response):
            retry_after = response_or_exception.headers.get("Retry-After")
            if retry_after:
                try:
                    return max(min(float(retry_after), self._cap), MIN_BACKOFF_SECONDS)
                except ValueError:
                    pass
        exponent = max(attempt_count - 1, 0)
        wait = min(self._base * (2**exponent) + random.uniform(0, self._base / 2), self._cap)
        # Never 0: the CDK treats a falsy wait as "no strategy" and falls back to its own 1, 2, 4... s.
        return max(wait, MIN_BACKOFF_SECONDS)
