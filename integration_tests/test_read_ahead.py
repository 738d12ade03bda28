"""Read-ahead in list tables (incremental.py `_read_ahead`): a shop's window read as sub-windows side by side,
emitted in order, with checkpoints exactly as a sequential read's, through the real entrypoint."""

from __future__ import annotations

import json
import signal

from tiktok_shop_sandbox import Sandbox

from .conftest import connector_config
from .harness import expected, keys, primary_key, run_connector, run_until_states_then_kill

ORDERS_SEARCH = "/order/202309/orders/search"
# 3,700 orders per shop: TikTok's count on the first page (37 pages of 100) makes three sub-windows of 12+ pages.
DATA = dict(shops=2, products_per_shop=4, orders_per_shop=3700, statement_days=2, history_days=60)


def windows(sandbox, requests=None):
    """{(shop_cipher, update_time_ge, update_time_lt)} of the order searches sent."""
    found = set()
    for r in requests if requests is not None else sandbox.requests:
        if r.path == ORDERS_SEARCH and r.http_status == 200:
            body = json.loads(r.body or b"{}")
            found.add((r.query["shop_cipher"], body["update_time_ge"], body["update_time_lt"]))
    return found


def update_times(sandbox):
    """{shop_id: {order id: update_time}} of the ground truth."""
    return {shop_id: {str(o["id"]): o["update_time"] for o in orders} for shop_id, orders in sandbox.data.orders.items()}


def assert_states_claim_only_what_was_emitted(run, truth):
    """At every STATE, every order of a shop below that shop's cursor has been emitted before it."""
    emitted = {shop_id: set() for shop_id in truth}
    checked = 0
    for message in run.messages:
        if message["type"] == "RECORD" and message["record"]["stream"] == "orders":
            data = message["record"]["data"]
            emitted[data["shop_id"]].add(str(data["id"]))
        elif message["type"] == "STATE" and message["state"]["stream"]["stream_descriptor"]["name"] == "orders":
            for shop_id, shop_state in (message["state"]["stream"]["stream_state"].get("shops") or {}).items():
                cursor = shop_state.get("update_time")
                if cursor is None:
                    continue
                claimed = {order for order, at in truth[shop_id].items() if at < cursor}
                missing = claimed - emitted[shop_id]
                assert not missing, f"a checkpoint claims {len(missing)} orders of shop {shop_id} not yet emitted"
                checked += 1
    return checked


def test_read_ahead_reads_sub_windows_side_by_side_and_every_checkpoint_is_exact(catalog_for):
    with Sandbox(seed=41, latency_ms=20, **DATA) as sb:
        run = run_connector("read", connector_config(sb, concurrency=4), catalog_for(True, ["orders"]), timeout=240)

        assert run.returncode == 0 and not run.errors, run.stderr[-3000:]
        assert set(keys(run.records("orders"), primary_key("orders"))) == expected(sb, "orders")
        assert len(run.records("orders")) == len(expected(sb, "orders")), "no order twice"
        # Per shop: the whole range (its first page gives the count), then its sub-windows.
        per_shop = {}
        for cipher, start, end in windows(sb):
            per_shop.setdefault(cipher, []).append((start, end))
        assert len(per_shop) == 2 and all(len(w) >= 4 for w in per_shop.values()), per_shop
        assert assert_states_claim_only_what_was_emitted(run, update_times(sb)) >= 6
        # Pages of different sub-windows were in flight together: sub-windows overlap in time.
        spans = {}
        for r in sb.requests:
            if r.path == ORDERS_SEARCH:
                body = json.loads(r.body or b"{}")
                key = (r.query["shop_cipher"], body["update_time_ge"])
                first, last = spans.get(key, (r.timestamp, r.timestamp))
                spans[key] = (min(first, r.timestamp), max(last, r.timestamp))
        overlapping = sum(
            1 for a, (a0, a1) in spans.items() for b, (b0, b1) in spans.items() if a < b and a[0] == b[0] and a0 < b1 and b0 < a1
        )
        assert overlapping >= 2, spans

        # Sequential (concurrency 1): the same records, no sub-windows.
        sb.clear_requests()
        sequential = run_connector("read", connector_config(sb, concurrency=1), catalog_for(True, ["orders"]), timeout=240)
        assert sequential.returncode == 0
        assert set(keys(sequential.records("orders"), primary_key("orders"))) == expected(sb, "orders")
        assert len(windows(sb)) == 2


def test_kill_9_during_read_ahead_then_resume_has_no_gap_and_skips_the_emitted_sub_windows(catalog_for):
    with Sandbox(seed=42, latency_ms=20, **DATA) as sb:
        config, catalog = connector_config(sb, concurrency=4), catalog_for(True, ["orders"])
        killed = run_until_states_then_kill(config, catalog, None, kill_after_states=6)
        assert killed.returncode == -signal.SIGKILL, "the read was really killed"
        truth = update_times(sb)
        assert_states_claim_only_what_was_emitted(killed, truth)
        state = killed.last_states()
        last = state[0]["stream"]["stream_state"]["shops"]
        last_state_at = max(i for i, m in enumerate(killed.messages) if m["type"] == "STATE")
        committed = {
            str(m["record"]["data"]["id"])
            for m in killed.messages[:last_state_at]
            if m["type"] == "RECORD" and m["record"]["stream"] == "orders"
        }

        sb.clear_requests()
        resumed = run_connector("read", config, catalog, state, timeout=240)
        assert resumed.returncode == 0 and not resumed.errors, resumed.stderr[-3000:]
        got = committed | {str(r["id"]) for r in resumed.records("orders")}
        assert got == {key[0] for key in expected(sb, "orders")}, "no order lost across the kill"
        # Nothing below a shop's committed cursor is asked for again (lookback 0 in these tests).
        cipher_of = {s["id"]: s["cipher"] for s in sb.data.shops}
        for shop_id, shop_state in last.items():
            cursor = shop_state.get("update_time")
            if cursor is None:
                continue
            starts = [start for cipher, start, _ in windows(sb) if cipher == cipher_of[shop_id]]
            assert starts and min(starts) >= cursor, (shop_id, cursor, sorted(starts))


def test_faults_during_read_ahead_with_the_adaptive_rate_lose_nothing(catalog_for):
    with Sandbox(seed=43, latency_ms=10, **DATA) as sb:
        sb.faults.http_429 = sb.faults.http_5xx = sb.faults.drop_connection = sb.faults.truncated_json = 0.03
        config = connector_config(sb, concurrency=4, retry_backoff_seconds=0, max_retries=8)
        for key in ("requests_per_second", "rate_mode"):  # the defaults: adaptive, up to 50 per second per shop
            config.pop(key)
        run = run_connector("read", config, catalog_for(True, ["orders"]), timeout=400)

        assert run.returncode == 0 and not run.errors, run.stderr[-3000:]
        assert set(keys(run.records("orders"), primary_key("orders"))) == expected(sb, "orders")
        assert [r for r in sb.requests if r.http_status in (429, 500, 502, 503)], "the faults fired"
        assert all(len([w for w in windows(sb) if w[0] == s["cipher"]]) >= 4 for s in sb.data.shops), "read ahead"
        assert assert_states_claim_only_what_was_emitted(run, update_times(sb)) >= 6
