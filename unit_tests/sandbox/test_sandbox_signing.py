"""Signature algorithm: published vectors (GET /authorization/202309/shops; an SDK's /test-api), vectors for
POST /order/202309/orders/search and GET /order/202309/orders, and the server-side verify rules."""

from tiktok_shop_sandbox import signing

SECRET = "e59af819cc"
CIPHER = "GCP_XF90igAAAABh00qsWgtvOiGFNqyubMt3"


def test_v1_official_vector():
    query = {"app_key": "29a39d", "timestamp": "1623812664"}
    assert signing.base_string("/authorization/202309/shops", query) == b"/authorization/202309/shopsapp_key29a39dtimestamp1623812664"
    assert signing.sign(SECRET, "/authorization/202309/shops", query) == "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8"


def test_v2_php_vector():
    assert signing.sign("app_secret", "/test-api", {"foo": "bar"}) == "d3cb7fe11ecae942802ceeca67e7cf10120cc12f1517d45fbc1c8cfe5413c80f"


def test_v3_post_with_body_ignores_sign_and_access_token():
    query = {
        "app_key": "29a39d",
        "timestamp": "1623812664",
        "shop_cipher": CIPHER,
        "page_size": "100",
        "sort_field": "update_time",
        "sort_order": "ASC",
        "access_token": "IGNORED",
        "sign": "IGNORED",
    }
    body = '{"update_time_ge":1623800000,"update_time_lt":1623812000}'
    expected_base = (
        "/order/202309/orders/searchapp_key29a39dpage_size100shop_cipher"
        + CIPHER
        + "sort_fieldupdate_timesort_orderASCtimestamp1623812664"
        + body
    )
    assert signing.base_string("/order/202309/orders/search", query, body, "POST") == expected_base.encode()
    assert (
        signing.sign(SECRET, "/order/202309/orders/search", query, body, "POST")
        == "1adbe54ed703eb2955adc36bd5848a0a358d31695e69932942e6c02f16eda429"
    )


def test_v4_get_with_comma_joined_ids():
    query = {"app_key": "29a39d", "ids": "576461413038785752,576461413038785753", "shop_cipher": CIPHER, "timestamp": "1623812664"}
    assert signing.sign(SECRET, "/order/202309/orders", query) == "0e888959aae6ea5a2e5270c90de0cdaa00789074fe554bf0644af041d2af5397"


def test_get_body_and_multipart_body_are_not_signed():
    q = {"a": "1"}
    assert signing.sign(SECRET, "/p", q, b'{"x":1}', "GET") == signing.sign(SECRET, "/p", q, b"", "GET")
    assert signing.sign(SECRET, "/p", q, b"--xx", "POST", "multipart/form-data; boundary=xx") == signing.sign(SECRET, "/p", q)


def test_verify_rejects_uppercase_hex_and_other_bodies():
    q = {"app_key": "k", "timestamp": "1"}
    good = signing.sign(SECRET, "/p", q, b'{"a":1}', "POST")
    assert signing.verify(SECRET, "/p", q, b'{"a":1}', "POST", "application/json", good)
    assert not signing.verify(SECRET, "/p", q, b'{"a":1}', "POST", "application/json", good.upper())
    # same JSON, different bytes -> different signature
    assert not signing.verify(SECRET, "/p", q, b'{"a": 1}', "POST", "application/json", good)


def test_verify_accepts_both_conventions_for_empty_body():
    q = {"app_key": "k", "timestamp": "1"}
    with_braces = signing.sign(SECRET, "/p", q, b"{}", "POST")
    without = signing.sign(SECRET, "/p", q, b"", "POST")
    for body in (b"", b"{}"):
        assert signing.verify(SECRET, "/p", q, body, "POST", "application/json", with_braces)
        assert signing.verify(SECRET, "/p", q, body, "POST", "application/json", without)
    # ... but not for a non-empty body
    assert not signing.verify(SECRET, "/p", q, b'{"a":1}', "POST", "application/json", without)


def test_values_are_signed_url_decoded():
    token = "6AsPQsUM/N5M1k+7D1ud64MPNz5OaT=="
    sig = signing.sign(SECRET, "/p", {"page_token": token})
    assert signing.base_string("/p", {"page_token": token}) == b"/ppage_token" + token.encode()
    assert sig != signing.sign(SECRET, "/p", {"page_token": token.replace("+", " ")})
