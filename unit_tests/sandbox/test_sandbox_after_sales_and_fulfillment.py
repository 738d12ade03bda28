"""Returns, cancellations, packages and warehouses: records agree with their orders; filters, sorts, walks, mutations."""

import time
from decimal import Decimal

from sandbox_paths import CANCELS, PACKAGES, RETURNS, WAREHOUSES


def test_returns_reference_orders_and_filter(ro):
    sb, shop = ro.sb, ro.shop(0)
    rows = sb.data.returns[shop["id"]]
    orders = {o["id"]: o for o in sb.data.orders[shop["id"]]}
    assert 0.02 * len(orders) <= len(rows) <= 0.1 * len(orders)
    for r in rows:
        order = orders[r["order_id"]]
        assert order["status"] in ("DELIVERED", "COMPLETED") and r["create_time"] >= order["create_time"]
        items = {li["id"]: li for li in order["line_items"]}
        assert r["return_line_items"] and all(x["order_line_item_id"] in items for x in r["return_line_items"])
        amount = {k: Decimal(v) for k, v in r["refund_amount"].items() if k != "currency"}
        assert amount["refund_total"] == amount["refund_subtotal"] + amount["refund_shipping_fee"] + amount["refund_tax"]
        assert amount["refund_subtotal"] == sum(Decimal(x["refund_amount"]["refund_subtotal"]) for x in r["return_line_items"])
        assert {"discount_amount", "shipping_fee_amount", "combined_return_id", "return_reason"} <= set(r)
    walked, pages = ro.walk("POST", RETURNS, {"page_size": 10}, "return_orders", body={}, shop=shop)
    assert walked == rows and {p["total_count"] for p in pages} == {len(rows)}
    pivot = rows[len(rows) // 2]
    got = ro.ok(ro.post(RETURNS, {"page_size": 50}, {"create_time_ge": pivot["create_time"]}, shop=shop))["return_orders"]
    assert got == [r for r in rows if r["create_time"] >= pivot["create_time"]]
    got = ro.ok(ro.post(RETURNS, {"page_size": 50}, {"create_time_lt": pivot["create_time"]}, shop=shop))["return_orders"]
    assert got == [r for r in rows if r["create_time"] < pivot["create_time"]]
    desc = ro.ok(ro.post(RETURNS, {"page_size": 50, "sort_field": "update_time", "sort_order": "DESC"}, {}, shop=shop))
    assert [r["update_time"] for r in desc["return_orders"]] == sorted((r["update_time"] for r in rows), reverse=True)
    some = rows[:3]
    body = {"order_ids": [r["order_id"] for r in some], "return_ids": [r["return_id"] for r in some[:2]]}
    assert ro.ok(ro.post(RETURNS, {}, body, shop=shop))["return_orders"] == some[:2]
    kind = rows[0]["return_type"]
    got = ro.ok(ro.post(RETURNS, {"page_size": 50}, {"return_types": [kind]}, shop=shop))["return_orders"]
    assert got == [r for r in rows if r["return_type"] == kind]
    status = rows[0]["return_status"]
    got = ro.ok(ro.post(RETURNS, {"page_size": 50}, {"return_status": [status]}, shop=shop))["return_orders"]
    assert got == [r for r in rows if r["return_status"] == status]
    buyer = {o["id"]: o["user_id"] for o in sb.data.orders[shop["id"]]}
    got = ro.ok(ro.post(RETURNS, {"page_size": 50}, {"buyer_user_ids": [buyer[rows[0]["order_id"]]]}, shop=shop))["return_orders"]
    assert got == [r for r in rows if buyer[r["order_id"]] == buyer[rows[0]["order_id"]]] and got
    assert ro.ok(ro.post(RETURNS, {"page_size": 50}, {"seller_proposed_return_type": ["PARTIAL_REFUND"]}, shop=shop))["return_orders"] == []


def test_cancellations_are_the_cancelled_orders(ro):
    sb, shop = ro.sb, ro.shop(2)
    rows = sb.data.cancellations[shop["id"]]
    orders = {o["id"]: o for o in sb.data.orders[shop["id"]]}
    assert sorted(r["order_id"] for r in rows) == sorted(i for i, o in orders.items() if o["status"] == "CANCELLED")
    for r in rows:
        order = orders[r["order_id"]]
        assert r["role"] == order["cancellation_initiator"] and r["cancel_reason_text"] == order["cancel_reason"]
        assert r["cancel_type"] == ("BUYER_CANCEL" if r["role"] == "BUYER" else "CANCEL")
        assert ("refund_amount" in r) == ("paid_time" in order)
        if "refund_amount" in r:
            assert r["refund_amount"]["refund_total"] == order["payment"]["total_amount"]
        assert [x["order_line_item_id"] for x in r["cancel_line_items"]] == [li["id"] for li in order["line_items"]]
    assert any("refund_amount" not in r for r in rows) and any("refund_amount" in r for r in rows)
    walked, pages = ro.walk("POST", CANCELS, {"page_size": 4}, "cancellations", body={}, shop=shop)
    assert walked == rows and pages[-1]["next_page_token"] == ""
    got = ro.ok(ro.post(CANCELS, {"page_size": 50}, {"cancel_types": ["BUYER_CANCEL"]}, shop=shop))["cancellations"]
    assert got == [r for r in rows if r["cancel_type"] == "BUYER_CANCEL"] and got
    status = rows[0]["cancel_status"]
    got = ro.ok(ro.post(CANCELS, {"page_size": 50}, {"cancel_status": [status]}, shop=shop))["cancellations"]
    assert got == [r for r in rows if r["cancel_status"] == status] and got
    body = {"cancel_ids": [r["cancel_id"] for r in rows[:2]], "buyer_user_ids": [orders[rows[0]["order_id"]]["user_id"]]}
    assert ro.ok(ro.post(CANCELS, {"page_size": 50}, body, shop=shop))["cancellations"] == [
        r for r in rows[:2] if orders[r["order_id"]]["user_id"] == orders[rows[0]["order_id"]]["user_id"]
    ]


# -- packages, warehouses --------------------------------------------------------------------------------------------


def test_packages_match_orders_and_filter(ro):
    sb, shop = ro.sb, ro.shop(0)
    rows = sb.data.packages[shop["id"]]
    orders = {o["id"]: o for o in sb.data.orders[shop["id"]]}
    assert {p["id"] for p in rows} == {pk["id"] for o in orders.values() for pk in o["packages"]}
    for p in rows:
        order = orders[p["orders"][0]["id"]]
        assert order["packages"] == [{"id": p["id"]}]
        assert p["order_line_item_ids"] == [li["id"] for li in order["line_items"]]
        assert sum(s["quantity"] for s in p["orders"][0]["skus"]) == len(order["line_items"])
        assert p["update_time"] == order["update_time"] and order["create_time"] <= p["create_time"] <= p["update_time"]
    walked, pages = ro.walk("POST", PACKAGES, {"page_size": 50}, "packages", body={}, shop=shop)
    assert walked == rows and {p["total_count"] for p in pages} == {len(rows)}
    assert [p["create_time"] for p in rows] == sorted((p["create_time"] for p in rows), reverse=True)
    since = sorted(p["update_time"] for p in rows)[-20]
    got = ro.ok(
        ro.post(PACKAGES, {"page_size": 50, "sort_field": "update_time", "sort_order": "ASC"}, {"update_time_ge": since}, shop=shop)
    )["packages"]
    assert [p["id"] for p in got] == [
        p["id"] for p in sorted((p for p in rows if p["update_time"] >= since), key=lambda p: (p["update_time"], int(p["id"])))
    ]
    got = ro.ok(ro.post(PACKAGES, {"page_size": 50}, {"package_status": "PROCESSING"}, shop=shop))["packages"]
    assert got == [p for p in rows if p["status"] == "PROCESSING"]
    lo = rows[-40]["create_time"]
    got, _ = ro.walk(
        "POST",
        PACKAGES,
        {"page_size": 50, "sort_field": "order_pay_time", "sort_order": "ASC"},
        "packages",
        body={"create_time_lt": lo},
        shop=shop,
    )
    assert sorted(p["id"] for p in got) == sorted(p["id"] for p in rows if p["create_time"] < lo) and len(got) == 39


def test_warehouses(ro):
    for shop in ro.sb.data.shops:
        rows = ro.ok(ro.get(WAREHOUSES, shop=shop))["warehouses"]
        assert rows == ro.sb.data.warehouses[shop["id"]]
        used = {inv["warehouse_id"] for p in ro.sb.data.products[shop["id"]] for s in p["skus"] for inv in s["inventory"]}
        assert used <= {w["id"] for w in rows if w["type"] == "SALES_WAREHOUSE"}
        for w in rows:
            assert {"contact_person", "phone_number", "distict", "full_address", "geolocation"} <= set(w["address"])
            assert "*" in w["address"]["phone_number"]
        assert [w["is_default"] for w in rows].count(True) == 1


def test_after_sales_and_package_mutations(client):
    sb = client.sb
    shop = client.shop()
    sid = shop["id"]
    now = int(time.time())
    new_returns = sb.mutate.add_returns(sid, 2, at=now)
    moved_returns = sb.mutate.update_returns(sid, 2, at=now + 1)
    got = client.ok(client.post(RETURNS, {"page_size": 50, "sort_field": "update_time"}, {"update_time_ge": now}, shop=shop))
    assert {r["return_id"] for r in got["return_orders"]} == set(new_returns) | set(moved_returns)
    assert all(
        r["return_status"] in ("RETURN_OR_REFUND_REQUEST_PENDING", "REPLACEMENT_REQUEST_PENDING")
        for r in got["return_orders"]
        if r["return_id"] in set(new_returns) - set(moved_returns)
    )
    cancels = sb.mutate.add_cancellations(sid, 2, at=now + 2)
    rows = {c["cancel_id"]: c for c in sb.data.cancellations[sid]}
    orders = sb.data.orders[sid]
    for cid in cancels:
        order = orders.by_id(rows[cid]["order_id"])
        assert order["status"] == "CANCELLED" and order["update_time"] == now + 2 == rows[cid]["create_time"]
    assert sb.mutate.update_cancellations(sid, cancels, at=now + 3) == cancels
    assert {sb.data.cancellations[sid][-1]["update_time"]} == {now + 3}
    added = sb.mutate.add_packages(sid, 1, at=now + 4)
    moved = sb.mutate.update_packages(sid, 2, at=now + 5)
    got = client.ok(client.post(PACKAGES, {"page_size": 50}, {"update_time_ge": now + 4}, shop=shop))["packages"]
    assert {p["id"] for p in got} == set(added) | set(moved)
    assert all(orders.by_id(p["orders"][0]["id"])["packages"] == [{"id": p["id"]}] for p in got)
