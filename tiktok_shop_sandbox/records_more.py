"""Materialize the after-sales, fulfillment, finance and catalog records (reference §6.4–6.10).

Same rules as records.py: pure functions of core facts and per-record seeds, so a seed and an
anchor always give identical records. Anything money-related is derived from the order record
(records.order_record), so returns, cancellations, packages and transactions agree with orders.
"""

from __future__ import annotations

import random
from collections import OrderedDict
from decimal import ROUND_HALF_UP, Decimal

from .data import (CANCEL_REASONS, DAY, PACKAGE_STATUS, CancelCore, OrderCore, PaymentCore, ReturnCore, Shop,
                   WithdrawalCore, derive_seed, order_facts, package_times)
from .records import ADDRESSES, CATEGORY_CHAINS, BRANDS, DEFAULT_ADDRESSES, FIRST, FX, LAST, ZERO, D, money, q

REFUND_KEYS = ("currency", "refund_subtotal", "refund_shipping_fee", "refund_tax", "refund_total", "retail_delivery_fee",
               "buyer_service_fee")
RETURN_REASONS = [  # (code, text, seller at fault)
    ("ecom_order_delivered_refund_and_return_reason_damaged", "Package or product is damaged", True),
    ("ecom_order_delivered_refund_and_return_reason_wrong_item", "Wrong item was sent", True),
    ("ecom_order_delivered_refund_and_return_reason_not_as_described", "Product doesn't match the description", True),
    ("ecom_order_delivered_refund_and_return_reason_no_longer_needed", "No longer needed", False),
    ("ecom_order_delivered_refund_reason_missing_item", "Missing items", True),
]
RETURN_SHIPPED = {"BUYER_SHIPPED_ITEM", "REJECT_RECEIVE_PACKAGE", "RETURN_OR_REFUND_REQUEST_SUCCESS",
                  "RETURN_OR_REFUND_REQUEST_COMPLETE", "REPLACEMENT_REQUEST_COMPLETE"}


def _image(item: dict) -> dict:
    return {"height": 200, "url": item["sku_image"], "width": 200}


def _refund(shop: Shop, subtotal, shipping, tax) -> dict:
    return {"currency": shop.currency, "refund_subtotal": money(shop, subtotal), "refund_shipping_fee": money(shop, shipping),
            "refund_tax": money(shop, tax), "refund_total": money(shop, subtotal + shipping + tax),
            "retail_delivery_fee": "0", "buyer_service_fee": "0"}


def _item_tax(item: dict) -> Decimal:
    return sum((D(t["tax_amount"]) for t in item["item_tax"]), ZERO)


# -- returns ----------------------------------------------------------------------------------------------------------

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
        lines.append({"return_line_item_id": str(core.id + 65536 * (n + 1)), "order_line_item_id": li["id"],
                      "sku_id": li["sku_id"], "sku_name": li["sku_name"], "seller_sku": li["seller_sku"],
                      "product_name": li["product_name"], "product_image": _image(li),
                      "refund_amount": _refund(shop, sale, ZERO, t)})
    ship = ship_tax = ZERO
    if full and not replacement:
        ship, ship_tax = D(pay["shipping_fee"]), D(pay["shipping_fee_tax"])
    goes_back = core.type != "REFUND"
    return_fee = q(shop, D(FX[shop.currency][0]) * D("4.5")) if goes_back and core.status in RETURN_SHIPPED else ZERO
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
        "discount_amount": [{"currency": shop.currency, "product_platform_discount": money(shop, p_disc),
                             "product_seller_discount": money(shop, s_disc),
                             "shipping_fee_platform_discount": money(shop, D(pay["shipping_fee_platform_discount"]) if full else ZERO),
                             "shipping_fee_seller_discount": money(shop, D(pay["shipping_fee_seller_discount"]) if full else ZERO)}],
        "shipping_fee_amount": [{"currency": shop.currency, "buyer_paid_return_shipping_fee": money(shop, ZERO if seller_fault else return_fee),
                                 "platform_paid_return_shipping_fee": "0",
                                 "seller_paid_return_shipping_fee": money(shop, return_fee if seller_fault else ZERO)}],
        "is_combined_return": False,
        "combined_return_id": "0",
        "pre_return_id": "",
        "next_return_id": "",
        "can_buyer_keep_item": core.type == "REFUND",
        "is_quick_refund": core.type == "REFUND" and sub < D(FX[shop.currency][0]) * 20,
    }
    if core.arbitration:
        rec["arbitration_status"] = core.arbitration
    if goes_back:
        provider_id, provider_name = order.get("shipping_provider_id", ""), order.get("shipping_provider", "")
        rec.update({"return_method": "PLATFORM_SHIPPED", "shipment_type": "PLATFORM",
                    "handover_method": "DROP_OFF" if core.seed % 3 else "PICKUP",
                    "return_shipping_document_type": "SHIPPING_LABEL",
                    "return_warehouse_address": {"full_address": warehouse_address(shop, shop.return_warehouse, 0)["full_address"]}})
        if core.status in RETURN_SHIPPED:
            rec.update({"return_tracking_number": str(core.seed % 10**12).rjust(12, "7"), "return_provider_id": provider_id,
                        "return_provider_name": provider_name})
    action = {"RETURN_OR_REFUND_REQUEST_PENDING": "SELLER_RESPOND_REFUND" if core.type == "REFUND" else "SELLER_RESPOND_RETURN",
              "BUYER_SHIPPED_ITEM": "SELLER_RESPOND_RECEIVE_PACKAGE",
              "REPLACEMENT_REQUEST_PENDING": "SELLER_RESPOND_REPLACEMENT"}.get(core.status)
    rec["seller_next_action_response"] = [{"action": action, "deadline": core.update_time + 2 * DAY}] if action else []
    return rec


# -- cancellations ----------------------------------------------------------------------------------------------------

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
        line = {"cancel_line_item_id": str(core.id + 65536 * (n + 1)), "order_line_item_id": li["id"], "sku_id": li["sku_id"],
                "sku_name": li["sku_name"], "seller_sku": li["seller_sku"], "product_name": li["product_name"],
                "product_image": _image(li)}
        if paid:
            line["refund_amount"] = _refund(shop, D(li["sale_price"]), ZERO, _item_tax(li))
        lines.append(line)
    rec["cancel_line_items"] = lines
    rec["seller_next_action_response"] = ([{"action": "SELLER_RESPOND_CANCEL", "deadline": core.create_time + 2 * DAY}]
                                          if core.status == "CANCELLATION_REQUEST_PENDING" else [])
    rec["should_replenish_stock"] = not after_ship
    return rec


# -- packages ---------------------------------------------------------------------------------------------------------

def package_record(ds, shop: Shop, core: OrderCore) -> dict:
    order = ds.order_record(shop, core.id)
    create, update, _ = package_times(core)
    skus: OrderedDict = OrderedDict()
    for li in order["line_items"]:
        entry = skus.setdefault(li["sku_id"], {"id": li["sku_id"], "name": li["sku_name"], "image_url": li["sku_image"], "quantity": 0})
        entry["quantity"] += 1
    first = order["line_items"][0] if order["line_items"] else {}
    return {
        "id": str(core.id * 8 + 7),
        "status": PACKAGE_STATUS[core.status],
        "create_time": create,
        "update_time": update,
        "order_line_item_ids": [li["id"] for li in order["line_items"]],
        "orders": [{"id": str(core.id), "skus": list(skus.values())}],
        "shipping_provider_id": first.get("shipping_provider_id", ""),
        "shipping_provider_name": first.get("shipping_provider_name", ""),
        "tracking_number": first.get("tracking_number", ""),
    }


# -- warehouses -------------------------------------------------------------------------------------------------------

def warehouse_address(shop: Shop, wid: str, i: int) -> dict:
    rng = random.Random(derive_seed(shop.id, "warehouse", wid))
    state, iso_code, city, postal, street = rng.choice(ADDRESSES.get(shop.region, DEFAULT_ADDRESSES))
    first, last = rng.choice(FIRST), rng.choice(LAST)
    line1 = street.format(n=rng.randrange(1, 999))
    return {"region": shop.country, "region_code": shop.region, "state": state, "city": city,
            "distict": f"District {1 + i}", "town": city, "postal_code": postal,
            "full_address": f"{line1}, {city}, {state}, {postal}, {shop.country}", "contact_person": f"{first} {last}",
            "first_name": first, "last_name": last, "phone_number": f"{rng.randrange(100, 999)}****{rng.randrange(1000, 9999)}",
            "address_line1": line1, "address_line2": f"Unit {rng.randrange(1, 60)}", "address_line3": "", "address_line4": "",
            "geolocation": {"latitude": f"{rng.uniform(-60, 60):.5f}", "longitude": f"{rng.uniform(-170, 170):.5f}"}}


def warehouses(shop: Shop) -> list[dict]:
    out = []
    ids = [(w, "SALES_WAREHOUSE") for w in shop.warehouses] + [(shop.return_warehouse, "RETURN_WAREHOUSE")]
    for i, (wid, wtype) in enumerate(ids):
        out.append({"id": wid, "entity_id": str(int(wid) + 1),
                     "name": f"{shop.country} {'Returns' if wtype == 'RETURN_WAREHOUSE' else 'Warehouse'} {i + 1}",
                     "effect_status": "ENABLED", "type": wtype, "sub_type": "DOMESTIC_WAREHOUSE", "is_default": i == 0,
                     "address": warehouse_address(shop, wid, i)})
    return out


# -- payments and withdrawals -----------------------------------------------------------------------------------------

def bank_account(shop: Shop) -> str:
    return "*" * 11 + f"{derive_seed(shop.id, 'bank') % 10000:04d}"


def payment_record(shop: Shop, p: PaymentCore) -> dict:
    before = p.settlement + p.reserve
    if shop.seller_type == "CROSS_BORDER":  # paid out in USD after exchange
        rate = D(1) / D(FX[shop.currency][0])
        amount = {"currency": "USD", "value": format(q_usd(before * rate), "f")}
        exchange = f"{rate:.6f}"
    else:
        amount, exchange = {"currency": shop.currency, "value": money(shop, before)}, "1.000000"
    rec = {"id": str(p.id), "create_time": p.create_time}
    if p.paid_time is not None:
        rec["paid_time"] = p.paid_time
    rec.update({
        "status": p.status,
        "amount": amount,
        "payment_amount_before_exchange": {"currency": shop.currency, "value": money(shop, before)},
        "settlement_amount": {"currency": shop.currency, "value": money(shop, p.settlement)},
        "reserve_amount": {"currency": shop.currency, "value": money(shop, p.reserve)},
        "exchange_rate": exchange,
        "bank_account": bank_account(shop),
    })
    return rec


def q_usd(value) -> Decimal:
    return D(value).quantize(D("0.01"), rounding=ROUND_HALF_UP)


def withdrawal_record(shop: Shop, w: WithdrawalCore) -> dict:
    return {"id": w.id, "type": w.type, "amount": money(shop, w.amount), "currency": shop.currency, "status": w.status,
            "create_time": w.create_time}


# -- transactions by order (202501) and unsettled (202507) -----------------------------------------------------------

SKU_SPLIT_KEYS = ("actual_shipping_fee", "customer_paid_shipping_fee", "platform_shipping_fee_discount", "referral_fee",
                  "transaction_fee", "affiliate_commission", "platform_commission", "vat")


def _sku_groups(order: dict) -> list[dict]:
    groups: OrderedDict = OrderedDict()
    for li in order["line_items"]:
        g = groups.setdefault(li["sku_id"], {"item": li, "qty": 0, "subtotal": ZERO, "seller_discount": ZERO})
        g["qty"] += 1
        g["subtotal"] += D(li["original_price"])
        g["seller_discount"] -= D(li["seller_discount"])
    return list(groups.values())


def _split(shop: Shop, total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Proportional split that sums exactly to total (the last share takes the rounding remainder)."""
    whole = sum(weights, ZERO)
    out, used = [], ZERO
    for i, w in enumerate(weights):
        part = total - used if i == len(weights) - 1 else (q(shop, total * w / whole) if whole else ZERO)
        used += part
        out.append(part)
    return out


def _breakdowns(m) -> dict:
    return {
        "revenue_breakdown": {"subtotal_before_discount_amount": m("subtotal_before_discount"),
                              "seller_discount_amount": m("seller_discount"), "seller_discount_refund_amount": "0",
                              "refund_subtotal_before_discount_amount": "0", "cod_service_fee_amount": "0",
                              "refund_cod_service_fee_amount": "0"},
        "shipping_cost_breakdown": {"actual_shipping_fee_amount": m("actual_shipping_fee"),
                                    "customer_paid_shipping_fee_amount": m("customer_paid_shipping_fee"),
                                    "shipping_fee_discount_amount": m("platform_shipping_fee_discount"),
                                    "return_shipping_fee_amount": "0", "replacement_shipping_fee_amount": "0",
                                    "exchange_shipping_fee_amount": "0", "shipping_insurance_fee_amount": "0",
                                    "signature_confirmation_fee_amount": "0",
                                    "supplementary_component": {"platform_shipping_fee_discount_amount": m("platform_shipping_fee_discount"),
                                                                "promo_shipping_incentive_amount": "0",
                                                                "shipping_fee_subsidy_amount": "0"}},
        "fee_tax_breakdown": {
            "fee": {"platform_commission_amount": m("platform_commission"), "referral_fee_amount": m("referral_fee"),
                    "transaction_fee_amount": m("transaction_fee"), "affiliate_commission_amount": m("affiliate_commission"),
                    "affiliate_ads_commission_amount": "0", "affiliate_partner_commission_amount": "0",
                    "sfp_service_fee_amount": "0", "live_specials_fee_amount": "0", "voucher_xtra_service_fee_amount": "0",
                    "bonus_cashback_service_fee_amount": "0", "refund_administration_fee_amount": "0"},
            "tax": {"vat_amount": m("vat"), "import_vat_amount": "0", "gst_amount": "0", "sst_amount": "0",
                    "customs_duty_amount": "0", "customs_clearance_amount": "0", "pit_amount": "0"},
        },
    }


def order_transactions(ds, shop: Shop, oid: int) -> dict:
    """data of GET /finance/202501/orders/{order_id}/statement_transactions; empty until the order is settled."""
    core = shop.orders[oid]
    settled = shop.order_txns.get(oid)
    if settled is None:
        return {"order_id": str(oid), "order_create_time": core.create_time, "currency": shop.currency,
                "revenue_amount": "0", "shipping_cost_amount": "0", "fee_and_tax_amount": "0", "settlement_amount": "0",
                "total_count": 0, "sku_transactions": []}
    statement_id, txn = settled
    a = txn.amounts
    groups = _sku_groups(ds.order_record(shop, oid))
    weights = [g["subtotal"] for g in groups]
    shares = {k: _split(shop, a.get(k, ZERO), weights) for k in SKU_SPLIT_KEYS}
    rows = []
    for i, g in enumerate(groups):
        s = {k: shares[k][i] for k in SKU_SPLIT_KEYS}
        s["subtotal_before_discount"], s["seller_discount"] = g["subtotal"], g["seller_discount"]
        s["revenue"] = g["subtotal"] + g["seller_discount"]
        s["shipping_cost"] = s["actual_shipping_fee"] + s["customer_paid_shipping_fee"] + s["platform_shipping_fee_discount"]
        s["fee_tax"] = s["referral_fee"] + s["transaction_fee"] + s["affiliate_commission"] + s["platform_commission"] + s["vat"]
        s["settlement"] = s["revenue"] + s["shipping_cost"] + s["fee_tax"]
        m = lambda k, s=s: money(shop, s.get(k, ZERO))  # noqa: E731
        li = g["item"]
        row = {"sku_id": li["sku_id"], "sku_name": li["sku_name"], "product_name": li["product_name"],
               "quantity": str(g["qty"]), "statement_id": statement_id, "revenue_amount": m("revenue")}
        b = _breakdowns(m)
        row.update({"revenue_breakdown": b["revenue_breakdown"], "shipping_cost_amount": m("shipping_cost"),
                    "shipping_cost_breakdown": b["shipping_cost_breakdown"], "fee_tax_amount": m("fee_tax"),
                    "fee_tax_breakdown": b["fee_tax_breakdown"], "settlement_amount": m("settlement")})
        rows.append(row)
    m = lambda k: money(shop, a.get(k, ZERO))  # noqa: E731
    return {"order_id": str(oid), "order_create_time": core.create_time, "currency": shop.currency,
            "revenue_amount": m("revenue"), "shipping_cost_amount": m("shipping_cost"), "fee_and_tax_amount": m("fee_tax"),
            "settlement_amount": m("settlement"), "total_count": len(rows), "sku_transactions": rows}


UNSETTLED_STATUSES = ("AWAITING_SHIPMENT", "PARTIALLY_SHIPPING", "AWAITING_COLLECTION", "IN_TRANSIT", "DELIVERED",
                      "COMPLETED")


def unsettled_amounts(ds, shop: Shop, core: OrderCore) -> dict:
    from .records import order_amounts
    return order_amounts(shop, ds.order_record(shop, core.id), (core.seed >> 40) % 10 < 3)


def unsettled_record(ds, shop: Shop, core: OrderCore) -> dict:
    order = ds.order_record(shop, core.id)
    a = unsettled_amounts(ds, shop, core)
    m = lambda k: money(shop, a.get(k, ZERO))  # noqa: E731
    delivered = order.get("delivery_time")
    rec = {"id": str(core.id * 10 + 3), "type": "ORDER", "status": "UNSETTLED", "order_id": str(core.id),
           "adjustment_id": "0", "adjustment_order_id": "0", "currency": shop.currency, "order_create_time": core.create_time}
    if delivered is not None:
        rec["order_delivery_time"] = delivered
    rec.update({"est_settlement_amount": m("settlement"), "est_revenue_amount": m("revenue"),
                "est_shipping_cost_amount": m("shipping_cost"), "est_fee_tax_amount": m("fee_tax"),
                "est_adjustment_amount": "0",
                "estimated_settlement": str(delivered + 8 * DAY) if delivered is not None else "8 days after delivery"})
    b = _breakdowns(m)
    rec.update(b)
    rec["unsettled_reason"] = ("Settlement is scheduled after the order's settlement period." if delivered is not None
                               else "The order has not been delivered yet.")
    return rec


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


BRAND_WORDS_A = ["Aurora", "Cedar", "Nova", "Harbor", "Summit", "Willow", "Atlas", "Ember", "Juniper", "Orchid", "Pioneer",
                 "Quartz", "Solace", "Tidal", "Velvet", "Zephyr"]
BRAND_WORDS_B = ["Home", "Labs", "Studio", "Goods", "Works", "& Co", "Living", "Outdoors"]


def brands(ds, shop: Shop) -> list[tuple[dict, frozenset]]:
    """(record, category ids the brand may be used in), ordered by id. The products' brands are AUTHORIZED."""
    rng = random.Random(derive_seed(ds.seed, "brands", shop.region))
    leaves = [c["id"] for c in categories() if c["is_leaf"]]
    out = [({"id": bid, "name": name, "authorized_status": "AUTHORIZED", "brand_status": "AVAILABLE", "is_t1_brand": k == 0},
            frozenset(leaves)) for k, (bid, name) in enumerate(BRANDS)]
    used = {b[0]["name"] for b in out}
    for a in BRAND_WORDS_A:
        for b in BRAND_WORDS_B:
            name = f"{a} {b}"
            if name in used or rng.random() < 0.1:
                continue
            bid = str(7_082_427_311_584_000_000 + rng.randrange(10**12))
            out.append(({"id": bid, "name": name,
                         "authorized_status": "AUTHORIZED" if rng.random() < 0.1 else "UNAUTHORIEZD",  # sic, as documented
                         "brand_status": "AVAILABLE" if rng.random() < 0.9 else "UNAVAILABLE",
                         "is_t1_brand": rng.random() < 0.15}, frozenset(rng.sample(leaves, 1 + rng.randrange(3)))))
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
        wh = [{"warehouse_id": inv["warehouse_id"], "available_quantity": inv["quantity"], "committed_quantity": c}
              for inv, c in zip(s["inventory"], committed)]
        available = sum(w["available_quantity"] for w in wh)
        skus.append({"id": s["id"], "seller_sku": s["seller_sku"], "total_available_quantity": available,
                     "total_committed_quantity": sum(committed),
                     "total_available_inventory_distribution": {"in_shop_inventory": {"quantity": available}},
                     "warehouse_inventory": wh})
    return {"product_id": str(pid), "skus": skus}
