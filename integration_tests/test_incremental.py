"""Incremental reads through the real entrypoint against the sandbox: a first read equals a full refresh,
later reads bring every change and little else, per-shop state survives kills and never goes backwards,
and a state no sync wrote is repaired. Keys and cursors come from discover."""

import random

from .conftest import connector_config
from .harness import (
    SEA_REGIONS,
    SELLER_TABLES,
    cursor_field,
    expected,
    keys,
    load_json,
    merged_states,
    primary_key,
    record_keys,
    run_until_states_then_kill,
)
from .harness import read_ok as read

# The tables among them read by time window, with a Unix-time cursor per shop.
WINDOWED = ["products", "orders", "statements", "statement_transactions"]
ANALYTICS = ["shop_performance", "product_performance", "sku_performance"]


def by_stream(run, streams=SELLER_TABLES):
    return {stream: record_keys(run, stream) for stream in streams}


def test_first_incremental_read_equals_full_refresh_and_state_is_per_shop(shared_sandbox, catalog_for):
    run = read(connector_config(shared_sandbox), catalog_for(True, SELLER_TABLES))
    got = by_stream(run)
    for stream in SELLER_TABLES:
        assert got[stream] == expected(shared_sandbox, stream), stream
    shop_ids = {s["id"] for s in shared_sandbox.data.shops}
    for stream in WINDOWED:
        state = run.stream_state(stream)
        assert set(state["shops"]) == shop_ids, stream
        assert all("resume" not in shop_state for shop_state in state["shops"].values())


def test_after_changes_to_orders_products_and_statements_only_changes_and_the_lookback_are_read(sandbox, catalog_for):
    lookback_days = 3
    config = connector_config(sandbox, lookback_window=lookback_days)
    catalog = catalog_for(True, SELLER_TABLES)
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
    for stream, ids in changed.items():
        cursor = cursor_field(stream)
        records = second.records(stream)
        got = {r["id"] for r in records}
        assert ids <= got, f"{stream}: changed records missing: {ids - got}"
        # Unchanged records come back only from the lookback window before each shop's cursor.
        committed = {shop: st[cursor] for shop, st in first.stream_state(stream)["shops"].items()}
        for record in records:
            if record["id"] not in ids:
                assert record[cursor] >= committed[record["shop_id"]] - lookback_days * 86400, (stream, record["id"])
        assert len(records) < len(expected(sandbox, stream)) / 2, f"{stream}: the incremental read re-read most of the table"
    new_statements = changed["statements"]
    got_tx = record_keys(second, "statement_transactions")
    want_tx = {k for k in expected(sandbox, "statement_transactions") if k[0] in new_statements}
    assert want_tx <= got_tx
    assert {r["id"] for r in second.records("shops")} == set(shops)


def test_after_changes_to_after_sales_fulfillment_and_finance_tables_only_changes_are_read(sandbox, catalog_for):
    config = connector_config(sandbox)
    streams = ["returns", "cancellations", "packages", "payments", "withdrawals", *ANALYTICS]
    catalog = catalog_for(True, streams)
    first = read(config, catalog)
    for stream in streams:
        assert record_keys(first, stream) == expected(sandbox, stream), stream
    changed = {"returns": set(), "cancellations": set(), "packages": set(), "payments": set(), "withdrawals": set()}
    for shop_record in sandbox.data.shops:
        shop = shop_record["id"]
        changed["returns"] |= set(map(str, sandbox.mutate.add_returns(shop, 2))) | set(map(str, sandbox.mutate.update_returns(shop, 2)))
        changed["cancellations"] |= set(map(str, sandbox.mutate.add_cancellations(shop, 1)))
        changed["packages"] |= set(map(str, sandbox.mutate.update_packages(shop, 2)))
        if shop_record["region"] not in SEA_REGIONS:  # TikTok has no payments API there
            changed["payments"] |= set(map(str, sandbox.mutate.add_payments(shop, 1)))
        changed["withdrawals"] |= set(map(str, sandbox.mutate.add_withdrawals(shop, 1)))
    second = read(config, catalog, first.last_states())
    for stream, ids in changed.items():
        got = {k[0] for k in keys(second.records(stream), primary_key(stream))}
        assert ids <= got, f"{stream}: changed records missing {ids - got}"
        assert len(got) < max(len(expected(sandbox, stream)), 1), f"{stream}: incremental re-read the whole table"
    # Analytics: nothing new is available until TikTok publishes the next day, and nothing past it is asked for.
    for stream in ANALYTICS:
        latest = {s["id"]: sandbox.data.latest_available_date(s["id"]) for s in sandbox.data.shops}
        day_field = cursor_field(stream)
        assert all(r[day_field] <= latest[r["shop_id"]] for r in first.records(stream) + second.records(stream))
        assert all(st[day_field] == latest[shop] for shop, st in first.stream_state(stream)["shops"].items()), stream
        assert len(second.records(stream)) == 0, f"{stream}: re-read although no new day was published (lookback 0)"


def test_payment_status_change_is_caught_by_the_payments_lookback(sandbox, catalog_for):
    config = connector_config(sandbox)  # lookback_window 0: only the table's own 7-day minimum applies
    catalog = catalog_for(True, ["payments"])
    shop = next(s["id"] for s in sandbox.data.shops if s["region"] == "US")
    payment_id = str(sandbox.mutate.add_payments(shop, 1)[0])  # created now, so inside any lookback
    first = read(config, catalog)
    before = next(r for r in first.records("payments") if r["id"] == payment_id)
    sandbox.mutate.set_payment_status(shop, payment_id, "FAILED" if before["status"] != "FAILED" else "PAID")
    second = read(config, catalog, first.last_states())
    after = [r for r in second.records("payments") if r["id"] == payment_id]
    assert after and after[0]["status"] != before["status"], "the status change was not re-read"


def test_killed_read_resumes_from_its_last_state_without_loss(sandbox, catalog_for):
    config = connector_config(sandbox)
    catalog = catalog_for(True, SELLER_TABLES)
    rng = random.Random(3)
    union = {stream: set() for stream in SELLER_TABLES}
    state = None
    for _ in range(4):
        killed = run_until_states_then_kill(config, catalog, state, kill_after_states=rng.randint(2, 6))
        for stream in SELLER_TABLES:
            union[stream] |= record_keys(killed, stream)
        if killed.states:
            state = merged_states(state, killed)
    final = read(config, catalog, state)
    for stream in SELLER_TABLES:
        union[stream] |= record_keys(final, stream)
        assert union[stream] == expected(sandbox, stream), stream


def test_clearing_one_streams_state_resyncs_only_that_stream(sandbox, catalog_for):
    config = connector_config(sandbox)
    catalog = catalog_for(True, SELLER_TABLES)
    first = read(config, catalog)
    kept = [s for s in first.last_states() if s["stream"]["stream_descriptor"]["name"] != "orders"]
    second = read(config, catalog, kept)
    assert {r["id"] for r in second.records("orders")} == {k[0] for k in expected(sandbox, "orders")}
    for stream in ["products", "statements", "statement_transactions"]:
        assert len(second.records(stream)) == 0, f"{stream} was re-synced although its state was kept"


def cursor_values(state, stream):
    return {shop: st.get(cursor_field(stream)) for shop, st in (state or {}).get("shops", {}).items()}


def test_state_never_goes_backwards_and_records_respect_state_minus_lookback(sandbox, catalog_for):
    lookback_days = 1
    config = connector_config(sandbox, lookback_window=lookback_days)
    catalog = catalog_for(True, WINDOWED)
    state = None
    previous = {stream: {} for stream in WINDOWED}
    for round_number in range(3):
        if round_number:
            for shop in sandbox.data.shops:
                sandbox.mutate.update_orders(shop["id"], 2)
                sandbox.mutate.update_products(shop["id"], 2)
        run = read(config, catalog, state)
        # Within a run, every STATE message per shop is >= the one before it and >= the incoming one.
        for message in run.states:
            stream = message["stream"]["stream_descriptor"]["name"]
            values = cursor_values(message["stream"]["stream_state"], stream)
            for shop, value in values.items():
                assert value is None or value >= (previous[stream].get(shop) or 0), (stream, shop)
            previous[stream].update({k: v for k, v in values.items() if v is not None})
        if state:
            names = [s["stream"]["stream_descriptor"]["name"] for s in state]
            incoming = {name: cursor_values(s["stream"]["stream_state"], name) for name, s in zip(names, state, strict=True)}
            for stream in WINDOWED:
                for record in run.records(stream):
                    floor = incoming[stream].get(record["shop_id"])
                    if floor is not None:
                        assert record[cursor_field(stream)] >= floor - lookback_days * 86400, (stream, record.get("id"))
        state = run.last_states()


def test_far_future_state_yields_no_records_and_comes_back_as_the_syncs_end(standard_sandbox):
    abnormal = load_json("abnormal_state.json")
    standard_sandbox.clear_requests()
    run = read(load_json("sample_config.json"), load_json("configured_catalog.json"), abnormal)
    incremental = {s["stream"]["stream_descriptor"]["name"] for s in abnormal}
    assert not [r for r in run.of_type("RECORD") if r["record"]["stream"] in incremental]
    emitted = {s["stream"]["stream_descriptor"]["name"] for s in run.states}
    assert incremental <= emitted
    # The sync's end, as the sandbox saw it: no later than its first request, and not long before it.
    first_request = min(r.timestamp for r in standard_sandbox.requests)
    for stream in incremental:
        for shop_state in run.stream_state(stream)["shops"].values():
            # Kept at 2100, the state would make every later sync read nothing: it comes back as this sync's end.
            assert first_request - 60 <= shop_state[cursor_field(stream)] <= first_request, (stream, shop_state)
        assert run.is_logged(f"{stream}: shop "), stream
    assert any("later than now" in m["log"]["message"] and m["log"]["level"] == "WARN" for m in run.of_type("LOG"))
