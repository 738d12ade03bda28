"""After-sales records: POST /return_refund/202309/returns/search and /cancellations/search.

Amounts come from the order record, so a return or cancellation refunds exactly what was paid.
"""

from __future__ import annotations

import random
from decimal import Decimal

from ..constants import CANCEL_REASONS, DAY
from ..cores import CancelCore, ReturnCore, order_facts
from ..money import ZERO, D, money, q, rate
from ..shop import Shop
from .fulfillment import warehouse_address

RETURN_REASONS = [  # (code, text, seller at fault)
    ("ecom_order_delivered_refund_and_return_reason_damaged", "Package or product is damaged", True),
    ("ecom_order_delivered_refund_and_return_reason_wrong_item", "Wrong item was sent", True),
    ("ecom_order_delivered_refund_and_return_reason_not_as_described", "Product doesn't match the description", True),
    ("ecom_order_delivered_refund_and_return_reason_no_longer_needed", "No longer needed", False),
    ("ecom_order_delivered_refund_reason_missing_item", "Missing items", True),
]
RETURN_SHIPPED = {
    "BUYER_SHIPPED_ITEM",
    "REJECT_RECEIVE_PACKAGE",
    "RETURN_OR_REFUND_REQUEST_SUCCESS",
    "RETURN_OR_REFUND_REQUEST_COMPLETE",
    "REPLACEMENT_REQUEST_COMPLETE",
}


def _image(item: dict) -> dict:
    return {"height": 200, "url": item["sku_image"], "width": 200}


def _refund(shop: Shop, subtotal, shipping, tax) -> dict:
    return {
        "currency": shop.currency,
        "refund_subtotal": money(shop, subtotal),
        "refund_shipping_fee": money(shop, shipping),
        "refund_tax": money(shop, tax),
        "refund_total": money(shop, subtotal + shipping + tax),
        "retail_delivery_fee": "0",
        "buyer_service_fee": "0",
    }


def _item_tax(item: dict) -> Decimal:
    return sum((D(t["tax_amount"]) for t in item["item_tax"]), ZERO)


def return_record(ds, shop: Shop, core: ReturnCore) -> dict:
    order = ds.order_record(shop, core.order_id)
    rng = random.Random(core.seed)
    items = order["line_items"]
    chosen = sorted(rng.sample(range(len(items)), 1 + rng.randrange(len(items)))) if items else []
    full = len(chosen) == len(items)
    code, text, seller_fault = rng.choice(RETURN_REASONS)
    replacement = core.type == "REPLACEMENT"
    pay = order["payment"]
    lines = []
    sub = tax = p_disc = s_disc = ZERO
    for n, idx in enumerate(chosen):
        li = items[idx]
        sale, t = (ZERO, ZERO) if replacement else (D(li["sale_price"]), _item_tax(li))
        sub, tax = sub + sale, tax + t
        p_disc += D(li["platform_discount"])
        s_disc += D(li["seller_discount"])
        lines.append(
            {
                "return_line_item_id": str(core.id + 65536 * (n + 1)),
                "order_line_item_id": li["id"],
                "sku_id": li["sku_id"],
                "sku_name": li["sku_name"],
                "seller_sku": li["seller_sku"],
                "product_name": li["product_name"],
                "product_image": _image(li),
                "refund_amount": _refund(shop, sale, ZERO, t),
            }
        )
    ship = ship_tax = ZERO
    if full and not replacement:
        ship, ship_tax = D(pay["shipping_fee"]), D(pay["shipping_fee_tax"])
    goes_back = core.type != "REFUND"
    return_fee = q(shop, rate(shop.currency) * D("4.5")) if goes_back and core.status in RETURN_SHIPPED else ZERO
    rec = {
        "return_id": str(core.id),
        "order_id": str(core.order_id),
        "return_type": core.type,
        "return_status": core.status,
        "role": core.role,
        "create_time": core.create_time,
        "update_time": core.update_time,
        "return_reason": code,
        "return_reason_text": text,
        "refund_amount": _refund(shop, sub, ship, tax + ship_tax),
        "return_line_items": lines,
        "discount_amount": [
            {
                "currency": shop.currency,
                "product_platform_discount": money(shop, p_disc),
                "product_seller_discount": money(shop, s_disc),
                "shipping_fee_platform_discount": money(shop, D(pay["shipping_fee_platform_discount"]) if full else ZERO),
                "shipping_fee_seller_discount": money(shop, D(pay["shipping_fee_seller_discount"]) if full else ZERO),
            }
        ],
        "shipping_fee_amount": [
            {
                "currency": shop.currency,
                "buyer_paid_return_shipping_fee": money(shop, ZERO if seller_fault else return_fee),
                "platform_paid_return_shipping_fee": "0",
                "seller_paid_return_shipping_fee": money(shop, return_fee if seller_fault else ZERO),
            }
        ],
        "is_combined_return": False,
        "combined_return_id": "0",
        "pre_return_id": "",
        "next_return_id": "",
        "can_buyer_keep_item": core.type == "REFUND",
        "is_quick_refund": core.type == "REFUND" and sub < rate(shop.currency) * 20,
    }
    if core.arbitration:
        rec["arbitration_status"] = core.arbitration
    if goes_back:
        provider_id, provider_name = order.get("shipping_provider_id", ""), order.get("shipping_provider", "")
        rec.update(
            {
                "return_method": "PLATFORM_SHIPPED",
                "shipment_type": "PLATFORM",
                "handover_method": "DROP_OFF" if core.seed % 3 else "PICKUP",
                "return_shipping_document_type": "SHIPPING_LABEL",
                "return_warehouse_address": {"full_address": warehouse_address(shop, shop.return_warehouse, 0)["full_address"]},
            }
        )
        if core.status in RETURN_SHIPPED:
            rec.update(
                {
                    "return_tracking_number": str(core.seed % 10**12).rjust(12, "7"),
                    "return_provider_id": provider_id,
                    "return_provider_name": provider_name,
                }
            )
    action = {
        "RETURN_OR_REFUND_REQUEST_PENDING": "SELLER_RESPOND_REFUND" if core.type == "REFUND" else "SELLER_RESPOND_RETURN",
        "BUYER_SHIPPED_ITEM": "SELLER_RESPOND_RECEIVE_PACKAGE",
        "REPLACEMENT_REQUEST_PENDING": "SELLER_RESPOND_REPLACEMENT",
    }.get(core.status)
    rec["seller_next_action_response"] = [{"action": action, "deadline": core.update_time + 2 * DAY}] if action else []
    return rec


def cancellation_record(ds, shop: Shop, core: CancelCore) -> dict:
    ocore = shop.orders[core.order_id]
    order = ds.order_record(shop, core.order_id)
    after_ship, paid, initiator, _ = order_facts(ocore)
    initiator = initiator or "SELLER"
    code, text = CANCEL_REASONS[initiator]
    rec = {
        "cancel_id": str(core.id),
        "order_id": str(core.order_id),
        "cancel_type": "BUYER_CANCEL" if initiator == "BUYER" else "CANCEL",
        "cancel_status": core.status,
        "cancel_reason": code,
        "cancel_reason_text": text,
        "role": initiator,
        "create_time": core.create_time,
        "update_time": core.update_time,
    }
    pay = order["payment"]
    if paid:  # nothing to refund on an unpaid order: refund_amount is absent (LIVE)
        rec["refund_amount"] = _refund(shop, D(pay["sub_total"]), D(pay["shipping_fee"]), D(pay["tax"]))
    lines = []
    for n, li in enumerate(order["line_items"]):
        line = {
            "cancel_line_item_id": str(core.id + 65536 * (n + 1)),
            "order_line_item_id": li["id"],
            "sku_id": li["sku_id"],
            "sku_name": li["sku_name"],
            "seller_sku": li["seller_sku"],
            "product_name": li["product_name"],
            "product_image": _image(li),
        }
        if paid:
            line["refund_amount"] = _refund(shop, D(li["sale_price"]), ZERO, _item_tax(li))
        lines.append(line)
    rec["cancel_line_items"] = lines
    rec["seller_next_action_response"] = (
        [{"action": "SELLER_RESPOND_CANCEL", "deadline": core.create_time + 2 * DAY}]
        if core.status == "CANCELLATION_REQUEST_PENDING"
        else []
    )
    rec["should_replenish_stock"] = not after_ship
    return rec
