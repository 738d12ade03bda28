"""Faults, rate limits, token expiry and kill -9, through the real entrypoint.

Every fault the sandbox can inject is thrown at a real read, which must still return exactly the
sandbox's data. Retries stay fast by config (`retry_backoff_seconds: 0`: each retry then waits the
CDK's own 1 s), never by patching the connector. `scripts/soak.py` runs the same mix at scale.
"""

from __future__ import annotations

import json
import random
import re
import time

from tiktok_shop_sandbox import Sandbox

from .conftest import connector_config
from .harness import (
    SELLER_TABLES,
    expected,
    keys,
    kill_and_resume,
    primary_key,
    run_connector,
)

ORDERS_SEARCH = r"/order/202309/orders/search$"
PRODUCTS_SEARCH = r"/product/202309/products/search$"
PRODUCT_DETAIL = r"/product/202309/products/\d+$"
STATEMENTS = r"/finance/202309/statements$"
TRANSACTIONS = r"/finance/\d+/statements/[^/]+/statement_transactions$"
REFRESH = "/api/v2/token/refresh"
ORDER_DETAIL_PATH = "/order/202507/orders"

# Two shops, orders that need two pages in their busiest window (page size 100), a few products and statement days.
SMALL = dict(shops=2, products_per_shop=8, orders_per_shop=260, statement_days=6, history_days=30)


def fast_config(sandbox, **overrides):
    """No client-side budget unless a test sets one; retries wait the CDK's floor of ~1 s."""
    return connector_config(sandbox, retry_backoff_seconds=0, **overrides)


def assert_complete(sandbox, run, streams=SELLER_TABLES):
    assert run.returncode == 0, run.stderr[-3000:]
    assert not run.errors, run.errors
    for stream in streams:
        got = keys(run.records(stream), primary_key(stream))
        assert set(got) == expected(sandbox, stream), f"{stream}: records lost or invented"


def refreshes(sandbox):
    return [r for r in sandbox.requests if r.path == REFRESH and r.code == 0]


def rate_limit_waits(run):
    """The seconds the CDK said it would wait before retrying each rate-limited request (its own log line)."""
    pattern = re.compile(r"Rate limit exceeded \(HTTP 429\)\. Retrying in ([0-9.]+) seconds")
    found = (pattern.search(m["log"]["message"]) for m in run.of_type("LOG"))
    return [float(match.group(1)) for match in found if match]


def expire_token_after_first_page(sandbox, path_suffix="/orders/search"):
    """Expire the access token right after the first page of `path_suffix` (per shop) that has a next page.

    The next page then meets 105002, in the middle of the pagination, and must be refreshed and retried.
    """
    original = sandbox.gateway.handle
    done = set()

    def handle(req):
        resp = original(req)
        cipher = req.query.get("shop_cipher")
        if req.path.endswith(path_suffix) and resp.code == 0 and cipher not in done and not resp.truncate:
            if (json.loads(resp.body).get("data") or {}).get("next_page_token"):
                done.add(cipher)
                sandbox.expire_access_token(req.headers["x-tts-access-token"])
        return resp

    sandbox.gateway.handle = handle
    return done


# ---- every fault kind ---------------------------------------------------------------------------


def test_every_fault_kind_is_retried_and_no_record_is_lost(catalog_for):
    with Sandbox(seed=31, **SMALL) as sb:
        us, gb = (shop["id"] for shop in sb.data.shops)
        sb.faults.slow_seconds = 1.5  # past the 1 s request timeout below
        sb.faults.script(ORDERS_SEARCH, [(429, 36009002)], shop_id=us)  # with Retry-After: 1
        sb.faults.script(ORDERS_SEARCH, [(200, 36009002)], shop_id=gb)  # rate limit inside HTTP 200
        sb.faults.script(PRODUCTS_SEARCH, [(500, 36009003)], shop_id=us)
        sb.faults.script(PRODUCTS_SEARCH, [(502, None)], shop_id=gb)  # HTML gateway page
        sb.faults.script(PRODUCT_DETAIL, ["drop"], shop_id=us)  # socket closed, no response
        sb.faults.script(PRODUCT_DETAIL, ["truncated"], shop_id=gb)  # JSON cut short
        sb.faults.script(STATEMENTS, ["slow"], shop_id=us)  # slower than the client's timeout
        sb.faults.script(STATEMENTS, [(200, 36009003)], shop_id=gb)
        sb.faults.script(TRANSACTIONS, [(503, None), (200, 36009007)], shop_id=us)
        expired = expire_token_after_first_page(sb)
        config = fast_config(sb, request_timeout_seconds=1)
        run = run_connector("read", config, catalog_for(True, SELLER_TABLES), timeout=180)

        assert_complete(sb, run)
        assert sb.faults.pending() == 0, "every scripted fault was served"
        log = sb.requests
        # 429 with Retry-After: 1 -> the wait the connector chose is Retry-After (+ the CDK's 1 s), not the 1 s floor.
        first_429 = next(i for i, r in enumerate(log) if r.http_status == 429)
        assert any(
            r.path == log[first_429].path and r.query.get("shop_cipher") == log[first_429].query.get("shop_cipher")
            for r in log[first_429 + 1 :]
        ), "the rate-limited request was asked again"
        assert max(rate_limit_waits(run)) >= 2, rate_limit_waits(run)
        # The slow statement call was abandoned after the timeout and asked again.
        slow = [r for r in log if r.path.endswith("/statements") and r.query.get("shop_cipher") == sb.data.shops[0]["cipher"]]
        assert len(slow) >= 2
        # Access token expired mid-pagination: 105002 on the calls that follow page 1 (its order detail calls, up
        # to two at once, or page 2), one refresh, the same call again.
        assert len(expired) == 2
        expired_calls = [i for i, r in enumerate(log) if r.code == 105002]
        assert 2 <= len(expired_calls) <= 6
        for i in expired_calls:
            assert "page_token" in log[i].query or log[i].path == ORDER_DETAIL_PATH, log[i].path
            # Shops are read side by side and a page's detail calls run at once, so other calls may come in between.
            same = ("shop_cipher", "page_token", "ids")
            retry_at = next(
                j
                for j in range(i + 1, len(log))
                if log[j].path == log[i].path and all(log[j].query.get(k) == log[i].query.get(k) for k in same)
            )
            assert any(r.path == REFRESH for r in log[i + 1 : retry_at]), "the connector refreshed right after 105002"
            assert log[retry_at].code == 0, "and the same call then succeeded"


def test_mixed_random_faults_with_a_short_token_ttl_lose_no_record(catalog_for):
    """A mix of faults: 10% 429, 5% 5xx, 2% dropped connections, a 5 s token TTL, rotating refresh tokens."""
    with Sandbox(seed=32, access_token_ttl=5, rotate_refresh_token=True, **SMALL) as sb:
        sb.faults.retry_after = False  # keeps the test short; Retry-After is covered above
        sb.faults.http_429, sb.faults.http_5xx, sb.faults.drop_connection = 0.10, 0.05, 0.02
        sb.faults.code_36009002_in_200, sb.faults.truncated_json = 0.02, 0.02
        config = fast_config(sb)
        run = run_connector("read", config, catalog_for(True, SELLER_TABLES), timeout=240)

        assert_complete(sb, run)
        failed = [r for r in sb.requests if r.http_status is None or r.http_status >= 400 or (r.code not in (0, None))]
        assert len(failed) >= 3, "the mix injected faults"
        assert any(r.http_status == 429 for r in sb.requests)
        # Every access token the read sent came from a refresh; a read that outlived its first 5 s token (by
        # the sandbox's own request log) refreshed on the way. Every rotated refresh token reached Airbyte
        # (the last CONTROL message holds the one the sandbox will accept next).
        tokens = {r.headers.get("x-tts-access-token") for r in sb.requests if r.path != REFRESH and r.headers.get("x-tts-access-token")}
        assert len(refreshes(sb)) >= len(tokens) >= 1
        first_refresh = refreshes(sb)[0].timestamp
        if any(r.timestamp > first_refresh + 5 for r in sb.requests):
            assert len(refreshes(sb)) >= 2 and len(tokens) >= 2
        assert run.controls[-1]["connectorConfig"]["config"]["credentials"]["refresh_token"] == sb.refresh_token


# ---- rate budget --------------------------------------------------------------------------------


def test_rate_budget_keeps_the_sandbox_rate_limit_from_firing(catalog_for):
    # Enough calls (product details, fanned out) to go past the sandbox's limit when nothing paces them.
    with Sandbox(seed=33, shops=1, products_per_shop=30, orders_per_shop=20, statement_days=2, history_days=20) as sb:
        sb.qps = 4  # per (shop, endpoint), bursts of 4
        catalog = catalog_for(True, ["products", "orders"])
        run = run_connector("read", fast_config(sb, requests_per_second=3), catalog, timeout=120)

        assert_complete(sb, run, ["products", "orders"])
        assert not [r for r in sb.requests if r.http_status == 429], "the budget kept every call under the limit"
        assert len([r for r in sb.requests if r.query.get("shop_cipher")]) >= 13

        # The budget is what kept it there: the same read without one trips the sandbox's limit (and recovers).
        sb.clear_requests()
        unpaced = run_connector("read", fast_config(sb, requests_per_second=1000), catalog, timeout=120)
        assert_complete(sb, unpaced, ["products", "orders"])
        assert [r for r in sb.requests if r.http_status == 429], "without the budget the calls come faster than 4 a second"


def test_the_adaptive_rate_finds_an_unknown_per_shop_limit_with_few_429s(catalog_for):
    # Default rate settings (adaptive, ceiling 50): the connector is not told the sandbox's limit of 10 per shop.
    with Sandbox(seed=35, shops=1, products_per_shop=160, orders_per_shop=300, statement_days=2, history_days=20) as sb:
        sb.qps, sb.qps_per_shop = 10, True
        config = fast_config(sb)
        for key in ("requests_per_second", "rate_mode"):
            config.pop(key)
        run = run_connector("read", config, catalog_for(True, ["products", "orders"]), timeout=240)

        assert_complete(sb, run, ["products", "orders"])  # nothing lost
        shop_calls = [r for r in sb.requests if r.query.get("shop_cipher")]
        limited = [r for r in shop_calls if r.http_status == 429]
        # Enough calls to find the limit: 158 answered ones (147 product details, deleted products have none; the
        # searches; the order detail calls). Counted without the 429s, whose number depends on the machine's timing.
        answered = [r for r in shop_calls if r.http_status != 429]
        assert len(answered) >= 150
        assert len(limited) <= 0.05 * len(shop_calls), f"{len(limited)} of {len(shop_calls)} calls answered 429"
        # It went well past its conservative start of 5/s: the answered calls over the busiest stretch (the product
        # details) came at a good share of the limit (loose: the machine running the tests may be loaded).
        products = [r.timestamp for r in shop_calls if r.path.startswith("/product/") and r.http_status == 200]
        span = products[-1] - products[0]
        assert len(products) / span >= 0.6 * 10, f"{len(products)} product calls in {span:.1f} s"
        shop_id = sb.data.shops[0]["id"]
        for table in ("products", "orders"):
            assert run.is_logged(f"{table}: shop {shop_id}: adaptive request rate {table[:-1]} API: settled at "), table


# ---- bounded retries ----------------------------------------------------------------------------


def test_exhausted_retries_fail_with_a_clear_transient_error(catalog_for):
    with Sandbox(seed=34, **SMALL) as sb:
        sb.faults.retry_after = False
        for shop in sb.data.shops:  # shops are read side by side: each one's calls run out of retries
            sb.faults.script(ORDERS_SEARCH, [(429, 36009002)] * 5, shop_id=shop["id"])
        sb.faults.script(STATEMENTS, [(503, None)] * 5)
        config = connector_config(sb, max_retries=2, retry_backoff_seconds=0.4)
        run = run_connector("read", config, catalog_for(False, ["shops", "orders", "statements"]), timeout=120)

        assert run.returncode != 0
        assert {r["id"] for r in run.records("shops")} == {s["id"] for s in sb.data.shops}, "other tables still read"
        by_stream = {e["stream_descriptor"]["name"]: e for e in run.errors if e.get("stream_descriptor")}
        for stream, words in {"orders": ["rate limit", "36009002"], "statements": ["HTTP 503"]}.items():
            error = by_stream[stream]
            assert error["failure_type"] == "transient_error", error
            message = error["message"]
            for word in ["3 attempt(s)", "`max_retries` = 2", "next sync", *words]:
                assert word in message, message
            assert "Traceback" not in message
        # Bounded: exactly 1 + max_retries calls per shop, with growing waits, as the CDK logs the wait it chose:
        # 0.4 * 2**(n-1), plus up to 0.2 of jitter, plus the CDK's own 1 s.
        orders = [r for r in sb.requests if r.path.endswith("/orders/search")]
        for cipher in {r.query["shop_cipher"] for r in orders}:
            assert len([r for r in orders if r.query["shop_cipher"] == cipher]) == 3
        shops = len(sb.data.shops)
        waits = sorted(rate_limit_waits(run))
        assert len(waits) == 2 * shops, waits
        assert all(1.4 <= wait <= 1.61 for wait in waits[:shops]) and all(1.8 <= wait <= 2.01 for wait in waits[shops:]), waits


# ---- token endpoint -----------------------------------------------------------------------------


def test_a_failing_token_endpoint_is_retried_then_reported_as_transient(catalog_for):
    with Sandbox(seed=35, shops=1, products_per_shop=2, orders_per_shop=5, statement_days=1, history_days=10) as sb:
        catalog = catalog_for(False, ["shops"])
        sb.faults.script(REFRESH, [(503, None), "drop"])  # fails twice, then answers
        recovered = run_connector("read", fast_config(sb), catalog)
        assert_complete(sb, recovered, ["shops"])

        sb.clear_requests()
        sb.refresh_failing = True
        run = run_connector("read", fast_config(sb, max_retries=1), catalog)
        assert run.returncode != 0
        error = run.errors[0]
        assert error["failure_type"] == "transient_error"
        assert "refresh the TikTok Shop access token" in error["message"] and "2 attempt(s)" in error["message"]
        assert len([r for r in sb.requests if r.path == REFRESH]) == 2, "bounded: 1 + max_retries refresh calls"


def test_authorization_expiring_within_30_days_warns_with_the_date(catalog_for):
    with Sandbox(
        seed=36, shops=1, products_per_shop=2, orders_per_shop=5, statement_days=1, history_days=10, refresh_token_ttl=12 * 86400
    ) as sb:
        run = run_connector("read", fast_config(sb), catalog_for(False, ["shops"]))
        assert_complete(sb, run, ["shops"])
        day = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 12 * 86400))
        warnings = [m["log"]["message"] for m in run.of_type("LOG") if m["log"]["level"] == "WARN"]
        assert any("expires on " + day in w and "re-authorize" in w for w in warnings), warnings


# ---- kill -9 and resume -------------------------------------------------------------------------


def test_kill_9_at_many_random_points_then_resume_loses_nothing(catalog_for):
    with Sandbox(seed=37, shops=2, products_per_shop=40, orders_per_shop=250, statement_days=20, history_days=60) as sb:
        # Ten kills inside one read (a run that finishes is not a kill).
        reads = kill_and_resume(
            connector_config(sb),
            catalog_for(True, SELLER_TABLES),
            random.Random(20240607),
            kills=10,
            attempts=14,
            states=(1, 2),
            lines=(5, 80),
        )
        assert reads.kills >= 10, "the reads were really killed"
        for stream in SELLER_TABLES:
            assert reads.keys(stream) == expected(sb, stream), stream
