"""The checks of Airbyte's classic acceptance suite (CAT) that the in-process standard tests lack."""

import json
import time
from pathlib import Path

import pytest

from tiktok_shop_sandbox import Sandbox

from .conftest import connector_config
from .harness import run_connector
from .harness import read_ok as read
from .test_airbyte_standards import STANDARD_DATASET, STANDARD_PORT

HERE = Path(__file__).parent
CURSORS = {"products": "update_time", "orders": "update_time", "statements": "statement_time", "statement_transactions": "statement_time"}
PK = {"shops": ["id"], "products": ["id"], "orders": ["id"], "statements": ["id"], "statement_transactions": ["statement_id", "id"]}


def load(name):
    return json.loads((HERE / name).read_text())




@pytest.fixture(scope="module")
def standard_sandbox():
    sandbox = Sandbox(**STANDARD_DATASET)
    sandbox.start(port=STANDARD_PORT)
    yield sandbox
    sandbox.stop()


def full_refresh_catalog():
    catalog = load("configured_catalog.json")
    for entry in catalog["streams"]:
        entry["sync_mode"] = "full_refresh"
        entry["destination_sync_mode"] = "overwrite"
        entry.pop("cursor_field", None)
    return catalog


def test_two_consecutive_full_refreshes_give_identical_records(standard_sandbox):
    config = load("sample_config.json")
    first = read(config, full_refresh_catalog())
    second = read(config, full_refresh_catalog())

    def canonical(run):
        return sorted(json.dumps({"stream": m["record"]["stream"], "data": m["record"]["data"]}, sort_keys=True) for m in run.of_type("RECORD"))

    assert canonical(first) and canonical(first) == canonical(second)


def test_far_future_state_yields_no_records_and_comes_back_as_now(standard_sandbox):
    started = int(time.time())
    run = read(load("sample_config.json"), load("configured_catalog.json"), load("abnormal_state.json"))
    incremental = set(CURSORS)
    assert not [r for r in run.of_type("RECORD") if r["record"]["stream"] in incremental]
    emitted = {s["stream"]["stream_descriptor"]["name"] for s in run.states}
    assert incremental <= emitted
    for stream in incremental:
        for shop_state in run.stream_state(stream)["shops"].values():
            # Kept at 2100, the state would make every later sync read nothing: it comes back as this sync's end.
            assert started - 60 <= shop_state[CURSORS[stream]] <= time.time(), (stream, shop_state)
        assert run.is_logged(f"{stream}: shop "), stream
    assert any("later than now" in m["log"]["message"] and m["log"]["level"] == "WARN" for m in run.of_type("LOG"))


def cursor_values(state, stream):
    return {shop: st.get(CURSORS[stream]) for shop, st in (state or {}).get("shops", {}).items()}


def test_state_never_goes_backwards_and_records_respect_state_minus_lookback(sandbox, catalog_for):
    lookback_days = 1
    config = connector_config(sandbox, lookback_window=lookback_days)
    catalog = catalog_for(True, list(CURSORS))
    state = None
    previous = {stream: {} for stream in CURSORS}
    for round_number in range(3):
        if round_number:
            for shop in sandbox.data.shops:
                sandbox.mutate.update_orders(shop["id"], 2)
                sandbox.mutate.update_products(shop["id"], 2)
        run = read(config, catalog, state)
        # Within a run, every STATE message per shop is >= the one before it and >= the incoming one.
        for message in run.states:
            stream = message["stream"]["stream_descriptor"]["name"]
            values = cursor_values(message["stream"]["stream_state"], stream)
            for shop, value in values.items():
                assert value is None or value >= (previous[stream].get(shop) or 0), (stream, shop)
            previous[stream].update({k: v for k, v in values.items() if v is not None})
        if state:
            incoming = {s["stream"]["stream_descriptor"]["name"]: cursor_values(s["stream"]["stream_state"], s["stream"]["stream_descriptor"]["name"]) for s in state}
            for stream, cursor in CURSORS.items():
                for record in run.records(stream):
                    floor = incoming[stream].get(record["shop_id"])
                    if floor is not None:
                        assert record[cursor] >= floor - lookback_days * 86400, (stream, record.get("id"))
        state = run.last_states()


def test_a_failing_read_ends_with_a_trace_error(sandbox, catalog_for):
    sandbox.revoke_group("order")
    run = run_connector("read", connector_config(sandbox), catalog_for(False, ["orders"]))
    assert run.returncode != 0
    assert run.messages[-1]["type"] == "TRACE" and run.messages[-1]["trace"]["type"] == "ERROR"
    assert any("Order Information" in error["message"] for error in run.errors)
    assert run.errors[0]["failure_type"] == "config_error"
