"""Order records: GET /order/{202309,202507}/orders and POST /order/202309/orders/search.

Payment, cancellation and package facts come from the core (`cores.order_facts`), so an order's
prices never change when its status does and packages / cancellations agree with it cheaply.
"""

from __future__ import annotations

import random

from ..constants import CANCEL_REASONS, DAY, SHIPPED_STATUSES
from ..cores import OrderCore, order_facts
from ..cores import has_package as _has_package
from ..cores import package_id as _package_id
from ..ids import derive_seed
from ..money import ZERO, D, money, q, rate
from ..shop import Shop
from .common import FIRST, LAST, address, digits

SHIPPING_PROVIDERS = {
    "US": [("6617675021119438849", "USPS"), ("6617675021119438850", "UPS")],
    "GB": [("7117858858072016686", "Royal Mail"), ("7117858858072016687", "Evri")],
    "VN": [("7099654067386844933", "GHTK"), ("7099654067386844934", "J&T Express")],
}
DEFAULT_PROVIDERS = [("7208502187360519982", "J&T Express"), ("7208502187360519983", "Ninja Van")]


def _recipient(shop: Shop, rng: random.Random, core: OrderCore, anchor: int) -> dict | None:
    if core.status in ("UNPAID", "ON_HOLD"):
        return None  # not available before payment clears
    first, last = FIRST[core.buyer % len(FIRST)], LAST[(core.buyer // len(FIRST)) % len(LAST)]
    state, iso_code, city, postal, street = address(shop, rng)
    if core.status == "CANCELLED" and anchor - core.update_time > 60 * DAY:
        # Old cancelled orders come back with every field blank (LIVE capture).
        blank = {
            k: ""
            for k in (
                "name",
                "first_name",
                "last_name",
                "phone_number",
                "full_address",
                "address_detail",
                "address_line1",
                "address_line2",
                "address_line3",
                "address_line4",
                "postal_code",
                "region_code",
            )
        }
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


def order_record(ds, shop: Shop, core: OrderCore) -> dict:
    rng = random.Random(core.seed)
    status = core.status
    ct, ut = core.create_time, core.update_time
    provider_id, provider_name = rng.choice(SHIPPING_PROVIDERS.get(shop.region, DEFAULT_PROVIDERS))
    tracking = digits(rng, 12)
    package_id = str(_package_id(core.id))
    # Payment, cancellation and package facts come from the core, never from this rng (see the module docstring).
    cancelled_after_ship, paid, initiator, pay_delay = order_facts(core)
    has_package = _has_package(core)
    shipped = status in SHIPPED_STATUSES or cancelled_after_ship
    paid_time = min(ut, ct + pay_delay) if paid else None
    rts_time = (paid_time or ct) + (ut - (paid_time or ct)) // 3 if shipped else None
    collection_time = rts_time + (ut - rts_time) // 3 if status in ("IN_TRANSIT", "DELIVERED", "COMPLETED") else None
    delivery_time = None
    if status in ("DELIVERED", "COMPLETED"):
        delivery_time = ut if status == "DELIVERED" else collection_time + (ut - collection_time) // 2

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
                item["package_status"] = {
                    "AWAITING_SHIPMENT": "TO_FULFILL",
                    "PARTIALLY_SHIPPING": "TO_FULFILL",
                    "AWAITING_COLLECTION": "PROCESSING",
                    "IN_TRANSIT": "FULFILLING",
                    "DELIVERED": "COMPLETED",
                    "COMPLETED": "COMPLETED",
                }.get(status, "CANCELLED")
            if shipped:
                item.update(
                    {
                        "shipping_provider_id": provider_id,
                        "shipping_provider_name": provider_name,
                        "tracking_number": tracking,
                        "rts_time": rts_time,
                    }
                )
            if status == "CANCELLED":
                item["cancel_reason"] = CANCEL_REASONS[initiator][1]
                item["cancel_user"] = initiator
            line_items.append(item)
            orig_total += original
            seller_disc_total += seller_disc
            platform_disc_total += platform_disc
            product_tax += tax

    ship_orig = q(shop, rate(shop.currency) * D(rng.choice(("0", "2.99", "4.99", "6.5"))))
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
        order.update(
            {"rts_time": rts_time, "tracking_number": tracking, "shipping_provider": provider_name, "shipping_provider_id": provider_id}
        )
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
