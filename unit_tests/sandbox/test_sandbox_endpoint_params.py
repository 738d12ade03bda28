"""Every returns, fulfillment, finance, catalog and analytics endpoint: signed answers, page-size limits,
required and enumerated params, API-group scopes."""

import pytest
from sandbox_paths import (
    ALL_TYPES,
    BRANDS,
    CANCELS,
    CATEGORIES,
    DATES,
    INVENTORY,
    LIVE_PERF,
    PACKAGES,
    PAYMENTS,
    PRODUCT_PERF,
    RETURNS,
    SHOP_PERF,
    SKU_PERF,
    UNSETTLED,
    VIDEO_PERF,
    WAREHOUSES,
    WITHDRAWALS,
    order_txns_path,
)

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
    ("GET", VIDEO_PERF, DATES, None, 1, 100, 10, "videos"),
    ("GET", LIVE_PERF, DATES, None, 1, 100, 10, "live_stream_sessions"),
]


def test_every_endpoint_answers_a_signed_request(ro):
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
        ("GET", PAYMENTS, {}, "sort_field"),
        ("GET", PAYMENTS, {"sort_field": "paid_time"}, "sort_field"),
        ("GET", WITHDRAWALS, {}, "types"),
        ("GET", WITHDRAWALS, {"types": "WITHDRAW,REFUND"}, "types"),
        ("GET", WITHDRAWALS, {"types": "WITHDRAW,"}, "types"),
        ("GET", UNSETTLED, {}, "sort_field"),
        ("GET", UNSETTLED, {"sort_field": "create_time"}, "sort_field"),
        ("GET", SHOP_PERF, {"start_date_ge": "2025-10-01"}, "end_date_lt"),
        ("GET", SHOP_PERF, {**DATES, "currency": "GBP"}, "currency"),
        ("GET", SHOP_PERF, {**DATES, "granularity": "1W"}, "granularity"),
        ("GET", SHOP_PERF, {"start_date_ge": "2025/10/01", "end_date_lt": "2025-10-08"}, "start_date_ge"),
        ("GET", SHOP_PERF, {"start_date_ge": "2025-10-08", "end_date_lt": "2025-10-08"}, "end_date_lt"),
        ("GET", PRODUCT_PERF, {**DATES, "sort_field": "units_sold"}, "sort_field"),
        ("GET", SKU_PERF, {**DATES, "sort_field": "order_count"}, "sort_field"),
        ("GET", SKU_PERF, {**DATES, "product_ids": "abc"}, "product_ids"),
        ("GET", SKU_PERF, {**DATES, "product_id": "1"}, "Unknown query parameter"),  # 202406's filter, gone in 202509
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


def test_each_path_follows_its_api_group_scope(client):
    shop = client.shop()
    for group, (method, path, params) in {
        "return_refund": ("POST", CANCELS, {}),
        "finance": ("GET", WITHDRAWALS, {"types": "SETTLE"}),
        "fulfillment": ("POST", PACKAGES, {"page_size": 5}),
        "logistics": ("GET", WAREHOUSES, {}),
        "product": ("GET", BRANDS, {"page_size": 5}),
        "analytics": ("GET", SKU_PERF, DATES),
    }.items():
        client.sb.revoke_group(group)
        client.error(client.call(method, path, params, {} if method == "POST" else None, shop=shop), 105005, 403)
        client.sb.grant_group(group)
        client.ok(client.call(method, path, params, {} if method == "POST" else None, shop=shop))
