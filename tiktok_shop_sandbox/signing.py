"""TikTok Shop request signature: the `sign` query parameter of every signed 202309+ Open API request
(e.g. POST /order/202309/orders/search).

Used by the server to verify requests and by tests (or any client) to produce them.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Mapping

EXCLUDED_KEYS = ("sign", "access_token")


def _as_bytes(body: bytes | str | None) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    return bytes(body)


def _body_is_signed(method: str, content_type: str | None) -> bool:
    if method.upper() == "GET":
        return False
    return not (content_type or "").lower().startswith("multipart/form-data")


def base_string(
    path: str,
    query: Mapping[str, object],
    body: bytes | str | None = b"",
    method: str = "GET",
    content_type: str | None = "application/json",
) -> bytes:
    """path + sorted(key+value) + raw body; values must already be URL-decoded."""
    keys = sorted((k for k in query if k not in EXCLUDED_KEYS), key=lambda k: k.encode("utf-8"))
    parts = [path.encode("utf-8")]
    for key in keys:
        parts.append(key.encode("utf-8"))
        parts.append(str(query[key]).encode("utf-8"))
    if _body_is_signed(method, content_type):
        parts.append(_as_bytes(body))
    return b"".join(parts)


def sign(
    app_secret: str,
    path: str,
    query: Mapping[str, object],
    body: bytes | str | None = b"",
    method: str = "GET",
    content_type: str | None = "application/json",
) -> str:
    secret = app_secret.encode("utf-8")
    wrapped = secret + base_string(path, query, body, method, content_type) + secret
    return hmac.new(secret, wrapped, hashlib.sha256).hexdigest()


def verify(
    app_secret: str,
    path: str,
    query: Mapping[str, object],
    body: bytes | None,
    method: str,
    content_type: str | None,
    received: str,
) -> bool:
    """Exact lowercase-hex match; empty and `{}` bodies accept either signing convention.

    SDKs disagree on whether an empty body contributes "{}" to the signature, and the
    real server's choice is unverified, so both are accepted only for those two bodies.
    """
    raw = _as_bytes(body)
    candidates = [raw]
    if _body_is_signed(method, content_type) and raw.strip() in (b"", b"{}"):
        candidates = [raw, b"", b"{}"]
    for candidate in candidates:
        expected = sign(app_secret, path, query, candidate, method, content_type)
        # compare_digest on str is case-sensitive, so uppercase hex is rejected like the real API.
        if hmac.compare_digest(expected, received):
            return True
    return False


def signed_params(
    app_key: str,
    app_secret: str,
    path: str,
    params: Mapping[str, object] | None = None,
    body: bytes | str | None = b"",
    method: str = "GET",
    timestamp: int | None = None,
    content_type: str | None = "application/json",
) -> dict:
    """Query dict with app_key, timestamp and sign added — a convenience for clients and tests."""
    query = {k: str(v) for k, v in (params or {}).items()}
    query["app_key"] = app_key
    query["timestamp"] = str(int(time.time()) if timestamp is None else timestamp)
    query["sign"] = sign(app_secret, path, query, body, method, content_type)
    return query
