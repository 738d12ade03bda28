"""The adaptive rate (rate_budget.AdaptiveRate and the budget's adaptive mode): deterministic, on an injected clock, no sleeping."""

import heapq
import json

import pytest
import requests
from airbyte_cdk.sources.streams.call_rate import CallRateLimitHit

from source_tiktok_shop import rate_budget
from source_tiktok_shop.rate_budget import ADAPTIVE_START_RATE, DECREASE, AdaptiveRate, PerShopAPIBudget

BASE = "https://open-api.example.test"


class Clock:
    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now

    def tick(self, seconds):
        self.now += seconds


def send(rate, clock, seconds, answer="ok"):
    """Send as fast as the bucket lets for `seconds`, each answered at once; returns how many went."""
    end, sent = clock.now + seconds, 0
    while clock.now < end:
        wait = rate.wait()
        if wait > 0:
            clock.tick(wait)
            continue
        at = rate.take()
        sent += 1
        if answer == "ok":
            rate.succeeded()
        else:
            rate.throttled(at)
    return sent


def test_starts_conservative_and_a_token_at_a_time():
    clock = Clock()
    rate = AdaptiveRate(50, clock=clock)
    assert rate.rate == ADAPTIVE_START_RATE == 5
    assert rate.wait() == 0
    rate.take()
    assert rate.wait() == pytest.approx(1 / 5)
    # A ceiling below the start is the start.
    assert AdaptiveRate(2, clock=clock).rate == 2


def test_slow_start_then_never_above_the_ceiling():
    clock = Clock()
    rate = AdaptiveRate(40, clock=clock)
    sent = send(rate, clock, 1.0)
    assert 5 <= sent <= 8 and 9 <= rate.rate <= 11, (sent, rate.rate)  # about doubled in one second
    send(rate, clock, 5.0)
    assert rate.rate == 40 and rate.peak == 40  # the ceiling, not more
    assert send(rate, clock, 2.0) <= 2 * 40 + 10


def test_the_rate_does_not_build_up_beyond_twice_what_is_sent():
    clock = Clock()
    rate = AdaptiveRate(1000, clock=clock)
    for _ in range(40):  # one request every 0.5 s (say, latency-bound): 2 requests/s sent
        rate.take()
        clock.tick(0.5)
        rate.succeeded()
    assert rate.rate <= 2 * 2 + 1 + 1e-9


def test_a_throttle_drops_the_rate_once_per_round_and_then_it_rises_additively():
    clock = Clock()
    rate = AdaptiveRate(100, clock=clock)
    send(rate, clock, 3.0)  # slow start
    in_flight = [rate.take() for _ in range(3)]
    clock.tick(0.1)  # their answers arrive
    sending = rate.measured()
    before = rate.rate
    rate.throttled(in_flight[0])
    dropped = rate.rate
    assert dropped == pytest.approx(DECREASE * min(before, sending), rel=0.01)
    for at in in_flight[1:]:  # sent before the decrease: already answered by it
        rate.throttled(at)
    assert rate.rate == dropped and rate.throttles == 1 and rate.throttled_answers == 3
    clock.tick(0.01)
    # Additive from now on: a tenth of the rate throttled at, per second.
    throttled_at = dropped / DECREASE
    send(rate, clock, 2.0)
    assert rate.rate == pytest.approx(dropped + 0.1 * throttled_at * 2.0, rel=0.05)
    # A request sent after the decrease that is throttled drops it again.
    at = rate.take()
    rate.throttled(at)
    assert rate.throttles == 2 and rate.rate < dropped + 0.1 * throttled_at * 2.0


def test_retry_after_pauses_the_bucket():
    clock = Clock()
    rate = AdaptiveRate(50, clock=clock)
    at = rate.take()
    rate.throttled(at, retry_after=2.5)
    assert rate.wait() >= 2.5
    clock.tick(2.5)
    assert rate.rate == DECREASE * ADAPTIVE_START_RATE  # too early to measure the sending rate: the bucket's
    assert rate.wait() < 1.0
    # Absurd values are not waited for by the whole shop, nor short ones (the retried call waits those).
    for retry_after in (3600, 1.0):
        other = AdaptiveRate(50, clock=clock)
        clock.tick(2.0)
        other.throttled(other.take(), retry_after=retry_after)
        assert other.wait() < 1.0
        assert other.rate >= rate_budget.MIN_RATE


@pytest.mark.parametrize("limit,workers", [(5, 4), (20, 4), (60, 16)])
def test_against_a_token_bucket_server_it_finds_the_limit_with_few_throttles(limit, workers):
    """A simulated server like the sandbox's (a bucket of one second's worth, refilled at `limit`/s), `workers` calls at once,
    150 ms round trips, a throttled request retried 2 s later (Retry-After 1 plus the CDK's 1 s)."""
    clock = Clock(0.0)
    rate = AdaptiveRate(1000, clock=clock)
    tokens, filled_at = float(limit), 0.0
    events = [(0.0, i, "want", None) for i in range(workers)]
    done = throttled = sent = 0
    seq = len(events)
    total = 60 * limit
    while done < total:
        at, _, kind, data = heapq.heappop(events)
        clock.now = at
        seq += 1
        if kind == "want":
            wait = rate.wait()
            if wait > 0:
                heapq.heappush(events, (at + max(wait, 1e-4), seq, "want", None))
                continue
            sent_at = rate.take()
            sent += 1
            arrives = at + 0.075
            tokens, filled_at = min(limit, tokens + (arrives - filled_at) * limit), arrives
            ok = tokens >= 1
            tokens -= 1 if ok else 0
            heapq.heappush(events, (at + 0.15, seq, "answer", (ok, sent_at)))
        else:
            ok, sent_at = data
            if ok:
                rate.succeeded()
                done += 1
                heapq.heappush(events, (at, seq, "want", None))
            else:
                throttled += 1
                rate.throttled(sent_at, retry_after=1.0)
                heapq.heappush(events, (at + 2.0, seq, "want", None))
    reached = done / clock.now / limit
    assert reached >= 0.85, reached
    assert throttled / sent <= 0.05 if limit <= 5 else throttled / sent <= 0.02, (throttled, sent)


# ---- the budget in adaptive mode ----------------------------------------------------------------------


def request(path="/order/202309/orders/search", cipher="GCP_shop_a"):
    params = {"app_key": "k", "shop_cipher": cipher} if cipher else {"app_key": "k"}
    return requests.Request("POST", BASE + path, params=params).prepare()


def response(status=200, body=None, headers=None):
    r = requests.Response()
    r.status_code = status
    r._content = json.dumps(body if body is not None else {"code": 0, "message": "Success", "data": {}}).encode()
    r.headers.update(headers or {})
    return r


def test_each_shop_and_api_group_learns_its_own_rate_and_the_ceiling_is_per_shop():
    clock = Clock()
    budget = PerShopAPIBudget(requests_per_second=3, mode="adaptive", clock=clock)
    orders, finance = request(), request("/finance/202309/statements")
    other_shop = request(cipher="GCP_shop_b")
    budget.acquire_call(orders, block=False)
    with pytest.raises(CallRateLimitHit):  # the bucket: one token, then 1/3 s
        budget.acquire_call(orders, block=False)
    budget.acquire_call(finance, block=False)  # another group's bucket
    budget.acquire_call(other_shop, block=False)  # another shop's
    controllers = {key: policy.controller for key, policy in budget._adaptive.items()}
    assert set(controllers) == {("GCP_shop_a", "order"), ("GCP_shop_a", "finance"), ("GCP_shop_b", "order")}
    # The groups of one shop share its ceiling of 3 per second (the CDK moving window).
    clock.tick(0.5)
    budget.acquire_call(request("/product/202309/products/search"), block=False)
    with pytest.raises(CallRateLimitHit):
        budget.acquire_call(request("/return_refund/202309/returns/search"), block=False)


@pytest.mark.parametrize(
    "answer,throttled",
    [
        (response(429, {"code": 36009002, "message": "Too many requests.", "data": None}), True),
        (response(200, {"code": 36009002, "message": "Too many requests.", "data": None}), True),
        (response(200, {"code": 0, "message": "Success", "data": {"orders": [{"id": "36009002"}]}}), False),
        (response(500, {"code": 36009003, "message": "Internal error.", "data": None}), None),
    ],
    ids=["http-429", "36009002-in-200", "success", "server-error"],
)
def test_answers_reach_the_controller(answer, throttled):
    clock = Clock()
    budget = PerShopAPIBudget(requests_per_second=50, mode="adaptive", clock=clock)
    req = request()
    budget.acquire_call(req, block=False)
    controller = budget.controller("GCP_shop_a", "order")
    clock.tick(0.5)
    budget.update_from_response(req, answer)
    if throttled:
        assert controller.throttles == 1 and controller.rate < ADAPTIVE_START_RATE
    elif throttled is False:
        assert controller.answers == 1 and controller.throttles == 0 and controller.rate >= ADAPTIVE_START_RATE
    else:
        assert controller.answers == 0 and controller.rate == ADAPTIVE_START_RATE


def test_the_429s_retry_after_pauses_that_shop_and_group():
    clock = Clock()
    budget = PerShopAPIBudget(requests_per_second=50, mode="adaptive", clock=clock)
    req = request()
    budget.acquire_call(req, block=False)
    budget.update_from_response(req, response(429, {"code": 36009002, "message": "x", "data": None}, {"Retry-After": "3"}))
    clock.tick(2.5)
    with pytest.raises(CallRateLimitHit) as hit:
        budget.acquire_call(request(), block=False)
    assert hit.value.time_to_wait.total_seconds() >= 0.5
    budget.acquire_call(request(cipher="GCP_shop_b"), block=False)  # other shops go on


def test_the_settled_rate_is_described_per_shop():
    clock = Clock()
    budget = PerShopAPIBudget(requests_per_second=50, mode="adaptive", clock=clock)
    req = request()
    budget.acquire_call(req, block=False)
    clock.tick(0.2)
    budget.update_from_response(req, response())
    line = budget.describe("GCP_shop_a", ["order", "finance"])
    assert line.startswith("order API: settled at ") and "ceiling `requests_per_second` 50" in line and "0 of 1 answers" in line
    assert budget.describe("GCP_shop_b", ["order"]) is None
    assert PerShopAPIBudget(mode="fixed").describe("GCP_shop_a", ["order"]) is None
