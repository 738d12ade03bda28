"""CLI: python -m tiktok_shop_sandbox --port 8765 --seed 1 ...

Prints the connector config JSON (one line) pointing at the sandbox, then serves until Ctrl-C.
"""

from __future__ import annotations

import argparse
import json
import sys

from .sandbox import Sandbox


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m tiktok_shop_sandbox", description=__doc__)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--shops", type=int, default=3)
    p.add_argument("--products-per-shop", type=int, default=60)
    p.add_argument("--orders-per-shop", type=int, default=300)
    p.add_argument("--statement-days", type=int, default=45)
    p.add_argument("--history-days", type=int, default=120)
    p.add_argument("--anchor", help="dataset 'now' as epoch seconds or ISO-8601 (default: start of current UTC hour)")
    p.add_argument("--token-ttl", type=int, default=7 * 86400, help="access token lifetime in seconds")
    p.add_argument("--refresh-token-ttl", type=int, default=365 * 86400)
    p.add_argument("--rotate-refresh-token", action="store_true")
    p.add_argument("--latency-ms", type=int, default=0)
    p.add_argument("--qps", type=float, default=None)
    p.add_argument("--errors-as-http-200", action="store_true")
    p.add_argument("--omit-last-page-token", action="store_true")
    p.add_argument("--no-retry-after", action="store_true")
    p.add_argument("--analytics-ids-as-strings", action="store_true")
    p.add_argument("--payments-in-sea", action="store_true", help="serve payments to SEA shops instead of refusing them")
    for rate in ("http_429", "code_36009002_in_200", "http_5xx", "drop_connection", "truncated_json", "slow"):
        p.add_argument(f"--fault-{rate.replace('_', '-')}", type=float, default=0.0, dest=f"fault_{rate}")
    p.add_argument("--slow-seconds", type=float, default=5.0)
    args = p.parse_args(argv)

    anchor = None
    if args.anchor:
        anchor = int(args.anchor) if args.anchor.isdigit() else args.anchor
    sb = Sandbox(
        seed=args.seed,
        shops=args.shops,
        products_per_shop=args.products_per_shop,
        orders_per_shop=args.orders_per_shop,
        statement_days=args.statement_days,
        history_days=args.history_days,
        access_token_ttl=args.token_ttl,
        refresh_token_ttl=args.refresh_token_ttl,
        rotate_refresh_token=args.rotate_refresh_token,
        latency_ms=args.latency_ms,
        qps=args.qps,
        anchor=anchor,
        host=args.host,
    )
    sb.errors_as_http_200 = args.errors_as_http_200
    sb.omit_last_page_token = args.omit_last_page_token
    sb.faults.retry_after = not args.no_retry_after
    sb.analytics_ids_as_strings = args.analytics_ids_as_strings
    sb.payments_unavailable_in_sea = not args.payments_in_sea
    sb.faults.slow_seconds = args.slow_seconds
    for rate in ("http_429", "code_36009002_in_200", "http_5xx", "drop_connection", "truncated_json", "slow"):
        setattr(sb.faults, rate, getattr(args, f"fault_{rate}"))
    sb.start(port=args.port, background=False)
    print(json.dumps(sb.config()), flush=True)
    print(f"serving TikTok Shop sandbox on {sb.base_url} (Ctrl-C to stop)", file=sys.stderr, flush=True)
    try:
        sb.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        sb.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
