"""Returns to analytics: signed requests, page limits, required params, filters, walks, knobs, mutations, determinism."""

import datetime as dt
import re
import time
from collections import Counter
from decimal import Decimal

import importlib.util
import pathlib

import pytest

from tiktok_shop_sandbox import Sandbox

ANCHOR = 1_760_000_400  # same fixed anchor as the fixtures use

RETURNS = "/return_refund/202309/returns/search"
CANCELS = "/return_refund/202309/cancellations/search"
PAYMENTS = "/finance/202309/payments"
WITHDRAWALS = "/finance/202309/withdrawals"
UNSETTLED = "/finance/202507/orders/unsettled"
PACKAGES = "/fulfillment/202309/packages/search"
WAREHOUSES = "/logistics/202309/warehouses"
CATEGORIES = "/product/202309/categories"
BRANDS = "/product/202309/brands"
INVENTORY = "/product/202309/inventory/search"
SHOP_PERF = "/analytics/202405/shop/performance"
PRODUCT_PERF = "/analytics/202405/shop_products/performance"
SKU_PERF = "/analytics/202406/shop_skus/performance"
ALL_TYPES = "WITHDRAW,SETTLE,TRANSFER,REVERSE"
DATES = {"start_date_ge": "2025-09-01", "end_date_lt": "2025-10-09"}


def order_txns_path(order_id):
    return f"/finance/202501/orders/{order_id}/statement_transactions"


@pytest.fixture(scope="module")
def ro():
    """A read-only sandbox shared by the tests of this module that do not mutate."""
    # The signing client of this directory's conftest, loaded by path (unit_tests/ has a conftest of its own).
    spec = importlib.util.spec_from_file_location("sandbox_conftest", pathlib.Path(__file__).with_name("conftest.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sandbox = Sandbox(seed=7, anchor=ANCHOR).start()
    c = module.Client(sandbox)
    yield c
    c.session.close()
    sandbox.stop()


# (method, path, base params, body, page_size lo, hi, default or None when required, list key)
PAGED = [
    ("POST", RETURNS, {}, {}, 10, 50, 10, "return_orders"),
    ("POST", CANCELS, {}, {}, 1, 50, 10, "cancellations"),
    ("POST", PACKAGES, {}, {}, 1, 50, None, "packages"),
    ("GET", PAYMENTS, {"sort_field": "create_time"}, None, 1, 100, 20, "payments"),
    ("GET", WITHDRAWALS, {"types": ALL_TYPES}, None, 1, 100, 20, "withdrawals"),
    ("GET", UNSETTLED, {"sort_field": "order_create_time"}, None, 1, 100, 20, "transactions"),
    ("GET", BRANDS, {}, None, 1, 100, None, "brands"),
    ("GET", PRODUCT_PERF, DATES, None, 1, 100, 10, "products"),
    ("GET", SKU_PERF, DATES, None, 1, 100, 10, "skus"),
]


def test_every_new_endpoint_answers_a_signed_request(ro):
    us = ro.shop(0)
    for method, path, params, body, lo, _, _, key in PAGED:
        data = ro.ok(ro.call(method, path, {**params, "page_size": lo}, body, shop=us))
        assert isinstance(data[key], list) and "next_page_token" in data, path
    oid = ro.sb.data.orders[us["id"]].ids()[0]
    assert ro.ok(ro.get(order_txns_path(oid), shop=us))["order_id"] == oid
    assert ro.ok(ro.get(WAREHOUSES, shop=us))["warehouses"]
    assert ro.ok(ro.get(CATEGORIES, {"category_version": "v2"}, shop=us))["categories"]
    pid = ro.sb.data.inventory[us["id"]][0]["product_id"]
    assert ro.ok(ro.post(INVENTORY, {}, {"product_ids": [pid]}, shop=us))["inventory"][0]["product_id"] == pid
    assert ro.ok(ro.get(SHOP_PERF, DATES, shop=us))["performance"]["intervals"]


@pytest.mark.parametrize("method,path,params,body,lo,hi,default,key", PAGED, ids=[p[1] for p in PAGED])
def test_page_size_limits(ro, method, path, params, body, lo, hi, default, key):
    shop = ro.shop(1)
    for bad in (lo - 1, hi + 1, "ten"):
        ro.error(ro.call(method, path, {**params, "page_size": bad}, body, shop=shop), 36009004, 400, "page_size")
    for good in (lo, hi):
        assert len(ro.ok(ro.call(method, path, {**params, "page_size": good}, body, shop=shop))[key]) <= good
    resp = ro.call(method, path, params, body, shop=shop)
    if default is None:
        ro.error(resp, 36009004, 400, "page_size")
    else:
        data = ro.ok(resp)
        assert len(data[key]) <= default and (len(data[key]) == default or data["next_page_token"] == "")


def test_required_and_enumerated_params(ro):
    gb = ro.shop(1)
    cases = [
        ("GET", PAYMENTS, {}, "sort_field"), ("GET", PAYMENTS, {"sort_field": "paid_time"}, "sort_field"),
        ("GET", WITHDRAWALS, {}, "types"), ("GET", WITHDRAWALS, {"types": "WITHDRAW,REFUND"}, "types"),
        ("GET", WITHDRAWALS, {"types": "WITHDRAW,"}, "types"),
        ("GET", UNSETTLED, {}, "sort_field"), ("GET", UNSETTLED, {"sort_field": "create_time"}, "sort_field"),
        ("GET", SHOP_PERF, {"start_date_ge": "2025-10-01"}, "end_date_lt"),
        ("GET", SHOP_PERF, {**DATES, "currency": "GBP"}, "currency"),
        ("GET", SHOP_PERF, {**DATES, "granularity": "1W"}, "granularity"),
        ("GET", SHOP_PERF, {"start_date_ge": "2025/10/01", "end_date_lt": "2025-10-08"}, "start_date_ge"),
        ("GET", SHOP_PERF, {"start_date_ge": "2025-10-08", "end_date_lt": "2025-10-08"}, "end_date_lt"),
        ("GET", PRODUCT_PERF, {**DATES, "sort_field": "units_sold"}, "sort_field"),
        ("GET", SKU_PERF, {**DATES, "sort_field": "order_count"}, "sort_field"),
        ("GET", SKU_PERF, {**DATES, "product_id": "abc"}, "product_id"),
        ("POST", PACKAGES, {"page_size": 5, "sort_field": "paid_time"}, "sort_field"),
        ("POST", RETURNS, {"sort_order": "desc"}, "sort_order"),
        ("GET", BRANDS, {"page_size": 5, "is_authorized": "yes"}, "is_authorized"),
        ("GET", CATEGORIES, {"category_version": "v3"}, "category_version"),
        ("GET", WAREHOUSES, {"page_size": 5}, "Unknown query parameter"),
    ]
    for method, path, params, needle in cases:
        ro.error(ro.call(method, path, params, {} if method == "POST" else None, shop=gb), 36009004, 400, needle)
    ro.error(ro.post(RETURNS, {}, {"return_types": ["EXCHANGE"]}, shop=gb), 36009004, 400, "return_types")
    ro.error(ro.post(CANCELS, {}, {"cancel_status": ["DONE"]}, shop=gb), 36009004, 400, "cancel_status")
    ro.error(ro.post(PACKAGES, {"page_size": 5}, {"package_status": "TO_FULFILL"}, shop=gb), 36009004, 400)
    ro.error(ro.post(RETURNS, {}, {"update_time_le": 1}, shop=gb), 36009004, 400, "update_time_le")
    ro.error(ro.get(order_txns_path("576000000000000001"), shop=gb), 23011003, 404)
    other = ro.sb.data.orders[ro.shop(0)["id"]].ids()[0]
    ro.error(ro.get(order_txns_path(other), shop=gb), 23011003, 404)


def test_new_paths_follow_their_api_group_scope(client):
    shop = client.shop()
    for group, (method, path, params) in {
        "return_refund": ("POST", CANCELS, {}), "finance": ("GET", WITHDRAWALS, {"types": "SETTLE"}),
        "fulfillment": ("POST", PACKAGES, {"page_size": 5}), "logistics": ("GET", WAREHOUSES, {}),
        "product": ("GET", BRANDS, {"page_size": 5}), "analytics": ("GET", SKU_PERF, DATES),
    }.items():
        client.sb.revoke_group(group)
        client.error(client.call(method, path, params, {} if method == "POST" else None, shop=shop), 105005, 403)
        client.sb.grant_group(group)
        client.ok(client.call(method, path, params, {} if method == "POST" else None, shop=shop))


# -- returns and cancellations ---------------------------------------------------------------------------------------

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
        r for r in rows[:2] if orders[r["order_id"]]["user_id"] == orders[rows[0]["order_id"]]["user_id"]]


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
    got = ro.ok(ro.post(PACKAGES, {"page_size": 50, "sort_field": "update_time", "sort_order": "ASC"},
                        {"update_time_ge": since}, shop=shop))["packages"]
    assert [p["id"] for p in got] == [p["id"] for p in sorted((p for p in rows if p["update_time"] >= since),
                                                             key=lambda p: (p["update_time"], int(p["id"])))]
    got = ro.ok(ro.post(PACKAGES, {"page_size": 50}, {"package_status": "PROCESSING"}, shop=shop))["packages"]
    assert got == [p for p in rows if p["status"] == "PROCESSING"]
    lo = rows[-40]["create_time"]
    got, _ = ro.walk("POST", PACKAGES, {"page_size": 50, "sort_field": "order_pay_time", "sort_order": "ASC"},
                     "packages", body={"create_time_lt": lo}, shop=shop)
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


# -- finance ---------------------------------------------------------------------------------------------------------

def test_payments(ro):
    sb = ro.sb
    us, gb, vn = sb.data.shops
    rows = sb.data.payments[us["id"]]
    walked, pages = ro.walk("GET", PAYMENTS, {"sort_field": "create_time", "page_size": 3}, "payments", shop=us)
    assert walked == rows and len(rows) >= 5 and all("total_count" not in p for p in pages)
    assert [p["create_time"] for p in rows] == sorted(p["create_time"] for p in rows)
    for p in rows:
        assert re.fullmatch(r"\*{11}\d{4}", p["bank_account"]) and re.fullmatch(r"\d+\.\d{6}", p["exchange_rate"])
        assert {"amount", "payment_amount_before_exchange", "settlement_amount", "reserve_amount"} <= set(p)
        assert ("paid_time" in p) == (p["status"] == "PAID")
    statements = sb.data.statements[us["id"]]
    paid_ids = {s["payment_id"] for s in statements if s["payment_status"] == "PAID"}
    assert paid_ids == {p["id"] for p in rows if p["status"] == "PAID"}
    for p in (p for p in rows if p["status"] == "PAID"):  # PROCESSING statements name their payment once it is paid
        covered = [s for s in statements if s.get("payment_id") == p["id"]]
        assert sum(Decimal(s["settlement_amount"]) for s in covered) == Decimal(p["settlement_amount"]["value"])
    mid = rows[len(rows) // 2]["create_time"]
    got = ro.ok(ro.get(PAYMENTS, {"sort_field": "create_time", "sort_order": "DESC", "create_time_lt": mid}, shop=us))
    assert got["payments"] == [p for p in rows if p["create_time"] < mid][::-1]
    cross = sb.data.payments[gb["id"]][0]
    assert cross["amount"]["currency"] == "USD" and cross["payment_amount_before_exchange"]["currency"] == "GBP"
    ro.error(ro.get(PAYMENTS, {"sort_field": "create_time"}, shop=vn), 23011002, 403, "SEA")
    assert sb.data.payments[vn["id"]] == []


def test_payments_sea_knob(make_sandbox, make_client):
    sb = make_sandbox(seed=3, orders_per_shop=40)
    c = make_client(sb)
    vn = sb.data.shops[2]
    sb.payments_unavailable_in_sea = False
    rows = c.ok(c.get(PAYMENTS, {"sort_field": "create_time", "page_size": 100}, shop=vn))["payments"]
    assert rows and rows == sb.data.payments[vn["id"]]


def test_withdrawals_filter_by_types(ro):
    shop = ro.shop(0)
    rows = ro.sb.data.withdrawals[shop["id"]]
    walked, pages = ro.walk("GET", WITHDRAWALS, {"types": ALL_TYPES, "page_size": 2}, "withdrawals", shop=shop)
    assert walked == rows and {p["total_count"] for p in pages} == {len(rows)} and len(rows) >= 3
    assert [w["create_time"] for w in rows] == sorted((w["create_time"] for w in rows), reverse=True)
    assert all(isinstance(w["id"], str) and w["type"] in ALL_TYPES for w in rows)
    for types in ("WITHDRAW", "SETTLE,TRANSFER", "REVERSE"):
        got = ro.ok(ro.get(WITHDRAWALS, {"types": types, "page_size": 100}, shop=shop))
        assert got["withdrawals"] == [w for w in rows if w["type"] in types.split(",")]
        assert got["total_count"] == len(got["withdrawals"])
    t = rows[1]["create_time"]
    got = ro.ok(ro.get(WITHDRAWALS, {"types": ALL_TYPES, "create_time_ge": t}, shop=shop))["withdrawals"]
    assert got == [w for w in rows if w["create_time"] >= t]


def test_order_transactions_match_statement_transactions(ro):
    sb = ro.sb
    for shop in sb.data.shops:
        by_order = {t["order_id"]: (sid, t) for sid, rows in sb.data.transactions[shop["id"]].items()
                    for t in rows if t["type"] == "ORDER"}
        orders = {o["id"]: o for o in sb.data.orders[shop["id"]]}
        table = sb.data.order_transactions[shop["id"]]
        assert set(table) == set(orders)
        for oid, data in table.items():
            if oid not in by_order:
                assert data["sku_transactions"] == [] and data["total_count"] == 0
                continue
            sid, txn = by_order[oid]
            skus = data["sku_transactions"]
            assert data["total_count"] == len(skus) > 0 and {s["statement_id"] for s in skus} == {sid}
            assert data["settlement_amount"] == txn["settlement_amount"] and data["revenue_amount"] == txn["revenue_amount"]
            assert data["fee_and_tax_amount"] == txn["fee_tax_amount"]
            assert sum(Decimal(s["settlement_amount"]) for s in skus) == Decimal(txn["settlement_amount"])
            assert sum(int(s["quantity"]) for s in skus) == len(orders[oid]["line_items"])
            assert all(isinstance(s["quantity"], str) and "fee" in s["fee_tax_breakdown"] for s in skus)
    us = sb.data.shops[0]
    settled = next(o for o, d in sb.data.order_transactions[us["id"]].items() if d["total_count"])
    assert ro.ok(ro.get(order_txns_path(settled), shop=us)) == sb.data.order_transactions[us["id"]][settled]
    assert "next_page_token" not in ro.ok(ro.get(order_txns_path(settled), shop=us))


def test_unsettled_transactions(ro):
    sb = ro.sb
    shop = ro.shop(1)
    rows = sb.data.unsettled[shop["id"]]
    assert rows
    orders = {o["id"]: o for o in sb.data.orders[shop["id"]]}
    settled = {t["order_id"] for v in sb.data.transactions[shop["id"]].values() for t in v}
    for r in rows:
        o = orders[r["order_id"]]
        assert r["order_id"] not in settled and o["status"] not in ("UNPAID", "ON_HOLD", "CANCELLED")
        assert r["order_create_time"] >= ANCHOR - 30 * 86400 and r["status"] == "UNSETTLED"
        assert ("order_delivery_time" in r) == ("delivery_time" in o)
    walked, pages = ro.walk("GET", UNSETTLED, {"sort_field": "order_create_time", "page_size": 5}, "transactions", shop=shop)
    assert walked == rows and {p["total_count"] for p in pages} == {len(rows)}
    total = sum(Decimal(r["est_settlement_amount"]) for r in rows)
    assert {Decimal(p["sum_est_settlement_amount"]) for p in pages} == {total}
    assert {"sum_est_fee_amount", "sum_est_revenue_amount", "sum_est_adjustment_amount"} <= set(pages[0])
    t = rows[len(rows) // 2]["order_create_time"]
    got = ro.ok(ro.get(UNSETTLED, {"sort_field": "order_create_time", "sort_order": "DESC", "search_time_ge": t,
                                   "page_size": 100}, shop=shop))
    assert got["transactions"] == [r for r in rows if r["order_create_time"] >= t][::-1]


# -- catalog ---------------------------------------------------------------------------------------------------------

def test_categories_tree(ro):
    us, gb = ro.shop(0), ro.shop(1)
    ro.error(ro.get(CATEGORIES, {}, shop=us), 36009004, 400, "v2")
    cats = ro.ok(ro.get(CATEGORIES, {"category_version": "v2"}, shop=us))["categories"]
    assert cats == ro.sb.data.categories[us["id"]] == ro.ok(ro.get(CATEGORIES, shop=gb))["categories"]
    ids = {c["id"] for c in cats}
    assert all(c["parent_id"] == "0" or c["parent_id"] in ids for c in cats)
    assert all(c["permission_statuses"] and "PROHIBITED" not in c["permission_statuses"] for c in cats)
    used = {ch["id"] for p in ro.sb.data.products[us["id"]] for ch in p["category_chains"]}
    assert used <= ids
    everything = ro.ok(ro.get(CATEGORIES, {"include_prohibited_categories": "true"}, shop=gb))["categories"]
    assert any("PROHIBITED" in c["permission_statuses"] for c in everything) and len(everything) > len(cats)
    assert [c["local_name"] for c in ro.ok(ro.get(CATEGORIES, {"keyword": "yoga"}, shop=gb))["categories"]] == ["Yoga Mats"]


def test_brands(ro):
    shop = ro.shop(2)
    rows = ro.sb.data.brands[shop["id"]]
    walked, pages = ro.walk("GET", BRANDS, {"page_size": 40}, "brands", shop=shop)
    assert walked == rows and {p["total_count"] for p in pages} == {len(rows)} and len(pages) >= 3
    product_brands = {p["brand"]["id"] for p in ro.sb.data.products[shop["id"]] if "brand" in p}
    assert product_brands <= {b["id"] for b in rows if b["authorized_status"] == "AUTHORIZED"}
    assert {b["authorized_status"] for b in rows} == {"AUTHORIZED", "UNAUTHORIEZD"}
    got = ro.ok(ro.get(BRANDS, {"page_size": 100, "is_authorized": "true"}, shop=shop))["brands"]
    assert got == [b for b in rows if b["authorized_status"] == "AUTHORIZED"]
    got = ro.ok(ro.get(BRANDS, {"page_size": 100, "brand_name": "aur"}, shop=shop))["brands"]
    assert got and got == [b for b in rows if b["name"].lower().startswith("aur")]


def test_inventory_matches_product_skus_and_id_limits(ro):
    shop = ro.shop(0)
    products = {p["id"]: p for p in ro.sb.data.products[shop["id"]]}
    rows = ro.sb.data.inventory[shop["id"]]
    assert {r["product_id"] for r in rows} == {i for i, p in products.items() if p["status"] != "DELETED"}
    for r in rows:
        p = products[r["product_id"]]
        assert [s["id"] for s in r["skus"]] == [s["id"] for s in p["skus"]]
        for inv, sku in zip(r["skus"], p["skus"]):
            assert [(w["warehouse_id"], w["available_quantity"]) for w in inv["warehouse_inventory"]] == \
                [(i["warehouse_id"], i["quantity"]) for i in sku["inventory"]]
            assert inv["total_available_quantity"] == sum(i["quantity"] for i in sku["inventory"])
    ids = [r["product_id"] for r in rows]
    assert ro.ok(ro.post(INVENTORY, {}, {"product_ids": ids[:5]}, shop=shop))["inventory"] == rows[:5]
    multi = next(r for r in rows if len(r["skus"]) > 1)
    got = ro.ok(ro.post(INVENTORY, {}, {"sku_ids": [multi["skus"][1]["id"]]}, shop=shop))["inventory"]
    assert got == [{"product_id": multi["product_id"], "skus": [multi["skus"][1]]}]
    fake = [str(1_729_000_000_000_000_000 + i) for i in range(601)]
    assert ro.ok(ro.post(INVENTORY, {}, {"product_ids": fake[:100]}, shop=shop))["inventory"] == []
    ro.error(ro.post(INVENTORY, {}, {"product_ids": fake[:101]}, shop=shop), 36009004, 400, "100")
    assert ro.ok(ro.post(INVENTORY, {}, {"sku_ids": fake[:600]}, shop=shop))["inventory"] == []
    ro.error(ro.post(INVENTORY, {}, {"sku_ids": fake}, shop=shop), 36009004, 400, "600")
    ro.error(ro.post(INVENTORY, {}, {}, shop=shop), 36009004, 400)
    ro.error(ro.post(INVENTORY, {}, {"product_ids": ids[:1], "sku_ids": ["1"]}, shop=shop), 36009004, 400)
    other = ro.sb.data.inventory[ro.shop(1)["id"]][0]["product_id"]
    assert ro.ok(ro.post(INVENTORY, {}, {"product_ids": [other]}, shop=shop))["inventory"] == []


# -- analytics -------------------------------------------------------------------------------------------------------

def test_latest_available_date_follows_the_shop_timezone(make_sandbox):
    sb = make_sandbox(seed=1, anchor=ANCHOR + 11 * 3600, orders_per_shop=10, statement_days=2)  # 2025-10-09T20:00Z
    us, gb, vn = (s["id"] for s in sb.data.shops)
    assert [sb.data.timezone(s) for s in (us, gb, vn)] == ["UTC-08:00", "UTC+00:00", "UTC+07:00"]
    assert sb.data.latest_available_date(us) == sb.data.latest_available_date(gb) == "2025-10-08"
    assert sb.data.latest_available_date(vn) == "2025-10-09"  # already Oct 10 in Vietnam


def test_shop_performance_matches_orders_per_local_day(ro):
    sb = ro.sb
    for shop in sb.data.shops:
        sid = shop["id"]
        offset = int(sb.data.timezone(sid)[3:6]) * 3600
        per_day = Counter(dt.datetime.fromtimestamp(o["create_time"] + offset, dt.timezone.utc).date().isoformat()
                          for o in sb.data.orders[sid])
        daily = sb.data.shop_performance[sid]
        latest = sb.data.latest_available_date(sid)
        assert len(daily) == 120 and daily[-1]["start_date"] == latest
        for iv in daily:
            assert iv["orders"] == per_day.get(iv["start_date"], 0)
            assert sum(Decimal(b["amount"]) for b in iv["gmv_breakdowns"]) == Decimal(iv["gmv"]["amount"])
        data = ro.ok(ro.get(SHOP_PERF, {"start_date_ge": daily[-10]["start_date"], "end_date_lt": "2026-01-01",
                                        "granularity": "1D"}, shop=shop))
        assert data["latest_available_date"] == latest and data["performance"]["intervals"] == daily[-10:]
        whole = ro.ok(ro.get(SHOP_PERF, {"start_date_ge": daily[-10]["start_date"], "end_date_lt": "2026-01-01"}, shop=shop))
        (iv,) = whole["performance"]["intervals"]
        assert iv["orders"] == sum(d["orders"] for d in daily[-10:]) and iv["end_date"] == "2026-01-01"
        assert Decimal(iv["gmv"]["amount"]) == sum(Decimal(d["gmv"]["amount"]) for d in daily[-10:])
    after = ro.ok(ro.get(SHOP_PERF, {"start_date_ge": "2025-10-09", "end_date_lt": "2025-10-20", "granularity": "1D"},
                         shop=ro.shop(0)))
    assert after["performance"]["intervals"] == []
    usd = ro.ok(ro.get(SHOP_PERF, {**DATES, "currency": "USD", "with_comparison": "true"}, shop=ro.shop(2)))["performance"]
    assert usd["intervals"][0]["gmv"]["currency"] == "USD" and usd["comparison_intervals"][0]["end_date"] == DATES["start_date_ge"]


def test_one_day_product_and_sku_performance(ro):
    sb, shop = ro.sb, ro.shop(1)
    sid = shop["id"]
    daily = {d["start_date"]: d for d in sb.data.shop_performance[sid]}
    products, skus = sb.data.product_performance[sid], sb.data.sku_performance[sid]
    assert set(products) == set(daily) == set(skus)
    busy = max(daily, key=lambda d: daily[d]["orders"])
    quiet = [d for d in daily if daily[d]["orders"] == 0]
    assert quiet and all(products[d] == [] and skus[d] == [] for d in quiet)  # no sales -> no rows
    day_after = (dt.date.fromisoformat(busy) + dt.timedelta(days=1)).isoformat()
    one_day = {"start_date_ge": busy, "end_date_lt": day_after}
    rows, pages = ro.walk("GET", PRODUCT_PERF, {**one_day, "page_size": 1}, "products", shop=shop)
    assert rows == products[busy] and {p["total_count"] for p in pages} == {len(rows)}
    assert all(isinstance(r["id"], int) for r in rows) and sum(r["units_sold"] for r in rows) == daily[busy]["units_sold"]
    assert sum(Decimal(r["gmv"]["amount"]) for r in rows) == Decimal(daily[busy]["gmv"]["amount"])
    sku_rows = ro.ok(ro.get(SKU_PERF, {**one_day, "page_size": 100}, shop=shop))["skus"]
    assert sku_rows == skus[busy] and sum(r["sku_orders"] for r in sku_rows) == daily[busy]["sku_orders"]
    pid = sku_rows[0]["product_id"]
    only = ro.ok(ro.get(SKU_PERF, {**one_day, "product_id": pid}, shop=shop))["skus"]
    assert only == [r for r in sku_rows if r["product_id"] == pid]
    asc = ro.ok(ro.get(PRODUCT_PERF, {**DATES, "sort_field": "unit_sold_count", "sort_order": "ASC", "page_size": 100},
                       shop=shop))["products"]
    assert [r["units_sold"] for r in asc] == sorted(r["units_sold"] for r in asc)


def test_analytics_id_type_knob(make_sandbox, make_client):
    sb = make_sandbox(seed=4, orders_per_shop=60, statement_days=3)
    c = make_client(sb)
    shop = sb.data.shops[0]
    q = {"start_date_ge": "2025-08-01", "end_date_lt": "2025-10-09", "page_size": 3}
    raw = c.get(SKU_PERF, q, shop=shop).text
    assert re.search(r'"id":\d{19},"product_id":\d{19}', raw)
    first = c.ok(c.get(PRODUCT_PERF, q, shop=shop))
    assert isinstance(first["products"][0]["id"], int)
    sb.analytics_ids_as_strings = True
    assert re.search(r'"id":"\d{19}","product_id":"\d{19}"', c.get(SKU_PERF, q, shop=shop).text)
    day = next(d for d, rows in sb.data.product_performance[shop["id"]].items() if rows)
    assert isinstance(sb.data.product_performance[shop["id"]][day][0]["id"], str)
    # a page token from the integer reading does not continue the string reading
    c.error(c.get(PRODUCT_PERF, {**q, "page_token": first["next_page_token"]}, shop=shop), 36009004, 400, "page_token")


# -- mutations -------------------------------------------------------------------------------------------------------

def test_after_sales_and_package_mutations(client):
    sb = client.sb
    shop = client.shop()
    sid = shop["id"]
    now = int(time.time())
    new_returns = sb.mutate.add_returns(sid, 2, at=now)
    moved_returns = sb.mutate.update_returns(sid, 2, at=now + 1)
    got = client.ok(client.post(RETURNS, {"page_size": 50, "sort_field": "update_time"}, {"update_time_ge": now}, shop=shop))
    assert {r["return_id"] for r in got["return_orders"]} == set(new_returns) | set(moved_returns)
    assert all(r["return_status"] in ("RETURN_OR_REFUND_REQUEST_PENDING", "REPLACEMENT_REQUEST_PENDING")
               for r in got["return_orders"] if r["return_id"] in set(new_returns) - set(moved_returns))
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


def test_finance_mutations(client):
    sb = client.sb
    shop = client.shop()
    sid = shop["id"]
    now = int(time.time())
    (pid,) = sb.mutate.add_payments(sid, 1, at=now)
    before = next(p for p in sb.data.payments[sid] if p["id"] == pid)
    assert before["status"] == "PROCESSING" and "paid_time" not in before
    assert sb.mutate.set_payment_status(sid, pid, "PAID", at=now + 60) == [pid]
    after = client.ok(client.get(PAYMENTS, {"sort_field": "create_time", "create_time_ge": now}, shop=shop))["payments"]
    assert after == [{**before, "status": "PAID", "paid_time": now + 60}]  # create_time did not move
    # the initial PROCESSING payment covers the PROCESSING statements; paying it pays them
    pending = next(p for p in sb.data.payments[sid] if p["status"] == "PROCESSING" and p["id"] != pid)
    sb.mutate.set_payment_status(sid, pending["id"], "PAID", at=now + 90)
    assert [s["payment_status"] for s in sb.data.statements[sid][-2:]] == ["PAID", "PAID"]
    assert {s["payment_id"] for s in sb.data.statements[sid][-2:]} == {pending["id"]}
    (wid,) = sb.mutate.add_withdrawals(sid, 1, at=now)
    got = client.ok(client.get(WITHDRAWALS, {"types": "WITHDRAW", "create_time_ge": now}, shop=shop))["withdrawals"]
    assert [w["id"] for w in got] == [wid] and got[0]["status"] == "PROCESSING"


# -- determinism -----------------------------------------------------------------------------------------------------

TABLES_CODE = """
TABLES = ("returns", "cancellations", "payments", "withdrawals", "unsettled", "packages", "warehouses", "categories",
          "brands", "inventory", "shop_performance")


def tables(sb):
    out = {}
    for s in sb.data.shops:
        sid = s["id"]
        out[sid] = {t: getattr(sb.data, t)[sid] for t in TABLES}
        out[sid]["order_transactions"] = dict(sb.data.order_transactions[sid])
        out[sid]["product_performance"] = dict(sb.data.product_performance[sid])
        out[sid]["sku_performance"] = dict(sb.data.sku_performance[sid])
    return out
"""
exec(TABLES_CODE)  # defines TABLES and tables(); the hash-seed test runs the same code in a subprocess


def test_new_tables_are_deterministic():
    a, b = Sandbox(seed=11, anchor=ANCHOR), Sandbox(seed=11, anchor=ANCHOR)
    ta = tables(a)  # noqa: F821
    assert ta == tables(b)  # noqa: F821
    assert all(ta[sid][t] for sid in ta for t in TABLES if t != "payments")  # noqa: F821
    assert ta != tables(Sandbox(seed=12, anchor=ANCHOR))  # noqa: F821


def test_new_tables_survive_hash_seeds(sb):
    import hashlib
    import json
    import os
    import subprocess
    import sys

    code = (TABLES_CODE + "\nimport hashlib, json\nfrom tiktok_shop_sandbox import Sandbox\n"
            "print(hashlib.sha256(json.dumps(tables(Sandbox(seed=7, anchor=%d)), sort_keys=True).encode()).hexdigest())\n" % ANCHOR)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONHASHSEED": "4242"})
    assert out.returncode == 0, out.stderr
    here = hashlib.sha256(json.dumps(tables(sb), sort_keys=True).encode()).hexdigest()  # noqa: F821
    assert out.stdout.strip() == here
