"""Fixtures for the sandbox's own tests: a running Sandbox and a tiny signing client."""

from __future__ import annotations

import json as _json
import time

import pytest
import requests

from tiktok_shop_sandbox import Sandbox
from tiktok_shop_sandbox.signing import sign

ANCHOR = 1_760_000_400  # fixed dataset "now" (2025-10-09T09:00:00Z) so tests are reproducible


class Client:
    """Signs requests the way a correct TikTok Shop client must; every knob can be broken on purpose."""

    def __init__(self, sb: Sandbox, token: str | None = None):
        self.sb = sb
        self.session = requests.Session()
        self.token = token if token is not None else sb.issue_access_token()

    def shop(self, i: int = 0) -> dict:
        return self.sb.data.shops[i]

    def call(
        self,
        method: str,
        path: str,
        params: dict | None = None,
        body=None,
        *,
        shop=None,
        token=...,
        headers: dict | None = None,
        timestamp: int | None = None,
        app_key=...,
        app_secret=None,
        signed: bool = True,
        sign_override: str | None = None,
        raw_body: bytes | None = None,
        content_type: str | None = "application/json",
        timeout: float = 10,
    ):
        query = {k: str(v) for k, v in (params or {}).items()}
        if shop is not None:
            query["shop_cipher"] = shop["cipher"] if isinstance(shop, dict) else shop
        if app_key is ...:
            app_key = self.sb.app_key
        if app_key is not None:
            query["app_key"] = app_key
        query["timestamp"] = str(int(time.time()) if timestamp is None else timestamp)
        if raw_body is not None:
            data = raw_body
        elif body is not None:
            data = _json.dumps(body).encode()
        else:
            data = b"" if method == "GET" else b"{}"
        if signed:
            query["sign"] = sign_override or sign(app_secret or self.sb.app_secret, path, query, data, method, content_type)
        hdrs = {}
        if content_type is not None:
            hdrs["Content-Type"] = content_type
        tok = self.token if token is ... else token
        if tok is not None:
            hdrs["x-tts-access-token"] = tok
        hdrs.update(headers or {})
        return self.session.request(method, self.sb.base_url + path, params=query, data=data or None, headers=hdrs, timeout=timeout)

    def get(self, path, params=None, **kw):
        return self.call("GET", path, params, **kw)

    def post(self, path, params=None, body=None, **kw):
        return self.call("POST", path, params, body if body is not None else {}, **kw)

    def ok(self, resp) -> dict:
        assert resp.status_code == 200, resp.text
        payload = resp.json()
        assert payload["code"] == 0, payload
        return payload["data"]

    def token_call(self, path: str, **params):
        return self.session.get(self.sb.base_url + path, params=params, headers={"Content-Type": "application/json"}, timeout=10)

    def walk(self, method: str, path: str, params: dict, list_key: str, body=None, shop=None):
        """Follow next_page_token to the end; return (records, pages)."""
        out, pages, token = [], [], None
        while True:
            q = dict(params)
            if token:
                q["page_token"] = token
            data = self.ok(self.call(method, path, q, body if method != "GET" else None, shop=shop))
            pages.append(data)
            out.extend(data[list_key])
            token = data.get("next_page_token")
            if not token:
                return out, pages

    @staticmethod
    def error(resp, code: int, status: int | None = None, message_part: str | None = None) -> dict:
        payload = resp.json()
        assert payload["code"] == code, payload
        assert payload["data"] is None
        assert len(payload["request_id"]) == 34
        if status is not None:
            assert resp.status_code == status, (resp.status_code, payload)
        if message_part is not None:
            assert message_part in payload["message"], payload["message"]
        return payload


@pytest.fixture
def sb():
    sandbox = Sandbox(seed=7, anchor=ANCHOR).start()
    yield sandbox
    sandbox.stop()


@pytest.fixture(scope="module")
def ro():
    """A client of a read-only sandbox shared by one module's tests (tests that mutate use `client`)."""
    sandbox = Sandbox(seed=7, anchor=ANCHOR).start()
    c = Client(sandbox)
    yield c
    c.session.close()
    sandbox.stop()


@pytest.fixture
def client(sb):
    c = Client(sb)
    yield c
    c.session.close()


@pytest.fixture
def make_sandbox():
    """Factory for sandboxes with non-default settings; all are stopped at teardown."""
    made = []

    def factory(**kwargs):
        kwargs.setdefault("anchor", ANCHOR)
        sandbox = Sandbox(**kwargs).start()
        made.append(sandbox)
        return sandbox

    yield factory
    for sandbox in made:
        sandbox.stop()


@pytest.fixture
def make_client():
    made = []

    def factory(sandbox, token=...):
        c = Client(sandbox, None if token is ... else token)
        made.append(c)
        return c

    yield factory
    for c in made:
        c.session.close()
