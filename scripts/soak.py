"""Soak test: a full incremental read of a large sandbox under faults, optionally killed and resumed.

    .venv/bin/python scripts/soak.py --orders 20000 --fault-429 0.1 --fault-5xx 0.05 --fault-drop 0.02 --token-ttl 5

Starts the sandbox in this process with the asked faults, runs the connector as Airbyte does (the real
entrypoint, in a subprocess), optionally SIGKILLs it at random points (`--kills N`) and resumes from
its last STATE, then compares what came out, by primary key, with the sandbox's data. Prints the
figures (records, requests, retries, 429s seen, records lost) and exits non-zero if any record was
lost or the read failed. `make soak` runs it with the issue's mix of faults.
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from integration_tests.harness import Run, configured_catalog, run_connector, run_until_lines_then_kill  # noqa: E402
from tiktok_shop_sandbox import Sandbox  # noqa: E402

CORE = ["shops", "products", "orders", "statements", "statement_transactions"]
PK = {"shops": ["id"], "products": ["id"], "orders": ["id"], "statements": ["id"], "statement_transactions": ["statement_id", "id"]}


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="scripts/soak.py", description=__doc__.split("\n\n")[0])
    data = p.add_argument_group("sandbox data")
    data.add_argument("--seed", type=int, default=1)
    data.add_argument("--shops", type=int, default=2)
    data.add_argument("--orders", type=int, default=20000, help="orders in total, split over the shops (default 20000)")
    data.add_argument("--products", type=int, default=200, help="products in total (one detail call each; default 200)")
    data.add_argument("--statement-days", type=int, default=30)
    data.add_argument("--history-days", type=int, default=90)
    faults = p.add_argument_group("faults (rates 0..1 per request)")
    faults.add_argument("--fault-429", type=float, default=0.0, help="HTTP 429 + 36009002")
    faults.add_argument("--fault-429-in-200", type=float, default=0.0, help="36009002 inside HTTP 200")
    faults.add_argument("--fault-5xx", type=float, default=0.0, help="HTTP 500 36009003 or a 502/503 HTML page")
    faults.add_argument("--fault-drop", type=float, default=0.0, help="connection closed without a response")
    faults.add_argument("--fault-truncated", type=float, default=0.0, help="JSON body cut short")
    faults.add_argument("--fault-slow", type=float, default=0.0, help="answer after --slow-seconds")
    faults.add_argument("--slow-seconds", type=float, default=3.0)
    faults.add_argument("--no-retry-after", action="store_true", help="429s without a Retry-After header")
    faults.add_argument("--token-ttl", type=int, default=7 * 86400, help="access token lifetime, seconds")
    faults.add_argument("--no-rotate", action="store_true", help="keep the refresh token on refresh (default: rotate)")
    faults.add_argument("--qps", type=float, default=None, help="sandbox rate limit per shop and endpoint")
    faults.add_argument("--kills", type=int, default=0, help="SIGKILL the read this many times at random points, resuming each time")
    conn = p.add_argument_group("connector config")
    conn.add_argument("--requests-per-second", type=float, default=None, help="client budget per shop (default: the connector's, 5)")
    conn.add_argument("--max-retries", type=int, default=None)
    conn.add_argument("--retry-backoff", type=float, default=None, help="retry_backoff_seconds")
    conn.add_argument("--timeout", type=int, default=None, help="request_timeout_seconds")
    conn.add_argument("--streams", default=",".join(CORE), help="comma-separated tables (default: the core tables)")
    return p.parse_args(argv)


def expected(sandbox: Sandbox, stream: str) -> Set[Tuple[str, ...]]:
    data = sandbox.data
    shops = [shop["id"] for shop in data.shops]
    if stream == "shops":
        return {(shop,) for shop in shops}
    if stream == "statement_transactions":
        return {(sid, str(t["id"])) for shop in shops for sid, txs in data.transactions[shop].items() for t in txs}
    table = {"products": data.products, "orders": data.orders, "statements": data.statements}[stream]
    return {(str(r["id"]),) for shop in shops for r in table[shop]}


def committed(run: Run) -> List[Dict[str, Any]]:
    """A killed run's records up to its last STATE: what a destination would have kept."""
    last = max((i for i, m in enumerate(run.messages) if m["type"] == "STATE"), default=-1)
    return [m["record"] for m in run.messages[:last] if m["type"] == "RECORD"]


def merge_state(state: Optional[List[Any]], run: Run) -> Optional[List[Any]]:
    if not run.states:
        return state
    merged = {s["stream"]["stream_descriptor"]["name"]: s for s in (state or [])}
    merged.update({s["stream"]["stream_descriptor"]["name"]: s for s in run.last_states()})
    return list(merged.values())


def connector_retries(runs: Sequence[Run]) -> int:
    """Retries the connector logged (the CDK logs one line per backoff)."""
    return sum(1 for run in runs for m in run.of_type("LOG") if "Retrying in" in m["log"]["message"])


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    streams = [s.strip() for s in args.streams.split(",") if s.strip()]
    unknown = set(streams) - set(CORE)
    if unknown:
        print(f"--streams: only {', '.join(CORE)} can be compared with the sandbox (got {', '.join(sorted(unknown))})", file=sys.stderr)
        return 2
    shops = max(1, args.shops)
    sandbox = Sandbox(
        seed=args.seed,
        shops=shops,
        products_per_shop=max(1, args.products // shops),
        orders_per_shop=max(1, args.orders // shops),
        statement_days=args.statement_days,
        history_days=args.history_days,
        access_token_ttl=args.token_ttl,
        rotate_refresh_token=not args.no_rotate,
        qps=args.qps,
    )
    with sandbox:
        config = sandbox.config(safety_margin_seconds=0, lookback_window=0)
        for key, value in (
            ("requests_per_second", args.requests_per_second),
            ("max_retries", args.max_retries),
            ("retry_backoff_seconds", args.retry_backoff),
            ("request_timeout_seconds", args.timeout),
        ):
            if value is not None:
                config[key] = value
        discovered = run_connector("discover", config)
        if discovered.returncode != 0:
            print(discovered.stdout[-3000:] + discovered.stderr[-3000:], file=sys.stderr)
            return 1
        catalog = configured_catalog(discovered.catalog["streams"], True, streams)
        want = {stream: expected(sandbox, stream) for stream in streams}
        total = sum(len(v) for v in want.values())

        faults = sandbox.faults
        faults.http_429, faults.code_36009002_in_200 = args.fault_429, args.fault_429_in_200
        faults.http_5xx, faults.drop_connection = args.fault_5xx, args.fault_drop
        faults.truncated_json, faults.slow, faults.slow_seconds = args.fault_truncated, args.fault_slow, args.slow_seconds
        faults.retry_after = not args.no_retry_after
        sandbox.clear_requests()

        print(
            f"soak: {total} records in {', '.join(streams)} over {shops} shop(s); faults 429={args.fault_429} "
            f"429-in-200={args.fault_429_in_200} 5xx={args.fault_5xx} drop={args.fault_drop} truncated={args.fault_truncated} "
            f"slow={args.fault_slow}; token TTL {args.token_ttl}s; kills {args.kills}",
            flush=True,
        )
        started = time.monotonic()
        rng = random.Random(args.seed)
        got: Dict[str, Counter] = {stream: Counter() for stream in streams}
        runs: List[Run] = []
        state: Optional[List[Any]] = None
        kills = 0
        # Kill points spread over the expected output (one line per record, plus logs and states).
        for _ in range(args.kills):
            run = run_until_lines_then_kill(config, catalog, state, lines=rng.randint(5, max(10, total // max(1, args.kills))))
            runs.append(run)
            kills += run.returncode == -signal.SIGKILL
            for record in committed(run):
                got[record["stream"]][tuple(str(record["data"].get(p)) for p in PK[record["stream"]])] += 1
            state = merge_state(state, run)
            # Airbyte persists a CONNECTOR_CONFIG control message (a rotated refresh token) as soon as it
            # is printed; the next attempt starts from that config, as here.
            if run.controls:
                config = run.controls[-1]["connectorConfig"]["config"]
        final = run_connector("read", config, catalog, state, timeout=6 * 3600)
        runs.append(final)
        for stream in streams:
            for record in final.records(stream):
                got[stream][tuple(str(record.get(p)) for p in PK[stream])] += 1
        elapsed = time.monotonic() - started

    log = sandbox.requests
    rate_limited = sum(1 for r in log if r.http_status == 429 or r.code == 36009002)
    server_errors = sum(1 for r in log if r.http_status is not None and r.http_status >= 500)
    dropped = sum(1 for r in log if r.http_status is None)
    expired = sum(1 for r in log if r.code == 105002)
    refreshes = sum(1 for r in log if r.path == "/api/v2/token/refresh" and r.code == 0)
    failed_calls = sum(1 for r in log if r.http_status is None or r.http_status >= 400 or r.code not in (0, None))
    lost = {stream: len(want[stream] - set(got[stream])) for stream in streams}
    invented = {stream: len(set(got[stream]) - want[stream]) for stream in streams}
    duplicates = sum(sum(got[stream].values()) - len(got[stream]) for stream in streams)
    records = sum(sum(got[stream].values()) for stream in streams)
    errors = [e["message"] for e in final.errors]

    print(f"elapsed:            {elapsed:.1f}s")
    print(f"records:            {records} ({', '.join(f'{s} {sum(got[s].values())}' for s in streams)})")
    print(f"expected records:   {total}")
    print(f"requests:           {len(log)} ({len(log) / elapsed:.1f}/s)")
    print(f"failed requests:    {failed_calls} (429s seen {rate_limited}, 5xx {server_errors}, dropped {dropped}, expired token {expired})")
    print(f"retries:            {connector_retries(runs)} logged by the connector")
    print(f"429s seen:          {rate_limited}")
    print(f"token refreshes:    {refreshes}")
    print(f"kills:              {kills} of {args.kills}")
    print(f"duplicates:         {duplicates} (re-read after a checkpoint or a kill; deduplicated by primary key downstream)")
    print(f"records invented:   {sum(invented.values())}")
    print(f"records lost:       {sum(lost.values())}" + (f" {lost}" if any(lost.values()) else ""))
    if final.returncode != 0 or errors:
        print(f"read failed (exit {final.returncode}): {errors[:3]}")
        return 1
    return 0 if not any(lost.values()) and not any(invented.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
