"""Route table for every emulated endpoint, and path/method matching.

One module per API group; each lists its endpoints in `ROUTES`. A new endpoint of an existing group
only touches that group's module; a new group adds its module to `MODULES` (and its scope to
`tokens.GROUP_SCOPES`).
"""

from __future__ import annotations

from .. import errors
from ..tokens import GROUP_SCOPES
from . import (
    affiliate_seller,
    analytics,
    authorization,
    consent,
    fbt,
    finance,
    fulfillment,
    orders,
    products,
    promotion,
    return_refund,
    token,
)
from .common import Context, Route

# API group -> path prefix; revoke_group/grant_group work on these names.
GROUP_PREFIXES = {group: f"/{group}/" for group in GROUP_SCOPES}

MODULES = (
    token,
    consent,
    authorization,
    products,
    orders,
    finance,
    return_refund,
    fulfillment,
    analytics,
    promotion,
    fbt,
    affiliate_seller,
)
ROUTES: list[Route] = [route for module in MODULES for route in module.ROUTES]


def match(method: str, path: str) -> tuple[Route, dict]:
    hits = [(r, m) for r in ROUTES if (m := r.regex.match(path))]
    if not hits:
        raise errors.ApiError(errors.INVALID_PATH)
    # A fixed path beats a parameterized one: GET .../products/search is a wrong method, not product "search".
    if any(r.static for r, _ in hits):
        hits = [(r, m) for r, m in hits if r.static]
    for route, m in hits:
        if method in route.methods:
            return route, m.groupdict()
    raise errors.ApiError(errors.INVALID_METHOD)


__all__ = ["GROUP_PREFIXES", "ROUTES", "Context", "Route", "match"]
