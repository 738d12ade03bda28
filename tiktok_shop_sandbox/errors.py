"""Error codes, messages, HTTP statuses and the response envelope.

Codes and messages come from the official common-errors page where one exists.
Everything marked SANDBOX CHOICE is not documented anywhere we could find; the
code/status picked here is deliberately distinct so tests can tell it apart.
"""

from __future__ import annotations

import json
from typing import Any

try:  # optional: the same bytes, about 8x faster, so a benchmark measures the connector, not this encoder
    import orjson
except ImportError:  # pragma: no cover - the sandbox also runs on the standard library alone
    orjson = None

SUCCESS = 0

# Gateway / common errors (official).
TOO_MANY_REQUESTS = 36009002
INTERNAL_ERROR = 36009003
INVALID_REQUEST = 36009004  # overloaded: credentials, timestamp, params, identifiers
INVALID_PATH = 36009009
INVALID_METHOD = 36009010
IP_NOT_ALLOWED = 36009033
INVALID_SIGN = 106001
MISSING_SHOP_CIPHER = 106013
EXPIRED_TOKEN = 105002
SCOPE_DENIED = 105005
INVALID_QUERY_OR_HEADER = 101000
SEARCH_RESULT_CAP = 12052180

# Token endpoints (official codes; HTTP status undocumented).
RT_EXPIRED = 36004001
INVALID_AUTH_CODE = 36004004
AUTH_RECORD_NOT_FOUND = 36004005
# SANDBOX CHOICE: wrong/missing app_secret, unknown app_key or bad grant_type on the
# token host. The real code is undocumented; 36004003 sits in the token family.
INVALID_APP_CREDENTIALS = 36004003

# SANDBOX CHOICE: resource-level errors whose real codes we could not find.
PRODUCT_NOT_AVAILABLE = 12052048  # unknown product, other shop's product, FREEZE, DELETED
STATEMENT_NOT_FOUND = 23011001
REGION_NOT_SUPPORTED = 23011002  # 202309 statement transactions outside UK/US LOCAL; payments for SEA shops
ORDER_NOT_FOUND = 23011003  # transactions of an unknown / other shop's order

MESSAGES = {
    TOO_MANY_REQUESTS: "Too many requests. You've made too many requests in a short period of time.",
    INTERNAL_ERROR: "Internal error. Please try again. If the issue persists after multiple attempts, please contact platform support.",
    INVALID_PATH: "Invalid path. The specified path does not match any available endpoint.",
    INVALID_METHOD: "Invalid method. The HTTP method used is not supported by this endpoint.",
    IP_NOT_ALLOWED: "Access denied. Your IP address is not in the IP allow list configured for this app.",
    INVALID_SIGN: "Invalid credentials. The `sign` query parameter is invalid.",
    MISSING_SHOP_CIPHER: "Missing identifier. The `shop_cipher` query parameter is required to identify the target shop.",
    EXPIRED_TOKEN: "Expired credentials. The `access_token` or `x-tts-access-token` header has expired.",
    SCOPE_DENIED: (
        "Access denied. The app is not authorized to access the endpoint because the access scopes "
        "granted by the seller do not contain the required access scope."
    ),
    INVALID_QUERY_OR_HEADER: (
        "Invalid query or header. The `category_asset_cipher` query parameter or `x-tts-access-token` header is invalid."
    ),
    SEARCH_RESULT_CAP: "The total number of search results can not exceed 10000.",
    RT_EXPIRED: "rt has expired",
    INVALID_AUTH_CODE: "invalid auth code",
    AUTH_RECORD_NOT_FOUND: "can not find related auth record",
    INVALID_APP_CREDENTIALS: "invalid app_key or app_secret",
    PRODUCT_NOT_AVAILABLE: "The product does not exist or is not available for this operation.",
    STATEMENT_NOT_FOUND: "The statement does not exist.",
    REGION_NOT_SUPPORTED: "This API is only available for UK and US local sellers.",
    ORDER_NOT_FOUND: "The order does not exist.",
}
MSG_PAYMENTS_SEA = "This API is currently unavailable to SEA markets."

# 36009004 variants; clients are told to branch on these message keywords.
MSG_INVALID_APP_KEY = "Invalid credentials. Invalid `app_key` query parameter."
MSG_MISSING_SIGN = "Missing credentials. The request does not include a required signature in the query."
MSG_INVALID_TOKEN = "Invalid credentials. The `x-tts-access-token` header is invalid."
MSG_TIMESTAMP_MISSING = "Invalid timestamp. The `timestamp` query parameter is missing or is not a Unix timestamp in seconds."
MSG_TIMESTAMP_TOO_OLD = "Invalid timestamp. The `timestamp` query parameter is more than 5 minutes earlier than the server time."
MSG_TIMESTAMP_TOO_NEW = "Invalid timestamp. The `timestamp` query parameter is more than 30 seconds later than the server time."
MSG_UNEXPECTED_CIPHER = "Unexpected identifier. The `shop_cipher` query parameter is not required for this request."
# SANDBOX CHOICE: missing/wrong Content-Type -> 36009004 with this message, HTTP 400.
MSG_CONTENT_TYPE = "Invalid request. The `content-type` header is required and must be `application/json`."
MSG_INVALID_PAGE_TOKEN = "Invalid page_token. The page_token is malformed or does not match the request's filters."

HTTP_STATUS = {
    INVALID_REQUEST: 400,
    INVALID_PATH: 404,
    INVALID_METHOD: 405,  # SANDBOX CHOICE
    EXPIRED_TOKEN: 401,
    INVALID_SIGN: 401,
    SCOPE_DENIED: 403,
    IP_NOT_ALLOWED: 403,
    TOO_MANY_REQUESTS: 429,
    INTERNAL_ERROR: 500,
    MISSING_SHOP_CIPHER: 400,  # SANDBOX CHOICE
    INVALID_QUERY_OR_HEADER: 400,  # SANDBOX CHOICE
    SEARCH_RESULT_CAP: 400,  # SANDBOX CHOICE
    PRODUCT_NOT_AVAILABLE: 404,  # SANDBOX CHOICE
    STATEMENT_NOT_FOUND: 404,  # SANDBOX CHOICE
    REGION_NOT_SUPPORTED: 403,  # SANDBOX CHOICE
    ORDER_NOT_FOUND: 404,  # SANDBOX CHOICE
    RT_EXPIRED: 400,
    INVALID_AUTH_CODE: 400,
    AUTH_RECORD_NOT_FOUND: 400,
    INVALID_APP_CREDENTIALS: 400,
}


class ApiError(Exception):
    """Raised anywhere in request handling; turned into an error envelope."""

    def __init__(self, code: int, message: str | None = None, http_status: int | None = None, headers: dict | None = None):
        self.code = code
        self.message = message if message is not None else MESSAGES.get(code, "Error")
        self.http_status = http_status if http_status is not None else HTTP_STATUS.get(code, 400)
        self.headers = dict(headers or {})
        super().__init__(f"{code}: {self.message}")


def invalid(message: str) -> ApiError:
    return ApiError(INVALID_REQUEST, message)


def envelope(code: int, message: str, request_id: str, data: Any = None) -> dict:
    return {"code": code, "message": message, "request_id": request_id, "data": data}


def dumps(obj: Any) -> bytes:
    # Compact and key-order preserving so identical data gives identical bytes.
    if orjson is not None:
        return orjson.dumps(obj)
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
