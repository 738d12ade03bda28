"""Product records: detail (GET /product/202309/products/{product_id}), search summary
(POST /product/{202309,202312,202502}/products/search), and the catalog around them:
categories (GET /product/202309/categories), brands (GET /product/202309/brands) and
inventory (POST /product/202309/inventory/search)."""

from __future__ import annotations

import random
from decimal import Decimal

from ..constants import AUDIT_STATUS
from ..cores import ProductCore
from ..ids import derive_seed
from ..money import FX, ZERO, D, money, q
from ..shop import Shop
from .common import digits

ADJECTIVES = ["Classic", "Everyday", "Premium", "Compact", "Vintage", "Ultra-Soft", "Portable", "Eco", "Deluxe", "Minimalist"]
MATERIALS = ["Cotton", "Ceramic", "Bamboo", "Stainless Steel", "Linen", "Silicone", "Leather", "Glass", "Wool", "Oak"]
NOUNS = [
    "Tote Bag",
    "Coffee Mug",
    "Phone Stand",
    "Throw Blanket",
    "Water Bottle",
    "Desk Lamp",
    "Scarf",
    "Cutting Board",
    "Candle Set",
    "Travel Pouch",
    "Hair Clip Set",
    "Yoga Mat",
]
COLORS = ["Black", "White", "Sage Green", "Navy", "Beige", "Terracotta", "Grey", "Blush Pink"]
CATEGORY_CHAINS = [
    [("600001", "0", "Home Supplies", False), ("600024", "600001", "Kitchenware", False), ("601226", "600024", "Drinkware", True)],
    [("824328", "0", "Womenswear & Underwear", False), ("842248", "824328", "Women's Tops", False), ("601302", "842248", "T-shirts", True)],
    [
        ("605196", "0", "Phones & Electronics", False),
        ("909064", "605196", "Phone Accessories", False),
        ("909320", "909064", "Phone Stands", True),
    ],
    [("602284", "0", "Sports & Outdoor", False), ("603014", "602284", "Fitness Equipment", False), ("603526", "603014", "Yoga Mats", True)],
    [("600942", "0", "Home Supplies", False), ("601450", "600942", "Home Decor", False), ("601480", "601450", "Candles", True)],
]
BRANDS = [("7082427311584347905", "Northwind"), ("7082427311584347921", "Kite & Co"), ("7082427311584347977", "Lumen")]


def _price(shop: Shop, rng: random.Random) -> Decimal:
    rate, step = FX[shop.currency]
    usd = D(rng.randrange(5, 80))
    value = (usd * D(rate) / step).to_integral_value() * step
    if step == D("0.01"):
        value -= D("0.01")  # .99 endings
    return max(value, step)


def _image(rng: random.Random, size: int = 800) -> dict:
    uri = f"tos-maliva-i-o3syd03w52-us/{rng.getrandbits(128):032x}"
    return {
        "height": size,
        "thumb_urls": [f"https://p16-oec-va.ibyteimg.com/{uri}~tplv-o3syd03w52-resize-jpeg:300:300.jpeg"],
        "uri": uri,
        "urls": [f"https://p16-oec-va.ibyteimg.com/{uri}~tplv-o3syd03w52-origin-jpeg.jpeg"],
        "width": size,
    }


def product_detail(ds, shop: Shop, core: ProductCore) -> dict:
    rng = random.Random(core.seed)
    us = shop.region == "US"
    title = f"{rng.choice(ADJECTIVES)} {rng.choice(MATERIALS)} {rng.choice(NOUNS)}"
    chain = rng.choice(CATEGORY_CHAINS)
    brand = rng.choice(BRANDS) if rng.random() < 0.6 else None
    sku_rng_seeds = [rng.getrandbits(48) for _ in core.sku_ids]
    base_price = _price(shop, rng)
    colors = rng.sample(COLORS, len(core.sku_ids))
    dyn = random.Random(derive_seed(core.seed, core.version))  # inventory moves when the product is updated
    skus = []
    for k, sku_id in enumerate(core.sku_ids):
        srng = random.Random(sku_rng_seeds[k])
        price = base_price + (_price(shop, srng) / 10 if k else ZERO)
        price = q(shop, price)
        tax_excl = q(shop, price / D("1.2")) if shop.region == "GB" else price
        sku = {
            "id": str(sku_id),
            "seller_sku": f"{title.split()[0][:3].upper()}-{core.id % 100000:05d}-{k + 1}",
            "external_sku_id": str(srng.randrange(10**11, 10**12)) if srng.random() < 0.3 else "",
            "price": {
                "currency": shop.currency,
                "sale_price": money(shop, price),
                "tax_exclusive_price": money(shop, tax_excl),
                "unit_price": money(shop, price),
            },
            "inventory": [{"quantity": dyn.randrange(0, 1000), "warehouse_id": wh} for wh in shop.warehouses],
            "sales_attributes": [
                {
                    "id": "100000",
                    "name": "Color",
                    "value_id": str(7_000_000_000_000_000_000 + sku_id % 10**15),
                    "value_name": colors[k],
                    **({"sku_img": _image(srng, 600)} if srng.random() < 0.5 else {}),
                }
            ],
            "combined_skus": [],
            "sku_unit_count": "1.00",
            "status_info": {"status": "NORMAL"}
            if core.status == "ACTIVATE"
            else {"status": "DEACTIVATED", "deactivation_source": "SELLER"},
        }
        if srng.random() < 0.5:
            sku["identifier_code"] = {"code": digits(srng, 12), "type": "UPC" if us else "EAN"}
        if shop.seller_type == "CROSS_BORDER":
            sku["global_listing_policy"] = {
                "inventory_type": "SHARED",
                "price_sync": True,
                "replicate_source": {"product_id": str(core.id), "shop_id": shop.id},
            }
        if srng.random() < 0.3:
            sku["sku_dimensions"] = {"height": "10", "length": "20", "unit": "INCH" if us else "CENTIMETER", "width": "15"}
            sku["sku_weight"] = {"unit": "POUND" if us else "KILOGRAM", "value": "1.2"}
        skus.append(sku)
    audit = {"pre_approved_reasons": [], "status": AUDIT_STATUS[core.status]}
    record = {
        "id": str(core.id),
        "title": title,
        "description": f"<p>{title}. Carefully made and packed.</p><ul><li>Material: {title.split()[1]}</li><li>Ships in 2 days</li></ul>",
        "status": core.status,
        "create_time": core.create_time,
        "update_time": core.update_time,
        "audit": audit,
        "audit_failed_reasons": (
            [{"position": "product", "reasons": ["Product image is unclear"], "suggestions": ["Upload a clearer main image"]}]
            if core.status == "FAILED"
            else []
        ),
        "category_chains": [{"id": c[0], "is_leaf": c[3], "local_name": c[2], "parent_id": c[1]} for c in chain],
        "certifications": [],
        "delivery_options": [{"id": "7057025213938009858", "is_available": True, "name": "Standard shipping"}],
        "has_draft": rng.random() < 0.1,
        "is_cod_allowed": shop.is_sea and rng.random() < 0.8,
        "is_not_for_sale": False,
        "is_pre_owned": False,
        "is_replicated": shop.seller_type == "CROSS_BORDER",
        "main_images": [_image(rng) for _ in range(1 + rng.randrange(4))],
        "manufacturer_ids": [],
        "package_dimensions": {
            "height": str(rng.randrange(2, 30)),
            "length": str(rng.randrange(10, 60)),
            "unit": "INCH" if us else "CENTIMETER",
            "width": str(rng.randrange(5, 40)),
        },
        "package_weight": {"unit": "POUND" if us else "KILOGRAM", "value": f"{rng.randrange(1, 50) / 10:.1f}"},
        "product_attributes": [{"id": "100107", "name": "Material", "values": [{"id": "1000058", "name": title.split()[1]}]}],
        "product_status": core.status,
        "product_types": [],
        "recommended_categories": [],
        "responsible_person_ids": [],
        "shipping_insurance_requirement": "NOT_SUPPORTED",
        "skus": skus,
    }
    # Optional blocks: present on some products only, as on the real API.
    if brand:
        record["brand"] = {"id": brand[0], "name": brand[1]}
    if rng.random() < 0.4:
        record["external_product_id"] = digits(rng, 12)
    if rng.random() < 0.3:
        record["size_chart"] = {
            "image": {
                "uri": f"tos-maliva-i-o3syd03w52-us/{rng.getrandbits(64):016x}",
                "urls": [f"https://p16-oec-va.ibyteimg.com/sizechart/{rng.getrandbits(64):016x}.jpeg"],
            }
        }
    if rng.random() < 0.3:
        vid = digits(rng, 19)
        record["video"] = {
            "cover_url": f"https://p16-oec-va.ibyteimg.com/video-cover/{vid}.jpeg",
            "format": "MP4",
            "height": 1280,
            "id": vid,
            "size": rng.randrange(1_000_000, 30_000_000),
            "url": f"https://v16m.tiktokcdn.com/video/{vid}.mp4",
            "width": 720,
        }
    if shop.region in ("ES", "GB") and rng.random() < 0.5:
        record["manufacturer_ids"] = [digits(rng, 19)]
    if rng.random() < 0.2:
        record["recommended_categories"] = [{"id": chain[-1][0], "local_name": chain[-1][2]}]
    record["subscribe_info"] = {"is_subscribable": False}
    return record


def product_summary(shop: Shop, detail: dict, version: str) -> dict:
    """Search-result shape; 202312+ add listing fields. SEA local sellers get no sale_price."""
    drop_sale = shop.is_sea and shop.seller_type == "LOCAL"
    skus = []
    for s in detail["skus"]:
        price = {
            "currency": s["price"]["currency"],
            "sale_price": s["price"]["sale_price"],
            "tax_exclusive_price": s["price"]["tax_exclusive_price"],
        }
        if drop_sale:
            del price["sale_price"]
        sku = {"id": s["id"], "seller_sku": s["seller_sku"], "price": price, "inventory": s["inventory"], "fees": []}
        if version != "202309":
            sku["status_info"] = s["status_info"]
            sku["list_price"] = {"amount": s["price"]["sale_price"], "currency": s["price"]["currency"]}
        skus.append(sku)
    out = {
        "id": detail["id"],
        "title": detail["title"],
        "status": detail["status"],
        "create_time": detail["create_time"],
        "update_time": detail["update_time"],
        "sales_regions": [shop.region],
        "recommended_categories": detail["recommended_categories"],
        "product_sync_fail_reasons": ["Image size is too small"] if detail["status"] == "FAILED" else [],
        "skus": skus,
    }
    if version != "202309":
        out.update(
            {
                "is_not_for_sale": detail["is_not_for_sale"],
                "listing_quality_tier": ("GOOD", "FAIR", "POOR")[int(detail["id"]) % 3],
                "integrated_platform_statuses": [],
                "audit": detail["audit"],
                "has_draft": detail["has_draft"],
                "product_tags": [],
            }
        )
    return out


# -- catalog: categories, brands, inventory ---------------------------------------------------------------------------

# (id, parent_id, local_name, is_leaf, permission_statuses) beyond the chains products use.
EXTRA_CATEGORIES = [
    ("600050", "600001", "Bathroom Supplies", True, ["AVAILABLE"]),
    ("600070", "600001", "Home Organizers", True, ["AVAILABLE"]),
    ("601240", "600024", "Cookware", True, ["AVAILABLE"]),
    ("842250", "824328", "Women's Bottoms", False, ["AVAILABLE"]),
    ("842260", "842250", "Jeans", True, ["AVAILABLE"]),
    ("909100", "605196", "Audio & Video", False, ["INVITE_ONLY"]),
    ("909120", "909100", "Earphones", True, ["INVITE_ONLY"]),
    ("603100", "602284", "Camping & Hiking", True, ["AVAILABLE", "NON_MAIN_CATEGORY"]),
    ("601500", "601450", "Wall Art", True, ["AVAILABLE"]),
    ("700001", "0", "Weapons & Ammunition", False, ["PROHIBITED"]),
    ("700010", "700001", "Knives", True, ["PROHIBITED"]),
]


def categories() -> list[dict]:
    seen, out = set(), []
    for chain in CATEGORY_CHAINS:
        for cid, parent, name, leaf in chain:
            if cid not in seen:
                seen.add(cid)
                statuses = ["AVAILABLE"] if parent != "0" or cid != "605196" else ["AVAILABLE", "NON_MAIN_CATEGORY"]
                out.append({"id": cid, "parent_id": parent, "local_name": name, "is_leaf": leaf, "permission_statuses": statuses})
    for cid, parent, name, leaf, statuses in EXTRA_CATEGORIES:
        out.append({"id": cid, "parent_id": parent, "local_name": name, "is_leaf": leaf, "permission_statuses": list(statuses)})
    return out


BRAND_WORDS_A = [
    "Aurora",
    "Cedar",
    "Nova",
    "Harbor",
    "Summit",
    "Willow",
    "Atlas",
    "Ember",
    "Juniper",
    "Orchid",
    "Pioneer",
    "Quartz",
    "Solace",
    "Tidal",
    "Velvet",
    "Zephyr",
]
BRAND_WORDS_B = ["Home", "Labs", "Studio", "Goods", "Works", "& Co", "Living", "Outdoors"]


def brands(ds, shop: Shop) -> list[tuple[dict, frozenset]]:
    """(record, category ids the brand may be used in), ordered by id. The products' brands are AUTHORIZED."""
    rng = random.Random(derive_seed(ds.seed, "brands", shop.region))
    leaves = [c["id"] for c in categories() if c["is_leaf"]]
    out = [
        (
            {"id": bid, "name": name, "authorized_status": "AUTHORIZED", "brand_status": "AVAILABLE", "is_t1_brand": k == 0},
            frozenset(leaves),
        )
        for k, (bid, name) in enumerate(BRANDS)
    ]
    used = {b[0]["name"] for b in out}
    for a in BRAND_WORDS_A:
        for b in BRAND_WORDS_B:
            name = f"{a} {b}"
            if name in used or rng.random() < 0.1:
                continue
            bid = str(7_082_427_311_584_000_000 + rng.randrange(10**12))
            out.append(
                (
                    {
                        "id": bid,
                        "name": name,
                        "authorized_status": "AUTHORIZED" if rng.random() < 0.1 else "UNAUTHORIEZD",  # sic, as documented
                        "brand_status": "AVAILABLE" if rng.random() < 0.9 else "UNAVAILABLE",
                        "is_t1_brand": rng.random() < 0.15,
                    },
                    frozenset(rng.sample(leaves, 1 + rng.randrange(3))),
                )
            )
    out.sort(key=lambda b: int(b[0]["id"]))
    return out


def inventory_item(ds, shop: Shop, pid: int, sku_ids: set | None = None) -> dict:
    core = shop.products[pid]
    detail = ds.product_detail(shop, pid)
    dyn = random.Random(derive_seed(core.seed, core.version, "committed"))
    skus = []
    for s in detail["skus"]:
        committed = [dyn.choice((0, 0, 0, 1, 2, 3)) for _ in s["inventory"]]
        if sku_ids is not None and s["id"] not in sku_ids:
            continue
        wh = [
            {"warehouse_id": inv["warehouse_id"], "available_quantity": inv["quantity"], "committed_quantity": c}
            for inv, c in zip(s["inventory"], committed)
        ]
        available = sum(w["available_quantity"] for w in wh)
        skus.append(
            {
                "id": s["id"],
                "seller_sku": s["seller_sku"],
                "total_available_quantity": available,
                "total_committed_quantity": sum(committed),
                "total_available_inventory_distribution": {"in_shop_inventory": {"quantity": available}},
                "warehouse_inventory": wh,
            }
        )
    return {"product_id": str(pid), "skus": skus}
