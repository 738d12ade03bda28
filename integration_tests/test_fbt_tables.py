"""Fulfilled by TikTok tables through the real entrypoint against the sandbox: a full refresh is the sandbox's
ground truth, shops not onboarded are skipped with one log line per table (and never sent to the FBT lists),
inventory records read incrementally bring only new records, a kill -9 and resume loses nothing, faults lose
nothing, and `check` names the FBT tables a missing scope blocks."""

from __future__ import annotations

import random
import time

import pytest

from tiktok_shop_sandbox import Sandbox

from .conftest import connector_config
from .harness import (
    assert_keys_are_the_ground_truth,
    expected,
    kill_and_resume,
    record_keys,
    run_connector,
)
from .harness import read_ok as read
from .test_reliability import fast_config

FBT = ["fbt_warehouses", "fbt_inventory", "fbt_inventory_records"]
RECORDS = "fbt_inventory_records"
FBT_PATHS = ("/fbt/202408/warehouses", "/fbt/202408/inventory/search", "/fbt/202410/inventory_records/search")
ONBOARDED = "/fbt/202409/merchants/onboarded_regions"
# Three shops (US and GB onboarded to FBT, VN not), enough stock movements that every FBT shop pages.
SMALL = dict(shops=3, products_per_shop=40, orders_per_shop=20, statement_days=2, history_days=60)


def not_onboarded(sandbox):
    shops = [s for s in sandbox.data.shops if sandbox.data.fbt[s["id"]] is None]
    assert shops, "the sandbox must have a shop not onboarded to FBT"
    return shops


def fbt_list_calls(sandbox, cipher):
    return [r for r in sandbox.requests if r.path in FBT_PATHS and r.query.get("shop_cipher") == cipher]


def skip_lines(run, shop_id):
    return [m["log"]["message"] for m in run.of_type("LOG") if f"skipping shop {shop_id}" in m["log"]["message"]]


def without_added(record):
    return {k: v for k, v in record.items() if k not in ("shop_id", "goods_id", "record_id")}


# ---- full refresh -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def full_refresh(shared_sandbox, catalog_for):
    shared_sandbox.clear_requests()
    return read(connector_config(shared_sandbox), catalog_for(False, FBT))


@pytest.mark.parametrize("stream", FBT)
def test_full_refresh_is_the_sandbox_ground_truth(full_refresh, shared_sandbox, stream):
    assert_keys_are_the_ground_truth(full_refresh, shared_sandbox, stream)
    # Record by record, exactly what the endpoint answered (plus shop_id and the key the connector adds).
    for shop in shared_sandbox.data.shops:
        emitted = sorted((without_added(r) for r in full_refresh.records(stream) if r["shop_id"] == shop["id"]), key=repr)
        assert emitted == sorted(getattr(shared_sandbox.data, stream)[shop["id"]], key=repr), (stream, shop["region"])


def test_inventory_records_carry_distinct_digest_keys(full_refresh):
    ids = [r["record_id"] for r in full_refresh.records(RECORDS)]
    assert len(ids) == len(set(ids)) and all(len(i) == 32 for i in ids)


def test_a_shop_not_onboarded_is_skipped_with_one_line_per_table_and_never_called(full_refresh, shared_sandbox):
    assert full_refresh.returncode == 0 and not full_refresh.errors
    for shop in not_onboarded(shared_sandbox):
        assert not [r for r in full_refresh.records() if r.get("shop_id") == shop["id"]]
        lines = skip_lines(full_refresh, shop["id"])
        assert sorted(line.split(":")[0] for line in lines) == sorted(FBT), lines
        assert all("not onboarded to Fulfilled by TikTok" in line for line in lines)
        assert not fbt_list_calls(shared_sandbox, shop["cipher"])
    # onboarded_regions: once per shop for the three tables.
    gate = [r.query["shop_cipher"] for r in shared_sandbox.requests if r.path == ONBOARDED]
    assert sorted(gate) == sorted(s["cipher"] for s in shared_sandbox.data.shops)


@pytest.mark.parametrize("regions_data,lists", [("null", "empty"), ("[]", "error")])
def test_every_reading_of_the_empty_answers_skips_the_shop_cleanly(catalog_for, regions_data, lists):
    with Sandbox(seed=41, **SMALL) as sb:
        sb.data.fbt_not_onboarded_regions_data = regions_data
        sb.data.fbt_not_onboarded_answer = lists
        run = read(connector_config(sb), catalog_for(False, FBT))
        for stream in FBT:
            assert record_keys(run, stream) == expected(sb, stream), stream
        for shop in not_onboarded(sb):
            assert len(skip_lines(run, shop["id"])) == len(FBT)
            assert not fbt_list_calls(sb, shop["cipher"])


def test_the_pii_preset_leaves_the_fbt_tables_whole(shared_sandbox, catalog_for, full_refresh):
    """No FBT field is personal: the warehouse addresses are TikTok's own platform warehouses."""
    run = read(connector_config(shared_sandbox, pii_handling="block"), catalog_for(False, ["fbt_warehouses"]))
    assert run.records("fbt_warehouses") == full_refresh.records("fbt_warehouses")


# ---- incremental --------------------------------------------------------------------------------


def test_incremental_records_bring_only_new_records_with_per_shop_state(catalog_for):
    with Sandbox(seed=42, **SMALL) as sb:
        config = connector_config(sb)
        catalog = catalog_for(True, FBT)
        first = read(config, catalog)
        assert record_keys(first, RECORDS) == expected(sb, RECORDS)
        onboarded = [s for s in sb.data.shops if sb.data.fbt[s["id"]] is not None]
        state = first.stream_state(RECORDS)["shops"]
        onboarded_ids = {s["id"] for s in onboarded}
        assert all(set(shop_state) == {"create_time"} for shop, shop_state in state.items() if shop in onboarded_ids)
        assert all(not state.get(s["id"]) for s in not_onboarded(sb)), "a skipped shop's state does not move"

        added = {}
        for shop in onboarded:
            added[shop["id"]] = sb.mutate.add_fbt_inventory_records(shop["id"], 3 + len(added), at=int(time.time()))
        time.sleep(1.1)  # the next sync reads up to its start, which must lie past the new records
        second = read(config, catalog, first.last_states())

        from source_tiktok_shop.streams.fbt import inventory_record_id

        want = {(shop, inventory_record_id(r)) for shop, records in added.items() for r in records}
        assert record_keys(second, RECORDS) == want, "exactly the new records, nothing read twice"
        for shop_id in onboarded_ids:
            assert second.stream_state(RECORDS)["shops"][shop_id]["create_time"] > state[shop_id]["create_time"]
        # The full-refresh tables follow the stock the new records moved.
        assert record_keys(second, "fbt_inventory") == expected(sb, "fbt_inventory")
        third = read(config, catalog, second.last_states())
        assert third.records(RECORDS) == []


# ---- kill -9 and faults -------------------------------------------------------------------------


def test_kill_9_mid_read_then_resume_loses_nothing(catalog_for):
    with Sandbox(seed=43, **SMALL) as sb:
        config, catalog = connector_config(sb, concurrency=1), catalog_for(True, FBT)
        reads = kill_and_resume(config, catalog, random.Random(20260611), kills=5, attempts=10, states=(1, 4), lines=(20, 900))
        assert reads.kills >= 5, "the reads were really killed"
        for stream in FBT:
            assert reads.keys(stream) == expected(sb, stream), stream


def test_faults_on_every_fbt_call_are_retried_and_lose_nothing(catalog_for):
    with Sandbox(seed=44, **SMALL) as sb:
        us, gb = (s["id"] for s in sb.data.shops[:2])
        sb.faults.retry_after = False
        sb.faults.script(ONBOARDED + "$", [(500, 36009003)], shop_id=us)
        sb.faults.script(ONBOARDED + "$", ["drop"], shop_id=gb)
        sb.faults.script(r"/fbt/202408/warehouses$", [(429, 36009002)], shop_id=us)
        sb.faults.script(r"/fbt/202408/inventory/search$", [(502, None), "truncated"], shop_id=gb)
        sb.faults.script(r"/fbt/202410/inventory_records/search$", [(200, 36009002), (503, None)], shop_id=us)
        sb.faults.script(r"/fbt/202410/inventory_records/search$", ["drop", (200, 36009007)], shop_id=gb)
        run = run_connector("read", fast_config(sb), catalog_for(True, FBT), timeout=240)

        assert run.returncode == 0 and not run.errors, run.stderr[-3000:]
        assert sb.faults.pending() == 0, "every scripted fault was served"
        for stream in FBT:
            assert record_keys(run, stream) == expected(sb, stream), stream


# ---- scope --------------------------------------------------------------------------------------


def test_check_names_the_fbt_tables_a_missing_scope_blocks(sandbox):
    sandbox.revoke_group("fbt")
    status = run_connector("check", connector_config(sandbox)).connection_status
    assert status["status"] == "SUCCEEDED", status
    blocked = status["message"].split("Not readable")[1]
    for word in [*FBT, "Fulfilled by TikTok"]:
        assert word in blocked, status["message"]
    assert "orders" not in blocked


@pytest.mark.parametrize("incremental", [False, True])
def test_a_missing_fbt_scope_skips_the_fbt_tables_once_each_and_the_sync_succeeds(sandbox, catalog_for, incremental):
    sandbox.revoke_group("fbt")
    run = run_connector("read", connector_config(sandbox), catalog_for(incremental, ["shops", "warehouses", *FBT]))
    assert run.returncode == 0 and not run.errors, run.errors
    assert {r["id"] for r in run.records("shops")} == {s["id"] for s in sandbox.data.shops}
    assert record_keys(run, "warehouses") == expected(sandbox, "warehouses"), "the other tables are read"
    assert not [r for stream in FBT for r in run.records(stream)]
    warnings = [
        m["log"]["message"] for m in run.of_type("LOG") if m["log"]["level"] == "WARN" and "Fulfilled by TikTok" in m["log"]["message"]
    ]
    assert sorted(w.split(":")[0] for w in warnings) == sorted(FBT), warnings
    # The scope is the app's: after the first refusal (onboarded_regions, the first FBT call) no shop or table asks again.
    refused = [r for r in sandbox.requests if r.path.startswith("/fbt/") and r.code == 105005]
    assert [r.path for r in refused] == [ONBOARDED]
