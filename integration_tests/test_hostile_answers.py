"""Answers TikTok should never send, and state no sync wrote: refused or repaired, never read as less data.

A proxy (hostile_proxy.py) sits between the real connector entrypoint and the sandbox and rewrites
single answers: bad envelopes, bad pages, bad records, bad tokens. Other cases hand the connector
bad state or oversized config. Each case ends one of three ways, and the test says which:
- "complete": the connector retries or repairs what it got and the read equals the sandbox's data;
- "refused": the read stops with an error of the stated failure type whose message says what was
  wrong, emits nothing it could not read, and a second read from the first one's last state brings
  the rest: together they equal the sandbox's data;
- "config": a config_error that says what to fix, and no records.
In every case: no hang (each run is bounded), no CDK generic "Something went wrong", no traceback as
the message. The cases run side by side in one module fixture; each test asserts one case.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence

import pytest

from tiktok_shop_sandbox import Sandbox

from .conftest import connector_config
from .harness import Run, configured_catalog, expected, keys, primary_key, run_connector
from .hostile_proxy import FOREVER, Answer, HostileProxy, Rule, Seen, first_page, middle_page

DATASET = dict(
    seed=11, shops=2, products_per_shop=120, orders_per_shop=260, statement_days=6, history_days=60, max_statement_transactions=150
)
RUN_TIMEOUT = 150  # seconds; a case that needs longer is a hang

ORDERS = r"/order/202309/orders/search$"
ORDER_DETAIL = r"/order/202507/orders$"
PRODUCTS = r"/product/202309/products/search$"
STATEMENTS = r"/finance/202309/statements$"
TRANSACTIONS = r"/finance/202501/statements/[^/]+/statement_transactions$"
SHOPS = r"/authorization/202309/shops$"
REFRESH = r"/api/v2/token/refresh$"
HUGE = 100_000


# ---- what a rule does to an answer ----------------------------------------------------------------


def with_data(value: Any) -> Callable:
    return lambda envelope, seen: {**envelope, "data": value}


def without_data(envelope: Dict, seen: Seen) -> Dict:
    return {k: v for k, v in envelope.items() if k != "data"}


def in_data(**changes: Any) -> Callable:
    """Set (or, with the value `...`, remove) keys of `data`."""

    def change(envelope: Dict, seen: Seen) -> Dict:
        data = dict(envelope["data"])
        for key, value in changes.items():
            if value is ...:
                data.pop(key, None)
            else:
                data[key] = value
        return {**envelope, "data": data}

    return change


def each_record(list_key: str, change: Callable[[Dict], Any]) -> Callable:
    def apply(envelope: Dict, seen: Seen) -> Dict:
        data = dict(envelope["data"])
        data[list_key] = [change(dict(record)) for record in data.get(list_key) or []]
        return {**envelope, "data": data}

    return apply


def first_record(list_key: str, change: Callable[[Dict], Any]) -> Callable:
    def apply(envelope: Dict, seen: Seen) -> Dict:
        data = dict(envelope["data"])
        records = list(data.get(list_key) or [])
        records[0] = change(dict(records[0]))
        data[list_key] = records
        return {**envelope, "data": data}

    return apply


def drop(key: str) -> Callable[[Dict], Dict]:
    return lambda record: {k: v for k, v in record.items() if k != key}


def put(key: str, value_of: Callable[[Any], Any]) -> Callable[[Dict], Dict]:
    return lambda record: {**record, key: value_of(record.get(key))}


def repeat_token(envelope: Dict, seen: Seen) -> Dict:
    return {**envelope, "data": {**envelope["data"], "next_page_token": seen.query["page_token"]}}


def html_page(envelope: Dict, seen: Seen) -> Answer:
    return Answer(200, "text/html", b"<!DOCTYPE html><html><body><h1>Gateway busy</h1></body></html>")


def refused_token(envelope: Dict, seen: Seen) -> Answer:
    body = {
        "code": 36009004,
        "message": "Invalid page_token. The page_token is malformed or does not match the request's filters.",
        "request_id": "hostile",
        "data": None,
    }
    return Answer(400, "application/json", json.dumps(body).encode())


def fake_token_on_first_page(envelope: Dict, seen: Seen) -> Dict:
    return {**envelope, "data": {**envelope["data"], "next_page_token": "hostile-1"}}


def endless_empty_pages(seen: Seen) -> Answer:
    number = int(seen.query["page_token"].split("-")[1])
    body = {
        "code": 0,
        "message": "Success",
        "request_id": "hostile",
        "data": {"orders": [], "next_page_token": f"hostile-{number + 1}", "total_count": 260},
    }
    return Answer(200, "application/json", json.dumps(body).encode())


def expiry(value_of: Callable[[], int]) -> Callable:
    return lambda envelope, seen: {**envelope, "data": {**envelope["data"], "access_token_expire_in": value_of()}}


def null_update_time_on_one_order() -> list:
    """The first order of a middle search page, and the same order in its detail answer (whose fields are
    merged over the search's), with `update_time` null: TikTok sending it null wherever it sends the order."""
    nulled: set = set()

    def in_search(record: Dict) -> Dict:
        nulled.add(record["id"])
        return {**record, "update_time": None}

    def in_detail(record: Dict) -> Dict:
        return {**record, "update_time": None} if record.get("id") in nulled else record

    return [
        Rule(ORDERS, first_record("orders", in_search), when=middle_page, times=FOREVER),
        Rule(ORDER_DETAIL, each_record("orders", in_detail), times=FOREVER),
    ]


def hostile_token(seen: Seen) -> bool:
    return seen.query.get("page_token", "").startswith("hostile-")


# ---- the cases ------------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    klass: int  # which class of hostile answer (1-12) this case stands for
    streams: List[str]
    rules: Callable[[], List[Rule]] = lambda: []
    outcome: str = "complete"  # "complete" | "refused" | "config"
    failure: Optional[str] = None  # failure type of the error, for "refused" and "config"
    words: Sequence[str] = ()
    config: Dict[str, Any] = field(default_factory=dict)
    state: Optional[Callable[[Sandbox], Any]] = None
    check: Optional[Callable[["Outcome", Sandbox], None]] = None  # more assertions
    incremental: bool = True


@dataclass
class Outcome:
    case: Case
    first: Optional[Run] = None
    resumed: Optional[Run] = None
    proxy_rules: List[Rule] = field(default_factory=list)
    seen: List[Seen] = field(default_factory=list)
    hang: Optional[str] = None


def shop_states(sandbox: Sandbox, stream: str, shop_state: Callable[[str], Any]) -> List[Dict]:
    shops = {s["id"]: shop_state(s["id"]) for s in sandbox.data.shops}
    return [{"type": "STREAM", "stream": {"stream_descriptor": {"name": stream}, "stream_state": {"shops": shops}}}]


def stream_state(stream: str, value: Any) -> List[Dict]:
    return [{"type": "STREAM", "stream": {"stream_descriptor": {"name": stream}, "stream_state": value}}]


FUTURE = 4102444800  # 2100-01-01


def cursor_is_now(stream: str, cursor: str) -> Callable[[Outcome, Sandbox], None]:
    def check(outcome: Outcome, sandbox: Sandbox) -> None:
        run = outcome.first
        assert not run.records(stream)
        for shop_state in run.stream_state(stream)["shops"].values():
            assert shop_state[cursor] <= time.time(), shop_state
        assert warned(run, "later than now")

    return check


def warned(run: Run, text: str) -> bool:
    return any(text in m["log"]["message"] and m["log"]["level"] == "WARN" for m in run.of_type("LOG"))


def no_duplicates(stream: str) -> Callable[[Outcome, Sandbox], None]:
    def check(outcome: Outcome, sandbox: Sandbox) -> None:
        got = keys(outcome.first.records(stream), primary_key(stream))
        assert len(got) == len(set(got)), f"{stream}: {len(got) - len(set(got))} duplicate records"

    return check


def at_most_requests(pattern: str, bound: int) -> Callable[[Outcome, Sandbox], None]:
    import re

    def check(outcome: Outcome, sandbox: Sandbox) -> None:
        sent = sum(1 for seen in outcome.seen if re.search(pattern, seen.path))
        assert sent <= bound, f"{sent} requests to {pattern}, at most {bound} expected"

    return check


def few_refreshes(outcome: Outcome, sandbox: Sandbox) -> None:
    import re

    refreshes = sum(1 for seen in outcome.seen if re.search(REFRESH, seen.path))
    assert refreshes <= 3, f"{refreshes} token refreshes in one read"
    assert len(outcome.first.controls) <= 3, f"{len(outcome.first.controls)} CONTROL messages"
    assert warned(outcome.first, "access_token_expire_in")


def typed(stream: str, field_name: str, kind: type) -> Callable[[Outcome, Sandbox], None]:
    def check(outcome: Outcome, sandbox: Sandbox) -> None:
        values = [record.get(field_name) for record in outcome.first.records(stream)]
        assert values and all(type(v) is kind for v in values), {type(v).__name__ for v in values}

    return check


def no_keyless(stream: str, key: str) -> Callable[[Outcome, Sandbox], None]:
    def check(outcome: Outcome, sandbox: Sandbox) -> None:
        assert all(record.get(key) not in (None, "") for record in outcome.first.records(stream))

    return check


def every(*checks: Callable[[Outcome, Sandbox], None]) -> Callable[[Outcome, Sandbox], None]:
    def check(outcome: Outcome, sandbox: Sandbox) -> None:
        for one in checks:
            one(outcome, sandbox)

    return check


def whole(stream: str) -> Callable[[Outcome, Sandbox], None]:
    """Every record of the table, for a case that starts from a state (whose other cases read less)."""

    def check(outcome: Outcome, sandbox: Sandbox) -> None:
        got = set(keys(outcome.first.records(stream), primary_key(stream)))
        assert got == truth(sandbox, stream), f"{stream}: {len(truth(sandbox, stream) - got)} lost"

    return check


def orders_from(cursor: int) -> Callable[[Outcome, Sandbox], None]:
    def check(outcome: Outcome, sandbox: Sandbox) -> None:
        want = {(str(o["id"]),) for shop in sandbox.data.orders for o in sandbox.data.orders[shop] if o["update_time"] >= cursor}
        assert want and set(keys(outcome.first.records("orders"), primary_key("orders"))) == want

    return check


CASES = [
    # 1. A success envelope that does not hold what the operation returns: refused, never a short walk.
    Case("null data on a middle page of orders", 1, ["orders"], lambda: [Rule(ORDERS, with_data(None), when=middle_page)]),
    Case("no data on a middle page of orders", 1, ["orders"], lambda: [Rule(ORDERS, without_data, when=middle_page)]),
    Case("no list on a middle page of orders", 1, ["orders"], lambda: [Rule(ORDERS, in_data(orders=...), when=middle_page)]),
    Case("null list on a middle page of orders", 1, ["orders"], lambda: [Rule(ORDERS, in_data(orders=None), when=middle_page)]),
    Case(
        "no next_page_token on a full middle page of orders",
        1,
        ["orders"],
        lambda: [Rule(ORDERS, in_data(next_page_token=...), when=middle_page)],
    ),
    Case("page token as a number", 1, ["orders"], lambda: [Rule(ORDERS, in_data(next_page_token=12345), when=first_page)]),
    Case(
        "statement transactions without their list",
        1,
        ["statement_transactions"],
        lambda: [Rule(TRANSACTIONS, in_data(transactions=...), when=first_page, times=2)],
    ),
    Case(
        "null data on every middle page of orders",
        1,
        ["orders"],
        lambda: [Rule(ORDERS, with_data(None), when=middle_page, times=FOREVER)],
        "refused",
        "system_error",
        ["/order/202309/orders/search", "for shop", "`data` is null"],
    ),
    # 2. A saved position no sync can have written.
    Case(
        "orders cursor in 2100",
        2,
        ["orders"],
        state=lambda sb: shop_states(sb, "orders", lambda s: {"update_time": FUTURE}),
        check=cursor_is_now("orders", "update_time"),
    ),
    Case(
        "orders window in progress in 2100",
        2,
        ["orders"],
        state=lambda sb: shop_states(sb, "orders", lambda s: {"resume": {"start": FUTURE, "end": FUTURE + 3600, "page_token": None}}),
        check=lambda outcome, sb: whole("orders")(outcome, sb) or warned(outcome.first, "lies outside") or pytest.fail("no warning"),
    ),
    Case(
        "shop_performance day in 2100",
        2,
        ["shop_performance"],
        state=lambda sb: shop_states(sb, "shop_performance", lambda s: {"start_date": "2100-01-01"}),
        check=lambda outcome, sb: (
            (
                all(v["start_date"] <= time.strftime("%Y-%m-%d") for v in outcome.first.stream_state("shop_performance")["shops"].values())
                and warned(outcome.first, "after today")
            )
            or pytest.fail(str(outcome.first.stream_state("shop_performance")))
        ),
    ),
    # 3. Walks that would never end.
    Case(
        "next_page_token repeating the current one",
        3,
        ["orders"],
        lambda: [Rule(ORDERS, repeat_token, when=middle_page)],
        check=no_duplicates("orders"),
    ),
    Case(
        "next_page_token always repeating the current one",
        3,
        ["orders"],
        lambda: [Rule(ORDERS, repeat_token, when=middle_page, times=FOREVER)],
        "refused",
        "system_error",
        ["repeats a page token", "/order/202309/orders/search"],
    ),
    Case(
        "endless empty pages with fresh tokens",
        3,
        ["orders"],
        lambda: [
            Rule(ORDERS, reply=endless_empty_pages, when=hostile_token, times=FOREVER),
            Rule(ORDERS, fake_token_on_first_page, when=first_page, times=FOREVER),
        ],
        "refused",
        "system_error",
        ["pages in a row", "no new record", "/order/202309/orders/search"],
        check=at_most_requests(ORDERS, 30),
    ),
    # 4. A total_count that lies.
    Case(
        "products total_count of 10**12 on every page",
        4,
        ["products"],
        lambda: [Rule(PRODUCTS, in_data(total_count=10**12), times=FOREVER)],
        check=at_most_requests(PRODUCTS, 120),
    ),
    Case(
        "orders total_count of 10**12 on every page",
        4,
        ["orders"],
        lambda: [Rule(ORDERS, in_data(total_count=10**12), times=FOREVER)],
        check=at_most_requests(ORDERS, 120),
    ),
    # 5. Token lifetimes that cannot be right.
    Case(
        "access token expiry in the past",
        5,
        ["orders", "statements"],
        lambda: [Rule(REFRESH, expiry(lambda: int(time.time()) - 3600), times=FOREVER)],
        check=few_refreshes,
    ),
    Case(
        "access token expiry given as a duration",
        5,
        ["orders", "statements"],
        lambda: [Rule(REFRESH, expiry(lambda: 604800), times=FOREVER)],
        check=few_refreshes,
    ),
    Case(
        "access token expiry in milliseconds",
        5,
        ["orders", "statements"],
        lambda: [Rule(REFRESH, expiry(lambda: (int(time.time()) + 7 * 86400) * 1000), times=FOREVER)],
        check=few_refreshes,
    ),
    # 6. An authorization that covers no shop.
    Case(
        "authorization with an empty shop list",
        6,
        ["orders"],
        lambda: [Rule(SHOPS, with_data({"shops": []}), times=FOREVER)],
        "config",
        "config_error",
        ["covers no shop", "Seller Center"],
    ),
    Case(
        "authorization without a shop list",
        6,
        ["shops", "orders"],
        lambda: [Rule(SHOPS, with_data({}), times=FOREVER)],
        "config",
        "config_error",
        ["covers no shop"],
    ),
    # 7. A web page from a host that answered JSON a moment before.
    Case("HTML page with HTTP 200 on a middle page", 7, ["orders"], lambda: [Rule(ORDERS, html_page, when=middle_page)]),
    Case(
        "HTML page with HTTP 200 on every middle page",
        7,
        ["orders"],
        lambda: [Rule(ORDERS, html_page, when=middle_page, times=FOREVER)],
        "refused",
        "transient_error",
        ["127.0.0.1:", "an HTML page", "/order/202309/orders/search"],
    ),
    # 8. A page token refused in the middle of a walk.
    Case("page token refused on page 2 of a fresh window", 8, ["orders"], lambda: [Rule(ORDERS, refused_token, when=middle_page)]),
    Case(
        "page token refused on every page 2",
        8,
        ["orders"],
        lambda: [Rule(ORDERS, refused_token, when=middle_page, times=FOREVER)],
        "refused",
        "system_error",
        ["refused its own page tokens", "/order/202309/orders/search"],
    ),
    Case("products page token refused on page 2", 8, ["products"], lambda: [Rule(PRODUCTS, refused_token, when=middle_page)]),
    # 9. A body dripped slowly: bounded by the whole-request deadline, then retried.
    Case(
        "orders page dripped one byte at a time",
        9,
        ["orders"],
        lambda: [Rule(ORDERS, lambda envelope, seen: envelope, drip_seconds=0.5, when=middle_page)],
        config={"request_timeout_seconds": 3},
    ),
    # 10. Records without their key, or with a key or cursor of the wrong type.
    Case(
        "order without id",
        10,
        ["orders"],
        lambda: [Rule(ORDERS, first_record("orders", drop("id")), when=middle_page)],
        check=no_keyless("orders", "id"),
    ),
    Case(
        "null element in the orders list", 10, ["orders"], lambda: [Rule(ORDERS, first_record("orders", lambda r: None), when=middle_page)]
    ),
    Case(
        "update_time as digits in a string",
        10,
        ["orders"],
        lambda: [Rule(ORDERS, each_record("orders", put("update_time", str)), times=FOREVER)],
        check=typed("orders", "update_time", int),
    ),
    Case(
        "update_time as a float",
        10,
        ["orders"],
        lambda: [Rule(ORDERS, each_record("orders", put("update_time", float)), times=FOREVER)],
        check=typed("orders", "update_time", int),
    ),
    Case(
        "statement ids as numbers",
        10,
        ["statements"],
        lambda: [Rule(STATEMENTS, each_record("statements", put("id", int)), times=FOREVER)],
        check=typed("statements", "id", str),
    ),
    Case(
        "statement without id",
        10,
        ["statements", "statement_transactions"],
        lambda: [Rule(STATEMENTS, first_record("statements", drop("id")), times=2)],
        check=no_keyless("statements", "id"),
    ),
    Case(
        "update_time null on one order, every time",
        10,
        ["orders"],
        null_update_time_on_one_order,
        "refused",
        "system_error",
        ["`orders` record", "`update_time` is null", "/order/202309/orders/search"],
        check=every(no_keyless("orders", "update_time")),
    ),
    Case(
        "products without id in search, every time",
        10,
        ["products"],
        lambda: [Rule(PRODUCTS, first_record("products", drop("id")), times=FOREVER)],
        "refused",
        "system_error",
        ["/product/202309/products/search", "usable `id`"],
    ),
    # 11. State no sync of this connector wrote.
    Case(
        "state file that is not JSON",
        11,
        ["orders"],
        state=lambda sb: "{this is not json",
        outcome="config",
        failure="config_error",
        words=["state", "not JSON", "clear"],
    ),
    Case(
        "orders state of a foreign shape",
        11,
        ["orders"],
        state=lambda sb: stream_state("orders", {"update_time": 1700000000}),
        outcome="config",
        failure="config_error",
        words=["`orders`", "only `shops`", "Clear this table's state"],
    ),
    Case(
        "orders cursor as a date string",
        11,
        ["orders"],
        state=lambda sb: shop_states(sb, "orders", lambda s: {"update_time": "2024-01-01"}),
        outcome="config",
        failure="config_error",
        words=["`orders`", "`update_time` is '2024-01-01'", "Clear this table's state"],
    ),
    Case(
        "resume token without its window",
        11,
        ["orders"],
        state=lambda sb: shop_states(sb, "orders", lambda s: {"resume": {"page_token": "abc"}}),
        outcome="config",
        failure="config_error",
        words=["`orders`", "`resume.start`", "Clear this table's state"],
    ),
    Case(
        "shops of a state as a list",
        11,
        ["orders"],
        state=lambda sb: stream_state("orders", {"shops": [1, 2]}),
        outcome="config",
        failure="config_error",
        words=["`orders`", "per-shop states"],
    ),
    Case(
        "orders cursor as digits in a string",
        11,
        ["orders"],
        state=lambda sb: shop_states(sb, "orders", lambda s: {"update_time": str(sb.anchor - 20 * 86400)}),
        check=lambda outcome, sb: orders_from(sb.anchor - 20 * 86400)(outcome, sb),
    ),
    # 12. Oversized config: a config error that names the key and does not repeat the value.
    Case(
        "100 kB app_key",
        12,
        ["orders"],
        config={"credentials.app_key": "k" * HUGE},
        outcome="config",
        failure="config_error",
        words=["`credentials.app_key` is too long"],
    ),
    Case(
        "100 kB shop id",
        12,
        ["orders"],
        config={"shop_ids": ["7" * HUGE]},
        outcome="config",
        failure="config_error",
        words=["`shop_ids[0]` is too long"],
    ),
    Case(
        "100 kB start_date",
        12,
        ["orders"],
        config={"start_date": "2" * HUGE},
        outcome="config",
        failure="config_error",
        words=["`start_date` is too long"],
    ),
]


# ---- running them ---------------------------------------------------------------------------------


def case_config(sandbox: Sandbox, proxy: HostileProxy, overrides: Dict[str, Any]) -> Dict[str, Any]:
    config = connector_config(sandbox, api_base_url=proxy.url, auth_base_url=proxy.url, max_retries=2, retry_backoff_seconds=0)
    for key, value in overrides.items():
        if key.startswith("credentials."):
            config["credentials"][key.split(".", 1)[1]] = value
        else:
            config[key] = value
    return config


def run_case(case: Case, sandbox: Sandbox, streams: List[Dict[str, Any]]) -> Outcome:
    outcome = Outcome(case)
    catalog = configured_catalog(streams, case.incremental, case.streams)
    state = case.state(sandbox) if case.state else None
    with HostileProxy(sandbox.base_url) as proxy:
        outcome.proxy_rules = [proxy.add(rule) for rule in case.rules()]
        config = case_config(sandbox, proxy, case.config)
        try:
            outcome.first = run_connector("read", config, catalog, state, timeout=RUN_TIMEOUT)
        except Exception as exc:  # subprocess.TimeoutExpired: the read did not end by itself
            outcome.hang = f"first read: {exc!r}"
            return outcome
        outcome.seen = list(proxy.seen)
    if case.outcome == "refused":
        clean = connector_config(sandbox, max_retries=2, retry_backoff_seconds=0)
        try:
            outcome.resumed = run_connector("read", clean, catalog, outcome.first.last_states() or state, timeout=RUN_TIMEOUT)
        except Exception as exc:
            outcome.hang = f"resumed read: {exc!r}"
    return outcome


@pytest.fixture(scope="module")
def outcomes():
    with Sandbox(**DATASET) as sandbox:
        discovered = run_connector("discover", connector_config(sandbox))
        assert discovered.returncode == 0, discovered.stderr[-3000:]
        streams = discovered.catalog["streams"]
        with ThreadPoolExecutor(3) as pool:
            futures = {case.name: pool.submit(run_case, case, sandbox, streams) for case in CASES}
            yield sandbox, {name: future.result() for name, future in futures.items()}


def assert_clear(run: Run) -> None:
    for error in run.errors:
        assert "Something went wrong" not in error["message"], error["message"]
        assert "Traceback" not in error["message"], error["message"]


def truth(sandbox: Sandbox, stream: str) -> set:
    return expected(sandbox, stream)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.klass:02d}-{c.name}" for c in CASES])
def test_hostile_answer(outcomes, case):
    sandbox, results = outcomes
    outcome = results[case.name]
    assert outcome.hang is None, f"no end by itself within {RUN_TIMEOUT} s: {outcome.hang}"
    run = outcome.first
    for rule in outcome.proxy_rules:
        assert rule.hits, f"the rule on {rule.path} never applied: the case did not happen"
    assert_clear(run)
    if case.outcome == "complete":
        assert run.returncode == 0 and not run.errors, run.errors or run.stderr[-3000:]
        if case.state is None:
            for stream in case.streams:
                got = set(keys(run.records(stream), primary_key(stream)))
                assert got == truth(sandbox, stream), (
                    f"{stream}: {len(truth(sandbox, stream) - got)} lost, {len(got - truth(sandbox, stream))} invented"
                )
    elif case.outcome == "refused":
        assert run.returncode != 0 and run.errors, "a read that could not read everything must not succeed"
        first_error = run.errors[0]
        assert first_error["failure_type"] == case.failure, first_error
        for word in case.words:
            assert word in first_error["message"], first_error["message"]
        resumed = outcome.resumed
        assert resumed.returncode == 0 and not resumed.errors, resumed.errors or resumed.stderr[-3000:]
        for stream in case.streams:
            got = set(keys(run.records(stream), primary_key(stream))) | set(keys(resumed.records(stream), primary_key(stream)))
            assert got == truth(sandbox, stream), f"{stream}: {len(truth(sandbox, stream) - got)} lost after the resume"
    else:
        assert run.returncode != 0 and run.errors, run.stdout[-2000:]
        assert run.errors[0]["failure_type"] == case.failure, run.errors[0]
        for word in case.words:
            assert word in run.errors[0]["message"], run.errors[0]["message"]
        assert not run.records(), "no records after a config error"
        assert len(run.errors[0]["message"]) < 1500, "the message stays short (no value echoed whole)"
    if case.check is not None:
        case.check(outcome, sandbox)


def test_every_class_has_a_case():
    assert {case.klass for case in CASES} == set(range(1, 13))
    assert len(CASES) >= 30
