"""A matrix of bad input, each answered with a message that says what to fix.

Config mistakes, revoked or expired authorizations, wrong hosts, a skewed clock, and an API that
answers with HTML or an unexpected shape. Every case runs the real entrypoint in a subprocess
(`check`, or `read` where only a read can show the problem): user-fixable problems are a FAILED
check (the CDK's answer to a `config_error`) or a `config_error` TRACE, never a traceback as the
message; secrets, made long and unique so that masking is really tested, never appear in the output.

Cases that never reach the network (the config alone is wrong) run the connector's entrypoint in
this process, which is the same code minus the ~3 s interpreter start; the others run concurrently
as subprocesses in one module fixture. Each test asserts one case.
"""

from __future__ import annotations

import copy
import json
import socket
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest
from airbyte_cdk.utils import AirbyteTracedException

from source_tiktok_shop.entrypoint import TikTokShopEntrypoint
from source_tiktok_shop.source import SourceTiktokShop
from tiktok_shop_sandbox import Sandbox

from .conftest import DATASET, connector_config
from .harness import Run, _args, _parse, configured_catalog, run_connector

# Long, unique values: the CDK masks secrets by substring (filter_secrets), which must hide them without corrupting JSON.
WRONG_APP_SECRET = "bad-input-wrong-app-secret-5c2e91f07d4b83a6e1f0"
STUB_APP_SECRET = "bad-input-stub-app-secret-e83f1a6c90d2b5477f13"
STUB_REFRESH_TOKEN = "TTP_bad-input-stub-refresh-token-41be07d9c2a6f35e8b10"
STUB_ACCESS_TOKEN = "TTP_bad-input-stub-access-token-9f27c4e1a8d03b56e7c2"
NUMERIC_SECRET = 918273645546372819283746
# 100 kB values (oversized inputs), unique so that any echo of them is caught.
HUGE = 100_000
HUGE_APP_KEY = ("bad-input-huge-app-key-" * (HUGE // 23 + 1))[:HUGE]
HUGE_REFRESH_TOKEN = ("TTP_bad-input-huge-refresh-token-" * (HUGE // 33 + 1))[:HUGE]
HUGE_SHOP_ID = ("74940000000000000017" * (HUGE // 20 + 1))[:HUGE]
HUGE_START_DATE = ("2024-01-01T00:00:00Z" * (HUGE // 20 + 1))[:HUGE]


# ---- a web server that is not TikTok, or a TikTok that answers oddly ------------------------------


class Stub:
    """A tiny HTTP server: `routes` maps (method, path) to (status, content type, body); else 404 HTML."""

    def __init__(self, routes: Dict[Tuple[str, str], Tuple[int, str, Any]], default: Optional[Tuple[int, str, Any]] = None):
        self.routes = routes
        self.default = default or (404, "text/html", "<html><body><h1>404 Not Found</h1></body></html>")
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                status, content_type, body = stub.routes.get((self.command, self.path.split("?")[0]), stub.default)
                raw = body if isinstance(body, str) else json.dumps(body)
                data = raw.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def envelope(data: Any) -> Dict[str, Any]:
    return {"code": 0, "message": "Success", "request_id": "20240101000000ABCDEF0123456789ABCDEF", "data": data}


def token_data() -> Dict[str, Any]:
    now = int(time.time())
    return {
        "access_token": STUB_ACCESS_TOKEN,
        "access_token_expire_in": now + 86400,
        "refresh_token": STUB_REFRESH_TOKEN,
        "refresh_token_expire_in": now + 300 * 86400,
        "open_id": "7010736057180325637",
        "seller_name": "Stub Seller",
        "seller_base_region": "US",
        "user_type": 0,
        "granted_scopes": [],
    }


STUB_SHOP = {
    "id": "7494000000000000001",
    "cipher": "GCP_stub_cipher_0001",
    "name": "Stub Shop",
    "region": "US",
    "seller_type": "LOCAL",
    "code": "USSTUB",
}


def tiktok_like_stub(orders_data: Any) -> Stub:
    """Token, shops and order search as TikTok shapes them, except the order search's `data`; the order
    detail call answers the same orders."""
    detail_data = {"orders": orders_data.get("orders") or []} if isinstance(orders_data, dict) else orders_data
    return Stub(
        {
            ("GET", "/api/v2/token/refresh"): (200, "application/json", {**envelope(token_data()), "message": "success"}),
            ("GET", "/authorization/202309/shops"): (200, "application/json", envelope({"shops": [STUB_SHOP]})),
            ("POST", "/order/202309/orders/search"): (200, "application/json", envelope(orders_data)),
            ("GET", "/order/202507/orders"): (200, "application/json", envelope(detail_data)),
        }
    )


def stub_config(stub: Stub, **overrides: Any) -> Dict[str, Any]:
    config = {
        "credentials": {
            "auth_type": "oauth2.0",
            "app_key": "bad-input-stub-app-key",
            "app_secret": STUB_APP_SECRET,
            "refresh_token": STUB_REFRESH_TOKEN,
        },
        # One search window: the stub answers every window with the same records.
        "api_base_url": stub.url,
        "auth_base_url": stub.url,
        "start_date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 2 * 86400)),
        "safety_margin_seconds": 0,
        "lookback_window": 0,
        "requests_per_second": 1000,
        "max_retries": 0,
    }
    config.update(overrides)
    return config


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---- the matrix -----------------------------------------------------------------------------------


@dataclass
class Case:
    id: str
    # (shared sandbox, resources to clean up) -> (command, config, catalog streams or None)
    setup: Callable[["Resources"], Tuple[str, Dict[str, Any], Optional[List[str]]]]
    outcome: str  # "config", "transient", "system" or "ok"
    words: List[str] = field(default_factory=list)
    secrets: List[Any] = field(default_factory=list)
    offline: bool = False  # the config alone is wrong: nothing is sent, so it runs in this process


class Resources:
    def __init__(self, shared: Sandbox) -> None:
        self.shared = shared
        self.owned: List[Any] = []

    def sandbox(self, **kwargs: Any) -> Sandbox:
        box = Sandbox(**{**DATASET, **kwargs}).start()
        self.owned.append(box)
        return box

    def stub(self, stub: Stub) -> Stub:
        self.owned.append(stub)
        return stub

    def close(self) -> None:
        for item in self.owned:
            item.stop()


def offline(case: Case) -> Case:
    case.offline = True
    return case


def with_config(change: Callable[[Dict[str, Any]], None]):
    """`check` against the shared sandbox with one change to a good config."""

    def setup(res: Resources):
        config = connector_config(res.shared)
        change(config)
        return "check", config, None

    return setup


def _del(path: str) -> Callable[[Dict[str, Any]], None]:
    def change(config):
        *parents, last = path.split(".")
        node = config
        for part in parents:
            node = node[part]
        del node[last]

    return change


def _set(path: str, value: Any) -> Callable[[Dict[str, Any]], None]:
    def change(config):
        *parents, last = path.split(".")
        node = config
        for part in parents:
            node = node[part]
        node[last] = value

    return change


def revoked_by_rotation(res: Resources):
    """The seller's refresh token was rotated by another client: the copy in this config is dead."""
    box = res.sandbox(rotate_refresh_token=True)
    config = connector_config(box)
    box.tokens.refresh(box.app_key, box.app_secret, box.refresh_token, "refresh_token")
    return "check", config, None


def expired_authorization(res: Resources):
    box = res.sandbox(refresh_token_ttl=1)  # the seller's authorization lapses a second after it is granted
    box.clock_skew = 2  # and TikTok's clock is already past that second (well inside the signature's tolerance)
    return "check", connector_config(box), None


def clock_skew(res: Resources):
    box = res.sandbox()
    box.clock_skew = 900  # TikTok's clock 15 minutes ahead of this machine's: every timestamp is stale
    return "check", connector_config(box), None


def scope_revoked(res: Resources):
    box = res.sandbox()
    box.revoke_group("order")
    return "read", connector_config(box), ["orders"]


def html_api(res: Resources):
    stub = res.stub(Stub({}, default=(200, "text/html", "<!DOCTYPE html><html><body>Welcome to our shop!</body></html>")))
    return "check", connector_config(res.shared, api_base_url=stub.url), None


def not_tiktok_api(res: Resources):
    stub = res.stub(Stub({}))
    return "check", connector_config(res.shared, api_base_url=stub.url), None


def html_auth(res: Resources):
    stub = res.stub(Stub({}, default=(200, "text/html", "<html><body>Sign in</body></html>")))
    return "check", connector_config(res.shared, auth_base_url=stub.url), None


def unreachable_api(res: Resources):
    return "read", connector_config(res.shared, api_base_url=f"http://127.0.0.1:{closed_port()}", max_retries=0), ["shops"]


def unexpected_shape(res: Resources):
    stub = res.stub(tiktok_like_stub([{"id": "1"}]))  # `data` a list instead of an object
    return "read", stub_config(stub), ["orders"]


def unknown_enums_and_missing_fields(res: Resources):
    now = int(time.time()) - 3600
    orders = [
        {
            "id": "576460000000000001",
            "status": "SOME_STATUS_TIKTOK_ADDS_LATER",
            "create_time": now,
            "update_time": now,
            "payment": {"currency": "USD", "total_amount": "10.00"},
            "fulfillment_type": "FULFILLMENT_BY_SOMEONE_NEW",
        },
        # Nearly bare: everything but the key and the cursor missing.
        {"id": "576460000000000002", "update_time": now},
    ]
    stub = res.stub(tiktok_like_stub({"orders": orders, "next_page_token": "", "total_count": 2}))
    return "read", stub_config(stub), ["orders"]


def no_shop_authorized(res: Resources):
    """TikTok answers the shop list with no shop: the refresh token authorizes the app for none."""
    stub = res.stub(
        Stub(
            {
                ("GET", "/api/v2/token/refresh"): (200, "application/json", {**envelope(token_data()), "message": "success"}),
                ("GET", "/authorization/202309/shops"): (
                    200,
                    "application/json",
                    {"code": 0, "message": "Success", "request_id": "x", "data": {"shops": []}},
                ),
            }
        )
    )
    return "read", stub_config(stub), ["shops", "orders"]


NO_SHOP_READ = "read with an authorization covering no shop"

CASES = [
    offline(Case("missing credentials", with_config(_del("credentials")), "config", ["`credentials` is required"])),
    offline(Case("missing app_key", with_config(_del("credentials.app_key")), "config", ["`credentials.app_key` is required"])),
    offline(
        Case("empty app_secret", with_config(_set("credentials.app_secret", "")), "config", ["`credentials.app_secret` must not be empty"])
    ),
    offline(
        Case(
            "refresh_token of the wrong type",
            with_config(_set("credentials.refresh_token", NUMERIC_SECRET)),
            "config",
            ["`credentials.refresh_token` must be of type string"],
            [str(NUMERIC_SECRET)],
        )
    ),
    offline(
        Case("start_date of the wrong type", with_config(_set("start_date", 20240101)), "config", ["`start_date` must be of type string"])
    ),
    offline(
        Case("unparseable start_date", with_config(_set("start_date", "2024-13-45")), "config", ["`start_date`", "2024-01-01T00:00:00Z"])
    ),
    offline(
        Case("start_date in the basic ISO form", with_config(_set("start_date", "20240101")), "config", ["`start_date`", "YYYY-MM-DD"])
    ),
    offline(
        Case("start_date in the future", with_config(_set("start_date", "2999-01-01T00:00:00Z")), "config", ["`start_date`", "future"])
    ),
    offline(
        Case("shop_ids not a list", with_config(_set("shop_ids", "7494000000000000001")), "config", ["`shop_ids` must be of type array"])
    ),
    Case("unknown shop id", with_config(_set("shop_ids", ["999999999999999999"])), "config", ["999999999999999999", "Authorized shops"]),
    offline(
        Case("lookback_window out of range", with_config(_set("lookback_window", 500)), "config", ["`lookback_window` must be at most 90"])
    ),
    offline(
        Case(
            "requests_per_second zero",
            with_config(_set("requests_per_second", 0)),
            "config",
            ["`requests_per_second` must be greater than 0"],
        )
    ),
    offline(
        Case(
            "unknown pii_handling",
            with_config(_set("pii_handling", "maybe")),
            "config",
            ["`pii_handling` must be one of keep, hash, block"],
        )
    ),
    offline(
        Case(
            "unknown table in hashed_fields",
            with_config(_set("hashed_fields", ["invoices.total"])),
            "config",
            ["invoices", "unknown table"],
        )
    ),
    Case(
        "wrong app_secret",
        with_config(_set("credentials.app_secret", WRONG_APP_SECRET)),
        "config",
        ["`credentials.app_secret`", "App secret"],
        [WRONG_APP_SECRET],
    ),
    Case(
        "wrong app_key", with_config(_set("credentials.app_key", "bad-input-wrong-app-key")), "config", ["`credentials.app_key`", "App key"]
    ),
    Case("refresh token revoked by rotation", revoked_by_rotation, "config", ["Re-authorize", "refresh token"]),
    Case("authorization expired (refresh_token_ttl)", expired_authorization, "config", ["Re-authorize", "expired"]),
    offline(
        Case(
            "api_base_url not a URL",
            with_config(_set("api_base_url", "open-api.tiktokglobalshop.com")),
            "config",
            ["`api_base_url`", "https://"],
        )
    ),
    Case("api_base_url serves an HTML page", html_api, "config", ["HTML page", "`api_base_url`"]),
    Case("api_base_url is not TikTok (404)", not_tiktok_api, "config", ["HTTP 404", "`api_base_url`"]),
    Case("auth_base_url serves an HTML page", html_auth, "config", ["token endpoint", "`auth_base_url`"]),
    Case("api_base_url unreachable", unreachable_api, "transient", ["Could not reach TikTok Shop", "`api_base_url`"]),
    Case("clock skewed by 15 minutes", clock_skew, "config", ["clock", "NTP"]),
    Case("API group not granted", scope_revoked, "config", ["Order Information", "Partner Center"]),
    Case(
        "API answers with an unexpected shape",
        unexpected_shape,
        "system",
        ["/order/202309/orders/search", "`data` is a list, not an object", "report it"],
        [STUB_APP_SECRET, STUB_REFRESH_TOKEN, STUB_ACCESS_TOKEN],
    ),
    Case(
        "unknown enum values and missing fields",
        unknown_enums_and_missing_fields,
        "ok",
        [],
        [STUB_APP_SECRET, STUB_REFRESH_TOKEN, STUB_ACCESS_TOKEN],
    ),
    # Oversized inputs: a config error naming the key and the limit, never the value (nothing is sent to TikTok).
    offline(
        Case(
            "100 kB app_key",
            with_config(_set("credentials.app_key", HUGE_APP_KEY)),
            "config",
            ["`credentials.app_key` is too long", f"{HUGE} characters", "at most 256"],
            [HUGE_APP_KEY, HUGE_APP_KEY[:61]],
        )
    ),
    offline(
        Case(
            "100 kB refresh_token",
            with_config(_set("credentials.refresh_token", HUGE_REFRESH_TOKEN)),
            "config",
            ["`credentials.refresh_token` is too long", f"{HUGE} characters", "at most 4096"],
            [HUGE_REFRESH_TOKEN, HUGE_REFRESH_TOKEN[4:30]],
        )
    ),
    offline(
        Case(
            "100 kB shop id",
            with_config(_set("shop_ids", [HUGE_SHOP_ID])),
            "config",
            ["`shop_ids[0]` is too long", f"{HUGE} characters", "at most 64"],
            [HUGE_SHOP_ID, HUGE_SHOP_ID[:61]],
        )
    ),
    offline(
        Case(
            "100 kB start_date",
            with_config(_set("start_date", HUGE_START_DATE)),
            "config",
            ["`start_date` is too long", f"{HUGE} characters", "at most 64"],
            [HUGE_START_DATE, HUGE_START_DATE[:61]],
        )
    ),
    Case(
        NO_SHOP_READ,
        no_shop_authorized,
        "config",
        ["covers no shop", "Seller Center", "refresh token"],
        [STUB_APP_SECRET, STUB_REFRESH_TOKEN, STUB_ACCESS_TOKEN],
    ),
]


def secrets_in(config: Dict[str, Any]) -> List[str]:
    credentials = config.get("credentials") or {}
    return [str(credentials[k]) for k in ("app_secret", "refresh_token", "access_token") if credentials.get(k)]


def visible_output(run: Run) -> str:
    """Everything printed, except CONTROL messages, whose job is to hand new tokens to Airbyte's secret store."""
    lines = [line for line in run.stdout.splitlines() if '"type":"CONTROL"' not in line.replace(" ", "")]
    return "\n".join(lines) + run.stderr


def run_in_process(command: str, config: Dict[str, Any]) -> Run:
    """The console script's entrypoint, minus the process: every message it would print."""
    with tempfile.TemporaryDirectory() as directory:
        entrypoint = TikTokShopEntrypoint(SourceTiktokShop())
        lines: List[str] = []
        returncode = 0
        try:
            lines.extend(entrypoint.run(entrypoint.parse_args(_args(directory, command, copy.deepcopy(config), None, None))))
        except AirbyteTracedException as exc:  # what the uncaught-exception hook would print, then exit 1
            lines.append(TikTokShopEntrypoint.airbyte_message_to_string(exc.as_sanitized_airbyte_message()))
            returncode = 1
    stdout = "\n".join(lines)
    return Run(returncode, stdout, "", _parse(stdout))


@pytest.fixture(scope="module")
def outcomes(shared_sandbox, discovered_streams):
    res = Resources(shared_sandbox)
    prepared = {}
    try:
        for case in CASES:
            command, config, streams = case.setup(res)
            catalog = configured_catalog(discovered_streams, False, streams) if streams else None
            prepared[case.id] = (command, config, catalog)

        def execute(case: Case):
            command, config, catalog = prepared[case.id]
            return run_connector(command, copy.deepcopy(config), catalog, timeout=120)

        runs = {case.id: run_in_process(*prepared[case.id][:2]) for case in CASES if case.offline}
        online = [case for case in CASES if not case.offline]
        with ThreadPoolExecutor(max_workers=3) as pool:
            runs.update(zip([c.id for c in online], pool.map(execute, online)))
        yield {case.id: (prepared[case.id][1], runs[case.id]) for case in CASES}
    finally:
        res.close()


def test_the_matrix_is_at_least_fifteen_cases():
    assert len(CASES) >= 15
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_gets_a_clear_message(case: Case, outcomes, shared_sandbox):
    config, run = outcomes[case.id]
    shown = visible_output(run)
    # Secrets: the config's, the sandbox's real ones, and any token the run obtained (from CONTROL).
    secrets = secrets_in(config) + [shared_sandbox.app_secret, shared_sandbox.refresh_token] + [str(s) for s in case.secrets]
    for control in run.controls:
        secrets += secrets_in(control["connectorConfig"]["config"])
    for secret in secrets:
        assert secret not in shown, f"a secret leaked into the output of {case.id!r}"

    if case.outcome == "ok":
        assert run.returncode == 0 and not run.errors, run.errors or run.stderr[-2000:]
        records = run.records()
        assert {r["id"] for r in records} == {"576460000000000001", "576460000000000002"}
        first = next(r for r in records if r["id"] == "576460000000000001")
        assert first["status"] == "SOME_STATUS_TIKTOK_ADDS_LATER", "unknown enum values pass through unchanged"
        return

    if case.outcome == "config" and run.of_type("CONNECTION_STATUS"):
        # `check` answers a config_error with FAILED and exit code 0; any other failure type is a TRACE + exit 1.
        status = run.connection_status
        assert status["status"] == "FAILED" and run.returncode == 0, (status, run.stderr[-2000:])
        message = status["message"]
    else:
        assert run.returncode != 0, f"{case.id}: the run should fail"
        assert run.errors, run.stderr[-2000:]
        error = run.errors[0]
        assert error["failure_type"] == f"{case.outcome}_error", error
        message = error["message"]
    for word in case.words:
        assert word in message, f"{case.id}: {word!r} not in {message!r}"
    assert "Traceback" not in message and "Something went wrong" not in message
    assert len(message) < 1500


def test_a_read_with_no_authorized_shop_is_not_an_empty_sync(outcomes):
    """An authorization covering none of the selected shops. `check` fails on it; `read` must too."""
    _, run = outcomes[NO_SHOP_READ]
    assert run.returncode != 0, "the read should fail, not succeed with nothing"
    assert not run.records(), "no record can come from an authorization that covers no shop"
    assert run.errors and all(error["failure_type"] == "config_error" for error in run.errors), run.errors or run.stderr[-2000:]
    assert "covers no shop" in run.errors[0]["message"]
    assert "Traceback" not in run.errors[0]["message"]
