"""Full-refresh reads of every table discover lists, through the real entrypoint against the sandbox:
exactly the sandbox's records, keyed as discover says, for the selected shops; the same records twice in
a row; regional gaps skipped, failures reported."""

import json

import pytest
from airbyte_cdk.sources.utils.casing import camel_to_snake

from source_tiktok_shop.streams import STREAM_CLASSES
from source_tiktok_shop.streams.base import load_schema
from tiktok_shop_sandbox import Sandbox

from .conftest import connector_config
from .harness import SEA_REGIONS, SELLER_TABLES, expected, keys, load_json, primary_key, record_keys, run_connector
from .harness import read_ok as read

STREAMS = [camel_to_snake(cls.__name__) for cls in STREAM_CLASSES]


@pytest.fixture(scope="module")
def full_refresh(shared_sandbox, catalog_for):
    """One full refresh of every discovered table."""
    return read(connector_config(shared_sandbox), catalog_for(False))


@pytest.mark.parametrize("stream", STREAMS)
def test_full_refresh_returns_exactly_the_sandbox_records(full_refresh, shared_sandbox, stream):
    got = keys(full_refresh.records(stream), primary_key(stream))
    want = expected(shared_sandbox, stream)
    assert want, f"{stream}: the sandbox holds no data, the test would prove nothing"
    assert set(got) == want, f"{stream}: missing {len(want - set(got))}, extra {len(set(got) - want)}"
    assert len(got) == len(set(got)), f"{stream}: duplicates in a full refresh"
    if "shop_id" in load_schema(stream)["properties"]:  # all but the account-level category_assets
        assert all(r.get("shop_id") for r in full_refresh.records(stream)), f"{stream}: every record carries shop_id"


def test_statement_transactions_carry_their_statement(full_refresh):
    transactions = full_refresh.records("statement_transactions")
    assert transactions and all(tx["statement_id"] and tx["statement_time"] for tx in transactions)


def test_statement_transactions_carry_the_currency_of_their_statement(full_refresh):
    # The sandbox's statements list their currency: each row carries its statement's (`data.currency`).
    currency = {st["id"]: st["currency"] for st in full_refresh.records("statements")}
    transactions = full_refresh.records("statement_transactions")
    assert transactions and all(tx["currency"] == currency[tx["statement_id"]] for tx in transactions)


def test_products_keep_the_fields_only_product_search_returns(full_refresh, shared_sandbox):
    """`sales_regions` and `product_sync_fail_reasons` come from POST /product/202309/products/search only."""
    regions = {s["id"]: s["region"] for s in shared_sandbox.data.shops}
    products = full_refresh.records("products")
    assert products and all(p["sales_regions"] == [regions[p["shop_id"]]] for p in products)
    assert all(isinstance(p["product_sync_fail_reasons"], list) for p in products)
    assert any(p["product_sync_fail_reasons"] for p in products), "no FAILED product: the test would prove nothing"


def test_shop_ids_restricts_the_read(shared_sandbox, catalog_for):
    chosen = [shared_sandbox.data.shops[1]["id"]]
    run = read(connector_config(shared_sandbox, shop_ids=chosen), catalog_for(False, SELLER_TABLES))
    for stream in SELLER_TABLES:
        assert record_keys(run, stream) == expected(shared_sandbox, stream, chosen), stream
        assert {r["shop_id"] for r in run.records(stream)} == set(chosen)


def test_payments_skip_south_east_asian_shops_instead_of_failing(shared_sandbox, catalog_for):
    run = read(connector_config(shared_sandbox), catalog_for(False, ["payments"]))
    sea = {s["id"] for s in shared_sandbox.data.shops if s["region"] in SEA_REGIONS}
    assert sea, "the sandbox must have a South-East Asian shop for this test"
    assert run.records("payments") and not {r["shop_id"] for r in run.records("payments")} & sea
    assert run.is_logged("does not offer this table")


def test_busy_statements_with_several_pages_of_transactions_are_read_whole(catalog_for):
    """Statements of a busy shop hold more transactions than one page, and several are walked at once
    (the default concurrency): every transaction arrives, exactly once, and the read ends."""
    # A fixed anchor: the dataset is drawn relative to it, and with the default (this hour) how many
    # statements page varied from hour to hour (4 to 12 of 24).
    with Sandbox(
        seed=8,
        shops=2,
        orders_per_shop=4000,
        products_per_shop=20,
        statement_days=12,
        history_days=20,
        max_statement_transactions=260,
        anchor=1796209200,
    ) as sb:
        sizes = [len(txs) for shop in sb.data.transactions.values() for txs in shop.values()]
        assert sum(size > 100 for size in sizes) >= 8, f"the dataset must page: {sizes}"
        run = run_connector("read", connector_config(sb), catalog_for(False, ["statement_transactions"]), timeout=60)
        assert run.returncode == 0, run.stderr[-2000:]
        got = keys(run.records("statement_transactions"), primary_key("statement_transactions"))
        assert len(got) == len(set(got)), "a transaction came twice"
        assert set(got) == expected(sb, "statement_transactions")
        pages = [r for r in sb.requests if r.path.endswith("/statement_transactions") and r.query.get("page_token")]
        assert pages, "no statement was read past its first page"


def test_a_failing_read_ends_with_a_trace_error(sandbox, catalog_for):
    sandbox.revoke_group("order")
    run = run_connector("read", connector_config(sandbox), catalog_for(False, ["orders"]))
    assert run.returncode != 0
    assert run.messages[-1]["type"] == "TRACE" and run.messages[-1]["trace"]["type"] == "ERROR"
    assert any("Order Information" in error["message"] for error in run.errors)
    assert run.errors[0]["failure_type"] == "config_error"


def full_refresh_catalog():
    """integration_tests/configured_catalog.json (the acceptance catalog), every stream in full refresh."""
    catalog = load_json("configured_catalog.json")
    for entry in catalog["streams"]:
        entry["sync_mode"] = "full_refresh"
        entry["destination_sync_mode"] = "overwrite"
        entry.pop("cursor_field", None)
    return catalog


def test_two_consecutive_full_refreshes_give_identical_records(standard_sandbox):
    config = load_json("sample_config.json")
    first = read(config, full_refresh_catalog())
    second = read(config, full_refresh_catalog())

    def canonical(run):
        records = ({"stream": m["record"]["stream"], "data": m["record"]["data"]} for m in run.of_type("RECORD"))
        return sorted(json.dumps(record, sort_keys=True) for record in records)

    assert canonical(first) and canonical(first) == canonical(second)
