"""The Sandbox object: wires dataset, tokens, faults, limiter and the HTTP server together."""

from __future__ import annotations

import hashlib
import random
import threading
import time
from dataclasses import dataclass

from . import tokens as _tokens
from .dataset import Dataset
from .dates import iso, parse_anchor
from .endpoints import GROUP_PREFIXES
from .faults import Faults
from .gateway import Gateway, Request, Response
from .ids import derive_seed
from .mutations import Mutator
from .ratelimit import RateLimiter
from .server import LOGGED_HEADERS, HttpServer


@dataclass
class LoggedRequest:
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes
    http_status: int | None  # None when the connection was dropped
    code: int | None
    timestamp: float

    def __getitem__(self, key):  # so tests can use r["path"] as well as r.path
        return getattr(self, key)

    def get(self, key, default=None):
        return getattr(self, key, default)


class Sandbox:
    def __init__(
        self,
        seed: int = 1,
        shops: int = 3,
        products_per_shop: int = 60,
        orders_per_shop: int = 300,
        statement_days: int = 45,
        history_days: int = 120,
        access_token_ttl: int = 7 * 86400,
        rotate_refresh_token: bool = False,
        latency_ms: int = 0,
        qps: float | None = None,
        anchor=None,
        refresh_token_ttl: int = 365 * 86400,
        auth_code_ttl: int = 1800,
        host: str = "127.0.0.1",
        max_statement_transactions: int = 40,
    ):
        self.seed = seed
        self.anchor = parse_anchor(anchor) if anchor is not None else int(time.time()) // 3600 * 3600
        self.history_days = history_days
        self.host = host
        self.latency_ms = latency_ms

        # Knobs. Defaults are the strict readings of every UNVERIFIED point.
        self.clock_skew = 0.0  # seconds added to real time to get "server time"
        self.errors_as_http_200 = False  # True: every Open API error envelope comes with HTTP 200
        self.token_errors_as_http_200 = True  # token-host errors observed as HTTP 200 + non-zero code
        self.omit_last_page_token = False  # True: last page has no next_page_token key instead of ""
        self.ip_blocked = False
        self.refresh_failing = False
        self.require_content_type = True
        self.reject_unknown_fields = True  # unknown JSON body fields -> 36009004
        self.reject_unknown_params = True  # unknown query params -> 36009004
        self.token_get_accepts_post = False  # True: /api/v2/token/get also answers a POST (Airbyte's OAuth flow sends one)
        # True: the `qps` limit counts all of a shop's calls together instead of each endpoint's (TikTok documents neither).
        self.qps_per_shop = False

        self.faults = Faults(seed)
        self.limiter = RateLimiter(qps)
        self.data = Dataset(
            seed=seed,
            anchor=self.anchor,
            shops=shops,
            products_per_shop=products_per_shop,
            orders_per_shop=orders_per_shop,
            statement_days=statement_days,
            history_days=history_days,
            max_statement_transactions=max_statement_transactions,
        )
        self.mutate = Mutator(self.data)
        self.app_key = "6" + _base36(seed, "app_key", 23)
        self.app_secret = _tokens.derived_secret(seed, "app_secret", 40)
        # The app's service (the consent page's `service_id`) and the redirect URL registered for it in Partner Center.
        self.service_id = str(derive_seed(seed, "service_id") % 10**19).rjust(19, "7")
        self.redirect_url = "https://airbyte.example/auth_flow"
        self.tokens = _tokens.TokenStore(
            self.app_key, self.app_secret, self.now, access_token_ttl, refresh_token_ttl, rotate_refresh_token, auth_code_ttl
        )
        first = self.data.shop_list[0] if self.data.shop_list else None
        self._auth = self.tokens.new_authorization(
            [s.id for s in self.data.shop_list],
            str(derive_seed(seed, "open_id") % 10**19).rjust(19, "7"),
            "Sandbox Seller",
            first.region if first else "US",
        )
        self._refresh = self.tokens.issue_refresh(self._auth, token="TTP_" + _tokens.derived_secret(seed, "refresh_token", 64))
        self.requests: list[LoggedRequest] = []
        self._log_lock = threading.Lock()
        self._rid_lock = threading.Lock()
        self._rid_rng = random.Random(derive_seed(seed, "request_id"))
        self.gateway = Gateway(self)
        self._server: HttpServer | None = None

    # -- clock & ids ---------------------------------------------------------------------------
    def now(self) -> float:
        return time.time() + self.clock_skew

    def new_request_id(self) -> str:
        stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(self.now()))
        with self._rid_lock:
            return stamp + f"{self._rid_rng.getrandbits(80):020X}"

    # -- credentials ---------------------------------------------------------------------------
    @property
    def refresh_token(self) -> str:
        """The newest refresh token issued for the seller (follows rotation)."""
        return self.tokens.latest_refresh(self._auth)

    def issue_access_token(self, ttl: int | None = None, shop_ids=None) -> str:
        """A valid access token without going through the token host; shop_ids limits which shops it covers."""
        auth = self._auth
        if shop_ids is not None:
            auth = self.tokens.new_authorization([str(s) for s in shop_ids], auth.open_id, auth.seller_name, auth.seller_base_region)
        return self.tokens.issue_access(auth, ttl).token

    def issue_auth_code(self, ttl: int | None = None) -> str:
        return self.tokens.issue_auth_code(self._auth, ttl)

    def expire_refresh_token(self, token: str | None = None) -> None:
        self.tokens.expire_refresh_token(token or self.refresh_token)

    def expire_access_token(self, token: str) -> None:
        self.tokens.expire_access_token(token)

    def revoke_group(self, name: str) -> None:
        self._check_group(name)
        self.tokens.groups.discard(name)

    def grant_group(self, name: str) -> None:
        self._check_group(name)
        self.tokens.groups.add(name)

    @staticmethod
    def _check_group(name: str) -> None:
        if name not in GROUP_PREFIXES:
            raise ValueError(f"unknown API group {name!r}; known: {sorted(GROUP_PREFIXES)}")

    # Knobs that live on the dataset (its views must agree with the endpoints).
    @property
    def analytics_ids_as_strings(self) -> bool:
        """False (default): analytics `id`/`product_id` are JSON integers as the OAS types them; True: strings."""
        return self.data.analytics_ids_as_strings

    @analytics_ids_as_strings.setter
    def analytics_ids_as_strings(self, value: bool) -> None:
        self.data.analytics_ids_as_strings = bool(value)

    @property
    def payments_unavailable_in_sea(self) -> bool:
        """True (default): GET /finance/202309/payments refuses SEA shops ("currently unavailable to SEA markets")."""
        return self.data.payments_unavailable_in_sea

    @payments_unavailable_in_sea.setter
    def payments_unavailable_in_sea(self, value: bool) -> None:
        self.data.payments_unavailable_in_sea = bool(value)

    @property
    def us_category_version_v2_required(self) -> bool:
        """True (default): GET /product/202309/categories of a US shop needs category_version=v2."""
        return self.data.us_category_version_v2_required

    @us_category_version_v2_required.setter
    def us_category_version_v2_required(self, value: bool) -> None:
        self.data.us_category_version_v2_required = bool(value)

    @property
    def qps(self):
        return self.limiter.qps

    @qps.setter
    def qps(self, value):
        self.limiter.qps = value

    # -- server ----------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("sandbox is not started")
        host, port = self._server.address
        return f"http://{host}:{port}"  # ignore-https-check: a test server on the loopback interface

    def start(self, port: int = 0, background: bool = True) -> "Sandbox":
        if self._server is None:
            self._server = HttpServer(self, self.host, port)
            if background:
                self._server.start_background()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def config(self, **overrides) -> dict:
        cfg = {
            "credentials": {
                "auth_type": "oauth2.0",
                "app_key": self.app_key,
                "app_secret": self.app_secret,
                "refresh_token": self.refresh_token,
            },
            "api_base_url": self.base_url,
            "auth_base_url": self.base_url,
            "start_date": iso(self.anchor - self.history_days * 86400),
        }
        for key, value in overrides.items():
            if key in ("auth_type", "app_key", "app_secret", "refresh_token"):
                cfg["credentials"][key] = value
            else:
                cfg[key] = value
        return cfg

    # -- request log -----------------------------------------------------------------------------
    def _log(self, req: Request, resp: Response) -> None:
        entry = LoggedRequest(
            req.method,
            req.path,
            dict(req.query),
            {k: v for k, v in req.headers.items() if k in LOGGED_HEADERS},
            req.body,
            None if resp.drop else resp.status,
            resp.code,
            req.timestamp,
        )
        with self._log_lock:
            self.requests.append(entry)

    def clear_requests(self) -> None:
        with self._log_lock:
            self.requests.clear()


def _base36(seed: int, label: str, length: int) -> str:
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    n = int.from_bytes(hashlib.sha256(f"tiktok-shop-sandbox:{seed}:{label}".encode()).digest(), "big")
    out = ""
    for _ in range(length):
        n, r = divmod(n, 36)
        out += alphabet[r]
    return out
