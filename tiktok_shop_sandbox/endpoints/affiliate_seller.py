"""Affiliate Seller (OAS affiliate_seller.json), the read endpoints the connector uses:

- POST /affiliate_seller/202410/orders/search: page_size [1-100] required, page_token (query); create_time_ge,
  create_time_lt, program_id (body).
- POST /affiliate_seller/202412/open_collaborations/search: page_size [1-100] required, page_token, sort_field,
  sort_order (query); keyword, keyword_type, top_level_category_id (body).
- POST /affiliate_seller/202508/target_collaborations/search: page_size 20, 50 or 100, page_token (query);
  collaboration_status, creator_accept_status, creator_user_open_id, free_sample_setting, search_param (body).
- GET /affiliate_seller/202508/target_collaborations/{target_collaboration_id}: the plan with its creators and products.
- POST /affiliate_seller/202508/sample_applications/search: page_size [1-50], page_token (query); creator_user_oepn_id,
  order_id, product_id, status, target_collabration_id, title, username (body; the two misspelt names are the spec's).
"""

from __future__ import annotations

from .. import errors, pagination
from ..records import affiliate as records
from .common import INT, STR, Route, enum, enum_query, in_range, paged, validate_body

OBJECT = "object"  # passed through by validate_body, checked here
# SANDBOX CHOICE: the real code for an unknown plan id is undocumented.
TARGET_COLLABORATION_NOT_FOUND = 16020001

ORDER_SCHEMA = {"create_time_ge": INT, "create_time_lt": INT, "program_id": STR}
OPEN_SCHEMA = {"keyword": STR, "keyword_type": enum("PRODUCT_ID", "PRODUCT_NAME"), "top_level_category_id": STR}
TARGET_SCHEMA = {
    "collaboration_status": enum(*records.TARGET_STATUSES),
    "creator_accept_status": enum("ACCEPT", "ALL"),
    "creator_user_open_id": STR,
    "free_sample_setting": enum("WITH_FREE_SAMPLE", "ALL"),
    "search_param": OBJECT,
}
TARGET_KEYWORD_TYPES = ("PRODUCT_ID", "PRODUCT_NAME", "TARGET_COLLABORATION_ID", "TARGET_COLLABORATION_NAME")
SAMPLE_SCHEMA = {
    "creator_user_oepn_id": STR,
    "order_id": STR,
    "product_id": STR,
    "status": enum(*records.SAMPLE_STATUSES),
    "target_collabration_id": STR,
    "title": STR,
    "username": STR,
}
TARGET_PAGE_SIZES = (20, 50, 100)


def _keyword(f: dict, types: tuple, where: str = "body") -> tuple | None:
    keyword, kind = f.get("keyword"), f.get("keyword_type")
    if keyword is None and kind is None:
        return None
    if not isinstance(keyword, str) or kind not in types:
        # SANDBOX CHOICE: a keyword needs its type and the other way round (the spec pairs them).
        raise errors.invalid(f"Invalid parameter. {where}.keyword and {where}.keyword_type ({', '.join(types)}) go together.")
    return kind, keyword


def search_affiliate_orders(ctx):
    size = pagination.page_size(ctx.query, required=True, lo=1, hi=100)
    f = validate_body(ctx, ORDER_SCHEMA)
    shop, ds = ctx.shop, ctx.ds

    def compute():
        out = []
        for oid in ds.affiliate_order_ids(shop):
            if not in_range(shop.orders[oid].create_time, f, "create_time"):
                continue
            if "program_id" in f and f["program_id"] not in records.order_programs(shop.affiliate_orders[oid]):
                continue
            out.append(oid)
        return out

    return paged(ctx, "affiliate_orders", (f,), size, compute, lambda oid: ds.affiliate_order_record(shop, oid), "orders")


def search_open_collaborations(ctx):
    size = pagination.page_size(ctx.query, required=True, lo=1, hi=100)
    # "By default, the open collaborations are sorted in descending order by creation time."
    sort_field = enum_query(ctx.query, "sort_field", ("product_original_price",), default=None)
    sort_order = enum_query(ctx.query, "sort_order", ("ASC", "DESC"), default="DESC")
    f = validate_body(ctx, OPEN_SCHEMA)
    keyword = _keyword(f, ("PRODUCT_ID", "PRODUCT_NAME"))
    shop, ds = ctx.shop, ctx.ds

    def compute():
        keyed = []
        for create_time, cid in shop.open_collabs.by_create:
            core = shop.open_collabs[cid]
            product = records.product_summary(ds, shop, core.product_id)
            if "top_level_category_id" in f and product["top_level_category_id"] != f["top_level_category_id"]:
                continue
            if keyword and keyword[0] == "PRODUCT_ID" and product["id"] != keyword[1]:
                continue
            if keyword and keyword[0] == "PRODUCT_NAME" and keyword[1].lower() not in product["title"].lower():
                continue
            key = product["original_price"]["minimum_amount"] if sort_field else create_time
            keyed.append((float(key) if sort_field else key, cid))
        keyed.sort(reverse=sort_order == "DESC")
        return [cid for _, cid in keyed]

    return paged(
        ctx,
        "open_collaborations",
        (f, sort_field, sort_order),
        size,
        compute,
        lambda cid: records.open_collaboration_record(ds, shop, shop.open_collabs[cid]),
        "open_collaborations",
    )


def search_target_collaborations(ctx):
    raw = ctx.query.get("page_size")
    size = pagination.page_size(ctx.query, required=False, default=20, lo=1, hi=100)
    if raw not in (None, "") and size not in TARGET_PAGE_SIZES:
        raise errors.invalid(f'Invalid parameter. The value of "page_size" must be 20, 50 or 100; got {size}.')
    f = validate_body(ctx, TARGET_SCHEMA)
    search = f.get("search_param")
    if search is not None and (not isinstance(search, dict) or set(search) - {"keyword", "keyword_type"}):
        raise errors.invalid("Invalid parameter. body.search_param must be an object with keyword and keyword_type.")
    keyword = _keyword(search or {}, TARGET_KEYWORD_TYPES, "body.search_param")
    # SANDBOX CHOICE: the spec states no default for collaboration_status (it does for the other two filters: ALL);
    # the strict reading is Seller Center's first tab, the plans still running (VALID). A client that wants every
    # plan asks for each status.
    wanted = f.get("collaboration_status", "VALID")
    shop, ds, now = ctx.shop, ctx.ds, ctx.now

    def matches(core) -> bool:
        if not records.target_matches(core, wanted, now):
            return False
        summary = records.target_collaboration_summary(ds, shop, core)
        if f.get("creator_accept_status") == "ACCEPT" and not summary["showcase_creator_count"]:
            return False
        if f.get("free_sample_setting") == "WITH_FREE_SAMPLE" and not summary["free_sample_rule"]["has_free_sample"]:
            return False
        if "creator_user_open_id" in f and f["creator_user_open_id"] not in {shop.creators[c].open_id for c, _ in core.creators}:
            return False
        if keyword is not None:
            kind, text = keyword
            titles = [records.product_summary(ds, shop, pid)["title"].lower() for pid in core.product_ids]
            hit = {
                "PRODUCT_ID": text in {str(pid) for pid in core.product_ids},
                "PRODUCT_NAME": any(text.lower() in title for title in titles),
                "TARGET_COLLABORATION_ID": text == str(core.id),
                "TARGET_COLLABORATION_NAME": text.lower() in summary["name"].lower(),
            }[kind]
            if not hit:
                return False
        return True

    def compute():
        return [tid for _, tid in reversed(shop.target_collabs.by_create) if matches(shop.target_collabs[tid])]

    return paged(
        ctx,
        "target_collaborations",
        (f, wanted),
        size,
        compute,
        lambda tid: records.target_collaboration_summary(ds, shop, shop.target_collabs[tid]),
        "target_collaborations",
    )


def get_target_collaboration(ctx):
    raw = ctx.path_params["target_collaboration_id"]
    with ctx.ds.lock:
        core = ctx.shop.target_collabs.get(int(raw)) if raw.isdigit() else None
        if core is None:
            raise errors.ApiError(TARGET_COLLABORATION_NOT_FOUND, "The target collaboration does not exist.", 404)
        return {"target_collaboration": records.target_collaboration_detail(ctx.ds, ctx.shop, core)}


def search_sample_applications(ctx):
    size = pagination.page_size(ctx.query, required=False, default=20, lo=1, hi=50)
    f = validate_body(ctx, SAMPLE_SCHEMA)
    shop, ds = ctx.shop, ctx.ds

    def matches(core) -> bool:
        creator = shop.creators[core.creator]
        if "status" in f and core.status != f["status"]:
            return False
        if "product_id" in f and f["product_id"] != str(core.product_id):
            return False
        if "creator_user_oepn_id" in f and f["creator_user_oepn_id"] != creator.open_id:
            return False
        if "username" in f and f["username"].lower() not in creator.username:
            return False
        if "target_collabration_id" in f:
            plan = shop.target_collabs.get(int(f["target_collabration_id"])) if f["target_collabration_id"].isdigit() else None
            if plan is None or core.product_id not in plan.product_ids:
                return False
        if "order_id" in f or "title" in f:
            record = records.sample_application_record(ds, shop, core)
            if "order_id" in f and record["order_id"] != f["order_id"]:
                return False
            if "title" in f and f["title"].lower() not in record["product"]["title"].lower():
                return False
        return True

    def compute():
        return [sid for _, sid in reversed(shop.sample_apps.by_create) if matches(shop.sample_apps[sid])]

    return paged(
        ctx,
        "sample_applications",
        (f,),
        size,
        compute,
        lambda sid: records.sample_application_record(ds, shop, shop.sample_apps[sid]),
        "sample_applications",
    )


PAGE = frozenset({"page_size", "page_token"})
ROUTES = [
    Route(
        "affiliate_seller.orders",
        ("POST",),
        "/affiliate_seller/{version:202410}/orders/search",
        "affiliate_seller",
        search_affiliate_orders,
        params=PAGE,
    ),
    Route(
        "affiliate_seller.open_collaborations",
        ("POST",),
        "/affiliate_seller/{version:202412}/open_collaborations/search",
        "affiliate_seller",
        search_open_collaborations,
        params=PAGE | {"sort_field", "sort_order"},
    ),
    Route(
        "affiliate_seller.target_collaborations",
        ("POST",),
        "/affiliate_seller/{version:202508}/target_collaborations/search",
        "affiliate_seller",
        search_target_collaborations,
        params=PAGE,
    ),
    Route(
        "affiliate_seller.target_collaboration",
        ("GET",),
        "/affiliate_seller/{version:202508}/target_collaborations/{target_collaboration_id}",
        "affiliate_seller",
        get_target_collaboration,
    ),
    Route(
        "affiliate_seller.sample_applications",
        ("POST",),
        "/affiliate_seller/{version:202508}/sample_applications/search",
        "affiliate_seller",
        search_sample_applications,
        params=PAGE,
    ),
]
