"""Retries, timeouts and bad answers at unit level: error mapping, backoff, bounded retries, config messages."""

import logging

import pytest
import requests
import requests_mock
from airbyte_cdk.models import FailureType
from airbyte_cdk.sources.streams.call_rate import APIBudget
from airbyte_cdk.sources.streams.http.error_handlers.response_models import ResponseAction
from airbyte_cdk.utils import AirbyteTracedException

from source_tiktok_shop.client import Shop, TikTokShopClient, timeouts
from source_tiktok_shop.config import connection_specification, parse_config, spec_problems
from source_tiktok_shop.errors import MIN_BACKOFF_SECONDS, TikTokShopBackoffStrategy, TikTokShopErrorHandler

BASE = "https://open-api.example.test"
SEARCH = BASE + "/order/202309/orders/search"
SECRET_NUMBER = 918273645546372819283746
SHOP = Shop(id="7494000000000000001", cipher="GCP_unit_cipher")


def answer(status=200, text="", content_type="application/json", url=SEARCH):
    r = requests.Response()
    r.status_code = status
    r.url = url + "?app_key=x"
    r.request = requests.Request("POST", r.url).prepare()
    r.headers["Content-Type"] = content_type
    r._content = text.encode()
    return r


# ---- error mapping ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status,text,content_type,action,failure,words",
    [
        (
            200,
            "<!DOCTYPE html><html>Welcome</html>",
            "text/html",
            ResponseAction.FAIL,
            FailureType.config_error,
            ["HTML page", "`api_base_url`"],
        ),
        (200, "<html>proxy</html>", "application/octet-stream", ResponseAction.FAIL, FailureType.config_error, ["HTML page"]),
        (200, '{"status": "ok"}', "application/json", ResponseAction.FAIL, FailureType.config_error, ["no `code`", "`api_base_url`"]),
        (
            200,
            '{"code":0,"data":{"orders":[{"id":"1"',
            "application/json",
            ResponseAction.RETRY,
            FailureType.transient_error,
            ["incomplete body"],
        ),
        (200, "", "application/json", ResponseAction.RETRY, FailureType.transient_error, ["incomplete body"]),
        (502, "<html>Bad Gateway</html>", "text/html", ResponseAction.RETRY, FailureType.transient_error, ["HTTP 502"]),
        (404, "<html>Not Found</html>", "text/html", ResponseAction.FAIL, FailureType.config_error, ["HTTP 404", "`api_base_url`"]),
    ],
    ids=["html-200", "html-200-no-type", "json-not-envelope", "truncated", "empty", "html-502", "html-404"],
)
def test_bodies_that_are_not_tiktok_envelopes(status, text, content_type, action, failure, words):
    resolution = TikTokShopErrorHandler().interpret_response(answer(status, text, content_type))
    assert (resolution.response_action, resolution.failure_type) == (action, failure)
    for word in words:
        assert word in resolution.error_message


def test_timeouts_and_connection_failures_retry_and_say_what_to_check():
    handler = TikTokShopErrorHandler(timeout_seconds=30)
    prepared = requests.Request("POST", SEARCH).prepare()
    slow = handler.interpret_response(requests.ReadTimeout("slow", request=prepared))
    assert (slow.response_action, slow.failure_type) == (ResponseAction.RETRY, FailureType.transient_error)
    assert "within 30 s" in slow.error_message and "`request_timeout_seconds`" in slow.error_message
    down = handler.interpret_response(requests.ConnectionError("refused", request=prepared))
    assert down.response_action == ResponseAction.RETRY
    assert "https://open-api.example.test/order/202309/orders/search" in down.error_message and "`api_base_url`" in down.error_message
    bad = handler.interpret_response(requests.exceptions.InvalidSchema("no adapter"))
    assert (bad.response_action, bad.failure_type) == (ResponseAction.FAIL, FailureType.config_error)


def test_backoff_is_never_zero_so_the_cdk_never_falls_back_to_its_own():
    strategy = TikTokShopBackoffStrategy(base_seconds=0)
    assert strategy.backoff_time(answer(500, "{}"), 1) == MIN_BACKOFF_SECONDS
    zero_retry_after = answer(429, "{}")
    zero_retry_after.headers["Retry-After"] = "0"
    assert TikTokShopBackoffStrategy().backoff_time(zero_retry_after, 1) == MIN_BACKOFF_SECONDS


# ---- bounded retries through the client ---------------------------------------------------------


@pytest.fixture
def no_sleep(monkeypatch):
    """Record the retry waits instead of sleeping (the CDK sleeps wait + 1 s; the backoff library's own 0 s naps are dropped)."""
    slept = []
    monkeypatch.setattr("airbyte_cdk.sources.streams.http.rate_limiting.time.sleep", lambda s: s and slept.append(s))
    return slept


def make_client(authenticator_factory, **kwargs):
    from datetime import datetime, timedelta, timezone

    auth = authenticator_factory(
        access_token="TTP_unit_access_token_abcdef0123", token_expiry_date=(datetime.now(timezone.utc) + timedelta(days=1)).isoformat()
    )
    # No rate budget here (tests of its own in test_rate_budget.py): with sleep patched out it would spin.
    return TikTokShopClient(BASE, auth, logging.getLogger("test"), api_budget=APIBudget(policies=[]), **kwargs)


@pytest.mark.parametrize(
    "responses,words",
    [
        ([{"status_code": 503, "text": "<html>busy</html>"}], ["HTTP 503"]),
        ([{"status_code": 429, "json": {"code": 36009002, "message": "Too many requests.", "data": None}}], ["rate limit", "36009002"]),
        ([{"status_code": 200, "json": {"code": 36009002, "message": "Too many requests.", "data": None}}], ["rate limit"]),
        ([{"exc": requests.ConnectionError("reset")}], ["Could not reach TikTok Shop"]),
        ([{"exc": requests.ReadTimeout("slow")}], ["did not answer"]),
    ],
    ids=["503", "429", "36009002-in-200", "dropped", "timeout"],
)
def test_retries_are_bounded_and_end_in_a_clear_transient_error(authenticator_factory, no_sleep, responses, words):
    client = make_client(authenticator_factory, max_retries=3, retry_base_seconds=0.5)
    with requests_mock.Mocker() as m:
        m.post(SEARCH, responses * 10)  # matches with any query string
        with pytest.raises(AirbyteTracedException) as raised:
            client.request("POST", "/order/202309/orders/search", stream="orders", shop=SHOP, params={"page_size": 100}, json={})
        assert m.call_count == 4, "1 + max_retries attempts"
    error = raised.value
    assert error.failure_type == FailureType.transient_error
    assert "4 attempt(s)" in error.message and "`max_retries` = 3" in error.message and "next sync" in error.message
    for word in words:
        assert word in error.message, error.message
    # Exponential with jitter: 0.5, 1, 2 s (+ up to 0.25 s) plus the CDK's extra second; Retry-After absent.
    waits = [s - 1 for s in no_sleep]
    assert len(waits) == 3
    for n, wait in enumerate(waits):
        assert 0.5 * 2**n <= wait <= 0.5 * 2**n + 0.25 + 1e-9


def test_a_retry_that_succeeds_returns_the_data(authenticator_factory, no_sleep):
    client = make_client(authenticator_factory, max_retries=2)
    with requests_mock.Mocker() as m:
        m.post(
            SEARCH,
            [
                {"status_code": 502, "text": "<html>x</html>"},
                {"json": {"code": 0, "message": "Success", "data": {"orders": [{"id": "1"}]}}},
            ],
        )
        data = client.request("POST", "/order/202309/orders/search", stream="orders", shop=SHOP, json={})
    assert data == {"orders": [{"id": "1"}]} and len(no_sleep) == 1


def test_data_of_an_unexpected_shape_is_retried_then_a_clear_system_error(authenticator_factory, no_sleep):
    client = make_client(authenticator_factory, max_retries=2)
    with requests_mock.Mocker() as m:
        m.post(SEARCH, json={"code": 0, "message": "Success", "data": [{"id": "1"}]})
        with pytest.raises(AirbyteTracedException) as raised:
            client.request("POST", "/order/202309/orders/search", stream="orders", shop=SHOP, json={})
        assert m.call_count == 3
    assert raised.value.failure_type == FailureType.system_error
    message = raised.value.message
    assert "/order/202309/orders/search" in message and f"shop {SHOP.id}" in message and "`data` is a list" in message


def test_every_request_has_a_timeout(authenticator_factory):
    client = make_client(authenticator_factory, request_timeout=timeouts(42))
    with requests_mock.Mocker() as m:
        m.post(SEARCH, json={"code": 0, "message": "Success", "data": {}})
        client.request("POST", "/order/202309/orders/search", stream="orders", shop=SHOP, json={})
        assert m.request_history[0].timeout == (10, 42)
    assert timeouts(3) == (3, 3)


# ---- config messages ----------------------------------------------------------------------------


def good_config(**overrides):
    config = {
        "credentials": {
            "auth_type": "oauth2.0",
            "app_key": "unit-app-key",
            "app_secret": "unit-app-secret-0123456789abcdef",
            "refresh_token": "unit-refresh-token-0123456789abcdef",
        }
    }
    config.update(overrides)
    return config


def test_spec_problems_name_every_key_and_never_echo_a_secret():
    config = good_config(start_date=20240101, lookback_window=500, requests_per_second=0, max_retries=11, pii_handling="maybe")
    config["credentials"]["app_secret"] = SECRET_NUMBER
    del config["credentials"]["app_key"]
    problems = spec_problems(config)
    text = " | ".join(problems)
    for expected in [
        "`credentials.app_key` is required",
        "`credentials.app_secret` must be of type string, not integer",
        "`start_date` must be of type string, not integer (got 20240101)",
        "`lookback_window` must be at most 90",
        "`requests_per_second` must be greater than 0",
        "`max_retries` must be at most 10",
        "`pii_handling` must be one of keep, hash, block",
    ]:
        assert expected in text, text
    assert str(SECRET_NUMBER) not in text
    assert spec_problems(good_config()) == []


def test_reliability_keys_have_documented_defaults_and_bounds():
    props = connection_specification()["properties"]
    parsed = parse_config(good_config())
    # requests_per_second is the adaptive rate's ceiling (rate_mode adaptive); configs written before rate_mode still parse.
    assert (parsed.requests_per_second, parsed.max_retries, parsed.retry_backoff_seconds, parsed.request_timeout_seconds) == (50, 5, 1, 60)
    assert parsed.rate_mode == "adaptive" and parse_config(good_config(requests_per_second=5)).requests_per_second == 5
    assert parse_config(good_config(rate_mode="fixed")).rate_mode == "fixed"
    for key in ("requests_per_second", "rate_mode", "max_retries", "retry_backoff_seconds", "request_timeout_seconds"):
        assert props[key]["default"] == getattr(parsed, key)
        assert props[key]["description"].startswith("Advanced.")
    with pytest.raises(AirbyteTracedException) as raised:
        parse_config(good_config(request_timeout_seconds=0))
    assert raised.value.failure_type == FailureType.config_error and "request_timeout_seconds" in raised.value.message
