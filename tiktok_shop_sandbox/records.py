"""Materialize API-shaped records from dataset core facts (reference §6).

Every function is a pure function of (core facts, per-record seed), so the same seed and
anchor always give byte-identical records. Static attributes draw from the record's own
seed; mutable ones (inventory) also mix in the record's version.
"""

from __future__ import annotations

import bisect
import random
from decimal import ROUND_HALF_UP, Decimal

from .data import CANCEL_REASONS, DAY, OrderCore, ProductCore, Shop, Statement, Txn, derive_seed, has_package as _has_package, order_facts

D = Decimal
ZERO = D(0)

# approximate units of local currency per USD, and the rounding step for prices
FX = {"USD": (1, D("0.01")), "GBP": (D("0.8"), D("0.01")), "EUR": (D("0.92"), D("0.01")), "VND": (25000, D(1000)),
      "IDR": (16000, D(1000)), "MYR": (D("4.7"), D("0.01")), "THB": (36, D(1)), "PHP": (58, D(1)),
      "SGD": (D("1.35"), D("0.01")), "MXN": (17, D(1)), "JPY": (150, D(10)), "BRL": (5, D("0.01"))}

ADJECTIVES = ["Classic", "Everyday", "Premium", "Compact", "Vintage", "Ultra-Soft", "Portable", "Eco", "Deluxe", "Minimalist"]
MATERIALS = ["Cotton", "Ceramic", "Bamboo", "Stainless Steel", "Linen", "Silicone", "Leather", "Glass", "Wool", "Oak"]
NOUNS = ["Tote Bag", "Coffee Mug", "Phone Stand", "Throw Blanket", "Water Bottle", "Desk Lamp", "Scarf", "Cutting Board",
         "Candle Set", "Travel Pouch", "Hair Clip Set", "Yoga Mat"]
COLORS = ["Black", "White", "Sage Green", "Navy", "Beige", "Terracotta", "Grey", "Blush Pink"]
SIZES = ["S", "M", "L", "XL", "350ml", "500ml", "Set of 2", "Set of 4"]
CATEGORY_CHAINS = [
    [("600001", "0", "Home Supplies", False), ("600024", "600001", "Kitchenware", False), ("601226", "600024", "Drinkware", True)],
    [("824328", "0", "Womenswear & Underwear", False), ("842248", "824328", "Women's Tops", False), ("601302", "842248", "T-shirts", True)],
    [("605196", "0", "Phones & Electronics", False), ("909064", "605196", "Phone Accessories", False), ("909320", "909064", "Phone Stands", True)],
    [("602284", "0", "Sports & Outdoor", False), ("603014", "602284", "Fitness Equipment", False), ("603526", "603014", "Yoga Mats", True)],
    [("600942", "0", "Home Supplies", False), ("601450", "600942", "Home Decor", False), ("601480", "601450", "Candles", True)],
]
BRANDS = [("7082427311584347905", "Northwind"), ("7082427311584347921", "Kite & Co"), ("7082427311584347977", "Lumen")]
SHIPPING_PROVIDERS = {"US": [("6617675021119438849", "USPS"), ("6617675021119438850", "UPS")],
                      "GB": [("7117858858072016686", "Royal Mail"), ("7117858858072016687", "Evri")],
                      "VN": [("7099654067386844933", "GHTK"), ("7099654067386844934", "J&T Express")]}
DEFAULT_PROVIDERS = [("7208502187360519982", "J&T Express"), ("7208502187360519983", "Ninja Van")]
FIRST = ["James", "Mai", "Olivia", "Minh", "Noah", "Siti", "Liam", "Ana", "Chen", "Sofia", "Arjun", "Emma"]
LAST = ["Smith", "Nguyen", "Brown", "Tran", "Wilson", "Putri", "Taylor", "Garcia", "Lee", "Evans", "Khan", "Walker"]
ADJUSTMENT_TYPES = ["SHIPPING_FEE_ADJUSTMENT", "SHIPPING_FEE_COMPENSATION", "CHARGE_BACK", "CUSTOMER_SERVICE_COMPENSATION",
                    "PROMOTION_ADJUSTMENT", "PLATFORM_COMPENSATION", "PLATFORM_PENALTY", "SAMPLE_SHIPPING_FEE",
                    "LOGISTICS_REIMBURSEMENT", "PLATFORM_REIMBURSEMENT", "DEDUCTIONS_INCURRED_BY_SELLER",
                    "SHIPPING_FEE_REBATE", "PLATFORM_COMMISSION_ADJUSTMENT", "OTHER_ADJUSTMENT", "REBATE"]
ADDRESSES = {
    "US": [("California", "US-CA", "Los Angeles", "90012", "{n} W 1st St"), ("Texas", "US-TX", "Austin", "78701", "{n} Congress Ave"),
           ("New York", "US-NY", "Brooklyn", "11201", "{n} Court St"), ("Colorado", "US-CO", "Denver", "80202", "{n} Larimer St")],
    "GB": [("England", "GB-ENG", "London", "SW1A 1AA", "{n} Baker Street"), ("Scotland", "GB-SCT", "Edinburgh", "EH1 1YZ", "{n} Royal Mile")],
    "VN": [("Ho Chi Minh", "VN-SG", "Quan 1", "700000", "{n} Nguyen Hue"), ("Ha Noi", "VN-HN", "Hoan Kiem", "100000", "{n} Hang Bai")],
}
DEFAULT_ADDRESSES = [("Central", "", "Capital City", "10000", "{n} Market Road")]


def money(shop: Shop, value) -> str:
    step = D(1).scaleb(-shop.exp)
    q = D(value).quantize(step, rounding=ROUND_HALF_UP)
    if q == 0:
        return "0"
    return format(q.normalize(), "f")


def q(shop: Shop, value) -> Decimal:
    return D(value).quantize(D(1).scaleb(-shop.exp), rounding=ROUND_HALF_UP)


def _price(shop: Shop, rng: random.Random) -> Decimal:
    rate, step = FX[shop.currency]
    usd = D(rng.randrange(5, 80))
    value = (usd * D(rate) / step).to_integral_value() * step
    if step == D("0.01"):
        value -= D("0.01")  # .99 endings
    return max(value, step)


def _digits(rng: random.Random, n: int) -> str:
    return str(rng.randrange(10 ** (n - 1), 10 ** n))


def _image(rng: random.Random, size: int = 800) -> dict:
    uri = f"tos-maliva-i-o3syd03w52-us/{rng.getrandbits(128):032x}"
    return {
        "height": size,
        "thumb_urls": [f"https://p16-oec-va.ibyteimg.com/{uri}~tplv-o3syd03w52-resize-jpeg:300:300.jpeg"],
        "uri": uri,
        "urls": [f"https://p16-oec-va.ibyteimg.com/{uri}~tplv-o3syd03w52-origin-jpeg.jpeg"],
        "width": size,
    }


# -- products -------------------------------------------------------------------------------------------------------

AUDIT_STATUS = {"ACTIVATE": "APPROVED", "SELLER_DEACTIVATED": "APPROVED", "PLATFORM_DEACTIVATED": "APPROVED",
                "FREEZE": "APPROVED", "DELETED": "APPROVED", "PENDING": "AUDITING", "FAILED": "REJECTED", "DRAFT": "NONE"}


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
            "price": {"currency": shop.currency, "sale_price": money(shop, price), "tax_exclusive_price": money(shop, tax_excl),
                      "unit_price": money(shop, price)},
            "inventory": [{"quantity": dyn.randrange(0, 1000), "warehouse_id": wh} for wh in shop.warehouses],
            "sales_attributes": [{"id": "100000", "name": "Color", "value_id": str(7_000_000_000_000_000_000 + sku_id % 10**15),
                                  "value_name": colors[k], **({"sku_img": _image(srng, 600)} if srng.random() < 0.5 else {})}],
            "combined_skus": [],
            "sku_unit_count": "1.00",
            "status_info": {"status": "NORMAL"} if core.status == "ACTIVATE" else {"status": "DEACTIVATED",
                                                                                   "deactivation_source": "SELLER"},
        }
        if srng.random() < 0.5:
            sku["identifier_code"] = {"code": _digits(srng, 12), "type": "UPC" if us else "EAN"}
        if shop.seller_type == "CROSS_BORDER":
            sku["global_listing_policy"] = {"inventory_type": "SHARED", "price_sync": True,
                                            "replicate_source": {"product_id": str(core.id), "shop_id": shop.id}}
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
        "audit_failed_reasons": ([{"position": "product", "reasons": ["Product image is unclear"],
                                   "suggestions": ["Upload a clearer main image"]}] if core.status == "FAILED" else []),
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
        "package_dimensions": {"height": str(rng.randrange(2, 30)), "length": str(rng.randrange(10, 60)),
                               "unit": "INCH" if us else "CENTIMETER", "width": str(rng.randrange(5, 40))},
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
        record["external_product_id"] = _digits(rng, 12)
    if rng.random() < 0.3:
        record["size_chart"] = {"image": {"uri": f"tos-maliva-i-o3syd03w52-us/{rng.getrandbits(64):016x}",
                                          "urls": [f"https://p16-oec-va.ibyteimg.com/sizechart/{rng.getrandbits(64):016x}.jpeg"]}}
    if rng.random() < 0.3:
        vid = _digits(rng, 19)
        record["video"] = {"cover_url": f"https://p16-oec-va.ibyteimg.com/video-cover/{vid}.jpeg", "format": "MP4",
                           "height": 1280, "id": vid, "size": rng.randrange(1_000_000, 30_000_000),
                           "url": f"https://v16m.tiktokcdn.com/video/{vid}.mp4", "width": 720}
    if shop.region in ("ES", "GB") and rng.random() < 0.5:
        record["manufacturer_ids"] = [_digits(rng, 19)]
    if rng.random() < 0.2:
        record["recommended_categories"] = [{"id": chain[-1][0], "local_name": chain[-1][2]}]
    record["subscribe_info"] = {"is_subscribable": False}
    return record


def product_summary(shop: Shop, detail: dict, version: str) -> dict:
    """Search-result shape; 202312+ add listing fields. SEA local sellers get no sale_price."""
    drop_sale = shop.is_sea and shop.seller_type == "LOCAL"
    skus = []
    for s in detail["skus"]:
        price = {"currency": s["price"]["currency"], "sale_price": s["price"]["sale_price"],
                 "tax_exclusive_price": s["price"]["tax_exclusive_price"]}
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
        out.update({
            "is_not_for_sale": detail["is_not_for_sale"],
            "listing_quality_tier": ("GOOD", "FAIR", "POOR")[int(detail["id"]) % 3],
            "integrated_platform_statuses": [],
            "audit": detail["audit"],
            "has_draft": detail["has_draft"],
            "product_tags": [],
        })
    return out


# -- orders ---------------------------------------------------------------------------------------------------------

def _recipient(shop: Shop, rng: random.Random, core: OrderCore, anchor: int) -> dict | None:
    if core.status in ("UNPAID", "ON_HOLD"):
        return None  # not available before payment clears
    first, last = FIRST[core.buyer % len(FIRST)], LAST[(core.buyer // len(FIRST)) % len(LAST)]
    state, iso_code, city, postal, street = rng.choice(ADDRESSES.get(shop.region, DEFAULT_ADDRESSES))
    if core.status == "CANCELLED" and anchor - core.update_time > 60 * DAY:
        # Old cancelled orders come back with every field blank (LIVE capture).
        blank = {k: "" for k in ("name", "first_name", "last_name", "phone_number", "full_address", "address_detail",
                                 "address_line1", "address_line2", "address_line3", "address_line4", "postal_code",
                                 "region_code")}
        blank["delivery_preferences"] = {"drop_off_location": ""}
        return blank
    masked = core.shipping_type == "TIKTOK"  # platform logistics masks PII
    line1 = street.format(n=rng.randrange(1, 999))
    name = f"{first[0]}{'*' * (len(first) - 1)} {last[0]}{'*' * (len(last) - 1)}" if masked else f"{first} {last}"
    dial = {"US": "(+1)", "GB": "(+44)", "VN": "(+84)"}.get(shop.region, "(+65)")
    return {
        "name": name,
        "first_name": f"{first[0]}***" if masked else first,
        "last_name": f"{last[0]}***" if masked else last,
        "phone_number": f"{dial}{rng.randrange(100, 999)}*****{rng.randrange(10, 99)}",
        "full_address": f"{line1}, {city}, {state}, {postal}, {shop.country}" if not masked else f"{city}, {state}, {shop.country}",
        "address_detail": "" if masked else f"Unit {rng.randrange(1, 40)}",
        "address_line1": "" if masked else line1,
        "address_line2": "",
        "address_line3": "",
        "address_line4": "",
        "postal_code": postal,
        "region_code": shop.region,
        "district_info": [
            {"address_level": "L0", "address_level_name": "Country", "address_name": shop.country, "iso_code": shop.region},
            {"address_level": "L1", "address_level_name": "State", "address_name": state, "iso_code": iso_code},
            {"address_level": "L2", "address_level_name": "City", "address_name": city, "iso_code": ""},
        ],
        "delivery_preferences": {"drop_off_location": ""},
        "post_town": city if shop.region == "GB" else "",
    }


SHIPPED = ("AWAITING_COLLECTION", "IN_TRANSIT", "DELIVERED", "COMPLETED")


def order_record(ds, shop: Shop, core: OrderCore) -> dict:
    rng = random.Random(core.seed)
    status = core.status
    ct, ut = core.create_time, core.update_time
    provider_id, provider_name = rng.choice(SHIPPING_PROVIDERS.get(shop.region, DEFAULT_PROVIDERS))
    tracking = _digits(rng, 12)
    package_id = str(core.id * 8 + 7)
    # Payment, cancellation and package facts come from the core (data.order_facts), not from this rng, so an
    # order's prices never change when its status does and packages/cancellations can be derived cheaply.
    cancelled_after_ship, paid, initiator, pay_delay = order_facts(core)
    has_package = _has_package(core)
    shipped = status in SHIPPED or cancelled_after_ship
    paid_time = min(ut, ct + pay_delay) if paid else None
    rts_time = (paid_time or ct) + (ut - (paid_time or ct)) // 3 if shipped else None
    collection_time = rts_time + (ut - rts_time) // 3 if status in ("IN_TRANSIT", "DELIVERED", "COMPLETED") else None
    delivery_time = (ut if status == "DELIVERED" else collection_time + (ut - collection_time) // 2) if status in ("DELIVERED", "COMPLETED") else None

    line_items = []
    orig_total = seller_disc_total = platform_disc_total = product_tax = ZERO
    us = shop.region == "US"
    for pid, sku_index, qty in core.items:
        detail = ds.product_detail(shop, pid)
        sku = detail["skus"][sku_index]
        original = D(sku["price"]["sale_price"])
        seller_disc = q(shop, original * D("0.1")) if rng.random() < 0.25 else ZERO
        platform_disc = q(shop, original * D("0.05")) if rng.random() < 0.15 else ZERO
        sale = original - seller_disc - platform_disc
        tax = q(shop, sale * D("0.0825")) if us else ZERO
        for _ in range(qty):  # one line item per unit; there is no quantity field
            n = len(line_items)
            item = {
                "id": str(core.id * 8 + n),
                "product_id": detail["id"],
                "product_name": detail["title"],
                "sku_id": sku["id"],
                "sku_name": sku["sales_attributes"][0]["value_name"],
                "sku_image": detail["main_images"][0]["urls"][0],
                "seller_sku": sku["seller_sku"],
                "sku_type": "NORMAL",
                "currency": shop.currency,
                "original_price": money(shop, original),
                "sale_price": money(shop, sale),
                "seller_discount": money(shop, seller_disc),
                "platform_discount": money(shop, platform_disc),
                "display_status": status,
                "is_gift": False,
                "gift_retail_price": "0",
                "item_tax": [{"tax_amount": money(shop, tax), "tax_rate": "0.0825", "tax_type": "SALES_TAX"}] if us else [],
                "combined_listing_skus": [],
                "buyer_service_fee": "0",
                "retail_delivery_fee": "0",
                "small_order_fee": "0",
                "handling_duration_days": "2",
                "is_dangerous_good": False,
            }
            if has_package:
                item["package_id"] = package_id
                item["package_status"] = {"AWAITING_SHIPMENT": "TO_FULFILL", "PARTIALLY_SHIPPING": "TO_FULFILL",
                                          "AWAITING_COLLECTION": "PROCESSING", "IN_TRANSIT": "FULFILLING",
                                          "DELIVERED": "COMPLETED", "COMPLETED": "COMPLETED"}.get(status, "CANCELLED")
            if shipped:
                item.update({"shipping_provider_id": provider_id, "shipping_provider_name": provider_name,
                             "tracking_number": tracking, "rts_time": rts_time})
            if status == "CANCELLED":
                item["cancel_reason"] = CANCEL_REASONS[initiator][1]
                item["cancel_user"] = initiator
            line_items.append(item)
            orig_total += original
            seller_disc_total += seller_disc
            platform_disc_total += platform_disc
            product_tax += tax

    ship_orig = q(shop, D(FX[shop.currency][0]) * D(rng.choice(("0", "2.99", "4.99", "6.5"))))
    ship_seller = q(shop, ship_orig * D("0.5")) if rng.random() < 0.2 else ZERO
    ship_platform = ship_orig - ship_seller if rng.random() < 0.3 else ZERO
    ship_cofunded = ZERO
    shipping_fee = ship_orig - ship_seller - ship_platform - ship_cofunded
    ship_tax = q(shop, shipping_fee * D("0.0825")) if us else ZERO
    retail_delivery = D("0.28") if us and rng.random() < 0.1 else ZERO
    sub_total = orig_total - seller_disc_total - platform_disc_total
    tax = product_tax + ship_tax
    total = sub_total + shipping_fee + tax + retail_delivery
    payment = {
        "currency": shop.currency,
        "sub_total": money(shop, sub_total),
        "shipping_fee": money(shop, shipping_fee),
        "seller_discount": money(shop, seller_disc_total),
        "platform_discount": money(shop, platform_disc_total),
        "total_amount": money(shop, total),
        "original_total_product_price": money(shop, orig_total),
        "original_shipping_fee": money(shop, ship_orig),
        "shipping_fee_seller_discount": money(shop, ship_seller),
        "shipping_fee_platform_discount": money(shop, ship_platform),
        "shipping_fee_cofunded_discount": money(shop, ship_cofunded),
        "tax": money(shop, tax),
        "product_tax": money(shop, product_tax),
        "shipping_fee_tax": money(shop, ship_tax),
        "retail_delivery_fee": money(shop, retail_delivery),
        "buyer_service_fee": "0",
        "handling_fee": "0",
        "shipping_insurance_fee": "0",
        "item_insurance_fee": "0",
        "small_order_fee": "0",
    }
    buyer_rng = random.Random(derive_seed(shop.id, "buyer", core.buyer))
    relay = "".join(buyer_rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(24))
    base = paid_time or ct
    cod = shop.is_sea and rng.random() < 0.4
    order = {
        "id": str(core.id),
        "status": status,
        "create_time": ct,
        "update_time": ut,
        "user_id": shop.buyer_user_id(core.buyer),
        "buyer_email": f"{relay}@scs2.tiktok.com",
        "buyer_message": rng.choice(("", "", "", "Please gift wrap", "Leave at the door")),
        "commerce_platform": "TIKTOK_SHOP",
        "delivery_option_id": "7057025213938009858",
        "delivery_option_name": "Standard shipping",
        "delivery_type": "HOME_DELIVERY",
        "fulfillment_type": "FULFILLMENT_BY_SELLER" if core.shipping_type == "SELLER" or rng.random() < 0.9 else "FULFILLMENT_BY_TIKTOK",
        "handling_duration": {"days": "2", "type": "BUSINESS_DAY"},
        "has_updated_recipient_address": False,
        "is_buyer_request_cancel": core.buyer_cancel,
        "is_cod": cod,
        "is_exchange_order": False,
        "is_on_hold_order": status == "ON_HOLD",
        "is_replacement_order": False,
        "is_sample_order": False,
        "need_upload_invoice": "NO_NEED",
        "order_type": "NORMAL",
        "packages": [{"id": package_id}] if has_package else [],
        "payment_method_name": "Cash on delivery" if cod else rng.choice(("Credit card", "PayPal", "Apple Pay")),
        "shipping_type": core.shipping_type,
        "split_or_combine_tag": "",
        "warehouse_id": shop.warehouses[core.warehouse],
        "line_items": line_items,
        "payment": payment,
        "rts_sla_time": base + 2 * DAY,
        "tts_sla_time": base + 3 * DAY,
        "shipping_due_time": base + 3 * DAY,
        "collection_due_time": base + 4 * DAY,
        "delivery_due_time": base + 10 * DAY,
        "delivery_sla_time": base + 10 * DAY,
        "cancel_order_sla_time": ct + 3600 if status == "UNPAID" else base + 2 * DAY,
        "fast_dispatch_sla_time": base + DAY,
        "pick_up_cut_off_time": base + 2 * DAY,
        "delivery_option_required_delivery_time": 0,
        "fulfillment_priority_level": 0,
        "seller_note": "",
        "cpf": "",
        "cpf_name": "",
        "buyer_nickname": f"user{core.buyer:06d}",
        "buyer_avatar": f"https://p16-sign-va.tiktokcdn.com/avatar/{core.buyer:08x}.jpeg",
    }
    if paid_time is not None:
        order["paid_time"] = paid_time
    if shipped:
        order.update({"rts_time": rts_time, "tracking_number": tracking, "shipping_provider": provider_name,
                      "shipping_provider_id": provider_id})
    if collection_time is not None:
        order["collection_time"] = collection_time
    if delivery_time is not None:
        order["delivery_time"] = delivery_time
    if status == "CANCELLED":
        order.update({"cancel_reason": CANCEL_REASONS[initiator][1], "cancel_time": ut, "cancellation_initiator": initiator})
    if core.buyer_cancel:
        order["request_cancel_time"] = ut
    recipient = _recipient(shop, rng, core, ds.anchor)
    if recipient is not None:
        order["recipient_address"] = recipient
    return order


# -- finance --------------------------------------------------------------------------------------------------------

def build_transactions(ds, shop: Shop, rng: random.Random, t: int) -> list[Txn]:
    """Transactions for the statement cut at t: settled orders delivered in the 3 days before, plus adjustments."""
    lo = bisect.bisect_left(shop.ord_by_update, (t - 3 * DAY, -1))
    hi = bisect.bisect_left(shop.ord_by_update, (t, -1))
    candidates = [oid for _, oid in shop.ord_by_update[lo:hi]
                  if shop.orders[oid].status in ("DELIVERED", "COMPLETED") and oid not in shop.settled_orders
                  and shop.orders[oid].create_time < t]
    target = rng.randint(0, ds.max_statement_transactions)
    n_adj = min(target, rng.choice((0, 0, 0, 1, 1, 2, 3)))
    orders = rng.sample(candidates, min(len(candidates), target - n_adj))
    txns: list[Txn] = []
    for oid in orders:
        shop.settled_orders.add(oid)
        txns.append(_order_txn(ds, shop, rng, t, oid))
    settled = sorted(shop.settled_orders)
    for _ in range(n_adj):
        related = rng.choice(settled) if settled and rng.random() < 0.6 else None
        amount = q(shop, D(rng.randrange(-2000, 1500)) / 100 * D(FX[shop.currency][0]))
        amounts = {"adjustment": amount, "settlement": amount}
        txns.append(Txn(str(ds.ids.new(1_636_700_000_000_000_000, t, rng, 22)), rng.choice(ADJUSTMENT_TYPES), "0",
                        str(ds.ids.new(7_238_804_000_000_000_000, t, rng, 22)), str(related) if related else "0",
                        shop.orders[related].create_time if related else 0, amounts))
    if shop.is_uk_us_local and orders and rng.random() < 0.3 and len(txns) < ds.max_statement_transactions:
        collected = rng.random() < 0.7
        value = q(shop, D(rng.randrange(100, 3000)) / 100)
        txns.append(Txn(str(ds.ids.new(1_636_700_000_000_000_000, t, rng, 22)), "RESERVE", str(orders[0]), "0", "0",
                        shop.orders[orders[0]].create_time, {"reserve": -value if collected else value},
                        reserve_id=str(ds.ids.new(7_300_000_000_000_000_000, t, rng, 22)),
                        reserve_status="COLLECTED" if collected else "RELEASED",
                        estimated_release_time=str(t + 30 * DAY) if collected else ""))
    txns.sort(key=lambda x: (x.order_create_time, int(x.id)))
    return txns


def order_amounts(shop: Shop, order: dict, affiliate: bool) -> dict:
    """Settlement amounts of an order (Decimal, signed); shared by statement transactions and unsettled estimates."""
    pay = order["payment"]
    subtotal = D(pay["original_total_product_price"])
    seller_disc = -D(pay["seller_discount"])
    revenue = subtotal + seller_disc
    customer_paid_ship = D(pay["shipping_fee"])
    platform_ship_disc = D(pay["shipping_fee_platform_discount"])
    actual_ship = -D(pay["original_shipping_fee"])
    shipping_cost = actual_ship + customer_paid_ship + platform_ship_disc
    referral = -q(shop, revenue * D("0.06"))
    transaction_fee = -q(shop, revenue * D("0.029"))
    affiliate_fee = -q(shop, revenue * D("0.1")) if affiliate else ZERO
    commission = -q(shop, revenue * D("0.02")) if shop.is_sea else ZERO
    vat = q(shop, (referral + transaction_fee + affiliate_fee) * D("0.2")) if shop.region == "GB" else ZERO
    fee_tax = referral + transaction_fee + affiliate_fee + commission + vat
    return {
        "subtotal_before_discount": subtotal, "seller_discount": seller_disc, "revenue": revenue,
        "actual_shipping_fee": actual_ship, "customer_paid_shipping_fee": customer_paid_ship,
        "platform_shipping_fee_discount": platform_ship_disc, "shipping_cost": shipping_cost,
        "referral_fee": referral, "transaction_fee": transaction_fee, "affiliate_commission": affiliate_fee,
        "platform_commission": commission, "vat": vat, "fee": referral + transaction_fee + affiliate_fee + commission,
        "fee_tax": fee_tax, "adjustment": ZERO,
        # Signed-sum convention; how the doc's "revenue - shipping - fee - adjustment" treats signs is UNVERIFIED.
        "settlement": revenue + shipping_cost + fee_tax,
        "customer_payment": D(pay["total_amount"]), "platform_discount": D(pay["platform_discount"]),
        "sales_tax": D(pay["tax"]),
    }


def _order_txn(ds, shop: Shop, rng: random.Random, t: int, oid: int) -> Txn:
    amounts = order_amounts(shop, ds.order_record(shop, oid), rng.random() < 0.3)
    return Txn(str(ds.ids.new(1_636_700_000_000_000_000, t, rng, 22)), "ORDER", str(oid), "0", "0",
               shop.orders[oid].create_time, amounts)


def statement_totals(st: Statement) -> dict:
    keys = ("revenue", "shipping_cost", "fee_tax", "adjustment", "settlement")
    totals = {k: ZERO for k in keys}
    reserve = ZERO
    for txn in st.txns:
        if txn.type == "RESERVE":
            reserve += txn.amounts.get("reserve", ZERO)
            continue
        for k in keys:
            totals[k] += txn.amounts.get(k, ZERO)
    totals["reserve"] = reserve
    return totals


def statement_record(shop: Shop, st: Statement) -> dict:
    tot = statement_totals(st)
    local_non_sea = shop.seller_type == "LOCAL" and not shop.is_sea
    # SEA local sellers see shipping inside fee_amount; everyone else gets it separately.
    fee = tot["fee_tax"] + (tot["shipping_cost"] if shop.is_sea and shop.seller_type == "LOCAL" else ZERO)
    rec = {"id": st.id, "statement_time": st.time, "settlement_amount": money(shop, tot["settlement"]), "currency": shop.currency}
    if shop.region not in ("US", "GB"):
        rec["revenue_amount"] = money(shop, tot["revenue"])
    rec["fee_amount"] = money(shop, fee)
    rec["adjustment_amount"] = money(shop, tot["adjustment"])
    rec["payment_status"] = st.status
    if st.payment_id:
        rec["payment_id"] = st.payment_id
    if local_non_sea:
        rec["net_sales_amount"] = money(shop, tot["revenue"])
        rec["shipping_cost_amount"] = money(shop, tot["shipping_cost"])
    if st.payment_time is not None:
        rec["payment_time"] = st.payment_time
    return rec


def statement_header_202309(shop: Shop, st: Statement) -> dict:
    tot = statement_totals(st)
    return {"statement_id": st.id, "statement_time": st.time, "currency": shop.currency,
            "revenue_amount": money(shop, tot["revenue"]), "fee_amount": money(shop, tot["fee_tax"]),
            "adjustment_amount": money(shop, tot["adjustment"]), "net_sales_amount": money(shop, tot["revenue"]),
            "shipping_cost_amount": money(shop, tot["shipping_cost"]), "settlement_amount": money(shop, tot["settlement"])}


def statement_header_202501(shop: Shop, st: Statement) -> dict:
    tot = statement_totals(st)
    rec = {"id": st.id, "create_time": st.time,
           "status": {"PAID": "SETTLED"}.get(st.status, st.status), "currency": shop.currency,
           "payable_amount": money(shop, tot["settlement"] + tot["reserve"])}
    if shop.is_uk_us_local:
        rec["total_reserve_amount"] = money(shop, tot["reserve"])
    rec["total_settlement_amount"] = money(shop, tot["settlement"])
    rec["total_settlement_breakdown"] = {
        "total_revenue_amount": money(shop, tot["revenue"]),
        "total_shipping_cost_amount": money(shop, tot["shipping_cost"]),
        "total_fee_tax_amount": money(shop, tot["fee_tax"]),
        "total_adjustment_amount": money(shop, tot["adjustment"]),
    }
    return rec


FLAT_ZERO_FIELDS = (
    "gross_sales_refund_amount", "seller_discount_refund_amount", "platform_discount_refund_amount",
    "customer_refund_amount", "customer_order_refund_amount", "affiliate_ads_commission_amount",
    "affiliate_partner_commission_amount", "refund_administration_fee_amount", "sales_tax_refund_amount",
    "actual_return_shipping_fee_amount", "customer_paid_shipping_fee_refund_amount", "customer_shipping_fee_offset_amount",
    "fbm_shipping_cost_amount", "fbt_shipping_cost_amount", "fbt_fulfillment_fee_amount",
    "fbt_fulfillment_fee_reimbursement_amount", "shipping_cost_discount_amount", "refund_shipping_cost_discount_amount",
    "shipping_fee_subsidy_amount", "return_shipping_fee_amount", "shipping_insurance_fee_amount",
    "signature_confirmation_fee_amount", "promo_shipping_incentive_amount", "retail_delivery_fee_amount",
    "retail_delivery_fee_payment_amount", "retail_delivery_fee_refund_amount", "pit_amount",
    "platform_refund_subsidy_amount", "isr_income_tax_amount", "iva_vat_amount",
)


def transaction_202309(shop: Shop, txn: Txn) -> dict:
    a = txn.amounts
    m = lambda k: money(shop, a.get(k, ZERO))  # noqa: E731
    rec = {
        "id": txn.id, "type": txn.type, "order_id": txn.order_id, "order_create_time": txn.order_create_time,
        "adjustment_id": txn.adjustment_id, "adjustment_order_id": txn.adjustment_order_id, "currency": shop.currency,
        "settlement_amount": m("settlement"), "revenue_amount": m("revenue"), "fee_amount": m("fee_tax"),
        "adjustment_amount": m("adjustment"), "net_sales_amount": m("revenue"), "shipping_cost_amount": m("shipping_cost"),
        "gross_sales_amount": m("subtotal_before_discount"), "seller_discount_amount": m("seller_discount"),
        "platform_discount_amount": m("platform_discount"), "customer_payment_amount": m("customer_payment"),
        "after_seller_discounts_subtotal_amount": m("revenue"), "affiliate_commission_amount": m("affiliate_commission"),
        "affiliate_commission_before_pit": m("affiliate_commission"), "platform_commission_amount": m("platform_commission"),
        "referral_fee_amount": m("referral_fee"), "transaction_fee_amount": m("transaction_fee"),
        "sales_tax_amount": money(shop, -a.get("sales_tax", ZERO)), "sales_tax_payment_amount": m("sales_tax"),
        "shipping_fee_amount": m("shipping_cost"), "actual_shipping_fee_amount": m("actual_shipping_fee"),
        "platform_shipping_fee_discount_amount": m("platform_shipping_fee_discount"),
        "customer_paid_shipping_fee_amount": m("customer_paid_shipping_fee"),
        "customer_shipping_fee_amount": m("customer_paid_shipping_fee"),
    }
    for k in FLAT_ZERO_FIELDS:
        rec[k] = "0"
    return rec


def transaction_202501(shop: Shop, txn: Txn) -> dict:
    a = txn.amounts
    m = lambda k: money(shop, a.get(k, ZERO))  # noqa: E731
    reserve = txn.type == "RESERVE"
    return {
        "id": txn.id,
        "type": txn.type,
        "order_id": txn.order_id,
        "order_create_time": txn.order_create_time,
        "adjustment_id": txn.adjustment_id,
        "adjustment_order_id": txn.adjustment_order_id,
        "associated_order_id": txn.order_id if reserve else "0",
        "reserve_id": txn.reserve_id,
        "reserve_amount": m("reserve") if reserve else "",
        "reserve_status": txn.reserve_status,
        "estimated_release_time": txn.estimated_release_time,
        "settlement_amount": m("settlement"),
        "revenue_amount": m("revenue"),
        "revenue_breakdown": {
            "subtotal_before_discount_amount": m("subtotal_before_discount"),
            "seller_discount_amount": m("seller_discount"),
            "seller_discount_refund_amount": "0",
            "refund_subtotal_before_discount_amount": "0",
            "cod_service_fee_amount": "0",
            "refund_cod_service_fee_amount": "0",
        },
        "shipping_cost_amount": m("shipping_cost"),
        "shipping_cost_breakdown": {
            "actual_shipping_fee_amount": m("actual_shipping_fee"),
            "customer_paid_shipping_fee_amount": m("customer_paid_shipping_fee"),
            "shipping_fee_discount_amount": m("platform_shipping_fee_discount"),
            "return_shipping_fee_amount": "0",
            "replacement_shipping_fee_amount": "0",
            "exchange_shipping_fee_amount": "0",
            "supplementary_component": {"platform_shipping_fee_discount_amount": m("platform_shipping_fee_discount"),
                                        "promo_shipping_incentive_amount": "0", "shipping_fee_subsidy_amount": "0"},
        },
        "fee_tax_amount": m("fee_tax"),
        "fee_tax_breakdown": {
            "fee": {
                "platform_commission_amount": m("platform_commission"), "referral_fee_amount": m("referral_fee"),
                "transaction_fee_amount": m("transaction_fee"), "affiliate_commission_amount": m("affiliate_commission"),
                "affiliate_ads_commission_amount": "0", "affiliate_partner_commission_amount": "0",
                "sfp_service_fee_amount": "0", "live_specials_fee_amount": "0", "voucher_xtra_service_fee_amount": "0",
                "flash_sales_service_fee_amount": "0", "bonus_cashback_service_fee_amount": "0",
                "refund_administration_fee_amount": "0", "fbt_fulfillment_fee_amount": "0",
                "campaign_resource_fee_amount": "0", "dt_handling_fee_amount": "0",
            },
            "tax": {"vat_amount": m("vat"), "import_vat_amount": "0", "gst_amount": "0", "sst_amount": "0",
                    "customs_duty_amount": "0", "customs_clearance_amount": "0", "pit_amount": "0"},
        },
        "adjustment_amount": m("adjustment"),
        "supplementary_component": {
            "customer_payment_amount": m("customer_payment"), "customer_refund_amount": "0",
            "platform_discount_amount": m("platform_discount"), "platform_discount_refund_amount": "0",
            "sales_tax_amount": m("sales_tax"), "retail_delivery_fee_amount": "0",
        },
    }
