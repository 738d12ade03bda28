"""The error-mapping table: TikTok body codes (HTTP 200 included) to CDK resolutions."""

import json

import pytest
import requests
from airbyte_cdk.models import FailureType
from airbyte_cdk.sources.streams.http.error_handlers.response_models import ResponseAction

from source_tiktok_shop.errors import ScopeMissingError, TikTokShopBackoffStrategy, TikTokShopErrorHandler

RETRY, FAIL = ResponseAction.RETRY, ResponseAction.FAIL
RATE, REFRESH = ResponseAction.RATE_LIMITED, ResponseAction.REFRESH_TOKEN_THEN_RETRY
CONFIG, TRANSIENT, SYSTEM = FailureType.config_error, FailureType.transient_error, FailureType.system_error


def response(code=None, message="", status=200, path="/order/202309/orders/search", text=None, headers=None, data=None):
    r = requests.Response()
    r.status_code = status
    r.url = f"https://open-api.example.test{path}?app_key=x"
    r.request = requests.Request("POST", r.url).prepare()
    r.headers.update(headers or {})
    body = (
        text
        if text is not None
        else json.dumps(
            {
                "code": code,
                "message": message,
                "request_id": "202203070749000101890810281E8C70B7",
                "data": data if data is not None or code != 0 else {},
            }
        )
    )
    r._content = body.encode()
    return r


CASES = [
    # (code, message, http status, path, action, failure type, words the message must contain)
    (0, "Success", 200, "/order/202309/orders/search", ResponseAction.SUCCESS, None, []),
    (0, "Success", 400, "/order/202309/orders/search", ResponseAction.SUCCESS, None, []),
    (36009002, "Too many requests.", 200, "/order/202309/orders/search", RATE, TRANSIENT, []),
    (36009002, "Too many requests.", 429, "/order/202309/orders/search", RATE, TRANSIENT, []),
    (36009003, "Internal error.", 500, "/order/202309/orders/search", RETRY, TRANSIENT, []),
    (36009003, "Internal error.", 200, "/order/202309/orders/search", RETRY, TRANSIENT, []),
    (36009007, "Request timeout.", 200, "/order/202309/orders/search", RETRY, TRANSIENT, []),
    (105002, "Expired credentials.", 401, "/order/202309/orders/search", REFRESH, None, []),
    (105002, "Expired credentials.", 200, "/order/202309/orders/search", REFRESH, None, []),
    (
        106001,
        "Invalid credentials. The `sign` query parameter is invalid.",
        401,
        "/product/202309/products/search",
        FAIL,
        CONFIG,
        ["app_secret"],
    ),
    (
        36009033,
        "Access denied. Your IP address is not in the IP allow list configured for this app.",
        403,
        "/order/202309/orders/search",
        FAIL,
        CONFIG,
        ["allow list"],
    ),
    (101000, "Invalid query or header.", 200, "/order/202309/orders/search", FAIL, CONFIG, ["re-authorize"]),
    (36009004, "Invalid credentials. Invalid `app_key` query parameter.", 400, "/order/202309/orders/search", FAIL, CONFIG, ["app_key"]),
    (36009004, "Invalid timestamp. The timestamp is expired.", 400, "/order/202309/orders/search", FAIL, CONFIG, ["clock"]),
    (36009004, "Invalid credentials. The `x-tts-access-token` header is invalid.", 400, "/order/202309/orders/search", REFRESH, None, []),
    (
        36009004,
        "Unexpected identifier. The `shop_cipher` query parameter is not required for this request.",
        400,
        "/authorization/202309/shops",
        FAIL,
        SYSTEM,
        [],
    ),
    (36009004, "param body.address is missing", 400, "/order/202309/orders/search", FAIL, SYSTEM, ["param body.address"]),
    (106013, "Missing identifier.", 400, "/order/202309/orders/search", FAIL, SYSTEM, []),
    (
        12052180,
        "The total number of search results can not exceed 10000.",
        200,
        "/product/202309/products/search",
        ResponseAction.SPLIT_REQUEST_WINDOW,
        None,
        [],
    ),
    (98001004, "Parameter x is invalid.", 200, "/product/202309/products/search", FAIL, SYSTEM, ["98001004"]),
]


@pytest.mark.parametrize(
    "status,path,words",
    [
        (403, "/finance/202309/statements", ["Finance Information", "Partner Center"]),
        (200, "/product/202309/products/search", ["Product Basic"]),
    ],
)
def test_a_missing_scope_is_a_config_error_that_names_the_partner_center_group(status, path, words):
    # Raised by the handler (not a FAIL resolution) so that add-on tables can tell it apart and skip themselves.
    with pytest.raises(ScopeMissingError) as raised:
        TikTokShopErrorHandler().interpret_response(response(105005, "Access denied.", status, path))
    assert raised.value.failure_type == CONFIG and raised.value.path == path
    for word in words:
        assert word in raised.value.message


@pytest.mark.parametrize("code,message,status,path,action,failure,words", CASES, ids=[f"{c[0]}-{c[2]}-{c[1][:20]}" for c in CASES])
def test_code_mapping(code, message, status, path, action, failure, words):
    resolution = TikTokShopErrorHandler().interpret_response(response(code, message, status, path))
    assert resolution.response_action == action
    if failure is not None:
        assert resolution.failure_type == failure
    for word in words:
        assert word in resolution.error_message


@pytest.mark.parametrize(
    "status,text,action,failure",
    [
        (502, "<html>Bad gateway</html>", RETRY, TRANSIENT),
        (503, "", RETRY, TRANSIENT),
        (429, "", RATE, TRANSIENT),
        (200, '{"code":0,"data":{"orders":[', RETRY, TRANSIENT),  # truncated body
        (404, "<html>Not Found</html>", FAIL, CONFIG),  # a web server that is not TikTok: wrong api_base_url
    ],
)
def test_bodies_that_are_not_envelopes(status, text, action, failure):
    resolution = TikTokShopErrorHandler().interpret_response(response(status=status, text=text))
    assert (resolution.response_action, resolution.failure_type) == (action, failure)


@pytest.mark.parametrize("exc", [requests.ConnectionError("reset"), requests.ReadTimeout("slow"), requests.ConnectTimeout("x")])
def test_connection_errors_and_timeouts_retry(exc):
    resolution = TikTokShopErrorHandler().interpret_response(exc)
    assert (resolution.response_action, resolution.failure_type) == (RETRY, TRANSIENT)


def test_backoff_honours_retry_after_and_otherwise_grows_with_jitter():
    strategy = TikTokShopBackoffStrategy(base_seconds=1.0, cap_seconds=60)
    assert strategy.backoff_time(response(36009002, status=429, headers={"Retry-After": "7"}), 1) == 7.0
    first = [strategy.backoff_time(response(36009003, status=500), 1) for _ in range(50)]
    third = [strategy.backoff_time(response(36009003, status=500), 3) for _ in range(50)]
    assert all(1.0 <= b <= 1.5 for b in first) and len(set(first)) > 1, "jitter"
    assert all(4.0 <= b <= 4.5 for b in third)
    assert strategy.backoff_time(response(36009003, status=500), 30) == 60
