"""`coupons`, `promotion_activities` and `category_assets` through the real entrypoint against the sandbox: a full
refresh gives exactly the sandbox's records (each search item merged with its detail), pages as the spec says
(coupon search in the query, activity search in the body), survives faults, and a missing scope skips the table
with one warning while the other tables sync. All three are full refresh only, so there is no state to resume
after kill -9: a killed sync is simply read again."""

from __future__ import annotations

import json

import pytest

from tiktok_shop_sandbox import Sandbox

from .conftest import connector_config
from .harness import expected, primary_key, read_ok, record_keys, run_connector

PROMOTION_TABLES = ["coupons", "promotion_activities"]
TABLES = [*PROMOTION_TABLES, "category_assets"]
COUPON_SEARCH = r"/promotion/202406/coupons/search$"
COUPON_DETAIL = r"/promotion/202406/coupons/\d+$"
ACTIVITY_SEARCH = r"/promotion/202309/activities/search$"
ACTIVITY_DETAIL = r"/promotion/202309/activities/\d+$"
CATEGORY_ASSETS = r"/authorization/202405/category_assets$"
SMALL = dict(shops=3, products_per_shop=10, orders_per_shop=20, statement_days=3, history_days=30)


@pytest.fixture(scope="module")
def full_refresh(shared_sandbox, catalog_for):
    shared_sandbox.clear_requests()
    run = read_ok(connector_config(shared_sandbox), catalog_for(False, TABLES))
    return run, list(shared_sandbox.requests)


@pytest.mark.parametrize("stream", TABLES)
def test_full_refresh_gives_exactly_the_sandbox_records(full_refresh, shared_sandbox, stream):
    run, _ = full_refresh
    got = [tuple(str(r[k]) for k in primary_key(stream)) for r in run.records(stream)]
    want = expected(shared_sandbox, stream)
    assert want and set(got) == want and len(got) == len(set(got)), stream


@pytest.mark.parametrize("stream", PROMOTION_TABLES)
def test_each_record_is_the_search_item_merged_with_its_detail(full_refresh, shared_sandbox, stream):
    run, _ = full_refresh
    emitted = {(r["shop_id"], r["id"]): r for r in run.records(stream)}
    for shop in shared_sandbox.data.shops:
        for truth in getattr(shared_sandbox.data, stream)[shop["id"]]:
            assert emitted[(shop["id"], truth["id"])] == {**truth, "shop_id": shop["id"]}


def test_activities_carry_their_products_nested(full_refresh, shared_sandbox):
    run, _ = full_refresh
    shop = shared_sandbox.data.shops[2]
    skus = {p["id"]: {s["id"] for s in p["skus"]} for p in shared_sandbox.data.products[shop["id"]]}
    activities = [r for r in run.records("promotion_activities") if r["shop_id"] == shop["id"]]
    with_products = [a for a in activities if a["products"]]
    assert with_products and all(a["activity_id"] == a["id"] for a in activities)
    for activity in with_products:
        for product in activity["products"]:
            assert {s["id"] for s in product.get("skus", [])} <= skus[product["id"]]


def test_category_assets_are_read_once_without_a_shop(full_refresh, shared_sandbox):
    run, requests = full_refresh
    calls = [r for r in requests if r.path == "/authorization/202405/category_assets"]
    assert len(calls) == 1 and "shop_cipher" not in calls[0].query
    records = run.records("category_assets")
    assert records and all("shop_id" not in r and r["category_id"] == str(r["category"]["id"]) for r in records)


def test_paging_goes_where_the_spec_puts_it_and_every_record_has_one_detail_call(full_refresh, shared_sandbox):
    run, requests = full_refresh
    coupon_searches = [r for r in requests if r.path == "/promotion/202406/coupons/search"]
    activity_searches = [r for r in requests if r.path == "/promotion/202309/activities/search"]
    assert all(r.query["page_size"] == "100" for r in coupon_searches)
    assert any(r.query.get("page_token") for r in coupon_searches), "no shop's coupons needed a second page"
    assert all("page_size" not in r.query and "page_token" not in r.query for r in activity_searches)
    bodies = [json.loads(r.body) for r in activity_searches]
    assert all(b["page_size"] == 100 for b in bodies) and sum(b["page_token"] == "" for b in bodies) == len(shared_sandbox.data.shops)
    assert any(b["page_token"] for b in bodies), "no shop's activities needed a second page"
    details = [r for r in requests if r.method == "GET" and r.path.startswith("/promotion/")]
    assert len(details) == len(run.records("coupons")) + len(run.records("promotion_activities"))
    assert all(r.code == 0 for r in requests)


def test_faults_on_every_promotion_call_lose_nothing(catalog_for):
    with Sandbox(seed=32, **SMALL) as sb:
        us, gb, vn = (shop["id"] for shop in sb.data.shops)
        sb.faults.retry_after = False
        sb.faults.script(COUPON_SEARCH, [(429, 36009002)], shop_id=vn)
        sb.faults.script(COUPON_DETAIL, [(502, None), "drop"], shop_id=gb)
        sb.faults.script(ACTIVITY_SEARCH, [(500, 36009003)], shop_id=vn)
        sb.faults.script(ACTIVITY_SEARCH, ["truncated"], shop_id=gb)
        sb.faults.script(ACTIVITY_DETAIL, [(200, 36009002), (503, None)], shop_id=us)
        sb.faults.script(CATEGORY_ASSETS, [(200, 36009003), "drop"])
        run = run_connector("read", connector_config(sb, retry_backoff_seconds=0), catalog_for(False, TABLES), timeout=180)

        assert run.returncode == 0 and not run.errors, (run.errors, run.stderr[-2000:])
        assert sb.faults.pending() == 0, "every scripted fault was served"
        for stream in TABLES:
            got = [tuple(str(r[k]) for k in primary_key(stream)) for r in run.records(stream)]
            assert set(got) == expected(sb, stream) and len(got) == len(set(got)), stream


def skipped_warnings(run, stream):
    return [m["log"]["message"] for m in run.of_type("LOG") if m["log"]["message"].startswith(f"{stream}: skipped")]


def test_a_missing_promotion_scope_skips_the_promotion_tables_with_one_warning_each(sandbox, catalog_for):
    sandbox.revoke_group("promotion")
    run = read_ok(connector_config(sandbox), catalog_for(False, [*TABLES, "warehouses"]))

    assert not run.records("coupons") and not run.records("promotion_activities")
    for stream in PROMOTION_TABLES:
        (warning,) = skipped_warnings(run, stream)
        assert "'Promotion' API group" in warning, warning
    for stream in ("warehouses", "category_assets"):
        assert record_keys(run, stream) == expected(sandbox, stream), stream
    # Only the searches were refused: no detail call was made for a table without its scope.
    refused = {r.path for r in sandbox.requests if r.code == 105005}
    assert refused == {"/promotion/202406/coupons/search", "/promotion/202309/activities/search"}, refused


def test_a_refused_category_assets_call_skips_only_that_table(sandbox, catalog_for):
    sandbox.revoke_group("category_assets")
    run = read_ok(connector_config(sandbox), catalog_for(False, ["shops", "category_assets", "coupons"]))

    assert not run.records("category_assets")
    (warning,) = skipped_warnings(run, "category_assets")
    assert "/authorization/202405/category_assets" in warning
    for stream in ("shops", "coupons"):
        assert record_keys(run, stream) == expected(sandbox, stream), stream


@pytest.mark.parametrize(
    "group,blocked,not_blocked",
    [("promotion", ["coupons", "promotion_activities"], ["category_assets"]), ("category_assets", ["category_assets"], ["coupons"])],
)
def test_check_names_the_tables_a_missing_scope_blocks(sandbox, group, blocked, not_blocked):
    sandbox.revoke_group(group)
    status = run_connector("check", connector_config(sandbox)).connection_status
    assert status["status"] == "SUCCEEDED", status
    listed = status["message"].split("Not readable", 1)[1]
    for table in blocked:
        assert table in listed, status["message"]
    for table in not_blocked:
        assert table not in listed, status["message"]
