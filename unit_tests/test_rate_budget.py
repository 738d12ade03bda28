"""The per-shop rate budget: CDK call-rate policies keyed on `shop_cipher`, shared by every stream; fixed mode here,
the adaptive controller in test_adaptive_rate.py."""

import json
import logging
from datetime import timedelta

import pytest
import requests
from airbyte_cdk.sources.streams.call_rate import CallRateLimitHit
from freezegun import freeze_time

from source_tiktok_shop.client import TikTokShopClient
from source_tiktok_shop.config import ConnectorConfig
from source_tiktok_shop.rate_budget import DEFAULT_REQUESTS_PER_SECOND, PerShopAPIBudget, rate_for, shop_key

SPEC = json.loads((__import__("pathlib").Path(__file__).parent.parent / "source_tiktok_shop" / "spec.json").read_text())
BASE = "https://open-api.example.test"


def request(path="/order/202309/orders/search", cipher="GCP_shop_a", method="POST"):
    params = {"app_key": "k", "shop_cipher": cipher} if cipher else {"app_key": "k"}
    return requests.Request(method, BASE + path, params=params).prepare()


def response(status=200, body=None):
    r = requests.Response()
    r.status_code = status
    r._content = json.dumps(body if body is not None else {"code": 0, "message": "Success", "data": {}}).encode()
    return r


def fill(budget, req, n):
    for _ in range(n):
        budget.acquire_call(req, block=False)


@pytest.mark.parametrize(
    "rps,limit,interval_ms",
    [(5, 5, 1000), (1, 1, 1000), (2.5, 2, 800), (0.5, 1, 2000), (0.2, 1, 5000), (1000, 1000, 1000)],
)
def test_requests_per_second_becomes_a_moving_window_of_about_one_second(rps, limit, interval_ms):
    rate = rate_for(rps)
    assert (rate.limit, rate.interval) == (limit, timedelta(milliseconds=interval_ms))
    assert rate.limit / rate.interval.total_seconds() == pytest.approx(rps)


def test_each_shop_has_its_own_budget_and_account_calls_another():
    budget = PerShopAPIBudget(requests_per_second=3, mode="fixed")
    a, b = request(cipher="GCP_shop_a"), request(cipher="GCP_shop_b")
    account = request("/authorization/202309/shops", cipher=None, method="GET")
    fill(budget, a, 3)
    with pytest.raises(CallRateLimitHit) as hit:
        budget.acquire_call(a, block=False)
    assert timedelta(0) < hit.value.time_to_wait <= timedelta(seconds=1)
    fill(budget, b, 3)  # shop B is untouched by shop A's calls
    fill(budget, account, 3)
    # Every endpoint of one shop draws from the same budget.
    with pytest.raises(CallRateLimitHit):
        budget.acquire_call(request("/product/202309/products/search", cipher="GCP_shop_a"), block=False)
    assert budget.shops == 3
    assert shop_key(a) == "GCP_shop_a" and shop_key(account) == ""


def test_a_blocking_call_waits_for_the_window_to_pass(monkeypatch):
    waits = []
    with freeze_time("2024-01-04T00:00:00Z") as clock:

        def sleep(seconds):
            # What the budget asks to wait, and the (frozen) clock moved on by that much instead of waiting.
            waits.append(seconds)
            clock.tick(seconds)

        monkeypatch.setattr("airbyte_cdk.sources.streams.call_rate.time.sleep", sleep)
        budget = PerShopAPIBudget(requests_per_second=4, mode="fixed")
        a = request()
        fill(budget, a, 4)
        budget.acquire_call(a)  # blocks, as the LimiterSession does before sending
        fill(budget, a, 3)  # the new window: the blocked call took its first slot, three are left
        with pytest.raises(CallRateLimitHit):
            budget.acquire_call(a, block=False)
    # All four slots of the window were taken at one instant: the fifth call waits for the window, about 1 s.
    assert waits and 0.5 < sum(waits) <= 1.01, waits


@pytest.mark.parametrize(
    "answer",
    [
        response(429, {"code": 36009002, "message": "Too many requests.", "data": None}),
        response(200, {"code": 36009002, "message": "Too many requests.", "data": None}),
    ],
    ids=["http-429", "36009002-in-200"],
)
def test_a_rate_limit_answer_empties_that_shops_window(answer):
    budget = PerShopAPIBudget(requests_per_second=5, mode="fixed")
    a, b = request(cipher="GCP_shop_a"), request(cipher="GCP_shop_b")
    budget.acquire_call(a, block=False)
    budget.acquire_call(b, block=False)
    budget.update_from_response(a, answer)
    with pytest.raises(CallRateLimitHit):
        budget.acquire_call(a, block=False)
    budget.acquire_call(b, block=False)


def test_ordinary_answers_leave_the_budget_alone():
    budget = PerShopAPIBudget(requests_per_second=5, mode="fixed")
    a = request()
    budget.acquire_call(a, block=False)
    budget.update_from_response(a, response(200, {"code": 0, "message": "Success", "data": {"orders": [{"id": "36009002"}]}}))
    budget.update_from_response(a, response(500, {"code": 36009003, "message": "Internal error.", "data": None}))
    fill(budget, a, 4)


def test_one_budget_is_shared_by_every_stream_of_a_client(authenticator_factory):
    client = TikTokShopClient(BASE, authenticator_factory(), logging.getLogger("test"), requests_per_second=7)
    orders, products = client._http_client("orders"), client._http_client("products")
    assert orders._session is products._session
    assert orders._session._api_budget is client.api_budget
    assert isinstance(client.api_budget, PerShopAPIBudget) and client.api_budget.requests_per_second == 7


def test_default_is_adaptive_up_to_fifty_per_second_per_shop_in_code_config_and_spec():
    props = SPEC["connectionSpecification"]["properties"]
    assert DEFAULT_REQUESTS_PER_SECOND == 50
    assert props["requests_per_second"]["default"] == DEFAULT_REQUESTS_PER_SECOND
    assert props["rate_mode"]["default"] == "adaptive" and props["rate_mode"]["enum"] == ["adaptive", "fixed"]
    assert ConnectorConfig.model_fields["requests_per_second"].default == DEFAULT_REQUESTS_PER_SECOND
    budget = PerShopAPIBudget()
    assert budget.mode == "adaptive" and budget.rate.limit == 50
