"""Run the real connector entrypoint in a subprocess against the sandbox and parse what it prints.

A subprocess (not the in-process wrapper) so that everything the connector prints is seen,
CONTROL messages included, and so that a read can be killed with SIGKILL.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

REPO = Path(__file__).resolve().parent.parent
COMMAND = [sys.executable, "-m", "source_tiktok_shop.run"]
HERE = Path(__file__).resolve().parent
# The shops, their products and orders, and the finance statements with their transactions.
SELLER_TABLES = ["shops", "products", "orders", "statements", "statement_transactions"]
# Regions TikTok serves no payments API for.
SEA_REGIONS = ("ID", "MY", "PH", "SG", "TH", "VN")


def load_json(name: str) -> Any:
    """One of the acceptance files beside this module (sample_config.json, configured_catalog.json, ...)."""
    return json.loads((HERE / name).read_text())


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    messages: List[Dict[str, Any]] = field(default_factory=list)

    def of_type(self, kind: str) -> List[Dict[str, Any]]:
        return [m for m in self.messages if m.get("type") == kind]

    def records(self, stream: Optional[str] = None) -> List[Dict[str, Any]]:
        return [m["record"]["data"] for m in self.of_type("RECORD") if stream is None or m["record"]["stream"] == stream]

    @property
    def states(self) -> List[Dict[str, Any]]:
        return [m["state"] for m in self.of_type("STATE")]

    def last_states(self) -> List[Dict[str, Any]]:
        """The newest STATE per stream, in the shape `--state` takes back."""
        newest: Dict[str, Dict[str, Any]] = {}
        for state in self.states:
            newest[state["stream"]["stream_descriptor"]["name"]] = state
        return list(newest.values())

    def stream_state(self, stream: str) -> Optional[Dict[str, Any]]:
        for state in reversed(self.states):
            if state["stream"]["stream_descriptor"]["name"] == stream:
                return state["stream"]["stream_state"]
        return None

    def is_logged(self, text: str) -> bool:
        return any(text in m["log"]["message"] for m in self.of_type("LOG"))

    @property
    def controls(self) -> List[Dict[str, Any]]:
        return [m["control"] for m in self.of_type("CONTROL")]

    @property
    def errors(self) -> List[Dict[str, Any]]:
        return [m["trace"]["error"] for m in self.of_type("TRACE") if m["trace"].get("type") == "ERROR"]

    @property
    def connection_status(self) -> Dict[str, Any]:
        statuses = [m["connectionStatus"] for m in self.of_type("CONNECTION_STATUS")]
        assert len(statuses) == 1, f"expected one CONNECTION_STATUS, got {statuses}; stderr: {self.stderr[-2000:]}"
        return statuses[0]

    @property
    def catalog(self) -> Dict[str, Any]:
        return self.of_type("CATALOG")[0]["catalog"]


def _parse(stdout: str) -> List[Dict[str, Any]]:
    messages = []
    for line in stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                messages.append(json.loads(line))
            except json.JSONDecodeError:
                pass
    return messages


def _write(directory: str, name: str, content: Any) -> str:
    """Write `content` as JSON; a string is written as it is (a file that may not be JSON at all)."""
    path = os.path.join(directory, name)
    with open(path, "w") as handle:
        if isinstance(content, str):
            handle.write(content)
        else:
            json.dump(content, handle)
    return path


def _args(directory: str, command: str, config: Optional[Mapping], catalog: Optional[Mapping], state: Optional[Sequence]) -> List[str]:
    args = [command]
    if config is not None:
        args += ["--config", _write(directory, "config.json", config)]
    if catalog is not None:
        args += ["--catalog", _write(directory, "catalog.json", catalog)]
    if state is not None:
        args += ["--state", _write(directory, "state.json", state if isinstance(state, str) else list(state))]
    return args


def run_connector(
    command: str,
    config: Optional[Mapping] = None,
    catalog: Optional[Mapping] = None,
    state: Optional[Sequence] = None,
    timeout: float = 600,
    debug: bool = False,
) -> Run:
    with tempfile.TemporaryDirectory() as directory:
        proc = subprocess.run(
            COMMAND + _args(directory, command, config, catalog, state) + (["--debug"] if debug else []),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    return Run(proc.returncode, proc.stdout, proc.stderr, _parse(proc.stdout))


def run_and_kill(
    config: Mapping,
    catalog: Mapping,
    state: Optional[Sequence],
    stop: Callable[[List[str]], bool],
    wait: float = 120,
) -> Run:
    """Start a read and SIGKILL it as soon as `stop(lines printed so far)` says so."""
    with tempfile.TemporaryDirectory() as directory:
        proc = subprocess.Popen(
            COMMAND + _args(directory, "read", config, catalog, state),
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        lines: List[str] = []
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if stop(lines):
                os.kill(proc.pid, signal.SIGKILL)
                break
        proc.wait(timeout=wait)
    stdout = "".join(lines)
    return Run(proc.returncode, stdout, "", _parse(stdout))


def run_until_states_then_kill(config: Mapping, catalog: Mapping, state: Optional[Sequence], kill_after_states: int) -> Run:
    """Start a read and SIGKILL it right after it has printed `kill_after_states` STATE messages."""
    return run_and_kill(
        config,
        catalog,
        state,
        lambda lines: (
            '"type":"STATE"' in lines[-1].replace(" ", "")
            and sum('"type":"STATE"' in line.replace(" ", "") for line in lines) >= kill_after_states
        ),
    )


def run_until_lines_then_kill(config: Mapping, catalog: Mapping, state: Optional[Sequence], lines: int) -> Run:
    """Start a read and SIGKILL it after `lines` lines of output: usually between two checkpoints."""
    return run_and_kill(config, catalog, state, lambda printed: len(printed) >= lines)


def configured_catalog(streams: Iterable[Mapping[str, Any]], incremental: bool, names: Optional[Iterable[str]] = None) -> Dict[str, Any]:
    """A configured catalog from discover's streams, incremental where the stream supports it."""
    wanted = set(names) if names is not None else None
    configured = []
    for stream in streams:
        if wanted is not None and stream["name"] not in wanted:
            continue
        can_increment = "incremental" in stream["supported_sync_modes"]
        mode = "incremental" if incremental and can_increment else "full_refresh"
        entry = {"stream": stream, "sync_mode": mode, "destination_sync_mode": "append_dedup" if mode == "incremental" else "overwrite"}
        if mode == "incremental":
            entry["cursor_field"] = stream.get("default_cursor_field") or []
        pk = stream.get("source_defined_primary_key")
        if pk:
            entry["primary_key"] = pk
        configured.append(entry)
    return {"streams": configured}


def keys(records: Iterable[Mapping[str, Any]], pk: Sequence[str]) -> List[tuple]:
    return [tuple(str(record.get(part)) for part in pk) for record in records]


# ---- what discover says of each table ---------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def discovered() -> Dict[str, Dict[str, Any]]:
    """The connector's `discover` streams by name, through the real entrypoint (run once per test process)."""
    # discover reads no API: any valid config serves (this one points at the standard sandbox's port).
    run = run_connector("discover", load_json("sample_config.json"))
    assert run.returncode == 0, run.stderr[-3000:]
    return {stream["name"]: stream for stream in run.catalog["streams"]}


def primary_key(stream: str) -> List[str]:
    """The stream's primary key fields, as discover advertises them."""
    return [part for path in discovered()[stream]["source_defined_primary_key"] for part in path]


def cursor_field(stream: str) -> Optional[str]:
    cursor = discovered()[stream].get("default_cursor_field") or []
    return cursor[0] if cursor else None


def incremental_streams() -> List[str]:
    return [name for name, stream in discovered().items() if "incremental" in stream["supported_sync_modes"]]


def _over_everywhere(day: str) -> int:
    """12:00 UTC the day after `day`: when that calendar day has ended in every timezone (UTC-12)."""
    return int(datetime.fromisoformat(day).replace(tzinfo=timezone.utc).timestamp()) + 86400 + 12 * 3600


def _hourly_readable(sandbox: Any, shop: str, day: str) -> bool:
    """The docs' rule for shop_performance_hourly: the last 30 days every timezone still has (from the UTC+14
    today back), each once TikTok's `latest_available_timestamp` (the sandbox's analytics clock) is past its
    end everywhere."""
    oldest = (datetime.fromtimestamp(time.time() + 14 * 3600, tz=timezone.utc).date() - timedelta(days=29)).isoformat()
    return day >= oldest and sandbox.data.analytics_clock(shop) >= _over_everywhere(day)


def _customer_service_readable(sandbox: Any, shop: str, day: str) -> bool:
    """The docs' rule for customer_service_performance: a day once it is over everywhere and 24 hours more."""
    return time.time() >= _over_everywhere(day) + 86400


# Per-day tables whose sandbox rows hold the rest of their key (`date`, `live_id`, ...), as the records do.
PER_DAY_TABLES = {
    "video_performance",
    "live_performance",
    "live_product_performance",
    "shop_performance_hourly",
    "customer_service_performance",
}
# Tables whose answers say nothing (or only an instant) of which days are final: the days a sync reads.
READABLE_DAYS: Dict[str, Callable[[Any, str, str], bool]] = {
    "shop_performance_hourly": _hourly_readable,
    "customer_service_performance": _customer_service_readable,
}


def never_paid(order: Mapping[str, Any]) -> bool:
    """An order the buyer has not paid and will not pay: no settlement to read."""
    return order["status"] in ("UNPAID", "CANCELLED") and not order.get("paid_time") and not order.get("is_cod")


def expected(sandbox: Any, stream: str, shop_ids: Optional[Iterable[str]] = None) -> Set[Tuple[str, ...]]:
    """The primary keys of every record the sandbox holds for `stream` (for the selected shops)."""
    data = sandbox.data
    wanted = set(shop_ids) if shop_ids is not None else None
    shops = [s["id"] for s in data.shops if wanted is None or s["id"] in wanted]
    if stream == "shops":
        return {(shop,) for shop in shops}
    if stream == "statement_transactions":
        return {(sid, str(t["id"])) for shop in shops for sid, txs in data.transactions[shop].items() for t in txs}
    if stream == "order_price_details":
        return {(str(o["id"]),) for shop in shops for o in data.orders[shop]}
    if stream == "order_statement_transactions":  # every order a buyer paid (or may pay at the door)
        return {(str(o["id"]),) for shop in shops for o in data.orders[shop] if not never_paid(o)}
    if stream == "return_records":
        # Keyed by position in the return's timeline, oldest first (the sandbox answers newest first).
        return {(rid, str(i)) for shop in shops for rid, records in data.return_records[shop].items() for i in range(len(records))}
    if stream in ("categories", "brands"):
        return {(shop, str(r["id"])) for shop in shops for r in getattr(data, stream)[shop]}
    if stream == "shop_performance":
        return {(shop, r["start_date"]) for shop in shops for r in data.shop_performance[shop]}
    if stream == "category_assets":  # the authorization's, not a shop's: no shop in the key
        return {(str(a["category"]["id"]), a["target_market"]) for a in data.category_assets}
    if stream in ("product_performance", "sku_performance"):
        return {(shop, day, str(r["id"])) for shop in shops for day, rows in getattr(data, stream)[shop].items() for r in rows}
    if stream == "fbt_warehouses":
        return {(shop, r["fbt_warehouse_id"]) for shop in shops for r in data.fbt_warehouses[shop]}
    if stream == "fbt_inventory":
        return {(shop, r["fbt_warehouse_id"], r["goods"]["id"]) for shop in shops for r in data.fbt_inventory[shop]}
    if stream == "fbt_inventory_records":
        # TikTok gives these records no id: the key is the connector's digest of the fields that identify one.
        from source_tiktok_shop.streams.fbt import inventory_record_id

        return {(shop, inventory_record_id(r)) for shop in shops for r in data.fbt_inventory_records[shop]}
    if stream in PER_DAY_TABLES:
        # The sandbox's rows hold the rest of the key (`date`, `live_id`, ...), as the connector's records do.
        readable = READABLE_DAYS.get(stream, lambda sandbox, shop, day: True)
        pk, rows = primary_key(stream), getattr(data, stream)
        return {(shop, *(str(r[p]) for p in pk[1:])) for shop in shops for r in rows[shop] if readable(sandbox, shop, r["date"])}
    key = primary_key(stream)[0]
    return {(str(r[key]),) for shop in shops for r in getattr(data, stream)[shop]}


def assert_keys_are_the_ground_truth(run: "Run", sandbox: Any, stream: str) -> None:
    """The primary keys `run` emitted for `stream` are exactly the sandbox's, each once."""
    got = keys(run.records(stream), primary_key(stream))
    want = expected(sandbox, stream)
    assert want, f"{stream}: the sandbox holds no data, the test would prove nothing"
    assert set(got) == want and len(got) == len(want), f"{stream}: missing {len(want - set(got))}, extra {len(set(got) - want)}"


def record_keys(run: "Run", stream: str) -> Set[Tuple[str, ...]]:
    return set(keys(run.records(stream), primary_key(stream)))


def read_ok(config: Mapping, catalog: Mapping, state: Optional[Sequence] = None, allow_errors: bool = False) -> Run:
    """A read that must succeed (exit 0, and no error TRACE unless allowed)."""
    run = run_connector("read", config, catalog, state)
    assert run.returncode == 0, run.stderr[-4000:]
    assert allow_errors or not run.errors, run.errors
    return run


def secrets_of(config):
    credentials = config["credentials"]
    return [v for k, v in credentials.items() if k in ("app_secret", "refresh_token", "access_token") and v]


def assert_no_secret(run, secrets):
    """No secret anywhere in what the connector printed, except the CONTROL messages whose whole
    purpose is to hand the updated config (tokens included) to Airbyte's secret store."""
    visible = "\n".join(line for line in run.stdout.splitlines() if '"type":"CONTROL"' not in line.replace(" ", ""))
    visible += run.stderr
    for secret in secrets:
        assert secret not in visible, "a secret leaked into the connector's output"


def failed_check(config: Mapping, *words: str) -> str:
    """Run `check`, expect FAILED with every one of `words` in its message (no traceback, no secret); the message."""
    run = run_connector("check", config)
    status = run.connection_status
    assert status["status"] == "FAILED", status
    for word in words:
        assert word in status["message"], status["message"]
    assert "Traceback" not in status["message"]
    assert_no_secret(run, secrets_of(config))
    return status["message"]


def committed_records(run: Run) -> List[Dict[str, Any]]:
    """Records a destination keeps from a killed run: those before its last STATE message."""
    last_state = max((i for i, m in enumerate(run.messages) if m["type"] == "STATE"), default=-1)
    return [m["record"] for m in run.messages[:last_state] if m["type"] == "RECORD"]


def merged_states(previous: Optional[Sequence[Mapping[str, Any]]], run: Run) -> List[Dict[str, Any]]:
    """The newest state per stream: the last read's, over the ones it did not reach."""
    merged = {s["stream"]["stream_descriptor"]["name"]: s for s in (previous or [])}
    merged.update({s["stream"]["stream_descriptor"]["name"]: s for s in run.last_states()})
    return list(merged.values())


@dataclass
class KilledReads:
    """What `kill_and_resume` kept: per stream, primary key -> the record's last kept data."""

    records: Dict[str, Dict[Tuple[str, ...], Dict[str, Any]]]
    kills: int
    resumed_from: Optional[List[Dict[str, Any]]]  # the state the final, unkilled read started from

    def keys(self, stream: str) -> Set[Tuple[str, ...]]:
        return set(self.records.get(stream, {}))


def kill_and_resume(
    config: Mapping,
    catalog: Mapping,
    rng: Any,
    kills: int,
    attempts: int,
    states: Tuple[int, int] = (1, 3),
    lines: Tuple[int, int] = (20, 400),
) -> KilledReads:
    """Read, SIGKILL at a random point (after a few STATE messages, or a few lines), resume from the state
    the destination would have kept, `kills` times (at most `attempts` reads: a read that finishes is not
    a kill), then read to the end. Only what a destination keeps counts: the records before each killed
    read's last STATE, then every record of the final read."""
    kept: Dict[str, Dict[Tuple[str, ...], Dict[str, Any]]] = {}

    def keep(record: Mapping[str, Any]) -> None:
        stream = record["stream"]
        kept.setdefault(stream, {})[tuple(str(record["data"].get(p)) for p in primary_key(stream))] = record["data"]

    state: Optional[List[Dict[str, Any]]] = None
    killed = tried = 0
    while killed < kills and tried < attempts:
        tried += 1
        if rng.random() < 0.5:
            run = run_until_states_then_kill(config, catalog, state, kill_after_states=rng.randint(*states))
        else:
            run = run_until_lines_then_kill(config, catalog, state, lines=rng.randint(*lines))
        killed += run.returncode == -signal.SIGKILL
        for record in committed_records(run):
            keep(record)
        if run.states:
            state = merged_states(state, run)
    final = run_connector("read", config, catalog, state)
    assert final.returncode == 0 and not final.errors, final.stderr[-3000:]
    for message in final.of_type("RECORD"):
        keep(message["record"])
    return KilledReads(kept, killed, state)
