"""POST /promotion/202406/coupons/search, GET /promotion/202406/coupons/{coupon_id},
POST /promotion/202309/activities/search, GET /promotion/202309/activities/{activity_id}

Parameters as TikTok's OpenAPI spec lists them: coupon search pages in the query (`page_size` [1-100], default 50),
activity search pages in the JSON body (`page_size` [0-100], default 50; `page_token` "" for the first page), so a
page_size or page_token in the activity search's query is an unknown parameter.
"""

from __future__ import annotations

from .. import errors, pagination
from ..records import promotion as records
from .common import INT, STR, Route, enum, str_list, validate_body

# SANDBOX CHOICE: the real codes for an unknown coupon or activity are undocumented.
PROMOTION_NOT_FOUND = 17029001

COUPON_SCHEMA = {
    "status": str_list(len(records.COUPON_STATUSES), records.COUPON_STATUSES),
    "display_type": str_list(len(records.COUPON_DISPLAY_TYPES), records.COUPON_DISPLAY_TYPES),
    "title_keyword": STR,
}
ACTIVITY_SCHEMA = {
    "activity_title": STR,
    "activity_type": enum(*records.ACTIVITY_TYPES),
    "status": enum(*records.ACTIVITY_STATUSES),
    "page_size": INT,
    "page_token": STR,
}


def _page(ctx, kind: str, filters: dict, size: int, token: str | None, ids: list, render, list_key: str) -> dict:
    """One page of `ids` (already filtered and ordered); the page token binds to the filters and the shop."""
    fp = pagination.fingerprint(kind, ctx.shop.id, filters)
    offset = pagination.decode_token(token, fp) if token else 0
    start, end, fields = pagination.page_fields(len(ids), offset, size, fp, ctx.sandbox.omit_last_page_token)
    return {**fields, "total_count": len(ids), list_key: [render(i) for i in ids[start:end]]}


def _newest_first(entries: list) -> list:
    """SANDBOX CHOICE: neither search takes a sort; newest creation first, ties by id descending."""
    return sorted(entries, key=lambda e: (e["item"]["create_time"], int(e["item"]["id"])), reverse=True)


def search_coupons(ctx):
    size = pagination.page_size(ctx.query, required=False, default=50, lo=1, hi=100)
    f = validate_body(ctx, COUPON_SCHEMA)
    keyword = f.get("title_keyword")
    if keyword is not None and not 0 < len(keyword) <= 100:
        raise errors.invalid("Invalid parameter. The length of `title_keyword` must be in (0, 100].")
    with ctx.ds.lock:
        found = [
            c
            for c in _newest_first(records.coupons(ctx.ds, ctx.shop))
            if (not f.get("status") or c["item"]["status"] in f["status"])
            and (not f.get("display_type") or c["item"]["display_type"] in f["display_type"])
            and (keyword is None or keyword in c["item"]["title"])
        ]
    return _page(ctx, "coupons", f, size, ctx.query.get("page_token"), found, lambda c: dict(c["item"]), "coupons")


def get_coupon(ctx):
    with ctx.ds.lock:
        found = next((c for c in records.coupons(ctx.ds, ctx.shop) if c["item"]["id"] == ctx.path_params["coupon_id"]), None)
    if found is None:
        raise errors.ApiError(PROMOTION_NOT_FOUND, "The coupon does not exist.", http_status=404)
    return {"coupon": dict(found["detail"])}


def search_activities(ctx):
    f = validate_body(ctx, ACTIVITY_SCHEMA)
    size = f.pop("page_size", None)
    if size is not None and not 0 <= size <= 100:
        raise errors.invalid(f"Invalid parameter. `page_size` must be in the range [0-100]; got {size}.")
    # The spec's range starts at 0 without saying what 0 returns. SANDBOX CHOICE: the default page, 50.
    size = size or 50
    token = f.pop("page_token", None)
    with ctx.ds.lock:
        found = [
            a
            for a in _newest_first(records.activities(ctx.ds, ctx.shop))
            if ("status" not in f or a["item"]["status"] == f["status"])
            and ("activity_type" not in f or a["item"]["activity_type"] == f["activity_type"])
            and ("activity_title" not in f or f["activity_title"] in a["item"]["title"])
        ]
    return _page(ctx, "activities", f, size, token, found, lambda a: dict(a["item"]), "activities")


def get_activity(ctx):
    with ctx.ds.lock:
        wanted = ctx.path_params["activity_id"]
        found = next((a for a in records.activities(ctx.ds, ctx.shop) if a["item"]["id"] == wanted), None)
    if found is None:
        raise errors.ApiError(PROMOTION_NOT_FOUND, "The activity does not exist.", http_status=404)
    return dict(found["detail"])


ROUTES = [
    Route(
        "promotion.coupons",
        ("POST",),
        "/promotion/{version:202406}/coupons/search",
        "promotion",
        search_coupons,
        params=frozenset({"page_size", "page_token"}),
    ),
    Route("promotion.coupon", ("GET",), "/promotion/{version:202406}/coupons/{coupon_id}", "promotion", get_coupon),
    Route("promotion.activities", ("POST",), "/promotion/{version:202309}/activities/search", "promotion", search_activities),
    Route("promotion.activity", ("GET",), "/promotion/{version:202309}/activities/{activity_id}", "promotion", get_activity),
]
