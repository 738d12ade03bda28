"""Order-level settlement records: GET /finance/202501/orders/{order_id}/statement_transactions
(the order's statement transaction split per SKU) and GET /finance/202507/orders/unsettled
(estimates for paid orders not settled yet)."""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal

from ..constants import DAY
from ..cores import OrderCore
from ..money import ZERO, D, money, q
from ..shop import Shop
from .finance import breakdowns, order_amounts

SKU_SPLIT_KEYS = (
    "actual_shipping_fee",
    "customer_paid_shipping_fee",
    "platform_shipping_fee_discount",
    "referral_fee",
    "transaction_fee",
    "affiliate_commission",
    "platform_commission",
    "vat",
)


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


def order_transactions(ds, shop: Shop, oid: int) -> dict:
    """data of GET /finance/202501/orders/{order_id}/statement_transactions; empty until the order is settled."""
    core = shop.orders[oid]
    settled = shop.order_txns.get(oid)
    if settled is None:
        return {
            "order_id": str(oid),
            "order_create_time": core.create_time,
            "currency": shop.currency,
            "revenue_amount": "0",
            "shipping_cost_amount": "0",
            "fee_and_tax_amount": "0",
            "settlement_amount": "0",
            "total_count": 0,
            "sku_transactions": [],
        }
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
        row = {
            "sku_id": li["sku_id"],
            "sku_name": li["sku_name"],
            "product_name": li["product_name"],
            "quantity": str(g["qty"]),
            "statement_id": statement_id,
            "revenue_amount": m("revenue"),
        }
        b = breakdowns(m)
        row.update(
            {
                "revenue_breakdown": b["revenue_breakdown"],
                "shipping_cost_amount": m("shipping_cost"),
                "shipping_cost_breakdown": b["shipping_cost_breakdown"],
                "fee_tax_amount": m("fee_tax"),
                "fee_tax_breakdown": b["fee_tax_breakdown"],
                "settlement_amount": m("settlement"),
            }
        )
        rows.append(row)
    m = lambda k: money(shop, a.get(k, ZERO))  # noqa: E731
    return {
        "order_id": str(oid),
        "order_create_time": core.create_time,
        "currency": shop.currency,
        "revenue_amount": m("revenue"),
        "shipping_cost_amount": m("shipping_cost"),
        "fee_and_tax_amount": m("fee_tax"),
        "settlement_amount": m("settlement"),
        "total_count": len(rows),
        "sku_transactions": rows,
    }


def unsettled_amounts(ds, shop: Shop, core: OrderCore) -> dict:
    return order_amounts(shop, ds.order_record(shop, core.id), (core.seed >> 40) % 10 < 3)


def unsettled_record(ds, shop: Shop, core: OrderCore) -> dict:
    order = ds.order_record(shop, core.id)
    a = unsettled_amounts(ds, shop, core)
    m = lambda k: money(shop, a.get(k, ZERO))  # noqa: E731
    delivered = order.get("delivery_time")
    rec = {
        "id": str(core.id * 10 + 3),
        "type": "ORDER",
        "status": "UNSETTLED",
        "order_id": str(core.id),
        "adjustment_id": "0",
        "adjustment_order_id": "0",
        "currency": shop.currency,
        "order_create_time": core.create_time,
    }
    if delivered is not None:
        rec["order_delivery_time"] = delivered
    rec.update(
        {
            "est_settlement_amount": m("settlement"),
            "est_revenue_amount": m("revenue"),
            "est_shipping_cost_amount": m("shipping_cost"),
            "est_fee_tax_amount": m("fee_tax"),
            "est_adjustment_amount": "0",
            "estimated_settlement": str(delivered + 8 * DAY) if delivered is not None else "8 days after delivery",
        }
    )
    rec.update(breakdowns(m))
    rec["unsettled_reason"] = (
        "Settlement is scheduled after the order's settlement period." if delivered is not None else "The order has not been delivered yet."
    )
    return rec
