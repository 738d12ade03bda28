"""Token host: GET /api/v2/token/get and GET /api/v2/token/refresh. Unsigned GETs."""

from __future__ import annotations

from .. import errors
from .common import Route


def get_token(ctx):
    # Airbyte's declarative OAuth sends the code exchange as a POST (parameters in the query, empty body). TikTok
    # documents a GET; whether its token host takes a POST is undocumented, so the POST is a knob, off by default.
    if ctx.method == "POST" and not ctx.sandbox.token_get_accepts_post:
        raise errors.ApiError(errors.INVALID_METHOD)
    q = ctx.query
    return ctx.sandbox.tokens.exchange_code(q.get("app_key"), q.get("app_secret"), q.get("auth_code"), q.get("grant_type"))


def refresh_token(ctx):
    if ctx.sandbox.refresh_failing:
        raise errors.ApiError(errors.INTERNAL_ERROR)
    q = ctx.query
    return ctx.sandbox.tokens.refresh(q.get("app_key"), q.get("app_secret"), q.get("refresh_token"), q.get("grant_type"))


ROUTES = [
    Route("token.get", ("GET", "POST"), "/api/v2/token/get", None, get_token, shop=False, token_host=True),
    Route("token.refresh", ("GET",), "/api/v2/token/refresh", None, refresh_token, shop=False, token_host=True),
]
