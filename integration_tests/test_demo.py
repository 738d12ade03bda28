"""`make demo` (scripts/demo.py) through PyAirbyte against the sandbox: snapshot tables hold exactly what
is true after the last sync, and a real-shop config file gets the tokens TikTok rotates written back."""

import importlib.util
import json
import os
import stat
from pathlib import Path

import pytest

# As scripts/demo.py does, before PyAirbyte is imported: no registry lookup, no telemetry.
os.environ.setdefault("AIRBYTE_OFFLINE_MODE", "1")
os.environ.setdefault("DO_NOT_TRACK", "1")
pytest.importorskip("airbyte", reason="PyAirbyte comes with the demo dependency group (`make demo` or `make test` install it)")

from tiktok_shop_sandbox import Sandbox  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def load_demo():
    spec = importlib.util.spec_from_file_location("demo", REPO / "scripts" / "demo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def unsettled_ids(sandbox) -> set:
    return {str(row["id"]) for shop in sandbox.data.shops for row in sandbox.data.unsettled_transactions[shop["id"]]}


def table_ids(cache, table: str) -> set:
    from sqlalchemy import text

    with cache.get_sql_engine().connect() as connection:
        return {str(row[0]) for row in connection.execute(text(f'SELECT id FROM "{cache.schema_name}"."{table}"'))}


def test_after_the_second_sync_unsettled_transactions_holds_exactly_the_rows_still_unsettled(tmp_path, capsys):
    demo = load_demo()
    with Sandbox(seed=1) as sandbox:
        before = unsettled_ids(sandbox)
        cache = demo.sandbox_demo(sandbox, tmp_path)
        now = unsettled_ids(sandbox)
        orders = {str(order["id"]) for shop in sandbox.data.shops for order in sandbox.data.orders[shop["id"]]}
    assert before - now, "the demo's changes settle no transaction: the test would prove nothing"
    assert table_ids(cache, "unsettled_transactions") == now
    # Tables with an incremental mode keep the rows of both syncs: every order, new, changed or not.
    assert table_ids(cache, "orders") == orders
    # The summary lists every table, the analytics ones too; the new analytics day moved rows in sync 2.
    summary = {}
    for line in capsys.readouterr().out.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[1].isdigit():
            summary[parts[0]] = [int(n) for n in parts[1:]]
    for table in (
        "video_performance",
        "live_performance",
        "live_product_performance",
        "shop_performance_hourly",
        "customer_service_performance",
    ):
        assert summary.get(table, [0])[0] > 0, (table, summary.get(table))
    for table in ("shop_performance", "video_performance", "shop_performance_hourly"):
        assert summary[table][2] > 0, f"{table}: the new analytics day moved no row in sync 2"


def test_a_real_shop_config_file_gets_rotated_tokens_written_back_and_the_next_run_uses_them(tmp_path):
    demo = load_demo()
    with Sandbox(
        seed=1, shops=1, products_per_shop=5, orders_per_shop=10, statement_days=3, history_days=10, rotate_refresh_token=True
    ) as sandbox:
        path = tmp_path / "config.json"
        first_token = sandbox.refresh_token
        path.write_text(json.dumps(sandbox.config(safety_margin_seconds=0, requests_per_second=1000)))
        os.chmod(path, 0o600)

        demo.real_shop(str(path), demo_dir=tmp_path)
        written = json.loads(path.read_text())
        rotated = written["credentials"]["refresh_token"]
        assert rotated != first_token, "TikTok rotated the refresh token; the file must hold the new one"
        assert written["credentials"].get("access_token"), "the access token the sync obtained is kept for the next run"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, "the rewritten file keeps the original's permissions"

        # Next run as if the access token had expired: only the rotated refresh token can authenticate (the first is revoked).
        for key in ("access_token", "token_expiry_date"):
            written["credentials"].pop(key, None)
        path.write_text(json.dumps(written))
        demo.real_shop(str(path), demo_dir=tmp_path)
        assert json.loads(path.read_text())["credentials"]["refresh_token"] not in (first_token, rotated)
        assert not list(tmp_path.glob("*.tmp")), "no half-written file is left behind"
