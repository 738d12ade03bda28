"""Issue: core tables with incremental sync, through the real entrypoint against the sandbox."""

import random

from .conftest import connector_config
from .harness import keys, run_connector, run_until_states_then_kill
from .harness import read_ok as read

CORE = ["shops", "products", "orders", "statements", "statement_transactions"]
PK = {"shops": ["id"], "products": ["id"], "orders": ["id"], "statements": ["id"], "statement_transactions": ["statement_id", "id"]}


def expected(sandbox, stream, shop_ids=None):
    data = sandbox.data
    shops = [s["id"] for s in data.shops if shop_ids is None or s["id"] in shop_ids]
    if stream == "shops":
        return {(s,) for s in shops}
    if stream == "statement_transactions":
        return {(sid, str(t["id"])) for shop in shops for sid, txs in data.transactions[shop].items() for t in txs}
    table = {"products": data.products, "orders": data.orders, "statements": data.statements}[stream]
    return {(str(r["id"]),) for shop in shops for r in table[shop]}


def by_stream(run):
    return {stream: set(keys(run.records(stream), PK[stream])) for stream in CORE}




def test_full_refresh_returns_exactly_the_sandbox_records(shared_sandbox, catalog_for):
    run = read(connector_config(shared_sandbox), catalog_for(False, CORE))
    got = by_stream(run)
    for stream in CORE:
        assert got[stream] == expected(shared_sandbox, stream), stream
        records = run.records(stream)
        assert len(records) == len(got[stream]), f"{stream}: duplicates in a full refresh"
        assert all(r.get("shop_id") for r in records), f"{stream}: every record carries shop_id"
    for tx in run.records("statement_transactions"):
        assert tx["statement_id"] and tx["statement_time"]


def test_first_incremental_read_equals_full_refresh_and_state_is_per_shop(shared_sandbox, catalog_for):
    run = read(connector_config(shared_sandbox), catalog_for(True, CORE))
    got = by_stream(run)
    for stream in CORE:
        assert got[stream] == expected(shared_sandbox, stream), stream
    shop_ids = {s["id"] for s in shared_sandbox.data.shops}
    for stream in ["products", "orders", "statements", "statement_transactions"]:
        state = run.stream_state(stream)
        assert set(state["shops"]) == shop_ids, stream
        assert all("resume" not in shop_state for shop_state in state["shops"].values())


def test_incremental_after_mutations_returns_every_change_and_only_lookback_rereads(sandbox, catalog_for):
    lookback_days = 3
    config = connector_config(sandbox, lookback_window=lookback_days)
    catalog = catalog_for(True, CORE)
    first = read(config, catalog)
    shops = [s["id"] for s in sandbox.data.shops]
    changed = {"orders": set(), "products": set(), "statements": set()}
    for shop in shops:
        changed["orders"] |= set(sandbox.mutate.add_orders(shop, 3))
        changed["orders"] |= set(sandbox.mutate.update_orders(shop, 4))
        changed["products"] |= set(sandbox.mutate.add_products(shop, 2))
        changed["products"] |= set(sandbox.mutate.update_products(shop, 3))
        statement = sandbox.mutate.add_statement_day(shop)
        changed["statements"].add(str(statement["id"]))
    second = read(config, catalog, first.last_states())
    cursor = {"orders": "update_time", "products": "update_time", "statements": "statement_time"}
    for stream, ids in changed.items():
        records = second.records(stream)
        got = {r["id"] for r in records}
        assert ids <= got, f"{stream}: changed records missing: {ids - got}"
        # Unchanged records come back only from the lookback window before each shop's cursor.
        committed = {shop: st[cursor[stream]] for shop, st in first.stream_state(stream)["shops"].items()}
        for record in records:
            if record["id"] not in ids:
                assert record[cursor[stream]] >= committed[record["shop_id"]] - lookback_days * 86400, (stream, record["id"])
        assert len(records) < len(expected(sandbox, stream)) / 2, f"{stream}: the incremental read re-read most of the table"
    new_statements = changed["statements"]
    got_tx = {(t["statement_id"], str(t["id"])) for t in second.records("statement_transactions")}
    want_tx = {k for k in expected(sandbox, "statement_transactions") if k[0] in new_statements}
    assert want_tx <= got_tx
    assert {r["id"] for r in second.records("shops")} == set(shops)


def test_killed_read_resumes_from_its_last_state_without_loss(sandbox, catalog_for):
    config = connector_config(sandbox)
    catalog = catalog_for(True, CORE)
    rng = random.Random(3)
    union = {stream: set() for stream in CORE}
    state = None
    for attempt in range(4):
        killed = run_until_states_then_kill(config, catalog, state, kill_after_states=rng.randint(2, 6))
        for stream in CORE:
            union[stream] |= set(keys(killed.records(stream), PK[stream]))
        if killed.states:
            merged = {s["stream"]["stream_descriptor"]["name"]: s for s in (state or [])}
            merged.update({s["stream"]["stream_descriptor"]["name"]: s for s in killed.last_states()})
            state = list(merged.values())
    final = read(config, catalog, state)
    for stream in CORE:
        union[stream] |= set(keys(final.records(stream), PK[stream]))
        assert union[stream] == expected(sandbox, stream), stream


def test_shop_ids_restricts_the_read(shared_sandbox, catalog_for):
    chosen = [shared_sandbox.data.shops[1]["id"]]
    run = read(connector_config(shared_sandbox, shop_ids=chosen), catalog_for(False, CORE))
    for stream in CORE:
        assert set(keys(run.records(stream), PK[stream])) == expected(shared_sandbox, stream, chosen), stream
        assert {r["shop_id"] for r in run.records(stream)} == set(chosen)


def test_clearing_one_streams_state_resyncs_only_that_stream(sandbox, catalog_for):
    config = connector_config(sandbox)
    catalog = catalog_for(True, CORE)
    first = read(config, catalog)
    kept = [s for s in first.last_states() if s["stream"]["stream_descriptor"]["name"] != "orders"]
    second = read(config, catalog, kept)
    assert {r["id"] for r in second.records("orders")} == {k[0] for k in expected(sandbox, "orders")}
    for stream in ["products", "statements", "statement_transactions"]:
        assert len(second.records(stream)) == 0, f"{stream} was re-synced although its state was kept"


def test_busy_statements_with_several_pages_of_transactions_are_read_whole(catalog_for):
    """Statements of a busy shop hold more transactions than one page, and several are walked at once
    (the default concurrency): every transaction arrives, exactly once, and the read ends."""
    from tiktok_shop_sandbox import Sandbox

    # A fixed anchor: the dataset is drawn relative to it, and with the default (this hour) how many
    # statements page varied from hour to hour (4 to 12 of 24).
    with Sandbox(seed=8, shops=2, orders_per_shop=4000, products_per_shop=20, statement_days=12, history_days=20,
                 max_statement_transactions=260, anchor=1796209200) as sb:
        sizes = [len(txs) for shop in sb.data.transactions.values() for txs in shop.values()]
        assert sum(size > 100 for size in sizes) >= 8, f"the dataset must page: {sizes}"
        run = run_connector("read", connector_config(sb), catalog_for(False, ["statement_transactions"]), timeout=60)
        assert run.returncode == 0, run.stderr[-2000:]
        got = keys(run.records("statement_transactions"), PK["statement_transactions"])
        assert len(got) == len(set(got)), "a transaction came twice"
        assert set(got) == expected(sb, "statement_transactions")
        pages = [r for r in sb.requests if r.path.endswith("/statement_transactions") and r.query.get("page_token")]
        assert pages, "no statement was read past its first page"
