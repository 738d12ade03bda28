"""Dataset determinism, realism invariants, mutations, scale, thread safety."""

import re
import time
from concurrent.futures import ThreadPoolExecutor

from tiktok_shop_sandbox import Sandbox

ANCHOR = 1_760_000_400  # same fixed anchor as the fixtures use

ORDERS = "/order/202309/orders/search"
PRODUCTS = "/product/202309/products/search"

TABLES_CODE = """
from collections.abc import Mapping

VIEWS = ("products", "orders", "statements", "transactions", "returns", "cancellations", "payments", "withdrawals",
         "order_transactions", "unsettled", "packages", "warehouses", "categories", "brands", "inventory",
         "shop_performance", "product_performance", "sku_performance")


def tables(sb):
    \"\"\"Every sb.data view of every shop as plain lists and dicts.\"\"\"
    out = {"shops": sb.data.shops}
    for s in sb.data.shops:
        views = {v: getattr(sb.data, v)[s["id"]] for v in VIEWS}
        out[s["id"]] = {v: dict(x) if isinstance(x, Mapping) else list(x) for v, x in views.items()}
    return out
"""
exec(TABLES_CODE)  # defines VIEWS and tables(); the hash-seed test runs the same code in a subprocess


def test_same_seed_and_anchor_give_identical_data_and_responses(make_sandbox, make_client):
    a, b = make_sandbox(seed=9), make_sandbox(seed=9)
    ta = tables(a)  # noqa: F821
    assert ta == tables(b)  # noqa: F821
    assert all(ta[s["id"]][v] for s in a.data.shops for v in VIEWS if v != "payments")  # noqa: F821
    ca, cb = make_client(a), make_client(b)
    for sb_client in (ca, cb):
        assert sb_client.shop()["cipher"] == a.data.shops[0]["cipher"]
    ra = ca.post(ORDERS, {"page_size": 50}, {}, shop=ca.shop())
    rb = cb.post(ORDERS, {"page_size": 50}, {}, shop=cb.shop())
    strip = lambda r: re.sub(rb'"request_id":"[0-9A-F]{34}"', b"", r.content)  # noqa: E731
    assert strip(ra) == strip(rb)
    assert a.app_secret == b.app_secret and a.refresh_token == b.refresh_token


def test_different_seed_or_anchor_differs():
    base = tables(Sandbox(seed=9, anchor=ANCHOR))  # noqa: F821
    assert base != tables(Sandbox(seed=10, anchor=ANCHOR))  # noqa: F821
    assert base["shops"] != Sandbox(seed=10, anchor=ANCHOR).data.shops
    assert base != tables(Sandbox(seed=9, anchor=ANCHOR + 3600))  # noqa: F821


def test_default_anchor_is_start_of_current_hour():
    sb = Sandbox(seed=1, shops=1, products_per_shop=1, orders_per_shop=1, statement_days=1)
    assert sb.anchor % 3600 == 0 and 0 <= time.time() - sb.anchor < 3600


def test_times_within_history_and_ids_look_real(sb):
    start = sb.anchor - 120 * 86400
    for s in sb.data.shops:
        for p in sb.data.products[s["id"]]:
            assert start <= p["create_time"] <= p["update_time"] < sb.anchor
            assert re.fullmatch(r"\d{19}", p["id"]) and all(re.fullmatch(r"\d{18,19}", k["id"]) for k in p["skus"])
        for o in sb.data.orders[s["id"]]:
            assert start <= o["create_time"] <= o["update_time"] < sb.anchor
            assert re.fullmatch(r"\d{18}", o["id"])
        for st in sb.data.statements[s["id"]]:
            assert st["statement_time"] < sb.anchor and re.fullmatch(r"\d{19}", st["id"])
    statuses = {p["status"] for s in sb.data.shops for p in sb.data.products[s["id"]]}
    assert {"ACTIVATE", "DELETED", "FREEZE", "DRAFT"} <= statuses
    details = [p for s in sb.data.shops for p in sb.data.products[s["id"]]]
    assert any("brand" in p for p in details) and any("brand" not in p for p in details)  # optional blocks vary
    assert any("video" in p for p in details) and any("video" not in p for p in details)


def test_statement_totals_match_transactions(sb):
    from decimal import Decimal

    for s in sb.data.shops:
        for st in sb.data.statements[s["id"]]:
            rows = sb.data.transactions[s["id"]][st["id"]]
            total = sum((Decimal(r["settlement_amount"]) for r in rows if r["type"] != "RESERVE"), Decimal(0))
            assert total == Decimal(st["settlement_amount"])


def test_mutations_show_up_in_incremental_searches(client):
    sb = client.sb
    shop = client.shop()
    now = int(time.time())
    new_ids = sb.mutate.add_orders(shop["id"], 3)
    changed = sb.mutate.update_orders(shop["id"], 2, at=now + 1)
    before = {o["id"]: o["status"] for o in sb.data.orders[shop["id"]] if o["id"] in changed}
    rows = client.ok(
        client.post(ORDERS, {"page_size": 100, "sort_field": "update_time", "sort_order": "ASC"}, {"update_time_ge": now - 5}, shop=shop)
    )["orders"]
    assert {r["id"] for r in rows} == set(new_ids) | set(changed)
    assert all(r["update_time"] == now + 1 for r in rows if r["id"] in changed)
    assert before == {r["id"]: r["status"] for r in rows if r["id"] in changed}
    assert len(sb.data.orders[shop["id"]]) == 303
    total = client.ok(client.post(ORDERS, {"page_size": 1}, {}, shop=shop))["total_count"]
    assert total == 303
    target = next(o for o in sb.data.orders[shop["id"]] if o["status"] == "IN_TRANSIT")
    sb.mutate.update_orders(shop["id"], [target["id"]], at=now + 2)
    assert sb.data.orders[shop["id"]].by_id(target["id"])["status"] == "DELIVERED"


def test_product_mutations(client):
    sb = client.sb
    shop = client.shop()
    at = ANCHOR + 100
    added = sb.mutate.add_products(shop["id"], 2, at=at)
    updated = sb.mutate.update_products(shop["id"], 3, at=at + 1)
    rows = client.ok(client.post(PRODUCTS, {"page_size": 10}, {"update_time_ge": at}, shop=shop))["products"]
    assert [r["id"] for r in rows[:3]] == sorted(updated, key=int, reverse=True)
    assert {r["id"] for r in rows} == set(added) | set(updated)


def test_statement_mutations(client):
    sb = client.sb
    shop = client.shop()
    newest = sb.data.statements[shop["id"]][-1]
    added = sb.mutate.add_statement_day(shop["id"])
    assert added["statement_time"] == newest["statement_time"] + 86400 < time.time()
    assert added["payment_status"] == "PROCESSING"
    paid = sb.mutate.set_statement_status(shop["id"], added["id"], "PAID")
    assert paid["payment_status"] == "PAID" and paid["payment_id"] and paid["payment_time"]
    rows = client.ok(
        client.get("/finance/202309/statements", {"sort_field": "statement_time", "sort_order": "DESC", "page_size": 1}, shop=shop)
    )["statements"]
    assert rows == [paid]
    assert isinstance(sb.data.transactions[shop["id"]][added["id"]], list)


def test_100k_orders_build_fast_and_serve_filtered_pages(make_client):
    start = time.monotonic()
    sb = Sandbox(seed=2, anchor=ANCHOR, shops=1, products_per_shop=200, orders_per_shop=100_000, statement_days=10)
    assert time.monotonic() - start < 6
    assert len(sb.data.orders[sb.data.shops[0]["id"]]) == 100_000
    sb.start()
    try:
        client = make_client(sb)
        shop = client.shop()
        start = time.monotonic()
        data = client.ok(
            client.post(ORDERS, {"page_size": 100, "sort_field": "update_time"}, {"update_time_ge": ANCHOR - 86400}, shop=shop)
        )
        assert 0 < data["total_count"] < 5_000 and time.monotonic() - start < 1.5
        # the derived tables stay cheap at this size: packages, returns, cancellations
        start = time.monotonic()
        pkgs = client.ok(
            client.post(
                "/fulfillment/202309/packages/search",
                {"page_size": 50, "sort_field": "update_time"},
                {"update_time_ge": ANCHOR - 86400},
                shop=shop,
            )
        )
        rets = client.ok(client.post("/return_refund/202309/returns/search", {"page_size": 50}, {}, shop=shop))
        cxls = client.ok(client.post("/return_refund/202309/cancellations/search", {"page_size": 50}, {}, shop=shop))
        assert 0 < pkgs["total_count"] < 5_000 and rets["total_count"] > 2_000 and cxls["total_count"] > 4_000
        assert time.monotonic() - start < 2
    finally:
        sb.stop()


def test_concurrent_requests_while_mutating(client):
    sb = client.sb
    shop = client.shop()

    def read(_):
        return client.post(ORDERS, {"page_size": 50}, {}, shop=shop).json()["code"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(read, i) for i in range(32)]
        for _ in range(10):
            sb.mutate.add_orders(shop["id"], 5)
            sb.mutate.update_orders(shop["id"], 5)
        assert {f.result() for f in futures} == {0}


def test_determinism_across_processes_and_hash_seeds(sb):
    import hashlib
    import json
    import os
    import subprocess
    import sys

    code = (
        TABLES_CODE + "\nimport hashlib, json\nfrom tiktok_shop_sandbox import Sandbox\n"
        "print(hashlib.sha256(json.dumps(tables(Sandbox(seed=7, anchor=%d)), sort_keys=True).encode()).hexdigest())\n" % ANCHOR
    )
    here = hashlib.sha256(json.dumps(tables(sb), sort_keys=True).encode()).hexdigest()  # noqa: F821
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for hash_seed in ("0", "12345"):
        out = subprocess.run(
            [sys.executable, "-c", code],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == here


def test_the_fast_encoder_gives_the_standard_librarys_bytes_for_every_record():
    """Responses are encoded with orjson when it is installed: it must not change a single byte."""
    import json

    import orjson

    from tiktok_shop_sandbox import Sandbox

    sb = Sandbox(seed=5, shops=3, orders_per_shop=120, products_per_shop=20, statement_days=10)
    checked = 0
    for view in VIEWS:  # noqa: F821
        for shop_id, records in getattr(sb.data, view).items():
            for record in [records] if isinstance(records, dict) else records:
                standard = json.dumps(record, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
                assert orjson.dumps(record) == standard, f"{view} of shop {shop_id}"
                checked += 1
    assert checked > 500
