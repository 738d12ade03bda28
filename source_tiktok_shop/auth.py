"""TikTok Shop token lifecycle and per-request signing, as a CDK OAuth authenticator.

Built on `SingleUseRefreshTokenOauth2Authenticator` so that a rotated refresh token is written back
into the connector config and persisted by Airbyte through a CONNECTOR_CONFIG control message, and
so that refreshes are serialised by the CDK's refresh lock. Two TikTok differences are overridden:
the refresh is an unsigned GET on the auth host (the CDK only POSTs), and the token travels in
`x-tts-access-token` next to a signed query string.
"""

from __future__ import annotations

import logging
import random
import time
from datetime import timedelta
from typing import Any, List, Mapping, MutableMapping, Optional, Tuple, Union, cast
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from airbyte_cdk.models import FailureType
from airbyte_cdk.sources.streams.http.requests_native_auth import SingleUseRefreshTokenOauth2Authenticator
from airbyte_cdk.utils import AirbyteTracedException
from airbyte_cdk.utils.airbyte_secrets_utils import add_to_secrets
from airbyte_cdk.utils.datetime_helpers import AirbyteDateTime, ab_datetime_now, ab_datetime_parse

from .errors import body_kind, describe, parse_envelope
from .signing import sign_request
from .transport import DeadlineHTTPAdapter, mount_for_api_hosts

logger = logging.getLogger("airbyte")

REFRESH_PATH = "/api/v2/token/refresh"
# Query keys the authenticator owns: stripped and re-added on every (re)try so the timestamp is fresh.
SIGNED_KEYS = ("app_key", "timestamp", "sign", "access_token")
# Refresh this long before expiry, but never more than a tenth of the token's life (short test TTLs).
REFRESH_MARGIN_SECONDS = 300
REFRESH_ATTEMPTS = 4
AUTHORIZATION_WARNING_DAYS = 30
# `access_token_expire_in` is an epoch; these bound what is believed of it. Values below EPOCH_FLOOR
# (before 2001) are read as a lifetime in seconds, above EPOCH_MS_FLOOR as epoch milliseconds. An
# expiry already passed is honoured for MIN_TOKEN_LIFETIME_SECONDS (a 105002 still refreshes sooner):
# taken at its word it makes every later request refresh again. One further ahead than
# MAX_PLAUSIBLE_LIFETIME_SECONDS (a real token lives 7 days) is cut to CAPPED_TOKEN_LIFETIME_SECONDS.
EPOCH_FLOOR = 10**9
EPOCH_MS_FLOOR = 10**11
EXPIRED_ON_ARRIVAL_SECONDS = 1
MIN_TOKEN_LIFETIME_SECONDS = 600
MAX_PLAUSIBLE_LIFETIME_SECONDS = 400 * 86400
CAPPED_TOKEN_LIFETIME_SECONDS = 30 * 86400


class TikTokShopAuthenticator(SingleUseRefreshTokenOauth2Authenticator):
    def __init__(
        self,
        config: MutableMapping[str, Any],
        auth_base_url: str,
        request_timeout: Tuple[float, float] = (10.0, 30.0),
        retry_base_seconds: float = 1.0,
        max_retries: int = REFRESH_ATTEMPTS - 1,
    ) -> None:
        credentials = config["credentials"]
        _adopt_oauth_expiry(credentials)
        self._app_key: str = credentials["app_key"]
        self._app_secret: str = credentials["app_secret"]
        self._refresh_url = auth_base_url.rstrip("/") + REFRESH_PATH
        self._request_timeout = request_timeout
        self._retry_base_seconds = retry_base_seconds
        # Bounded like every other call: at most REFRESH_ATTEMPTS tries, fewer when max_retries is lower.
        self._refresh_attempts = max(1, min(REFRESH_ATTEMPTS, max_retries + 1))
        self._warned_authorization_expiry = False
        self._warned_expiry_oddities: set[str] = set()
        self._token_lifetime: Optional[float] = None
        self._refresh_session = requests.Session()
        # A token endpoint that trickles its answer would otherwise hold the refresh lock, and with it
        # every stream, for as long as each byte beats the read timeout.
        refresh_adapter = DeadlineHTTPAdapter(deadline_seconds=request_timeout[1])
        mount_for_api_hosts(self._refresh_session, refresh_adapter)
        self.granted_scopes: Optional[List[str]] = None
        self.refresh_token_expires_at: Optional[int] = None
        super().__init__(
            connector_config=config,
            token_refresh_endpoint=self._refresh_url,
            client_id_name="app_key",
            client_id=self._app_key,
            client_secret_name="app_secret",
            client_secret=self._app_secret,
            token_expiry_is_time_of_expiration=True,
        )

    # ---- token header -------------------------------------------------------------------------

    def get_auth_header(self) -> MutableMapping[str, Any]:
        return {"x-tts-access-token": self.get_access_token()}

    def token_has_expired(self) -> bool:
        if not self.access_token:
            return True
        expiry = self.get_token_expiry_date()
        margin: float = REFRESH_MARGIN_SECONDS
        if self._token_lifetime is not None:
            margin = min(margin, self._token_lifetime / 10)
        return ab_datetime_now() > expiry - timedelta(seconds=margin)

    # ---- signing --------------------------------------------------------------------------------

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers.update(self.get_auth_header())
        return self.sign(request)

    def sign(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        """Stamp `app_key`, `timestamp` and `sign` on the query, over the body exactly as prepared."""
        request.headers["Content-Type"] = "application/json"
        parts = urlsplit(str(request.url))
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in SIGNED_KEYS]
        # time.time() is looked up at call time, so each retry carries a fresh timestamp and sign.
        query += [("app_key", self._app_key), ("timestamp", str(int(time.time())))]
        # The CDK's HTTP client prepares JSON bodies, so the body is bytes or text here, never a stream.
        body = cast(Union[bytes, str, None], request.body) if (request.method or "GET").upper() != "GET" else None
        query.append(("sign", sign_request(self._app_secret, parts.path, query, body)))
        request.url = urlunsplit(parts._replace(query=urlencode(query)))
        return request

    # ---- refresh --------------------------------------------------------------------------------

    # The rotated refresh token comes back too, as the CDK's single-use authenticator expects (its
    # abstract base declares two values).
    def refresh_access_token(self) -> Tuple[str, AirbyteDateTime, Optional[str]]:  # type: ignore[override]
        envelope = self._request_refresh()
        data = envelope.get("data") or {}
        try:
            access_token = str(data["access_token"])
            # Absolute epoch seconds despite the name (GET /api/v2/token/refresh, `access_token_expire_in`); oddities handled below.
            expire_in = int(data["access_token_expire_in"])
        except (KeyError, TypeError, ValueError) as exc:
            raise AirbyteTracedException(
                message="TikTok Shop's token endpoint answered without a usable access token.",
                internal_message=f"Unexpected refresh payload keys: {sorted(data)}",
                failure_type=FailureType.system_error,
            ) from exc
        refresh_token = data.get("refresh_token") or None
        add_to_secrets(access_token)
        if refresh_token:
            add_to_secrets(refresh_token)
        now = time.time()
        expires_at = self._effective_expiry(expire_in, now)
        self._token_lifetime = max(expires_at - now, 0)
        self.granted_scopes = data.get("granted_scopes")
        self._note_authorization_expiry(data.get("refresh_token_expire_in"))
        return access_token, ab_datetime_parse(expires_at), refresh_token

    def _effective_expiry(self, expire_in: int, now: float) -> int:
        """The epoch second to treat the new token as expiring at: TikTok's value when plausible."""
        said = f"TikTok's token endpoint gave access_token_expire_in={expire_in}"
        expires_at = expire_in
        if 0 < expire_in < EPOCH_FLOOR:
            expires_at = int(now) + expire_in
            self._warn_expiry_once("duration", f"{said}, which is not an epoch; read as a lifetime of {expire_in} s.")
        elif expire_in > EPOCH_MS_FLOOR:
            expires_at = expire_in // 1000
            self._warn_expiry_once(
                "milliseconds", f"{said}, which is not an epoch in seconds; read as milliseconds (expiry {_utc(expires_at)})."
            )
        if expires_at <= now + EXPIRED_ON_ARRIVAL_SECONDS:
            self._warn_expiry_once(
                "expired",
                f"{said}, an expiry that is not in the future; using the token for {MIN_TOKEN_LIFETIME_SECONDS} s before "
                "refreshing again (sooner if TikTok reports it expired).",
            )
            return int(now) + MIN_TOKEN_LIFETIME_SECONDS
        if expires_at - now > MAX_PLAUSIBLE_LIFETIME_SECONDS:
            self._warn_expiry_once(
                "far_future",
                f"{said}, an expiry {(expires_at - now) / 86400:.0f} days ahead (an access token lives 7 days); "
                f"refreshing it within {CAPPED_TOKEN_LIFETIME_SECONDS // 86400} days instead.",
            )
            return int(now) + CAPPED_TOKEN_LIFETIME_SECONDS
        return expires_at

    def _warn_expiry_once(self, kind: str, message: str) -> None:
        # Once per kind and run: the same odd answer comes back on every refresh.
        if kind not in self._warned_expiry_oddities:
            self._warned_expiry_oddities.add(kind)
            logger.warning(message)

    def _request_refresh(self) -> Mapping[str, Any]:
        # The CDK's refresh helper only POSTs; TikTok's refresh is a GET with the app credentials in
        # the query, so this small retry loop stands in for it (transient failures only).
        params = {
            "app_key": self._app_key,
            "app_secret": self._app_secret,
            "refresh_token": self.get_refresh_token(),
            "grant_type": "refresh_token",
        }
        last_problem = "no attempt made"
        for attempt in range(1, self._refresh_attempts + 1):
            if attempt > 1:
                time.sleep(self._retry_base_seconds * 2 ** (attempt - 2) + random.uniform(0, self._retry_base_seconds / 2))
            try:
                response = self._refresh_session.get(
                    self._refresh_url, params=params, headers={"Content-Type": "application/json"}, timeout=self._request_timeout
                )
            except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema) as exc:
                raise _config_error(f"`auth_base_url` is not a valid URL ({type(exc).__name__}).") from exc
            except requests.RequestException as exc:
                last_problem = f"{type(exc).__name__} while connecting to the token endpoint"
                continue
            envelope = parse_envelope(response)
            if envelope is None:
                if response.status_code >= 500 or response.status_code == 429 or (response.ok and body_kind(response) == "broken"):
                    last_problem = f"HTTP {response.status_code} with an unreadable body"
                    continue
                raise _config_error(
                    f"The token endpoint {self._refresh_url} answered HTTP {response.status_code} with a body that is "
                    "not a TikTok response. Check `auth_base_url` (default https://auth.tiktok-shops.com)."
                )
            code = envelope.get("code")
            if code == 0:
                return envelope
            if response.status_code >= 500 or response.status_code == 429 or code in (36009002, 36009003, 36009007):
                last_problem = describe(envelope)
                continue
            raise self._refresh_rejected(envelope)
        raise AirbyteTracedException(
            message=f"Could not refresh the TikTok Shop access token at {self._refresh_url} after {self._refresh_attempts} "
            f"attempt(s): {last_problem}. TikTok's token endpoint may be down; the sync can be retried later "
            "(if this persists, check `auth_base_url`).",
            failure_type=FailureType.transient_error,
        )

    @staticmethod
    def _refresh_rejected(envelope: Mapping[str, Any]) -> AirbyteTracedException:
        code = envelope.get("code")
        message = str(envelope.get("message") or "").lower()
        if code == 36009004 and "app_key" in message:
            return _config_error(
                "TikTok Shop does not recognise the configured `app_key`: copy the App key from Partner Center. "
                f"TikTok said: {describe(envelope)}"
            )
        if isinstance(code, int) and 36004000 <= code < 36005000 and ("app_key" in message or "app_secret" in message):
            return _config_error(
                "TikTok Shop rejected the app credentials when refreshing the access token: check that "
                "`credentials.app_key` and `credentials.app_secret` are the App key and App secret of the app the seller "
                f"authorized (Partner Center > App & Service > your app). TikTok said: {describe(envelope)}"
            )
        if isinstance(code, int) and 36004000 <= code < 36005000:
            return _config_error(
                "TikTok Shop refused to refresh the access token: the refresh token is invalid, expired or already "
                "used, or `app_secret` does not belong to `app_key`. Re-authorize the app for the shop (Seller "
                f"Center > Apps) and paste the new refresh token, and check `app_secret`. TikTok said: {describe(envelope)}"
            )
        return _config_error(f"TikTok Shop refused to refresh the access token. TikTok said: {describe(envelope)}")

    def _note_authorization_expiry(self, refresh_token_expire_in: Any) -> None:
        try:
            expires_at = int(refresh_token_expire_in)
        except (TypeError, ValueError):
            return
        self.refresh_token_expires_at = expires_at
        remaining = expires_at - time.time()
        when = time.strftime("%Y-%m-%d", time.gmtime(expires_at))
        if remaining <= 0:
            raise _config_error(
                f"The seller's authorization expired on {when}: the seller must re-authorize the app and you must "
                "paste the new refresh token."
            )
        if remaining < AUTHORIZATION_WARNING_DAYS * 86400 and not self._warned_authorization_expiry:
            # Once per run: with short-lived access tokens the refresh (and this check) repeats.
            self._warned_authorization_expiry = True
            logger.warning(f"The seller's authorization of this app expires on {when}; re-authorize before then or syncs will stop.")


def _adopt_oauth_expiry(credentials: MutableMapping[str, Any]) -> None:
    """Read the expiry Airbyte's OAuth flow stored (`access_token_expires_at`, TikTok's epoch seconds as text) as the
    CDK's `token_expiry_date`, unless that is set: the connector maintains that one from its first refresh on."""
    expires_at = str(credentials.get("access_token_expires_at") or "")
    if credentials.get("token_expiry_date") or not credentials.get("access_token") or not expires_at.isdigit():
        return
    # Implausible values fall back to "expired" (refresh first), the CDK's reading of no expiry at all.
    if EPOCH_FLOOR <= int(expires_at) < EPOCH_MS_FLOOR:
        credentials["token_expiry_date"] = ab_datetime_parse(int(expires_at)).isoformat()


def _utc(epoch_seconds: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(epoch_seconds))


def _config_error(message: str) -> AirbyteTracedException:
    return AirbyteTracedException(message=message, internal_message=message, failure_type=FailureType.config_error)
