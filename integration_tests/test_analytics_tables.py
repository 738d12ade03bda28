"""The analytics and customer-service tables end to end, through the real entrypoint against the sandbox:
a full refresh equals the sandbox's ground truth by primary key; incremental syncs read a new day (per shop,
in its timezone) and nothing else; a read killed with SIGKILL and resumed loses nothing; faults lose nothing;
the hourly table reads TikTok's 30-day window without error; a missing Customer Service group skips its
table only; the PII preset covers the creators' handles; a state saved before the 202509 upgrade goes on."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
import signal

import pytest

from tiktok_shop_sandbox import Sandbox

from .conftest import connector_config
from .harness import (
    assert_keys_are_the_ground_truth,
    expected,
    primary_key,
    record_keys,
    run_connector,
    run_until_lines_then_kill,
    run_until_states_then_kill,
)
from .harness import read_ok as read

DAILY = ["shop_performance", "product_performance", "sku_performance", "video_performance", "live_performance"]
TABLES = [*DAILY, "live_product_performance", "shop_performance_hourly", "customer_service_performance"]
# Three shops (US UTC-8, GB UTC+0, VN UTC+7), every table with data on most days.
SMALL = dict(shops=3, products_per_shop=30, orders_per_shop=150, statement_days=4, history_days=35)


def day_of(stream: str, record) -> str:
    return record["start_date"] if stream == "shop_performance" else record["date"]


def merged_states(previous, run):
    merged = {s["stream"]["stream_descriptor"]["name"]: s for s in (previous or [])}
    merged.update({s["stream"]["stream_descriptor"]["name"]: s for s in run.last_states()})
    return list(merged.values())


def committed_keys(run, streams):
    """Keys of the records a destination keeps from a killed run: those before its last STATE message."""
    last_state = max((i for i, m in enumerate(run.messages) if m["type"] == "STATE"), default=-1)
    out = {stream: set() for stream in streams}
    for message in run.messages[:last_state]:
        if message["type"] == "RECORD" and message["record"]["stream"] in out:
            stream = message["record"]["stream"]
            out[stream].add(tuple(str(message["record"]["data"].get(p)) for p in primary_key(stream)))
    return out


@pytest.fixture(scope="module")
def full_refresh(shared_sandbox, catalog_for):
    return read(connector_config(shared_sandbox), catalog_for(False, TABLES))


@pytest.mark.parametrize("stream", TABLES)
def test_full_refresh_equals_the_ground_truth_by_primary_key(full_refresh, shared_sandbox, stream):
    assert_keys_are_the_ground_truth(full_refresh, shared_sandbox, stream)
    shops = {s["id"] for s in shared_sandbox.data.shops}
    assert {r["shop_id"] for r in full_refresh.records(stream)} == shops
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", day_of(stream, r)) for r in full_refresh.records(stream))


def test_rows_carry_the_202509_shapes_numbers_and_money_strings(full_refresh, shared_sandbox):
    latest = {s["id"]: shared_sandbox.data.latest_available_date(s["id"]) for s in shared_sandbox.data.shops}
    shop_days = full_refresh.records("shop_performance")
    assert all(r["start_date"] <= latest[r["shop_id"]] == r["latest_available_date"] for r in shop_days)
    sales = shop_days[-1]["sales"]
    assert isinstance(sales["orders_count"], int) and isinstance(sales["gmv"]["overall"]["amount"], str)
    assert sales["gmv"]["overall"]["currency"] in {"USD", "GBP", "VND"}
    products = full_refresh.records("product_performance")
    assert all(isinstance(r["id"], str) and isinstance(r["overall_performance"]["items_sold"], int) for r in products)
    skus = full_refresh.records("sku_performance")  # integer ids in the spec and the sandbox: strings here
    assert all(isinstance(r["id"], str) and isinstance(r["product_id"], str) and len(r["id"]) == 19 for r in skus)
    lives = full_refresh.records("live_performance")
    assert all(isinstance(r["start_time"], str) and isinstance(r["sales_performance"]["items_sold"], int) for r in lives)
    session_ids = {(r["shop_id"], r["id"]) for r in lives}
    assert {(r["shop_id"], r["live_id"]) for r in full_refresh.records("live_product_performance")} <= session_ids
    hours = full_refresh.records("shop_performance_hourly")
    assert {r["index"] for r in hours} == set(range(24)) and all(isinstance(r["visitors"], int) for r in hours)
    support = full_refresh.records("customer_service_performance")
    assert all(isinstance(r["performance"]["support_session_count"], int) for r in support)


def test_a_new_day_yields_only_that_days_rows_for_the_shops_it_was_published_for(catalog_for):
    with Sandbox(seed=51, **SMALL) as sb:
        config = connector_config(sb)
        catalog = catalog_for(True, TABLES)
        first = read(config, catalog)
        for stream in TABLES:
            assert record_keys(first, stream) == expected(sb, stream), stream
        shops = [s["id"] for s in sb.data.shops]
        latest = {shop: sb.data.latest_available_date(shop) for shop in shops}
        for stream in DAILY:
            cursor = "start_date" if stream == "shop_performance" else "date"
            assert {shop: st[cursor] for shop, st in first.stream_state(stream)["shops"].items()} == latest, stream
        # TikTok publishes the next day for two shops (each its own next day, in its own timezone), not the third.
        published = {shop: sb.mutate.publish_analytics_day(shop) for shop in shops[:2]}
        second = read(config, catalog, first.last_states())
        for stream in TABLES:
            rows = second.records(stream)
            got = {(r["shop_id"], day_of(stream, r)) for r in rows}
            if stream == "customer_service_performance":
                assert not rows, "customer service reads by the clock: no day has become final in between"
                continue
            assert got <= set(published.items()), (stream, got)
            want = {k for k in expected(sb, stream) if (k[0], _day_in_key(stream, k, sb)) in published.items()}
            assert record_keys(second, stream) == want, stream
            if stream in ("shop_performance", "shop_performance_hourly"):  # rows every day (lists may be empty)
                assert {shop for shop, _ in got} == set(published), stream
        assert all(r["date"] == published[r["shop_id"]] for r in second.records("shop_performance_hourly"))
        assert len(second.records("shop_performance_hourly")) == 24 * len(published)
        third = read(config, catalog, merged_states(first.last_states(), second))
        assert not third.records(), "nothing new since the second sync"


def _day_in_key(stream, key, sb):
    """The day of a ground-truth key (live products' keys hold no day: find its session's)."""
    pk = primary_key(stream)
    if "date" in pk:
        return key[pk.index("date")]
    if "start_date" in pk:
        return key[pk.index("start_date")]
    sessions = {r["id"]: r["date"] for r in sb.data.live_performance[key[0]]}
    return sessions[key[pk.index("live_id")]]


def test_customer_service_reads_a_day_once_it_is_final_and_only_that_day(catalog_for):
    """No answer says when a support day is final: a day is read once it is over everywhere and 24 hours more.
    A state one day behind stands for the sync of yesterday: today's sync reads the one day final since."""
    with Sandbox(seed=52, **SMALL) as sb:
        config = connector_config(sb)
        catalog = catalog_for(True, ["customer_service_performance"])
        first = read(config, catalog)
        state = first.stream_state("customer_service_performance")
        days = {shop: st["date"] for shop, st in state["shops"].items()}
        now = dt.datetime.now(dt.timezone.utc)
        final = ((now - dt.timedelta(hours=12)).date() - dt.timedelta(days=2)).isoformat()
        assert set(days.values()) == {final}
        yesterday = {shop: (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat() for shop, day in days.items()}
        rewound = [
            {
                "type": "STREAM",
                "stream": {
                    "stream_descriptor": {"name": "customer_service_performance"},
                    "stream_state": {"shops": {s: {"date": d} for s, d in yesterday.items()}},
                },
            }
        ]
        second = read(config, catalog, rewound)
        assert {(r["shop_id"], r["date"]) for r in second.records("customer_service_performance")} == set(days.items())
        truth = {(shop, r["date"]): r["performance"] for shop in days for r in sb.data.customer_service_performance[shop]}
        assert all(r["performance"] == truth[(r["shop_id"], r["date"])] for r in second.records("customer_service_performance"))


def test_kill_9_at_random_points_then_resume_loses_nothing(catalog_for):
    rng = random.Random(1515)
    with Sandbox(seed=53, **SMALL) as sb:
        config = connector_config(sb)
        catalog = catalog_for(True, TABLES)
        union = {stream: set() for stream in TABLES}
        state, kills, attempts = None, 0, 0
        while kills < 6 and attempts < 10:
            attempts += 1
            if rng.random() < 0.5:
                run = run_until_states_then_kill(config, catalog, state, kill_after_states=rng.randint(1, 4))
            else:
                run = run_until_lines_then_kill(config, catalog, state, lines=rng.randint(20, 600))
            kills += run.returncode == -signal.SIGKILL
            for stream, found in committed_keys(run, TABLES).items():
                union[stream] |= found
            if run.states:
                state = merged_states(state, run)
        assert kills >= 6, "the reads were really killed"
        final = read(config, catalog, state)
        for stream in TABLES:
            union[stream] |= record_keys(final, stream)
            assert union[stream] == expected(sb, stream), stream


def test_faults_on_every_analytics_endpoint_lose_nothing(catalog_for):
    with Sandbox(seed=54, **SMALL) as sb:
        us, gb, vn = (s["id"] for s in sb.data.shops)
        sb.faults.slow_seconds = 1.5
        sb.faults.script(r"/analytics/202509/shop/performance$", [(429, 36009002)], shop_id=us)
        sb.faults.script(r"/analytics/202509/shop_products/performance$", [(500, 36009003)], shop_id=gb)
        sb.faults.script(r"/analytics/202509/shop_skus/performance$", [(502, None)], shop_id=vn)
        sb.faults.script(r"/analytics/202509/shop_videos/performance$", ["drop", (200, 36009003)], shop_id=us)
        sb.faults.script(r"/analytics/202509/shop_lives/performance$", ["truncated"], shop_id=gb)
        sb.faults.script(r"/analytics/202512/shop/\d+/products_performance$", [(503, None), "drop"], shop_id=vn)
        sb.faults.script(r"/performance_per_hour$", ["slow", (200, 36009002)], shop_id=us)
        sb.faults.script(r"/customer_service/202407/performance$", [(500, 36009003), "truncated"], shop_id=gb)
        config = connector_config(sb, retry_backoff_seconds=0, request_timeout_seconds=1)
        run = run_connector("read", config, catalog_for(True, TABLES), timeout=300)
        assert run.returncode == 0 and not run.errors, run.stderr[-3000:]
        assert sb.faults.pending() == 0, "every scripted fault was served"
        for stream in TABLES:
            assert record_keys(run, stream) == expected(sb, stream), stream


def test_hourly_reads_the_30_days_tiktok_keeps_whatever_the_start_date(shared_sandbox, catalog_for):
    # start_date 90 days back; the sandbox refuses any date outside the window (36009004), so a clean read
    # shows that none was asked for.
    run = read(connector_config(shared_sandbox), catalog_for(True, ["shop_performance_hourly"]))
    days = sorted({r["date"] for r in run.records("shop_performance_hourly")})
    # From the oldest day every timezone still has (29 days before the UTC+14 today), each day once.
    oldest = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=14)).date() - dt.timedelta(days=29)
    assert days[0] == oldest.isoformat() and len(days) >= 27
    assert len(run.records("shop_performance_hourly")) == 24 * len(days) * len(shared_sandbox.data.shops)
    assert run.is_logged("last 30 days")
    asked = [r for r in shared_sandbox.requests if r.path.endswith("/performance_per_hour")]
    assert asked and all(r.code == 0 for r in asked)


def test_without_the_customer_service_group_its_table_is_skipped_and_the_others_are_read(sandbox, catalog_for):
    sandbox.revoke_group("customer_service")
    config = connector_config(sandbox)
    run = read(config, catalog_for(True, ["shop_performance", "customer_service_performance"]))
    assert run.records("shop_performance") and not run.records("customer_service_performance")
    assert run.is_logged("customer_service_performance: skipped") and run.is_logged("'Customer Service'")
    status = run_connector("check", config).connection_status
    assert status["status"] == "SUCCEEDED" and "customer_service_performance" in status["message"]
    assert "Customer Service" in status["message"]


def test_the_pii_preset_hashes_or_blocks_the_creators_handles(shared_sandbox, catalog_for):
    raw = {(r["id"], r["username"]) for s in shared_sandbox.data.shops for r in shared_sandbox.data.video_performance[s["id"]]}
    hashed = read(connector_config(shared_sandbox, pii_handling="hash"), catalog_for(False, ["video_performance", "live_performance"]))
    by_id = dict(raw)
    videos = hashed.records("video_performance")
    assert videos and all(r["username"] == hashlib.sha256(by_id[r["id"]].encode()).hexdigest() for r in videos)
    blocked = run_connector("read", connector_config(shared_sandbox, pii_handling="block"), catalog_for(False, ["live_performance"]))
    assert blocked.returncode == 0 and blocked.records("live_performance")
    assert all("username" not in r for r in blocked.records("live_performance"))
    assert not [name for _, name in raw if name in blocked.stdout]


def test_a_state_saved_before_the_202509_upgrade_goes_on_from_its_day(shared_sandbox, catalog_for):
    """0.2.0's states: {"start_date": day} (shop_performance) and {"date": day} (product and SKU performance)."""
    shops = [s["id"] for s in shared_sandbox.data.shops]
    back = {
        shop: (dt.date.fromisoformat(shared_sandbox.data.latest_available_date(shop)) - dt.timedelta(days=3)).isoformat() for shop in shops
    }
    old = [
        {
            "type": "STREAM",
            "stream": {"stream_descriptor": {"name": name}, "stream_state": {"shops": {s: {cursor: back[s]} for s in shops}}},
        }
        for name, cursor in (("shop_performance", "start_date"), ("product_performance", "date"), ("sku_performance", "date"))
    ]
    run = read(connector_config(shared_sandbox), catalog_for(True, ["shop_performance", "product_performance", "sku_performance"]), old)
    for stream in ("shop_performance", "product_performance", "sku_performance"):
        days = {(r["shop_id"], day_of(stream, r)) for r in run.records(stream)}
        assert days and all(day > back[shop] for shop, day in days), stream
        want = {k for k in expected(shared_sandbox, stream) if k[1] > back[k[0]]}
        assert record_keys(run, stream) == want, stream
