"""TikTok Shop request signing (202309+ Open API).

sign = hex(HMAC-SHA256(app_secret, app_secret + path + sorted(k+v) + body + app_secret)), lowercase.
The body is appended exactly as it goes on the wire, because TikTok recomputes the HMAC over the
bytes it receives: signing one serialization and sending another is rejected with 106001.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Iterable, Optional, Tuple, Union

# Never part of the signed string: `sign` is the output, and `access_token` is the legacy query
# credential that the Partner Center tool still appends (the first step of
# TikTok's 202309 signing algorithm).
EXCLUDED_KEYS = frozenset({"sign", "access_token"})


def sign_request(
    app_secret: str,
    path: str,
    query: Iterable[Tuple[str, str]],
    body: Optional[Union[bytes, str]] = None,
) -> str:
    """Return the `sign` query value for one request.

    `query` holds decoded (not URL-encoded) key/value pairs; `body` is the raw request body, or
    None for GET and body-less requests.
    """
    pairs = sorted((k, v) for k, v in query if k not in EXCLUDED_KEYS)
    parts = [path]
    parts.extend(k + v for k, v in pairs)
    if body:
        parts.append(body.decode("utf-8") if isinstance(body, bytes) else body)
    plain = app_secret + "".join(parts) + app_secret
    return hmac.new(app_secret.encode("utf-8"), plain.encode("utf-8"), hashlib.sha256).hexdigest()
