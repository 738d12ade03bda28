"""`make demo`: sync TikTok Shop into a local DuckDB file with PyAirbyte, twice.

Without CONFIG: starts the sandbox, runs a first sync of every table, changes the sandbox's data (new and
updated orders and products, a new statement day), runs a second, incremental sync, and prints what moved.
With CONFIG=path/to/config.json: syncs that real shop instead (incremental on every later run). The
tokens TikTok rotates during a sync are written back to that file, so the next run can still authenticate.

Tables without an incremental mode are snapshots (what holds now: unsettled transactions, stock, the
catalogue): each sync replaces their rows instead of merging into them, as Airbyte's full refresh |
overwrite does, so rows that left the snapshot (a transaction that settled) leave the database too.

The connector runs as Airbyte runs it: the `source-tiktok-shop` command, speaking the protocol.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

# PyAirbyte would otherwise fetch Airbyte's connector registry and send telemetry; the connector is local.
os.environ.setdefault("AIRBYTE_OFFLINE_MODE", "1")
os.environ.setdefault("DO_NOT_TRACK", "1")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DEMO_DIR = REPO / ".demo"
CONNECTOR = Path(sys.executable).parent / "source-tiktok-shop"

warnings.filterwarnings("ignore", category=FutureWarning)  # Google client libraries nag about Python 3.11

import airbyte as ab  # noqa: E402


class _QuietUnions:
    """Drops PyAirbyte's note that a field typed e.g. ["string", "integer"] is stored as VARCHAR.

    The connector types a few fields that way on purpose (TikTok's docs and samples disagree on them).
    """

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if text.startswith("Could not determine airbyte type") or "'items': {'type': 'string'}}" in text:
            return len(text)
        return self._stream.write(text)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def sync(config: dict, cache, label: str, on_config_change: Callable[[dict], None]) -> dict:
    """Read every table into `cache`: rows merged by primary key, snapshot tables then trimmed to this
    sync's rows (PyAirbyte's own "replace" strategy applies to every table of a read, not only these).

    `on_config_change` gets the whole config whenever the connector changes it (rotated tokens).
    """
    source = ab.get_source("source-tiktok-shop", config=config, local_executable=str(CONNECTOR), config_change_callback=on_config_change)
    source.select_all_streams()
    # PyAirbyte's catalog models are its own classes: compare the sync modes by value.
    catalog = source.discovered_catalog.streams
    snapshots = [s.name for s in catalog if "incremental" not in {getattr(mode, "value", mode) for mode in s.supported_sync_modes}]
    started, started_at = time.monotonic(), datetime.now(timezone.utc)
    with contextlib.redirect_stdout(_QuietUnions(sys.stdout)):
        result = source.read(cache=cache)
    drop_rows_not_read_since(cache, snapshots, started_at)
    # Per-stream counts of this sync's records (PyAirbyte keeps them on its progress tracker).
    moved = dict(getattr(getattr(result, "_progress_tracker", None), "stream_read_counts", {}) or {})
    print(f"\n{label}: {result.processed_records} records in {time.monotonic() - started:.1f}s")
    return moved


def drop_rows_not_read_since(cache, tables: list, instant: datetime) -> None:
    """Delete the rows of `tables` that the sync begun at `instant` did not write: a snapshot holds
    only what is true now (a transaction that settled leaves `unsettled_transactions`)."""
    from sqlalchemy import text

    with cache.get_sql_engine().begin() as connection:
        for name in tables:
            if name in cache.streams:
                connection.execute(
                    text(f'DELETE FROM "{cache.schema_name}"."{name}" WHERE _airbyte_extracted_at < :instant'), {"instant": instant}
                )


def keep_in(config: dict) -> Callable[[dict], None]:
    """A config change callback that updates `config` in place."""

    def changed(new_config: dict) -> None:
        config.clear()
        config.update(new_config)

    return changed


def write_back(config: dict, path: Path) -> Callable[[dict], None]:
    """A config change callback that keeps `config` current and rewrites the file it came from.

    Written to a temporary file beside it and moved into place, with the original's permissions: a
    sync killed mid-write leaves the old file, never half of the new one.
    """
    keep = keep_in(config)

    def changed(new_config: dict) -> None:
        keep(new_config)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps(config, indent=2) + "\n")
        os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)

    return changed


def table_counts(cache) -> dict:
    with cache.get_sql_engine().connect() as connection:
        from sqlalchemy import text

        counts = {}
        for name in sorted(cache.streams):
            counts[name] = connection.execute(text(f'SELECT COUNT(*) FROM "{cache.schema_name}"."{name}"')).scalar()
    return counts


def report(cache, moved_first: dict, moved_second: dict | None) -> None:
    counts = table_counts(cache)
    header = f"{'table':<34}{'rows in DuckDB':>16}{'sync 1 moved':>14}" + (f"{'sync 2 moved':>14}" if moved_second is not None else "")
    print("\n" + header)
    print("-" * len(header))
    for name, rows in counts.items():
        line = f"{name:<34}{rows:>16}{moved_first.get(name, 0):>14}"
        if moved_second is not None:
            line += f"{moved_second.get(name, 0):>14}"
        print(line)
    print(f"\nDuckDB file: {cache.db_path}")
    query = f"select * from {cache.schema_name}.orders limit 5"
    print(f"Query it:    .venv/bin/python -c \"import duckdb; print(duckdb.connect('{cache.db_path}').sql('{query}'))\"")


def real_shop(config_path: str, demo_dir: Path = DEMO_DIR) -> None:
    path = Path(config_path)
    config = json.loads(path.read_text())
    cache = ab.new_local_cache(cache_name="tiktok_shop", cache_dir=str(demo_dir))
    moved = sync(config, cache, "sync of your shop", write_back(config, path))
    report(cache, moved, None)


def sandbox_demo(sandbox, demo_dir: Path = DEMO_DIR):
    """Two syncs of `sandbox` with changes in between; returns the cache."""
    for stale in demo_dir.glob("db_sandbox.duckdb*"):
        stale.unlink()  # the sandbox's data is new on every run; start the database afresh too
    print(f"Sandbox TikTok Shop API on {sandbox.base_url}: {len(sandbox.data.shops)} shops")
    # Read right up to now, so the second sync sees changes made seconds after the first; and, as the
    # sandbox has no rate limit, pace at 50 requests/s per shop instead of the cautious default of 5.
    config = sandbox.config(safety_margin_seconds=0, requests_per_second=50)
    cache = ab.new_local_cache(cache_name="sandbox", cache_dir=str(demo_dir))
    moved_first = sync(config, cache, "sync 1 (everything)", keep_in(config))

    changes = {"orders": 0, "affiliate": 0, "products": 0, "returns": 0, "statements": 0, "fbt": 0}
    for shop in sandbox.data.shops:
        changes["orders"] += len(sandbox.mutate.add_orders(shop["id"], 5)) + len(sandbox.mutate.update_orders(shop["id"], 5))
        changes["affiliate"] += len(sandbox.mutate.add_affiliate_orders(shop["id"], 2))
        changes["products"] += len(sandbox.mutate.add_products(shop["id"], 2)) + len(sandbox.mutate.update_products(shop["id"], 3))
        changes["returns"] += len(sandbox.mutate.update_returns(shop["id"], 2))
        sandbox.mutate.add_statement_day(shop["id"])
        changes["statements"] += 1
        if sandbox.data.fbt.get(shop["id"]) is not None:  # shops onboarded to Fulfilled by TikTok
            changes["fbt"] += len(sandbox.mutate.add_fbt_inventory_records(shop["id"], 3))
    print(
        f"\nChanged the sandbox: {changes['orders'] + changes['affiliate']} new or updated orders ({changes['affiliate']} "
        f"through creators), {changes['products']} new or updated products, {changes['returns']} returns moved on, "
        f"{changes['statements']} new statement days (one per shop), {changes['fbt']} FBT stock movements"
    )
    moved_second = sync(config, cache, "sync 2 (incremental: changes, plus the 3-day lookback)", keep_in(config))
    report(cache, moved_first, moved_second)
    return cache


if __name__ == "__main__":
    DEMO_DIR.mkdir(exist_ok=True)
    if os.environ.get("CONFIG"):
        real_shop(os.environ["CONFIG"])
    else:
        from tiktok_shop_sandbox import Sandbox

        with Sandbox(seed=1) as sandbox:
            sandbox_demo(sandbox)
