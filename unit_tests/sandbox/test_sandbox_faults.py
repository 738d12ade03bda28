"""Rate limiting, scripted faults, random faults, latency."""

import time

import pytest
import requests

SHOPS = "/authorization/202309/shops"
STMTS = "/finance/202309/statements"


def test_rate_limit_429_with_retry_after(make_sandbox, make_client):
    sb = make_sandbox(seed=5, qps=2)
    client = make_client(sb)
    statuses = [client.get(SHOPS) for _ in range(5)]
    limited = [r for r in statuses if r.status_code == 429]
    assert limited, [r.status_code for r in statuses]
    client.error(limited[0], 36009002, 429, "Too many requests")
    assert limited[0].headers["Retry-After"] == "1"
    time.sleep(1.1)
    client.ok(client.get(SHOPS))


def test_rate_limit_buckets_are_per_shop_and_path(make_sandbox, make_client):
    sb = make_sandbox(seed=5, qps=1)
    client = make_client(sb)
    us, gb, _ = sb.data.shops
    client.ok(client.get(STMTS, {"sort_field": "statement_time"}, shop=us))
    client.ok(client.get(STMTS, {"sort_field": "statement_time"}, shop=gb))
    client.ok(client.get(SHOPS))
    client.error(client.get(STMTS, {"sort_field": "statement_time"}, shop=us), 36009002, 429)


def test_rate_limit_without_retry_after_and_as_200(make_sandbox, make_client):
    sb = make_sandbox(seed=5, qps=1)
    sb.faults.retry_after = False
    client = make_client(sb)
    client.get(SHOPS)
    resp = client.get(SHOPS)
    assert resp.status_code == 429 and "Retry-After" not in resp.headers
    sb.errors_as_http_200 = True
    client.error(client.get(SHOPS), 36009002, 200)
    sb.qps = None
    client.ok(client.get(SHOPS))


def test_scripted_faults_consumed_in_order(client):
    client.sb.faults.script(r"/finance/.*/statements$", [(500, 36009003, None), (429, 36009002, "slow down"), (502, None)])
    shop = client.shop()
    q = {"sort_field": "statement_time"}
    client.ok(client.get(SHOPS))  # other paths unaffected
    r1 = client.get(STMTS, q, shop=shop)
    client.error(r1, 36009003, 500)
    r2 = client.get(STMTS, q, shop=shop)
    assert r2.status_code == 429 and r2.json()["message"] == "slow down" and r2.headers["Retry-After"] == "1"
    r3 = client.get(STMTS, q, shop=shop)
    assert r3.status_code == 502 and r3.headers["Content-Type"] == "text/html" and "Bad Gateway" in r3.text
    client.ok(client.get(STMTS, q, shop=shop))
    assert client.sb.faults.pending() == 0


def test_scripted_faults_can_target_one_shop(client):
    us, gb, _ = client.sb.data.shops
    client.sb.faults.script(STMTS, [(500, 36009003, None)], shop_id=gb["id"])
    client.ok(client.get(STMTS, {"sort_field": "statement_time"}, shop=us))
    client.error(client.get(STMTS, {"sort_field": "statement_time"}, shop=gb), 36009003, 500)


def test_scripted_drop_truncated_and_token_host(client):
    client.sb.faults.script(SHOPS, ["drop", "truncated"])
    with pytest.raises(requests.ConnectionError):
        client.get(SHOPS)
    resp = client.get(SHOPS)
    assert resp.status_code == 200
    with pytest.raises(ValueError):
        resp.json()
    client.ok(client.get(SHOPS))
    client.sb.faults.script("/api/v2/token/refresh", [(503, None)])
    resp = client.token_call("/api/v2/token/refresh", app_key=client.sb.app_key)
    assert resp.status_code == 503
    assert [r.http_status for r in client.sb.requests[-4:]] == [None, 200, 200, 503]


def test_slow_fault(client):
    client.sb.faults.slow_seconds = 0.3
    client.sb.faults.script(SHOPS, ["slow"])
    with pytest.raises(requests.Timeout):
        client.get(SHOPS, timeout=0.3)


def test_random_faults_are_reproducible(make_sandbox, make_client):
    def run(seed):
        sb = make_sandbox(seed=seed)
        sb.faults.http_5xx = 0.2
        sb.faults.http_429 = 0.2
        sb.faults.code_36009002_in_200 = 0.1
        sb.faults.truncated_json = 0.1
        client = make_client(sb)
        out = []
        for _ in range(40):
            r = client.get(SHOPS)
            try:
                out.append((r.status_code, r.json()["code"]))
            except ValueError:
                out.append((r.status_code, "unparseable"))
        return out

    a, b = run(21), run(21)
    assert a == b
    kinds = set(a)
    assert (200, 0) in kinds and (429, 36009002) in kinds and (200, 36009002) in kinds
    assert any(s in (500, 502, 503) for s, _ in kinds) and (200, "unparseable") in kinds
    assert run(22) != a


def test_random_drop_connection(client):
    client.sb.faults.drop_connection = 1.0
    with pytest.raises(requests.ConnectionError):
        client.get(SHOPS)
    # token host is spared by default
    assert client.token_call("/api/v2/token/refresh", app_key="x").status_code == 200
    client.sb.faults.clear()
    client.ok(client.get(SHOPS))


def test_latency(make_sandbox, make_client):
    sb = make_sandbox(seed=5, latency_ms=150)
    client = make_client(sb)
    start = time.monotonic()
    client.ok(client.get(SHOPS))
    assert time.monotonic() - start >= 0.15
