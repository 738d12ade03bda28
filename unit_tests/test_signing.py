"""Request signing against known vectors: two published ones, V1 (GET /authorization/202309/shops) and V2
(the PHP SDK's GET /test-api), and two constructed ones, V3 (POST /order/202309/orders/search, a JSON body)
and V4 (GET /order/202309/orders, comma-separated ids)."""

import json
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from source_tiktok_shop.signing import sign_request

V3_BODY = '{"update_time_ge":1623800000,"update_time_lt":1623812000}'
CIPHER = "GCP_XF90igAAAABh00qsWgtvOiGFNqyubMt3"


@pytest.mark.parametrize(
    "secret,path,query,body,expected",
    [
        (
            "e59af819cc",
            "/authorization/202309/shops",
            [("app_key", "29a39d"), ("timestamp", "1623812664")],
            None,
            "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8",
        ),
        ("app_secret", "/test-api", [("foo", "bar")], None, "d3cb7fe11ecae942802ceeca67e7cf10120cc12f1517d45fbc1c8cfe5413c80f"),
        (
            "e59af819cc",
            "/order/202309/orders/search",
            [
                ("app_key", "29a39d"),
                ("timestamp", "1623812664"),
                ("shop_cipher", CIPHER),
                ("page_size", "100"),
                ("sort_field", "update_time"),
                ("sort_order", "ASC"),
                ("access_token", "IGNORED"),
                ("sign", "IGNORED"),
            ],
            V3_BODY,
            "1adbe54ed703eb2955adc36bd5848a0a358d31695e69932942e6c02f16eda429",
        ),
        (
            "e59af819cc",
            "/order/202309/orders",
            [("app_key", "29a39d"), ("ids", "576461413038785752,576461413038785753"), ("shop_cipher", CIPHER), ("timestamp", "1623812664")],
            None,
            "0e888959aae6ea5a2e5270c90de0cdaa00789074fe554bf0644af041d2af5397",
        ),
    ],
    ids=["V1-official", "V2-php-sdk", "V3-post-body", "V4-comma-ids"],
)
def test_signature_vectors(secret, path, query, body, expected):
    assert sign_request(secret, path, query, body) == expected


def test_body_bytes_and_str_sign_the_same():
    query = [("app_key", "29a39d"), ("timestamp", "1623812664")]
    assert sign_request("s" * 20, "/p", query, V3_BODY) == sign_request("s" * 20, "/p", query, V3_BODY.encode())


def test_a_reserialised_body_changes_the_sign():
    query = [("app_key", "29a39d"), ("timestamp", "1623812664")]
    pretty = json.dumps(json.loads(V3_BODY))  # ", " and ": " separators: different bytes, same JSON
    assert sign_request("e59af819cc", "/p", query, pretty) != sign_request("e59af819cc", "/p", query, V3_BODY)


def test_authenticator_signs_the_prepared_body_and_decoded_query(authenticator_factory):
    auth = authenticator_factory(app_key="29a39d", app_secret="e59af819cc-long-secret-value")
    prepared = requests.Request(
        "POST",
        "https://example.test/order/202309/orders/search",
        params={"page_size": 100, "page_token": "a+b/c=="},
        json={"update_time_ge": 1},
    ).prepare()
    auth.sign(prepared)
    parts = urlsplit(prepared.url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    sent = dict(query)
    assert sent["page_token"] == "a+b/c=="  # signed decoded, sent encoded
    assert "%2B" in parts.query
    expected = sign_request("e59af819cc-long-secret-value", parts.path, [kv for kv in query if kv[0] != "sign"], prepared.body)
    assert sent["sign"] == expected
    assert prepared.headers["Content-Type"] == "application/json"


def test_retry_replaces_rather_than_appends_signed_params(authenticator_factory, monkeypatch):
    auth = authenticator_factory(app_key="29a39d", app_secret="another-long-secret-value-x")
    prepared = requests.Request("GET", "https://example.test/finance/202309/statements", params={"page_size": 5}).prepare()
    clock = iter([1_700_000_000, 1_700_000_042])
    monkeypatch.setattr("source_tiktok_shop.auth.time.time", lambda: next(clock))
    auth.sign(prepared)
    first = dict(parse_qsl(urlsplit(prepared.url).query))
    auth.sign(prepared)
    query = parse_qsl(urlsplit(prepared.url).query)
    keys = [k for k, _ in query]
    assert keys.count("timestamp") == 1 and keys.count("sign") == 1 and keys.count("app_key") == 1
    second = dict(query)
    assert second["timestamp"] == "1700000042" and second["sign"] != first["sign"]
