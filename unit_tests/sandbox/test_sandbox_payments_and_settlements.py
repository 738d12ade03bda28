"""Payments, withdrawals, transactions by order and unsettled transactions: records, filters, walks, knobs, mutations."""

import re
import time
from decimal import Decimal

from sandbox_paths import ALL_TYPES, PAYMENTS, UNSETTLED, WITHDRAWALS, order_txns_path


def test_payments(ro):
    sb = ro.sb
    us, gb, vn = sb.data.shops
    rows = sb.data.payments[us["id"]]
    walked, pages = ro.walk("GET", PAYMENTS, {"sort_field": "create_time", "page_size": 3}, "payments", shop=us)
    assert walked == rows and len(rows) >= 5 and all("total_count" not in p for p in pages)
    assert [p["create_time"] for p in rows] == sorted(p["create_time"] for p in rows)
    for p in rows:
        assert re.fullmatch(r"\*{11}\d{4}", p["bank_account"]) and re.fullmatch(r"\d+\.\d{6}", p["exchange_rate"])
        assert {"amount", "payment_amount_before_exchange", "settlement_amount", "reserve_amount"} <= set(p)
        assert ("paid_time" in p) == (p["status"] == "PAID")
    statements = sb.data.statements[us["id"]]
    paid_ids = {s["payment_id"] for s in statements if s["payment_status"] == "PAID"}
    assert paid_ids == {p["id"] for p in rows if p["status"] == "PAID"}
    for p in (p for p in rows if p["status"] == "PAID"):  # PROCESSING statements name their payment once it is paid
        covered = [s for s in statements if s.get("payment_id") == p["id"]]
        assert sum(Decimal(s["settlement_amount"]) for s in covered) == Decimal(p["settlement_amount"]["value"])
    mid = rows[len(rows) // 2]["create_time"]
    got = ro.ok(ro.get(PAYMENTS, {"sort_field": "create_time", "sort_order": "DESC", "create_time_lt": mid}, shop=us))
    assert got["payments"] == [p for p in rows if p["create_time"] < mid][::-1]
    cross = sb.data.payments[gb["id"]][0]
    assert cross["amount"]["currency"] == "USD" and cross["payment_amount_before_exchange"]["currency"] == "GBP"
    ro.error(ro.get(PAYMENTS, {"sort_field": "create_time"}, shop=vn), 23011002, 403, "SEA")
    assert sb.data.payments[vn["id"]] == []


def test_payments_sea_knob(make_sandbox, make_client):
    sb = make_sandbox(seed=3, orders_per_shop=40)
    c = make_client(sb)
    vn = sb.data.shops[2]
    sb.payments_unavailable_in_sea = False
    rows = c.ok(c.get(PAYMENTS, {"sort_field": "create_time", "page_size": 100}, shop=vn))["payments"]
    assert rows and rows == sb.data.payments[vn["id"]]


def test_withdrawals_filter_by_types(ro):
    shop = ro.shop(0)
    rows = ro.sb.data.withdrawals[shop["id"]]
    walked, pages = ro.walk("GET", WITHDRAWALS, {"types": ALL_TYPES, "page_size": 2}, "withdrawals", shop=shop)
    assert walked == rows and {p["total_count"] for p in pages} == {len(rows)} and len(rows) >= 3
    assert [w["create_time"] for w in rows] == sorted((w["create_time"] for w in rows), reverse=True)
    assert all(isinstance(w["id"], str) and w["type"] in ALL_TYPES for w in rows)
    for types in ("WITHDRAW", "SETTLE,TRANSFER", "REVERSE"):
        got = ro.ok(ro.get(WITHDRAWALS, {"types": types, "page_size": 100}, shop=shop))
        assert got["withdrawals"] == [w for w in rows if w["type"] in types.split(",")]
        assert got["total_count"] == len(got["withdrawals"])
    t = rows[1]["create_time"]
    got = ro.ok(ro.get(WITHDRAWALS, {"types": ALL_TYPES, "create_time_ge": t}, shop=shop))["withdrawals"]
    assert got == [w for w in rows if w["create_time"] >= t]


def test_order_transactions_match_statement_transactions(ro):
    sb = ro.sb
    for shop in sb.data.shops:
        by_order = {t["order_id"]: (sid, t) for sid, rows in sb.data.transactions[shop["id"]].items() for t in rows if t["type"] == "ORDER"}
        orders = {o["id"]: o for o in sb.data.orders[shop["id"]]}
        table = sb.data.order_transactions[shop["id"]]
        assert set(table) == set(orders)
        for oid, data in table.items():
            if oid not in by_order:
                assert data["sku_transactions"] == [] and data["total_count"] == 0
                continue
            sid, txn = by_order[oid]
            skus = data["sku_transactions"]
            assert data["total_count"] == len(skus) > 0 and {s["statement_id"] for s in skus} == {sid}
            assert data["settlement_amount"] == txn["settlement_amount"] and data["revenue_amount"] == txn["revenue_amount"]
            assert data["fee_and_tax_amount"] == txn["fee_tax_amount"]
            assert sum(Decimal(s["settlement_amount"]) for s in skus) == Decimal(txn["settlement_amount"])
            assert sum(int(s["quantity"]) for s in skus) == len(orders[oid]["line_items"])
            assert all(isinstance(s["quantity"], str) and "fee" in s["fee_tax_breakdown"] for s in skus)
    us = sb.data.shops[0]
    settled = next(o for o, d in sb.data.order_transactions[us["id"]].items() if d["total_count"])
    assert ro.ok(ro.get(order_txns_path(settled), shop=us)) == sb.data.order_transactions[us["id"]][settled]
    assert "next_page_token" not in ro.ok(ro.get(order_txns_path(settled), shop=us))


def test_unsettled_transactions(ro):
    sb = ro.sb
    shop = ro.shop(1)
    rows = sb.data.unsettled[shop["id"]]
    assert rows
    orders = {o["id"]: o for o in sb.data.orders[shop["id"]]}
    settled = {t["order_id"] for v in sb.data.transactions[shop["id"]].values() for t in v}
    for r in rows:
        o = orders[r["order_id"]]
        assert r["order_id"] not in settled and o["status"] not in ("UNPAID", "ON_HOLD", "CANCELLED")
        assert r["order_create_time"] >= sb.anchor - 30 * 86400 and r["status"] == "UNSETTLED"
        assert ("order_delivery_time" in r) == ("delivery_time" in o)
    walked, pages = ro.walk("GET", UNSETTLED, {"sort_field": "order_create_time", "page_size": 5}, "transactions", shop=shop)
    assert walked == rows and {p["total_count"] for p in pages} == {len(rows)}
    total = sum(Decimal(r["est_settlement_amount"]) for r in rows)
    assert {Decimal(p["sum_est_settlement_amount"]) for p in pages} == {total}
    assert {"sum_est_fee_amount", "sum_est_revenue_amount", "sum_est_adjustment_amount"} <= set(pages[0])
    t = rows[len(rows) // 2]["order_create_time"]
    got = ro.ok(
        ro.get(UNSETTLED, {"sort_field": "order_create_time", "sort_order": "DESC", "search_time_ge": t, "page_size": 100}, shop=shop)
    )
    assert got["transactions"] == [r for r in rows if r["order_create_time"] >= t][::-1]


def test_finance_mutations(client):
    sb = client.sb
    shop = client.shop()
    sid = shop["id"]
    now = int(time.time())
    (pid,) = sb.mutate.add_payments(sid, 1, at=now)
    before = next(p for p in sb.data.payments[sid] if p["id"] == pid)
    assert before["status"] == "PROCESSING" and "paid_time" not in before
    assert sb.mutate.set_payment_status(sid, pid, "PAID", at=now + 60) == [pid]
    after = client.ok(client.get(PAYMENTS, {"sort_field": "create_time", "create_time_ge": now}, shop=shop))["payments"]
    assert after == [{**before, "status": "PAID", "paid_time": now + 60}]  # create_time did not move
    # the initial PROCESSING payment covers the PROCESSING statements; paying it pays them
    pending = next(p for p in sb.data.payments[sid] if p["status"] == "PROCESSING" and p["id"] != pid)
    sb.mutate.set_payment_status(sid, pending["id"], "PAID", at=now + 90)
    assert [s["payment_status"] for s in sb.data.statements[sid][-2:]] == ["PAID", "PAID"]
    assert {s["payment_id"] for s in sb.data.statements[sid][-2:]} == {pending["id"]}
    (wid,) = sb.mutate.add_withdrawals(sid, 1, at=now)
    got = client.ok(client.get(WITHDRAWALS, {"types": "WITHDRAW", "create_time_ge": now}, shop=shop))["withdrawals"]
    assert [w["id"] for w in got] == [wid] and got[0]["status"] == "PROCESSING"
