"""GET /authorization/202309/shops, GET /authorization/202405/category_assets, GET /seller/202309/shops and
GET /seller/202309/permissions. None take shop_cipher."""

from __future__ import annotations

from ..records import promotion
from .common import Route


def authorized_shops(ctx):
    allowed = ctx.token.auth.shop_ids
    return {"shops": [s for s in ctx.ds.shops if s["id"] in allowed]}


def category_assets(ctx):
    return {"category_assets": promotion.category_assets(ctx.ds)}


def seller_shops(ctx):
    allowed = ctx.token.auth.shop_ids
    return {"shops": [{"id": s["id"], "region": s["region"]} for s in ctx.ds.shops if s["id"] in allowed]}


def seller_permissions(ctx):
    return {"permissions": ctx.sandbox.tokens.granted_scopes()}


ROUTES = [
    Route("authorization.shops", ("GET",), "/authorization/{version:202309}/shops", "authorization", authorized_shops, shop=False),
    # Its own group, so a test can deny this one call: the Partner Center scope it needs is not documented.
    Route(
        "authorization.category_assets",
        ("GET",),
        "/authorization/{version:202405}/category_assets",
        "category_assets",
        category_assets,
        shop=False,
    ),
    Route("seller.shops", ("GET",), "/seller/{version:202309}/shops", "seller", seller_shops, shop=False),
    Route("seller.permissions", ("GET",), "/seller/{version:202309}/permissions", "seller", seller_permissions, shop=False),
]
