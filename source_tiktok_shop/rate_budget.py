"""The client-side rate budget: at most N requests per second per shop, shared by every stream.

Built from the CDK's call-rate pieces (`HttpAPIBudget`, `MovingWindowCallRatePolicy`, `Rate`,
`HttpRequestRegexMatcher`) and handed to the one `LimiterSession` the client owns, so every stream and
every retry draws from the same budget. The CDK's `APIBudget` matches a request against a fixed list
of policies, but TikTok's shops (their `shop_cipher`s) are only known once the authorization has been
listed, so this subclass creates each shop's policy the first time one of its requests is sent, keyed
on the `shop_cipher` query parameter. Account-level calls (no `shop_cipher`) share one more policy.

The budget also listens: a 429, or TikTok's 36009002 "Too many requests" inside an HTTP 200, empties
that shop's window, so its next call waits for the window to pass on top of the retry's own backoff.

TikTok publishes no numbers for any endpoint. The default, 5 requests per second per shop, is the pace
a third-party TikTok client's retry policy uses; a sequential read against the real API (a few hundred ms per call)
rarely reaches it, so it costs little and keeps bursts (fast pages, product detail calls) under any
plausible limit.
"""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from typing import Any, Dict, Optional
from urllib.parse import parse_qsl, urlsplit

import requests
from airbyte_cdk.sources.streams.call_rate import (
    AbstractCallRatePolicy,
    HttpAPIBudget,
    HttpRequestRegexMatcher,
    MovingWindowCallRatePolicy,
    Rate,
)

from .config import DEFAULT_REQUESTS_PER_SECOND

RATE_LIMIT_CODE = 36009002
# Error envelopes are a few hundred bytes; a page of records is never parsed here.
_SMALL_BODY = 4096


def rate_for(requests_per_second: float) -> Rate:
    """`requests_per_second` as a moving-window rate: bursts of at most about one second's worth.

    5 -> 5 calls per 1 s; 2.5 -> 2 per 0.8 s; 0.5 -> 1 per 2 s.
    """
    if not requests_per_second > 0:
        raise ValueError("requests_per_second must be positive")
    limit = max(1, round(requests_per_second))
    # pyrate-limiter counts in whole milliseconds.
    interval_ms = max(1, round(1000 * limit / requests_per_second))
    return Rate(limit=limit, interval=timedelta(milliseconds=interval_ms))


def shop_key(request: Any) -> str:
    """The `shop_cipher` a request is for ("" for account-level calls)."""
    url = getattr(request, "url", None) or ""
    for key, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        if key == "shop_cipher":
            return value
    return ""


class PerShopAPIBudget(HttpAPIBudget):
    def __init__(self, requests_per_second: float = DEFAULT_REQUESTS_PER_SECOND) -> None:
        self.rate = rate_for(requests_per_second)
        self.requests_per_second = requests_per_second
        self._by_shop: Dict[str, MovingWindowCallRatePolicy] = {}
        self._lock = threading.Lock()
        super().__init__(policies=[], status_codes_for_ratelimit_hit=[429])

    def get_matching_policy(self, request: Any) -> Optional[AbstractCallRatePolicy]:
        cipher = shop_key(request)
        with self._lock:
            policy = self._by_shop.get(cipher)
            if policy is None:
                # The matcher only documents the key (the lookup above already chose the policy);
                # the CDK asserts a policy matches the request it is asked to admit.
                matcher = HttpRequestRegexMatcher(params={"shop_cipher": cipher}) if cipher else _AccountLevel()
                policy = MovingWindowCallRatePolicy(rates=[self.rate], matchers=[matcher])
                self._by_shop[cipher] = policy
            return policy

    def get_calls_left_from_response(self, response: requests.Response) -> Optional[int]:
        left = super().get_calls_left_from_response(response)
        if left is None and _is_rate_limit_envelope(response):
            return 0
        return left

    @property
    def shops(self) -> int:
        """How many keys (shops, plus one for account-level calls) have a policy so far."""
        return len(self._by_shop)


class _AccountLevel(HttpRequestRegexMatcher):
    """Matches requests without a `shop_cipher` (the authorized-shops listing)."""

    def __call__(self, request: Any) -> bool:
        return shop_key(request) == ""


def _is_rate_limit_envelope(response: requests.Response) -> bool:
    content = response.content or b""
    if len(content) > _SMALL_BODY or b"36009002" not in content:
        return False
    try:
        body = json.loads(content)
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("code") == RATE_LIMIT_CODE
