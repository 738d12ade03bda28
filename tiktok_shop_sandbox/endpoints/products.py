"""POST /product/{202309,202312,202502}/products/search, GET /product/202309/products/{product_id},
GET /product/202309/categories, GET /product/202309/brands and POST /product/202309/inventory/search."""

from __future__ import annotations

import bisect
import re

from .. import errors, pagination
from ..constants import AUDIT_STATUS, PRODUCT_STATUSES
from ..records import products as records
from .common import INT, Route, bool_query, enum, enum_query, paged, str_list, validate_body

SEARCH_CAP = 10_000

SCHEMA_202309 = {
    "status": enum("ALL", *PRODUCT_STATUSES),
    "seller_skus": str_list(100),
    "create_time_ge": INT,
    "create_time_le": INT,
    "update_time_ge": INT,
    "update_time_le": INT,
}
SCHEMA_202312 = {
    **SCHEMA_202309,
    "listing_quality_tier": enum("POOR", "FAIR", "GOOD"),
    "listing_platforms": str_list(10, ("TIKTOK_SHOP", "TOKOPEDIA")),
}
SCHEMA_202502 = {
    **SCHEMA_202312,
    "sku_ids": str_list(100),
    "audit_status": str_list(10, ("NONE", "AUDITING", "APPROVED", "REJECTED", "PRE_APPROVED")),
}
SCHEMAS = {"202309": SCHEMA_202309, "202312": SCHEMA_202312, "202502": SCHEMA_202502}


def search_products(ctx):
    size = pagination.page_size(ctx.query, required=True, lo=1, hi=100)
    f = validate_body(ctx, SCHEMAS[ctx.version])
    shop, ds = ctx.shop, ctx.ds

    def compute():
        index = shop.products.by_update
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
            if "audit_status" in f and AUDIT_STATUS[core.status] not in f["audit_status"]:
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


def list_categories(ctx):
    q = ctx.query
    version = enum_query(q, "category_version", ("v1", "v2"), default="v1")
    if ctx.shop.region == "US" and version != "v2" and ctx.ds.us_category_version_v2_required:
        raise errors.invalid("Invalid parameter. `category_version` must be v2 for US shops.")
    enum_query(q, "listing_platform", ("TIKTOK_SHOP", "TOKOPEDIA"))
    include_prohibited = bool_query(q, "include_prohibited_categories") or False
    keyword = (q.get("keyword") or "").lower()
    out = [
        c
        for c in records.categories()
        if (include_prohibited or "PROHIBITED" not in c["permission_statuses"]) and keyword in c["local_name"].lower()
    ]
    return {"categories": out}


def list_brands(ctx):
    q = ctx.query
    size = pagination.page_size(q, required=True, lo=1, hi=100)
    enum_query(q, "category_version", ("v1", "v2"))
    category_id = q.get("category_id") or None
    if category_id is not None and not category_id.isdigit():
        raise errors.invalid("Invalid parameter. `category_id` must be a numeric category id.")
    authorized = bool_query(q, "is_authorized")
    prefix = (q.get("brand_name") or "").lower()
    shop, ds = ctx.shop, ctx.ds
    brands = ds.brand_list(shop)

    def compute():
        # SANDBOX CHOICE: ordered by id; brand_name is a case-insensitive prefix; is_authorized=false filters nothing.
        return [
            i
            for i, (b, cats) in enumerate(brands)
            if b["name"].lower().startswith(prefix)
            and (category_id is None or category_id in cats)
            and (not authorized or b["authorized_status"] == "AUTHORIZED")
        ]

    return paged(ctx, "brands", (category_id, authorized, prefix), size, compute, lambda i: dict(brands[i][0]), "brands")


INVENTORY_SCHEMA = {"product_ids": str_list(100), "sku_ids": str_list(600)}


def search_inventory(ctx):
    f = validate_body(ctx, INVENTORY_SCHEMA)
    if ("product_ids" in f) == ("sku_ids" in f):
        # SANDBOX CHOICE (strict): exactly one of the two lists.
        raise errors.invalid("Invalid parameter. Provide exactly one of body.product_ids or body.sku_ids.")
    ids = f.get("product_ids") or f.get("sku_ids")
    if not ids:
        raise errors.invalid("Invalid parameter. body.product_ids or body.sku_ids must not be empty.")
    if any(not re.fullmatch(r"\d{1,20}", i) for i in ids):
        raise errors.invalid("Invalid parameter. Ids must be numeric strings.")
    shop, ds = ctx.shop, ctx.ds
    out = []
    with ds.lock:
        if "product_ids" in f:
            seen = set()
            for raw in ids:
                pid = int(raw)
                core = shop.products.get(pid)
                # Unknown, other shops' and DELETED products are left out.
                if core is None or core.status == "DELETED" or pid in seen:
                    continue
                seen.add(pid)
                out.append(records.inventory_item(ds, shop, pid))
        else:
            wanted = {int(i) for i in ids}
            by_product: dict = {}
            for pid in ds.inventory_product_ids(shop):
                hit = wanted.intersection(shop.products[pid].sku_ids)
                if hit:
                    by_product[pid] = {str(h) for h in hit}
            order = {int(i): n for n, i in enumerate(ids)}
            for pid in sorted(by_product, key=lambda p: min(order[int(s)] for s in by_product[p])):
                out.append(records.inventory_item(ds, shop, pid, by_product[pid]))
    return {"inventory": out}


ROUTES = [
    Route(
        "product.categories",
        ("GET",),
        "/product/{version:202309}/categories",
        "product",
        list_categories,
        params=frozenset({"locale", "keyword", "category_version", "listing_platform", "include_prohibited_categories"}),
    ),
    Route(
        "product.brands",
        ("GET",),
        "/product/{version:202309}/brands",
        "product",
        list_brands,
        params=frozenset({"page_size", "page_token", "category_id", "category_version", "brand_name", "is_authorized"}),
    ),
    Route("product.inventory", ("POST",), "/product/{version:202309}/inventory/search", "product", search_inventory),
    Route(
        "product.search",
        ("POST",),
        "/product/{version:202309|202312|202502}/products/search",
        "product",
        search_products,
        params=frozenset({"page_size", "page_token", "category_version"}),
    ),
    Route(
        "product.detail",
        ("GET",),
        "/product/{version:202309}/products/{product_id}",
        "product",
        get_product,
        params=frozenset({"return_under_review_version", "return_draft_version", "locale"}),
    ),
]
