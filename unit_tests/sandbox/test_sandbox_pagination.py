"""Page sizes, page walks, page-token binding, the 10k cap, filter and sort semantics."""

import base64
import struct

import pytest

from tiktok_shop_sandbox import pagination

ORDERS = "/order/202309/orders/search"
PRODUCTS = "/product/202309/products/search"
STMTS = "/finance/202309/statements"


@pytest.mark.parametrize("size,ok", [(0, False), (1, True), (100, True), (101, False), ("abc", False), (-5, False)])
def test_order_and_product_page_size_range(client, size, ok):
    shop = client.shop()
    for path in (ORDERS, PRODUCTS):
        resp = client.post(path, {"page_size": size}, {}, shop=shop)
        if ok:
            assert len(client.ok(resp)[path.split("/")[-2]]) == min(size, 60 if path == PRODUCTS else 300)
        else:
            client.error(resp, 36009004, 400, "page_size")


def test_page_size_required_where_documented(client):
    shop = client.shop()
    client.error(client.post(ORDERS, {}, {}, shop=shop), 36009004, 400, "page_size")
    client.error(client.post(PRODUCTS, {}, {}, shop=shop), 36009004, 400, "page_size")
    # optional on statements (default 20), but still range checked
    assert len(client.ok(client.get(STMTS, {"sort_field": "statement_time"}, shop=shop))["statements"]) == 20
    client.error(client.get(STMTS, {"sort_field": "statement_time", "page_size": 101}, shop=shop), 36009004)


def test_order_walk_returns_each_record_once_with_stable_total(client):
    shop = client.shop()
    params = {"page_size": 7, "sort_field": "update_time", "sort_order": "ASC"}
    records, pages = client.walk("POST", ORDERS, params, "orders", body={}, shop=shop)
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)) == 300
    assert {p["total_count"] for p in pages} == {300}
    assert [r["update_time"] for r in records] == sorted(r["update_time"] for r in records)
    assert pages[-1]["next_page_token"] == ""
    assert set(ids) == set(client.sb.data.orders[shop["id"]].ids())


def test_product_walk_is_update_time_descending(client):
    shop = client.shop(1)
    records, pages = client.walk("POST", PRODUCTS, {"page_size": 9}, "products", body={}, shop=shop)
    assert len(records) == len({r["id"] for r in records}) == 60
    assert {p["total_count"] for p in pages} == {60}
    keys = [(r["update_time"], int(r["id"])) for r in records]
    assert keys == sorted(keys, reverse=True)


def test_statement_walk_and_no_total_count(client):
    shop = client.shop(2)
    records, pages = client.walk("GET", STMTS, {"sort_field": "statement_time", "page_size": 10}, "statements", shop=shop)
    assert [r["id"] for r in records] == [s["id"] for s in client.sb.data.statements[shop["id"]]]
    assert all("total_count" not in p for p in pages)
    desc, _ = client.walk("GET", STMTS, {"sort_field": "statement_time", "sort_order": "DESC", "page_size": 100}, "statements", shop=shop)
    assert desc == records[::-1]


def test_transaction_walk(client):
    sb = client.sb
    shop = client.shop(0)
    st = max(sb.data.statements[shop["id"]], key=lambda s: len(sb.data.transactions[shop["id"]][s["id"]]))
    path = f"/finance/202501/statements/{st['id']}/statement_transactions"
    rows, pages = client.walk("GET", path, {"sort_field": "order_create_time", "page_size": 2}, "transactions", shop=shop)
    assert rows == sb.data.transactions[shop["id"]][st["id"]]
    assert {p["total_count"] for p in pages} == {len(rows)}


def test_page_token_is_bound_to_filters(client):
    shop = client.shop()
    first = client.ok(client.post(ORDERS, {"page_size": 5}, {"order_status": "COMPLETED"}, shop=shop))
    token = first["next_page_token"]
    assert token and token.endswith("=")  # standard base64: needs URL-encoding on the wire
    client.ok(client.post(ORDERS, {"page_size": 5, "page_token": token}, {"order_status": "COMPLETED"}, shop=shop))
    client.error(
        client.post(ORDERS, {"page_size": 5, "page_token": token}, {"order_status": "CANCELLED"}, shop=shop), 36009004, 400, "page_token"
    )
    client.error(
        client.post(ORDERS, {"page_size": 5, "page_token": token, "sort_order": "ASC"}, {"order_status": "COMPLETED"}, shop=shop),
        36009004,
        400,
        "page_token",
    )
    client.error(
        client.post(ORDERS, {"page_size": 5, "page_token": token}, {"order_status": "COMPLETED"}, shop=client.shop(1)),
        36009004,
        400,
        "page_token",
    )
    client.error(client.post(ORDERS, {"page_size": 5, "page_token": "garbage!!"}, {}, shop=shop), 36009004, 400, "page_token")


def test_unencoded_plus_in_page_token_breaks(client):
    """A client that does not URL-encode the token sends '+' which the server decodes as a space."""
    shop = client.shop()
    fp = pagination.fingerprint("orders", shop["id"], {}, "create_time", "DESC")
    token = pagination.encode_token(5, fp)
    assert client.ok(client.post(ORDERS, {"page_size": 5, "page_token": token}, {}, shop=shop))
    mangled = token.replace("+", " ").replace("/", "_")
    if mangled != token:
        client.error(client.post(ORDERS, {"page_size": 5, "page_token": mangled}, {}, shop=shop), 36009004)


def test_last_page_token_omitted_knob(client):
    shop = client.shop()
    client.sb.omit_last_page_token = True
    data = client.ok(client.post(ORDERS, {"page_size": 100}, {"order_status": "CANCELLED"}, shop=shop))
    assert "next_page_token" not in data and data["total_count"] == len(data["orders"])


def test_product_search_cap_at_10000(make_sandbox, make_client):
    sb = make_sandbox(seed=11, shops=1, products_per_shop=10_050, orders_per_shop=1, statement_days=1)
    client = make_client(sb)
    shop = client.shop()
    fp = pagination.fingerprint("products", shop["id"], {})
    near_end = pagination.encode_token(9_900, fp)
    data = client.ok(client.post(PRODUCTS, {"page_size": 100, "page_token": near_end}, {}, shop=shop))
    assert data["total_count"] == 10_050 and len(data["products"]) == 100
    client.error(
        client.post(PRODUCTS, {"page_size": 100, "page_token": data["next_page_token"]}, {}, shop=shop), 12052180, message_part="10000"
    )
    client.error(client.post(PRODUCTS, {"page_size": 20, "page_token": pagination.encode_token(9_990, fp)}, {}, shop=shop), 12052180)
    # narrowing with an update_time window gets under the cap
    cut = sorted(p.update_time for p in sb.data.shop(shop["id"]).products.values())[5_000]
    data = client.ok(client.post(PRODUCTS, {"page_size": 100}, {"update_time_le": cut}, shop=shop))
    assert data["total_count"] <= 5_001


def test_token_layout_is_offset_plus_digest():
    fp = pagination.fingerprint("x", 1)
    raw = base64.b64decode(pagination.encode_token(42, fp))
    assert struct.unpack(">Q", raw[:8])[0] == 42 and raw[8:] == fp


def test_order_filters_ge_inclusive_lt_exclusive(client):
    sb = client.sb
    shop = client.shop()
    orders = list(sb.data.orders[shop["id"]])
    t = sorted(o["update_time"] for o in orders)[150]
    t2 = sorted(o["update_time"] for o in orders)[200]
    body = {"update_time_ge": t, "update_time_lt": t2}
    rows, _ = client.walk("POST", ORDERS, {"page_size": 100, "sort_field": "update_time"}, "orders", body=body, shop=shop)
    assert {r["id"] for r in rows} == {o["id"] for o in orders if t <= o["update_time"] < t2}
    assert any(r["update_time"] == t for r in rows) and all(r["update_time"] != t2 for r in rows)
    c = sorted(o["create_time"] for o in orders)[100]
    rows, _ = client.walk("POST", ORDERS, {"page_size": 100}, "orders", body={"create_time_lt": c, "order_status": "COMPLETED"}, shop=shop)
    assert {r["id"] for r in rows} == {o["id"] for o in orders if o["create_time"] < c and o["status"] == "COMPLETED"}
    client.error(client.post(ORDERS, {"page_size": 5}, {"update_time_ge": "1700000000"}, shop=shop), 36009004)
    client.error(client.post(ORDERS, {"page_size": 5}, {"order_status": "SHIPPED"}, shop=shop), 36009004)


def test_product_filters_ge_le_inclusive(client):
    sb = client.sb
    shop = client.shop()
    products = list(sb.data.products[shop["id"]])
    times = sorted(p["update_time"] for p in products)
    lo, hi = times[10], times[40]
    rows, _ = client.walk("POST", PRODUCTS, {"page_size": 100}, "products", body={"update_time_ge": lo, "update_time_le": hi}, shop=shop)
    assert {r["id"] for r in rows} == {p["id"] for p in products if lo <= p["update_time"] <= hi}
    assert any(r["update_time"] == hi for r in rows)
    rows = client.ok(client.post(PRODUCTS, {"page_size": 100}, {"status": "ACTIVATE"}, shop=shop))["products"]
    assert rows and all(r["status"] == "ACTIVATE" for r in rows)
    client.error(client.post(PRODUCTS, {"page_size": 5}, {"update_time_lt": hi}, shop=shop), 36009004, 400, "update_time_lt")


def test_order_sort_defaults_are_create_time_desc(client):
    shop = client.shop()
    rows = client.ok(client.post(ORDERS, {"page_size": 100}, {}, shop=shop))["orders"]
    keys = [(r["create_time"], int(r["id"])) for r in rows]
    assert keys == sorted(keys, reverse=True)
    client.error(client.post(ORDERS, {"page_size": 5, "sort_field": "paid_time"}, {}, shop=shop), 36009004, 400, "sort_field")
    client.error(client.post(ORDERS, {"page_size": 5, "sort_order": "asc"}, {}, shop=shop), 36009004, 400, "sort_order")


def test_order_attribute_filters(client):
    shop = client.shop()
    orders = list(client.sb.data.orders[shop["id"]])
    buyer = orders[0]["user_id"]
    rows = client.ok(client.post(ORDERS, {"page_size": 100}, {"buyer_user_id": buyer}, shop=shop))["orders"]
    assert orders[0]["id"] in {r["id"] for r in rows} and {r["user_id"] for r in rows} == {buyer}
    rows, _ = client.walk("POST", ORDERS, {"page_size": 100}, "orders", body={"shipping_type": "SELLER"}, shop=shop)
    assert {r["id"] for r in rows} == {o["id"] for o in orders if o["shipping_type"] == "SELLER"}
