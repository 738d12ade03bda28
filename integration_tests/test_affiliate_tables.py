"""The affiliate tables through the real entrypoint against the sandbox: a full refresh is the sandbox's ground truth,
record for record; affiliate orders read incrementally with their lookback catch a commission status change on an
older order; kill -9 then resume loses nothing; faults on every affiliate call lose nothing; the PII preset hashes or
blocks the creators; a missing scope is reported by `check` and skips the tables in a read."""

from __future__ import annotations

import hashlib
import json
import random

from tiktok_shop_sandbox import Sandbox

from .conftest import connector_config
from .harness import (
    expected,
    keys,
    kill_and_resume,
    primary_key,
    record_keys,
    run_connector,
)
from .harness import read_ok as read
from .test_reliability import fast_config

AFFILIATE = ["affiliate_orders", "affiliate_open_collaborations", "affiliate_target_collaborations", "affiliate_sample_applications"]
ORDERS_SEARCH = r"/affiliate_seller/202410/orders/search$"
OPEN_SEARCH = r"/affiliate_seller/202412/open_collaborations/search$"
TARGET_SEARCH = r"/affiliate_seller/202508/target_collaborations/search$"
TARGET_DETAIL = r"/affiliate_seller/202508/target_collaborations/\d+$"
SAMPLES_SEARCH = r"/affiliate_seller/202508/sample_applications/search$"
DAY = 86400
# Affiliate orders that need several pages (100 a page) per shop; 70 sample applications (two pages of 50).
BUSY = dict(seed=41, shops=2, products_per_shop=30, orders_per_shop=700, statement_days=3, history_days=90)


def body_of(request):
    return json.loads(request.body or b"{}")


def without_shop(record):
    return {k: v for k, v in record.items() if k != "shop_id"}


def sandbox_records(sandbox, stream):
    return {(r["id"],): r for shop in sandbox.data.shops for r in getattr(sandbox.data, stream)[shop["id"]]}


# ---- full refresh: the ground truth --------------------------------------------------------------------------------


def test_full_refresh_of_every_affiliate_table_is_the_sandbox_record_for_record(shared_sandbox, catalog_for):
    shared_sandbox.clear_requests()
    run = read(connector_config(shared_sandbox), catalog_for(False, AFFILIATE))
    for stream in AFFILIATE:
        got = run.records(stream)
        truth = sandbox_records(shared_sandbox, stream)
        assert len(got) == len(truth) == len(expected(shared_sandbox, stream)) > 0, stream
        by_key = {(r["id"],): r for r in got}
        assert set(by_key) == set(truth), stream
        for key, record in by_key.items():
            assert without_shop(record) == truth[key], (stream, key)
            assert record["shop_id"] in {s["id"] for s in shared_sandbox.data.shops}
    plans = run.records("affiliate_target_collaborations")
    assert all(p["creators"] and p["products"] and "creator_inivited_count" in p for p in plans), "detail merged"
    assert {s["status"] for s in run.records("affiliate_sample_applications")} >= {"PENDING", "COMPLETED"}
    requests = shared_sandbox.requests
    # Page sizes within the spec's ranges, filters in the body, the plans once per status, a detail call per plan.
    sizes = {
        (r.path.rsplit("/", 2)[-2], r.query.get("page_size")) for r in requests if r.method == "POST" and "/affiliate_seller/" in r.path
    }
    assert sizes == {("orders", "100"), ("open_collaborations", "100"), ("target_collaborations", "100"), ("sample_applications", "50")}
    statuses = [body_of(r).get("collaboration_status") for r in requests if r.path.endswith("/target_collaborations/search")]
    assert sorted(set(statuses)) == ["CANCELING", "COMPLETED", "VALID"]
    assert len(statuses) == 3 * len(shared_sandbox.data.shops)
    details = [r for r in requests if "/target_collaborations/" in r.path and r.method == "GET"]
    assert len(details) == len(plans)
    assert any(r.query.get("page_token") for r in requests if r.path.endswith("/sample_applications/search"))


def test_affiliate_order_records_name_their_creator_and_commission(shared_sandbox, catalog_for):
    run = read(connector_config(shared_sandbox), catalog_for(False, ["affiliate_orders", "orders"]))
    orders = {o["id"]: o for o in run.records("orders")}
    for record in run.records("affiliate_orders"):
        order = orders[record["id"]]
        assert record["create_time"] == order["create_time"] and record["shop_id"] == order["shop_id"]
        for sku in record["skus"]:
            assert sku["creator_username"] and int(sku["commission_rate"]) >= 100
            assert {"amount", "currency"} <= set(sku["estimated_paid_commission"])


# ---- incremental with the lookback ----------------------------------------------------------------------------------


def test_incremental_affiliate_orders_reread_the_lookback_and_catch_a_commission_status_change(sandbox, catalog_for):
    catalog = catalog_for(True, ["affiliate_orders"])
    assert catalog["streams"][0]["sync_mode"] == "incremental"
    config = connector_config(sandbox)  # affiliate_orders_lookback_days: default 30
    first = read(config, catalog)
    assert record_keys(first, "affiliate_orders") == expected(sandbox, "affiliate_orders")
    state = first.stream_state("affiliate_orders")
    shops = [s["id"] for s in sandbox.data.shops]
    assert set(state["shops"]) == set(shops) and all(isinstance(s["create_time"], int) for s in state["shops"].values())

    us, gb = shops[0], shops[1]
    cursor = state["shops"][us]["create_time"]
    rows = sandbox.data.affiliate_orders[us]
    # An order placed 12 days before the cursor whose commission now settles (its create_time does not move), one
    # placed 60 days before whose commission is clawed back (outside the lookback), and two new affiliate orders.
    inside = next(r for r in rows if cursor - 20 * DAY < r["create_time"] < cursor - 5 * DAY and r["status"] != "DEDUCTED")
    outside = next(r for r in rows if r["create_time"] < cursor - 45 * DAY and r["status"] != "FROZEN")
    sandbox.mutate.set_affiliate_order_status(us, [inside["id"]], "DEDUCTED")
    sandbox.mutate.set_affiliate_order_status(us, [outside["id"]], "FROZEN")
    new = set(sandbox.mutate.add_affiliate_orders(us, 2))

    second = read(config, catalog, first.last_states())
    got = {r["id"]: r for r in second.records("affiliate_orders")}
    assert new <= set(got)
    assert got[inside["id"]]["status"] == "DEDUCTED", "the change inside the lookback was read"
    assert all(s["refunded_quantity"] == s["quantity"] for s in got[inside["id"]]["skus"])
    assert outside["id"] not in got, "TikTok filters by create time only: older orders are left to a full refresh"
    # Exactly the lookback: every affiliate order created in the 30 days before the shop's cursor, and nothing older.
    for shop in shops:
        shop_cursor = state["shops"][shop]["create_time"]
        want = {r["id"] for r in sandbox.data.affiliate_orders[shop] if r["create_time"] >= shop_cursor - 30 * DAY}
        assert {i for i, r in got.items() if r["shop_id"] == shop} == want, shop
    searches = [body_of(r) for r in sandbox.requests if r.path.endswith("/affiliate_seller/202410/orders/search")]
    assert {b["create_time_ge"] for b in searches[-len(shops) :]} == {state["shops"][s]["create_time"] - 30 * DAY for s in shops}
    later = second.stream_state("affiliate_orders")["shops"]
    assert later[us]["create_time"] >= cursor and later[gb]["create_time"] >= state["shops"][gb]["create_time"]

    # The option sets the lookback: with 0 days only the new orders come (lookback_window is 0 in these tests).
    new = set(sandbox.mutate.add_affiliate_orders(gb, 1))
    sandbox.mutate.set_affiliate_order_status(us, [inside["id"]], "COMPLETED")
    third = read(connector_config(sandbox, affiliate_orders_lookback_days=0), catalog, second.last_states())
    assert {r["id"] for r in third.records("affiliate_orders")} == new


# ---- kill -9 and resume ---------------------------------------------------------------------------------------------


def test_kill_9_mid_read_then_resume_loses_no_affiliate_record(catalog_for):
    with Sandbox(**BUSY) as sb:
        pages = {shop["id"]: len(sb.data.affiliate_orders[shop["id"]]) for shop in sb.data.shops}
        assert min(pages.values()) > 200, pages
        reads = kill_and_resume(
            connector_config(sb, concurrency=1), catalog_for(True, AFFILIATE), random.Random(1414), kills=6, attempts=10
        )
        assert reads.kills >= 6, "the reads were really killed"
        for stream in AFFILIATE:
            assert reads.keys(stream) == expected(sb, stream), stream
        resumed = [s for s in reads.resumed_from or [] if s["stream"]["stream_descriptor"]["name"] == "affiliate_orders"]
        assert resumed, "a checkpoint of affiliate_orders was taken before a kill"


# ---- faults ---------------------------------------------------------------------------------------------------------


def test_faults_on_every_affiliate_call_lose_nothing(catalog_for):
    with Sandbox(**BUSY) as sb:
        us, gb = (shop["id"] for shop in sb.data.shops)
        sb.faults.retry_after = False
        sb.faults.script(ORDERS_SEARCH, [(429, 36009002), (200, 36009003)], shop_id=us)
        sb.faults.script(ORDERS_SEARCH, ["drop", (503, None)], shop_id=gb)
        sb.faults.script(OPEN_SEARCH, [(500, 36009003)], shop_id=us)
        sb.faults.script(TARGET_SEARCH, ["truncated"], shop_id=gb)
        sb.faults.script(TARGET_DETAIL, [(502, None), "drop"], shop_id=us)
        sb.faults.script(SAMPLES_SEARCH, [(200, 36009002), "truncated"], shop_id=us)
        run = read(fast_config(sb), catalog_for(True, AFFILIATE))
        assert sb.faults.pending() == 0, "every scripted fault was served"
        for stream in AFFILIATE:
            got = keys(run.records(stream), primary_key(stream))
            assert set(got) == expected(sb, stream) and len(got) == len(set(got)), stream


def test_mixed_random_faults_lose_no_affiliate_record(catalog_for):
    with Sandbox(seed=43, shops=2, products_per_shop=20, orders_per_shop=300, statement_days=2, history_days=60) as sb:
        sb.faults.retry_after = False
        sb.faults.http_429, sb.faults.http_5xx, sb.faults.drop_connection, sb.faults.truncated_json = 0.1, 0.05, 0.03, 0.03
        run = read(fast_config(sb), catalog_for(True, AFFILIATE))
        assert any(r.http_status in (429, 500, 502, 503) or r.http_status is None for r in sb.requests)
        for stream in AFFILIATE:
            assert record_keys(run, stream) == expected(sb, stream), stream


# ---- personal data --------------------------------------------------------------------------------------------------


def creator_values(sandbox):
    values = set()
    for shop in sandbox.data.shops:
        for creator in sandbox.data.shop(shop["id"]).creators:
            values |= {creator.username, creator.nickname, creator.open_id}
        for r in sandbox.data.affiliate_sample_applications[shop["id"]]:
            values.add(r["creator"]["avatar_url"])
        for plan in sandbox.data.affiliate_target_collaborations[shop["id"]]:
            values.add(plan["seller_contact_info"]["email"])
    return values


def test_the_pii_preset_blocks_every_creator_field(shared_sandbox, catalog_for):
    config = connector_config(shared_sandbox, pii_handling="block")
    run = run_connector("read", config, catalog_for(False, AFFILIATE), debug=True)
    assert run.returncode == 0, run.stderr[-3000:]
    assert all(run.records(stream) for stream in AFFILIATE)
    output = run.stdout + run.stderr
    leaked = [value for value in creator_values(shared_sandbox) if value in output]
    assert not leaked, leaked[:5]
    application = run.records("affiliate_sample_applications")[0]
    assert set(application["creator"]) == {"content_count", "ec_video_view", "follower_count", "fulfillment_percentage", "gmv"}
    plan = run.records("affiliate_target_collaborations")[0]
    assert all(not set(c) & {"username", "nickname", "creator_open_id"} and not c.get("avatar") for c in plan["creators"])
    assert "creator_username" not in run.records("affiliate_orders")[0]["skus"][0]


def test_the_pii_preset_hashes_creator_handles(shared_sandbox, catalog_for):
    run = read(
        connector_config(shared_sandbox, pii_handling="hash"), catalog_for(False, ["affiliate_orders", "affiliate_sample_applications"])
    )
    truth = sandbox_records(shared_sandbox, "affiliate_orders")
    for record in run.records("affiliate_orders"):
        raw = truth[(record["id"],)]
        for sku, raw_sku in zip(record["skus"], raw["skus"]):
            assert sku["creator_username"] == hashlib.sha256(raw_sku["creator_username"].encode()).hexdigest()
            assert sku["estimated_paid_commission"] == raw_sku["estimated_paid_commission"], "amounts untouched"
    samples = sandbox_records(shared_sandbox, "affiliate_sample_applications")
    for record in run.records("affiliate_sample_applications"):
        creator = samples[(record["id"],)]["creator"]
        assert record["creator"]["nickname"] == hashlib.sha256(creator["nickname"].encode()).hexdigest()
        assert record["creator"]["follower_count"] == creator["follower_count"]


# ---- a missing scope ------------------------------------------------------------------------------------------------


def test_check_names_the_affiliate_tables_a_missing_scope_blocks(sandbox):
    sandbox.revoke_group("affiliate_seller")
    status = run_connector("check", connector_config(sandbox)).connection_status
    assert status["status"] == "SUCCEEDED", status
    blocked = status["message"].split("Not readable")[1]
    for word in [*AFFILIATE, "Read Seller Affiliate Collaborations"]:
        assert word in blocked
    assert "orders," not in blocked.replace("affiliate_orders,", "")


def test_a_missing_affiliate_scope_skips_the_tables_with_one_warning_each_and_reads_the_others(sandbox, catalog_for):
    sandbox.revoke_group("affiliate_seller")
    run = read(connector_config(sandbox), catalog_for(True, ["orders", *AFFILIATE]))
    assert record_keys(run, "orders") == expected(sandbox, "orders")
    assert not any(run.records(stream) for stream in AFFILIATE)
    for stream in AFFILIATE:
        warnings = [m["log"]["message"] for m in run.of_type("LOG") if m["log"]["message"].startswith(f"{stream}: skipped")]
        assert len(warnings) == 1 and "'Read Seller Affiliate Collaborations' API group" in warnings[0], warnings
    # Only the searches were refused (no detail call), at most once per shop (shops are read side by side).
    refused = [r.path for r in sandbox.requests if r.code == 105005]
    assert set(refused) == {
        "/affiliate_seller/202410/orders/search",
        "/affiliate_seller/202412/open_collaborations/search",
        "/affiliate_seller/202508/target_collaborations/search",
        "/affiliate_seller/202508/sample_applications/search",
    }, refused
    assert all(refused.count(path) <= len(sandbox.data.shops) for path in refused)
    # The skipped incremental table's state does not move: the next sync with the scope reads everything.
    sandbox.grant_group("affiliate_seller")
    again = read(connector_config(sandbox), catalog_for(True, ["affiliate_orders"]), run.last_states())
    assert record_keys(again, "affiliate_orders") == expected(sandbox, "affiliate_orders")
