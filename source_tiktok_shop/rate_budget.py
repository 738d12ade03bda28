"""The client-side rate budget: how fast each shop is called, shared by every stream and every retry.

Two modes (config `rate_mode`):

- **adaptive** (default): a token bucket per shop and Partner Center API group whose rate rises while TikTok
  answers and drops sharply when it throttles, after the AWS SDKs' "adaptive" retry mode (a client-side
  bucket whose fill rate follows the server's throttling). It starts at `ADAPTIVE_START_RATE` requests/s,
  never exceeds `requests_per_second` (the ceiling, per shop, across groups), and:
  - before the first throttle, doubles about once a second (slow start), bounded by twice the rate it
    actually sends at, so a read held back by latency does not build up a rate it never used;
  - after one, rises additively: by a tenth of the rate W it was throttled at per second up to 0.85 W, by 2%
    of W per second up to W (the limit is about there), then probes past W by 5% of its rate per second;
  - on a 429 or TikTok's 36009002 "Too many requests" inside an HTTP 200, drops to `DECREASE` x the rate it
    was sending at, once per round: requests sent before the last drop do not drop it again (as TCP does);
  - honours `Retry-After`: the throttled call is retried no sooner (errors.py), and beyond 1 s that shop and
    group sends nothing until it has passed.
  TikTok publishes no numbers, and its limits are per app and shop, possibly per endpoint: learning them is
  the only way to use what an app is allowed without 429s where it is allowed less.
- **fixed**: at most `requests_per_second` per shop, as a moving window of about one second (the mode before
  1.0.0; for an app with a known quota). A throttle empties that shop's window.

Built from the CDK's call-rate pieces: an `HttpAPIBudget` handed to the one `LimiterSession` the client owns
(`acquire_call` before each send, `update_from_response` after), `MovingWindowCallRatePolicy` for the fixed
rate and for the ceiling. The CDK has no policy whose rate changes with the answers, so `AdaptiveRate` (the
controller, on an injectable clock so tests need no sleeping) is this module's own, wrapped as a CDK call-rate
policy; the CDK's `_do_acquire` does the waiting. The CDK's `APIBudget` matches a request against a fixed
list of policies, but shops (their `shop_cipher`s) are only known once the authorization has been listed, so
policies are created on a shop's first request, keyed on its `shop_cipher` query parameter. Account-level
calls (no `shop_cipher`) share one more key.
"""

from __future__ import annotations

import collections
import json
import logging
import math
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Callable, Deque, Dict, List, Optional, Tuple
from urllib.parse import parse_qsl, urlsplit

import requests
from airbyte_cdk.sources.streams.call_rate import (
    AbstractCallRatePolicy,
    BaseCallRatePolicy,
    CallRateLimitHit,
    HttpAPIBudget,
    HttpRequestRegexMatcher,
    MovingWindowCallRatePolicy,
    Rate,
)

from .api_groups import group_for_path
from .config import ADAPTIVE_RATE_MODE, DEFAULT_RATE_MODE, DEFAULT_REQUESTS_PER_SECOND, FIXED_RATE_MODE

RATE_LIMIT_CODE = 36009002
# Error envelopes are a few hundred bytes; a page of records is never parsed here.
_SMALL_BODY = 4096

# The adaptive controller's constants. The start is the fixed pace earlier versions used by default (a
# third-party TikTok client's retry policy's); the rest were tuned in a simulation of TikTok-like token-bucket
# limits of 2 to 100 requests/s (0.85-0.97 of the limit reached, under 1% of requests throttled at 20/s).
ADAPTIVE_START_RATE = 5.0
DECREASE = 0.7
# After a throttle at rate W, per second: +INCREASE_SHARE x W up to RECOVERED x W, then +NEAR_INCREASE_SHARE x W up
# to W, then +PROBE_INCREASE_SHARE x the rate; never less than MIN_INCREASE.
INCREASE_SHARE = 0.1
RECOVERED = 0.85
NEAR_INCREASE_SHARE = 0.02
PROBE_INCREASE_SHARE = 0.05
MIN_INCREASE = 0.2
# The slowest the bucket goes; one request every 2 s still finds out when a limit lifts.
MIN_RATE = 0.5
# Burst: at most this many seconds' worth of tokens (at least one) build up while a shop is idle.
BURST_SECONDS = 0.25
# The sending rate is measured over this window.
MEASURE_SECONDS = 1.0
# A Retry-After of at most this is honoured by the retried call alone (its backoff waits it, plus the CDK's 1 s): the
# decrease already slows the rest, and pausing a whole shop for it cost 10-15% of the rate a 20/s limit allows, in the
# sandbox. Longer ones (a quota window to wait out) pause the shop and group, so its calls do not spend their retries.
MIN_PAUSE_SECONDS = 1.0
# Retry-After values above this are not waited for by the whole shop (only the retried call waits, capped
# by the retry policy); a misconfigured proxy must not stall every table.
MAX_PAUSE_SECONDS = 60.0
_EPSILON = 1e-9


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


def group_key(request: Any) -> str:
    """The Partner Center API group of a request's path ("" when none matches)."""
    group = group_for_path(urlsplit(getattr(request, "url", None) or "").path)
    return group.key if group is not None else ""


class AdaptiveRate:
    """An AIMD token bucket (see the module docstring). Thread-safe; `clock` is injectable for tests.

    Use: `wait()` (seconds until a request may go, 0 when it may go now), `take()` when it goes (returns the
    send time, to hand back to `throttled`), then `succeeded()` or `throttled(sent_at, retry_after)`."""

    def __init__(self, ceiling: float, start: float = ADAPTIVE_START_RATE, *, clock: Callable[[], float] = time.monotonic) -> None:
        if not ceiling > 0:
            raise ValueError("ceiling must be positive")
        self.ceiling = float(ceiling)
        self._clock = clock
        self._lock = threading.Lock()
        self.rate = min(float(start), self.ceiling)
        self._floor = min(MIN_RATE, self.ceiling)
        now = clock()
        self._tokens = 1.0
        self._filled_at = now
        self._grown_at = now
        self._decreased_at = -math.inf
        self._paused_until = -math.inf
        self._sent: Deque[float] = collections.deque()
        self._started_at: Optional[float] = None
        self._throttled_at_rate: Optional[float] = None
        self.throttles = 0  # decreases (one per round)
        self.throttled_answers = 0
        self.answers = 0
        self.peak = self.rate

    # -- the bucket -----------------------------------------------------------------------------
    def _capacity(self) -> float:
        return max(1.0, self.rate * BURST_SECONDS)

    def _refill(self, now: float) -> None:
        start = max(self._filled_at, self._paused_until)
        if now > start:
            self._tokens = min(self._capacity(), self._tokens + (now - start) * self.rate)
        self._filled_at = max(self._filled_at, now)

    def wait(self) -> float:
        with self._lock:
            now = self._clock()
            self._refill(now)
            paused = max(0.0, self._paused_until - now)
            if paused:
                return paused + max(0.0, 1.0 - self._tokens) / self.rate
            # A hair short of a token is a token: float rounding must not leave a wait of 1e-17 s forever.
            return 0.0 if self._tokens >= 1.0 - _EPSILON else (1.0 - self._tokens) / self.rate

    def take(self) -> float:
        with self._lock:
            now = self._clock()
            self._refill(now)
            self._tokens -= 1.0
            self._sent.append(now)
            if self._started_at is None:
                self._started_at = now
            return now

    def measured(self) -> float:
        """Requests sent per second over the last `MEASURE_SECONDS`."""
        with self._lock:
            return self._measured(self._clock())

    def _measured(self, now: float) -> float:
        while self._sent and self._sent[0] <= now - MEASURE_SECONDS:
            self._sent.popleft()
        return len(self._sent) / MEASURE_SECONDS

    # -- the answers ----------------------------------------------------------------------------
    def succeeded(self) -> None:
        with self._lock:
            self.answers += 1
            now = self._clock()
            elapsed, self._grown_at = max(0.0, now - self._grown_at), now
            if now < self._paused_until:
                return
            self._refill(now)
            if self._throttled_at_rate is None:
                grown = self.rate * (1.0 + elapsed)  # slow start: doubles per second of answers
            else:
                # Additive, in three speeds: quickly back to near the rate last throttled at (W), slowly up to it (the
                # server's limit is about there), then probing past it at 5% of the rate per second, so that a throttle
                # at a low rate (another client of the app's quota, a burst at the start) is not crawled back from.
                last = self._throttled_at_rate
                if self.rate < RECOVERED * last:
                    step = INCREASE_SHARE * last
                elif self.rate < last:
                    step = NEAR_INCREASE_SHARE * last
                else:
                    step = PROBE_INCREASE_SHARE * self.rate
                step = max(MIN_INCREASE, step)
                grown = self.rate + step * elapsed
            # Never more than twice what is actually sent (plus one), nor above the ceiling.
            used = max(self._floor, 2.0 * self._measured(now) + 1.0)
            self.rate = min(self.ceiling, grown, max(self.rate, used))
            self.peak = max(self.peak, self.rate)

    def throttled(self, sent_at: float, retry_after: Optional[float] = None) -> None:
        with self._lock:
            self.answers += 1
            self.throttled_answers += 1
            now = self._clock()
            self._refill(now)
            if retry_after is not None and MIN_PAUSE_SECONDS < retry_after <= MAX_PAUSE_SECONDS:
                self._paused_until = max(self._paused_until, now + retry_after)
            if sent_at < self._decreased_at:
                return  # sent at the rate before the last decrease: that decrease has answered it
            # What was being sent, once a full measuring window of sending lies behind (else the bucket's rate).
            started = self._started_at if self._started_at is not None else now
            measured = self._measured(now) if now - started >= MEASURE_SECONDS else self.rate
            sending = min(self.rate, max(measured, self._floor))
            self._throttled_at_rate = sending
            self.rate = max(self._floor, sending * DECREASE)
            self._tokens = min(self._tokens, 1.0)
            self._decreased_at = self._grown_at = now
            self.throttles += 1


class AdaptiveCallRatePolicy(BaseCallRatePolicy):
    """One shop's `AdaptiveRate` for one API group, under the shop's ceiling (a CDK moving window shared by the
    shop's groups), as a CDK call-rate policy: `try_acquire` raises `CallRateLimitHit` with the time to wait,
    which the CDK's `APIBudget` sleeps and retries."""

    def __init__(self, controller: AdaptiveRate, ceiling: MovingWindowCallRatePolicy, lock: threading.Lock, matcher: Any) -> None:
        self.controller = controller
        self._ceiling = ceiling
        self._lock = lock  # the shop's: the ceiling is checked and taken with this group's token at once
        super().__init__(matchers=[matcher])

    def try_acquire(self, request: Any, weight: int) -> None:
        with self._lock:
            wait = self.controller.wait()
            if wait > 0:
                raise CallRateLimitHit(
                    error="adaptive rate",
                    item=request,
                    weight=weight,
                    rate=f"{self.controller.rate:.2f}/s",
                    time_to_wait=timedelta(seconds=wait),
                )
            self._ceiling.try_acquire(request, weight=weight)
            sent_at = self.controller.take()
        try:
            # The send time goes with the request, so its answer can tell whether it was sent before the last decrease.
            request._tiktok_shop_sent_at = sent_at
        except AttributeError:
            pass

    def update(self, available_calls: Optional[int], call_reset_ts: Any) -> None:
        """Answers reach the controller through `PerShopAPIBudget.update_from_response`."""


@dataclass
class _ShopLimits:
    ceiling: MovingWindowCallRatePolicy
    lock: threading.Lock


class PerShopAPIBudget(HttpAPIBudget):
    def __init__(
        self,
        requests_per_second: float = DEFAULT_REQUESTS_PER_SECOND,
        mode: str = DEFAULT_RATE_MODE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if mode not in (ADAPTIVE_RATE_MODE, FIXED_RATE_MODE):
            raise ValueError(f"unknown rate mode {mode!r}")
        self.rate = rate_for(requests_per_second)
        self.requests_per_second = requests_per_second
        self.mode = mode
        self._clock = clock
        self._by_shop: Dict[str, MovingWindowCallRatePolicy] = {}
        self._shop_limits: Dict[str, _ShopLimits] = {}
        self._adaptive: Dict[Tuple[str, str], AdaptiveCallRatePolicy] = {}
        self._lock = threading.Lock()
        super().__init__(policies=[], status_codes_for_ratelimit_hit=[429])

    def _window(self, cipher: str) -> MovingWindowCallRatePolicy:
        policy = self._by_shop.get(cipher)
        if policy is None:
            # The matcher only documents the key (the lookup already chose the policy); the CDK asserts a
            # policy matches the request it is asked to admit.
            matcher = HttpRequestRegexMatcher(params={"shop_cipher": cipher}) if cipher else _AccountLevel()
            policy = MovingWindowCallRatePolicy(rates=[self.rate], matchers=[matcher])
            self._by_shop[cipher] = policy
        return policy

    def get_matching_policy(self, request: Any) -> Optional[AbstractCallRatePolicy]:
        cipher = shop_key(request)
        with self._lock:
            if self.mode == FIXED_RATE_MODE:
                return self._window(cipher)
            key = (cipher, group_key(request))
            policy = self._adaptive.get(key)
            if policy is None:
                limits = self._shop_limits.get(cipher)
                if limits is None:
                    limits = self._shop_limits[cipher] = _ShopLimits(self._window(cipher), threading.Lock())
                matcher = _SameKey(key)
                policy = AdaptiveCallRatePolicy(
                    AdaptiveRate(self.requests_per_second, clock=self._clock), limits.ceiling, limits.lock, matcher
                )
                self._adaptive[key] = policy
            return policy

    def update_from_response(self, request: Any, response: Any) -> None:
        if self.mode == FIXED_RATE_MODE:
            super().update_from_response(request, response)
            return
        policy = self.get_matching_policy(request)
        if not isinstance(policy, AdaptiveCallRatePolicy) or not isinstance(response, requests.Response):
            return
        if is_throttled(response):
            sent_at = getattr(request, "_tiktok_shop_sent_at", self._clock())
            policy.controller.throttled(sent_at, retry_after_seconds(response))
        elif response.status_code < 500:
            policy.controller.succeeded()

    def get_calls_left_from_response(self, response: requests.Response) -> Optional[int]:
        left = super().get_calls_left_from_response(response)
        if left is None and _is_rate_limit_envelope(response):
            return 0
        return left

    @property
    def shops(self) -> int:
        """How many keys (shops, plus one for account-level calls) have a policy so far."""
        return len(self._by_shop)

    def controller(self, cipher: str, group: str) -> Optional[AdaptiveRate]:
        policy = self._adaptive.get((cipher, group))
        return policy.controller if policy is not None else None

    def describe(self, cipher: str, groups: List[str]) -> Optional[str]:
        """One line on the adaptive rate of a shop's `groups` (None in fixed mode or before any request)."""
        parts = []
        for group in groups:
            rate = self.controller(cipher, group)
            if rate is None or not rate.answers:
                continue
            throttled = f"{rate.throttled_answers} of {rate.answers} answers rate-limited"
            parts.append(
                f"{group or 'account'} API: settled at {rate.rate:.1f} requests/s (peak {rate.peak:.1f}, ceiling "
                f"`requests_per_second` {self.requests_per_second:g}; {throttled})"
            )
        return "; ".join(parts) or None


def log_settled_rates(logger: logging.Logger, budget: Any, table: str, shops: List[Tuple[str, str]], groups: List[str]) -> None:
    """Once per table: the rate the adaptive budget settled at for each shop (`shops`: (id, cipher) pairs)."""
    if not isinstance(budget, PerShopAPIBudget) or budget.mode != ADAPTIVE_RATE_MODE:
        return
    for shop_id, cipher in shops:
        line = budget.describe(cipher, groups)
        if line:
            logger.info(f"{table}: shop {shop_id}: adaptive request rate {line}")


class _AccountLevel(HttpRequestRegexMatcher):
    """Matches requests without a `shop_cipher` (the authorized-shops listing)."""

    def __call__(self, request: Any) -> bool:
        return shop_key(request) == ""


class _SameKey(HttpRequestRegexMatcher):
    """Matches requests of one (shop_cipher, API group)."""

    def __init__(self, key: Tuple[str, str]) -> None:
        self._key = key
        super().__init__()

    def __call__(self, request: Any) -> bool:
        return (shop_key(request), group_key(request)) == self._key


def is_throttled(response: requests.Response) -> bool:
    return response.status_code == 429 or _is_rate_limit_envelope(response)


def retry_after_seconds(response: requests.Response) -> Optional[float]:
    """The `Retry-After` header in seconds (the delay-seconds form; TikTok documents neither form)."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


def _is_rate_limit_envelope(response: requests.Response) -> bool:
    content = response.content or b""
    if len(content) > _SMALL_BODY or b"36009002" not in content:
        return False
    try:
        body = json.loads(content)
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("code") == RATE_LIMIT_CODE
