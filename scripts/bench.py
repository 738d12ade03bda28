"""`make bench`: how fast, how chatty and how big the connector is, table by table, against the sandbox.

For each --latency-ms value a sandbox runs in its own process (so what is measured of the connector is the
connector alone), and the real `source-tiktok-shop read` runs once per table, full refresh, as a subprocess.
Per run: records, wall time, records/s, the requests the sandbox saw, requests per 1,000 records, the ideal
wall time (requests x latency / concurrency: the spec's `concurrency` default, else 1), wall/ideal, and the
connector's peak RSS and CPU time (wait4 on that process alone).
The ceiling is a bare CDK source (scripts/bench_ceiling.py) emitting the same orders from memory.
Then, unless --limit 0: one run per --limit-tables table at the connector's DEFAULT rate settings against a sandbox
whose rate limit (--limit requests/s per shop, all endpoints together) the connector is not told: the rate it
reached against that limit and the share of its calls answered 429.
CPU/1k: connector-process CPU seconds per 1,000 records (the CPU of a read of `shops`, i.e. startup, left out),
against the ceiling's marginal CPU per 1,000 records of the same orders.
The first sync (`--first-sync-orders N`, off by default): every table in one read, one shop, default rate settings,
against --limit per shop at --first-sync-latency-ms: wall against the physical limit (requests / limit) and the
per-order tables' calls per order.
The per-order cost (`--cost-orders`): `orders` (search pages plus one order detail call per 50 orders) and
`order_price_details` (search pages plus one call per order) read on a small dataset at 0 ms, in requests
per 1,000 orders, by endpoint.
The floors next to the figures are informational: this script prints, it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the sandbox and the connector's stream classes are imported from the repo
CONNECTOR = [str(Path(sys.executable).parent / "source-tiktok-shop")]
CEILING = [sys.executable, str(REPO / "scripts" / "bench_ceiling.py")]

FLOOR_CEILING_SHARE = 0.6
FLOOR_LIST_REQ_PER_1K = 10.5
FLOOR_WALL_PER_IDEAL = 1.3
FLOOR_CPU_PER_CEILING = 2.5
FLOOR_RSS_MB = 250
FLOOR_LIMIT_SHARE = 0.85
FLOOR_429_SHARE = 0.03
# The CDK prints through a buffer flushed every 0.1 s, so records arrive in bursts: a rate is only taken
# over at least this long a span, and the ceiling emits at least this many records to have one.
MIN_EMIT_SPAN_S = 1.0
SHOP_ID_KEY = b'"shop_id":"'  # every shop-scoped record carries it; the fewest possible pages are counted per shop
CEILING_MIN_RECORDS = 100_000
# The tables whose requests grow with the orders they find, and the endpoints their requests go to.
ORDER_COST_TABLES = ("orders", "order_price_details")
ORDER_COST_ENDPOINTS = (
    ("search", re.compile(r"/order/\d+/orders/search")),
    ("order detail", re.compile(r"/order/\d+/orders")),
    ("price detail", re.compile(r"/order/\d+/orders/[^/]+/price_detail")),
)


# ---- the sandbox, in its own process ----------------------------------------------------------------


def _serve_sandbox(conn, knobs: Dict[str, Any]) -> None:
    """Child process: serve a sandbox and answer the parent's questions about it over a pipe."""
    from tiktok_shop_sandbox import Sandbox

    per_shop = knobs.pop("qps_per_shop", False)
    sandbox = Sandbox(**knobs)
    sandbox.qps_per_shop = per_shop
    sandbox.start()
    conn.send(sandbox.config(safety_margin_seconds=0))  # read right up to now: nothing is held back
    while True:
        command, arg = conn.recv()
        if command == "mark":
            conn.send(len(sandbox.requests))
        elif command == "paths_since":
            conn.send([r.path for r in sandbox.requests[arg:]])
        elif command == "calls_since":
            conn.send([(r.path, r.http_status, r.timestamp, r.query.get("shop_cipher", "")) for r in sandbox.requests[arg:]])
        elif command == "dump_orders":
            conn.send(_dump_orders(sandbox, arg))
        elif command == "stop":
            sandbox.stop()
            conn.send(None)
            return


def _dump_orders(sandbox, path: str) -> int:
    """Write every order as the connector emits it (API record + shop_id), one JSON object a line."""
    count = 0
    with open(path, "w") as handle:
        for shop_id in sandbox.data.orders:
            for record in sandbox.data.orders[shop_id]:
                handle.write(json.dumps({**record, "shop_id": shop_id}, default=str) + "\n")
                count += 1
    return count


class SandboxProcess:
    def __init__(self, **knobs: Any) -> None:
        # spawn, not fork: the child starts clean instead of inheriting this process's state.
        context = multiprocessing.get_context("spawn")
        self._conn, child_conn = context.Pipe()
        self._process = context.Process(target=_serve_sandbox, args=(child_conn, knobs), daemon=True)
        self._process.start()
        child_conn.close()  # so that a sandbox that dies shows here as EOFError, not as a hang
        self.config: Dict[str, Any] = self._conn.recv()

    def _ask(self, command: str, arg: Any = None) -> Any:
        self._conn.send((command, arg))
        return self._conn.recv()

    def mark(self) -> int:
        return self._ask("mark")

    def paths_since(self, mark: int) -> List[str]:
        return self._ask("paths_since", mark)

    def calls_since(self, mark: int) -> List[tuple]:
        """(path, HTTP status, timestamp, shop_cipher) of every request since `mark`."""
        return self._ask("calls_since", mark)

    def dump_orders(self, path: str) -> int:
        return self._ask("dump_orders", path)

    def close(self) -> None:
        self._ask("stop")
        self._process.join(timeout=10)

    def __enter__(self) -> "SandboxProcess":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


# ---- running a source ---------------------------------------------------------------------------------


@dataclass
class Run:
    records: int
    wall: float
    first_record: Optional[float]  # seconds from launch to the first RECORD: startup, auth, first page
    last_record: Optional[float]
    rss_mb: float
    cpu: float
    returncode: int
    errors: int
    stderr_tail: str
    records_per_shop: Dict[bytes, int]
    started_at: float = 0.0  # wall-clock time of the launch, comparable with the sandbox's request timestamps

    @property
    def rate(self) -> float:
        return self.records / self.wall if self.wall else 0.0

    @property
    def emit_rate(self) -> Optional[float]:
        """Records/s from the first record to the last: the steady rate, without startup and shutdown."""
        span = (self.last_record or 0) - (self.first_record or 0)
        return (self.records - 1) / span if span >= MIN_EMIT_SPAN_S else None


def _write_json(directory: str, name: str, content: Any) -> str:
    path = os.path.join(directory, name)
    with open(path, "w") as handle:
        json.dump(content, handle)
    return path


def run_read(command: List[str], config: Mapping, catalog: Mapping) -> Run:
    """Run `command read` and count what it prints; RSS and CPU come from wait4, i.e. that process alone."""
    with tempfile.TemporaryDirectory() as directory, tempfile.TemporaryFile() as stderr:
        args = [
            "read",
            "--config",
            _write_json(directory, "config.json", config),
            "--catalog",
            _write_json(directory, "catalog.json", catalog),
        ]
        started, started_at = time.monotonic(), time.time()
        proc = subprocess.Popen(command + args, cwd=REPO, stdout=subprocess.PIPE, stderr=stderr, bufsize=1 << 20)
        records = errors = 0
        per_shop: Dict[bytes, int] = {}
        first = last = None
        for line in proc.stdout:
            # A prefix test, not json.loads: this process must read faster than the source writes.
            if line.startswith(b'{"type":"RECORD"'):
                records += 1
                at = line.find(SHOP_ID_KEY)
                if at >= 0:
                    shop = line[at + len(SHOP_ID_KEY) : line.find(b'"', at + len(SHOP_ID_KEY))]
                    per_shop[shop] = per_shop.get(shop, 0) + 1
                last = time.monotonic() - started
                if first is None:
                    first = last
            elif line.startswith(b'{"type":"TRACE"') and b'"type":"ERROR"' in line:
                errors += 1
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; stop Popen from waiting again
        stderr.seek(0)
        tail = stderr.read().decode(errors="replace")[-1500:]
    cpu = usage.ru_utime + usage.ru_stime
    return Run(records, wall, first, last, usage.ru_maxrss / 1024, cpu, proc.returncode, errors, tail, per_shop, started_at)


def connector_json(command: str, config: Optional[Mapping] = None) -> Dict[str, Any]:
    """The first message of `spec` or `discover` (SPEC / CATALOG)."""
    with tempfile.TemporaryDirectory() as directory:
        args = [command] + (["--config", _write_json(directory, "config.json", config)] if config else [])
        out = subprocess.run(CONNECTOR + args, cwd=REPO, capture_output=True, text=True, check=True).stdout
    kind = {"spec": "SPEC", "discover": "CATALOG"}[command]
    for line in out.splitlines():
        if line.startswith("{"):
            message = json.loads(line)
            if message.get("type") == kind:
                return message[kind.lower()]
    raise RuntimeError(f"`{command}` printed no {kind} message")


def full_refresh_catalog(stream: Mapping[str, Any]) -> Dict[str, Any]:
    return {"streams": [{"stream": stream, "sync_mode": "full_refresh", "destination_sync_mode": "overwrite"}]}


# ---- what the figures are compared with -----------------------------------------------------------------


def concurrency_for(spec: Mapping[str, Any], override: Optional[int]) -> tuple:
    """(concurrency used for the ideal time, where it came from)."""
    prop = spec["connectionSpecification"].get("properties", {}).get("concurrency")
    if override:
        return override, "--concurrency"
    if prop is not None:
        return int(prop.get("default", 1)), "the spec's `concurrency` default"
    return 1, "the spec has no `concurrency` key"


def list_path_patterns() -> Dict[str, "re.Pattern"]:
    """Each table's own endpoint (products: the search, not the detail calls) as a regex over paths."""
    from source_tiktok_shop.streams import STREAM_CLASSES

    patterns = {}
    for cls in STREAM_CLASSES:
        parts = re.split(r"\{[^}]*\}", cls.path)
        patterns[cls.name_for_class()] = re.compile("[^/]+".join(re.escape(p) for p in parts))
    return patterns


def paged_list_tables() -> Dict[str, int]:
    """{table: page size} of the tables read as one paged list per shop (not one walk per parent record):
    the requests/1k floor's. The page size is printed with it: at 50 a page, 10.5/1k cannot be met."""
    from source_tiktok_shop.streams import STREAM_CLASSES

    return {cls.name_for_class(): cls.page_size for cls in STREAM_CLASSES if cls.page_size and "{" not in cls.path}


@dataclass
class CpuBasis:
    """What CPU per record is measured against: the connector's CPU before its first record (`startup`, a
    read of `shops`) and the bare CDK source's CPU per 1,000 records of the same orders (the ceiling's
    marginal cost: its 100,000-record run less its one-pass run, so loading the file is left out)."""

    startup: float
    ceiling_per_1k: Optional[float]


@dataclass
class Row:
    latency_ms: int
    table: str
    run: Run
    requests: int
    list_requests: int
    concurrency: int
    orders_in_dataset: int
    label: str = ""  # set on the extra RSS run, which is kept out of the ceiling comparison
    # Seconds from the launch to the first request the sandbox saw: the process starting (imports, config), which
    # no request waits for and the ideal leaves out.
    startup: Optional[float] = None

    @property
    def ideal(self) -> float:
        return self.requests * self.latency_ms / 1000 / self.concurrency

    def per_1k(self, requests: int) -> float:
        return requests * 1000 / self.run.records if self.run.records else float("inf")

    def cpu_per_1k(self, startup_cpu: float) -> Optional[float]:
        """Connector CPU seconds per 1,000 records, without what any read costs before its first record
        (imports, config, token, shop list: `startup_cpu`, the CPU of reading the one-record `shops` table)."""
        return max(0.0, self.run.cpu - startup_cpu) * 1000 / self.run.records if self.run.records >= 1000 else None


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def floors(row: Row, ceiling_rate: Optional[float], list_tables: Mapping[str, int], cpu: Optional["CpuBasis"] = None) -> str:
    notes = []
    if row.table == "orders" and row.latency_ms == 0 and not row.label and cpu is not None:
        per_1k = row.cpu_per_1k(cpu.startup)
        if per_1k is not None and cpu.ceiling_per_1k:
            ratio = per_1k / cpu.ceiling_per_1k
            notes.append(f"CPU {ratio:.2f}x ceiling's per record (<= {FLOOR_CPU_PER_CEILING}) {verdict(ratio <= FLOOR_CPU_PER_CEILING)}")
    if row.table == "orders" and row.latency_ms == 0 and not row.label and ceiling_rate and row.run.emit_rate:
        share = row.run.emit_rate / ceiling_rate
        notes.append(f"rate {share:.2f}x ceiling (>= {FLOOR_CEILING_SHARE}) {verdict(share >= FLOOR_CEILING_SHARE)}")
    if row.table in list_tables:
        per_1k = row.per_1k(row.list_requests)
        page = list_tables[row.table]
        extra = f", all {row.per_1k(row.requests):.1f}" if row.table == "products" else ""
        # Each shop is its own walk, so a shop of n records needs ceil(n / page) pages at the very least.
        fewest = row.per_1k(sum(-(-n // page) for n in row.run.records_per_shop.values()))
        at_fewest = ", which is the fewest possible" if per_1k > FLOOR_LIST_REQ_PER_1K and per_1k <= fewest + 0.05 else ""
        notes.append(
            f"list req/1k {per_1k:.1f}{extra} (<= {FLOOR_LIST_REQ_PER_1K}; page {page}, fewest possible "
            f"{fewest:.2f}) {verdict(per_1k <= FLOOR_LIST_REQ_PER_1K)}{at_fewest}"
        )
    if row.latency_ms > 0 and row.ideal:
        ratio = row.run.wall / row.ideal
        notes.append(f"wall {ratio:.2f}x ideal (<= {FLOOR_WALL_PER_IDEAL}) {verdict(ratio <= FLOOR_WALL_PER_IDEAL)}")
        if row.startup is not None:
            net = (row.run.wall - row.startup) / row.ideal
            notes.append(f"from the first request {net:.2f}x {verdict(net <= FLOOR_WALL_PER_IDEAL)}")
    notes.append(f"RSS <= {FLOOR_RSS_MB} MB {verdict(row.run.rss_mb <= FLOOR_RSS_MB)}")
    return "; ".join(notes)


HEADER = (
    f"{'lat ms':>6}  {'table':<24}{'records':>9}{'wall s':>8}{'rec/s':>8}{'1st rec s':>10}{'emit/s':>8}{'requests':>9}"
    f"{'list/1k':>8}{'ideal s':>9}{'wall/ideal':>11}{'RSS MB':>8}{'CPU s':>7}{'CPU/1k':>7}  floors"
)


def format_row(row: Row, ceiling_rate: Optional[float], list_tables: Mapping[str, int], cpu: Optional["CpuBasis"] = None) -> str:
    run = row.run
    per_1k = row.cpu_per_1k(cpu.startup) if cpu is not None else None
    cpu_1k = f"{per_1k:.3f}" if per_1k is not None else "-"
    ideal = f"{row.ideal:.1f}" if row.ideal else "-"
    ratio = f"{run.wall / row.ideal:.2f}" if row.ideal else "-"
    first = f"{run.first_record:.1f}" if run.first_record is not None else "-"
    emit = f"{run.emit_rate:.0f}" if run.emit_rate else "-"
    status = "" if run.returncode == 0 and not run.errors else f"  [exit {run.returncode}, {run.errors} error traces]"
    return (
        f"{row.latency_ms:>6}  {row.table + row.label:<24}{run.records:>9}{run.wall:>8.1f}{run.rate:>8.0f}{first:>10}{emit:>8}"
        f"{row.requests:>9}{row.per_1k(row.list_requests):>8.1f}{ideal:>9}{ratio:>11}{run.rss_mb:>8.0f}"
        f"{run.cpu:>7.1f}{cpu_1k:>7}  {floors(row, ceiling_rate, list_tables, cpu)}{status}"
    )


# ---- the benchmark --------------------------------------------------------------------------------------


def measure_table(
    sandbox: SandboxProcess,
    config: Mapping,
    stream: Mapping,
    latency_ms: int,
    concurrency: int,
    list_pattern: "re.Pattern",
    orders_in_dataset: int,
) -> Row:
    mark = sandbox.mark()
    run = run_read(CONNECTOR, config, full_refresh_catalog(stream))
    calls = sandbox.calls_since(mark)
    listing = sum(1 for call in calls if list_pattern.fullmatch(call[0]))
    startup = min(call[2] for call in calls) - run.started_at if calls else None
    row = Row(latency_ms, stream["name"], run, len(calls), listing, concurrency, orders_in_dataset, startup=startup)
    if run.returncode or run.errors:
        print(f"  {stream['name']}: exit {run.returncode}, {run.errors} error traces; stderr tail:\n{run.stderr_tail}")
    return row


def measure_ceiling(sandbox: SandboxProcess, orders_stream: Mapping, workdir: str) -> Tuple[Run, Optional[float]]:
    """The ceiling's run, and its CPU seconds per 1,000 records (see CpuBasis)."""
    records_path = os.path.join(workdir, "orders.jsonl")
    count = sandbox.dump_orders(records_path)
    config = {
        "records_path": records_path,
        "stream": "orders",
        "min_records": CEILING_MIN_RECORDS,
        "schema_path": _write_json(workdir, "orders_schema.json", orders_stream["json_schema"]),
    }
    run = run_read(CEILING, config, full_refresh_catalog(orders_stream))
    one_pass = run_read(CEILING, {**config, "min_records": 0}, full_refresh_catalog(orders_stream))
    extra = run.records - one_pass.records
    cpu_per_1k = (run.cpu - one_pass.cpu) * 1000 / extra if extra > 0 and run.cpu > one_pass.cpu else None
    size = os.path.getsize(records_path) / max(1, count)
    print(
        f"ceiling (bare CDK source, the {count} orders held in memory, {size / 1000:.1f} KB each, {run.records} records "
        f"emitted in all): {run.emit_rate or 0:.0f} records/s from the first record (at {run.first_record or 0:.1f}s) to "
        f"the last; CPU {cpu_per_1k or 0:.3f} s per 1,000 records; RSS {run.rss_mb:.0f} MB",
        flush=True,
    )
    return run, cpu_per_1k


def measure_fetch_bound(config: Mapping[str, Any]) -> float:
    """Orders/s of a loop that only fetches and decodes the order pages, one shop after another, with the
    connector's own client and paging: what these pages cost before a single message is built or printed.
    The connector cannot emit faster than this on one core, whatever the CDK's ceiling."""
    import contextlib

    from source_tiktok_shop.source import SourceTiktokShop

    with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):  # the token refresh prints a CONTROL message
        orders = next(s for s in SourceTiktokShop().streams({**config, "concurrency": 1}) if s.name == "orders")
        params, body = orders.window_request(0, int(time.time()) + 1)
        started, count = time.monotonic(), 0
        for shop in orders._context.shops.selected("orders"):
            for records, _, _ in orders.pages(shop, params, body):
                count += len(records)
        elapsed = time.monotonic() - started
    rate = count / elapsed
    print(f"fetch + decode only (connector client, no output, one shop after another): {count} orders at {rate:.0f} records/s", flush=True)
    return rate


def measure_order_costs(args: argparse.Namespace, overrides: Mapping[str, Any], streams: Mapping[str, Mapping]) -> List[str]:
    """Requests per 1,000 orders of the tables that make calls per order found (0 ms, a small dataset):
    what a sync of them costs against TikTok's rate limits, whatever the latency."""
    lines = []
    knobs = {**sandbox_knobs(args, 0, args.cost_orders), "products_per_shop": 20, "statement_days": 1}
    orders = args.shops * args.cost_orders
    with SandboxProcess(**knobs) as sandbox:
        config = {**sandbox.config, **overrides}
        for table in ORDER_COST_TABLES:
            if table not in streams:
                continue
            mark = sandbox.mark()
            run = run_read(CONNECTOR, config, full_refresh_catalog(streams[table]))
            paths = sandbox.paths_since(mark)
            counts = {name: sum(1 for p in paths if pattern.fullmatch(p)) for name, pattern in ORDER_COST_ENDPOINTS}
            counts["other (token, shops)"] = len(paths) - sum(counts.values())
            parts = ", ".join(f"{name} {count * 1000 / orders:.1f}" for name, count in counts.items())
            status = "" if run.returncode == 0 and not run.errors else f"  [exit {run.returncode}, {run.errors} error traces]"
            line = (
                f"{table}: {len(paths)} requests for {orders} orders ({run.records} records) = "
                f"{len(paths) * 1000 / orders:.1f} per 1,000 orders ({parts}){status}"
            )
            print(line, flush=True)
            lines.append(line)
    return lines


def sandbox_knobs(args: argparse.Namespace, latency_ms: int, orders: int) -> Dict[str, Any]:
    return dict(
        seed=args.seed,
        shops=args.shops,
        orders_per_shop=orders,
        products_per_shop=args.products,
        statement_days=args.statement_days,
        history_days=args.history_days,
        latency_ms=latency_ms,
        qps=args.qps,
    )


def config_overrides(spec: Mapping[str, Any], args: argparse.Namespace) -> Dict[str, Any]:
    """Connector config keys the bench sets on top of the sandbox's config."""
    properties = spec["connectionSpecification"].get("properties", {})
    overrides: Dict[str, Any] = {}
    if args.concurrency:  # so the connector runs with the concurrency the ideal assumes
        overrides["concurrency"] = args.concurrency
    pacing = properties.get("requests_per_second")
    if args.requests_per_second or (pacing and "maximum" in pacing):
        # The connector's own per-shop pacing would otherwise be what is measured: by default the spec's
        # fastest, i.e. the connector's machinery; pass its default to see the pace users get.
        overrides["requests_per_second"] = args.requests_per_second or pacing["maximum"]
        if "rate_mode" in properties:
            # The adaptive mode starts at 5/s whatever its ceiling: the budget would bind for the first seconds.
            overrides["rate_mode"] = "fixed"
    return overrides


def measure_limit_runs(args: argparse.Namespace, streams: Mapping[str, Mapping], concurrency: int) -> List[str]:
    """Each --limit-tables table at default rate settings against a per-shop limit the connector is not told."""
    knobs = {
        **sandbox_knobs(args, args.limit_latency_ms, args.limit_orders),
        "shops": args.limit_shops,
        "qps": args.limit,
        "qps_per_shop": True,
    }
    lines = []
    with SandboxProcess(**knobs) as sandbox:
        config = {**sandbox.config, **args.limit_overrides}  # by default no rate settings: the defaults users get
        print(
            f"\nlimit runs: {args.limit_shops} shop(s) x {args.limit_orders} orders, {args.products} products, sandbox limit "
            f"{args.limit:g} requests/s per shop (all endpoints together; unknown to the connector), latency "
            f"{args.limit_latency_ms} ms, connector config overrides {args.limit_overrides or 'none (its default rate settings)'}",
            flush=True,
        )
        for table in args.limit_tables:
            mark = sandbox.mark()
            run = run_read(CONNECTOR, config, full_refresh_catalog(streams[table]))
            calls = [c for c in sandbox.calls_since(mark) if c[3]]  # shop-scoped calls only
            by_shop: Dict[str, List[tuple]] = {}
            for call in calls:
                by_shop.setdefault(call[3], []).append(call)
            shares, steady_shares = [], []
            for shop_calls in by_shop.values():
                answered = [c[2] for c in shop_calls if c[1] != 429]
                span = shop_calls[-1][2] - shop_calls[0][2]
                if span > 0:
                    shares.append(len(answered) / span / args.limit)
                    # The second half of the span: the rate it settled at, without the start from 5/s.
                    middle = shop_calls[0][2] + span / 2
                    late = [t for t in answered if t >= middle]
                    steady_shares.append(len(late) / (span / 2) / args.limit)
            limited = sum(1 for c in calls if c[1] == 429)
            share_429 = limited / len(calls) if calls else 0.0
            # The physical limit: the busiest shop's calls at the limit, or every call's latency spread over the
            # concurrency in use, whichever is longer.
            physical = max(
                max((len(c) for c in by_shop.values()), default=0) / args.limit,
                len(calls) * args.limit_latency_ms / 1000 / concurrency,
            )
            reached = min(shares) if shares else 0.0
            steady = min(steady_shares) if steady_shares else 0.0
            status = "" if run.returncode == 0 and not run.errors else f"  [exit {run.returncode}, {run.errors} error traces]"
            line = (
                f"{table:<30} records {run.records:>6}  wall {run.wall:6.1f}s = {run.wall / physical if physical else 0:.2f}x "
                f"physical limit  shop calls {len(calls):>5}  rate reached "
                f"{reached:.2f}x limit (second half {steady:.2f}x; >= {FLOOR_LIMIT_SHARE}) {verdict(reached >= FLOOR_LIMIT_SHARE)}  "
                f"429s {limited} = {share_429:.1%} (<= {FLOOR_429_SHARE:.0%}) {verdict(share_429 <= FLOOR_429_SHARE)}{status}"
            )
            print(line, flush=True)
            if run.returncode or run.errors:
                print(run.stderr_tail)
            lines.append(line)
    return lines


PER_ORDER_CALLS = (
    ("order_statement_transactions", re.compile(r"/finance/\d+/orders/[^/]+/statement_transactions")),
    ("order_price_details", re.compile(r"/order/\d+/orders/[^/]+/price_detail")),
)


def measure_first_sync(args: argparse.Namespace, streams: Mapping[str, Mapping], concurrency: int) -> List[str]:
    """A seller's first sync: every table in one read (as Airbyte runs a connection), one shop, default rate
    settings, against a per-shop limit (--limit) the connector is not told, at --first-sync-latency-ms."""
    days = args.first_sync_days
    knobs = {
        **sandbox_knobs(args, args.first_sync_latency_ms, args.first_sync_orders),
        "shops": 1,
        "products_per_shop": args.first_sync_products,
        "statement_days": days,
        "history_days": days + 35,
        "qps": args.limit,
        "qps_per_shop": True,
    }
    tables = args.first_sync_tables or sorted(streams)
    catalog = {"streams": [full_refresh_catalog(streams[name])["streams"][0] for name in tables]}
    with SandboxProcess(**knobs) as sandbox:
        print(
            f"\nfirst sync: 1 shop, {args.first_sync_orders} orders, {args.first_sync_products} products, {days} statement days, "
            f"{len(tables)} tables, latency {args.first_sync_latency_ms} ms, sandbox limit {args.limit:g} requests/s per shop, "
            "connector at its default rate settings",
            flush=True,
        )
        mark = sandbox.mark()
        run = run_read(CONNECTOR, sandbox.config, catalog)
        calls = sandbox.calls_since(mark)
    shop_calls = [c for c in calls if c[3]]
    limited = sum(1 for c in calls if c[1] == 429)
    physical = max(len(shop_calls) / args.limit, len(calls) * args.first_sync_latency_ms / 1000 / concurrency)
    status = "" if run.returncode == 0 and not run.errors else f"  [exit {run.returncode}, {run.errors} error traces]"
    lines = [
        f"records {run.records}, requests {len(calls)} ({limited} answered 429 = {limited / max(1, len(calls)):.1%}), wall "
        f"{run.wall:.0f} s = {run.wall / physical:.2f}x the physical limit ({physical:.0f} s: requests / {args.limit:g} per s) "
        f"(<= {FLOOR_WALL_PER_IDEAL}) {verdict(run.wall <= FLOOR_WALL_PER_IDEAL * physical)}; CPU {run.cpu:.0f} s, RSS "
        f"{run.rss_mb:.0f} MB{status}"
    ]
    orders = args.first_sync_orders
    for table, pattern in PER_ORDER_CALLS:
        if table in tables:
            count = sum(1 for c in calls if pattern.fullmatch(c[0]) and c[1] != 429)
            # TikTok has no batch form of GET /order/202407/orders/{order_id}/price_detail: one call per order is its floor.
            note = "; TikTok's API offers no batch price detail call" if table == "order_price_details" else ""
            per_order = f"{count / orders:.3f} per order (< 1) {verdict(count < orders)}"
            lines.append(f"{table}: {count} calls for {orders} orders = {per_order}{note}")
    for line in lines:
        print("  " + line, flush=True)
    if run.returncode or run.errors:
        print(run.stderr_tail)
    return lines


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    spec = connector_json("spec")
    concurrency, source = concurrency_for(spec, args.concurrency)
    overrides = config_overrides(spec, args)
    patterns, list_tables = list_path_patterns(), paged_list_tables()
    total_orders = args.shops * args.orders
    print(
        f"dataset: {args.shops} shops x {args.orders} orders, {args.products} products, {args.statement_days} "
        f"statement days; sandbox qps limit {args.qps or 'none'}; concurrency {concurrency} ({source}); "
        f"config overrides {overrides or 'none'}",
        flush=True,
    )
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("note: PYTHONDONTWRITEBYTECODE is set, so every run compiles its imports again (~2s of each '1st rec s')")

    rows: List[Row] = []
    limit_lines: List[str] = []
    ceiling: Optional[Run] = None
    cpu: Optional[CpuBasis] = None
    fetch_bound: Optional[float] = None
    streams: Dict[str, Mapping] = {}
    with tempfile.TemporaryDirectory() as workdir:
        for latency_ms in args.latency_ms:
            with SandboxProcess(**sandbox_knobs(args, latency_ms, args.orders)) as sandbox:
                config = {**sandbox.config, **overrides}
                if not streams:
                    streams = {s["name"]: s for s in connector_json("discover", config)["streams"]}
                    unknown = [t for t in args.tables if t not in streams]
                    if unknown:
                        raise SystemExit(f"unknown tables {unknown}; discover lists {sorted(streams)}")
                if ceiling is None and "orders" in streams:
                    # Dumping the orders also warms the sandbox's record cache, so the orders read below
                    # measures the connector rather than the sandbox building records.
                    ceiling, ceiling_cpu = measure_ceiling(sandbox, streams["orders"], workdir)
                    startup = run_read(CONNECTOR, config, full_refresh_catalog(streams["shops"])).cpu
                    cpu = CpuBasis(startup, ceiling_cpu)
                    print(f"connector startup (a read of `shops`): CPU {startup:.2f} s, left out of CPU per 1,000 records", flush=True)
                if fetch_bound is None and latency_ms == 0 and "orders" in streams:
                    # Compared with the orders read at 0 ms only, so it is taken at 0 ms too.
                    fetch_bound = measure_fetch_bound(config)
                for table in args.tables:
                    row = measure_table(sandbox, config, streams[table], latency_ms, concurrency, patterns[table], total_orders)
                    rows.append(row)
                    print(format_row(row, ceiling.emit_rate if ceiling else None, list_tables, cpu), flush=True)
        if args.limit and args.limit_tables:
            if not streams:
                with SandboxProcess(**sandbox_knobs(args, 0, 1)) as sandbox:
                    streams = {s["name"]: s for s in connector_json("discover", sandbox.config)["streams"]}
            limit_lines = measure_limit_runs(args, streams, concurrency)
        if args.rss_orders:
            with SandboxProcess(**{**sandbox_knobs(args, 0, args.rss_orders), "products_per_shop": 10, "statement_days": 1}) as sandbox:
                config = {**sandbox.config, **overrides}
                row = measure_table(sandbox, config, streams["orders"], 0, concurrency, patterns["orders"], args.shops * args.rss_orders)
                row.label = " (RSS run)"
                rows.append(row)

        costs = measure_order_costs(args, overrides, streams) if args.cost_orders else []
        first_sync = measure_first_sync(args, streams, concurrency) if args.first_sync_orders else []

    report(rows, ceiling, cpu, fetch_bound, list_tables, concurrency, source, time.monotonic() - started, costs, limit_lines, first_sync)
    return 0


def report(
    rows: List[Row],
    ceiling: Optional[Run],
    cpu: Optional[CpuBasis],
    fetch_bound: Optional[float],
    list_tables: Mapping[str, int],
    concurrency: int,
    source: str,
    elapsed: float,
    costs: List[str],
    limit_lines: Sequence[str] = (),
    first_sync: Sequence[str] = (),
) -> None:
    ceiling_rate = ceiling.emit_rate if ceiling else None
    print("\n" + HEADER)
    print("-" * len(HEADER))
    for row in rows:
        print(format_row(row, ceiling_rate, list_tables, cpu))
    print()
    print(
        f"rec/s = records / wall; emit/s = records/s from the first record to the last (no startup or shutdown; "
        f"'-' when that took under {MIN_EMIT_SPAN_S:.0f}s)"
    )
    if ceiling and ceiling_rate:
        print(f"ceiling (bare CDK source, same orders, same catalog shape): {ceiling_rate:.0f} emit/s")
        if cpu is not None and cpu.ceiling_per_1k:
            print(
                f"CPU/1k = connector-process CPU seconds per 1,000 records, startup ({cpu.startup:.2f} s) left out; the "
                f"ceiling's: {cpu.ceiling_per_1k:.3f} (floor for orders at 0 ms: {FLOOR_CPU_PER_CEILING} x that)"
            )
        for row in rows:
            if row.table == "orders" and row.latency_ms == 0 and not row.label and row.run.emit_rate:
                print(f"orders / ceiling at 0 ms: {row.run.emit_rate / ceiling_rate:.2f} (floor {FLOOR_CEILING_SHARE})")
                if fetch_bound:
                    print(
                        f"fetch + decode alone: {fetch_bound:.0f} records/s = {fetch_bound / ceiling_rate:.2f} x ceiling; "
                        f"the connector's orders: {row.run.emit_rate / fetch_bound:.2f} x that"
                    )
    print(
        f"ideal wall = requests x latency / concurrency, concurrency {concurrency} ({source}); "
        f"requests include the token refresh and the shop list; 'from the first request' = wall less the process "
        "start (launch to the first request the sandbox saw), against the same ideal"
    )
    print("list/1k = requests to the table's own list endpoint (products: search pages only) per 1,000 records")
    if rows:
        worst = max(rows, key=lambda r: r.run.rss_mb)
        print(
            f"peak RSS: {worst.run.rss_mb:.0f} MB ({worst.table}{worst.label} at {worst.latency_ms} ms, "
            f"{worst.orders_in_dataset} orders in the dataset); floor {FLOOR_RSS_MB} MB {verdict(worst.run.rss_mb <= FLOOR_RSS_MB)}"
        )
    if costs:
        print("per-order cost (requests per 1,000 orders, by endpoint):")
        for line in costs:
            print("  " + line)
    if limit_lines:
        print("\nat default rate settings against a per-shop limit the connector is not told (rate reached = calls answered")
        print("without 429 per second, first call to last, against the limit; the slowest shop):")
        for line in limit_lines:
            print("  " + line)
    if first_sync:
        print("\nfirst sync (every table of the catalog in one read, default rate settings, per-shop limit unknown to the connector):")
        for line in first_sync:
            print("  " + line)
    print(f"bench took {elapsed:.0f}s")


def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    csv = lambda text: [part.strip() for part in text.split(",") if part.strip()]  # noqa: E731
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--shops", type=int, default=2)
    p.add_argument("--orders", type=int, default=20000, help="orders per shop (default: %(default)s)")
    p.add_argument("--products", type=int, default=2000, help="products per shop (default: %(default)s)")
    p.add_argument("--statement-days", type=int, default=365, help="daily statements per shop (default: %(default)s)")
    p.add_argument(
        "--history-days",
        type=int,
        default=400,
        help="the config's start_date is this many days back; cover --statement-days (default: %(default)s)",
    )
    p.add_argument(
        "--latency-ms",
        type=lambda t: [int(x) for x in csv(t)],
        default="0,100",
        help="sandbox latency per request, comma-separated; one sandbox per value (default: %(default)s)",
    )
    p.add_argument(
        "--tables",
        type=csv,
        default="orders,products,statements,statement_transactions,returns,cancellations,packages",
        help="comma-separated table names (default: %(default)s)",
    )
    p.add_argument("--qps", type=float, default=None, help="sandbox rate limit per route; default: none")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--concurrency",
        type=int,
        default=None,
        help="concurrency for the ideal wall time, also sent as the config key `concurrency`; "
        "default: the spec's `concurrency` default, else 1",
    )
    p.add_argument(
        "--requests-per-second",
        type=float,
        default=None,
        help="the connector's own per-shop pacing (config `requests_per_second`); default: the spec's "
        "maximum, so the connector's machinery is measured rather than its pacing",
    )
    p.add_argument(
        "--limit",
        type=float,
        default=20,
        help="the limit runs' sandbox rate limit, requests/s per shop over all endpoints; 0 skips them (default: %(default)s)",
    )
    p.add_argument(
        "--limit-tables",
        type=csv,
        default="orders,products,order_statement_transactions",
        help="tables of the limit runs (default: %(default)s)",
    )
    p.add_argument("--limit-latency-ms", type=int, default=100, help="the limit runs' sandbox latency (default: %(default)s)")
    p.add_argument(
        "--limit-overrides",
        type=json.loads,
        default={},
        help='connector config keys for the limit runs, as JSON, e.g. \'{"rate_mode": "fixed", "requests_per_second": 5}\' '
        "for the pace before the adaptive rate (default: none)",
    )
    p.add_argument("--limit-shops", type=int, default=1, help="shops in the limit runs (default: %(default)s)")
    p.add_argument("--limit-orders", type=int, default=2000, help="orders per shop in the limit runs (default: %(default)s)")
    p.add_argument(
        "--cost-orders",
        type=int,
        default=1000,
        metavar="N",
        help="orders per shop of the per-order cost run (orders, order_price_details at 0 ms); 0 skips it (default: %(default)s)",
    )
    p.add_argument(
        "--first-sync-orders",
        type=int,
        default=0,
        metavar="N",
        help="also run a first sync of every table (one shop of N orders, default rate settings, against --limit per shop); "
        "off by default; the issue's realistic one is --first-sync-orders 50000 (about 45 minutes at 20/s)",
    )
    p.add_argument("--first-sync-products", type=int, default=2000, help="products in the first sync (default: %(default)s)")
    p.add_argument("--first-sync-days", type=int, default=365, help="statement days in the first sync (default: %(default)s)")
    p.add_argument("--first-sync-latency-ms", type=int, default=150, help="the first sync's sandbox latency (default: %(default)s)")
    p.add_argument("--first-sync-tables", type=csv, default="", help="tables of the first sync (default: every table)")
    p.add_argument(
        "--rss-orders",
        type=int,
        default=0,
        metavar="N",
        help="also run one orders-only read at 0 ms on a dataset of N orders per shop, for the "
        f"peak RSS floor ({FLOOR_RSS_MB} MB); off by default, e.g. --rss-orders 200000",
    )
    return p.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
