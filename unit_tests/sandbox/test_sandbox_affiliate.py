"""Affiliate Seller endpoints: records tied to the shop's orders and products, page sizes, filters and their
placement (query vs body) as the OAS has them, the API group's scope, determinism and mutations."""

from decimal import Decimal

import pytest

from tiktok_shop_sandbox import Sandbox

AFF_ORDERS = "/affiliate_seller/202410/orders/search"
OPEN = "/affiliate_seller/202412/open_collaborations/search"
TARGET = "/affiliate_seller/202508/target_collaborations/search"
SAMPLES = "/affiliate_seller/202508/sample_applications/search"


def target_detail(tid) -> str:
    return f"/affiliate_seller/202508/target_collaborations/{tid}"


def test_affiliate_orders_are_a_share_of_the_orders_with_their_items(ro):
    sb, shop = ro.sb, ro.shop(0)
    orders = {o["id"]: o for o in sb.data.orders[shop["id"]]}
    rows = sb.data.affiliate_orders[shop["id"]]
    assert 0.2 * len(orders) <= len(rows) <= 0.5 * len(orders)
    assert [r["create_time"] for r in rows] == sorted((r["create_time"] for r in rows), reverse=True)
    statuses = {r["status"] for r in rows}
    assert {"PROCESSING", "COMPLETED", "CANCELLED"} <= statuses <= {"PROCESSING", "COMPLETED", "CANCELLED", "FROZEN", "DEDUCTED"}
    creators = {c.username for c in sb.data.shop(shop["id"]).creators}
    for r in rows:
        order = orders[r["id"]]
        assert r["create_time"] == order["create_time"] and r.get("delivery_time") == order.get("delivery_time")
        units = {}
        for item in order["line_items"]:
            units[item["product_id"]] = units.get(item["product_id"], 0) + 1
        assert sum(s["quantity"] for s in r["skus"]) == len(order["line_items"])
        for sku in r["skus"]:
            assert sku["product_id"] in units and sku["creator_username"] in creators
            base = Decimal(sku["estimated_commission_base"]["amount"])
            assert base == Decimal(sku["price"]["amount"]) * sku["quantity"]
            commission = Decimal(sku["estimated_paid_commission"]["amount"])
            assert abs(commission - base * int(sku["commission_rate"]) / 10000) <= Decimal("0.5")
            assert sum(bool(sku[k]) for k in ("open_collaboration_id", "target_collaboration_id", "campaign_id")) == 1
            settled = r["status"] in ("COMPLETED", "DEDUCTED")
            assert (Decimal(sku["actual_commission_base"]["amount"]) > 0) == (settled and r["status"] != "DEDUCTED"), r
            assert sku["price"]["currency"] == "USD"


def test_affiliate_order_search_filters_pages_and_validates(ro):
    sb, shop = ro.sb, ro.shop(1)
    rows = sb.data.affiliate_orders[shop["id"]]
    walked, pages = ro.walk("POST", AFF_ORDERS, {"page_size": 7}, "orders", body={}, shop=shop)
    assert walked == rows and len(pages) > 2 and {p["total_count"] for p in pages} == {len(rows)}
    pivot = rows[len(rows) // 2]["create_time"]
    body = {"create_time_ge": pivot}
    got, _ = ro.walk("POST", AFF_ORDERS, {"page_size": 100}, "orders", body=body, shop=shop)
    assert got == [r for r in rows if r["create_time"] >= pivot]
    got, _ = ro.walk("POST", AFF_ORDERS, {"page_size": 100}, "orders", body={"create_time_lt": pivot}, shop=shop)
    assert got == [r for r in rows if r["create_time"] < pivot]
    program = next(s["open_collaboration_id"] for r in rows for s in r["skus"] if s["open_collaboration_id"])
    got, _ = ro.walk("POST", AFF_ORDERS, {"page_size": 100}, "orders", body={"program_id": program}, shop=shop)
    assert got and got == [r for r in rows if any(s["open_collaboration_id"] == program for s in r["skus"])]
    for bad in ({"page_size": 0}, {"page_size": 101}, {}):
        ro.error(ro.post(AFF_ORDERS, bad, {}, shop=shop), 36009004, 400, "page_size")
    # Filters go in the body, page size in the query (the OAS): each in the other place is refused.
    ro.error(ro.post(AFF_ORDERS, {"page_size": 10, "create_time_ge": pivot}, {}, shop=shop), 36009004, 400, "Unknown query")
    ro.error(ro.post(AFF_ORDERS, {"page_size": 10}, {"page_size": 10}, shop=shop), 36009004, 400, "page_size")
    ro.error(ro.post(AFF_ORDERS, {"page_size": 10}, {"update_time_ge": 1}, shop=shop), 36009004, 400, "update_time_ge")
    ro.error(ro.post(AFF_ORDERS, {"page_size": 10}, {}), 106013, 400)  # shop-scoped: shop_cipher required
    token = pages[0]["next_page_token"]
    ro.error(ro.post(AFF_ORDERS, {"page_size": 7, "page_token": token}, body, shop=shop), 36009004, 400, "page_token")


def test_open_collaborations_cover_listed_products(ro):
    sb, shop = ro.sb, ro.shop(0)
    rows = sb.data.affiliate_open_collaborations[shop["id"]]
    products = {p["id"]: p for p in sb.data.products[shop["id"]]}
    assert rows and len({r["product"]["id"] for r in rows}) == len(rows)
    for r in rows:
        product = products[r["product"]["id"]]
        assert r["product"]["title"] == product["title"] and product["status"] not in ("DRAFT", "DELETED")
        assert 100 <= r["current_commission"]["rate"] <= 8000 and r["status"] in ("NORMAL", "TERMINATING")
        assert len(r["id"]) == 11 and r["content_creator_count"] <= r["showcase_creator_count"]
    walked, _ = ro.walk("POST", OPEN, {"page_size": 5}, "open_collaborations", body={}, shop=shop)
    assert walked == rows
    title = rows[0]["product"]["title"]
    got = ro.ok(ro.post(OPEN, {"page_size": 100}, {"keyword": title.upper(), "keyword_type": "PRODUCT_NAME"}, shop=shop))
    assert rows[0] in got["open_collaborations"]
    pid = rows[1]["product"]["id"]
    got = ro.ok(ro.post(OPEN, {"page_size": 100}, {"keyword": pid, "keyword_type": "PRODUCT_ID"}, shop=shop))
    assert got["open_collaborations"] == [rows[1]]
    asc = ro.ok(ro.post(OPEN, {"page_size": 100, "sort_field": "product_original_price", "sort_order": "ASC"}, {}, shop=shop))
    prices = [Decimal(r["product"]["original_price"]["minimum_amount"]) for r in asc["open_collaborations"]]
    assert prices == sorted(prices)
    ro.error(ro.post(OPEN, {}, {}, shop=shop), 36009004, 400, "page_size")
    ro.error(ro.post(OPEN, {"page_size": 10, "sort_field": "rate"}, {}, shop=shop), 36009004, 400, "sort_field")
    ro.error(ro.post(OPEN, {"page_size": 10}, {"keyword": "x"}, shop=shop), 36009004, 400, "keyword_type")


def test_target_collaborations_by_status_and_their_detail(make_sandbox, make_client):
    # An anchor of now: the plans' statuses (relative to the anchor) are what the search sees today.
    sb = make_sandbox(seed=7, anchor=None)
    c = make_client(sb)
    shop = c.shop(0)
    plans = sb.data.affiliate_target_collaborations[shop["id"]]
    assert len(plans) == 8
    by_status = {}
    for status in ("ONGOING", "EXPIRING", "VALID", "CANCELING", "COMPLETED"):
        got, _ = c.walk("POST", TARGET, {"page_size": 20}, "target_collaborations", body={"collaboration_status": status}, shop=shop)
        by_status[status] = {r["id"] for r in got}
        assert got, status
    assert by_status["VALID"] == by_status["ONGOING"] | by_status["EXPIRING"]
    every = by_status["VALID"] | by_status["CANCELING"] | by_status["COMPLETED"]
    assert every == {p["id"] for p in plans} and len(plans) == sum(len(by_status[s]) for s in ("VALID", "CANCELING", "COMPLETED"))
    # Without a status only the running plans come back (SANDBOX CHOICE: the OAS names no default).
    assert {r["id"] for r in c.ok(c.post(TARGET, {}, {}, shop=shop))["target_collaborations"]} == by_status["VALID"]
    summary = c.ok(c.post(TARGET, {"page_size": 50}, {"collaboration_status": "COMPLETED"}, shop=shop))["target_collaborations"][0]
    assert "creators" not in summary and "creator_inivited_count" in summary
    detail = c.ok(c.get(target_detail(summary["id"]), shop=shop))["target_collaboration"]
    merged = next(p for p in plans if p["id"] == summary["id"])
    assert merged == {**summary, **detail}
    assert detail["creators"] and detail["products"] and detail["creator_invited_count"] == summary["creator_inivited_count"]
    products = {p["id"] for p in sb.data.products[shop["id"]]}
    assert {p["id"] for p in detail["products"]} <= products and len(detail["products"]) == detail["product_count"]
    assert all(isinstance(p["commission"]["effective_time"], str) for p in detail["products"])
    c.error(c.get(target_detail("1234"), shop=shop), 16020001, 404)
    other = c.shop(1)
    c.error(c.get(target_detail(summary["id"]), shop=other), 16020001, 404)
    for size in (10, 30, 200):
        c.error(c.post(TARGET, {"page_size": size}, {}, shop=shop), 36009004, 400, "page_size")
    c.error(c.post(TARGET, {"page_size": 20}, {"collaboration_status": "ALL"}, shop=shop), 36009004, 400, "collaboration_status")
    body = {"collaboration_status": "COMPLETED", "search_param": {"keyword": summary["id"], "keyword_type": "TARGET_COLLABORATION_ID"}}
    assert c.ok(c.post(TARGET, {}, body, shop=shop))["target_collaborations"] == [summary]
    c.error(c.post(TARGET, {}, {"search_param": {"keyword": "x"}}, shop=shop), 36009004, 400, "keyword")
    # Cancelling a running plan moves it to CANCELING.
    running = sorted(by_status["ONGOING"])[0]
    sb.mutate.cancel_target_collaborations(shop["id"], [running])
    got = c.ok(c.post(TARGET, {}, {"collaboration_status": "CANCELING"}, shop=shop))["target_collaborations"]
    assert running in {r["id"] for r in got}


def test_sample_applications_page_at_most_50_and_filter(ro):
    sb, shop = ro.sb, ro.shop(2)
    rows = sb.data.affiliate_sample_applications[shop["id"]]
    assert len(rows) == 70 and len({r["status"] for r in rows}) >= 5
    walked, pages = ro.walk("POST", SAMPLES, {"page_size": 50}, "sample_applications", body={}, shop=shop)
    assert walked == rows and len(pages) == 2
    assert len(ro.ok(ro.post(SAMPLES, {}, {}, shop=shop))["sample_applications"]) == 20  # default 20
    for bad in (0, 51):
        ro.error(ro.post(SAMPLES, {"page_size": bad}, {}, shop=shop), 36009004, 400, "page_size")
    status = rows[0]["status"]
    got, _ = ro.walk("POST", SAMPLES, {"page_size": 50}, "sample_applications", body={"status": status}, shop=shop)
    assert got == [r for r in rows if r["status"] == status]
    creator = rows[0]["creator"]
    got, _ = ro.walk(
        "POST", SAMPLES, {"page_size": 50}, "sample_applications", body={"creator_user_oepn_id": creator["creator_open_id"]}, shop=shop
    )
    assert got == [r for r in rows if r["creator"]["creator_open_id"] == creator["creator_open_id"]]
    ro.error(ro.post(SAMPLES, {}, {"status": "APPROVED"}, shop=shop), 36009004, 400, "status")
    ro.error(ro.post(SAMPLES, {}, {"creator_user_open_id": "x"}, shop=shop), 36009004, 400, "creator_user_open_id")
    products = {p["id"]: p for p in sb.data.products[shop["id"]]}
    for r in rows:
        sku_ids = {s["id"] for s in products[r["product"]["id"]]["skus"]}
        assert r["product"]["sku_id"] in sku_ids
        assert bool(r["order_id"]) == (
            r["status"] in ("AWAITING_SHIPMENT", "SHIPPED", "CONTENT_PENDING", "UNFULFILL_CANCELLED", "OPS_COMPLETED", "COMPLETED")
        )
        assert 0.01 <= float(r["commission_rate"]) <= 0.8


def test_the_affiliate_group_scope_guards_every_path(client):
    shop = client.shop()
    tid = client.sb.data.affiliate_target_collaborations[shop["id"]][0]["id"]
    calls = [
        ("POST", AFF_ORDERS, {"page_size": 5}),
        ("POST", OPEN, {"page_size": 5}),
        ("POST", TARGET, {}),
        ("POST", SAMPLES, {}),
        ("GET", target_detail(tid), {}),
    ]
    assert "seller.affiliate_collaboration.read" in client.sb.tokens.granted_scopes()
    client.sb.revoke_group("affiliate_seller")
    for method, path, params in calls:
        client.error(client.call(method, path, params, {} if method == "POST" else None, shop=shop), 105005, 403)
    client.sb.grant_group("affiliate_seller")
    for method, path, params in calls:
        client.ok(client.call(method, path, params, {} if method == "POST" else None, shop=shop))


def test_affiliate_data_is_deterministic_and_leaves_other_data_alone():
    kwargs = dict(seed=3, anchor=1_760_000_400, shops=2, orders_per_shop=120, products_per_shop=20)
    a, b = Sandbox(**kwargs), Sandbox(**kwargs)
    for name in ("affiliate_orders", "affiliate_open_collaborations", "affiliate_target_collaborations", "affiliate_sample_applications"):
        for shop in a.data.shops:
            assert getattr(a.data, name)[shop["id"]] == getattr(b.data, name)[shop["id"]], name
    # The affiliate world is drawn last and without the shared id allocator: removing it changes nothing else.
    shop = a.data.shop_list[0]
    assert shop.affiliate_orders and set(shop.affiliate_orders) <= set(shop.orders)


@pytest.mark.parametrize("status", ["COMPLETED", "DEDUCTED", "FROZEN"])
def test_affiliate_order_mutations(client, status):
    sb, shop = client.sb, client.shop()
    before = {r["id"]: r for r in sb.data.affiliate_orders[shop["id"]]}
    old = next(i for i, r in before.items() if r["status"] == "PROCESSING")
    sb.mutate.set_affiliate_order_status(shop["id"], [old], status)
    after = {r["id"]: r for r in sb.data.affiliate_orders[shop["id"]]}
    assert after[old]["status"] == status and after[old]["create_time"] == before[old]["create_time"]
    if status == "COMPLETED":
        assert all(s["actual_paid_commission"] == s["estimated_paid_commission"] for s in after[old]["skus"])
    if status == "DEDUCTED":
        assert all(s["refunded_quantity"] == s["quantity"] for s in after[old]["skus"])
    new = sb.mutate.add_affiliate_orders(shop["id"], 2)
    got = client.ok(client.post(AFF_ORDERS, {"page_size": 10}, {"create_time_ge": int(sb.now()) - 60}, shop=shop))["orders"]
    assert {r["id"] for r in got} == set(new)
    with pytest.raises(ValueError):
        sb.mutate.set_affiliate_order_status(shop["id"], [old], "ALL")


def test_sample_application_mutations(client):
    sb, shop = client.sb, client.shop()
    added = sb.mutate.add_sample_applications(shop["id"], 2)
    rows = {r["id"]: r for r in sb.data.affiliate_sample_applications[shop["id"]]}
    assert all(rows[i]["status"] == "PENDING" for i in added)
    sb.mutate.update_sample_applications(shop["id"], added)
    rows = {r["id"]: r for r in sb.data.affiliate_sample_applications[shop["id"]]}
    assert all(rows[i]["status"] == "AWAITING_SHIPMENT" and rows[i]["order_id"] for i in added)
