"""Route table for every emulated endpoint, and path/method matching."""

from __future__ import annotations

from .. import errors
from . import analytics, authorization, finance, fulfillment, orders, products, return_refund, token
from .common import Context, Route

# API group -> path prefix; revoke_group/grant_group work on these names.
GROUP_PREFIXES = {
    "authorization": "/authorization/",
    "seller": "/seller/",
    "product": "/product/",
    "order": "/order/",
    "finance": "/finance/",
    "return_refund": "/return_refund/",
    "fulfillment": "/fulfillment/",
    "logistics": "/logistics/",
    "analytics": "/analytics/",
}

ROUTES: list[Route] = [*token.ROUTES, *authorization.ROUTES, *products.ROUTES, *orders.ROUTES, *finance.ROUTES,
                       *return_refund.ROUTES, *fulfillment.ROUTES, *analytics.ROUTES]


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
