"""Issue: the rest of a seller's data (returns to analytics), end to end against the sandbox."""

from .conftest import connector_config
from .harness import keys, run_connector
from .harness import read_ok as read

MORE = [
    "returns", "cancellations", "payments", "withdrawals", "order_statement_transactions", "unsettled_transactions",
    "packages", "warehouses", "categories", "brands", "inventory", "shop_performance", "product_performance",
    "sku_performance",
]
PK = {
    "returns": ["return_id"], "cancellations": ["cancel_id"], "payments": ["id"], "withdrawals": ["id"],
    "order_statement_transactions": ["order_id"], "unsettled_transactions": ["id"], "packages": ["id"],
    "warehouses": ["id"], "categories": ["shop_id", "id"], "brands": ["shop_id", "id"], "inventory": ["product_id"],
    "shop_performance": ["shop_id", "start_date"], "product_performance": ["shop_id", "date", "id"],
    "sku_performance": ["shop_id", "date", "id"],
}


def expected(sandbox, stream, shop_ids=None):
    data = sandbox.data
    shops = [s["id"] for s in data.shops if shop_ids is None or s["id"] in shop_ids]
    if stream == "order_statement_transactions":
        return {(str(o["id"]),) for shop in shops for o in data.orders[shop]}
    if stream in ("categories", "brands"):
        table = getattr(data, stream)
        return {(shop, str(r["id"])) for shop in shops for r in table[shop]}
    if stream == "shop_performance":
        return {(shop, r["start_date"]) for shop in shops for r in data.shop_performance[shop]}
    if stream in ("product_performance", "sku_performance"):
        table = getattr(data, stream)
        return {(shop, day, str(r["id"])) for shop in shops for day, rows in table[shop].items() for r in rows}
    key = PK[stream][0]
    return {(str(r[key]),) for shop in shops for r in getattr(data, stream)[shop]}


def test_payments_skip_south_east_asian_shops_instead_of_failing(shared_sandbox, catalog_for):
    run = read(connector_config(shared_sandbox), catalog_for(False, ["payments"]))
    sea = {s["id"] for s in shared_sandbox.data.shops if s["region"] in ("ID", "MY", "PH", "SG", "TH", "VN")}
    assert sea, "the sandbox must have a South-East Asian shop for this test"
    assert run.records("payments") and not {r["shop_id"] for r in run.records("payments")} & sea
    assert run.is_logged("does not offer this table")




def test_full_refresh_of_every_new_table_equals_the_sandbox(shared_sandbox, catalog_for):
    run = read(connector_config(shared_sandbox), catalog_for(False, MORE))
    for stream in MORE:
        got = keys(run.records(stream), PK[stream])
        want = expected(shared_sandbox, stream)
        assert want, f"{stream}: the sandbox holds no data, the test would prove nothing"
        assert set(got) == want, f"{stream}: missing {len(want - set(got))}, extra {len(set(got) - want)}"
        assert len(got) == len(set(got)), f"{stream}: duplicates in a full refresh"
        assert all(r.get("shop_id") for r in run.records(stream)), stream


def test_incremental_new_tables_after_mutations(sandbox, catalog_for):
    config = connector_config(sandbox)
    streams = ["returns", "cancellations", "packages", "payments", "withdrawals", "shop_performance", "product_performance", "sku_performance"]
    catalog = catalog_for(True, streams)
    first = read(config, catalog)
    for stream in streams:
        assert set(keys(first.records(stream), PK[stream])) == expected(sandbox, stream), stream
    changed = {"returns": set(), "cancellations": set(), "packages": set(), "payments": set(), "withdrawals": set()}
    for shop_record in sandbox.data.shops:
        shop = shop_record["id"]
        changed["returns"] |= set(map(str, sandbox.mutate.add_returns(shop, 2))) | set(map(str, sandbox.mutate.update_returns(shop, 2)))
        changed["cancellations"] |= set(map(str, sandbox.mutate.add_cancellations(shop, 1)))
        changed["packages"] |= set(map(str, sandbox.mutate.update_packages(shop, 2)))
        if shop_record["region"] not in ("ID", "MY", "PH", "SG", "TH", "VN"):  # TikTok has no payments API there
            changed["payments"] |= set(map(str, sandbox.mutate.add_payments(shop, 1)))
        changed["withdrawals"] |= set(map(str, sandbox.mutate.add_withdrawals(shop, 1)))
    second = read(config, catalog, first.last_states())
    for stream, ids in changed.items():
        got = {k[0] for k in keys(second.records(stream), PK[stream])}
        assert ids <= got, f"{stream}: changed records missing {ids - got}"
        assert len(got) < max(len(expected(sandbox, stream)), 1), f"{stream}: incremental re-read the whole table"
    # Analytics: nothing new is available until TikTok publishes the next day, and nothing past it is asked for.
    for stream in ["shop_performance", "product_performance", "sku_performance"]:
        latest = {s["id"]: sandbox.data.latest_available_date(s["id"]) for s in sandbox.data.shops}
        day_field = "start_date" if stream == "shop_performance" else "date"
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


def test_check_names_the_tables_of_a_missing_analytics_scope(sandbox):
    sandbox.revoke_group("analytics")
    status = run_connector("check", connector_config(sandbox)).connection_status
    assert status["status"] == "SUCCEEDED"
    blocked = status["message"].split("Not readable")[1]
    for stream in ["shop_performance", "product_performance", "sku_performance", "Data Analytics"]:
        assert stream in blocked
    assert "orders" not in blocked
