"""Product search (202309/202312/202502) and product detail (reference §6.2)."""

from __future__ import annotations

import bisect

from .. import errors, pagination, records
from ..data import PRODUCT_STATUSES
from .common import INT, Route, enum, paged, str_list, validate_body

SEARCH_CAP = 10_000

SCHEMA_202309 = {
    "status": enum("ALL", *PRODUCT_STATUSES),
    "seller_skus": str_list(100),
    "create_time_ge": INT,
    "create_time_le": INT,
    "update_time_ge": INT,
    "update_time_le": INT,
}
SCHEMA_202312 = {**SCHEMA_202309, "listing_quality_tier": enum("POOR", "FAIR", "GOOD"),
                 "listing_platforms": str_list(10, ("TIKTOK_SHOP", "TOKOPEDIA"))}
SCHEMA_202502 = {**SCHEMA_202312, "sku_ids": str_list(100),
                 "audit_status": str_list(10, ("NONE", "AUDITING", "APPROVED", "REJECTED", "PRE_APPROVED"))}
SCHEMAS = {"202309": SCHEMA_202309, "202312": SCHEMA_202312, "202502": SCHEMA_202502}


def search_products(ctx):
    size = pagination.page_size(ctx.query, required=True, lo=1, hi=100)
    f = validate_body(ctx, SCHEMAS[ctx.version])
    shop, ds = ctx.shop, ctx.ds

    def compute():
        index = shop.prod_by_update
        lo = bisect.bisect_left(index, (f["update_time_ge"], -1)) if "update_time_ge" in f else 0
        # _le is inclusive, unlike the orders API's _lt.
        hi = bisect.bisect_left(index, (f["update_time_le"] + 1, -1)) if "update_time_le" in f else len(index)
        status = f.get("status", "ALL")
        skus = set(f.get("seller_skus") or ())
        sku_ids = {int(s) for s in f.get("sku_ids") or () if s.isdigit()}
        out = []
        # No sort params exist; SANDBOX CHOICE: newest update first, so clients cannot assume ascending order.
        for _, pid in reversed(index[lo:hi]):
            core = shop.products[pid]
            if status != "ALL" and core.status != status:
                continue
            if "create_time_ge" in f and core.create_time < f["create_time_ge"]:
                continue
            if "create_time_le" in f and core.create_time > f["create_time_le"]:
                continue
            if "sku_ids" in f and not sku_ids.intersection(core.sku_ids):
                continue
            if "listing_quality_tier" in f and ("GOOD", "FAIR", "POOR")[pid % 3] != f["listing_quality_tier"]:
                continue
            if "audit_status" in f and records.AUDIT_STATUS[core.status] not in f["audit_status"]:
                continue
            if skus and not skus.intersection(s["seller_sku"] for s in ds.product_detail(shop, pid)["skus"]):
                continue
            out.append(pid)
        return out

    def render(pid):
        return records.product_summary(shop, ds.product_detail(shop, pid), ctx.version)

    return paged(ctx, "products", (f,), size, compute, render, "products", cap=SEARCH_CAP)


def get_product(ctx):
    q = ctx.query
    if q.get("return_under_review_version") == "true" and q.get("return_draft_version") == "true":
        raise errors.invalid("Invalid parameter. `return_under_review_version` and `return_draft_version` are mutually exclusive.")
    for name in ("return_under_review_version", "return_draft_version"):
        if q.get(name) not in (None, "true", "false"):
            raise errors.invalid(f"Invalid parameter. `{name}` must be true or false.")
    raw = ctx.path_params["product_id"]
    core = ctx.shop.products.get(int(raw)) if raw.isdigit() else None
    # SANDBOX CHOICE: unknown, other-shop, FREEZE and DELETED products share one not-available error.
    if core is None or core.status in ("FREEZE", "DELETED"):
        raise errors.ApiError(errors.PRODUCT_NOT_AVAILABLE)
    return ctx.ds.product_detail(ctx.shop, core.id)


ROUTES = [
    Route("product.search", ("POST",), "/product/{version:202309|202312|202502}/products/search", "product", search_products,
          params=frozenset({"page_size", "page_token", "category_version"})),
    Route("product.detail", ("GET",), "/product/{version:202309}/products/{product_id}", "product", get_product,
          params=frozenset({"return_under_review_version", "return_draft_version", "locale"})),
]
