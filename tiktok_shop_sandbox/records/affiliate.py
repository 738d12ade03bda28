"""Affiliate Seller records (OAS affiliate_seller.json): affiliate orders (POST /affiliate_seller/202410/orders/search),
open collaborations (POST /affiliate_seller/202412/open_collaborations/search), targeted collaborations (POST
/affiliate_seller/202508/target_collaborations/search and the detail GET .../target_collaborations/{id}) and sample
applications (POST /affiliate_seller/202508/sample_applications/search).

Every field and JSON type is the spec's. Amounts are decimal strings in the shop's currency; commission rates are
strings in hundredths of a percent on affiliate orders ("1500" = 15%), integers on collaborations, and a fraction
string on sample applications ("0.15"), each as the spec types it.
"""

from __future__ import annotations

import random

from ..constants import DAY
from ..cores import AffiliateOrderCore, CreatorCore, OpenCollabCore, SampleAppCore, TargetCollabCore
from ..ids import derive_seed
from ..money import ZERO, D, money, q
from ..money import rate as fx_rate
from ..shop import Shop
from .common import digits

# Affiliate order statuses (the spec's enum without its ALL).
AFFILIATE_ORDER_STATUSES = ("PROCESSING", "COMPLETED", "CANCELLED", "FROZEN", "DEDUCTED")
CONTENT_TYPES = ("VIDEO", "LIVE", "SHOP", "PRE_LIVE", "PROMOTION_PAGE", "LINKSHARE")
# Product status as collaborations report it (OAS: LIVE, OUT_OF_STOCK, SELLER_DEACTIVATE, PLATFORM_DEACTIVATE,
# GNE_REJECT, DELETE, OTHER) from the catalogue's status.
PRODUCT_STATUS = {
    "ACTIVATE": "LIVE",
    "SELLER_DEACTIVATED": "SELLER_DEACTIVATE",
    "PLATFORM_DEACTIVATED": "PLATFORM_DEACTIVATE",
    "DELETED": "DELETE",
}
SAMPLE_STATUSES = (
    "PENDING",
    "AWAITING_SHIPMENT",
    "SHIPPED",
    "CONTENT_PENDING",
    "REJECT_CANCELLED",
    "OVERDUE_CANCELLED",
    "UNFULFILL_CANCELLED",
    "DEL_OPEN_COLLAB",
    "SELLER_NOT_SHIP_CANCELLED",
    "WITHDRAW_CANCELLED",
    "UNFULFILLABLE_CANCELLED",
    "OPS_CANCELLED",
    "OPS_FAILED",
    "OPS_COMPLETED",
    "COMPLETED",
)
SAMPLE_NEXT = {"PENDING": "AWAITING_SHIPMENT", "AWAITING_SHIPMENT": "SHIPPED", "SHIPPED": "CONTENT_PENDING", "CONTENT_PENDING": "COMPLETED"}
SAMPLE_APPROVED = ("AWAITING_SHIPMENT", "SHIPPED", "CONTENT_PENDING", "UNFULFILL_CANCELLED", "OPS_COMPLETED", "COMPLETED")
SAMPLE_SHIPPED = ("SHIPPED", "CONTENT_PENDING", "UNFULFILL_CANCELLED", "OPS_COMPLETED", "COMPLETED")
FULFILLMENT_STATUS = {"CONTENT_PENDING": "ONGOING", "COMPLETED": "SUCCEED", "OPS_COMPLETED": "EXEMPTED", "UNFULFILL_CANCELLED": "OVERDUE"}
# Search statuses of a targeted plan (body `collaboration_status`).
TARGET_STATUSES = ("ONGOING", "EXPIRING", "VALID", "CANCELING", "COMPLETED")
EXPIRING_WITHIN = 7 * DAY
AGENCIES = ("Starlight Creators Agency", "Bright Path MCN")


def _amount(shop: Shop, value) -> dict:
    return {"amount": money(shop, value), "currency": shop.currency}


def _image(seed: int, kind: str) -> str:
    return f"https://p16-sign-va.tiktokcdn.com/tos-maliva-{kind}-0068/{seed:012x}~c5_720x720.webp"


# -- creators -------------------------------------------------------------------------------------------------------


def creator_avatar(creator: CreatorCore) -> str:
    return _image(creator.seed, "avt")


def creator_stats(shop: Shop, creator: CreatorCore) -> dict:
    """The creator block of a sample application (GMV over 30 days in the shop's currency)."""
    rng = random.Random(creator.seed)
    followers = int(10 ** rng.uniform(3, 6.5))
    return {
        "avatar_url": creator_avatar(creator),
        "content_count": rng.randrange(0, 60),
        "creator_open_id": creator.open_id,
        "ec_video_view": rng.randrange(100, 50_000),
        "follower_count": followers,
        "fulfillment_percentage": f"{rng.uniform(40, 100):.2f}",
        "gmv": _amount(shop, q(shop, D(rng.randrange(0, 5_000_000)) / 100 * fx_rate(shop.currency))),
        "nickname": creator.nickname,
        "username": creator.username,
    }


# -- affiliate orders -------------------------------------------------------------------------------------------------


def affiliate_order_status(shop: Shop, aff: AffiliateOrderCore) -> str:
    """The status TikTok reports for the affiliate order: set by a mutation, else from the order (a completed order
    that was returned has its commission deducted)."""
    if aff.status is not None:
        return aff.status
    order = shop.orders[aff.order_id]
    if order.status == "CANCELLED":
        return "CANCELLED"
    if order.status == "COMPLETED":
        return "DEDUCTED" if aff.order_id in shop.returned_orders else "COMPLETED"
    return "PROCESSING"


def affiliate_order_record(ds, shop: Shop, aff: AffiliateOrderCore) -> dict:
    order_core = shop.orders[aff.order_id]
    order = ds.order_record(shop, aff.order_id)
    status = affiliate_order_status(shop, aff)
    creator = shop.creators[aff.creator]
    prices = {}
    for item in order["line_items"]:
        prices.setdefault(item["sku_id"], D(item["sale_price"]))
    skus = []
    for k, (pid, sku_index, qty) in enumerate(order_core.items):
        sku_id = str(shop.products[pid].sku_ids[sku_index])
        price = prices.get(sku_id, ZERO)
        rate, ads_rate = aff.rates[k], aff.shop_ads_rate
        refunded = qty if status == "DEDUCTED" else 0
        returned = refunded if aff.order_id in shop.returned_orders else 0
        base = price * qty
        settled = status in ("COMPLETED", "DEDUCTED")
        actual_base = price * (qty - refunded) if settled else ZERO
        kind, program_id = aff.programs[k]
        tiered = rate % 500 == 0 and rate >= 1500
        bonus = q(shop, base * D("0.01")) if kind == "CAMPAIGN" else ZERO
        skus.append(
            {
                "product_id": str(pid),
                "quantity": qty,
                "refunded_quantity": refunded,
                "returned_quantity": returned,
                "price": _amount(shop, price),
                "commission_rate": str(rate),
                "commission_model": "Tiered commission" if tiered else "Fixed commission",
                "commission_tier_setting": f"{rate / 100 - 5:.1f} OR {rate / 100:.1f}" if tiered else "",
                "shop_ads_commission_rate": str(ads_rate),
                "content_type": aff.content_type,
                "content_id": aff.content_id,
                "creator_username": creator.username,
                "open_collaboration_id": program_id if kind == "OPEN" else "",
                "target_collaboration_id": program_id if kind == "TARGET" else "",
                "campaign_id": program_id if kind == "CAMPAIGN" else "",
                "estimated_commission_base": _amount(shop, base),
                "estimated_paid_commission": _amount(shop, base * rate / 10000),
                "estimated_paid_shop_ads_commission": _amount(shop, base * ads_rate / 10000),
                "estimated_cofunded_creator_bonus_amount": _amount(shop, bonus),
                "actual_commission_base": _amount(shop, actual_base),
                "actual_paid_commission": _amount(shop, actual_base * rate / 10000),
                "actual_paid_shop_ads_commission": _amount(shop, actual_base * ads_rate / 10000),
                "actual_cofunded_creator_bonus_amount": _amount(shop, bonus if settled and not refunded else ZERO),
            }
        )
    record = {"id": str(aff.order_id), "create_time": order_core.create_time, "status": status, "skus": skus}
    if "delivery_time" in order:
        record["delivery_time"] = order["delivery_time"]
    return record


def order_programs(aff: AffiliateOrderCore) -> set:
    """The plan ids an affiliate order counts for (the search's `program_id` filter)."""
    return {program_id for _, program_id in aff.programs}


# -- products as collaborations show them ---------------------------------------------------------------------------


def product_summary(ds, shop: Shop, pid: int) -> dict:
    """id, title, main image, original price range (of the SKUs' sale prices), inventory and status of a product."""
    detail = ds.product_detail(shop, pid)
    prices = [D(sku["price"]["sale_price"]) for sku in detail["skus"]]
    inventory = sum(w["quantity"] for sku in detail["skus"] for w in sku["inventory"])
    status = PRODUCT_STATUS.get(shop.products[pid].status, "OTHER")
    if status == "LIVE" and inventory == 0:
        status = "OUT_OF_STOCK"
    return {
        "id": detail["id"],
        "title": detail["title"],
        "main_image_url": detail["main_images"][0]["urls"][0],
        "inventory": inventory,
        "original_price": {
            "currency": shop.currency,
            "minimum_amount": money(shop, min(prices)),
            "maximum_amount": money(shop, max(prices)),
        },
        "status": status,
        "top_level_category_id": detail["category_chains"][0]["id"],
    }


# -- open collaborations --------------------------------------------------------------------------------------------


def open_collaboration_record(ds, shop: Shop, core: OpenCollabCore) -> dict:
    rng = random.Random(derive_seed(core.seed, core.version))
    product = product_summary(ds, shop, core.product_id)
    product.pop("top_level_category_id")
    showcase = rng.randrange(0, 80)
    return {
        "id": str(core.id),
        "product": product,
        "current_commission": {"rate": core.rate, "start_time": core.start_time, "end_time": core.end_time},
        "status": core.status,
        "showcase_creator_count": showcase,
        "content_creator_count": rng.randrange(0, showcase + 1),
    }


# -- targeted collaborations ----------------------------------------------------------------------------------------


def target_status(core: TargetCollabCore, now: int) -> str:
    """ONGOING, EXPIRING, CANCELING or COMPLETED at `now` (VALID = ONGOING or EXPIRING)."""
    if core.phase == "CANCELLED" or core.end_time <= now:
        return "COMPLETED"
    if core.phase == "CANCELING":
        return "CANCELING"
    return "EXPIRING" if core.end_time - now < EXPIRING_WITHIN else "ONGOING"


def target_matches(core: TargetCollabCore, wanted: str, now: int) -> bool:
    status = target_status(core, now)
    return status == wanted or (wanted == "VALID" and status in ("ONGOING", "EXPIRING"))


def _target_facts(core: TargetCollabCore) -> dict:
    rng = random.Random(core.seed)
    name = rng.choice(("Spring launch", "Creator favourites", "Holiday gifting", "New arrivals push", "Top sellers boost"))
    return {
        "name": f"{name} {core.id % 1000:03d}",
        "message": rng.choice(("We love your content and would be thrilled to work with you.", "Free samples for our best sellers.")),
        "free_sample_rule": {"has_free_sample": rng.random() < 0.7, "is_sample_approval_exempt": rng.random() < 0.3},
        "rates": [rng.randrange(10, 41) * 100 for _ in core.product_ids],
    }


def _target_counts(core: TargetCollabCore) -> dict:
    rng = random.Random(derive_seed(core.seed, "counts", core.version))
    normal = sum(1 for _, state in core.creators if state == "NORMAL")
    showcase = rng.randrange(0, normal + 1)
    return {"invited": normal, "showcase": showcase, "content": rng.randrange(0, showcase + 1)}


def target_collaboration_summary(ds, shop: Shop, core: TargetCollabCore) -> dict:
    facts, counts = _target_facts(core), _target_counts(core)
    return {
        "id": str(core.id),
        "name": facts["name"],
        "message": facts["message"],
        "type": core.type,
        "start_time": core.start_time,
        "end_time": core.end_time,
        "update_time": core.update_time,
        "free_sample_rule": facts["free_sample_rule"],
        "product_count": len(core.product_ids),
        # Spelled so in the OAS (the detail has creator_invited_count).
        "creator_inivited_count": counts["invited"],
        "showcase_creator_count": counts["showcase"],
        "content_creator_count": counts["content"],
    }


def target_collaboration_detail(ds, shop: Shop, core: TargetCollabCore) -> dict:
    facts, counts = _target_facts(core), _target_counts(core)
    record = target_collaboration_summary(ds, shop, core)
    del record["creator_inivited_count"]
    record["creator_invited_count"] = counts["invited"]
    record["seller_contact_info"] = {"email": f"partnerships@shop{shop.index}.example.com"}
    creators = []
    for index, state in core.creators:
        creator = shop.creators[index]
        rng = random.Random(derive_seed(creator.seed, core.id))
        showcase = rng.randrange(0, len(core.product_ids) + 1)
        creators.append(
            {
                "creator_open_id": creator.open_id,
                "username": creator.username,
                "nickname": creator.nickname,
                "avatar": {"url": creator_avatar(creator)},
                "collaboration_status": state,
                "product_effective_status": "EFFECTIVE_ALL" if state == "NORMAL" else "EFFECTIVE_NONE",
                "selection_region": shop.region,
                "showcase_product_count": showcase,
                "content_product_count": rng.randrange(0, showcase + 1),
            }
        )
    products = []
    for k, pid in enumerate(core.product_ids):
        product = product_summary(ds, shop, pid)
        rate = facts["rates"][k]
        low, high = D(product["original_price"]["minimum_amount"]), D(product["original_price"]["maximum_amount"])
        products.append(
            {
                "id": product["id"],
                "title": product["title"],
                "main_image_url": product["main_image_url"],
                "original_price": product["original_price"],
                "status": product["status"],
                "collaboration_status": "NORMAL" if shop.products[pid].status != "DELETED" else "DELETING",
                "commission_effective_status": "EFFECTIVE_ALL",
                "commission": {
                    "rate": rate,
                    "shop_ads_commission_rate": 100 if k % 2 else 0,
                    "currency": shop.currency,
                    "minimum_amount": money(shop, low * rate / 10000),
                    "maximum_amount": money(shop, high * rate / 10000),
                    "effective_time": str(core.start_time),
                },
            }
        )
    record["creators"] = creators
    record["products"] = products
    return record


# -- sample applications --------------------------------------------------------------------------------------------


def sample_application_record(ds, shop: Shop, core: SampleAppCore) -> dict:
    rng = random.Random(core.seed)
    dyn = random.Random(derive_seed(core.seed, core.version))
    detail = ds.product_detail(shop, core.product_id)
    sku = detail["skus"][core.sku_index]
    creator = shop.creators[core.creator]
    approved = core.status in SAMPLE_APPROVED
    pending = core.status == "PENDING"
    live = shop.products[core.product_id].status == "ACTIVATE"
    available = dyn.randrange(0, 40) if live else 0
    approvable = pending and live and available > 0
    reasons = [] if approvable or not pending else (["Product out of stock"] if live else ["Product is not available for sale"])
    record = {
        "id": str(core.id),
        "status": core.status,
        "fulfillment_status": FULFILLMENT_STATUS.get(core.status, "PENDING" if approved or pending else "CANCELLED"),
        "commission_rate": f"{rng.randrange(5, 31) / 100:.2f}",
        "creator": creator_stats(shop, creator),
        "product": {
            "id": detail["id"],
            "title": detail["title"],
            "sku_id": sku["id"],
            "sku_name": sku["sales_attributes"][0]["value_name"],
            "sku_image_url": detail["main_images"][0]["urls"][0],
        },
        "available_quantity": available,
        "is_approvable": approvable,
        "disapprovable_reasons": reasons,
        "approve_expiration_time": core.create_time + 3 * DAY,
        "shipment_expiration_time": core.create_time + 8 * DAY,
        "order_id": str(576_900_000_000_000_000 + core.id % 10**15) if approved else "",
        "tracking_number": digits(rng, 12) if core.status in SAMPLE_SHIPPED else "",
        "partner_name": rng.choice(AGENCIES) if rng.random() < 0.2 else "",
    }
    return record
