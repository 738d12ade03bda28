"""Gateway checks: each rejection in the precedence list, statuses, envelope format."""

import re
import time

import requests

STMTS = "/finance/202309/statements"
STMT_Q = {"sort_field": "statement_time"}
SHOPS = "/authorization/202309/shops"


def test_envelope_and_request_id_format(client):
    resp = client.get(SHOPS)
    payload = resp.json()
    assert list(payload) == ["code", "message", "request_id", "data"]
    assert payload["message"] == "Success"
    assert re.fullmatch(r"\d{14}[0-9A-F]{20}", payload["request_id"])
    assert resp.headers["Content-Type"] == "application/json"


def test_unknown_path_and_wrong_version_404(client):
    client.error(client.get("/order/202309/nope"), 36009009, 404)
    client.error(client.get("/authorization/202310/shops"), 36009009, 404)
    client.error(client.get(SHOPS + "/"), 36009009, 404)


def test_wrong_method(client):
    client.error(client.get("/order/202309/orders/search", shop=client.shop()), 36009010, 405)
    client.error(client.post(SHOPS), 36009010)
    # GET on the fixed search path is a wrong method, not a product called "search"
    client.error(client.get("/product/202309/products/search", shop=client.shop()), 36009010)


def test_content_type_required(client):
    client.error(client.get(SHOPS, content_type=None), 36009004, 400, "content-type")
    client.error(client.get(SHOPS, content_type="text/plain"), 36009004, 400, "content-type")
    client.ok(client.get(SHOPS, content_type="application/json; charset=utf-8"))
    client.sb.require_content_type = False
    client.ok(client.get(SHOPS, content_type=None))


def test_app_key_missing_or_unknown(client):
    msg = "Invalid credentials. Invalid `app_key` query parameter."
    client.error(client.get(SHOPS, app_key=None), 36009004, 400, msg)
    client.error(client.get(SHOPS, app_key="6wrongappkey0000000000000"), 36009004, 400, msg)


def test_ip_blocked(client):
    client.sb.ip_blocked = True
    client.error(client.get(SHOPS), 36009033, 403)
    client.error(client.get(STMTS, STMT_Q, shop=client.shop()), 36009033, 403)
    client.sb.ip_blocked = False
    client.ok(client.get(SHOPS))


def test_missing_sign(client):
    client.error(client.get(SHOPS, signed=False), 36009004, 400, "Missing credentials")


def test_timestamp_window(client):
    now = int(time.time())
    client.error(client.get(SHOPS, timestamp=now - 400), 36009004, 400, "Invalid timestamp")
    client.error(client.get(SHOPS, timestamp=now + 120), 36009004, 400, "Invalid timestamp")
    client.error(client.get(SHOPS, timestamp=now * 1000), 36009004, 400, "Invalid timestamp")  # milliseconds
    client.ok(client.get(SHOPS, timestamp=now - 250))
    client.ok(client.get(SHOPS, timestamp=now + 20))


def test_clock_skew_knob(client):
    client.sb.clock_skew = 600  # server clock runs 10 minutes ahead
    client.error(client.get(SHOPS), 36009004, 400, "Invalid timestamp")
    client.ok(client.get(SHOPS, timestamp=int(time.time()) + 600))


def test_bad_signature(client):
    client.error(client.get(SHOPS, sign_override="0" * 64), 106001, 401, "`sign`")
    client.error(client.get(SHOPS, app_secret="not-the-secret-at-all-000000"), 106001, 401)
    good = client.get(SHOPS).request
    upper = good.url.replace(
        re.search(r"sign=([0-9a-f]{64})", good.url).group(1), re.search(r"sign=([0-9a-f]{64})", good.url).group(1).upper()
    )
    resp = requests.get(upper, headers=dict(good.headers), timeout=5)
    client.error(resp, 106001, 401)


def test_body_bytes_must_match_signed_bytes(client):
    shop = client.shop()
    path = "/order/202309/orders/search"
    signed_body = b'{"order_status":"COMPLETED"}'
    from tiktok_shop_sandbox.signing import sign

    q = {"page_size": "5", "shop_cipher": shop["cipher"], "app_key": client.sb.app_key, "timestamp": str(int(time.time()))}
    q["sign"] = sign(client.sb.app_secret, path, q, signed_body, "POST")
    headers = {"Content-Type": "application/json", "x-tts-access-token": client.token}
    sent = b'{"order_status": "COMPLETED"}'  # re-serialized with a space
    resp = requests.post(client.sb.base_url + path, params=q, data=sent, headers=headers, timeout=5)
    client.error(resp, 106001, 401)
    resp = requests.post(client.sb.base_url + path, params=q, data=signed_body, headers=headers, timeout=5)
    client.ok(resp)


def test_empty_post_body_accepts_either_convention(client):
    shop = client.shop()
    path = "/order/202309/orders/search"
    from tiktok_shop_sandbox.signing import sign

    for sent, signed in ((b"", b"{}"), (b"{}", b""), (b"{}", b"{}"), (b"", b"")):
        q = {"page_size": "5", "shop_cipher": shop["cipher"], "app_key": client.sb.app_key, "timestamp": str(int(time.time()))}
        q["sign"] = sign(client.sb.app_secret, path, q, signed, "POST")
        resp = requests.post(
            client.sb.base_url + path,
            params=q,
            data=sent,
            headers={"Content-Type": "application/json", "x-tts-access-token": client.token},
            timeout=5,
        )
        client.ok(resp)


def test_access_token_header_required(client):
    msg = "Invalid credentials. The `x-tts-access-token` header is invalid."
    client.error(client.get(SHOPS, token=None), 36009004, 400, msg)
    client.error(client.get(SHOPS, token="TTP_unknown_token_value_that_was_never_issued"), 36009004, 400, msg)
    # the legacy query parameter is not accepted (and is excluded from the signature)
    client.error(client.get(SHOPS, {"access_token": client.token}, token=None), 36009004, 400, msg)


def test_expired_access_token(client):
    tok = client.sb.issue_access_token(ttl=0)
    client.error(client.get(SHOPS, token=tok), 105002, 401, "Expired credentials")


def test_scope_revoked_and_granted(client):
    shop = client.shop()
    client.sb.revoke_group("finance")
    client.error(client.get(STMTS, STMT_Q, shop=shop), 105005, 403, "Access denied")
    client.ok(client.get(SHOPS))
    client.sb.grant_group("finance")
    client.ok(client.get(STMTS, STMT_Q, shop=shop))
    for group, (method, path, params) in {
        "authorization": ("GET", SHOPS, {}),
        "seller": ("GET", "/seller/202309/shops", {}),
        "product": ("POST", "/product/202309/products/search", {"page_size": 5}),
        "order": ("POST", "/order/202309/orders/search", {"page_size": 5}),
        "return_refund": ("POST", "/return_refund/202309/returns/search", {}),
        "fulfillment": ("POST", "/fulfillment/202309/packages/search", {"page_size": 5}),
        "logistics": ("GET", "/logistics/202309/warehouses", {}),
        "analytics": ("GET", "/analytics/202509/shop/performance", {"start_date_ge": "2025-10-01", "end_date_lt": "2025-10-08"}),
        "customer_service": (
            "GET",
            "/customer_service/202407/performance",
            {"support_date_ge": "2025-10-01", "support_date_lt": "2025-10-02"},
        ),
    }.items():
        shop_arg = None if path.startswith(("/authorization", "/seller")) else shop
        client.sb.revoke_group(group)
        client.error(client.call(method, path, params, {} if method == "POST" else None, shop=shop_arg), 105005, 403)
        client.sb.grant_group(group)
        client.ok(client.call(method, path, params, {} if method == "POST" else None, shop=shop_arg))


def test_shop_cipher_rules(client):
    client.error(client.get(STMTS, STMT_Q), 106013, 400, "Missing identifier")
    client.error(client.get(SHOPS, shop=client.shop()), 36009004, 400, "Unexpected identifier")
    client.error(client.get("/seller/202309/shops", shop=client.shop()), 36009004, 400, "Unexpected identifier")
    client.error(client.get(STMTS, STMT_Q, shop="ROW_doesnotexist0000000000000000"), 101000, 400)


def test_token_not_for_that_shop(client, make_client):
    shops = client.sb.data.shops
    narrow = make_client(client.sb, client.sb.issue_access_token(shop_ids=[shops[0]["id"]]))
    narrow.ok(narrow.get(STMTS, STMT_Q, shop=shops[0]))
    narrow.error(narrow.get(STMTS, STMT_Q, shop=shops[1]), 101000)
    assert [s["id"] for s in narrow.ok(narrow.get(SHOPS))["shops"]] == [shops[0]["id"]]


def test_precedence_order(client):
    """Several faults at once: the earliest check in the documented order wins."""
    expired = client.sb.issue_access_token(ttl=0)
    # bad sign beats expired token
    client.error(client.get(STMTS, STMT_Q, shop=client.shop(), token=expired, sign_override="0" * 64), 106001)
    # expired token beats missing shop_cipher
    client.error(client.get(STMTS, STMT_Q, token=expired), 105002)
    # app_key beats missing sign
    client.error(client.get(SHOPS, app_key="nope", signed=False), 36009004, message_part="app_key")
    # unknown path beats everything
    client.error(client.get("/nope/202309/x", app_key=None, signed=False, token=None), 36009009, 404)


def test_unknown_query_param_and_body_field_rejected(client):
    shop = client.shop()
    client.error(client.get(STMTS, {**STMT_Q, "page_number": 2}, shop=shop), 36009004, 400, "page_number")
    client.error(
        client.post("/order/202309/orders/search", {"page_size": 5}, {"update_time_le": 1}, shop=shop), 36009004, 400, "update_time_le"
    )
    # the Partner Center tool's extra params are tolerated
    client.ok(client.get(STMTS, {**STMT_Q, "shop_id": "", "version": "202309", "access_token": "x"}, shop=shop))
    client.sb.reject_unknown_params = False
    client.sb.reject_unknown_fields = False
    client.ok(client.get(STMTS, {**STMT_Q, "page_number": 2}, shop=shop))
    client.ok(client.post("/order/202309/orders/search", {"page_size": 5}, {"update_time_le": 1}, shop=shop))


def test_invalid_json_body(client):
    resp = client.call("POST", "/order/202309/orders/search", {"page_size": 5}, shop=client.shop(), raw_body=b"{not json")
    client.error(resp, 36009004, 400, "JSON")
    resp = client.call("POST", "/order/202309/orders/search", {"page_size": 5}, shop=client.shop(), raw_body=b"[1]")
    client.error(resp, 36009004, 400)


def test_errors_as_http_200_knob(client):
    client.sb.errors_as_http_200 = True
    client.error(client.get(SHOPS, signed=False), 36009004, 200)
    client.error(client.get(STMTS, STMT_Q), 106013, 200)
    client.error(client.get(SHOPS, token=client.sb.issue_access_token(ttl=0)), 105002, 200)


def test_requests_are_logged(client):
    client.sb.clear_requests()
    client.get(SHOPS)
    client.get(SHOPS, signed=False)
    log = client.sb.requests
    assert [(r.path, r.http_status, r.code) for r in log] == [(SHOPS, 200, 0), (SHOPS, 400, 36009004)]
    assert log[0]["method"] == "GET" and "sign" in log[0].query
    assert log[0].headers["x-tts-access-token"] == client.token
    assert log[0].body == b"" and log[0].timestamp > 0
