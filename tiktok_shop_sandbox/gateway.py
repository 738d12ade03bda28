"""The request pipeline: faults, routing, gateway checks in a fixed precedence, handler.

Precedence (the real order is undocumented; this one is a design choice):
  scripted/random faults -> path (404 36009009) -> method (36009010) -> [consent page: handler] | Content-Type ->
  [token host: handler] | app_key -> IP allow list -> sign present -> timestamp window ->
  sign valid -> access token valid -> not expired -> scope -> shop_cipher -> rate limit ->
  unknown query params -> JSON body -> handler.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field

from . import endpoints, errors, signing
from .faults import FaultAction


@dataclass
class Request:
    method: str
    path: str
    query: dict  # last value wins for repeated keys; values URL-decoded
    headers: dict  # lower-cased names
    body: bytes
    timestamp: float = field(default_factory=time.time)


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    code: int | None = None
    drop: bool = False
    truncate: bool = False


HTML = (
    "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}</h1></center>\r\n"
    "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
REASONS = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Temporarily Unavailable", 504: "Gateway Time-out"}


class Gateway:
    def __init__(self, sandbox):
        self.sb = sandbox

    # -- responses -------------------------------------------------------------------------------
    def _json(self, status: int, code: int, message: str, data=None, headers=None) -> Response:
        body = errors.dumps(errors.envelope(code, message, self.sb.new_request_id(), data))
        hdrs = {"Content-Type": "application/json"}
        hdrs.update(headers or {})
        if status == 429 and self.sb.faults.retry_after:
            hdrs.setdefault("Retry-After", "1")
        return Response(status, body, hdrs, code)

    def _fault(self, action: FaultAction) -> Response:
        if action.kind == "drop":
            return Response(0, drop=True)
        if action.kind == "html":
            reason = REASONS.get(action.http_status, "Error")
            body = HTML.format(status=action.http_status, reason=reason).encode()
            return Response(action.http_status, body, {"Content-Type": "text/html"})
        return self._json(action.http_status, action.code, action.message)

    def _error(self, err: errors.ApiError, route) -> Response:
        status = err.http_status
        if route is not None and route.token_host and err.code != errors.INTERNAL_ERROR and self.sb.token_errors_as_http_200:
            status = 200  # observed: token-host errors come back as HTTP 200 with a non-zero code
        if self.sb.errors_as_http_200:
            status = 200
        return self._json(status, err.code, err.message, headers=err.headers)

    # -- pipeline --------------------------------------------------------------------------------
    def handle(self, req: Request) -> Response:
        sb = self.sb
        if sb.latency_ms:
            time.sleep(sb.latency_ms / 1000.0)
        shop = sb.data.shop_by_cipher.get(req.query.get("shop_cipher") or "")
        token_path = req.path.startswith("/api/v2/token/") or req.path == "/open/authorize"
        scripted = sb.faults.next_scripted(req.path, shop.id if shop else None)
        actions = [scripted] if scripted else ([] if token_path and not sb.faults.apply_to_token_endpoints else sb.faults.draw())
        truncate = False
        for action in actions:
            if action.kind == "slow":
                time.sleep(sb.faults.slow_seconds + 0.25)
            elif action.kind == "truncated":
                truncate = True
            else:
                return self._fault(action)
        route = None
        try:
            route, path_params = endpoints.match(req.method, req.path)
            resp = self._dispatch(req, route, path_params)
        except errors.ApiError as err:
            resp = self._error(err, route)
        resp.truncate = truncate
        return resp

    def _dispatch(self, req: Request, route, path_params: dict) -> Response:
        sb = self.sb
        if route.page:
            ctx = endpoints.Context(sb, route, req.method, req.path, req.query, path_params, req.body)
            status, html, headers = route.handler(ctx)
            return Response(status, html.encode(), {"Content-Type": "text/html; charset=utf-8", **headers})
        if sb.require_content_type:
            media = req.headers.get("content-type", "").split(";")[0].strip().lower()
            if media != "application/json":
                raise errors.invalid(errors.MSG_CONTENT_TYPE)
        ctx = endpoints.Context(sb, route, req.method, req.path, req.query, path_params, req.body)
        if route.token_host:
            data = route.handler(ctx)
            return self._json(200, errors.SUCCESS, "success", data)
        self._authenticate(req, route, ctx)
        data = route.handler(ctx)
        return self._json(200, errors.SUCCESS, "Success", data)

    def _authenticate(self, req: Request, route, ctx) -> None:
        sb, q = self.sb, req.query
        if not q.get("app_key") or q["app_key"] != sb.app_key:
            raise errors.invalid(errors.MSG_INVALID_APP_KEY)
        if sb.ip_blocked:
            raise errors.ApiError(errors.IP_NOT_ALLOWED)
        if not q.get("sign"):
            raise errors.invalid(errors.MSG_MISSING_SIGN)
        ts_raw = q.get("timestamp", "")
        if not re.fullmatch(r"\d{1,12}", ts_raw):
            raise errors.invalid(errors.MSG_TIMESTAMP_MISSING)
        now = sb.now()
        ts = int(ts_raw)
        if ts < now - 300:
            raise errors.invalid(errors.MSG_TIMESTAMP_TOO_OLD)
        if ts > now + 30:
            raise errors.invalid(errors.MSG_TIMESTAMP_TOO_NEW)
        if not signing.verify(sb.app_secret, req.path, q, req.body, req.method, req.headers.get("content-type"), q["sign"]):
            raise errors.ApiError(errors.INVALID_SIGN)
        # Only the header counts; the legacy access_token query param is ignored.
        token = sb.tokens.lookup_access(req.headers.get("x-tts-access-token"))
        if token is None:
            raise errors.invalid(errors.MSG_INVALID_TOKEN)
        if token.expires_at <= now:
            raise errors.ApiError(errors.EXPIRED_TOKEN)
        if route.group not in sb.tokens.groups:
            raise errors.ApiError(errors.SCOPE_DENIED)
        cipher_present = "shop_cipher" in q
        if route.shop:
            if not q.get("shop_cipher"):
                raise errors.ApiError(errors.MISSING_SHOP_CIPHER)
            shop = sb.data.shop_by_cipher.get(q["shop_cipher"])
            if shop is None or shop.id not in token.auth.shop_ids:
                raise errors.ApiError(errors.INVALID_QUERY_OR_HEADER)
            ctx.shop = shop
        elif cipher_present:
            raise errors.invalid(errors.MSG_UNEXPECTED_CIPHER)
        ctx.token = token
        limited = (q["app_key"], q.get("shop_cipher", "")) if sb.qps_per_shop else (q["app_key"], q.get("shop_cipher", ""), route.name)
        if not sb.limiter.allow(limited):
            raise errors.ApiError(errors.TOO_MANY_REQUESTS)
        if sb.reject_unknown_params:
            unknown = sorted(set(q) - endpoints.common.COMMON_QUERY - route.params)
            if unknown:
                raise errors.invalid(f"Invalid parameter. Unknown query parameter(s): {', '.join(unknown)}.")
        if req.method != "GET":
            raw = req.body.strip()
            if not raw:
                ctx.body = {}
            else:
                try:
                    body = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, ValueError):
                    raise errors.invalid("Invalid request format. The request body is not valid JSON.") from None
                if not isinstance(body, dict):
                    raise errors.invalid("Invalid request format. The request body must be a JSON object.")
                ctx.body = body
