"""Promotion records: coupons (POST /promotion/202406/coupons/search and GET /promotion/202406/coupons/{coupon_id}),
product discount and flash deal activities (POST /promotion/202309/activities/search and
GET /promotion/202309/activities/{activity_id}), and the category assets of the authorization
(GET /authorization/202405/category_assets). Field names, nesting and JSON types follow TikTok's OpenAPI spec.

Pure and deterministic: a shop's coupons and activities are drawn from `derive_seed(shop.id, ...)` and the shop's
initial catalog (products created before the anchor), so they are the same in every process, whatever was mutated
since, and drawing them moves no other record. They are built once per shop on first use (`ds.cached`).
Search items and details are built together; a search item is the detail less the detail-only fields.
"""

from __future__ import annotations

import random
import string

from ..constants import DAY, SEA
from ..ids import derive_seed
from ..money import FX, D, money
from ..shop import Shop

COUPON_STATUSES = ("NOT_START", "ONGOING", "EXPIRED", "DEACTIVATED")
COUPON_DISPLAY_TYPES = ("REGULAR", "LIVE", "CREATOR_EXCLUSIVE", "CHAT", "PROMO_CODE")
# GET /promotion/202406/coupons/{coupon_id} `display_channels` per display type (SANDBOX CHOICE: the spec lists both
# vocabularies without a mapping).
DISPLAY_CHANNELS = {
    "REGULAR": ["SHOPPING_CENTER", "VIDEO", "SHOWCASE"],
    "LIVE": ["LIVE"],
    "CREATOR_EXCLUSIVE": ["LIVE", "SHOWCASE"],
    "CHAT": ["CHAT"],
    "PROMO_CODE": ["PRIVATE"],
}
BUYER_SEGMENTS = ("ALL", "NEW", "REPEAT_CUSTOMERS", "RECENT_CUSTOMERS", "FREQUENT_CUSTOMERS", "LAPSED_CUSTOMERS", "NEW_FOLLOWERS")
# Fields of GET /promotion/202406/coupons/{coupon_id} that the search item does not have.
COUPON_DETAIL_ONLY = ("display_channels", "live_tasks", "product_ids", "seller_tnc", "usage_stats")

ACTIVITY_TYPES = ("FIXED_PRICE", "DIRECT_DISCOUNT", "FLASHSALE", "SHIPPING_DISCOUNT", "BUY_MORE_SAVE_MORE")
ACTIVITY_STATUSES = ("DRAFT", "NOT_START", "ONGOING", "EXPIRED", "DEACTIVATED", "NOT_EFFECTIVE")
# Fields of GET /promotion/202309/activities/{activity_id} that the search item does not have; the search item's
# `id` is the detail's `activity_id`.
ACTIVITY_DETAIL_ONLY = ("activity_id", "products", "target_user_info")
# "Product information for FIXED_PRICE, DIRECT_DISCOUNT and FLASHSALE activity that ended more than 180 days will
# not be returned" (GET /promotion/202309/activities/{activity_id}).
PRODUCTS_KEPT_DAYS = 180
PRODUCT_PRICED_TYPES = ("FIXED_PRICE", "DIRECT_DISCOUNT", "FLASHSALE")

# Business categories a partner may authorize (SANDBOX CHOICE: the spec's example is 3 "Customer Support").
BUSINESS_CATEGORIES = ((1, "Product Management"), (3, "Customer Support"), (5, "Marketing"), (8, "Data Analytics"))


def coupon_count(shop: Shop) -> int:
    """30, 80, 130, 30, ... coupons: the third shop of every three needs two pages of 100."""
    return 30 + 50 * (shop.index % 3)


def activity_count(shop: Shop) -> int:
    """20, 65, 110, 20, ... activities: the third shop of every three needs two pages of 100."""
    return 20 + 45 * (shop.index % 3)


def _new_id(base: int, t: int, rng: random.Random, used: set) -> int:
    while True:
        value = base + (max(0, t - 1_600_000_000) << 22) + rng.getrandbits(22)
        if value not in used:
            used.add(value)
            return value


def _catalog(ds, shop: Shop) -> list:
    """(product id, sku ids) of the shop's initial products, by (create_time, id)."""
    return [(pid, shop.products[pid].sku_ids) for t, pid in shop.products.by_create if t < ds.anchor]


def _amount(shop: Shop, rng: random.Random, lo_usd: int, hi_usd: int) -> dict:
    rate, step = FX[shop.currency]
    value = (D(rng.randrange(lo_usd, hi_usd + 1)) * D(rate) / step).to_integral_value() * step
    return {"amount": money(shop, max(value, step)), "currency": shop.currency}


def _status(rng: random.Random, start: int, end: int, anchor: int, deactivated: str) -> str:
    if rng.random() < 0.1:
        return deactivated
    if start > anchor:
        return "NOT_START"
    return "EXPIRED" if end <= anchor else "ONGOING"


# -- coupons ----------------------------------------------------------------------------------------------------------


def _coupon(ds, shop: Shop, i: int, used: set, catalog: list) -> dict:
    rng = random.Random(derive_seed(shop.id, "coupon", ds.anchor, i))
    created = ds.start + int(rng.random() * (ds.anchor - DAY - ds.start))
    claim_start = created + rng.randrange(3600, 10 * DAY)
    claim_end = claim_start + rng.randrange(3, 45) * DAY
    status = _status(rng, claim_start, claim_end, ds.anchor, "DEACTIVATED")
    updated = min(ds.anchor - 60, created + rng.randrange(0, 20 * DAY))
    display = rng.choices(COUPON_DISPLAY_TYPES, (50, 15, 10, 10, 15))[0]
    scope = "SPECIFIC_PRODUCTS" if catalog and rng.random() < 0.4 else "FULL_SHOP"
    if rng.random() < 0.5:
        pct = rng.choice((5, 10, 15, 20, 25, 30, 50))
        discount = {"type": "PERCENT_OFF", "percentage": str(pct)}
        if rng.random() < 0.6:
            discount["max_discount"] = _amount(shop, rng, 10, 40)
        title = f"{pct}% off"
    else:
        discount = {"type": "AMOUNT_OFF", "reduction_amount": _amount(shop, rng, 2, 15)}
        title = f"{discount['reduction_amount']['amount']} {shop.currency} off"
    threshold = {"type": "MIN_SPEND", "min_spend": _amount(shop, rng, 20, 60)} if rng.random() < 0.7 else {"type": "NONE"}
    if rng.random() < 0.7:
        redemption = {"type": "ABSOLUTE", "start_time": claim_start, "end_time": claim_end + rng.randrange(0, 7) * DAY}
    else:
        redemption = {"type": "RELATIVE", "relative_time": rng.choice((3, 7, 14, 30))}
    total = rng.choice((100, 200, 500, 1000, 5000))
    limits = {"single_buyer_claim_limit": rng.choice((1, 1, 2, 5)), "total_claim_limit": total}
    if shop.region in SEA:  # "Only available in ID, MY, PH, TH, SG, VN regions."
        limits["redemption_limit"] = total
    coupon_id = _new_id(7_342_000_000_000_000_000, created, rng, used)
    item = {
        "id": str(coupon_id),
        "title": f"{title} #{i + 1}",
        "status": status,
        "display_type": display,
        "creation_source": rng.choices(("SELLER_CENTER", "SELLER_APP", "TTS_CRM"), (70, 20, 10))[0],
        "product_scope": scope,
        "target_buyer_segment": rng.choices(BUYER_SEGMENTS, (60, 10, 8, 6, 6, 5, 5))[0],
        "discount": discount,
        "threshold": threshold,
        "claim_duration": {"start_time": claim_start, "end_time": claim_end},
        "redemption_duration": redemption,
        "usage_limits": limits,
        # The spec's examples of these two are in milliseconds (1661756811000), unlike every other time it lists.
        "create_time": created * 1000 + rng.randrange(1000),
        "update_time": max(created, updated) * 1000 + rng.randrange(1000),
    }
    if display == "PROMO_CODE":
        item["promo_code"] = "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(rng.randrange(6, 13)))
    claimed = 0 if status == "NOT_START" else rng.randrange(0, total + 1)
    detail = {
        **item,
        "display_channels": list(DISPLAY_CHANNELS[display]),
        "usage_stats": {"claimed_count": claimed, "redeemed_count": rng.randrange(0, claimed + 1)},
    }
    if scope == "SPECIFIC_PRODUCTS":
        detail["product_ids"] = [str(pid) for pid, _ in rng.sample(catalog, min(len(catalog), rng.randrange(1, 6)))]
    if display == "LIVE" and shop.region in ("US", "GB"):  # "Only exists for LIVE coupons in the US and the UK."
        task = rng.choice(({"type": "NONE"}, {"type": "FOLLOW_HOST"}, {"type": "WATCH_FOR_MIN_TIME", "min_watch_time": "60"}))
        detail["live_tasks"] = [task]
    if rng.random() < 0.3:
        detail["seller_tnc"] = "Cannot be combined with other shop coupons."
    return {"item": item, "detail": detail}


def coupons(ds, shop: Shop) -> list[dict]:
    """Every coupon of the shop as {"item": search item, "detail": detail}, by (create_time, id)."""

    def build():
        used: set = set()
        catalog = _catalog(ds, shop)
        drawn = [_coupon(ds, shop, i, used, catalog) for i in range(coupon_count(shop))]
        return sorted(drawn, key=lambda c: (c["item"]["create_time"], int(c["item"]["id"])))

    return ds.cached(("coupons", shop.id, ds.anchor), build)


# -- activities -------------------------------------------------------------------------------------------------------


def _discount(shop: Shop, rng: random.Random, activity_type: str) -> dict | None:
    if activity_type == "SHIPPING_DISCOUNT":
        free = rng.random() < 0.5
        shipping = {
            "type": "FREE_SHIPPING" if free else "DISCOUNT_SHIPPING_FEE",
            "threshold_type": "NO_THRESHOLD",
            "area_scope": {"type": "WHOLE"},
            "inventory_type": "SELF_FULFILLED",
            "shipping_method": "STANDARD_SHIPPING",
        }
        if not free:
            shipping["value"] = _amount(shop, rng, 1, 5)["amount"]
        return {"shipping_discount": shipping}
    if activity_type == "BUY_MORE_SAVE_MORE":
        tiers = [(2, 10), (3, 15)][: rng.choice((1, 2))]
        details = []
        for n, (qty, pct) in enumerate(tiers):
            tier = {"tier": n + 1, "threshold_type": "MINIMAL_ITEM_QUANTITY", "threshold_value": str(qty)}
            details.append({**tier, "type": "PERCENTAGE_OFF", "value": str(pct)})
        return {"bmsm_discount": {"details": details}}
    return None


def _activity_products(ds, shop: Shop, rng: random.Random, activity_type: str, level: str, catalog: list) -> list:
    picked = rng.sample(catalog, min(len(catalog), rng.randrange(1, 7)))
    out = []
    for pid, sku_ids in picked:
        skus = {s["id"]: s for s in ds.product_detail(shop, pid)["skus"]}
        pct = rng.choice((5, 10, 15, 20, 30))
        limits = {"quantity_limit": rng.choice((-1, 50, 99)), "quantity_per_user": rng.choice((-1, 1, 2, 5))}
        product = {"id": str(pid), **limits}
        if level == "VARIATION":
            product["skus"] = []
            for sku_id in sku_ids:
                sku = {"id": str(sku_id), **limits}
                if activity_type == "DIRECT_DISCOUNT":
                    sku["discount"] = str(pct)
                else:
                    sku["activity_price"] = _discounted(shop, skus[str(sku_id)], pct)
                product["skus"].append(sku)
        elif activity_type == "DIRECT_DISCOUNT":
            product["discount"] = str(pct)
        else:
            product["activity_price"] = _discounted(shop, skus[str(sku_ids[0])], pct)
        out.append(product)
    return out


def _discounted(shop: Shop, sku: dict, pct: int) -> dict:
    price = D(sku["price"]["sale_price"]) * (100 - pct) / 100
    return {"amount": money(shop, price), "currency": shop.currency}


def _activity(ds, shop: Shop, i: int, used: set, catalog: list) -> dict:
    rng = random.Random(derive_seed(shop.id, "activity", ds.anchor, i))
    old = rng.random() < 0.1  # ended long ago: its detail lists no products (see PRODUCTS_KEPT_DAYS)
    lo = ds.start - 400 * DAY if old else ds.start
    hi = ds.start - 200 * DAY if old else ds.anchor - DAY
    created = lo + int(rng.random() * (hi - lo))
    activity_type = rng.choices(ACTIVITY_TYPES, (30, 30, 20, 10, 10))[0]
    if activity_type in ("SHIPPING_DISCOUNT", "BUY_MORE_SAVE_MORE"):
        level = "SHOP"
    else:
        level = rng.choice(("PRODUCT", "VARIATION")) if catalog else "PRODUCT"
    indefinite = activity_type == "SHIPPING_DISCOUNT" and rng.random() < 0.4
    begin = created + rng.randrange(3600, 5 * DAY)
    end = begin + (rng.randrange(1, 3) * DAY if activity_type == "FLASHSALE" else rng.randrange(3, 30) * DAY)
    if old:
        status = rng.choice(("EXPIRED", "EXPIRED", "DEACTIVATED"))
    elif rng.random() < 0.05:
        status = rng.choice(("DRAFT", "NOT_EFFECTIVE"))
    elif indefinite:
        status = "DEACTIVATED" if rng.random() < 0.1 else ("NOT_START" if begin > ds.anchor else "ONGOING")
    else:
        status = _status(rng, begin, end, ds.anchor, "DEACTIVATED")
    if indefinite:  # "If duration_type is INDEFINITE, start_time and end_time should be 0"
        begin = end = 0
    updated = min(ds.anchor - 60, created + rng.randrange(0, 20 * DAY))
    activity_id = _new_id(7_136_000_000_000_000_000, created, rng, used)
    item = {
        "id": str(activity_id),
        "title": f"{activity_type.replace('_', ' ').title()} {i + 1}"[:50],
        "activity_type": activity_type,
        "status": status,
        "product_level": level,
        "duration_type": "INDEFINITE" if indefinite else "NORMAL",
        "begin_time": begin,
        "end_time": end,
        "participation_limit": [{"type": rng.choice(("BUYER_NO_LIMIT", "BUYER_LIMIT_ONLY_ONE"))}],
        "activity_commands": ["IMMUTABLE"] if status in ("EXPIRED", "DEACTIVATED", "NOT_EFFECTIVE") else [],
        "create_time": created,
        "update_time": max(created, updated),
    }
    discount = _discount(shop, rng, activity_type)
    if discount is not None:
        item["discount"] = discount
    products = _activity_products(ds, shop, rng, activity_type, level, catalog) if level != "SHOP" and catalog else []
    ended_long_ago = end and ds.anchor - end > PRODUCTS_KEPT_DAYS * DAY
    if activity_type in PRODUCT_PRICED_TYPES and ended_long_ago:
        products = []
    detail = {k: v for k, v in item.items() if k != "id"}
    detail.update(
        activity_id=item["id"],
        products=products,
        target_user_info={"user_type": rng.choices(("ALL_USER", "SHOP_NEW_CUSTOMER", "SHOP_EXISTING_CUSTOMER"), (80, 10, 10))[0]},
    )
    return {"item": item, "detail": detail}


def activities(ds, shop: Shop) -> list[dict]:
    """Every activity of the shop as {"item": search item, "detail": detail}, by (create_time, id)."""

    def build():
        used: set = set()
        catalog = _catalog(ds, shop)
        drawn = [_activity(ds, shop, i, used, catalog) for i in range(activity_count(shop))]
        return sorted(drawn, key=lambda a: (a["item"]["create_time"], int(a["item"]["id"])))

    return ds.cached(("activities", shop.id, ds.anchor), build)


# -- category assets --------------------------------------------------------------------------------------------------


def category_assets(ds) -> list[dict]:
    """The business categories authorized to the app, per target market (the markets of the sandbox's shops)."""
    markets = sorted({shop.region for shop in ds.shop_list})
    out = []
    for category_id, name in BUSINESS_CATEGORIES:
        rng = random.Random(derive_seed(ds.seed, "category_asset", category_id))
        for market in markets:
            if rng.random() < 0.5 and out:
                continue
            cipher = "TTP_" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(32))
            out.append({"category": {"id": category_id, "name": name}, "cipher": cipher, "target_market": market})
    return out
