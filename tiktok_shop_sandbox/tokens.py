"""OAuth-ish token store: app credentials, auth codes, refresh and access tokens.

Expiry fields in token responses (GET /api/v2/token/get and /api/v2/token/refresh: `access_token_expire_in`,
`refresh_token_expire_in`) are absolute epochs, despite their names. Refresh-token
rotation is undocumented; rotate=True is the strict reading (old token dies at once).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass, field
from typing import Callable

from . import errors

GROUP_SCOPES = {
    # Scope strings (granted_scopes of GET /api/v2/token/get) are plausible, not verified; the analytics one is the
    # name a third-party client documents for GET /analytics/202405/shop/performance.
    "authorization": ["seller.authorization.info"],
    "seller": ["seller.shop.info"],
    "product": ["seller.product.basic"],
    "order": ["seller.order.info"],
    "finance": ["seller.finance.info"],
    "return_refund": ["seller.return_refund.basic"],
    "fulfillment": ["seller.fulfillment.basic"],
    "logistics": ["seller.logistics"],
    "analytics": ["data.shop_analytics.public.read"],
    "promotion": ["seller.promotion.info"],
    # GET /authorization/202405/category_assets alone (its scope is undocumented; a group of its own so it can be denied).
    "category_assets": ["seller.authorization.category_assets"],
    # Fulfilled by TikTok (every /fbt/ path); the scope string is as plausible and as unverified as the others.
    "fbt": ["seller.fbt.info"],
    # The read scope of the Affiliate Seller APIs (a granted_scopes sample in shared/tiktok-shop-api.md, section 2).
    "affiliate_seller": ["seller.affiliate_collaboration.read"],
}


def derived_secret(seed: int, label: str, length: int) -> str:
    out = ""
    counter = 0
    while len(out) < length:
        out += hashlib.sha256(f"tiktok-shop-sandbox:{seed}:{label}:{counter}".encode()).hexdigest()
        counter += 1
    return out[:length]


def _new_token() -> str:
    return "TTP_" + secrets.token_urlsafe(48)


@dataclass
class Authorization:
    id: int
    shop_ids: frozenset
    open_id: str
    seller_name: str
    seller_base_region: str


@dataclass
class AccessToken:
    token: str
    auth: Authorization
    expires_at: int


@dataclass
class RefreshToken:
    token: str
    auth: Authorization
    expires_at: int
    revoked: bool = False


@dataclass
class AuthCode:
    code: str
    auth: Authorization
    expires_at: int
    used: bool = False


@dataclass
class TokenStore:
    app_key: str
    app_secret: str
    clock: Callable[[], float]
    access_token_ttl: int
    refresh_token_ttl: int
    rotate_refresh_token: bool
    auth_code_ttl: int = 1800
    groups: set = field(default_factory=lambda: set(GROUP_SCOPES))
    _lock: threading.RLock = field(default_factory=threading.RLock)
    _access: dict = field(default_factory=dict)
    _refresh: dict = field(default_factory=dict)
    _codes: dict = field(default_factory=dict)
    _auths: list = field(default_factory=list)
    _latest: dict = field(default_factory=dict)

    def now(self) -> int:
        return int(self.clock())

    # -- setup helpers used by the Sandbox and tests ----------------------------------
    def new_authorization(self, shop_ids, open_id: str, seller_name: str, region: str) -> Authorization:
        with self._lock:
            auth = Authorization(len(self._auths) + 1, frozenset(shop_ids), open_id, seller_name, region)
            self._auths.append(auth)
            return auth

    def issue_refresh(self, auth: Authorization, token: str | None = None, ttl: int | None = None) -> RefreshToken:
        with self._lock:
            rt = RefreshToken(token or _new_token(), auth, self.now() + (self.refresh_token_ttl if ttl is None else ttl))
            self._refresh[rt.token] = rt
            self._latest[auth.id] = rt.token
            return rt

    def issue_access(self, auth: Authorization, ttl: int | None = None) -> AccessToken:
        with self._lock:
            at = AccessToken(_new_token(), auth, self.now() + (self.access_token_ttl if ttl is None else ttl))
            self._access[at.token] = at
            return at

    def issue_auth_code(self, auth: Authorization, ttl: int | None = None) -> str:
        with self._lock:
            code = "ROW_" + secrets.token_urlsafe(32)
            self._codes[code] = AuthCode(code, auth, self.now() + (self.auth_code_ttl if ttl is None else ttl))
            return code

    def expire_refresh_token(self, token: str) -> None:
        with self._lock:
            self._refresh[token].expires_at = self.now() - 1

    def expire_access_token(self, token: str) -> None:
        with self._lock:
            self._access[token].expires_at = self.now() - 1

    def latest_refresh(self, auth: Authorization) -> str:
        with self._lock:
            return self._latest[auth.id]

    def lookup_access(self, token: str | None) -> AccessToken | None:
        if not token:
            return None
        with self._lock:
            return self._access.get(token)

    def granted_scopes(self) -> list[str]:
        return [s for g in GROUP_SCOPES if g in self.groups for s in GROUP_SCOPES[g]]

    # -- token host endpoints -------------------------------------------------------------
    def _check_app(self, app_key: str | None, app_secret: str | None) -> None:
        if app_key != self.app_key or not app_secret or not secrets.compare_digest(app_secret, self.app_secret):
            raise errors.ApiError(errors.INVALID_APP_CREDENTIALS)

    def _response(self, access: AccessToken, refresh: RefreshToken) -> dict:
        auth = access.auth
        return {
            "access_token": access.token,
            "access_token_expire_in": access.expires_at,
            "refresh_token": refresh.token,
            "refresh_token_expire_in": refresh.expires_at,
            "open_id": auth.open_id,
            "seller_name": auth.seller_name,
            "seller_base_region": auth.seller_base_region,
            "user_type": 0,
            "granted_scopes": self.granted_scopes(),
        }

    def refresh(self, app_key, app_secret, refresh_token, grant_type) -> dict:
        self._check_app(app_key, app_secret)
        # The official Node SDK sends authorized_code on refresh too; both are accepted.
        if grant_type not in ("refresh_token", "authorized_code"):
            raise errors.ApiError(errors.INVALID_APP_CREDENTIALS, "invalid grant_type")
        with self._lock:
            rt = self._refresh.get(refresh_token or "")
            if rt is None or rt.revoked:
                raise errors.ApiError(errors.AUTH_RECORD_NOT_FOUND)
            if rt.expires_at <= self.now():
                raise errors.ApiError(errors.RT_EXPIRED)
            access = self.issue_access(rt.auth)
            if self.rotate_refresh_token:
                rt.revoked = True
                rt = self.issue_refresh(rt.auth)
            return self._response(access, rt)

    def exchange_code(self, app_key, app_secret, auth_code, grant_type) -> dict:
        self._check_app(app_key, app_secret)
        if grant_type != "authorized_code":
            raise errors.ApiError(errors.INVALID_APP_CREDENTIALS, "invalid grant_type")
        with self._lock:
            code = self._codes.get(auth_code or "")
            if code is None or code.used or code.expires_at <= self.now():
                raise errors.ApiError(errors.INVALID_AUTH_CODE)
            code.used = True
            access = self.issue_access(code.auth)
            refresh = self.issue_refresh(code.auth)
            return self._response(access, refresh)
