"""Promotion endpoints (coupons, activities) and GET /authorization/202405/category_assets: parameters placed and
validated as TikTok's OpenAPI spec says, pagination, details, determinism, and scopes of their own."""

import pytest

from tiktok_shop_sandbox import Sandbox
from tiktok_shop_sandbox.records import promotion

COUPONS = "/promotion/202406/coupons/search"
ACTIVITIES = "/promotion/202309/activities/search"
CATEGORY_ASSETS = "/authorization/202405/category_assets"


def coupon_path(coupon_id) -> str:
    return f"/promotion/202406/coupons/{coupon_id}"


def activity_path(activity_id) -> str:
    return f"/promotion/202309/activities/{activity_id}"


def walk_activities(ro, shop, body=None, page_size=100):
    """Follow next_page_token, sent in the body as the spec says; (records, pages)."""
    out, pages, token = [], [], ""
    while True:
        data = ro.ok(ro.post(ACTIVITIES, {}, {**(body or {}), "page_size": page_size, "page_token": token}, shop=shop))
        pages.append(data)
        out.extend(data["activities"])
        token = data["next_page_token"]
        if not token:
            return out, pages


# ---- coupons ----------------------------------------------------------------------------------------------------


def test_coupon_search_pages_in_the_query_and_lists_every_coupon_newest_first(ro):
    shop = ro.shop(2)
    records, pages = ro.walk("POST", COUPONS, {"page_size": 100}, "coupons", body={}, shop=shop)
    assert len(pages) == 2 and pages[0]["total_count"] == len(records) == promotion.coupon_count(ro.sb.data.shop(shop["id"]))
    assert [c["id"] for c in records] == [c["id"] for c in ro.sb.data.coupons[shop["id"]]]
    times = [c["create_time"] for c in records]
    assert times == sorted(times, reverse=True)
    assert not set(promotion.COUPON_DETAIL_ONLY) & {key for c in records for key in c}, "search items carry no detail-only field"


def test_coupon_page_size_range_and_default(ro):
    shop = ro.shop(1)
    for bad in (0, 101, "x"):
        ro.error(ro.post(COUPONS, {"page_size": bad}, {}, shop=shop), 36009004, 400, "page_size")
    assert len(ro.ok(ro.post(COUPONS, {"page_size": 1}, {}, shop=shop))["coupons"]) == 1
    assert len(ro.ok(ro.post(COUPONS, {}, {}, shop=shop))["coupons"]) == 50  # the shop has 80


def test_coupon_search_refuses_unknown_fields_and_params_and_wrong_values(ro):
    shop = ro.shop(0)
    ro.error(ro.post(COUPONS, {"sort_field": "create_time"}, {}, shop=shop), 36009004, 400, "sort_field")
    ro.error(ro.post(COUPONS, {}, {"page_size": 10}, shop=shop), 36009004, 400, "page_size")  # paging is in the query
    ro.error(ro.post(COUPONS, {}, {"status": ["RUNNING"]}, shop=shop), 36009004, 400, "status")
    ro.error(ro.post(COUPONS, {}, {"status": "ONGOING"}, shop=shop), 36009004, 400, "status")
    ro.error(ro.post(COUPONS, {}, {"title_keyword": ""}, shop=shop), 36009004, 400, "title_keyword")
    ro.error(ro.post(COUPONS, {}, {"title_keyword": "x" * 101}, shop=shop), 36009004, 400, "title_keyword")
    ro.error(ro.post(COUPONS, {}, {}), 106013, 400)  # shop_cipher is required


def test_coupon_filters(ro):
    shop = ro.shop(2)
    every = ro.sb.data.coupons[shop["id"]]
    ongoing, _ = ro.walk("POST", COUPONS, {"page_size": 100}, "coupons", body={"status": ["ONGOING", "NOT_START"]}, shop=shop)
    assert [c["id"] for c in ongoing] == [c["id"] for c in every if c["status"] in ("ONGOING", "NOT_START")]
    live = ro.ok(ro.post(COUPONS, {"page_size": 100}, {"display_type": ["LIVE"]}, shop=shop))["coupons"]
    assert live and {c["display_type"] for c in live} == {"LIVE"}
    titled = ro.ok(ro.post(COUPONS, {"page_size": 100}, {"title_keyword": "#7"}, shop=shop))["coupons"]
    assert titled and all("#7" in c["title"] for c in titled)


def test_a_page_token_is_bound_to_its_filters_and_shop(ro):
    shop = ro.shop(2)
    token = ro.ok(ro.post(COUPONS, {"page_size": 10}, {}, shop=shop))["next_page_token"]
    ro.error(ro.post(COUPONS, {"page_size": 10, "page_token": token}, {"status": ["EXPIRED"]}, shop=shop), 36009004, 400, "page_token")
    ro.error(ro.post(COUPONS, {"page_size": 10, "page_token": token}, {}, shop=ro.shop(1)), 36009004, 400, "page_token")


def test_coupon_detail_adds_the_detail_fields_and_is_shop_bound(ro):
    us, gb = ro.shop(0), ro.shop(1)
    table = ro.sb.data.coupons[us["id"]]
    for coupon in table:
        detail = ro.ok(ro.get(coupon_path(coupon["id"]), shop=us))["coupon"]
        assert detail == coupon, "the table's record is the search item merged with the detail"
        assert {"display_channels", "usage_stats"} <= set(detail)
        assert ("product_ids" in detail) == (detail["product_scope"] == "SPECIFIC_PRODUCTS")
    ro.error(ro.get(coupon_path(table[0]["id"]), shop=gb), 17029001, 404)
    ro.error(ro.get(coupon_path("123"), shop=us), 17029001, 404)
    ro.error(ro.get(coupon_path(table[0]["id"]), {"page_size": 1}, shop=us), 36009004, 400, "page_size")


def test_coupon_products_are_the_shops_own(ro):
    shop = ro.shop(2)
    products = set(ro.sb.data.products[shop["id"]].ids())
    listed = [pid for c in ro.sb.data.coupons[shop["id"]] for pid in c.get("product_ids", [])]
    assert listed and set(listed) <= products


# ---- activities -------------------------------------------------------------------------------------------------


def test_activity_search_pages_in_the_body(ro):
    shop = ro.shop(2)
    records, pages = walk_activities(ro, shop)
    assert len(pages) == 2 and len(records) == pages[0]["total_count"] == promotion.activity_count(ro.sb.data.shop(shop["id"]))
    assert [a["id"] for a in records] == [a["id"] for a in ro.sb.data.promotion_activities[shop["id"]]]
    assert not set(promotion.ACTIVITY_DETAIL_ONLY) & {key for a in records for key in a}
    # No page_token at all is the first page too.
    assert ro.ok(ro.post(ACTIVITIES, {}, {"page_size": 100}, shop=shop))["activities"] == pages[0]["activities"]


def test_activity_paging_in_the_query_is_refused(ro):
    shop = ro.shop(2)
    ro.error(ro.post(ACTIVITIES, {"page_size": 100}, {}, shop=shop), 36009004, 400, "page_size")
    token = ro.ok(ro.post(ACTIVITIES, {}, {"page_size": 100}, shop=shop))["next_page_token"]
    ro.error(ro.post(ACTIVITIES, {"page_token": token}, {"page_size": 100}, shop=shop), 36009004, 400, "page_token")


def test_activity_page_size_range_and_default(ro):
    shop = ro.shop(2)
    for bad in (-1, 101):
        ro.error(ro.post(ACTIVITIES, {}, {"page_size": bad}, shop=shop), 36009004, 400, "page_size")
    ro.error(ro.post(ACTIVITIES, {}, {"page_size": "10"}, shop=shop), 36009004, 400, "page_size")
    assert len(ro.ok(ro.post(ACTIVITIES, {}, {}, shop=shop))["activities"]) == 50
    assert len(ro.ok(ro.post(ACTIVITIES, {}, {"page_size": 0}, shop=shop))["activities"]) == 50
    assert len(ro.ok(ro.post(ACTIVITIES, {}, {"page_size": 100}, shop=shop))["activities"]) == 100


def test_activity_filters_and_unknown_fields(ro):
    shop = ro.shop(2)
    every = ro.sb.data.promotion_activities[shop["id"]]
    flash, _ = walk_activities(ro, shop, {"activity_type": "FLASHSALE"})
    assert [a["id"] for a in flash] == [a["id"] for a in every if a["activity_type"] == "FLASHSALE"]
    expired, _ = walk_activities(ro, shop, {"status": "EXPIRED"})
    assert expired and {a["status"] for a in expired} == {"EXPIRED"}
    ro.error(ro.post(ACTIVITIES, {}, {"activity_type": "COUPON"}, shop=shop), 36009004, 400, "activity_type")
    ro.error(ro.post(ACTIVITIES, {}, {"update_time_ge": 0}, shop=shop), 36009004, 400, "update_time_ge")


def test_activity_detail_carries_its_products_from_the_shops_catalog(ro):
    shop = ro.shop(2)
    products = {p["id"]: {s["id"] for s in p["skus"]} for p in ro.sb.data.products[shop["id"]]}
    table = ro.sb.data.promotion_activities[shop["id"]]
    with_products = 0
    for activity in table:
        detail = ro.ok(ro.get(activity_path(activity["id"]), shop=shop))
        assert detail["activity_id"] == activity["id"] and "id" not in detail
        assert {**activity, **detail} == activity
        for product in detail["products"]:
            assert set(s["id"] for s in product.get("skus", [])) <= products[product["id"]]
        with_products += bool(detail["products"])
        if activity["product_level"] == "SHOP":
            assert detail["products"] == []
    assert with_products > len(table) // 2
    ro.error(ro.get(activity_path(table[0]["id"]), shop=ro.shop(0)), 17029001, 404)


def test_activities_that_ended_long_ago_list_no_products(ro):
    shop = ro.shop(2)
    anchor = ro.sb.data.anchor
    old = [
        a
        for a in ro.sb.data.promotion_activities[shop["id"]]
        if a["end_time"] and anchor - a["end_time"] > 180 * 86400 and a["activity_type"] in promotion.PRODUCT_PRICED_TYPES
    ]
    assert old and all(a["products"] == [] for a in old)


# ---- category assets --------------------------------------------------------------------------------------------


def test_category_assets_take_no_shop_cipher(ro):
    data = ro.ok(ro.get(CATEGORY_ASSETS))
    assert data["category_assets"] == ro.sb.data.category_assets and data["category_assets"]
    for asset in data["category_assets"]:
        assert isinstance(asset["category"]["id"], int) and asset["cipher"] and asset["target_market"]
    keys = [(a["category"]["id"], a["target_market"]) for a in data["category_assets"]]
    assert len(keys) == len(set(keys))
    ro.error(ro.get(CATEGORY_ASSETS, shop=ro.shop(0)), 36009004, 400, "Unexpected identifier")
    ro.error(ro.get(CATEGORY_ASSETS, {"page_size": 10}), 36009004, 400, "page_size")


# ---- scopes and determinism -------------------------------------------------------------------------------------


def test_promotion_and_category_assets_scopes_are_revoked_on_their_own(client):
    shop = client.shop(0)
    client.sb.revoke_group("promotion")
    client.error(client.post(COUPONS, {}, {}, shop=shop), 105005, 403)
    client.error(client.post(ACTIVITIES, {}, {}, shop=shop), 105005, 403)
    client.ok(client.get(CATEGORY_ASSETS))
    client.sb.revoke_group("category_assets")
    client.error(client.get(CATEGORY_ASSETS), 105005, 403)
    client.ok(client.get("/authorization/202309/shops"))  # the shops listing has its own scope
    client.sb.grant_group("promotion")
    client.ok(client.post(COUPONS, {}, {}, shop=shop))


@pytest.mark.parametrize("table", ["coupons", "promotion_activities"])
def test_same_seed_and_anchor_give_the_same_records_and_other_tables_do_not_move(table):
    kwargs = dict(seed=11, anchor=1_760_000_400, shops=3, products_per_shop=20, orders_per_shop=30, statement_days=5, history_days=40)
    first, second = Sandbox(**kwargs), Sandbox(**kwargs)
    shop_ids = [s["id"] for s in first.data.shops]
    before = [first.data.products[s][:] for s in shop_ids]
    assert [getattr(first.data, table)[s] for s in shop_ids] == [getattr(second.data, table)[s] for s in shop_ids]
    assert [first.data.products[s][:] for s in shop_ids] == before
    # Built after a mutation, a shop's promotions are still drawn from its initial catalog.
    second.mutate.add_products(shop_ids[0], 3)
    third = Sandbox(**kwargs)
    third.mutate.add_products(shop_ids[0], 3)
    assert getattr(third.data, table)[shop_ids[0]] == getattr(first.data, table)[shop_ids[0]]
