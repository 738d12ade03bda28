"""The whole order and the return timeline, end to end through the real entrypoint against the sandbox:
`orders` completed by the order detail call, `order_price_details` (a child of the orders search) and
`return_records` (a child of returns): full refresh equal to the sandbox's ground truth, incremental reads
that bring only what changed, kill -9 and faults that lose nothing, the PII preset, and no per-order call
outside the tables that need it."""

from __future__ import annotations

import copy
import hashlib
import math
import random
import re

import pytest

from source_tiktok_shop.streams.orders import Orders
from tiktok_shop_sandbox import Sandbox
from tiktok_shop_sandbox.records.order_children import DETAIL_ONLY, SEARCH_ONLY

from .conftest import connector_config
from .harness import (
    expected,
    keys,
    kill_and_resume,
    never_paid,
    primary_key,
    read_ok,
    record_keys,
    run_connector,
)

TABLES = ["orders", "order_price_details", "returns", "return_records"]
ORDER_DETAIL = r"/order/202507/orders$"
PRICE_DETAIL = r"/order/202407/orders/\d+/price_detail$"
SETTLEMENT = r"/finance/202501/orders/(\d+)/statement_transactions$"
RETURN_RECORDS = r"/return_refund/202309/returns/\d+/records$"
# Two shops whose orders need three search pages each, a few products and statement days.
SMALL = dict(shops=2, products_per_shop=8, orders_per_shop=230, statement_days=4, history_days=30)


def all_orders(sandbox, view="orders"):
    return {o["id"]: o for shop in sandbox.data.shops for o in getattr(sandbox.data, view)[shop["id"]]}


def requests_to(sandbox, pattern):
    return [r for r in sandbox.requests if re.search(pattern, r.path)]


def assert_orders_merged(sandbox, records):
    """Every order record is the search's with the detail's fields over it (the four payment fields included)."""
    searched, detailed = all_orders(sandbox), all_orders(sandbox, "order_details")
    assert {r["id"] for r in records} == set(searched)
    for record in records:
        want = {**searched[record["id"]], **detailed[record["id"]], "shop_id": record["shop_id"]}
        assert record == want, record["id"]


def price_detail_rows(sandbox):
    """order_id -> the record the connector emits for it (the answer, with the order's id and update_time)."""
    rows = {}
    for shop in sandbox.data.shops:
        orders = {o["id"]: o for o in sandbox.data.orders[shop["id"]]}
        for order_id, data in sandbox.data.order_price_details[shop["id"]].items():
            rows[order_id] = {**data, "order_id": order_id, "order_update_time": orders[order_id]["update_time"], "shop_id": shop["id"]}
    return rows


def return_record_rows(sandbox):
    """(return_id, record_index) -> the record the connector emits (the sandbox answers newest first)."""
    rows = {}
    for shop in sandbox.data.shops:
        returns = {r["return_id"]: r for r in sandbox.data.returns[shop["id"]]}
        for return_id, records in sandbox.data.return_records[shop["id"]].items():
            for index, record in enumerate(reversed(records)):
                rows[(return_id, str(index))] = {
                    **record,
                    "return_id": return_id,
                    "record_index": index,
                    "return_update_time": returns[return_id]["update_time"],
                    "order_id": returns[return_id]["order_id"],
                    "shop_id": shop["id"],
                }
    return rows


@pytest.fixture(scope="module")
def full_refresh(shared_sandbox, catalog_for):
    shared_sandbox.clear_requests()
    run = read_ok(connector_config(shared_sandbox), catalog_for(False, TABLES))
    return run, list(shared_sandbox.requests)


# ---- full refresh: the ground truth -----------------------------------------------------------------


def test_orders_carry_the_four_payment_fields_only_the_order_detail_answers(full_refresh, shared_sandbox):
    run, _ = full_refresh
    records = run.records("orders")
    assert_orders_merged(shared_sandbox, records)
    cards = [r for r in records if r["payment_card_type"]]
    assert len(cards) > 50 and all(r["payment_auth_code"] and r["channel_entity_national_registry_id"] for r in cards)
    assert all(r["payment_method_code"] for r in records if "paid_time" in r)
    # The fields only the search answers are kept.
    searched = all_orders(shared_sandbox)
    assert all(r[field] == searched[r["id"]][field] for r in records for field in SEARCH_ONLY if field in searched[r["id"]])
    assert any(field in r for r in records for field in SEARCH_ONLY)
    assert not any(field in o for o in searched.values() for field in DETAIL_ONLY), "the sandbox's search must not answer them"


def test_orders_cost_one_detail_call_per_50_orders_and_the_price_details_none(full_refresh, shared_sandbox):
    _, requests = full_refresh
    details = [r for r in requests if re.search(ORDER_DETAIL, r.path)]
    want = 0
    for shop in shared_sandbox.data.shops:
        pages, rest = divmod(len(shared_sandbox.data.orders[shop["id"]]), 100)  # one window, pages of 100
        want += 2 * pages + math.ceil(rest / 50)
    assert len(details) == want, "orders: one detail call per 50 orders of a page; order_price_details: none"
    assert all(len(r.query["ids"].split(",")) <= 50 for r in details)


def test_orders_without_a_detail_only_column_make_no_detail_call(shared_sandbox, catalog_for):
    """With none of the four detail-only fields kept (deselected in the catalog, or blocked by the field
    policy) the detail call could add nothing that is emitted: none is made, and every order is its search record."""
    assert set(Orders.detail_only_fields) == set(DETAIL_ONLY)
    deselected = copy.deepcopy(catalog_for(False, ["orders"]))
    properties = deselected["streams"][0]["stream"]["json_schema"]["properties"]
    for field in DETAIL_ONLY:
        del properties[field]
    blocked = connector_config(shared_sandbox, blocked_fields=[f"orders.{field}" for field in DETAIL_ONLY])
    searched = all_orders(shared_sandbox)
    for config, catalog in ((connector_config(shared_sandbox), deselected), (blocked, catalog_for(False, ["orders"]))):
        shared_sandbox.clear_requests()
        records = read_ok(config, catalog).records("orders")
        assert not requests_to(shared_sandbox, ORDER_DETAIL)
        assert {r["id"] for r in records} == set(searched)
        assert all(r == {**searched[r["id"]], "shop_id": r["shop_id"]} for r in records)
    shared_sandbox.clear_requests()
    one_kept = copy.deepcopy(deselected)
    one_kept["streams"][0]["stream"]["json_schema"]["properties"]["payment_auth_code"] = {"type": ["null", "string"]}
    assert read_ok(connector_config(shared_sandbox), one_kept).records("orders")
    assert requests_to(shared_sandbox, ORDER_DETAIL), "one detail-only field kept: the detail call is made"


def test_settlements_are_not_asked_for_orders_never_paid_and_nothing_is_lost(shared_sandbox, catalog_for):
    orders = all_orders(shared_sandbox)
    unpaid = {order_id for order_id, order in orders.items() if never_paid(order)}
    assert unpaid and len(unpaid) < len(orders), "the sandbox must hold orders never paid and orders paid"
    for shop in shared_sandbox.data.shops:  # what is not asked for holds nothing
        settlements = shared_sandbox.data.order_transactions[shop["id"]]
        assert all(not settlements[o["id"]]["sku_transactions"] for o in shared_sandbox.data.orders[shop["id"]] if o["id"] in unpaid)
    shared_sandbox.clear_requests()
    run = read_ok(connector_config(shared_sandbox), catalog_for(False, ["order_statement_transactions"]))
    asked = [re.search(SETTLEMENT, r.path).group(1) for r in requests_to(shared_sandbox, SETTLEMENT)]
    assert sorted(asked) == sorted(set(orders) - unpaid), "one call per order paid, none for the others"
    assert {r["order_id"] for r in run.records("order_statement_transactions")} == set(orders) - unpaid


def test_price_details_equal_the_sandbox_one_call_per_order(full_refresh, shared_sandbox):
    run, requests = full_refresh
    got = {r["order_id"]: r for r in run.records("order_price_details")}
    assert len(got) == len(run.records("order_price_details")), "one record per order"
    assert set(got) == {k[0] for k in expected(shared_sandbox, "order_price_details")}
    assert got == price_detail_rows(shared_sandbox)
    assert len([r for r in requests if re.search(PRICE_DETAIL, r.path)]) == len(got)


def test_return_records_equal_the_sandbox_timelines_oldest_first(full_refresh, shared_sandbox):
    run, _ = full_refresh
    records = run.records("return_records")
    assert set(keys(records, primary_key("return_records"))) == expected(shared_sandbox, "return_records")
    assert {(r["return_id"], str(r["record_index"])): r for r in records} == return_record_rows(shared_sandbox)
    assert len(records) > len(shared_sandbox.data.returns[shared_sandbox.data.shops[0]["id"]]), "timelines of several events"


def test_check_makes_no_per_order_or_per_return_call(shared_sandbox):
    shared_sandbox.clear_requests()
    run = run_connector("check", connector_config(shared_sandbox))
    assert run.connection_status["status"] == "SUCCEEDED"
    assert not [r for pattern in (ORDER_DETAIL, PRICE_DETAIL, RETURN_RECORDS) for r in requests_to(shared_sandbox, pattern)]


# ---- incremental --------------------------------------------------------------------------------------


def test_a_mutated_order_or_return_yields_only_its_new_records(sandbox, catalog_for):
    config = connector_config(sandbox)
    catalog = catalog_for(True, TABLES)
    first = read_ok(config, catalog)
    for stream in TABLES:
        assert record_keys(first, stream) == expected(sandbox, stream), stream
    before = return_record_rows(sandbox)
    changed_orders, changed_returns = set(), set()
    for shop in sandbox.data.shops:
        changed_orders |= set(sandbox.mutate.update_orders(shop["id"], 2)) | set(sandbox.mutate.add_orders(shop["id"], 1))
        changed_returns |= set(sandbox.mutate.update_returns(shop["id"], 2)) | set(sandbox.mutate.add_returns(shop["id"], 1))
    second = read_ok(config, catalog, first.last_states())

    assert {r["order_id"] for r in second.records("order_price_details")} == changed_orders
    prices = price_detail_rows(sandbox)
    assert all(r == prices[r["order_id"]] for r in second.records("order_price_details"))
    detailed = all_orders(sandbox, "order_details")
    assert {r["id"] for r in second.records("orders")} == changed_orders
    assert all(r["payment_method_code"] == detailed[r["id"]]["payment_method_code"] for r in second.records("orders"))

    records = second.records("return_records")
    assert {r["return_id"] for r in records} == changed_returns, "only the changed returns' timelines are read again"
    after = return_record_rows(sandbox)
    got = {(r["return_id"], str(r["record_index"])): r for r in records}
    assert got == {key: row for key, row in after.items() if key[0] in changed_returns}
    new_events = set(after) - set(before)
    assert new_events and new_events <= set(got), "every new event arrives"
    assert all(key[0] in changed_returns for key in new_events)
    # An earlier event keeps its key and content; only the cursor (the return's update_time) moves.
    for key in set(got) & set(before):
        assert {k: v for k, v in got[key].items() if k != "return_update_time"} == {
            k: v for k, v in before[key].items() if k != "return_update_time"
        }
    shop_ids = {s["id"] for s in sandbox.data.shops}
    for stream in ("order_price_details", "return_records"):
        assert set(second.stream_state(stream)["shops"]) == shop_ids, stream


# ---- kill -9 and faults ---------------------------------------------------------------------------------


def test_kill_9_then_resume_loses_nothing_with_the_orders_detail_merge(catalog_for):
    streams = ["orders", "order_price_details", "return_records"]
    with Sandbox(seed=41, **SMALL) as sb:
        reads = kill_and_resume(connector_config(sb), catalog_for(True, streams), random.Random(20260714), kills=6, attempts=10)
        assert reads.kills >= 6, "the reads were really killed"
        for stream in streams:
            assert reads.keys(stream) == expected(sb, stream), stream
        # No order was committed without its detail: every kept row is the merged record.
        assert_orders_merged(sb, list(reads.records["orders"].values()))


def test_faults_on_the_per_order_and_per_return_calls_lose_nothing(catalog_for):
    with Sandbox(seed=43, **SMALL) as sb:
        us, gb = (s["id"] for s in sb.data.shops)
        sb.faults.retry_after = False
        sb.faults.slow_seconds = 1.5  # past the 1 s request timeout below
        sb.faults.script(ORDER_DETAIL, [(429, 36009002), (500, 36009003)], shop_id=us)
        sb.faults.script(ORDER_DETAIL, ["drop", "truncated"], shop_id=gb)
        sb.faults.script(PRICE_DETAIL, [(200, 36009002), (502, None), "slow"], shop_id=us)
        sb.faults.script(PRICE_DETAIL, ["truncated", (503, None)], shop_id=gb)
        sb.faults.script(RETURN_RECORDS, ["drop", (500, 36009003)], shop_id=us)
        sb.faults.script(RETURN_RECORDS, [(429, 36009002), "truncated"], shop_id=gb)
        config = connector_config(sb, retry_backoff_seconds=0, request_timeout_seconds=1)
        run = run_connector("read", config, catalog_for(False, TABLES))
        assert sb.faults.pending() == 0, "every scripted fault was served"
        assert run.returncode == 0 and not run.errors, run.stderr[-3000:]
        for stream in TABLES:
            assert record_keys(run, stream) == expected(sb, stream), stream
        assert_orders_merged(sb, run.records("orders"))
        assert {r["order_id"]: r for r in run.records("order_price_details")} == price_detail_rows(sb)


def test_random_faults_lose_nothing(catalog_for):
    with Sandbox(seed=44, **SMALL) as sb:
        sb.faults.retry_after = False
        sb.faults.http_429, sb.faults.http_5xx, sb.faults.drop_connection = 0.06, 0.04, 0.02
        sb.faults.code_36009002_in_200, sb.faults.truncated_json = 0.02, 0.02
        config = connector_config(sb, retry_backoff_seconds=0, max_retries=8)
        run = run_connector("read", config, catalog_for(True, TABLES))
        assert run.returncode == 0 and not run.errors, run.stderr[-3000:]
        for stream in TABLES:
            assert record_keys(run, stream) == expected(sb, stream), stream
        assert_orders_merged(sb, run.records("orders"))


# ---- personal data ------------------------------------------------------------------------------------


def test_pii_preset_hashes_and_blocks_the_notes_on_return_records(shared_sandbox, catalog_for):
    rows = return_record_rows(shared_sandbox)
    assert any(row["note"] for row in rows.values()), "the sandbox's return records must carry notes"
    hashed = read_ok(connector_config(shared_sandbox, pii_handling="hash"), catalog_for(False, ["return_records"]))
    for record in hashed.records("return_records"):
        raw = rows[(record["return_id"], str(record["record_index"]))]["note"]
        assert record["note"] == hashlib.sha256(raw.encode()).hexdigest()
        assert record["description"] == rows[(record["return_id"], str(record["record_index"]))]["description"]
    blocked = read_ok(connector_config(shared_sandbox, pii_handling="block"), catalog_for(False, ["return_records"]))
    assert blocked.records("return_records") and not any("note" in r for r in blocked.records("return_records"))
    notes = {row["note"] for row in rows.values() if len(row["note"]) > 8}
    assert not [note for note in notes if note in blocked.stdout]


# ---- missing scope ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "group,table,others,partner_center_name",
    [
        ("order", "order_price_details", ["returns", "return_records"], "Order Information"),
        ("return_refund", "return_records", ["orders", "order_price_details"], "Return and Refund"),
    ],
)
def test_a_missing_core_scope_fails_the_table_with_a_config_error_and_the_others_arrive(
    sandbox, catalog_for, group, table, others, partner_center_name
):
    # Order Information and Return and Refund are core groups, as for `orders` and `returns`: a seller who
    # selected the table is told to enable the group rather than given an empty table.
    sandbox.revoke_group(group)
    run = run_connector("read", connector_config(sandbox), catalog_for(True, [table, *others]))
    assert run.returncode != 0
    assert not run.records(table)
    for stream in others:
        assert record_keys(run, stream) == expected(sandbox, stream), stream
    assert run.errors and {error["failure_type"] for error in run.errors} == {"config_error"}
    assert any(partner_center_name in error["message"] for error in run.errors), run.errors
